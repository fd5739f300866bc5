"""Where findings are born: the ``Rule`` contract that every module of ``mkto_lint.rules``
implements, rule discovery and selection (codes, prefixes, names), and running the selected
rules over the project index, a crashing rule becoming an internal error."""
