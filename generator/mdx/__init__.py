"""MDX bodies → Markdown for Python-Markdown + pymdownx (catalog-format.md §7).

EventCatalog pages are MDX: Markdown plus ESM ``import``/``export`` lines, JSX comments, ``{expressions}``,
JSX components and Docusaurus-style ``:::`` directives. :func:`translate` turns one body into Markdown for
the extensions site.md configures (admonition, attr_list, md_in_html, tables, pymdownx.details,
superfences, tabbed with ``alternate_style``). Everything that needs the catalog (graphs, schema tables,
resource links, files) is asked of a :class:`ComponentContext`; this module does no I/O and keeps no state
between calls. Problems never raise: they come back as :class:`MdxFinding` records and are also shown on
the page, so nothing the author wrote disappears silently.

Why a hand-written parser: no maintained Python MDX parser exists. MDX's own parser is JavaScript
(micromark + acorn); the Python Markdown engines (Python-Markdown, markdown-it-py, mistletoe) have no
JSX/MDX extension, and the PyPI packages named ``mdx_*`` are Python-Markdown extensions, not MDX parsers.
Catalogs use a small subset of MDX, so a lexer (fences, code spans, tags, braces, directives) plus a
stack-based tree builder is enough and lets nested components (Tabs > Admonition, Accordion > Tiles) work."""

from __future__ import annotations

from generator.mdx.model import BAD_EXPRESSION, UNRESOLVED, UNSUPPORTED, ComponentContext, MdxFinding, MdxResult
from generator.mdx.translator import translate

__all__ = ["BAD_EXPRESSION", "ComponentContext", "MdxFinding", "MdxResult", "UNRESOLVED", "UNSUPPORTED", "translate"]
