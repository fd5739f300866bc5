"""Analyses several rules (and the dry-run evaluator) share, each computed once per run: the
Execute Campaign call graph (``callgraph``, built by ``callgraph_build``), smart-list validity
(``smartlists``, one list's own defects in ``smartlist_defects``) and advanced filter logic with
its three-valued logic (``filter_logic``), the tokens of every document (``tokens``), My Token
chains (``token_chains``), the static token contexts of the TOK rules (``contexts``) and the
evaluator's run contexts (``run_context``), with the helpers ``values`` and ``messages``."""
