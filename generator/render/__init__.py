"""RENDER — a checked ``Catalog`` and its diagnostics in, a site out.

``generate`` decides which pages exist and writes their Markdown (only what changed) from the page
contexts in ``context/`` (one module per page kind) through ``templating`` (Jinja, the user's template
folder first); ``components`` answers the MDX translator's questions with rendered partials; ``graphs``
draws Mermaid; ``urls`` places every page; ``pages`` holds what page contexts share; ``mkdocs_build``
runs MkDocs for ``evcat build``/``serve`` into output folders guarded by ``outputs``; ``progress`` shows
how far a build is and writes its closing summary line.
"""
