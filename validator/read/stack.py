"""Room on the Python stack for the parsers that recurse once per nesting level.

``json.loads`` (on Python 3.10 and 3.11) and the JSON position parser (``jsonpos``) recurse
for every level of nesting, so a document that ``max-depth`` allows (up to 900 levels) could
still hit Python's default recursion limit of 1,000, the more so when mkto-lint is called
from deep inside another program (a test runner, an editor). Inside ``room_for`` the limit is
raised just enough for the nesting the configuration allows, then restored.
"""

from __future__ import annotations

import sys

# frames per level of nesting: jsonpos spends two (value, then mapping or sequence)
_FRAMES_PER_LEVEL = 3


class room_for:
    """``with room_for(levels):`` lets code recurse ``levels`` levels below the caller."""

    __slots__ = ("levels", "old")

    def __init__(self, levels: int) -> None:
        self.levels = levels
        self.old = 0

    def __enter__(self) -> None:
        self.old = sys.getrecursionlimit()
        need = _depth() + _FRAMES_PER_LEVEL * self.levels + 100
        if need > self.old:
            sys.setrecursionlimit(need)

    def __exit__(self, *exc: object) -> None:
        sys.setrecursionlimit(self.old)


def _depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth
