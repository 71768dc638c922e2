"""Consumer impact: which services (and their domains) read a message version, from the resolved pointers.

A consumer is hit by a version when its ``receives`` pointer attaches to that version: ``latest`` attaches
to the latest version only, a range such as ``^1.0.0`` to every version it satisfies (so a breaking 1.x
hits it and 2.0.0 does not), an exact version to that version only.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog.model import Catalog, Domain, Key, Kind, Service
from generator.catalog.versions import attaches_to
from generator.diagnostics import Location


@dataclass(frozen=True)
class Consumer:
    """A service (or domain) reading a message version through the pointer at ``location``."""

    reader: Key
    name: str
    domains: tuple[str, ...]
    requested: str
    location: Location | None

    def describe(self) -> str:
        """``OrderService 1.0.0 (domain Orders) via '^1.0.0'``."""
        kind = "" if self.reader.kind is Kind.SERVICE else f"{self.reader.kind.value} "
        domains = f" (domain {', '.join(self.domains)})" if self.domains else ""
        return f"{kind}{self.name} {self.reader.version}{domains} via {self.requested!r}"


def consumers_of(catalog: Catalog, message: Key) -> list[Consumer]:
    """Every service or domain version whose ``receives`` attaches to ``message``, in key order."""
    available = catalog.versions_of(message.kind, message.id)
    found: dict[Key, Consumer] = {}
    for edge in catalog.consumers(message):
        reader = catalog.get(edge.service)
        if not isinstance(reader, (Service, Domain)) or edge.service in found:
            continue
        pointer = next((p for p in reader.receives if p.id == message.id
                        and message.version in attaches_to(p.version, available)), None)
        found[edge.service] = Consumer(
            edge.service, reader.name or reader.id, _domains_of(catalog, edge.service),
            pointer.version if pointer else "latest", _located(pointer.location) if pointer else None)
    return [found[key] for key in sorted(found)]


def _domains_of(catalog: Catalog, service: Key) -> tuple[str, ...]:
    names = []
    for domain, services in catalog.domain_services.items():
        resource = catalog.get(domain)
        if resource is not None and any(s.id == service.id and s.kind is service.kind for s in services):
            names.append(resource.name or resource.id)
    return tuple(sorted(set(names)))


def _located(location: object) -> Location | None:
    if location is None:
        return None
    return Location(location.file, location.line, location.column)  # type: ignore[attr-defined]
