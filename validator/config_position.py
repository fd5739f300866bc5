"""Where in a configuration file a setting is: ``line:column`` for configuration errors.

Asked only when a configuration is wrong (a clean run never composes the file again). For
``.mkto-lint.yaml`` the file is composed by PyYAML, whose nodes keep their marks; for
``pyproject.toml`` (``tomllib`` keeps no positions) the key's line inside ``[tool.mkto-lint]``
is found by its text. A path that cannot be found gives None: the error then names the file
alone, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def in_yaml(text: str, path: Sequence, at_key: bool = False) -> tuple[int, int] | None:
    """1-based (line, column) of the value at ``path`` (of its key with ``at_key``)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    key_node = None
    for elem in path:
        if isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(elem)]
            if not found:
                return None
            key_node, node = found[-1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(elem, int) and 0 <= elem < len(node.value):
            key_node, node = None, node.value[elem]
        else:
            return None
    target = key_node if at_key and key_node is not None else node
    if target is None:
        return None
    return target.start_mark.line + 1, target.start_mark.column + 1


_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*(\"mkto-lint\"|'mkto-lint'|mkto-lint)\s*\]\s*(#.*)?$")
_HEADER = re.compile(r"^\s*\[")


def in_toml(text: str, path: Sequence) -> tuple[int, int] | None:
    """1-based (line, column) of the first key of ``path`` in the ``[tool.mkto-lint]`` table."""
    if not path:
        return None
    key = re.compile(r"^(\s*)(\"%s\"|'%s'|%s)\s*=" % ((re.escape(str(path[0])),) * 3))
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if _TABLE.match(line):
            inside = True
        elif _HEADER.match(line):
            inside = False
        elif inside:
            match = key.match(line)
            if match:
                return number, len(match.group(1)) + 1
    return None


__all__ = ["in_yaml", "in_toml"]
