"""The call graph as a picture: a model of what is drawn (``model``), its layered layout
(``layout``), and its writers (``svg`` for the HTML report, ``dot`` and ``mermaid`` for
``mkto-lint graph``)."""
