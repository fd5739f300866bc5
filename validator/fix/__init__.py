"""``--fix``: the repairs rules offer, as text edits on the original file (``edits``, ``render``),
applied in rounds (``apply``, ``rounds``) and shown as a unified diff (``diff``)."""
