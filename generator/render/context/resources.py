"""Contexts for service, domain, channel, flow, team, user and other resource pages."""

from __future__ import annotations

from typing import Any

from generator.catalog.model import Catalog, Channel, Domain, Flow, Key, Kind, Resource, Service, Team, User
from generator.diagnostics import Diagnostics
from generator.render.components import PageComponents, flow_chart, graph_focus, message_rows, resource_edges
from generator.render.pages import (
    Linker,
    PageSpec,
    badge_chips,
    diagnostics_for,
    full_graph,
    mermaid,
    notice_context,
    page_graph,
    resource_files,
    tags_of,
)
from generator.render.urls import Urls, relative

_TEMPLATES = {Kind.SERVICE: "service.md.j2", Kind.AGENT: "service.md.j2", Kind.DOMAIN: "domain.md.j2",
              Kind.CHANNEL: "channel.md.j2", Kind.FLOW: "flow.md.j2", Kind.TEAM: "owner.md.j2",
              Kind.USER: "owner.md.j2"}


class ResourcePages:
    """Pages for every non-message resource version."""

    def __init__(self, catalog: Catalog, diagnostics: Diagnostics, urls: Urls,
                 components: PageComponents) -> None:
        self.catalog = catalog
        self.diagnostics = diagnostics
        self.urls = urls
        self.linker = Linker(catalog, urls)
        self.components = components

    def build(self, resource: Resource) -> PageSpec:
        latest = self.catalog.latest(resource) or not resource.version
        page = self.urls.resource(resource, latest=latest)
        context = self.common(resource, page)
        if isinstance(resource, Service):
            context |= self._service(resource, page)
        if isinstance(resource, Domain):
            context |= self._domain(resource, page)
        if isinstance(resource, Channel):
            context |= self._channel(resource, page)
        if isinstance(resource, Flow):
            context |= {"graph": mermaid(flow_chart(resource)), "steps": self._steps(resource, page)}
        if isinstance(resource, (Team, User)):
            context |= self._owner(resource, page)
        return PageSpec(page, _TEMPLATES.get(resource.kind, "resource.md.j2"), context)

    def graph_page(self, resource: Resource) -> PageSpec | None:
        """The full-graph page of a service, domain or channel whose page graph groups messages."""
        if not isinstance(resource, (Service, Domain, Channel)):
            return None
        found = full_graph(self.catalog, self.linker, resource, resource_edges(self.catalog, resource),
                           focus=self._focus(resource))
        if found is None:
            return None
        path, text = found
        page = self.urls.resource(resource, latest=self.catalog.latest(resource) or not resource.version)
        return PageSpec(path, "graph.md.j2", {
            "kind": resource.kind.value, "name": resource.name, "version": resource.version,
            "title": f"{resource.name} — full graph", "page_url": relative(path, page), "graph": mermaid(text)})

    def _graph(self, resource: Resource, page: str) -> dict[str, Any]:
        """The page graph (big message groups collapsed) and the link to the full graph, if there is one."""
        text, full = page_graph(self.catalog, self.linker, resource, page, resource_edges(self.catalog, resource),
                                focus=self._focus(resource))
        return {"graph": mermaid(text), "full_graph_url": full}

    @staticmethod
    def _focus(resource: Resource) -> str | None:
        return None if isinstance(resource, Domain) else graph_focus(resource)

    def common(self, resource: Resource, page: str) -> dict[str, Any]:
        versions = self.catalog.versions_of(resource.kind, resource.id)
        body, shown = self.components.translate_used(resource, page)
        other_versions = []
        for version in reversed(versions):
            key = Key(resource.kind, resource.id, version)
            target = self.linker.page_of(key)
            if target and version != resource.version:
                other_versions.append({"version": version, "url": relative(page, target)})
        return {
            "kind": resource.kind.value, "id": resource.id, "name": resource.name,
            "version": resource.version, "summary": resource.summary,
            "is_latest": self.catalog.latest(resource) or not resource.version,
            "other_versions": other_versions, "badges": badge_chips(resource), "tags": tags_of(resource),
            "owners": [self.linker.link(page, k) for k in self.catalog.owner_of.get(resource.key, ())],
            "draft": notice_context(resource.draft), "deprecated": notice_context(resource.deprecated),
            "body": body, "body_shows": sorted(shown),
            "changelog": self.components.changelog(resource, page),
            "diagnostics": diagnostics_for(self.diagnostics, resource_files(resource)),
            "source": resource.path, "graph": None, "full_graph_url": None,
            "custom": {k: v for k, v in resource.data.items() if str(k).startswith("x-")},
        }

    def _messages(self, key: Key, page: str) -> dict[str, list[dict[str, Any]]]:
        sent, received = message_rows(self.catalog, self.linker, page, key)
        return {"sends": sent, "receives": received}

    def _service(self, service: Service, page: str) -> dict[str, Any]:
        domains = [self.linker.link(page, d) for d, services in self.catalog.domain_services.items()
                   if service.key in services]
        return self._messages(service.key, page) | self._graph(service, page) | {"domains": domains}

    def _domain(self, domain: Domain, page: str) -> dict[str, Any]:
        services = self.catalog.domain_services.get(domain.key, ())
        rows = []
        for key in services:
            resource = self.catalog.get(key)
            rows.append(self.linker.link(page, key) | {"summary": resource.summary if resource else ""})
        subdomains = [self.linker.link(page, k) for k in self.catalog.domain_subdomains.get(domain.key, ())]
        return self._messages(domain.key, page) | self._graph(domain, page) | {"services": rows,
                                                                               "subdomains": subdomains}

    def _channel(self, channel: Channel, page: str) -> dict[str, Any]:
        edges = self.catalog.edges_through(channel.key)
        # One row per message version: who produces it and who consumes it here (a service that reaches
        # the channel through several edges is named once per row).
        messages: dict[Key, dict[str, Any]] = {}
        for edge in edges:
            row = messages.setdefault(edge.message, self.linker.link(page, edge.message) | {
                "version": edge.message.version, "producers": [], "consumers": []})
            parameters = next((dict(p) for k, p in edge.channels if k == channel.key), {})
            party = self.linker.link(page, edge.service) | {"parameters": parameters}
            parties = row["producers" if edge.direction == "sends" else "consumers"]
            if party not in parties:
                parties.append(party)
        return {
            "address": channel.address, "protocols": list(channel.protocols),
            "delivery": channel.delivery_guarantee,
            "parameters": [vars(p) for p in channel.parameters.values()],
            "messages": [row for _, row in sorted(messages.items(), key=self._newest_first)],
            **self._graph(channel, page), "bindings": dict(channel.bindings),
            "envelope": {"name": channel.envelope.name, "pointer": channel.envelope.payload_pointer,
                         "schema": channel.envelope.schema.declared} if channel.envelope else None,
            "routes": [self.linker.link(page, k) for r in channel.routes
                       if (k := _channel_key(self.catalog, r.id))],
        }

    def _newest_first(self, item: tuple[Key, dict[str, Any]]) -> tuple[str, int]:
        """Messages by title, the newest version of each first."""
        key, row = item
        versions = self.catalog.versions_of(key.kind, key.id)
        return (row["title"], -versions.index(key.version) if key.version in versions else 0)

    def _steps(self, flow: Flow, page: str) -> list[dict[str, Any]]:
        rows = []
        for step in flow.steps:
            target = None
            if step.target is not None:
                target = next((self.linker.link(page, r.key) for r in self.catalog
                               if r.id == step.target.id and self.catalog.latest(r)), None)
            rows.append({"id": step.id, "title": step.title, "summary": step.summary, "target": target,
                         "actor": step.actor, "next": [n for n, _ in step.next_steps]})
        return rows

    def _owner(self, owner: Team | User, page: str) -> dict[str, Any]:
        owned = [self.linker.link(page, r.key) for r in self.catalog.owned_by(owner.key)
                 if self.catalog.latest(r)]
        members = [self.linker.link(page, Key(Kind.USER, m.id, "")) for m in getattr(owner, "members", ())]
        teams = [self.linker.link(page, t.key) for t in self.catalog.of_kind(Kind.TEAM)
                 if any(m.id == owner.id for m in getattr(t, "members", ()))]
        return {"owned": sorted(owned, key=lambda r: (r["kind"], r["title"])), "members": members,
                "teams": teams, "email": getattr(owner, "email", None), "role": getattr(owner, "role", None)}


def _channel_key(catalog: Catalog, id_: str) -> Key | None:
    versions = catalog.versions_of(Kind.CHANNEL, id_)
    return Key(Kind.CHANNEL, id_, versions[-1]) if versions else None
