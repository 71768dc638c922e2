"""What MDX components in a body render to, for one resource on one page.

``PageComponents`` answers the translator's questions (the graph, the schema table, a resource link …)
with Markdown rendered from partial templates, so bodies and generated sections look the same.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from generator import graphs, mdx, versions
from generator.diagnostics import Diagnostic
from generator.escaping import fenced, markdown
from generator.model import Catalog, Channel, Flow, Key, Kind, Message, Resource, Service
from generator.pages import Linker, graph_edges, mermaid
from generator.rules.registry import rule
from generator.schema_view import view_of
from generator.urls import Urls

if TYPE_CHECKING:  # validation translates bodies without templates: no need to load jinja2 for it
    import jinja2

_KINDS_BY_NAME = {k.value: k for k in Kind} | {k.plural: k for k in Kind} | {"message": Kind.EVENT}


class _Context:
    """The ``mdx.ComponentContext`` for one resource seen from one page."""

    def __init__(self, owner: PageComponents, resource: Resource, page: str) -> None:
        self.owner, self.resource, self.page = owner, resource, page
        self.used: set[str] = set()  # components the body rendered, so pages do not repeat them
        self.catalog = owner.catalog
        self.trusted_html = owner.trusted_html

    def _partial(self, name: str, **context: Any) -> str:
        if self.owner.env is None:
            return ""
        return self.owner.env.get_template(f"partials/{name}").render(**context).strip()

    def node_graph(self) -> str | None:
        self.used.add("node_graph")
        if self.owner.env is None:
            return ""  # validating: only findings matter, not the rendered section
        edges = _edges_of(self.catalog, self.resource)
        text = graphs.flowchart(graph_edges(self.catalog, self.owner.linker, self.page, edges),
                                focus=_focus(self.resource))
        return str(mermaid(text)) or None  # plain text: the translator concatenates it

    def schema_table(self, file: str | None) -> str | None:
        self.used.add("schema_table")
        if self.owner.env is None:
            return ""  # validating: only findings matter, not the rendered section
        schema = self._schema(file)
        view = view_of(schema) if schema else None
        if view is None or not view.rows:
            return None
        return self._partial("fields.md.j2", rows=view.rows)

    def schema_source(self, file: str | None) -> str | None:
        schema = self._schema(file)
        if schema is None or schema.text is None:
            return None
        lang = view.lang if (view := view_of(schema)) else "text"
        return fenced(schema.text, lang, schema.declared)

    def _schema(self, file: str | None):
        schemas = getattr(self.resource, "schemas", ())
        if file is None:
            return getattr(self.resource, "schema", None)
        wanted = posixpath.normpath(posixpath.join(self.resource.folder, file))
        return next((s for s in schemas if s.path == wanted or s.declared == file), None)

    def channel_information(self) -> str | None:
        self.used.add("channel_information")
        if self.owner.env is None:
            return ""  # validating: only findings matter, not the rendered section
        if not isinstance(self.resource, Channel):
            return None
        channel = self.resource
        return self._partial("channel_info.md.j2", address=channel.address, protocols=list(channel.protocols),
                             delivery=channel.delivery_guarantee,
                             parameters=[vars(p) for p in channel.parameters.values()])

    def message_table(self, props: dict) -> str | None:
        if self.owner.env is None:
            return ""  # validating: only findings matter, not the rendered section
        rows = []
        for edge in self.catalog.edges_of(self.resource.key):
            link = self.owner.linker.link(self.page, edge.message)
            channels = [self.owner.linker.link(self.page, k) for k, _ in edge.channels]
            rows.append(link | {"direction": edge.direction, "channels": channels})
        return self._partial("message_table.md.j2", rows=rows) if rows else None

    def resource_link(self, collection: str, id: str, version: str | None) -> tuple[str, str] | None:
        kind = _KINDS_BY_NAME.get(collection.lower())
        if kind is None:
            return None
        available = self.catalog.versions_of(kind, id)
        chosen = versions.resolve(version, available) if available else None
        if chosen is None:
            return None
        for candidate in (kind, Kind.EVENT, Kind.COMMAND, Kind.QUERY) if kind.is_message else (kind,):
            key = Key(candidate, id, chosen)
            if self.catalog.get(key) is not None:
                link = self.owner.linker.link(self.page, key)
                return (link["title"], link["url"]) if link["url"] else None
        return None

    def flow_graph(self) -> str | None:
        self.used.add("flow_graph")
        if not isinstance(self.resource, Flow):
            return None
        return str(mermaid(flow_chart(self.resource))) or None

    def entity_map(self) -> str | None:
        return None

    def file_text(self, file: str) -> str | None:
        return self.owner.read(posixpath.normpath(posixpath.join(self.resource.folder, file)))


def flow_chart(flow: Flow) -> str:
    steps = [(s.id, s.title, s.target_kind) for s in flow.steps]
    links = [(s.id, target, label) for s in flow.steps for target, label in s.next_steps]
    return graphs.steps_chart(steps, links)


def _focus(resource: Resource) -> str | None:
    if resource.kind.is_message:
        return f"message:{resource.id}"
    if resource.kind is Kind.CHANNEL:
        return f"channel:{resource.id}"
    return resource.id


def _edges_of(catalog: Catalog, resource: Resource) -> list:
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
    """Translates resource bodies and changelogs for pages (and for validation, with no templates)."""

    def __init__(self, catalog: Catalog, urls: Urls, env: jinja2.Environment | None = None,
                 read=None) -> None:
        self.catalog = catalog
        self.urls = urls
        self.linker = Linker(catalog, urls)
        self.env = env
        self.read = read or (lambda path: None)
        self.trusted_html = bool(env.globals.get("trusted_html")) if env is not None else False

    def translate(self, resource: Resource, page: str) -> str:
        return self.translate_used(resource, page)[0]

    def translate_used(self, resource: Resource, page: str) -> tuple[str, frozenset[str]]:
        """The body as Markdown, and which generated sections (graph, schema table …) it already shows."""
        context = _Context(self, resource, page)
        result = mdx.translate(resource.body, frontmatter=resource.data, context=context)
        return markdown(result.markdown), frozenset(context.used)

    def changelog(self, resource: Resource, page: str) -> str | None:
        if resource.changelog is None:
            return None
        return markdown(self._run(resource, page, resource.changelog.body, resource.data).markdown)

    def findings(self, resource: Resource) -> list[Diagnostic]:
        """EC6xx diagnostics for the body (and changelog) of ``resource``."""
        found = []
        page = self.urls.resource(resource)
        sources = [(resource.path, resource.body, resource.document.body_line)]
        if resource.changelog:
            sources.append((resource.changelog.path, resource.changelog.body, resource.changelog.body_line))
        for path, body, first_line in sources:
            result = self._run(resource, page, body, resource.data)
            for finding in result.findings:
                code = "EC603" if finding.kind == mdx.UNRESOLVED else "EC601"
                found.append(rule(code)(finding.message, file=path, line=first_line + finding.line - 1,
                                        hint=_hint(finding)))
        return found

    def _run(self, resource: Resource, page: str, body: str, frontmatter: Mapping[str, Any]) -> mdx.MdxResult:
        return mdx.translate(body, frontmatter=frontmatter, context=_Context(self, resource, page))


def _hint(finding: mdx.MdxFinding) -> str:
    if finding.kind == mdx.UNRESOLVED:
        return "check the id and version; the link is shown as plain text"
    if finding.kind == mdx.BAD_EXPRESSION:
        return "only {frontmatter.<field>} expressions are evaluated"
    return "the component is shown as an 'unsupported component' note on the page"

