"""Reporters: each turns a check Result into text. ``FORMATS`` maps a --format name to one."""

from __future__ import annotations

from . import github, gitlab, json_report, junit, sarif, text

FORMATS = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}


def summary_line(result):
    return text.summary(result)
