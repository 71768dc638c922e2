"""evcat: event catalog as code — a catalog folder in; findings, a site or code out.

The stages, each a package: ``catalog`` reads the folder into one model, ``rules`` checks it (with
``schemas``, ``compat`` and ``mdx``), ``reporters`` print the findings, ``render`` builds the site and
``snippets`` the producer/consumer code. ``cli`` and ``plugin`` are the entry points. docs/architecture.md
draws the house and the import contract that keeps it.
"""

__version__ = "0.1.0"
