"""``mkto-lint pull``: export a live instance over the REST API, then import it.

The walk (docs/pull.md): workspaces (optional) -> the ``Marketing Activities`` root -> the
folder tree -> programs -> My Tokens of every folder and program -> campaigns -> each campaign
by id with its flow steps and its smart list with rules -> smart lists and each stand-alone
list by id with rules. Every answer is saved byte for byte below the raw folder under a name
made from the request (the identity call, the only one with a secret, is not saved), and the
raw folder is then imported by ``run.load`` + ``run.import_instance``: import is
the only mapping code, so ``mkto-lint import RAW`` gives the same files.

``RAW/.mkto-lint/`` (skipped by import) holds ``manifest.json`` (the requests of the last
complete pull, in order) and, while a pull is incomplete, ``journal`` (the pages it saved): a
rerun after a stop (603, 607, Ctrl-C) reuses those pages without a call. With ``--workspace``
the campaign and smart-list browse pages (which list every workspace's assets) are kept in
``RAW/.mkto-lint/browse/``, so that only the selected workspaces' assets are imported.

``TIMING`` is for tests only: an object with ``sleep(seconds)`` and ``clock()`` that replaces
``time.sleep`` and ``time.monotonic`` (the tests cannot wait out a 20-second window).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from mkto_lint import atomic
from mkto_lint.errors import UsageError
from mkto_lint.importer import client
from mkto_lint.importer.assets import ref_id, ref_type, same_type

TIMING = None  # tests only (see the module's docstring)
DEFAULT_RAW = ".mkto-lint-pull"
META = ".mkto-lint"
PAGE, MAX_DEPTH, MAX_OFFSET = 200, 100, 2_000_000
ROOT_NAME = "Marketing Activities"
ASSET = "/rest/asset/v1/"
WORKSPACES = "/userservice/management/v1/users/workspaces.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9._=,-]+")


def command(args, out) -> int:
    """Run ``mkto-lint pull`` (arguments from ``mkto_lint.cli.importer``); returns the exit status."""
    from mkto_lint.cli.importer import _print
    from mkto_lint.importer import run

    base = client.base_url(args.base_url, args.munchkin_id, os.environ)
    client_id, secret = client.credentials(os.environ)
    since = since_param(args.since) if args.since else None
    executables = run.parse_executables(Path(args.executables)) if args.executables else None
    target = Path(args.out)
    raw_dir = Path(args.raw) if args.raw else target / DEFAULT_RAW
    for flag, path in (("--out", target), ("--raw", raw_dir)):
        if path.exists() and not path.is_dir():
            raise UsageError("%s %s: not a directory" % (flag, path))
    sleep, clock = (TIMING.sleep, TIMING.clock) if TIMING is not None else (time.sleep, time.monotonic)
    store, progress = Store(raw_dir, base), client.Progress(sys.stderr, clock)
    api = client.Client(base, client_id, secret, sleep=sleep, clock=clock, on_call=progress.call)
    try:
        store.open()
        notes = Walk(api, store, progress, since, args.workspace).run()
        store.finish(incremental=since is not None)
    except client.ApiError as exc:
        raise UsageError("%s; %s" % (api.scrub(str(exc)), store.resume_hint())) from None
    except OSError as exc:
        raise UsageError("%s: cannot write the raw pages: %s" % (raw_dir, exc.strerror or exc)) from None
    except KeyboardInterrupt:
        progress.done()
        sys.stderr.write("mkto-lint: note: pull interrupted; %s\n" % store.resume_hint())
        raise
    finally:
        progress.done()
        api.close()
        store.close()
    report = run.import_instance(run.load([raw_dir], Path(os.getcwd()).resolve()), target, executables,
                                 incremental=since is not None)
    if not args.raw:
        shutil.rmtree(raw_dir, ignore_errors=True)
    for note in notes:
        sys.stderr.write("mkto-lint: note: %s\n" % note)
    _print(report, args.out, out)
    return 0


def since_param(text: str) -> str:
    """``--since`` as Marketo's ``earliestUpdatedAt``: ISO-8601 without fractions of a second."""
    from datetime import datetime

    value = text.strip()
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError("--since %r: not an ISO-8601 date or time (2026-05-01, 2026-05-01T08:00:00Z)" % text) from None
    return moment.replace(microsecond=0).isoformat()


def page_name(path: str, params: dict[str, str]) -> str:
    """The raw file of a request, relative to the raw folder: a folder per resource, the rest
    of the path and the parameters (sorted) in the name, a short hash when a character had to
    be replaced: ``smartCampaign/1001@includeFlowSteps=true.json``."""
    for prefix in (ASSET, "/userservice/management/v1/", "/rest/"):
        if path.startswith(prefix):
            rel = path[len(prefix):]
            break
    else:
        rel = path.lstrip("/")
    rel = rel[:-5] if rel.endswith(".json") else rel
    parts = [p for p in rel.split("/") if p] or ["root"]
    text = ".".join(parts[1:]) or parts[0]
    query = ",".join("%s=%s" % (k, params[k]) for k in sorted(params))
    safe = _UNSAFE.sub("_", text) + ("@" + _UNSAFE.sub("_", query) if query else "")
    if safe != text + ("@" + query if query else "") or len(safe) > 150:
        digest = hashlib.sha256(("%s?%s" % (path, urlencode(sorted(params.items())))).encode("utf-8")).hexdigest()
        safe = "%s-%s" % (safe[:120], digest[:12])
    return "%s/%s.json" % (_UNSAFE.sub("_", parts[0]), safe)


class Store:
    """The raw folder: pages written atomically and only when their bytes change, the journal
    of an incomplete pull, the manifest of a complete one."""

    def __init__(self, root: Path, base: str) -> None:
        self.root, self.base = root, base
        self.meta = root / META
        self.journal_path, self.manifest_path = self.meta / "journal", self.meta / "manifest.json"
        self.entries: list[dict] = []  # this run's requests
        self.old: list[dict] = []  # the last complete pull's
        self.reusable: set[str] = set()
        self.previous: set[str] = set()  # files earlier runs wrote: removed at the end unless kept
        self.saved, self.kept = 0, ""
        self._journal = None

    def open(self) -> None:
        """Resume the journal of an interrupted pull of the same instance, else start afresh."""
        entries = []
        try:
            for line in self.journal_path.read_text(encoding="utf-8").splitlines():
                try:
                    entries.append(json.loads(line))
                except ValueError:
                    pass  # a line cut short by the stop
        except (OSError, UnicodeDecodeError):
            pass
        entries = [e for e in entries if isinstance(e, dict)]
        names = {e["file"] for e in entries if isinstance(e.get("file"), str)}
        try:
            requests = json.loads(self.manifest_path.read_text(encoding="utf-8")).get("requests")
            self.old = [e for e in requests if isinstance(e, dict) and isinstance(e.get("file"), str)]
        except (OSError, ValueError, AttributeError, TypeError):
            self.old = []
        self.previous = names | {e["failed"] for e in entries if isinstance(e.get("failed"), str)}
        self.previous |= {e["file"] for e in self.old}
        resume = bool(entries) and entries[0].get("base") == self.base
        self.reusable = names if resume else set()
        self.meta.mkdir(parents=True, exist_ok=True)
        self._journal = open(self.journal_path, "a" if resume else "w", encoding="utf-8")
        if not resume:
            self._append({"pull": 1, "base": self.base})

    def _append(self, entry: dict) -> None:
        self._journal.write(json.dumps(entry, sort_keys=True) + "\n")
        self._journal.flush()

    def cached(self, name: str) -> client.Page | None:
        """The page an interrupted run saved, if any."""
        if name not in self.reusable:
            return None
        try:
            body = (self.root / name).read_bytes()
            return client.Page(body, json.loads(body.decode("utf-8-sig")))
        except (OSError, ValueError):
            return None

    def save(self, name: str, label: str, body: bytes, reused: bool) -> None:
        """Record a page in the manifest; write it (unless reused) only when its bytes changed."""
        if not reused:
            _write_if_changed(self.root / name, body)
            self._append({"file": name})
        self.saved += 1
        self.entries.append({"request": label, "file": name, "bytes": len(body),
                             "sha256": hashlib.sha256(body).hexdigest()})

    def failed(self, name: str, body: bytes) -> None:
        """Keep a page that could not be used (for the bug report), beside where it would go."""
        self.kept = name + ".failed"
        atomic.write(self.root / self.kept, body)
        self._append({"failed": self.kept})

    def resume_hint(self) -> str:
        """What a stop leaves behind, for its one-line message."""
        kept = "the answer is kept in %s; " % (self.root / self.kept) if self.kept else ""
        if not self.saved:
            return kept + "no page was saved"
        return "%sthe %d page%s saved so far %s in %s: the same command resumes from there" % (
            kept, self.saved, "" if self.saved == 1 else "s", "is" if self.saved == 1 else "are", self.root)

    def close(self) -> None:
        """Close the journal (it stays: the pull is incomplete until ``finish``)."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def finish(self, incremental: bool) -> None:
        """A complete pull: the manifest, the journal gone, and the pages of earlier pulls that
        this one did not ask for removed (an incremental pull keeps them and their entries)."""
        self.close()
        asked = {e["file"] for e in self.entries}
        entries = ([e for e in self.old if e["file"] not in asked] if incremental else []) + self.entries
        _write_if_changed(self.manifest_path, (json.dumps({"base": self.base, "requests": entries}, indent=1,
                                                          sort_keys=True) + "\n").encode("utf-8"))
        keep, top = {e["file"] for e in entries}, self.root.resolve()
        for name in sorted(self.previous - keep):
            path = self.root / name
            if path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(top):
                path.unlink()
        self.journal_path.unlink(missing_ok=True)


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            return
    except OSError:
        pass
    atomic.write(path, data)


class Walk:
    """The requests of one pull, in order (module docstring); ``run`` returns notes."""

    def __init__(self, api: client.Client, store: Store, progress: client.Progress, since: str | None,
                 workspaces: list[str]) -> None:
        self.api, self.store, self.progress, self.since = api, store, progress, since
        self.workspaces = list(dict.fromkeys(w.strip() for w in workspaces if w.strip()))
        self.wanted = {w.casefold() for w in self.workspaces}
        self.owners: set[tuple[str, int]] = set()  # the selected folders and programs
        self.notes: list[str] = []

    def run(self) -> list[str]:
        """Make (or reuse) every request; the notes for the user."""
        self._workspaces()
        folders, programs = self._tree()
        self._tokens(folders, programs)
        campaigns = self._campaigns()
        self._smart_lists(campaigns)
        return self.notes

    def _get(self, path: str, params: dict[str, str], hidden: bool = False) -> client.Page:
        name = page_name(path, params)
        if hidden:
            name = "%s/browse/%s" % (META, name)
        label = "GET %s%s" % (path, "?" + urlencode(sorted(params.items())) if params else "")
        page = self.store.cached(name)
        reused = page is not None
        if page is None:
            try:
                page = self.api.get(path, params)
            except client.ApiError as exc:
                if exc.body is not None and exc.code in ("shape", "huge"):  # for the bug report
                    self.store.failed(name, exc.body)
                raise
        self.store.save(name, label, page.body, reused)
        result = page.data.get("result") if isinstance(page.data, dict) else page.data
        self.progress.page(len(result) if isinstance(result, list) else 0, reused)
        return page

    def _pages(self, path: str, params: dict[str, str], hidden: bool = False) -> list[dict]:
        """Every record of a browse: offset paging, ``maxReturn`` 200, until a short page or
        the "No assets found" page."""
        records: list[dict] = []
        offset = 0
        while True:
            page = self._get(path, dict(params, maxReturn=str(PAGE), offset=str(offset)), hidden)
            result = page.data.get("result") or []
            records.extend(result)
            if len(result) < PAGE:
                return records
            offset += PAGE
            if offset > MAX_OFFSET:
                raise UsageError("GET %s: more than %d records: the server does not stop paging" % (path, MAX_OFFSET))

    def _workspaces(self) -> None:
        try:
            self._get(WORKSPACES, {})
        except client.ApiError as exc:
            if exc.code not in ("603", "HTTP 401", "HTTP 403", "HTTP 404"):
                raise
            self.notes.append("workspaces not exported (%s): the API user's role needs Access User Management Api "
                              "and Access Users for them; every asset still names its workspace" % exc.code)

    def _tree(self) -> tuple[list[dict], list[dict]]:
        scopes = self.workspaces or [None]
        roots: dict[tuple[int, str | None], None] = {}
        for ws in scopes:
            page = self._get(ASSET + "folder/byName.json", _scoped({"name": ROOT_NAME}, "workSpace", ws))
            matches = [r for r in page.data.get("result") or [] if ref_id(r.get("id")) is not None]
            for record in [r for r in matches if not r.get("parent")] or matches:
                roots[(ref_id(record["id"]), ws)] = None
        if not roots:
            raise UsageError('GET %sfolder/byName.json: no folder named "%s"%s: is Read-Only Assets in the API '
                             "user's role?" % (ASSET, ROOT_NAME, " in %s" % ", ".join(self.workspaces)
                                               if self.workspaces else ""))
        folders: list[dict] = []
        for rid, ws in roots:
            root = json.dumps({"id": rid, "type": "Folder"}, separators=(",", ":"))
            folders += self._pages(ASSET + "folders.json",
                                   _scoped({"root": root, "maxDepth": str(MAX_DEPTH)}, "workSpace", ws))
        programs: list[dict] = []
        for ws in scopes:
            params = {"filterType": "workspace", "filterValues": ws} if ws else {}
            programs += self._pages(ASSET + "programs.json", params)
        return folders, programs

    def _tokens(self, folders: list[dict], programs: list[dict]) -> None:
        owners: dict[tuple[str, int], None] = {}
        for record in folders:
            ref = record.get("folderId") or {"id": record.get("id"), "type": "Folder"}
            oid = ref_id(ref) if ref_id(ref) is not None else ref_id(record.get("id"))
            if oid is not None:
                owners[("Program" if same_type(ref_type(ref), "program") else "Folder", oid)] = None
        for record in programs:
            if ref_id(record.get("id")) is not None:
                owners[("Program", ref_id(record["id"]))] = None
        self.owners = {(kind.lower(), oid) for kind, oid in owners}
        self.progress.planned = self.progress.pages + len(owners) + 1
        for kind, oid in owners:
            self._get("%sfolder/%d/tokens.json" % (ASSET, oid), {"folderType": kind})

    def _selected(self, record: dict) -> bool:
        if not self.wanted:
            return True
        ws = record.get("workspace")
        if isinstance(ws, str) and ws.strip():
            return ws.strip().casefold() in self.wanted
        folder = record.get("folder")
        kind = "program" if same_type(ref_type(folder), "program") else "folder"
        return (kind, ref_id(folder)) in self.owners or ("program", ref_id(record.get("parentProgramId"))) in self.owners

    def _campaigns(self) -> list[dict]:
        params = {"earliestUpdatedAt": self.since} if self.since else {}
        records = _unique(self._pages(ASSET + "smartCampaigns.json", params, hidden=bool(self.wanted)))
        selected = [r for r in records if self._selected(r)]
        self.progress.planned = self.progress.pages + 2 * len(selected) + 1
        for record in selected:
            cid = ref_id(record.get("id"))
            self._by_id("%ssmartCampaign/%d.json" % (ASSET, cid), {"includeFlowSteps": "true"}, "campaign %d" % cid)
            self._by_id("%ssmartCampaign/%d/smartList.json" % (ASSET, cid), {"includeRules": "true"},
                        "the smart list of campaign %d" % cid)
        return records

    def _smart_lists(self, campaigns: list[dict]) -> None:
        owned = {ref_id(c.get("smartListId")) for c in campaigns}
        params = {"earliestUpdatedAt": self.since} if self.since else {}
        records = _unique(self._pages(ASSET + "smartLists.json", params, hidden=bool(self.wanted)))
        alone = [r for r in records if ref_id(r.get("id")) not in owned and self._selected(r)]
        self.progress.planned = self.progress.pages + len(alone)
        for record in alone:
            lid = ref_id(record.get("id"))
            self._by_id("%ssmartList/%d.json" % (ASSET, lid), {"includeRules": "true"}, "smart list %d" % lid)

    def _by_id(self, path: str, params: dict[str, str], what: str) -> None:
        try:
            page = self._get(path, params)
        except client.ApiError as exc:
            if exc.code not in ("610", "702"):
                raise
            self.notes.append("%s: not found by id (%s): deleted during the pull?" % (what, exc.code))
            return
        if not page.data.get("result"):
            self.notes.append("%s: not found by id (the answer is empty): deleted during the pull?" % what)


def _scoped(params: dict[str, str], key: str, workspace: str | None) -> dict[str, str]:
    return dict(params, **{key: workspace}) if workspace else params


def _unique(records: list[dict]) -> list[dict]:
    """Records with an id, the first of each id (a record can move between pages)."""
    seen: dict[int, dict] = {}
    for record in records:
        rid = ref_id(record.get("id")) if isinstance(record, dict) else None
        if rid is not None and rid not in seen:
            seen[rid] = record
    return list(seen.values())


__all__ = ["command", "page_name", "since_param", "Store", "Walk", "TIMING"]
