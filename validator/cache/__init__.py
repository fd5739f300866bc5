"""The cache (``.mkto-lint-cache/`` at the root, ``cache-dir`` in the configuration): what
reading each file found, kept between runs so that an unchanged file is not read or parsed
again. Keyed so that it cannot give a stale answer (``key``); stored atomically and ignored
when it is not exactly what this mkto-lint wrote (``store``); used by ``reuse``."""
