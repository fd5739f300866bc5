"""Reading: from a path on disk to parsed values. Discovery of definition files, the
regular-file check and size limit, decoding, the YAML 1.2 loader built on libyaml's events,
``json.loads`` with its depth check, and the pool that reads large projects on every core.
Nothing here knows positions (``positions``) or rules."""
