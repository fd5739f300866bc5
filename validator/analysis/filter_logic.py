"""Advanced smart-list filter logic: a small parser and a three-valued evaluator.

Marketo's advanced filter logic ("Using Advanced Smart List Rule Logic") is an expression over
the 1-based positions of a smart list's filters::

    1 and (2 or 3)
    not 4 and (1 or 2 or 3)

Grammar (keywords are case-insensitive, whitespace is free)::

    expression := operand (("and" | "or") operand)*     -- one kind of operator per level
    operand    := "not" operand | "(" expression ")" | NUMBER

Marketo gives ``and`` and ``or`` no precedence over each other: ``1 and 2 or 3`` is rejected,
and the user must write ``(1 and 2) or 3`` or ``1 and (2 or 3)``. :func:`parse` rejects the same
things Marketo underlines red: syntax errors, filter numbers out of range, ``and``/``or`` mixed
at one level without parentheses, and an empty expression. Every error carries the 1-based
column inside the expression text (as written, leading spaces included); syntax errors also
name it in the message (``unexpected ")" at column 9``), while a number out of range and a
mixed level are named by their text (``filter 5 does not exist: the smart list has 4
filters``, ``"1 and 2 or 3" mixes and/or without parentheses``).

:func:`evaluate` computes an expression with Kleene's three-valued logic (``None`` = unknown),
which the dry-run evaluator uses for person qualification; :func:`kleene_and` and
:func:`kleene_or` are that logic on their own (the evaluator's ``all`` / ``any`` match types use
them too); :func:`numbers` gives the filter numbers an expression uses.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Union

from mkto_lint.record import FrozenRecord


class FilterLogicError(ValueError):
    """An invalid filter-logic expression: ``message`` says what and where, ``column`` is 1-based."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column


class Num(FrozenRecord):
    __slots__ = ("number", "column")


class Not(FrozenRecord):
    __slots__ = ("operand",)  # a node


class And(FrozenRecord):
    __slots__ = ("operands",)  # a tuple of nodes


class Or(FrozenRecord):
    __slots__ = ("operands",)


Node = Union[Num, Not, And, Or]  # a parsed expression
KEYWORDS = ("and", "or", "not")


class _Token(FrozenRecord):
    # kind: "num" | "and" | "or" | "not" | "(" | ")" | "end"; column 1-based; end: the 0-based
    # offset just past the token
    __slots__ = ("kind", "text", "column", "end")


def _tokens(text):
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        start = i
        if ch in "()":
            out.append(_Token(ch, ch, start + 1, start + 1))
            i += 1
        elif "0" <= ch <= "9":
            while i < n and "0" <= text[i] <= "9":
                i += 1
            out.append(_Token("num", text[start:i], start + 1, i))
        elif ch.isalpha():
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
            word = text[start:i]
            low = word.lower()
            if low not in KEYWORDS:
                raise FilterLogicError('unknown word "%s" at column %d (use and, or, not)' % (word, start + 1), start + 1)
            out.append(_Token(low, word, start + 1, i))
        else:
            raise FilterLogicError('unexpected "%s" at column %d' % (ch, start + 1), start + 1)
    out.append(_Token("end", "", n + 1, n))
    return out


class _Parser:
    def __init__(self, text, n_filters):
        self.text = text
        self.n_filters = n_filters
        self.toks = _tokens(text)
        self.pos = 0

    def peek(self):
        return self.toks[self.pos]

    def take(self):
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def unexpected(self, tok):
        if tok.kind == "end":
            return FilterLogicError("unexpected end of expression at column %d" % tok.column, tok.column)
        return FilterLogicError('unexpected "%s" at column %d' % (tok.text, tok.column), tok.column)

    def expression(self):
        """One level: operands joined by operators of a single kind."""
        first_tok = self.peek()
        operands = [self.operand()]
        ops = []
        while self.peek().kind in ("and", "or"):
            ops.append(self.take())
            operands.append(self.operand())
        if not ops:
            return operands[0]
        kind = ops[0].kind
        for op in ops[1:]:
            if op.kind != kind:
                start = first_tok.column - 1
                end = self.toks[self.pos - 1].end
                level = " ".join(self.text[start:end].split())
                raise FilterLogicError('"%s" mixes and/or without parentheses' % level, op.column)
        return (And if kind == "and" else Or)(tuple(operands))

    def operand(self):
        tok = self.take()
        if tok.kind == "not":
            return Not(self.operand())
        if tok.kind == "(":
            inner = self.expression()
            close = self.take()
            if close.kind != ")":
                if close.kind == "end":
                    raise FilterLogicError('"(" at column %d is never closed' % tok.column, tok.column)
                raise self.unexpected(close)
            return inner
        if tok.kind == "num":
            number = int(tok.text)
            if number < 1:
                raise FilterLogicError("filter %d does not exist: filters are numbered from 1" % number, tok.column)
            if self.n_filters is not None and number > self.n_filters:
                raise FilterLogicError(
                    "filter %d does not exist: the smart list has %d filter%s"
                    % (number, self.n_filters, "" if self.n_filters == 1 else "s"), tok.column)
            return Num(number, tok.column)
        raise self.unexpected(tok)


def parse(text: str, n_filters: int | None = None) -> Node:
    """The AST of ``text``, or :class:`FilterLogicError`.

    ``n_filters`` is the number of filters of the smart list (numbers above it are errors);
    ``None`` skips the range check.
    """
    if not isinstance(text, str):
        raise FilterLogicError("the expression is not text", 1)
    if text.strip() == "":
        raise FilterLogicError("the expression is empty", 1)
    parser = _Parser(text, n_filters)
    try:
        tree = parser.expression()
    except RecursionError:
        raise FilterLogicError("the expression is nested too deeply", 1) from None
    tok = parser.peek()
    if tok.kind != "end":
        raise parser.unexpected(tok)
    return tree


def kleene_and(values: Iterable[bool | None]) -> bool | None:
    """Three-valued (Kleene) *and*: False if any value is False, else None (unknown) if any is
    None, else True."""
    unknown = False
    for value in values:
        if value is False:
            return False
        if value is None:
            unknown = True
    return None if unknown else True


def kleene_or(values: Iterable[bool | None]) -> bool | None:
    """Three-valued (Kleene) *or*: True if any value is True, else None (unknown) if any is
    None, else False."""
    unknown = False
    for value in values:
        if value is True:
            return True
        if value is None:
            unknown = True
    return None if unknown else False


def evaluate(node: Node, values: Mapping[int, bool | None]) -> bool | None:
    """Three-valued (Kleene) value of ``node``: True, False or None (unknown).

    ``values`` maps a filter number to True, False or None; a number it lacks is unknown.
    """
    if isinstance(node, Num):
        value = values.get(node.number)
        return value if value is None else bool(value)
    if isinstance(node, Not):
        value = evaluate(node.operand, values)
        return None if value is None else not value
    if isinstance(node, (And, Or)):
        # every operand evaluated by a plain loop: one Python frame per level of the tree (a
        # generator would add two), so whatever parse() could build, this can evaluate
        results = []
        for child in node.operands:
            results.append(evaluate(child, values))
        return kleene_and(results) if isinstance(node, And) else kleene_or(results)
    raise TypeError("not a filter-logic node: %r" % (node,))


def numbers(node: Node) -> set[int]:
    """The set of filter numbers ``node`` uses."""
    found = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Num):
            found.add(item.number)
        elif isinstance(item, Not):
            stack.append(item.operand)
        else:
            stack.extend(item.operands)
    return found


__all__ = ["FilterLogicError", "parse", "evaluate", "kleene_and", "kleene_or", "numbers", "Num", "Not", "And", "Or",
           "Node"]
