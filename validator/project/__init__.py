"""The project model: a ``SourceFile`` and its ``Document``s, and the ``ProjectIndex`` that
every rule reads (assets by id and name, workspaces, folders, references, flow steps), with
the table of flow action names. Built once per run, after reading, before the rules."""
