"""Catalog → pages: which pages exist and the ready context each template presents.

``build_pages`` returns ``PageSpec``s (a Markdown page from a template and a context) and ``Asset``s (files
published beside pages, e.g. schemas for download). Rendering and writing happen in ``site.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from generator.catalog.model import Catalog, Domain, Edge, Key, Kind, Notice, Resource
from generator.diagnostics import Diagnostic, Diagnostics, Severity
from generator.render import graph_layout, graphs
from generator.render.urls import Urls, relative

# Tailwind palette names EventCatalog badges use → (background, text) chip colours.
_PALETTE = {
    "slate": ("#e2e8f0", "#1e293b"), "gray": ("#e5e7eb", "#1f2937"), "zinc": ("#e4e4e7", "#27272a"),
    "neutral": ("#e5e5e5", "#262626"), "stone": ("#e7e5e4", "#292524"), "red": ("#fee2e2", "#991b1b"),
    "orange": ("#ffedd5", "#9a3412"), "amber": ("#fef3c7", "#92400e"), "yellow": ("#fef9c3", "#854d0e"),
    "lime": ("#ecfccb", "#3f6212"), "green": ("#dcfce7", "#166534"), "emerald": ("#d1fae5", "#065f46"),
    "teal": ("#ccfbf1", "#115e59"), "cyan": ("#cffafe", "#155e75"), "sky": ("#e0f2fe", "#075985"),
    "blue": ("#dbeafe", "#1e40af"), "indigo": ("#e0e7ff", "#3730a3"), "violet": ("#ede9fe", "#5b21b6"),
    "purple": ("#f3e8ff", "#6b21a8"), "fuchsia": ("#fae8ff", "#86198f"), "pink": ("#fce7f3", "#9d174d"),
    "rose": ("#ffe4e6", "#9f1239"),
}
# A badge colour lands in a style attribute: a name, hex or rgb()/hsl() value, nothing else.
_CSS_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|hsl)a?\([\d\s.,%/]+\)")
NAV_MESSAGE_LIMIT = 300  # beyond this many messages, message pages stay out of the navigation


@dataclass(frozen=True)
class PageSpec:
    path: str  # relative to the generated pages folder
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class Asset:
    path: str
    content: str


class Linker:
    """Titles and relative links between catalog pages, seen from one page."""

    def __init__(self, catalog: Catalog, urls: Urls) -> None:
        self.catalog = catalog
        self.urls = urls

    def page_of(self, key: Key) -> str | None:
        resource = self.catalog.get(key)
        if resource is None:
            return None
        return self.urls.resource(resource, latest=self.catalog.latest(resource) or not resource.version)

    def link(self, from_page: str, key: Key) -> dict[str, Any]:
        """``{title, url, version, kind}`` for a resource (url None when it has no page)."""
        resource = self.catalog.get(key)
        target = self.page_of(key)
        return {
            "title": resource.name if resource else key.id,
            "url": relative(from_page, target) if target else None,
            "version": key.version,
            "kind": key.kind.value,
            "id": key.id,
        }


def badge_chips(resource: Resource) -> list[dict[str, str | None]]:
    """Badges with resolved CSS colours (Tailwind palette names or any CSS colour)."""
    chips = []
    for badge in resource.badges:
        colours = [c if c is None or _CSS_COLOUR.fullmatch(c.strip()) else None
                   for c in (badge.background_color, badge.text_color)]
        badge = replace(badge, background_color=colours[0], text_color=colours[1])
        background, text = _PALETTE.get((badge.background_color or "").lower(), (None, None))
        if background is None:
            background = badge.background_color or "#e5e7eb"
            text = _PALETTE.get((badge.text_color or "").lower(), (None, badge.text_color or "#1f2937"))[1]
        chips.append({"content": badge.content, "background": background, "color": text, "url": badge.url,
                      "icon": badge.icon})
    return chips


def notice_context(notice: Notice | None) -> dict[str, Any] | None:
    """A draft or deprecation notice as template values."""
    return None if notice is None else {"message": notice.message, "title": notice.title, "date": notice.date}


def tags_of(resource: Resource) -> list[str]:
    """Badge contents as Material tags (for filtering on the tags page)."""
    return sorted({b.content.strip() for b in resource.badges if b.content.strip()})


def diagnostics_for(diagnostics: Diagnostics, files: Sequence[str]) -> list[dict[str, Any]]:
    """The findings located in ``files``, as plain rows for a page."""
    wanted = set(files)
    return [
        {"code": d.code, "severity": d.severity.label, "message": d.message, "file": d.file,
         "line": d.line, "column": d.column, "hint": d.hint}
        for d in diagnostics.sorted() if d.file in wanted and d.severity >= Severity.WARNING
    ]


def resource_files(resource: Resource) -> list[str]:
    """Every file a resource's findings may sit in (its index, changelog, schemas, examples)."""
    files = [resource.path]
    if resource.changelog:
        files.append(resource.changelog.path)
    for schema in getattr(resource, "schemas", ()):
        if schema.path:
            files.append(schema.path)
    for example in getattr(resource, "examples", ()):
        files.append(example.path)
    if getattr(resource, "example_config_path", None):
        files.append(resource.example_config_path)
    return files


def graph_edges(catalog: Catalog, linker: Linker, page: str, edges: Sequence[Edge]) -> list[graphs.GraphEdge]:
    """Model edges → graph edges with titles and links relative to ``page``."""
    found = []
    for edge in edges:
        service = linker.link(page, edge.service)
        message = linker.link(page, edge.message)
        service_node = graphs.GraphNode(str(edge.service.id), service["title"], "service", service["url"])
        message_node = graphs.GraphNode(f"message:{edge.message.id}", message["title"], "message",
                                        message["url"])
        channels = edge.channels or ((None, {}),)
        for channel_key, _ in channels:
            channel_node = None
            if channel_key is not None:
                channel = linker.link(page, channel_key)
                channel_node = graphs.GraphNode(f"channel:{channel_key.id}", channel["title"], "channel",
                                                channel["url"])
            found.append(graphs.GraphEdge(service_node, message_node, edge.direction, channel_node))
    return found


def page_graph(catalog: Catalog, linker: Linker, resource: Resource, page: str, edges: Sequence[Edge],
               focus: str | None = None) -> tuple[str, str | None]:
    """The graph ``page`` shows for ``resource``: Mermaid text with big message groups collapsed into
    "N messages" nodes, and the link to the resource's full-graph page (None when nothing was grouped, and
    then that page does not exist: see ``full_graph``)."""
    target = linker.urls.graph(resource, latest=bool(catalog.latest(resource) or not resource.version))
    link = relative(page, target)
    drawn = graph_layout.collapse(graph_edges(catalog, linker, page, edges), full_graph_url=link)
    return graphs.flowchart(drawn.edges, focus=focus), (link if drawn.grouped else None)


def full_graph(catalog: Catalog, linker: Linker, resource: Resource, edges: Sequence[Edge],
               focus: str | None = None) -> tuple[str, str] | None:
    """(page path, Mermaid text) of ``resource``'s full graph, every message drawn, or None when its page
    graph groups nothing (the page graph is the full graph)."""
    page = linker.urls.graph(resource, latest=bool(catalog.latest(resource) or not resource.version))
    drawn = graph_edges(catalog, linker, page, edges)
    if not graph_layout.collapse(drawn, full_graph_url=None).grouped:
        return None
    # Left to right: many messages stack down the page, which scrolls, instead of running off to the side.
    return page, graphs.flowchart(drawn, focus=focus, direction="LR")


def mermaid(text: str) -> Markup:
    """A Mermaid fence for generated graph text (labels already escaped by ``graphs``)."""
    return Markup(f"```mermaid\n{text}\n```") if text else Markup("")


def domain_of(catalog: Catalog) -> dict[Key, Key]:
    """Which domain each service belongs to (first domain listing it; latest domain versions only)."""
    owner: dict[Key, Key] = {}
    for domain in catalog.of_kind(Kind.DOMAIN):
        if isinstance(domain, Domain) and catalog.latest(domain):
            for service in catalog.domain_services.get(domain.key, ()):
                owner.setdefault(service, domain.key)
    return owner


def error_counts(diagnostics: Diagnostics) -> dict[str, int]:
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR and diagnostic.file:
            counts[diagnostic.file] = counts.get(diagnostic.file, 0) + 1
    return counts


def diagnostic_row(d: Diagnostic) -> dict[str, Any]:
    return {"code": d.code, "severity": d.severity.label, "message": d.message, "file": d.file,
            "line": d.line, "column": d.column, "hint": d.hint}
