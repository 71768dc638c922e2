"""READ — a catalog folder in, one ``Catalog`` (plus the diagnostics found on the way) out.

discover (folder names → ``SourceFile``s) → files (the only reader of catalog files: refuses what
escapes the catalog, links, FIFOs, oversized and non-UTF-8 files) → frontmatter (YAML with positions,
bounded) → documents (a parsed document → a model object) → assemble (pointers resolved through the one
version resolver in ``versions``) → ``model`` (frozen dataclasses, no I/O). ``load`` runs it all;
``summary`` counts what was read (``evcat inspect``); ``links`` says which resource a body link names.
"""
