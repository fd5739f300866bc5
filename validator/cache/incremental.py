"""Checking only what a change can affect: the pre-commit hook's run in a large repository.

A full run keeps, beside the read cache, the project's *state*: every file's digest, every
document's keys (``cache.footprint``: what it defines and looks up), the documents each one's
findings depend on (what its references resolve to) and every rule finding, by file. The next
run with the same code, settings and selection, whose files are the same set with a few of
them changed, runs the rules over a small project instead of the whole one:

- the *affected* documents are those whose findings can change: the changed ones, every
  document that depends on one of them (transitively: the callers of a changed executable,
  the campaigns of a changed program, everything in a changed folder), and whatever is
  connected to those by a call (a child's context comes from its callers, and its callers'
  nesting from their children), taken file by file;
- the *world* they are checked in is every document they look up, by key, transitively (so
  that each reference resolves as in the whole project, a duplicate name to the same first
  definition), and it is indexed and checked as the whole project would be, in its order;
- the affected files get the world's findings, every other file the findings it had.

This rests on the rule contract that a finding is placed in the document it is about, and
depends only on what that document looks up and what its calls connect it to (tested over
every rule's cases: ``tests/test_incremental.py``). What the keys cannot follow makes the
run a full one: a file added, removed or defining other keys than before (a rename), a
reference in the affected part that resolves to nothing (its "did you mean" weighs every name
of the project), a campaign naming its program by id, or a world larger than a third of the
project (the whole is then as quick).
"""

from __future__ import annotations

import os

from mkto_lint.cache import footprint, results, store
from mkto_lint.project import source
from mkto_lint.project.index import ProjectIndex

WHOLE_SHARE = 3  # a world larger than 1/3 of the project: the full run is as quick
_CALL_KEYS = ("C", "Cid")


class State:
    """The project's state after a run (see the module's text); ``docs``: (file's place in
    ``paths``, the document's number in it), in the project's order.

    Kept in two cache files: the *graph* (the files, documents, keys and edges), rewritten only
    when a reference changed, and the *facts* (digests and findings), rewritten by every run;
    both carry the same ``token``, so that a mixture two concurrent runs leave is never read."""

    GRAPH = ("token", "paths", "docs", "defines", "uses", "rdeps", "calls", "rcalls")
    FACTS = ("token", "settings", "digests", "findings", "volatile")
    __slots__ = tuple(dict.fromkeys(GRAPH + FACTS))

    def __init__(self, **values) -> None:
        for slot in self.__slots__:
            setattr(self, slot, values[slot])

    def save(self, config, run_key: bytes, graph: bool) -> None:
        folder = store.cache_dir(config)
        if graph:
            store.save(folder, run_key, {s: getattr(self, s) for s in self.GRAPH}, "project")
        store.save(folder, run_key, {s: getattr(self, s) for s in self.FACTS}, "facts")


def _edges(defines, uses, definers):
    """(rdeps, calls, rcalls): who depends on each document, and the call-like edges."""
    n = len(defines)
    deps = {x: _deps(x, uses[x], definers) for x in range(n)}
    calls = [_calls(x, uses[x], definers) for x in range(n)]
    return _inverse(deps, n), calls, _inverse(dict(enumerate(calls)), n)


def _inverse(edges: dict, n: int | None = None):
    """Who points at each document: a list of ``n`` lists, or a dict when ``n`` is None."""
    out = [[] for _ in range(n)] if n is not None else {}
    for x, targets in edges.items():
        for y in targets:
            (out[y] if n is not None else out.setdefault(y, [])).append(x)
    return out


def _targets(x, used, definers, wanted):
    """The documents other than ``x`` defining a key of ``used`` whose kind ``wanted`` accepts."""
    out = set()
    for key in used or ():
        if wanted(key[0]):
            out.update(definers.get(key, ()))
    out.discard(x)
    return sorted(out)


def _deps(x, used, definers):
    """What ``x``'s findings read: every definer of a key it uses, but for existence-only keys."""
    return _targets(x, used, definers, lambda kind: kind not in footprint.EXISTENCE_ONLY)


def _calls(x, used, definers):
    """The campaigns ``x``'s references name."""
    return _targets(x, used, definers, lambda kind: kind in _CALL_KEYS)


def _definers(defines):
    table = {}
    for i, keys in enumerate(defines):
        for key in keys or ():
            table.setdefault(key, []).append(i)
    return table


def _serialise(findings, place):
    """{path: [finding as plain data]} and the set of paths with a finding that is not plain
    data (a fix: those files are checked again each time)."""
    by_file, volatile = {}, set()
    for f in findings:
        path = place[id(f.target.file)]
        try:
            by_file.setdefault(path, []).append(results.plain(f, place))
        except (KeyError, ValueError, TypeError):
            volatile.add(path)
    for path in volatile:
        by_file.pop(path, None)
    return by_file, volatile


def record(files, documents, index: ProjectIndex, found, internal, config, settings: bytes, run_key: bytes) -> None:
    """Keep the state of a full run (not when a rule crashed or a file changed while read)."""
    if internal or any(f.digest is None or f.changed for f in files):
        return
    defines, uses, by_id = footprint.of(index)
    if by_id:
        return
    names = [str(f.path) for f in files]
    place = {id(f): name for f, name in zip(files, names)}
    number = {id(f): i for i, f in enumerate(files)}
    docs = [(number[id(d.file)], d.number) for d in documents]
    by_file, volatile = _serialise(found, place)
    rdeps, calls, rcalls = _edges(defines, uses, _definers(defines))
    State(token=os.urandom(8), settings=settings, paths=names,
          digests=[f.digest for f in files], docs=docs, defines=defines, uses=uses, rdeps=rdeps, calls=calls,
          rcalls=rcalls, findings=by_file, volatile=sorted(volatile)).save(config, run_key, True)


def _load(config, run_key, settings):
    folder = store.cache_dir(config)
    graph, facts = store.load(folder, run_key, "project"), store.load(folder, run_key, "facts")
    if set(graph) != set(State.GRAPH) or set(facts) != set(State.FACTS) or graph["token"] != facts["token"]:
        return None
    state = State(**graph, **{s: facts[s] for s in State.FACTS if s != "token"})
    return state if state.settings == settings else None


class Incremental:
    """An incremental run's outcome: ``findings`` (the rules' findings of the whole project)
    and ``internal`` (rules that crashed)."""

    def __init__(self, findings, internal) -> None:
        self.findings, self.internal = findings, internal


def attempt(files, config, run_key: bytes, settings: bytes, rules, make_context, note=None) -> Incremental | None:
    """The rules' findings through the last run's state, or None when only a full run can tell.
    ``note``: told, in a line, how far the change reached (the engine's ``Timings.note``)."""
    state = _load(config, run_key, settings)
    names = [str(f.path) for f in files]
    if state is None or names != state.paths:
        return None
    if any(f.digest is None for f in files):
        return None
    changed = [i for i, f in enumerate(files) if f.digest != state.digests[i]]
    docs_of = [[] for _ in files]
    for d, (i, _number) in enumerate(state.docs):
        docs_of[i].append(d)
    new_uses = _changed_keys(files, changed, state, docs_of)
    if new_uses is None:
        return None
    definers = _definers(state.defines)
    uses = list(state.uses)
    for d, keys in new_uses.items():
        uses[d] = keys
    seeds = [d for i in changed for d in docs_of[i]]
    if state.volatile:  # files with a finding that is not plain data: checked every time
        file_of = {p: i for i, p in enumerate(names)}
        seeds += [d for path in state.volatile for d in docs_of[file_of[path]]]
    affected_files, new_calls = _affected(seeds, state, new_uses, definers)
    world = _world(affected_files, docs_of, uses, definers, state, new_calls)
    if note is not None:
        note("incremental: %d files changed, %d affected, a world of %d documents of %d"
             % (len(changed), len(affected_files), len(world), len(state.docs)))
    if len(world) * WHOLE_SHARE > len(state.docs):
        return None
    documents = _documents(files, state, world)
    if documents is None:
        return None
    index = ProjectIndex(documents)
    affected_paths = {names[i] for i in affected_files}
    affected_ids = {id(files[i]) for i in affected_files}
    if any(id(u.asset.doc.file) in affected_ids for u in index.unresolved):
        return None  # its "did you mean" weighs every name of the project
    from mkto_lint.ruleset.run import run_rules

    world_files = list(dict.fromkeys(d.file for d in documents))
    found, internal = run_rules(rules, make_context(index, world_files))
    kept = [f for f in found if id(f.target.file) in affected_ids]
    by_path = dict(zip(names, files))
    earlier = []
    for path, items in state.findings.items():
        if path not in affected_paths:
            earlier.extend(results.unplain(v, by_path) for v in items)

    def save():
        if internal or any(f.changed for f in files):
            return
        place = {id(f): str(f.path) for f in world_files}  # the world's findings point into it
        by_file, volatile = _serialise(kept, place)
        findings = {p: v for p, v in state.findings.items() if p not in affected_paths}
        findings.update(by_file)
        volatile |= {p for p in state.volatile if p not in affected_paths}
        moved = any(tuple(keys) != tuple(state.uses[d] or ()) for d, keys in new_uses.items())
        if moved:  # a reference edited: the graph is written again, under a new token
            state.token, state.uses = os.urandom(8), uses
            state.rdeps, state.calls, state.rcalls = _edges(state.defines, uses, definers)
        state.digests, state.findings, state.volatile = [f.digest for f in files], findings, sorted(volatile)
        state.save(config, run_key, moved)

    save()  # now: the findings are the rules' own (the run's settings then change their severity)
    return Incremental(kept + earlier, internal)


def _changed_keys(files, changed, state, docs_of):
    """{document: its new uses} of the changed files, or None when one of them defines other
    keys than before (or has other documents): what it defines decides what others find."""
    out = {}
    for i in changed:
        docs = [d for d in files[i].documents if d.kind in source.KINDS] if files[i].is_definition else []
        slots = docs_of[i]
        if [d.number for d in docs] != [state.docs[s][1] for s in slots]:
            return None
        if not docs:
            continue
        defines, uses, by_id = footprint.of(ProjectIndex(docs))
        if by_id or [tuple(k) for k in defines] != [tuple(state.defines[s] or ()) for s in slots]:
            return None
        out.update(zip(slots, uses))
    return out


def _affected(seeds, state, new_uses, definers):
    """(the files whose findings can change, the calls of the changed documents and who now
    calls them): what depends on a seed, transitively, then the campaigns those execute or
    request, transitively (a child's findings weigh its callers'), file by file."""
    # a changed document now depending on another: that one's rdeps gain it
    extra = _inverse({d: _deps(d, keys, definers) for d, keys in new_uses.items()})
    reached = _closure(seeds, lambda d: list(state.rdeps[d]) + extra.get(d, []))
    new_calls = {d: _calls(d, keys, definers) for d, keys in new_uses.items()}
    # a changed document's calls as they were and as they are: a campaign it stopped calling
    # is affected (its callers are part of its findings) as much as one it calls now
    reached = _closure(reached, lambda d: list(state.calls[d]) + new_calls.get(d, []))
    return {state.docs[d][0] for d in reached}, new_calls


def _closure(start, neighbours):
    seen, todo = set(start), list(start)
    while todo:
        for x in neighbours(todo.pop()):
            if x not in seen:
                seen.add(x)
                todo.append(x)
    return seen


def _world(affected_files, docs_of, uses, definers, state, new_calls):
    """What the affected documents' findings weigh: their callers, transitively, then every
    document those look up, by key, transitively, with every document defining a key one of
    them defines (a duplicate resolves to the first, as in the whole project)."""
    callers = _inverse(new_calls)  # who calls each document, the changed documents' calls as they are now
    start = [d for f in affected_files for d in docs_of[f]]
    ancestors = _closure(start, lambda d: [x for x in state.rcalls[d] if x not in new_calls] + callers.get(d, []))

    def looked_up(d):
        out = []
        for key in uses[d] or ():  # that a program has campaigns: one of them tells
            found = definers.get(key, ())
            out.extend(found[:1] if key[0] in footprint.EXISTENCE_ONLY else found)
        for key in state.defines[d] or ():  # the others defining it: the first one wins
            if key[0] not in footprint.EXISTENCE_ONLY:
                out.extend(definers.get(key, ()))
        return out

    return _closure(ancestors, looked_up)


def _documents(files, state, world):
    """The world's Documents, in the project's order; None if one is not where it was."""
    out = []
    for d in sorted(world):
        i, number = state.docs[d]
        doc = next((x for x in files[i].documents if x.number == number), None)
        if doc is None or doc.kind not in source.KINDS:
            return None
        out.append(doc)
    return out


__all__ = ["attempt", "record", "Incremental"]
