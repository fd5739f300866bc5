"""``python -m mkto_lint``."""

from mkto_lint.cli.main import entry

entry()
