"""The dry-run evaluator (``mkto-lint resolve``): which steps of a campaign run, in what order,
through every Execute Campaign and its token context, what every token resolves to, and who
qualifies for a smart list. It produces a Trace; ``report.trace`` prints it."""
