"""Documents → ``Catalog``: build model objects, then resolve every pointer with the one resolver.

Unresolvable pointers never disappear: each becomes a diagnostic at the frontmatter position where it
was written (EventCatalog drops them silently).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.catalog import versions
from generator.catalog.documents import pointers
from generator.diagnostics import Diagnostic, at
from generator.catalog.model import (
    Catalog,
    Channel,
    ChannelPointer,
    Domain,
    Edge,
    Flow,
    Key,
    Kind,
    Message,
    MessagePointer,
    Pointer,
    Resource,
    Service,
    Team,
)
from generator.diagnostics.codes import rule

# Pointer lists that name resources of one kind, beyond sends/receives/owners (field → target kind).
_GENERIC_POINTERS: dict[Kind, dict[str, Kind]] = {
    Kind.SERVICE: {"entities": Kind.ENTITY, "flows": Kind.FLOW, "writesTo": Kind.CONTAINER,
                   "readsFrom": Kind.CONTAINER},
    Kind.DOMAIN: {"entities": Kind.ENTITY, "flows": Kind.FLOW, "systems": Kind.SYSTEM},
    Kind.SYSTEM: {"services": Kind.SERVICE, "flows": Kind.FLOW, "entities": Kind.ENTITY,
                  "containers": Kind.CONTAINER},
}
_UNKNOWN_CODE = {"message": "EC202", "channel": "EC203", "service": "EC204", "domain": "EC205"}


@dataclass
class _Index:
    """Versions and kinds of every id, per namespace (messages share one, owners share one)."""

    versions: dict[tuple[str, str], list[str]]
    kinds: dict[tuple[str, str, str], Kind]

    @classmethod
    def of(cls, resources: Iterable[Resource]) -> _Index:
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        kinds: dict[tuple[str, str, str], Kind] = {}
        for resource in resources:
            found[(resource.kind.namespace, resource.id)].append(resource.version)
            kinds.setdefault((resource.kind.namespace, resource.id, resource.version), resource.kind)
        return cls({k: versions.sort_versions(v) for k, v in found.items()}, kinds)

    def ids(self, namespace: str) -> list[str]:
        return [i for (ns, i) in self.versions if ns == namespace]

    def key(self, namespace: str, id_: str, version: str) -> Key:
        return Key(self.kinds[(namespace, id_, version)], id_, version)


def suggest(wanted: str, candidates: Sequence[str]) -> str | None:
    """A 'did you mean' hint: a case-insensitive match first, then the closest spelling."""
    lowered = {c.lower(): c for c in candidates}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    close = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


class _Resolver:
    """Resolves pointers against the index and records a diagnostic for each that fails."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self.problems: list[Diagnostic] = []

    def one(self, pointer: Pointer, namespace: str, noun: str | None = None) -> Key | None:
        """The key a pointer means, or None (and a diagnostic)."""
        found = self.all(pointer, namespace, noun, reverse=False)
        return found[-1] if found else None

    def all(self, pointer: Pointer, namespace: str, noun: str | None = None, *, reverse: bool = True) -> list[Key]:
        """Keys a pointer attaches to: reverse direction semantics when ``reverse``."""
        noun = noun or namespace
        available = self.index.versions.get((namespace, pointer.id))
        if not available:
            self._unknown(pointer, namespace, noun)
            return []
        chosen = versions.attaches_to(pointer.version, available) if reverse else (
            [v] if (v := versions.resolve(pointer.version, available)) is not None else [])
        if not chosen:
            self.problems.append(rule("EC206")(
                f"{noun} '{pointer.id}' has no version matching '{pointer.version}'",
                **at(pointer.location), hint=f"available versions: {', '.join(available)}"))
        return [self.index.key(namespace, pointer.id, v) for v in chosen]

    def _unknown(self, pointer: Pointer, namespace: str, noun: str) -> None:
        guess = suggest(pointer.id, self.index.ids(namespace))
        hint = f"did you mean '{guess}'?" if guess else f"no {noun} with this id exists in the catalog"
        code = _UNKNOWN_CODE.get(namespace, "EC201" if namespace == "owner" else "EC211")
        if namespace == "owner":
            message = f"unknown owner '{pointer.id}' in {pointer.field.split('.')[0]}"
        else:
            message = f"unknown {noun} '{pointer.id}' in {pointer.field}"
        self.problems.append(rule(code)(message, **at(pointer.location), hint=hint))


def assemble(root: str, title: str, resources: Sequence[Resource]) -> tuple[Catalog, list[Diagnostic]]:
    """Resolve every pointer of ``resources`` and return the catalog with its reference diagnostics."""
    index = _Index.of(resources)
    resolver = _Resolver(index)
    problems = _duplicates(resources) + _version_folders(resources)
    by_key = {r.key: r for r in resources}
    channels_of = _legacy_channels(resources, index, problems)
    edges: list[Edge] = []
    owner_of: dict[Key, tuple[Key, ...]] = {}
    domain_services: dict[Key, tuple[Key, ...]] = {}
    domain_subdomains: dict[Key, tuple[Key, ...]] = {}
    for resource in resources:
        owner_of[resource.key] = tuple(k for p in resource.owners if (k := resolver.one(p, "owner")))
        if isinstance(resource, (Service, Domain)):
            edges += _edges(resource, resolver, by_key, channels_of)
        if isinstance(resource, Domain):
            domain_services[resource.key] = tuple(
                k for p in resource.services if (k := resolver.one(p, "service")))
            domain_subdomains[resource.key] = tuple(
                k for p in resource.subdomains if (k := resolver.one(p, "domain")))
        if isinstance(resource, Team):
            for member in resource.members:
                if index.kinds.get(("owner", member.id, "")) is not Kind.USER:
                    # Only users can be members: suggesting a team id would echo the team back.
                    guess = suggest(member.id, [i for (ns, i, _), k in index.kinds.items()
                                                if ns == "owner" and k is Kind.USER])
                    resolver.problems.append(rule("EC212")(
                        f"unknown user '{member.id}' in members", **at(member.location),
                        hint=f"did you mean '{guess}'?" if guess else "add a users/<id>.mdx file"))
        if isinstance(resource, Channel):
            for route in resource.routes:
                resolver.one(route, "channel")
        if isinstance(resource, Flow):
            _flow_targets(resource, resolver)
        _generic_pointers(resource, resolver)
    catalog = Catalog(root=root, title=title, resources=tuple(resources), edges=tuple(edges),
                      domain_services=domain_services, domain_subdomains=domain_subdomains,
                      owner_of=owner_of,
                      _versions={k: tuple(v) for k, v in index.versions.items()})
    problems += resolver.problems + _without_producer(catalog)
    return catalog, problems


def _duplicates(resources: Sequence[Resource]) -> list[Diagnostic]:
    first: dict[tuple[str, str, str], Resource] = {}
    found = []
    for resource in resources:
        ident = (resource.kind.namespace, resource.id, resource.version)
        if ident in first:
            other = first[ident]
            found.append(rule("EC207")(
                f"{resource.kind.value} '{resource.id}' version '{resource.version}' is also defined in "
                f"{other.path}", **at(resource.document.where("version")),
                hint="give one of them another id, or move the older copy to versioned/<version>/",
                related=(other.document.where("version"),)))
        else:
            first[ident] = resource
    return found


def _version_folders(resources: Sequence[Resource]) -> list[Diagnostic]:
    found = []
    for resource in resources:
        parts = resource.folder.split("/")
        if len(parts) < 2 or parts[-2] != "versioned" or parts[-1] == resource.version:
            continue
        folder_version = versions.coerce(parts[-1])
        # "versioned/1.0" holding 1.0.0 is the same version written differently: fine.
        if folder_version is None or folder_version != versions.coerce(resource.version):
            found.append(rule("EC108")(
                    f"folder 'versioned/{parts[-1]}' holds version '{resource.version}'",
                    **at(resource.document.where("version")),
                    hint=f"rename the folder to 'versioned/{resource.version}'"))
    return found


def _legacy_channels(resources, index: _Index, problems: list[Diagnostic]) -> dict[Key, tuple[ChannelPointer, ...]]:
    """Pre-v3 message-level ``channels``: applied in memory, never rewritten, with a deprecation warning."""
    found: dict[Key, tuple[ChannelPointer, ...]] = {}
    for resource in resources:
        if isinstance(resource, Message) and resource.legacy_channels:
            found[resource.key] = resource.legacy_channels
            problems.append(rule("EC110")(
                f"message-level 'channels' is deprecated ({len(resource.legacy_channels)} channel(s))",
                **at(resource.document.where("channels")),
                hint="move the channels to the services' sends[].to / receives[].from"))
    return found


def _edges(owner: Service | Domain, resolver: _Resolver, by_key, channels_of) -> list[Edge]:
    edges = []
    for direction, entries in (("sends", owner.sends), ("receives", owner.receives)):
        for entry in entries:
            channel_keys = _channels(entry, resolver, by_key)
            for key in resolver.all(entry, "message"):
                channels = channel_keys
                if not entry.channels and key in channels_of:
                    legacy = MessagePointer(entry.id, entry.version, entry.location, entry.field,
                                            channels=channels_of[key], channels_from_message=True)
                    channels = _channels(legacy, resolver, by_key)
                edges.append(Edge(owner.key, key, direction, channels))
    return edges


def _channels(entry: MessagePointer, resolver: _Resolver, by_key) -> tuple[tuple[Key, Mapping[str, str]], ...]:
    found = []
    for pointer in entry.channels:
        key = resolver.one(pointer, "channel")
        if key is None:
            continue
        channel = by_key.get(key)
        if isinstance(channel, Channel):
            resolver.problems.extend(_parameter_problems(pointer, channel))
        found.append((key, dict(pointer.parameters)))
    return tuple(found)


def _parameter_problems(pointer: ChannelPointer, channel: Channel) -> list[Diagnostic]:
    problems = []
    for name, value in pointer.parameters.items():
        spec = channel.parameters.get(name)
        if spec is None:
            declared = ", ".join(channel.parameters) or "none"
            guess = suggest(name, list(channel.parameters))
            problems.append(rule("EC208")(
                f"channel '{channel.id}' has no parameter '{name}' (declared: {declared})",
                **at(pointer.location),
                hint=f"did you mean '{guess}'?" if guess else "remove the binding or declare the parameter"))
        elif spec.enum and value not in spec.enum:
            guess = suggest(value, list(spec.enum))
            problems.append(rule("EC209")(
                f"value '{value}' for parameter '{name}' of channel '{channel.id}' is not one of "
                f"{', '.join(spec.enum)}", **at(pointer.location),
                hint=f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(spec.enum)}"))
    return problems


def _flow_targets(flow: Flow, resolver: _Resolver) -> None:
    namespaces = {"message": "message", "service": "service", "flow": "flow", "agent": "agent",
                  "container": "container", "dataProduct": "data-product"}
    for step in flow.steps:
        if step.target is not None and step.target_kind in namespaces:
            resolver.one(step.target, namespaces[step.target_kind], step.target_kind)


def _generic_pointers(resource: Resource, resolver: _Resolver) -> None:
    for field, kind in _GENERIC_POINTERS.get(resource.kind, {}).items():
        for pointer in pointers(resource.document, field):
            resolver.one(pointer, kind.namespace, kind.value)


def _without_producer(catalog: Catalog) -> list[Diagnostic]:
    """Latest events nobody sends. Commands and queries are often sent from outside the catalog (a UI,
    a partner), so they are reported only when no one receives them either."""
    found = []
    outputs = _data_product_outputs(catalog)
    for message in catalog.messages:
        if not catalog.latest(message) or message.hidden or catalog.producers(message.key):
            continue
        if any(message.version in versions.attaches_to(p.version, catalog.versions_of(message.kind, message.id))
               for p in outputs.get(message.id, ())):
            continue  # a data product publishes it (`outputs`): it has a producer
        if message.kind is Kind.EVENT or not catalog.consumers(message.key):
            found.append(rule("EC210")(
                f"no service or domain sends {message.kind.value} '{message.id}' {message.version}",
                **at(message.document.where("id")),
                hint=f"add it to a service's sends list: '- id: {message.id}'"))
    return found


def _data_product_outputs(catalog: Catalog) -> dict[str, list[Pointer]]:
    """Pointers in data products' ``outputs`` by id (outputs mix messages, channels and containers)."""
    found: dict[str, list[Pointer]] = defaultdict(list)
    for resource in catalog:
        if resource.kind is Kind.DATA_PRODUCT:
            for pointer in pointers(resource.document, "outputs"):
                found[pointer.id].append(pointer)
    return found
