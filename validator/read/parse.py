"""A file's bytes to its text, documents and reading problems (``read``): the fast path's one
reader, for YAML (``yaml12.load_all``) and JSON (``jsonload``), whose findings (MKL001 syntax,
MKL002 duplicate keys, MKL003 key types, MKL004 values that are not documents) carry their
spans. Every file is read with a C-accelerated parser that keeps no positions; positions are
computed later, and only for files that have something to report (``positions.locate``)."""

from __future__ import annotations

import yaml

from mkto_lint import codes
from mkto_lint.findings import AT_VALUE, Target
from mkto_lint.project.source import Document, SourceFile, point
from mkto_lint.read import yaml12
from mkto_lint.read.decode import DecodeError, decode
from mkto_lint.read.jsonload import read_json
from mkto_lint.read.limits import DEFAULT_LIMITS, Limits


def read(source: SourceFile, raw: bytes | list[bytes], limits: Limits = DEFAULT_LIMITS) -> SourceFile:
    """Fill ``source`` from its bytes: text, documents and reading problems.

    ``raw`` is the bytes, or a list holding them, which is emptied so that the bytes are freed
    as soon as they are decoded (a large YAML file is then in memory once, as text). A JSON
    file's bytes are kept while it is parsed: its depth check reads them (a copy of the text as
    bytes would cost as much memory, and a large allocation more).
    """
    if isinstance(raw, list):
        raw = raw.pop()
    try:
        text = decode(raw)
        if source.format != "json":
            del raw
    except DecodeError as exc:
        source.is_definition = True  # we cannot tell; a .yaml/.json we cannot read is reported
        source.problem(codes.SYNTAX, str(exc), point(exc.line, exc.column))
        return source
    source.text = text
    source.has_directives = "mkto-lint:" in text
    # cheap pre-filter: no document of ours can lack the word, and a saved Marketo API answer
    # (an envelope with its requestId, a workspace list) is worth a word too
    api_answer = source.format == "json" and ('"requestId"' in text or '"globalViz"' in text)
    if "kind" not in text and "Kind" not in text and "KIND" not in text and not api_answer:
        return source
    if source.format == "json":
        streams = read_json(source, text, limits, raw)
        del raw
    else:
        streams = _read_yaml(source, text, limits)
    number = 0
    strays = []  # (stream, prefix, value) of what is neither a document nor empty
    for stream, data in enumerate(streams):
        items = data if isinstance(data, list) else [data]
        prefix_of = (lambda i: (i,)) if isinstance(data, list) else (lambda i: ())
        for i, item in enumerate(items):
            if isinstance(item, dict):
                source.documents.append(Document(source, stream, prefix_of(i), number, item))
                number += 1
            elif item is not None:
                strays.append((stream, prefix_of(i), item))
    if any(doc.kind is not None or "kind" in doc.data for doc in source.documents):
        source.is_definition = True
        _report_strays(source, strays, len(streams))
    elif source.problems:
        source.is_definition = True
    elif any(near_kind(doc.data) for doc in source.documents):
        source.is_definition = True
    elif api_answer and _report_api_answer(source, streams):
        source.is_definition = True
        source.documents = []  # said once for the file, not "document has no kind" for each record
    return source


def near_kind(data: dict) -> str | None:
    """A key that is "kind" but for case and spaces (``Kind``, ``KIND``, ``"kind "``), or None:
    a document with one is meant as a definition (the engine's MKL004 names the key)."""
    return next((k for k in data if isinstance(k, str) and k != "kind" and k.strip().lower() == "kind"), None)


def _report_api_answer(source: SourceFile, streams: list) -> bool:
    """One MKL004 for a saved Marketo REST answer (an envelope, a workspace list): it holds no
    definitions, and ``mkto-lint import`` is what turns it into some."""
    data = streams[0] if streams else None
    envelope = isinstance(data, dict) and "requestId" in data and ("result" in data or "errors" in data
                                                                     or "success" in data)
    workspaces = isinstance(data, list) and bool(data) and all(isinstance(d, dict) and "globalViz" in d for d in data)
    if not (envelope or workspaces):
        return False
    source.problem(codes.UNKNOWN_KIND, "this is a saved Marketo API answer, not a definition file: turn it into "
                   "definition files with `mkto-lint import %s --out DIR`" % source.display, point(1, 1))
    return True



_MAX_STRAYS = 100
_WHAT = ((bool, "true or false"), (int, "a number"), (float, "a number"), (str, "a string"), (list, "a list"))


def _report_strays(source, strays, streams):
    """MKL004 for each value of a definition file that is not a document (a mapping): a stray
    scalar or list next to documents would otherwise be skipped without a word."""
    shown = strays[:_MAX_STRAYS]
    for n, (stream, prefix, value) in enumerate(shown):
        what = next((name for cls, name in _WHAT if isinstance(value, cls)), "not a mapping")
        if prefix:
            message = "item %d of the list%s is %s, not a document (a mapping with a \"kind\")" % (
                prefix[0] + 1, " of YAML document %d" % (stream + 1) if streams > 1 else "", what)
        elif streams > 1:
            message = "YAML document %d is %s, not a mapping with a \"kind\"" % (stream + 1, what)
        else:
            message = "the file holds %s, not a mapping with a \"kind\"" % what
        if n == _MAX_STRAYS - 1 and len(strays) > _MAX_STRAYS:
            message += " (and %d more values of this file that are not documents)" % (len(strays) - _MAX_STRAYS)
        try:
            span = source.locator.span(Target(source, stream, prefix, AT_VALUE))
        except Exception:  # positions are a courtesy
            span = point(1, 1)
        source.problem(codes.UNKNOWN_KIND, message, span)


def _read_yaml(source, text, limits):
    stats = {}
    try:
        streams, problems = yaml12.load_all(text, limits.max_alias_nodes, limits.max_depth, stats)
    except yaml.MarkedYAMLError as exc:
        source.is_definition = True
        from mkto_lint.read.yaml_errors import explain  # only for a file that does not parse

        message, fix, mark = explain(exc, text)
        source.problem(codes.SYNTAX, message, source.mark_span(mark) if mark is not None else point(1, 1), help=fix)
        return []
    except yaml.YAMLError as exc:  # reader errors without a mark
        source.is_definition = True
        source.problem(codes.SYNTAX, str(exc).splitlines()[0], point(1, 1))
        return []
    except RecursionError:
        source.is_definition = True
        source.problem(codes.SYNTAX, "nesting is too deep to read", point(1, 1))
        return []
    finally:
        source.alias_nodes = stats.get("alias_nodes", 0)
    for kind, message, start, end in problems:
        code = codes.DUPLICATE_KEY if kind == "duplicate-key" else codes.SCHEMA
        source.problem(code, message, source.mark_span(start, end))
    return streams


__all__ = ["read", "near_kind", "Limits", "DEFAULT_LIMITS"]
