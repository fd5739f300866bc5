"""What a cache entry is valid for: the run's key (mkto-lint's version and code, the schemas'
content, the configuration values that change what reading a file finds) and a file's identity
(its stat, and the hash of its bytes when the stat alone cannot be trusted)."""

from __future__ import annotations

import os
import stat

# A file modified less than this long before it was read may be modified again within the same
# file-system timestamp (2 s on FAT, 1 s on some network file systems) with the same size: its
# stat then says nothing, and the next run compares the content's hash instead ("racily clean",
# as git calls it).
RACY_NS = 3_000_000_000
FORMAT = 2  # the entries' layout: a cache of another layout has another key, and is never read


def run_key(config) -> bytes:
    """The digest of everything besides a file's bytes that what reading it finds depends on:
    mkto-lint's version and code, the schemas, the parsers, the interpreter, the settings.

    mkto-lint's version alone would not do for a development install, whose code changes
    without a new version: the size and time of every module (the rules' too: the results cache
    shares the key) go in (a hundred ``stat`` calls), and the schemas' content."""
    import hashlib

    import mkto_lint
    from mkto_lint import rules, schemas

    h = hashlib.blake2b(digest_size=16)
    h.update(("mkto-lint %s, cache format %d\n" % (mkto_lint.__version__, FORMAT)).encode())
    for package in (os.path.dirname(mkto_lint.__file__), os.path.dirname(rules.__file__),
                    os.path.dirname(schemas.__file__)):
        for folder, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(folder, name))
                    h.update(("%s/%s %d %d\n" % (folder, name, st.st_size, st.st_mtime_ns)).encode())
                elif name.endswith(".json"):
                    with open(os.path.join(folder, name), "rb") as handle:
                        h.update(handle.read())
    # the parsers and the validator (an upgrade of libyaml changed what deep nesting reports) and
    # the interpreter: by their files, since jsonschema-rs tells no version
    import sys

    h.update(sys.version.encode())
    for where in _parser_files():
        st = os.stat(where)
        h.update(("%s %d %d\n" % (where, st.st_size, st.st_mtime_ns)).encode())
    # the values reading depends on (the rules and severities run again on every run)
    h.update(repr((config.max_file_bytes, config.max_alias_nodes, config.max_depth)).encode())
    return h.digest()


def _parser_files() -> list:
    """PyYAML's and jsonschema-rs's module files and PyYAML's C extension, found without
    importing them (25 ms that a run answered from the cache does not need)."""
    from importlib.machinery import PathFinder  # importlib.util costs an import of its own

    out = []
    for name in ("yaml", "jsonschema_rs"):
        spec = PathFinder.find_spec(name)
        if spec is None or not spec.origin:
            continue
        out.append(spec.origin)
        if name == "yaml":
            folder = os.path.dirname(spec.origin)
            out += sorted(os.path.join(folder, e) for e in os.listdir(folder) if e.startswith("_yaml."))
    return out


def identity(st: os.stat_result) -> tuple | None:
    """A regular file's stat as the cache compares it (size, modified and changed times, inode),
    or None for what is never cached (links, whose target may leave the root; devices, pipes)."""
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def racy(ident: tuple, now_ns: int) -> bool:
    """Whether a file with this identity, read at ``now_ns``, may change without its stat
    showing it: then only its hash is trusted next time."""
    return max(ident[1], ident[2]) > now_ns - RACY_NS


__all__ = ["run_key", "identity", "racy", "RACY_NS"]
