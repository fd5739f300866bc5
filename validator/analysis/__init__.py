"""Analyses several rules share, each computed once per run through ``ctx.analysis``: the
Execute Campaign call graph (levels, cycles), smart-list validity and filter logic, the
token table of every document, and the My Token contexts (program and folder chains)."""
