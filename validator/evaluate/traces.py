"""The value classes of a dry run's result: a Trace, its steps and what they resolve, call and
change. :mod:`mkto_lint.evaluate.evaluator` fills them in; ``mkto_lint.report.trace`` renders
them (the JSON shape is documented in ``docs/evaluator.md``).

Plain :class:`~mkto_lint.record.Record` classes: fields in order, defaults for the trailing ones,
equality by value, changeable while the walk fills them in.
"""

from __future__ import annotations

from mkto_lint.record import Factory, Record


class TokenTrace(Record):
    """One token of an attribute: ``text`` as written; ``family``; ``name``; ``value``, what
    Marketo puts in its place (the token itself when sent literally); ``status``, resolved |
    default | empty | literal | unknown | malformed; ``source``; ``origin``, where the value
    comes from, for people; ``detail``, extra data for the JSON trace."""

    __slots__ = ("text", "family", "name", "value", "status", "source", "origin", "detail")
    _defaults = {"detail": Factory(dict)}


class AttrTrace(Record):
    """One attribute of a step: its ``raw`` value, the ``value`` with tokens replaced, and the
    ``tokens`` ([TokenTrace]) it holds."""

    __slots__ = ("name", "raw", "value", "tokens")
    _defaults = {"tokens": Factory(list)}


class ChoiceTrace(Record):
    """One choice of a step: ``number`` (1-based), the ``condition`` as text, ``do_nothing``,
    ``match`` (True | False | None for unknown | "not-evaluated") with its ``reason``, whether it
    was ``taken``, and the ``attributes`` the choice changes."""

    __slots__ = ("number", "condition", "do_nothing", "match", "reason", "taken", "attributes")
    _defaults = {"taken": False, "attributes": Factory(dict)}


class CallTrace(Record):
    """An Execute or Request Campaign step's call: ``kind`` (execute | request), ``ref`` as
    resolved, ``target`` (the campaign's label, None when unresolved) and ``target_id``,
    ``use_parent_context``, ``outcome`` (entered | not-qualified | invalid-smart-list | cycle |
    unresolved | not-executable | step-not-run | requested) with its ``reason``, and the
    ``qualification`` (qualify.Qualification) of an execute that was checked."""

    __slots__ = ("kind", "ref", "target", "target_id", "use_parent_context", "outcome", "reason", "qualification")
    _defaults = {"qualification": None}


class EffectTrace(Record):
    """A Change Score step's effect: the ``score``, the ``change`` as resolved, the score
    ``before`` and ``after`` (None when not applied), ``applied``, and the ``reason`` when not."""

    __slots__ = ("score", "change", "before", "after", "applied", "reason")
    _defaults = {"reason": ""}


class StepTrace(Record):
    """One step as walked: ``number`` ("2.1": the 1st step of the campaign executed by step 2),
    ``depth``, the ``campaign``'s label, ``index`` (0-based position in its campaign's flow),
    ``action`` (canonical) and ``raw_action``, ``status`` (runs | skipped | not-run |
    beyond-limit | unknown-action) with a ``note``, its ``file`` and document ``path``; the ``choice`` taken
    ("default" or a 1-based number), the ``choices`` ([ChoiceTrace]) and whether they were
    evaluated, the ``attributes`` ([AttrTrace]), and its ``call`` (CallTrace) or ``effect``
    (EffectTrace)."""

    __slots__ = ("number", "depth", "campaign", "index", "action", "raw_action", "status", "note", "file", "path",
                 "choice", "choices", "choices_evaluated", "attributes", "call", "effect")
    _defaults = {"choice": None, "choices": Factory(list), "choices_evaluated": False, "attributes": Factory(list),
                 "call": None, "effect": None}


class ScoreEffect(Record):
    """A score's effect over the whole run: its value at the ``start`` and at the ``end``."""

    __slots__ = ("score", "start", "end")

    @property
    def change(self) -> str:
        """``+10``, ``-5``, ``+0``."""
        return signed(self.end - self.start)


class Trace(Record):
    """A dry run: the start ``campaign`` (label), ``campaign_id``, ``file``, ``executable``,
    ``campaign_type`` (trigger | batch), ``via``, ``api_tokens``, ``person``, ``trigger``, the
    start campaign's ``qualification`` (qualify.Qualification), ``max_depth``; the ``steps``
    ([StepTrace], in execution order), ``effects`` (score name -> ScoreEffect), ``notes`` about
    the run as a whole, ``problems`` ([(step number or None, message)]), and ``truncated``."""

    __slots__ = ("campaign", "campaign_id", "file", "executable", "campaign_type", "via", "api_tokens", "person",
                 "trigger", "qualification", "max_depth", "steps", "effects", "notes", "problems", "truncated")
    _defaults = {"steps": Factory(list), "effects": Factory(dict), "notes": Factory(list), "problems": Factory(list),
                 "truncated": False}


def signed(n: int) -> str:
    """``n`` with its sign: ``+3``, ``-2``, ``+0``."""
    return "%+d" % n


__all__ = ["Trace", "StepTrace", "TokenTrace", "AttrTrace", "ChoiceTrace", "CallTrace", "EffectTrace", "ScoreEffect",
           "signed"]
