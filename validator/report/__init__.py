"""Reporters: each turns a check Result into text. ``FORMATS`` maps a --format name to the
reporter's ``render(result, color=False, quiet=False) -> str``; a reporter module is imported
only when its format is used (start-up time counts when one file is checked)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

_MODULES = {  # a format's module, and its function when it is not ``render``
    "text": "text",
    "full": "text:render_full",
    "concise": "text:render_concise",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "markdown": "markdown",
}


class _Formats(Mapping):
    def __getitem__(self, name):
        module, _, function = _MODULES[name].partition(":")
        return getattr(importlib.import_module("%s.%s" % (__name__, module)), function or "render")

    def __iter__(self):
        return iter(_MODULES)

    def __len__(self):
        return len(_MODULES)


FORMATS = _Formats()


def output_format(given, configured):
    """The report's format: the command line's, else the configuration's, else ``full``; ``text``
    (the spelling of earlier versions) is the configuration's text style."""
    chosen = given or configured or "full"
    if chosen == "text":
        return configured if configured in ("full", "concise") else "full"
    return chosen


def summary_line(result):
    from . import text

    return text.summary(result)
