"""Generate a synthetic, clean Marketo instance of N campaigns for the benchmarks.

One YAML file per asset (``yaml/``) and the same documents as one bulk JSON list
(``bulk/export.json``). Every 10th program is an operational library holding a chain of three
executables (Parent > Child > Child > Child is the deepest allowed); the other programs' campaigns
are trigger or batch campaigns of 50-80 lines that call them, with choices, tokens and waits.

    python benchmarks/generate.py OUT_DIR [--campaigns 10000]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml

PER_PROGRAM = 10


def _filters(rng, k):
    pool = [
        {"name": "Email Address", "operator": "is not empty"},
        {"name": "Unsubscribed", "operator": "is false"},
        {"name": "Country", "operator": "is", "values": ["Germany", "France", "Spain"]},
        {"name": "Job Title", "operator": "contains", "values": ["VP", "Director"]},
        {"name": "Lead Score", "operator": "greater than", "values": [20]},
        {"name": "Visited Web Page", "operator": "is", "values": ["/pricing"],
         "conditions": [{"name": "Date of Activity", "operator": "in past", "values": ["30 days"]}]},
    ]
    return rng.sample(pool, k)


def build(n_campaigns, seed=1):
    rng = random.Random(seed)
    docs = []  # (relative path, document)
    n_programs = max(1, n_campaigns // PER_PROGRAM)
    docs.append(("folders.yaml", {"kind": "Folder", "path": "Operations",
                                  "tokens": [{"name": "Company", "type": "text", "value": "Example Corp"}]}))
    docs.append(("folders-events.yaml", {"kind": "Folder", "path": "Events/Webinars"}))
    campaign_id = 100000
    libraries = []
    for p in range(n_programs):
        library = p % 10 == 0
        pname = ("OP-Library %05d" if library else "EV-Program %05d") % p
        docs.append(("p%05d/program.yaml" % p, {
            "kind": "Program", "id": 10000 + p, "name": pname,
            "folder": "Operations" if library else "Events/Webinars",
            "type": "default" if library else "event",
            # libraries define the Score their executables use; event programs define a Bonus
            # instead, so the executables fall back to their own Score in every context
            # (a caller's Score would shadow it: TOK007)
            "tokens": [{"name": "Score" if library else "Bonus", "type": "score", "value": "+%d" % rng.randint(1, 20)},
                       {"name": "Event Name", "type": "text", "value": "Event %d" % p}],
        }))
        docs.append(("p%05d/eligible.yaml" % p, {
            "kind": "SmartList", "id": 50000 + p, "name": "Eligible %05d" % p, "program": pname,
            "filterMatchType": "advanced", "filterLogic": "1 and (2 or 3)", "filters": _filters(rng, 3),
        }))
        for c in range(PER_PROGRAM):
            campaign_id += 1
            executable = library and c < 3
            name = ("Exec %d" % c) if executable else ("Campaign %d" % c)
            flow = []
            if executable:
                if c < 2:
                    flow.append({"action": "Execute Campaign", "attributes": {
                        "campaign": "%s.Exec %d" % (pname, c + 1), "useParentTokenContext": True}})
                flow.append({"action": "Change Score", "attributes": {"scoreName": "Behavior Score", "change": "{{my.Score}}"}})
                flow.append({"action": "Change Data Value", "attributes": {"attribute": "Lead Status", "newValue": "MQL"},
                             "choices": [{"if": {"name": "Country", "operator": "is", "values": ["Germany"]},
                                          "attributes": {"newValue": "MQL-DE"}}]})
                smart = {"filterMatchType": "all", "filters": [
                    {"name": "Member of Smart List", "operator": "in", "values": ["Eligible %05d" % p]}]}
                doc = {"kind": "SmartCampaign", "id": campaign_id, "name": name, "program": pname,
                       "description": "Shared operational flow %d of %s" % (c, pname),
                       "isExecutable": True, "qualificationRuleType": "any", "smartList": smart, "flow": flow}
                if c == 0:
                    libraries.append(pname)
            else:
                trigger = c % 2 == 0
                smart = {"filterMatchType": "all", "filters": _filters(rng, 2)}
                if trigger:
                    smart["triggers"] = [{"name": "Fills Out Form", "operator": "is", "values": ["Form %d" % c],
                                          "conditions": [{"name": "Web Page", "operator": "is", "values": ["/form/%d" % c]}]}]
                flow.append({"action": "Send Email", "attributes": {"email": "%s.Email %d" % (pname, c)}})
                flow.append({"action": "Interesting Moment", "attributes": {
                    "type": "Web", "description": "{{my.Event Name}}: {{lead.First Name:default=friend}}"}})
                if libraries:
                    flow.append({"action": "Execute Campaign", "attributes": {
                        "campaign": "%s.Exec 0" % rng.choice(libraries[-5:]), "useParentTokenContext": not library and rng.random() < 0.5}})
                flow.append({"action": "Change Score", "attributes": {"scoreName": "Behavior Score", "change": "+5"},
                             "choices": [{"if": {"name": "Job Title", "operator": "contains", "values": ["VP"]},
                                          "attributes": {"change": "+20"}},
                                         {"if": {"name": "Country", "operator": "is", "values": ["Narnia"]},
                                          "doNothing": True}]})
                if trigger:
                    flow.append({"action": "Wait", "attributes": {"duration": "%d days" % rng.randint(1, 7)}})
                    flow.append({"action": "Send Alert", "attributes": {"sendTo": "owner", "email": "Alert"}})
                doc = {"kind": "SmartCampaign", "id": campaign_id, "name": name, "program": pname,
                       "description": "Campaign %d of %s" % (c, pname),
                       "isActive": trigger, "qualificationRuleType": "once", "smartList": smart, "flow": flow}
                if not trigger:
                    doc["schedule"] = {"runAt": "2026-12-01T09:00:00Z"}
            docs.append(("p%05d/c%02d.yaml" % (p, c), doc))
    return docs


def write(out, n_campaigns):
    out = Path(out)
    docs = build(n_campaigns)
    ydir = out / "yaml"
    for rel, doc in docs:
        path = ydir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    bulk = out / "bulk"
    bulk.mkdir(parents=True, exist_ok=True)
    (bulk / "export.json").write_text(json.dumps([d for _r, d in docs], indent=1), encoding="utf-8")
    # a 40,000-campaign export is over the default max-file-size (50 MiB)
    (bulk / ".mkto-lint.yaml").write_text("max-file-size: 1073741824\n", encoding="utf-8")
    return ydir, bulk / "export.json", len(docs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--campaigns", type=int, default=10000)
    args = ap.parse_args()
    ydir, bulk, n = write(args.out, args.campaigns)
    print("wrote %d documents to %s and %s" % (n, ydir, bulk))


if __name__ == "__main__":
    main()
