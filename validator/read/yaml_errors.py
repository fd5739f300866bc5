"""libyaml's syntax errors in a Marketo admin's words (MKL001).

The parser says "found character that cannot start any token" for a tab used as indentation
and "did not find expected key" for a line indented one space too little: true, and of no help
to someone who edits YAML twice a year. ``explain`` names the cause and the fix in one
sentence ("line 7 is indented with a tab; YAML needs spaces") and keeps the parser's words
after it, as a detail, for whoever searches the web for them. It also says where the problem
starts: an unclosed quote is reported at the quote that opens it, not at the end of the file.
"""

from __future__ import annotations


def _line(text: str, number: int) -> str:
    """Line ``number`` (1-based) of ``text``, without its line break ('' past the end)."""
    lines = text.split("\n")
    return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _as_before(problem: str, context: str | None) -> str:
    """A message this module has no words for: the parser's, as MKL001 always gave it."""
    return "%s (%s)" % (problem, context) if context else problem


def explain(exc, text: str):
    """``(message, help, mark)`` for a ``yaml.MarkedYAMLError``: the cause in one sentence, the
    fix followed by the parser's own words, and the mark (libyaml's) where the finding points."""
    problem, context = exc.problem or "invalid YAML", exc.context
    mark = exc.problem_mark or exc.context_mark
    detail = "%s %s" % (problem, context) if context else problem
    if mark is None:
        return _as_before(problem, context), None, None
    line_no = mark.line + 1
    line = _line(text, line_no)
    start = exc.context_mark
    cause = fix = None
    if problem in ("found character that cannot start any token", "found a tab character that violates indentation") \
            and line[mark.column:mark.column + 1] == "\t":
        if not line[:mark.column].strip():
            cause, fix = "line %d is indented with a tab; YAML needs spaces" % line_no, "indent it with spaces"
        else:
            cause, fix = "line %d has a tab where YAML allows only spaces" % line_no, "replace the tab with a space"
    elif problem == "found unexpected end of stream" and context == "while scanning a quoted scalar" and start:
        quote = _line(text, start.line + 1)[start.column:start.column + 1] or '"'
        cause = "the quote %s opened on line %d is never closed" % (quote, start.line + 1)
        fix = "add the closing %s at the end of the value" % quote
        mark = start
    elif problem == "could not find expected ':'" and start is not None:
        key_line = _line(text, start.line + 1).strip()
        cause = 'line %d has no ":" after its key ("%s")' % (start.line + 1, key_line[:40])
        fix = 'write "key: value", with a space after the colon'
        mark = start
    elif problem in ("did not find expected key", "did not find expected '-' indicator"):
        if line.lstrip(" ").startswith("- ") or line.strip() == "-":
            cause = 'line %d is a list item ("- ") where a mapping (key: value) was expected' % line_no
            fix = 'remove the "- ", or put the list under a key of its own'
        elif start is not None:
            what = "keys" if problem == "did not find expected key" else "list items"
            cause = "line %d is indented %d spaces, like none of the %s above it" % (line_no, _indent(line), what)
            fix = ("indent it as far as the %s it belongs with (those from line %d are indented %d)"
                   % (what, start.line + 1, start.column))
    elif problem == "mapping values are not allowed in this context":
        cause = 'line %d is indented more than the key above it, so its ":" cannot start a key' % line_no
        fix = 'line it up with the keys above, or quote a value that holds ": "'
    if cause is None:
        return _as_before(problem, context), None, mark
    return cause, "%s (the parser says: %s)" % (fix, detail), mark


__all__ = ["explain"]
