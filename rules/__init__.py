"""mkto-lint's rules: one module per rule (or per small family), named after its code.

The registry (``mkto_lint.ruleset.registry.all_rules``) finds every ``Rule`` subclass of every module
here; ``mkto-lint rules`` lists them and ``mkto-lint rule CODE`` prints a rule's documentation.
"""
