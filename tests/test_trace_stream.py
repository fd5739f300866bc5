"""`resolve --all` streams its output; the stream is exactly the whole document's text."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from mkto_lint import config
from mkto_lint.evaluate import evaluator
from mkto_lint.report import trace
from mkto_lint.cli.resolve import load_index


def traces():
    cfg = config.load(EXAMPLES)
    index, _files = load_index(EXAMPLES, cfg, EXAMPLES)
    out = []
    for campaign in index.campaigns:
        if not campaign.is_executable:
            out.append(evaluator.evaluate(index, evaluator.RunSpec(campaign=campaign), max_depth=3))
    assert len(out) >= 3
    return out


def test_streamed_json_is_the_whole_documents_text():
    runs = traces()
    whole = json.dumps({"schemaVersion": trace.TRACE_SCHEMA_VERSION, "runs": [trace.to_dict(t) for t in runs]},
                       indent=2, ensure_ascii=False) + "\n"
    assert trace.render_all_json(runs) == whole
    assert trace.render_all_json([]) == json.dumps({"schemaVersion": trace.TRACE_SCHEMA_VERSION, "runs": []},
                                                   indent=2) + "\n"


def test_streamed_text_counts_the_campaigns():
    runs = traces()
    lines = "".join(trace.iter_all_text(iter(runs))).splitlines()
    assert lines[-1] == "%d campaigns resolved" % len(runs)
    assert len(lines) == len(runs) + 1
