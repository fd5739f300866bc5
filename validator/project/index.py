"""The project index: every document of the root, by kind, id and name, with references
resolved and the campaign call graph built once for all rules.

Documents may be schema-invalid (the schema finding is reported separately), so every accessor
here is defensive: a field of the wrong type reads as missing.
"""

from __future__ import annotations

from collections import defaultdict

from mkto_lint.project import actions
from mkto_lint import codes
from mkto_lint.findings import AT_VALUE

DEFAULT_WORKSPACE = "Default"
THIS_CAMPAIGN = "this campaign"
MEMBER_OF_SMART_LIST = "member of smart list"
MEMBER_OF_SMART_CAMPAIGN = "member of smart campaign"
MEMBER_OF_PROGRAM = "member of program"
# the filters whose values name assets, by name in lower case -> what their values name
_REF_FILTERS = {MEMBER_OF_SMART_LIST: "smart list", MEMBER_OF_SMART_CAMPAIGN: "campaign", MEMBER_OF_PROGRAM: "program"}


def _str(value):
    return value if isinstance(value, str) and value != "" else None


def _int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _list(value):
    return value if isinstance(value, list) else []


def _dict(value):
    return value if isinstance(value, dict) else {}


def is_ref(value):
    return _int(value) is not None or _str(value) is not None


class Asset:
    kind = ""

    def __init__(self, doc):
        self.doc = doc
        self.data = doc.data
        self.id = _int(self.data.get("id"))
        self.name = _str(self.data.get("name"))

    @property
    def tokens(self):
        return [t for t in _list(self.data.get("tokens")) if isinstance(t, dict) and _str(t.get("name"))]

    def target(self, path=(), at=AT_VALUE):
        return self.doc.target(path, at)

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.label)

    @property
    def label(self):
        return self.name or "?"


class Folder(Asset):
    kind = "Folder"

    @property
    def path(self):
        value = _str(self.data.get("path"))
        return value.strip("/") if value else None

    @property
    def label(self):
        return self.path or "?"


class Program(Asset):
    kind = "Program"

    @property
    def folder(self):
        value = _str(self.data.get("folder"))
        return value.strip("/") if value else None

    @property
    def type(self):
        return _str(self.data.get("type")) or "default"


class SmartList(Asset):
    kind = "SmartList"

    @property
    def rules(self):
        return self.data


class Step:
    """A flow step: its canonical action, attributes (the Default choice) and choices."""

    __slots__ = ("campaign", "index", "data", "action", "raw_action")

    def __init__(self, campaign, index, data):
        self.campaign = campaign
        self.index = index
        self.data = data
        self.raw_action = data.get("action")
        self.action = actions.canonical(self.raw_action)

    @property
    def path(self):
        return ("flow", self.index)

    @property
    def attributes(self):
        return _dict(self.data.get("attributes"))

    @property
    def choices(self):
        return [c if isinstance(c, dict) else {} for c in _list(self.data.get("choices"))]

    def variants(self):
        """(path prefix, effective attributes, own attributes) of the Default and of every
        choice that acts. A choice gives only the attributes it changes; the rest come from the
        Default.
        """
        default = self.attributes
        yield self.path + ("attributes",), default, default
        for j, choice in enumerate(self.choices):
            if choice.get("doNothing") is True:
                continue
            own = _dict(choice.get("attributes"))
            merged = dict(default)
            merged.update(own)
            yield self.path + ("choices", j, "attributes"), merged, own

    def target(self, path=(), at=AT_VALUE):
        return self.campaign.target(self.path + tuple(path), at)


class Campaign(Asset):
    kind = "SmartCampaign"

    def __init__(self, doc):
        super().__init__(doc)
        data = self.data
        self.program = None  # Program, once resolved
        self.program_name = _str(data.get("program"))
        self.steps = [Step(self, i, s) for i, s in enumerate(_list(data.get("flow"))) if isinstance(s, dict)]
        # asked by most rules of every campaign: attributes, not properties
        self.is_executable = data.get("isExecutable") is True
        self.is_active = data.get("isActive") is True
        self.is_requestable = data.get("isRequestable") is True

    @property
    def label(self):
        return "%s.%s" % (self.program_name or "?", self.name or "?")

    @property
    def smart_list(self):
        return _dict(self.data.get("smartList"))

    @property
    def triggers(self):
        return [t for t in _list(self.smart_list.get("triggers")) if isinstance(t, dict)]

    @property
    def filters(self):
        return [f for f in _list(self.smart_list.get("filters")) if isinstance(f, dict)]

    @property
    def is_trigger(self):
        return bool(self.triggers)

    @property
    def is_batch(self):
        return not self.triggers

    def has_trigger(self, name):
        want = name.lower()
        return any(_str(t.get("name")) and t["name"].strip().lower() == want for t in self.triggers)


class Call:
    """An edge of the call graph: a flow step (or one of its choices) naming a campaign."""

    __slots__ = ("kind", "caller", "step", "choice", "path", "ref", "target", "use_parent_context")

    def __init__(self, kind, caller, step, choice, path, ref, target, use_parent_context):
        self.kind = kind  # "execute" | "request" | "remove"
        self.caller = caller
        self.step = step
        self.choice = choice  # index of the choice, or None for the step's own attributes
        self.path = path  # document path of the reference value
        self.ref = ref
        self.target = target  # Campaign or None
        self.use_parent_context = use_parent_context

    def location(self):
        return self.caller.target(self.path)

    def __repr__(self):
        return "<Call %s %s -> %s>" % (self.kind, self.caller.label, self.target.label if self.target else self.ref)


class Unresolved:
    __slots__ = ("asset", "path", "what", "ref", "in_smart_list")

    def __init__(self, asset, path, what, ref, in_smart_list=False):
        self.asset = asset
        self.path = path
        self.what = what  # "campaign" | "program" | "smart list" | "folder"
        self.ref = ref
        self.in_smart_list = in_smart_list


class Duplicate:
    __slots__ = ("asset", "first", "path", "message")

    def __init__(self, asset, first, path, message):
        self.asset = asset
        self.first = first
        self.path = path
        self.message = message


class ProjectIndex:
    def __init__(self, documents):
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
        self.requesters = defaultdict(list)  # Campaign -> [Call] of kind request
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
            if c.program_name is None and _int(own) is not None:  # the program given by id
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
            folder = _str(s.data.get("folder"))
            if folder and not self.folder_exists(folder.strip("/")):
                self.unresolved.append(Unresolved(s, ("folder",), "folder", folder))

    def folder_exists(self, path):
        return path.strip("/") in self.known_folder_paths

    def resolve_program(self, ref):
        if _int(ref) is not None:
            return self.program_by_id.get(ref)
        if _str(ref) is not None:
            return self.program_by_name.get(ref)
        return None

    def resolve_smart_list(self, ref):
        if _int(ref) is not None:
            return self.smart_list_by_id.get(ref)
        if _str(ref) is not None:
            return self.smart_list_by_name.get(ref)
        return None

    def resolve_campaign(self, ref, within=None):
        """A campaign reference (format.md) to a Campaign, or None.

        ``within`` is the campaign the reference is written in: a bare name means a campaign of
        its program. ``"Program.Campaign"`` matches the program whose name is the longest prefix
        followed by a dot (program names may contain dots).
        """
        if _int(ref) is not None:
            return self.campaign_by_id.get(ref)
        ref = _str(ref)
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

    # -- workspaces --------------------------------------------------------------------------
    def folder_workspace(self, path):
        while path:
            folder = self.folder_by_path.get(path)
            if folder is not None and _str(folder.data.get("workspace")):
                return folder.data["workspace"]
            path = path.rpartition("/")[0]
        return DEFAULT_WORKSPACE

    def workspace(self, asset):
        """The asset's workspace: its own, else its program's or folder's, else ``Default``."""
        memo = self._workspaces
        hit = memo.get(id(asset))
        if hit is None:
            hit = memo[id(asset)] = self._workspace(asset)
        return hit

    def _workspace(self, asset):
        own = _str(asset.data.get("workspace"))
        if own:
            return own
        if isinstance(asset, Campaign):
            return self.workspace(asset.program) if asset.program else DEFAULT_WORKSPACE
        if isinstance(asset, Folder):
            return self.folder_workspace(asset.path.rpartition("/")[0]) if asset.path else DEFAULT_WORKSPACE
        if isinstance(asset, Program):
            return self.folder_workspace(asset.folder) if asset.folder else DEFAULT_WORKSPACE
        if isinstance(asset, SmartList):
            prog = self.resolve_program(asset.data.get("program"))
            if prog is not None:
                return self.workspace(prog)
            folder = _str(asset.data.get("folder"))
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
                        for k, ref in enumerate(_list(own.get("campaigns"))):
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
        elif kind == "request":
            self.requesters[target].append(call)

    def _index_filter_refs(self, asset, prefix, rules):
        for j, flt in enumerate(_list(rules.get("filters"))):
            if not isinstance(flt, dict):
                continue
            what = self.filter_ref_kind(flt)
            if what is None:
                continue
            for k, value in enumerate(_list(flt.get("values"))):
                if is_ref(value) and self.resolve_filter_value(what, value, asset) is None:
                    self.unresolved.append(
                        Unresolved(asset, prefix + ("filters", j, "values", k), what, value, in_smart_list=True)
                    )

    @staticmethod
    def filter_ref_kind(flt):
        name = flt.get("name")
        if type(name) is not str:
            return None
        return _REF_FILTERS.get(name.strip().lower())

    def resolve_filter_value(self, what, value, within=None):
        if what == "smart list":
            return self.resolve_smart_list(value)
        if what == "program":
            return self.resolve_program(value)
        return self.resolve_campaign(value, within if isinstance(within, Campaign) else None)

    def executable_steps(self):
        """(campaign, step) of every step of every executable's flow, in document order."""
        for campaign in self.campaigns:
            if campaign.is_executable:
                for step in campaign.steps:
                    yield campaign, step

    def executes(self, campaign):
        """Execute Campaign calls made by ``campaign`` (resolved or not)."""
        return [call for call in self.calls_from.get(campaign, ()) if call.kind == "execute"]


__all__ = ["ProjectIndex", "Campaign", "Program", "Folder", "SmartList", "Step", "Call", "codes"]
