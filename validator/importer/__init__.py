"""Getting a real instance in: ``mkto-lint import`` turns saved Marketo REST responses (and
Adobe MCP tool output) into definition files; ``mkto-lint pull`` fetches them from a live
instance first. ``raw`` reads and recognises the saved responses, ``assets`` merges them into one
picture of the instance, ``mapping`` (with ``flow`` and ``smartlist``) turns assets into
documents, ``layout`` names the files and ``write`` writes them. ``client`` and ``pull`` are the
only network code of mkto-lint, imported by ``pull`` alone."""
