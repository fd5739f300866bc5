"""The project model: a ``SourceFile`` and its ``Document``s (``source``), the assets they
define (``assets``: programs, folders, smart lists, campaigns and their flow steps), and the
``ProjectIndex`` that every rule reads (assets by id and name, workspaces, folders, references,
the call graph), with the table of flow action names. Built once per run, after reading,
before the rules."""
