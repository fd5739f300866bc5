"""The dry-run evaluator (``mkto-lint resolve``): which steps of a campaign run, in what order,
through every Execute Campaign and its token context, what every token resolves to, and who
qualifies for a smart list. ``runspec`` says what starts a run, ``evaluator`` walks it,
``qualify`` judges a person against a smart list, and ``traces`` holds the result (a Trace),
which ``report.trace`` prints."""
