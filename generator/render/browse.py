"""Browse pages: every latest resource of a kind in one table, and the tags index, split into pages.

A catalog of 10,000 events would put 10,000 rows on one page (several MB of HTML, slow to open, and the
navigation of every page would list them all). Tables hold at most ``ROWS_PER_PAGE`` rows; the first page
keeps the collection's address (``messages.md``), the others go to a folder no resource page can take
(``browse/messages/page-2.md``; resource pages live under their kind's folder), each with a pager.
Navigation sections longer than ``NAV_SECTION_LIMIT`` entries link to their browse page.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from generator.catalog.model import Kind, Resource
from generator.catalog.pagenames import page_names
from generator.render.pages import PageSpec
from generator.render.urls import Urls, relative

ROWS_PER_PAGE = 500
NAV_SECTION_LIMIT = 60  # beyond this many entries, a navigation section is a link to its browse page

Row = Callable[[str, Resource], dict[str, Any]]


def page_paths(first: str, more: str, count: int) -> list[str]:
    """The paths of ``count`` pages of a collection: ``first``, then ``more/page-2.md`` …"""
    return [first] + [posixpath.join(more, f"page-{number}.md") for number in range(2, count + 1)]


def paginated(first: str, more: str, template: str, items: Sequence[Any],
              context: Callable[[str, Sequence[Any]], dict], per_page: int = ROWS_PER_PAGE) -> list[PageSpec]:
    """One page spec per slice of ``items`` (pages after the first in folder ``more``); ``context(page,
    slice)`` gives each page's own context, to which the pager (page links, previous/next, which rows) is
    added."""
    count = max(1, -(-len(items) // per_page))
    paths = page_paths(first, more, count)
    specs = []
    for index, path in enumerate(paths):
        chunk = items[index * per_page:(index + 1) * per_page]
        pager = None
        if count > 1:
            pager = {
                "pages": [{"number": n + 1, "url": relative(path, p), "current": n == index}
                          for n, p in enumerate(paths)],
                "previous": relative(path, paths[index - 1]) if index else None,
                "next": relative(path, paths[index + 1]) if index + 1 < count else None,
                "first": index * per_page + 1, "last": index * per_page + len(chunk), "total": len(items),
            }
        specs.append(PageSpec(path, template, context(path, chunk) | {"pager": pager}))
    return specs


def kind_pages(urls: Urls, kind: Kind, label: str, resources: Sequence[Resource], row: Row) -> list[PageSpec]:
    """The browse pages of one kind without a table of its own (domains, channels, teams …)."""
    return paginated(urls.browse(kind.plural), more_pages(urls, kind.plural), "browse_resources.md.j2", resources,
                     lambda page, chunk: {"title": f"All {label.lower()}", "label": label,
                                          "rows": [row(page, r) for r in chunk]})


def tag_pages(urls: Urls, latest: Sequence[Resource], link: Callable[[str, Any], dict[str, Any]]) -> list[PageSpec]:
    """The tags index (every badge with how many pages carry it) and one paginated page per tag."""
    tagged: dict[str, list[Resource]] = defaultdict(list)
    for resource in latest:
        for tag in sorted({b.content.strip() for b in resource.badges if b.content.strip()}):
            tagged[tag].append(resource)
    names = page_names(tagged)
    index = urls.browse("tags")
    folder = index[: -len(".md")]
    pages: list[PageSpec] = []
    rows = []
    for tag in sorted(tagged, key=str.casefold):
        # Each tag a folder of its own: its later pages cannot meet another tag's name.
        first = posixpath.join(folder, names[tag], "index.md")
        rows.append({"tag": tag, "count": len(tagged[tag]), "url": relative(index, first)})
        pages += paginated(first, posixpath.dirname(first), "tag.md.j2", tagged[tag],
                           lambda page, chunk, tag=tag: {"tag": tag, "rows": [
                               link(page, r.key) | {"kind": r.kind.value, "summary": _first_line(r.summary)}
                               for r in chunk]})
    return [PageSpec(index, "tags.md.j2", {"tags": rows}), *pages]


def more_pages(urls: Urls, name: str) -> str:
    """The folder of a browse collection's pages after the first."""
    return urls.browse(posixpath.join("browse", name))[: -len(".md")]


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""
