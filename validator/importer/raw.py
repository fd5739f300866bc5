"""Saved API responses: read a file, take the JSON out of it, and tell what each item is.

Users save responses under names of their own, so a file is recognised by its content: a REST
envelope (``success``, ``result``), a bare list (User Management answers, some MCP tools), or
Markdown with a fenced ```json block (Adobe's MCP tools). Each item of a result is then told by
its keys (Marketo's record shapes): a folder has ``folderId``, a program ``channel``, a token
result ``folder`` and ``tokens``, a campaign ``smartListId`` and ``flowId``, a smart list
``rules`` (or a ``#SL`` url), a workspace ``globalViz``. A page that reports an error
(``success: false``) or an identity (OAuth) answer is refused with its code, never read as an
empty instance; the "No assets found" warning page is an empty page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkto_lint.record import Record

NO_ASSETS = "No assets found"
_FENCE = re.compile(r"^[ \t]*```[ \t]*(?:json)?[ \t]*\r?\n(.*?)^[ \t]*```", re.M | re.S)
KINDS = ("workspace", "folder", "program", "tokens", "campaign", "smart list")


class RawError(Exception):
    """A saved response that cannot be imported: one line, naming the file."""


class Item(Record):
    """One record of a saved response: what it is, its data, and where it came from."""

    __slots__ = ("kind", "data", "file", "number")


def items_of(path: Path, text: str, display: str) -> tuple[list[Item], list[str]]:
    """(the records of the file, warnings). Raises RawError for a file that is an error page,
    an identity answer, or holds no JSON."""
    warnings: list[str] = []
    payloads = _payloads(text, display)
    out: list[Item] = []
    for payload in payloads:
        for number, record in enumerate(_records(payload, display)):
            kind = kind_of(record)
            if kind is None:
                keys = ", ".join(sorted(record)[:6]) if isinstance(record, dict) else type(record).__name__
                warnings.append("%s: item %d is not a Marketo record this importer knows (keys: %s): skipped"
                                % (display, number + 1, keys))
                continue
            out.append(Item(kind, record, display, number))
    return out, warnings


def _payloads(text: str, display: str) -> list:
    try:
        return [json.loads(text)]
    except ValueError:
        pass
    blocks = _FENCE.findall(text)
    if not blocks:
        raise RawError("%s: neither JSON nor Markdown with a ```json block: not a saved Marketo response" % display)
    payloads = []
    for n, block in enumerate(blocks, 1):
        try:
            payloads.append(json.loads(block))
        except ValueError as exc:
            raise RawError("%s: the ```json block %d is not valid JSON (%s)" % (display, n, exc)) from None
    return payloads


def _records(payload, display: str) -> list:
    if isinstance(payload, list):  # User Management answers and some MCP tools: a bare list
        return payload
    if not isinstance(payload, dict):
        raise RawError("%s: holds %s, not a Marketo response" % (display, type(payload).__name__))
    if "access_token" in payload or payload.keys() & {"error", "error_description"}:
        # never quote it: the file holds a credential
        raise RawError("%s: an identity (OAuth token) answer, not an export: delete it" % display)
    if "success" in payload:
        if payload.get("success") is not True:
            raise RawError("%s: Marketo refused this request: %s (pull it again)" % (display, describe_errors(payload)))
        result = payload.get("result")
        if result is None:
            warnings = payload.get("warnings") or []
            if any(NO_ASSETS in str(w) for w in warnings) or not warnings:
                return []  # the "No assets found" page: an empty page
            raise RawError("%s: a successful answer without a result (%s)" % (display, "; ".join(map(str, warnings))))
        if not isinstance(result, list):
            raise RawError("%s: its result is %s, not a list" % (display, type(result).__name__))
        return result
    if kind_of(payload) is not None:  # an MCP tool that returns one record
        return [payload]
    raise RawError("%s: a JSON object that is not a Marketo response (no success/result)" % display)


def describe_errors(payload: dict) -> str:
    """``606 Max rate limit ...; 601 Access token invalid`` from an envelope's errors."""
    errors = payload.get("errors") or []
    parts = []
    for err in errors if isinstance(errors, list) else [errors]:
        if isinstance(err, dict):
            parts.append(("%s %s" % (err.get("code", "?"), err.get("message", ""))).strip())
        else:
            parts.append(str(err))
    return "; ".join(parts) or "success is false and no error is given"


def kind_of(record) -> str | None:
    """What a record is, by its keys (Marketo's documented record shapes), or None."""
    if not isinstance(record, dict):
        return None
    keys = record.keys()
    if "globalViz" in keys or ("currencyInfo" in keys and "name" in keys):
        return "workspace"
    if "tokens" in keys and "folder" in keys:
        return "tokens"
    if "smartListId" in keys or "flowId" in keys or ("flow" in keys and "isRequestable" in keys):
        return "campaign"
    if "rules" in keys or "#SL" in str(record.get("url") or ""):
        return "smart list"
    if "folderId" in keys or "folderType" in keys:
        return "folder"
    if "channel" in keys:
        return "program"
    return None


__all__ = ["items_of", "kind_of", "describe_errors", "Item", "RawError", "KINDS"]
