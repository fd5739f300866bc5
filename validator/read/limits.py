"""What a document may cost to read: the nesting and alias-expansion limits, their defaults
and hard ceiling (``max-depth`` and ``max-alias-nodes`` in the configuration), and the words
of the finding that a too-deep document gets."""

from __future__ import annotations

MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 200
# The largest nesting any configuration may ask for, below every parser's own limit so that
# mkto-lint's check always speaks first: libyaml 0.2.6 (PyYAML 6.0.4) refuses a 1,000th level
# (block and flow levels counted together), Python's default recursion limit of 1,000 stops
# ``json.loads``, and older libyaml's recursive C composer crashes the process at about 100,000.
HARD_MAX_DEPTH = 900


class Limits:
    """What a document may cost: alias expansion and nesting (configurable, see config.py)."""

    max_alias_nodes: int
    max_depth: int

    def __init__(self, max_alias_nodes: int = MAX_ALIAS_NODES, max_depth: int = MAX_DEPTH) -> None:
        self.max_alias_nodes = max_alias_nodes
        self.max_depth = max_depth


DEFAULT_LIMITS = Limits()


def too_deep(max_depth: int) -> str:
    """The message of a document nested deeper than ``max_depth`` levels."""
    return "nesting is deeper than %d levels (max-depth)" % max_depth


__all__ = ["Limits", "DEFAULT_LIMITS", "MAX_ALIAS_NODES", "MAX_DEPTH", "HARD_MAX_DEPTH", "too_deep"]
