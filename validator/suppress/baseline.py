"""Baselines: adopt mkto-lint on a large instance and fail only on what is new.

``check --write-baseline FILE`` records the findings of today; ``check --baseline FILE`` then
drops the findings that the baseline holds and reports the rest. A finding is recognised by a
fingerprint that does not contain line numbers (the one the SARIF and GitLab reports use,
``report.common.fingerprints``): its code, its file (relative to the root), the *identity* of
its document (kind and name/path/id, not the document's position in the file), the path
inside that document (``/flow/2/attributes/campaign``) and its message. So inserting lines
or reordering the documents of a file keeps the baseline valid, while a new problem on the same
path of the same campaign is still "one more than recorded": fingerprints are counted.
"""

from __future__ import annotations

import json
from collections import Counter

from mkto_lint import __version__
from mkto_lint.errors import UsageError
from mkto_lint.report import pretty
from mkto_lint.report.common import fingerprints

FORMAT = 1


class BaselineError(UsageError):
    pass


def write(path, findings):
    counts = Counter()
    example = {}
    for f, fp in zip(findings, fingerprints(findings, unique=False)):
        counts[fp] += 1
        example.setdefault(fp, f)
    entries = [
        {"fingerprint": fp, "code": example[fp].code, "path": example[fp].target.file.rel,
         "message": example[fp].message, "count": counts[fp]}
        for fp in sorted(counts, key=lambda k: (example[k].target.file.rel, example[k].code, k))
    ]
    text = pretty.dumps({"format": FORMAT, "tool": "mkto-lint %s" % __version__, "findings": entries}) + "\n"
    from mkto_lint import atomic

    try:
        atomic.write(path, text, "the baseline")
    except atomic.WriteError as exc:
        raise UsageError(str(exc)) from None
    return len(entries)


def load(path):
    from mkto_lint.read.files import NotRead, read_text

    try:
        data = json.loads(read_text(path))
    except NotRead as exc:
        raise BaselineError("cannot read the baseline %s: %s" % (path, exc)) from None
    except OSError as exc:
        raise BaselineError("cannot read the baseline %s: %s" % (path, exc.strerror or exc)) from None
    except RecursionError:
        raise BaselineError("the baseline %s is not valid JSON: nesting is too deep" % path) from None
    except ValueError as exc:
        raise BaselineError("the baseline %s is not valid JSON: %s" % (path, exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError("%s is not a mkto-lint baseline (format %d)" % (path, FORMAT))
    counts = Counter()
    for entry in data["findings"]:
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            count = entry.get("count", 1)
            counts[entry["fingerprint"]] += count if isinstance(count, int) and count > 0 else 1
    return counts


def filter_new(findings, counts):
    """The findings that the baseline does not account for (each recorded one is used once)."""
    left = Counter(counts)
    new = []
    for f, fp in zip(findings, fingerprints(findings, unique=False)):
        if left[fp] > 0:
            left[fp] -= 1
        else:
            new.append(f)
    return new
