"""Inline and document-level suppressions, and the findings of those that suppress nothing.

- YAML comment ``# mkto-lint: ignore[EXE002] reason`` at the end of the finding's line, or alone
  on the line(s) right above it (stacked suppression comments all apply to the next line that
  is not a comment);
- YAML comment ``# mkto-lint: ignore-file[EXE002,EXE011] reason`` anywhere in the file;
- in YAML and JSON alike, a document-level ``x-mkto-lint: {ignore: [EXE002, ...]}``, which
  covers every finding inside that document.

Codes may be codes, code prefixes or rule names, as on the command line. A suppression (or one
code of it) that suppresses nothing is reported as MKL007, so stale ones get cleaned up; it is
judged only for rules that ran, so ``--select`` does not make every other suppression "unused".
Only files that have findings or hold "mkto-lint:" are looked at.
"""

from __future__ import annotations

import re

from mkto_lint import codes
from mkto_lint.ruleset import registry
from mkto_lint.findings import AT_VALUE, Finding, Span, Target

DIRECTIVE = re.compile(r"(?:^|\s)#\s*mkto-lint:\s*(?P<verb>ignore-file|ignore)\s*(?:\[(?P<codes>[^\]]*)\])?(?P<rest>.*)$")
DOC_KEY = "x-mkto-lint"


class Suppression:
    __slots__ = ("selector", "scope", "line", "doc", "target", "used")

    def __init__(self, selector, scope, target, line=None, doc=None):
        self.selector = selector
        self.scope = scope  # "line" | "file" | "document"
        self.target = target  # where MKL007 points
        self.line = line  # the line it covers ("line" scope)
        self.doc = doc  # the Document it covers ("document" scope)
        self.used = False


def _comment_suppressions(sf, malformed):
    out = []
    if sf.format != "yaml" or not sf.has_directives:
        return out
    lines = sf.lines()  # split as line numbers are counted (not at U+2028, \f...)
    scalars = None  # where strings are, found only when a line holds a directive
    pending = []  # suppressions written alone on a line: they cover the next code line
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        match = DIRECTIVE.search(text) if "mkto-lint:" in text else None
        if match:
            if scalars is None:
                scalars = _scalar_spans(sf)
            if _inside(scalars, number, text.index("#", match.start()) + 1):
                match = None  # a line of a | block or quoted text that looks like a comment: data
        alone = stripped.startswith("#") and not (scalars and _inside(scalars, number, text.index("#") + 1))
        if match:
            raw_codes = match.group("codes")
            start = match.start("codes") if raw_codes is not None else match.start("verb")
            if raw_codes is None or not raw_codes.strip():
                span = Span(number, match.start("verb") + 1, number, match.end("verb") + 1)
                malformed.append((sf, span, "suppression names no rule: write %s[CODE, ...]" % match.group("verb")))
            else:
                offset = start
                for part in raw_codes.split(","):
                    sel = part.strip()
                    col = offset + len(part) - len(part.lstrip()) + 1
                    offset += len(part) + 1
                    if not sel:
                        continue
                    span = Span(number, col, number, col + len(sel))
                    target = Target(sf, span=span)
                    if not registry.known_selector(sel):
                        malformed.append((sf, span, "suppression names no rule: %r" % sel))
                        continue
                    if match.group("verb") == "ignore-file":
                        out.append(Suppression(sel, "file", target))
                    elif alone:
                        pending.append(Suppression(sel, "line", target))
                    else:
                        out.append(Suppression(sel, "line", target, line=number))
        if alone or not stripped:
            continue
        for sup in pending:
            sup.line = number
            out.append(sup)
        pending = []
    for sup in pending:  # a trailing suppression comment with no line below it
        sup.line = -1
        out.append(sup)
    return out


def _scalar_spans(sf):
    """(start, end), as the file's own 1-based (line, column), of every scalar of the YAML
    file: a ``#`` between them is a character of a value, not a comment. libyaml's scanner says
    where scalars start and end (by character offset: its own line count also breaks at
    U+2028); a file it cannot scan to the end keeps the spans found so far."""
    import yaml

    from mkto_lint.read.yaml12 import Loader12

    spans = []
    loader = Loader12(sf.text)
    try:
        while True:
            token = loader.get_token()
            if token is None:
                break
            if token.__class__ is yaml.ScalarToken:
                spans.append((sf.line_col(token.start_mark.index), sf.line_col(token.end_mark.index)))
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return spans


def _inside(spans, line, column):
    """Whether (line, column) lies in one of ``spans`` (in file order, not overlapping):
    a binary search, so that many directives among many strings cost no more than reading."""
    from bisect import bisect_right

    here = (line, column)
    i = bisect_right(spans, (here, (1 << 62, 0))) - 1
    return i >= 0 and spans[i][0] <= here < spans[i][1]


def _document_suppressions(sf, malformed):
    out = []
    for doc in sf.documents:
        spec = doc.data.get(DOC_KEY)
        if spec is None:
            continue
        items = spec.get("ignore") if isinstance(spec, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            malformed.append((doc, (DOC_KEY,), "%s must be a mapping {ignore: [CODE, ...]}" % DOC_KEY))
            continue
        for k, sel in enumerate(items):
            target = doc.target((DOC_KEY, "ignore", k), AT_VALUE)
            if not registry.known_selector(sel):
                malformed.append((doc, (DOC_KEY, "ignore", k), "suppression names no rule: %r" % sel))
                continue
            out.append(Suppression(sel, "document", target, doc=doc))
    return out


def _in_document(finding, doc):
    t = finding.target
    return t.file is doc.file and t.stream == doc.stream and tuple(t.path[:len(doc.prefix)]) == doc.prefix and (
        t.span is None or doc.prefix == ())


def _documents_of(finding):
    """The (stream, prefix) keys of the documents that may hold ``finding``: the whole YAML
    document, or the item of a top-level list its path starts with."""
    t = finding.target
    yield (t.stream, ())
    if t.path and isinstance(t.path[0], int):
        yield (t.stream, (t.path[0],))


def apply(findings, files, enabled, report_unused):
    """Drop suppressed findings; add MKL007 for suppressions that suppressed nothing."""
    by_file = {}
    for f in findings:
        by_file.setdefault(f.target.file, []).append(f)
    candidates = {sf for sf in files if sf.checked and (sf.has_directives or any(
        DOC_KEY in d.data for d in sf.documents))}
    candidates.update(by_file)
    kept, extra = [], []
    for sf in sorted(candidates, key=lambda s: s.display):
        malformed = []
        sups = _comment_suppressions(sf, malformed) + _document_suppressions(sf, malformed)
        # by where they apply, so that a finding meets only the suppressions of its line, its
        # document and its file (16,000 suppressed findings: each suppression is not tried on
        # every finding)
        whole_file, by_line, by_doc = [], {}, {}
        for sup in sups:
            if sup.scope == "file":
                whole_file.append(sup)
            elif sup.scope == "line":
                by_line.setdefault(sup.line, []).append(sup)
            else:
                by_doc.setdefault((sup.doc.stream, sup.doc.prefix), []).append(sup)
        for f in by_file.get(sf, ()):
            hit = False
            near = whole_file + by_line.get(f.span.line, [])
            if by_doc:
                near += [sup for key in _documents_of(f) for sup in by_doc.get(key, ()) if _in_document(f, sup.doc)]
            for sup in near:
                if registry.matches(f.code, f.name, sup.selector):
                    sup.used = True
                    hit = True
            if not hit:
                kept.append(f)
        if not (report_unused and sf.checked):
            continue
        for sup in sups:
            if not sup.used and any(registry.matches(c, n, sup.selector) for c, n in enabled):
                extra.append(_unused(sup.target, "suppression of %s suppresses nothing: remove it" % sup.selector))
        for where, place, message in malformed:
            target = Target(where, span=place) if isinstance(place, Span) else where.target(place)
            extra.append(_unused(target, message))
    return kept, extra


def _unused(target, message):
    return Finding(codes.UNUSED_SUPPRESSION, codes.NAMES[codes.UNUSED_SUPPRESSION], "warning", message, target)
