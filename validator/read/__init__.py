"""Reading: from a path on disk to parsed values. Discovery of definition files, the
regular-file check and size limit, and the pool that reads large projects on every core
(``discover``, ``files``); decoding (``decode``); the fast reader (``parse``): the YAML 1.2
loader built on libyaml's events (``yaml12``, ``yaml_core``, ``yaml_build``) and ``json.loads``
with its checks (``jsonload``), within what a document may cost (``limits``). Nothing here
knows rules; the few reading problems that need a position ask ``positions`` for it."""
