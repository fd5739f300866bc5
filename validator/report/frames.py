"""Code frames: the source lines of a finding with its span underlined (ruff's ``full`` output).

```
webinar/attended.yaml:14:17: EXE007 [error] Execute Campaign calls "X", which is not executable
   |
12 |   - action: Execute Campaign
13 |     attributes:
14 |       campaign: X
   |                 ^ EXE007
   |
  ::: scoring/x.yaml:6:15
   |
 6 | isExecutable: false
   |               ----- "X" is not executable
   |
   = help: tick Executable on "X"
```

A frame shows the user's own lines, so what the text report promises holds here too: control
characters are escaped (``visible``), tabs are expanded to the next stop of 4, and columns are
counted in terminal cells (a CJK character takes two, a combining mark none), so that the
carets stand under the characters they mean. A line wider than ``MAX_WIDTH`` cells is clipped
around the span (``...`` marks each cut); every line of a frame is clipped alike, so that they
stay aligned.
"""

from __future__ import annotations

import unicodedata

from .visible import visible

CONTEXT = 2  # lines shown before and after a span, as ruff does
MAX_WIDTH = 100  # cells of source text shown per line; fixed, so that reports do not depend on the terminal
LONG_LINE = 8 * MAX_WIDTH  # longer lines are cut around the span before anything else is done
MAX_SPAN_LINES = 6  # a longer multi-line span shows its first and last lines around a "..."
TAB = 4
CUT = "..."
BLUE, BOLD, RESET = "\x1b[34m", "\x1b[1m", "\x1b[0m"
SEVERITY_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}


def _cells(ch: str) -> int:
    """How many terminal cells ``ch`` takes (tabs and controls are handled by the caller)."""
    if ch < "\u0300":  # ASCII and Latin: the common case, without a Unicode look-up
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _pieces(line: str) -> list[tuple[int, str]]:
    """``(cell, shown)`` for each character of ``line``: the cell it starts at and how it is
    shown (a tab as spaces to the next stop, a control character as its escape)."""
    out = []
    cell = 0
    for ch in line:
        if ch == "\t":
            shown = " " * (TAB - cell % TAB)
        elif ch.isprintable():
            shown = ch
        else:
            shown = visible(ch)
        out.append((cell, shown))
        cell += len(shown) if shown != ch else _cells(ch)
    out.append((cell, ""))  # the end of the line: where a span past its last character points
    return out


def _width(pieces: list[tuple[int, str]]) -> int:
    return pieces[-1][0]


class _Line:
    """One shown line: its number and its characters' cells. A line of printable ASCII (the
    common case) is one cell a character: it is sliced, never split into pieces."""

    __slots__ = ("number", "text", "pieces", "width")

    def __init__(self, number: int, text: str) -> None:
        self.number = number
        simple = text.isascii() and text.isprintable()
        self.text = text if simple else None
        self.pieces = None if simple else _pieces(text)
        self.width = len(text) if simple else _width(self.pieces)

    def cell(self, column: int) -> int:
        """The cell where the 1-based character ``column`` starts (the line's end past it)."""
        if self.text is not None:
            return min(max(column - 1, 0), self.width)
        index = min(max(column - 1, 0), len(self.pieces) - 1)
        return self.pieces[index][0]

    def plain(self) -> str:
        """The whole line as shown."""
        return self.text if self.text is not None else "".join(s for _c, s in self.pieces)

    def shown(self, left: int, right: int) -> str:
        """The text between cells ``left`` and ``right``, with ``...`` where it was cut."""
        width = self.width
        if left == 0 and width <= right:
            return self.plain()
        if self.text is not None:
            head = (CUT if width else " " * len(CUT)) if left else ""  # "..." where characters were cut
            return head + self.text[left:right] + (CUT if width > right else "")
        kept, cut_before = [], False
        for (cell, shown), (end, _next) in zip(self.pieces, self.pieces[1:]):
            if cell < left:
                cut_before = cut_before or bool(shown)
            elif end <= right:
                kept.append(shown)
        head = (CUT if cut_before else " " * len(CUT)) if left else ""
        return head + "".join(kept) + (CUT if width > right else "")


def _window(lines: list[_Line], start: int, end: int) -> tuple[int, int]:
    """The cells ``[left, right)`` shown: everything when it fits, else ``MAX_WIDTH`` cells
    around the span's cells ``start..end`` (its start kept in view when the span is wider)."""
    widest = max(line.width for line in lines)
    if widest <= MAX_WIDTH:
        return 0, widest
    span = min(max(end - start, 1), MAX_WIDTH)
    left = max(0, start - (MAX_WIDTH - span) // 2)
    left = min(left, max(0, widest - MAX_WIDTH))
    return left, left + MAX_WIDTH


class Frame:
    """The frame of one span of one file: ``render(label, mark, color)`` gives its lines."""

    def __init__(self, lines: list[str], span, severity: str = "error", context: int = CONTEXT) -> None:
        self.severity = severity
        last = max(len(lines), 1)
        self.first = min(max(span.line, 1), last)
        end_line, end_column = span.end_line, span.end_column
        if end_line > span.line and end_column <= 1:  # ends at a line's start: the line before is the last
            end_line -= 1
            end_column = len(lines[end_line - 1]) + 1 if end_line - 1 < len(lines) else 1
        self.last = min(max(end_line, self.first), last)
        if self.last == self.first and end_line != span.line:
            end_column = len(lines[self.first - 1]) + 1 if lines else 1
        self.column, self.end_column = span.column, end_column
        top = max(1, self.first - context)
        bottom = min(len(lines), self.last + context)
        numbers = list(range(top, bottom + 1)) or [self.first]
        if self.last - self.first + 1 > MAX_SPAN_LINES:  # the span's first and last lines only
            keep = MAX_SPAN_LINES // 2
            numbers = [n for n in numbers if n < self.first + keep or n > self.last - keep]
        texts = [lines[n - 1] if n - 1 < len(lines) else "" for n in numbers]
        if max(map(len, texts)) > LONG_LINE:  # a 45 MB one-line JSON file: only its span's part is looked at
            texts = self._around_the_span(texts)
        self.lines = [_Line(n, text) for n, text in zip(numbers, texts)]
        while len(self.lines) > 1 and self._blank(self.lines[0]):  # no empty context at the edges
            self.lines.pop(0)
        while len(self.lines) > 1 and self._blank(self.lines[-1]):
            self.lines.pop()

    def _blank(self, line: _Line) -> bool:
        outside = line.number < self.first or line.number > self.last
        return outside and not line.plain().strip()

    def _around_the_span(self, texts: list[str]) -> list[str]:
        """Every line cut to the same characters around the span's start (``...`` for what is
        cut), the span's columns moved with them: no cost grows with a line's length."""
        lo = max(0, self.column - 1 - 3 * MAX_WIDTH)
        hi = lo + 6 * MAX_WIDTH + (min(self.end_column - self.column, MAX_WIDTH) if self.first == self.last else 0)
        shift = lo - (len(CUT) if lo else 0)
        self.column -= shift
        self.end_column = max(min(self.end_column - shift, hi - shift + 1), self.column)
        head = lambda text: (CUT if text[:lo] else " " * len(CUT)) if lo else ""  # noqa: E731
        return [head(text) + text[lo:hi] + (CUT if len(text) > hi else "") for text in texts]

    @property
    def gutter(self) -> int:
        """The width of the line numbers' column."""
        return len(str(self.lines[-1].number))

    def _by_number(self, number: int) -> _Line:
        return next(line for line in self.lines if line.number == number)

    def render(self, label: str, mark: str = "^", color: bool = False, gutter: int = 0) -> list[str]:
        """The frame's lines, ``label`` after the underline (``mark`` drawn), the line numbers'
        column ``gutter`` wide at least (one width for the frames of a finding)."""
        gutter = max(gutter, self.gutter)
        first, last = self._by_number(self.first), self._by_number(self.last)
        start = first.cell(self.column)
        if self.first == self.last:
            end = max(first.cell(self.end_column), start + 1)
        else:
            end = start + 1
        left, right = _window(self.lines, start, end)
        multi = self.first != self.last
        paint = _Paint(color, self.severity if mark == "^" else None)
        bar = paint.gutter(" " * gutter + " |")
        out = [bar]
        prev = None
        for line in self.lines:
            if prev is not None and line.number > prev + 1:  # the middle of a long span, left out
                out.append(paint.gutter(" " * gutter + " |") + " " + paint.mark("|") + " " + CUT)
            prev = line.number
            inside = multi and self.first < line.number <= self.last
            lead = (paint.mark("|") + " " if inside else "  ") if multi else ""
            text = line.shown(left, right)
            out.append((paint.gutter("%*d |" % (gutter, line.number)) + " " + lead + text).rstrip())
            offset = len(CUT) if left else 0
            if not multi and line.number == self.first:
                a, b = max(start, left) - left + offset, min(end, right) - left + offset
                out.append(bar + " " + " " * a + paint.mark(mark * max(b - a, 1) + (" " + label if label else "")))
            elif multi and line.number == self.first:
                a = max(start, left) - left + offset
                out.append(bar + " " + paint.mark(" " + "_" * (a + 1) + "^"))
            elif multi and line.number == self.last:
                b = min(max(last.cell(self.end_column) - 1, 0), right - 1)
                b = max(b, left) - left + offset
                out.append(bar + " " + paint.mark("|" + "_" * (b + 1) + "^" + (" " + label if label else "")))
        out.append(bar)
        return out


class _Paint:
    """ANSI colours for a frame, only when asked (a terminal, and NO_COLOR unset)."""

    def __init__(self, color: bool, severity: str | None) -> None:
        self.color = color
        self.mark_color = SEVERITY_COLORS.get(severity, BLUE) if severity else BLUE

    def gutter(self, text: str) -> str:
        return "%s%s%s%s" % (BOLD, BLUE, text, RESET) if self.color else text

    def mark(self, text: str) -> str:
        return "%s%s%s%s" % (BOLD, self.mark_color, text, RESET) if self.color else text


class FrameWriter:
    """The frames of a report's findings; each file's lines are split once."""

    def __init__(self, color: bool = False) -> None:
        self.color = color
        self._lines = {}

    def lines(self, file) -> list[str]:
        key = id(file)
        if key not in self._lines:
            self._lines[key] = (file, file.lines())  # the file is kept so that its id stays its own
        return self._lines[key][1]

    def finding(self, finding) -> list[str]:
        """The frame of ``finding``, then one per related location, then its help line."""
        frames = []
        if finding.span is not None:
            frames.append((Frame(self.lines(finding.target.file), finding.span, finding.severity),
                           finding.code, "^", None))
        for rel in finding.related:
            span = rel.target.span
            if span is not None:  # the other end: its line only, underlined with "-"
                where = "%s:%d:%d" % (visible(rel.target.file.display), span.line, span.column)
                frames.append((Frame(self.lines(rel.target.file), span, context=0), visible(rel.message), "-", where))
        gutter = max((frame.gutter for frame, *_rest in frames), default=1)
        out = []
        for frame, label, mark, where in frames:
            if where is not None:
                out.append("%s::: %s" % (" " * gutter, where))
            out.extend(frame.render(label, mark, self.color, gutter))
        help_text = getattr(finding, "help", None)
        if help_text:
            out.append("%s= help: %s" % (" " * (gutter + 1), visible(help_text)))
        repair = getattr(finding, "fix", None)
        if repair is not None and repair.edits and (repair.applies or not repair.safe):  # ruff's "help: Remove ..."
            how = "--fix" if repair.applies else "--unsafe-fixes"
            out.append("%s= fix: %s (%s)" % (" " * (gutter + 1), visible(repair.message), how))
        return out


__all__ = ["Frame", "FrameWriter", "MAX_WIDTH", "CONTEXT"]
