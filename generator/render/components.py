"""What MDX components in a body render to, for one resource on one page.

``PageComponents`` answers the translator's questions (the graph, the schema table, a resource link …)
with Markdown rendered from partial templates, so bodies and generated sections look the same.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from generator import mdx
from generator.catalog.links import resolve_link
from generator.catalog.model import Catalog, Channel, Flow, Kind, Message, Resource, Service
from generator.escaping import fenced, markdown
from generator.render import graphs
from generator.render.pages import Linker, mermaid, page_graph
from generator.render.urls import Urls
from generator.schemas.view import view_of

if TYPE_CHECKING:
    import jinja2

class _Context:
    """The ``mdx.ComponentContext`` for one resource seen from one page."""

    def __init__(self, owner: PageComponents, resource: Resource, page: str, downloads: bool = False) -> None:
        """``downloads``: the page is the resource's own page, with its schema files published beside it."""
        self.owner, self.resource, self.page, self.downloads = owner, resource, page, downloads
        self.used: set[str] = set()  # components the body rendered, so pages do not repeat them
        self.catalog = owner.catalog
        self.trusted_html = owner.trusted_html
        self.ignored_components = owner.ignored_components

    def _partial(self, template: str, **context: Any) -> str:
        return self.owner.env.get_template(f"partials/{template}").render(**context).strip()

    def node_graph(self) -> str | None:
        self.used.add("node_graph")
        edges = resource_edges(self.catalog, self.resource)
        text, full = page_graph(self.catalog, self.owner.linker, self.resource, self.page, edges,
                                focus=graph_focus(self.resource))
        if not text:
            return None
        # Plain text: the translator concatenates it.
        return str(mermaid(text)) + ("\n\n" + self._partial("full_graph_link.md.j2", full_graph_url=full) if full else "")

    def schema_table(self, file: str | None) -> str | None:
        self.used.add("schema_table")
        schema = self._schema(file)
        view = view_of(schema) if schema else None
        if view is None or not view.rows:
            return None
        return self._partial("fields.md.j2", rows=view.rows)

    def schema_source(self, file: str | None) -> str | None:
        schema = self._schema(file)
        if schema is None or schema.text is None:
            return None
        self.used.add("schema_source")
        lang = view.lang if (view := view_of(schema)) else "text"
        source = fenced(schema.text, lang, schema.declared)
        if self.downloads and schema.path:
            # The message page publishes its schema files beside itself; the download goes with the source
            # the body shows, so the page's own Schema section does not show the file a second time.
            name = posixpath.basename(schema.path)
            source += "\n\n" + self._partial("download.md.j2", name=name)
        return source

    def _schema(self, file: str | None):
        schemas = getattr(self.resource, "schemas", ())
        if file is None:
            return getattr(self.resource, "schema", None)
        wanted = posixpath.normpath(posixpath.join(self.resource.folder, file))
        return next((s for s in schemas if s.path == wanted or s.declared == file), None)

    def channel_information(self) -> str | None:
        self.used.add("channel_information")
        if not isinstance(self.resource, Channel):
            return None
        channel = self.resource
        return self._partial("channel_info.md.j2", address=channel.address, protocols=list(channel.protocols),
                             delivery=channel.delivery_guarantee,
                             parameters=[vars(p) for p in channel.parameters.values()])

    def message_table(self, props: dict) -> str | None:
        """The same Sends/Receives tables the page would show, in the place the author put them."""
        self.used.add("message_table")
        sent, received = message_rows(self.catalog, self.owner.linker, self.page, self.resource.key)
        if not sent and not received:
            return None
        return self._partial("messages.md.j2", sends=sent, receives=received)

    def resource_link(self, collection: str, id: str, version: str | None) -> tuple[str, str] | None:
        key = resolve_link(self.catalog, collection, id, version)
        if key is None:
            return None
        link = self.owner.linker.link(self.page, key)
        return (link["title"], link["url"]) if link["url"] else None

    def flow_graph(self) -> str | None:
        self.used.add("flow_graph")
        if not isinstance(self.resource, Flow):
            return None
        return str(mermaid(flow_chart(self.resource))) or None

    def entity_map(self) -> str | None:
        return None

    def file_text(self, file: str) -> str | None:
        return self.owner.read(posixpath.normpath(posixpath.join(self.resource.folder, file)))


def message_rows(catalog: Catalog, linker: Linker, page: str, key) -> tuple[list[dict], list[dict]]:
    """The messages ``key`` sends and receives, each with the channels it goes through."""
    sent: list[dict] = []
    received: list[dict] = []
    for edge in catalog.edges_of(key):
        row = linker.link(page, edge.message) | {
            "channels": [linker.link(page, k) | {"parameters": dict(p)} for k, p in edge.channels]}
        (sent if edge.direction == "sends" else received).append(row)
    return sent, received


def flow_chart(flow: Flow) -> str:
    steps = [(s.id, s.title, s.target_kind) for s in flow.steps]
    links = [(s.id, target, label) for s in flow.steps for target, label in s.next_steps]
    return graphs.steps_chart(steps, links)


def graph_focus(resource: Resource) -> str | None:
    """The graph node of ``resource`` itself, drawn highlighted."""
    if resource.kind.is_message:
        return f"message:{resource.id}"
    if resource.kind is Kind.CHANNEL:
        return f"channel:{resource.id}"
    return resource.id


def resource_edges(catalog: Catalog, resource: Resource) -> list:
    """The edges ``resource``'s graph draws (the same on its page, in its body and on its full-graph page)."""
    if isinstance(resource, Message):
        return catalog.producers(resource.key) + catalog.consumers(resource.key)
    if isinstance(resource, Channel):
        return catalog.edges_through(resource.key)
    if resource.kind is Kind.DOMAIN:
        keys = catalog.domain_services.get(resource.key, ())
        return [e for k in keys for e in catalog.edges_of(k)] + catalog.edges_of(resource.key)
    if isinstance(resource, Service):
        return catalog.edges_of(resource.key)
    return []


class PageComponents:
    """Translates resource bodies and changelogs for pages."""

    def __init__(self, catalog: Catalog, urls: Urls, env: jinja2.Environment,
                 read=None) -> None:
        self.catalog = catalog
        self.urls = urls
        self.linker = Linker(catalog, urls)
        self.env = env
        self.read = read or (lambda path: None)
        self.trusted_html = bool(env.globals.get("trusted_html"))
        self.ignored_components = tuple(env.globals.get("ignored_components") or ())

    def translate(self, resource: Resource, page: str) -> str:
        return self.translate_used(resource, page)[0]

    def translate_used(self, resource: Resource, page: str) -> tuple[str, frozenset[str]]:
        """The body as Markdown, and which generated sections (graph, schema table …) it already shows."""
        context = _Context(self, resource, page, downloads=isinstance(resource, Message))
        result = mdx.translate(resource.body, frontmatter=resource.data, context=context)
        return markdown(result.markdown), frozenset(context.used)

    def changelog(self, resource: Resource, page: str) -> str | None:
        if resource.changelog is None:
            return None
        return markdown(self._run(resource, page, resource.changelog.body, resource.data).markdown)

    def _run(self, resource: Resource, page: str, body: str, frontmatter: Mapping[str, Any]) -> mdx.MdxResult:
        return mdx.translate(body, frontmatter=frontmatter, context=_Context(self, resource, page))

