"""The one error a user can cause outside the files checked: a bad command line or path."""

from __future__ import annotations


class UsageError(Exception):
    """A bad command line or path: one line on stderr, exit status 2."""


__all__ = ["UsageError"]
