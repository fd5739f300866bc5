"""mkto-lint: a static validator and linter for Marketo Engage smart-campaign definitions.

The Python API (see ``mkto_lint.api``)::

    import mkto_lint
    result = mkto_lint.check(["marketo/"], root="marketo")
    result.summary        # {"errors": 0, "warnings": 0, "infos": 0, "files": 17}
    trace = mkto_lint.resolve("OP-Webinar 2026.Attended - Score", root="marketo")

Importing the package imports nothing else: the command line's start-up time counts.
"""

from __future__ import annotations

__version__ = "0.1.0"


def check(paths=".", root=None, config=None):
    """Check ``paths``; returns a ``Result`` (see ``mkto_lint.api.check``)."""
    from mkto_lint import api

    return api.check(paths, root, config)


def resolve(campaign, root=None, config=None, **run):
    """Dry-run ``campaign``; returns a ``Trace`` (see ``mkto_lint.api.resolve``)."""
    from mkto_lint import api

    return api.resolve(campaign, root, config, **run)


__all__ = ["check", "resolve", "__version__"]
