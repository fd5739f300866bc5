"""The project index: every document of the root, by kind, id and name, with references
resolved (campaigns, programs, smart lists, folders), workspaces, and the campaign call graph
(``Call`` edges), built once for all rules; what does not resolve is kept as ``Unresolved``,
what is defined twice as ``Duplicate``. The assets themselves are in ``project.assets``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mkto_lint.findings import Target
from mkto_lint.project import actions
from mkto_lint.project.assets import (
    Asset,
    Campaign,
    Folder,
    Program,
    SmartList,
    Step,
    as_int,
    as_list,
    as_str,
    is_ref,
)

if TYPE_CHECKING:
    from mkto_lint.project.source import Document

DEFAULT_WORKSPACE = "Default"
THIS_CAMPAIGN = "this campaign"
MEMBER_OF_SMART_LIST = "member of smart list"
MEMBER_OF_SMART_CAMPAIGN = "member of smart campaign"
MEMBER_OF_PROGRAM = "member of program"
# the filters whose values name assets, by name in lower case -> what their values name
_REF_FILTERS = {MEMBER_OF_SMART_LIST: "smart list", MEMBER_OF_SMART_CAMPAIGN: "campaign", MEMBER_OF_PROGRAM: "program"}


class Call:
    """An edge of the call graph: a flow step (or one of its choices) naming a campaign."""

    __slots__ = ("kind", "caller", "step", "choice", "path", "ref", "target", "use_parent_context")
    kind: str
    caller: Campaign
    step: Step
    choice: int | None
    path: tuple
    ref: Any
    target: Campaign | None
    use_parent_context: bool

    def __init__(self, kind: str, caller: Campaign, step: Step, choice: int | None, path: tuple, ref: Any,
                 target: Campaign | None, use_parent_context: bool) -> None:
        self.kind = kind  # "execute" | "request" | "remove"
        self.caller = caller
        self.step = step
        self.choice = choice  # index of the choice, or None for the step's own attributes
        self.path = path  # document path of the reference value
        self.ref = ref
        self.target = target  # Campaign or None
        self.use_parent_context = use_parent_context

    def location(self) -> Target:
        """Where the call is written: the reference's value in the caller's document."""
        return self.caller.target(self.path)

    def __repr__(self):
        return "<Call %s %s -> %s>" % (self.kind, self.caller.label, self.target.label if self.target else self.ref)


class Unresolved:
    """A reference that names nothing in the project (MKL006)."""

    __slots__ = ("asset", "path", "what", "ref", "in_smart_list")
    asset: Asset
    path: tuple
    what: str
    ref: Any
    in_smart_list: bool

    def __init__(self, asset: Asset, path: tuple, what: str, ref: Any, in_smart_list: bool = False) -> None:
        self.asset = asset
        self.path = path
        self.what = what  # "campaign" | "program" | "smart list" | "folder"
        self.ref = ref
        self.in_smart_list = in_smart_list


class Duplicate:
    """An asset whose name or id another asset of its kind already has (MKL005)."""

    __slots__ = ("asset", "first", "path", "message")
    asset: Asset
    first: Asset
    path: tuple
    message: str

    def __init__(self, asset: Asset, first: Asset, path: tuple, message: str) -> None:
        self.asset = asset
        self.first = first
        self.path = path
        self.message = message


class ProjectIndex:
    """What every rule reads (``ctx.index``): the assets by kind, id and name, references
    resolved, workspaces, and the call graph."""

    documents: list[Document]
    programs: list[Program]
    folders: list[Folder]
    smart_lists: list[SmartList]
    campaigns: list[Campaign]
    duplicates: list[Duplicate]
    unresolved: list[Unresolved]
    program_by_name: dict[str, Program]
    program_by_id: dict[int, Program]
    folder_by_path: dict[str, Folder]  # the first folder of each path, whatever its workspace
    folder_by_key: dict[tuple[str, str], Folder]  # (workspace, path): one folder per workspace
    known_folder_paths: set[str]  # every folder's path and the paths of its parents
    smart_list_by_name: dict[str, SmartList]
    smart_list_by_id: dict[int, SmartList]
    campaign_by_id: dict[int, Campaign]
    campaign_by_key: dict[tuple[str, str], Campaign]  # (program name, campaign name)
    campaigns_of: dict[str, list[Campaign]]  # program name -> its campaigns
    calls: list[Call]
    calls_from: dict[Campaign, list[Call]]
    callers: dict[Campaign, list[Call]]

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.programs, self.folders, self.smart_lists, self.campaigns = [], [], [], []
        kinds = {"Program": (Program, self.programs), "Folder": (Folder, self.folders),
                 "SmartList": (SmartList, self.smart_lists), "SmartCampaign": (Campaign, self.campaigns)}
        for doc in documents:
            hit = kinds.get(doc.kind)
            if hit is not None:
                hit[1].append(hit[0](doc))
        self.duplicates = []
        self.unresolved = []
        self._workspaces = {}
        self._index_names()
        self.calls = []
        self.calls_from = defaultdict(list)  # Campaign -> [Call]
        self.callers = defaultdict(list)  # Campaign -> [Call] of kind execute
        self._index_calls()

    # -- names and ids -----------------------------------------------------------------------
    def _dup(self, table, key, asset, path, message):
        first = table.get(key)
        if first is None:
            table[key] = asset
        else:
            self.duplicates.append(Duplicate(asset, first, path, message))

    def _index_names(self):
        self.program_by_name, self.program_by_id = {}, {}
        for p in self.programs:
            if p.name:
                self._dup(self.program_by_name, p.name, p, ("name",), "program name \"%s\" is used by another program" % p.name)
            if p.id is not None:
                self._dup(self.program_by_id, p.id, p, ("id",), "program id %d is used by another program" % p.id)
        self.folder_by_path = {}
        self.known_folder_paths = set()
        for f in self.folders:
            if f.path:
                self.folder_by_path.setdefault(f.path, f)
                parts = f.path.split("/")
                for i in range(1, len(parts) + 1):
                    self.known_folder_paths.add("/".join(parts[:i]))
        # the same path in two workspaces is two folders (an imported instance has both)
        self.folder_by_key = {}
        for f in self.folders:
            if f.path:
                own = as_str(f.data.get("workspace"))
                ws = own or self.folder_workspace(f.path.rpartition("/")[0])
                self.folder_by_key.setdefault((ws, f.path), f)
        self.smart_list_by_name, self.smart_list_by_id = {}, {}
        for s in self.smart_lists:
            if s.name:
                self.smart_list_by_name.setdefault(s.name, s)
            if s.id is not None:
                self.smart_list_by_id.setdefault(s.id, s)
        self.campaign_by_id, self.campaign_by_key = {}, {}
        self.campaigns_of = defaultdict(list)
        for c in self.campaigns:
            own = c.data.get("program")
            if c.program_name is None and as_int(own) is not None:  # the program given by id
                by_id = self.program_by_id.get(own)
                if by_id is None:
                    self.unresolved.append(Unresolved(c, ("program",), "program", own))
                else:
                    c.program_name = by_id.name
            if c.id is not None:
                self._dup(self.campaign_by_id, c.id, c, ("id",), "campaign id %d is used by another campaign" % c.id)
            if c.name and c.program_name:
                self._dup(self.campaign_by_key, (c.program_name, c.name), c, ("name",),
                          "program \"%s\" has another campaign named \"%s\"" % (c.program_name, c.name))
            if c.program_name:
                c.program = self.program_by_name.get(c.program_name)
                self.campaigns_of[c.program_name].append(c)
        self._check_owner_refs()

    def _check_owner_refs(self):
        for c in self.campaigns:
            if c.program_name and c.program is None:
                self.unresolved.append(Unresolved(c, ("program",), "program", c.program_name))
        for p in self.programs:
            if p.folder and not self.folder_exists(p.folder):
                self.unresolved.append(Unresolved(p, ("folder",), "folder", p.folder))
        for s in self.smart_lists:
            prog = s.data.get("program")
            if is_ref(prog) and self.resolve_program(prog) is None:
                self.unresolved.append(Unresolved(s, ("program",), "program", prog))
            folder = as_str(s.data.get("folder"))
            if folder and not self.folder_exists(folder.strip("/")):
                self.unresolved.append(Unresolved(s, ("folder",), "folder", folder))

    def folder_exists(self, path: str) -> bool:
        """Whether ``path`` is a folder of the project, or the parent of one."""
        return path.strip("/") in self.known_folder_paths

    def resolve_program(self, ref: Any) -> Program | None:
        """The program a reference (id or name) names, or None."""
        if as_int(ref) is not None:
            return self.program_by_id.get(ref)
        if as_str(ref) is not None:
            return self.program_by_name.get(ref)
        return None

    def resolve_smart_list(self, ref: Any) -> SmartList | None:
        """The smart list a reference (id or name) names, or None."""
        if as_int(ref) is not None:
            return self.smart_list_by_id.get(ref)
        if as_str(ref) is not None:
            return self.smart_list_by_name.get(ref)
        return None

    def resolve_campaign(self, ref: Any, within: Campaign | None = None) -> Campaign | None:
        """A campaign reference (format.md) to a Campaign, or None.

        ``within`` is the campaign the reference is written in: a bare name means a campaign of
        its program. ``"Program.Campaign"`` matches the program whose name is the longest prefix
        followed by a dot (program names may contain dots).
        """
        if as_int(ref) is not None:
            return self.campaign_by_id.get(ref)
        ref = as_str(ref)
        if ref is None:
            return None
        dot = ref.rfind(".")
        while dot > 0:
            program = ref[:dot]
            if program in self.program_by_name or program in self.campaigns_of:
                found = self.campaign_by_key.get((program, ref[dot + 1:]))
                if found is not None:
                    return found
                break  # the longest program prefix decides
            dot = ref.rfind(".", 0, dot)
        if within is not None and within.program_name:
            return self.campaign_by_key.get((within.program_name, ref))
        return None

    def folder(self, path: str, workspace: str | None = None) -> Folder | None:
        """The Folder document at ``path``: the one of ``workspace`` when there is one, else the
        first found with that path."""
        if workspace is not None:
            hit = self.folder_by_key.get((workspace, path))
            if hit is not None:
                return hit
        return self.folder_by_path.get(path)

    # -- workspaces --------------------------------------------------------------------------
    def folder_workspace(self, path: str) -> str:
        """The workspace of the folder at ``path``: the nearest one that names it, or ``Default``."""
        while path:
            folder = self.folder_by_path.get(path)
            if folder is not None and as_str(folder.data.get("workspace")):
                return folder.data["workspace"]
            path = path.rpartition("/")[0]
        return DEFAULT_WORKSPACE

    def workspace(self, asset: Asset) -> str:
        """The asset's workspace: its own, else its program's or folder's, else ``Default``."""
        memo = self._workspaces
        hit = memo.get(id(asset))
        if hit is None:
            hit = memo[id(asset)] = self._workspace(asset)
        return hit

    def _workspace(self, asset):
        own = as_str(asset.data.get("workspace"))
        if own:
            return own
        if isinstance(asset, Campaign):
            if asset.program:
                return self.workspace(asset.program)
            folder = as_str(asset.data.get("folder"))  # a campaign outside any program
            return self.folder_workspace(folder.strip("/")) if folder else DEFAULT_WORKSPACE
        if isinstance(asset, Folder):
            return self.folder_workspace(asset.path.rpartition("/")[0]) if asset.path else DEFAULT_WORKSPACE
        if isinstance(asset, Program):
            return self.folder_workspace(asset.folder) if asset.folder else DEFAULT_WORKSPACE
        if isinstance(asset, SmartList):
            prog = self.resolve_program(asset.data.get("program"))
            if prog is not None:
                return self.workspace(prog)
            folder = as_str(asset.data.get("folder"))
            return self.folder_workspace(folder.strip("/")) if folder else DEFAULT_WORKSPACE
        return DEFAULT_WORKSPACE

    # -- the call graph ----------------------------------------------------------------------
    def _index_calls(self):
        for c in self.campaigns:
            cloned = c.data.get("clonedFrom")
            if is_ref(cloned) and self.resolve_campaign(cloned, c) is None:
                self.unresolved.append(Unresolved(c, ("clonedFrom",), "campaign", cloned))
            for step in c.steps:
                if step.action in (actions.EXECUTE, actions.REQUEST):
                    kind = "execute" if step.action == actions.EXECUTE else "request"
                    for prefix, attrs, own in step.variants():
                        if "campaign" not in own:
                            continue
                        self._add_call(kind, c, step, prefix, attrs["campaign"], attrs)
                elif step.action == actions.REMOVE_FROM_FLOW:
                    for prefix, _attrs, own in step.variants():
                        for k, ref in enumerate(as_list(own.get("campaigns"))):
                            if isinstance(ref, str) and ref.strip().lower() == THIS_CAMPAIGN:
                                continue
                            self._add_call("remove", c, step, prefix + ("campaigns", k), ref, None)
            self._index_filter_refs(c, ("smartList",), c.smart_list)
        for s in self.smart_lists:
            self._index_filter_refs(s, (), s.data)

    def _add_call(self, kind, caller, step, prefix, ref, attrs):
        path = prefix if kind == "remove" else prefix + ("campaign",)
        choice = prefix[3] if len(prefix) > 3 and prefix[2] == "choices" else None
        target = self.resolve_campaign(ref, caller) if is_ref(ref) else None
        use_ctx = bool(attrs and attrs.get("useParentTokenContext") is True)
        call = Call(kind, caller, step, choice, path, ref, target, use_ctx)
        self.calls.append(call)
        self.calls_from[caller].append(call)
        if target is None:
            if is_ref(ref):
                self.unresolved.append(Unresolved(caller, path, "campaign", ref))
        elif kind == "execute":
            self.callers[target].append(call)

    def _index_filter_refs(self, asset, prefix, rules):
        for j, flt in enumerate(as_list(rules.get("filters"))):
            if not isinstance(flt, dict):
                continue
            what = self.filter_ref_kind(flt)
            if what is None:
                continue
            for k, value in enumerate(as_list(flt.get("values"))):
                if is_ref(value) and self.resolve_filter_value(what, value, asset) is None:
                    self.unresolved.append(
                        Unresolved(asset, prefix + ("filters", j, "values", k), what, value, in_smart_list=True)
                    )

    @staticmethod
    def filter_ref_kind(flt: dict) -> str | None:
        """What the values of a filter name ("smart list", "campaign" or "program"), or None."""
        name = flt.get("name")
        if type(name) is not str:
            return None
        return _REF_FILTERS.get(name.strip().lower())

    def resolve_filter_value(self, what: str, value: Any, within: Asset | None = None) -> Asset | None:
        """The asset a value of a filter that names ``what`` resolves to, or None."""
        if what == "smart list":
            return self.resolve_smart_list(value)
        if what == "program":
            return self.resolve_program(value)
        return self.resolve_campaign(value, within if isinstance(within, Campaign) else None)

    def executable_steps(self) -> Iterator[tuple[Campaign, Step]]:
        """(campaign, step) of every step of every executable's flow, in document order."""
        for campaign in self.campaigns:
            if campaign.is_executable:
                for step in campaign.steps:
                    yield campaign, step

    def executes(self, campaign: Campaign) -> list[Call]:
        """Execute Campaign calls made by ``campaign`` (resolved or not)."""
        return [call for call in self.calls_from.get(campaign, ()) if call.kind == "execute"]


# the assets are importable from here too (the index is built of them): rules and analyses say
# ``from mkto_lint.project.index import Campaign, ProjectIndex``
__all__ = ["ProjectIndex", "Call", "Unresolved", "Duplicate", "Campaign", "Program", "Folder", "SmartList", "Step",
           "is_ref"]
