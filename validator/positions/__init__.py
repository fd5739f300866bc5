"""Positions, paid for only by what is reported: a finding's target (file, document, path
inside it) becomes a line:column span here, by composing the YAML again with marks or by
parsing the JSON with offsets; ``scalarpos`` finds a place inside a quoted or block scalar."""
