"""``python -m mkto_lint``."""

from .cli import entry

entry()
