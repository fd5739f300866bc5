"""What several reporters share: rule metadata, stable fingerprints, paths as URIs.

Every report names files the way the text report does (``SourceFile.display``: relative to
the working directory, which in CI is the repository's root); fingerprints use the path
relative to the project root (``SourceFile.rel``), so that they do not depend on where
mkto-lint was started.
"""

from __future__ import annotations

import re

from mkto_lint.findings import Span

_SECTION = re.compile(r"^##\s+(.*?)\s*$", re.M)
_FILE_LINE = re.compile(r"(\.(?:ya?ml|json)):\d+(?::\d+)?", re.I)


def rules_by_code():
    """``{code: rule}`` for every registered rule."""
    from mkto_lint.ruleset.registry import all_rules

    return {r.code: r for r in all_rules()}


def doc_section(documentation, title):
    """The text of a ``## title`` section of a rule's documentation, as one paragraph-per-line
    plain text (code blocks dropped), or ``""`` when there is none."""
    parts = _SECTION.split(documentation or "")
    # parts = [before, title1, body1, title2, body2, ...]
    for i in range(1, len(parts) - 1, 2):
        if parts[i].strip().lower() == title.lower():
            body = re.sub(r"```.*?```", "", parts[i + 1], flags=re.S)
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body)]
            return "\n\n".join(p for p in paragraphs if p)
    return ""


def span_of(item):
    """The span of a reported finding (``Finding.span``) or of a related location's target
    (``Target.span``), both filled in by the engine; line 1 when it is unknown."""
    span = getattr(item, "span", None)
    if span is None and hasattr(item, "target"):
        span = item.target.span
    return span or Span(1, 1, 1, 1)


def _identity(doc):
    """A document's identity that does not depend on its place in the file: its kind and its
    name, path or program/name."""
    data = doc.data
    kind = data.get("kind")
    if kind == "SmartCampaign":
        key = "%s/%s" % (data.get("program"), data.get("name"))
    elif kind == "Folder":
        key = str(data.get("path"))
    else:
        key = str(data.get("name"))
    if key in ("None", "None/None"):
        key = "#%s" % data.get("id", doc.number)
    return "%s:%s" % (kind, key)


def _where(target, docs_of):
    """The finding's place without lines: document identity and the path inside it; None for
    targets with a span of their own (reading problems), which have no document path."""
    if target.span is not None:
        return None
    file = target.file
    docs = docs_of.get(id(file))
    if docs is None:
        docs = {}
        for doc in getattr(file, "documents", ()):
            docs.setdefault((doc.stream, tuple(doc.prefix)), doc)
        docs_of[id(file)] = docs
    path = tuple(target.path)
    doc = docs.get((target.stream, path[:1])) if path and isinstance(path[0], int) else None
    if doc is None:
        doc = docs.get((target.stream, ()))
    if doc is None:
        return None
    inner = "/".join(str(p) for p in path[len(doc.prefix):])
    return "%s|%s|%s" % (_identity(doc), inner, target.at)


def fingerprints(findings, unique=True):
    """One stable fingerprint per finding, in the order given.

    A hash of the code, the file (relative to the root), the identity of the finding's
    document (kind and name, not its place in the file), the path inside that document and the
    message; NOT of the line or column, so that it survives lines inserted above the finding
    and documents reordered in their file. A message that points at another place by line
    ("first defined at a.yaml:4") is hashed without that line number. Findings that would share
    a fingerprint (the same problem twice in one place, such as a key duplicated twice with
    the same message) are told apart by their rank among those twins, in report order: a report
    never holds a fingerprint twice (GitLab shows only the first issue of a fingerprint).
    With ``unique=False`` twins share their fingerprint (baselines count them instead).
    Linear in the number of findings.
    """
    seen = {}
    docs_of = {}
    out = []
    for f in findings:
        target = f.target
        where = _where(target, docs_of)
        key = "\0".join((
            f.code,
            getattr(target.file, "rel", "") or "",
            where if where is not None else "",
            _FILE_LINE.sub(r"\1", f.message),
        ))
        if unique:
            n = seen.get(key, 0)
            seen[key] = n + 1
            if n:
                key = "%s\0%d" % (key, n)
        out.append(_sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32])
    return out


def is_relative(display):
    return not (display.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", display))


def uri(display):
    """A file's path as a URI reference: percent-encoded and relative when the file is below
    the working directory, else an absolute ``file:`` URI."""
    if is_relative(display):
        return _quote(display.replace("\\", "/"), safe="/")
    path = display.replace("\\", "/")
    if not path.startswith("/"):
        path = "/" + path  # a Windows drive: file:///C:/...
    return "file://" + _quote(path, safe="/:")




def _sha256(data):
    import hashlib  # imported when a report needs fingerprints, not by every run

    return hashlib.sha256(data)


def _quote(text, safe):
    from urllib.parse import quote

    return quote(text, safe=safe)
