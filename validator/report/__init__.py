"""Reporters: each turns a check Result into text. ``FORMATS`` maps a --format name to one."""

from __future__ import annotations

from . import json_report, text

FORMATS = {
    "text": text.render,
    "json": json_report.render,
}


def summary_line(result):
    return text.summary(result)
