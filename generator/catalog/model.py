"""The catalog model: frozen dataclasses, no I/O.

Everything the pipeline read is data here (including schema and example text), so rules, pages and
snippets are pure functions over a ``Catalog``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Location
from generator.catalog.frontmatter import Document, FrontmatterLocation


class Kind(str, enum.Enum):
    """Resource kinds. Messages are events, commands and queries; the rest are kept as generic resources."""

    EVENT = "event"
    COMMAND = "command"
    QUERY = "query"
    SERVICE = "service"
    DOMAIN = "domain"
    CHANNEL = "channel"
    FLOW = "flow"
    TEAM = "team"
    USER = "user"
    ENTITY = "entity"
    CONTAINER = "container"
    ADR = "adr"
    DATA_PRODUCT = "data-product"
    AGENT = "agent"
    SYSTEM = "system"
    DIAGRAM = "diagram"

    @property
    def is_message(self) -> bool:
        return self in MESSAGE_KINDS

    @property
    def namespace(self) -> str:
        """Kinds sharing an id namespace: messages together, owners (teams + users) together."""
        if self.is_message:
            return "message"
        if self in (Kind.TEAM, Kind.USER):
            return "owner"
        return self.value

    @property
    def plural(self) -> str:
        return _PLURALS[self]


MESSAGE_KINDS = frozenset({Kind.EVENT, Kind.COMMAND, Kind.QUERY})
_PLURALS = {
    Kind.EVENT: "events", Kind.COMMAND: "commands", Kind.QUERY: "queries", Kind.SERVICE: "services",
    Kind.DOMAIN: "domains", Kind.CHANNEL: "channels", Kind.FLOW: "flows", Kind.TEAM: "teams",
    Kind.USER: "users", Kind.ENTITY: "entities", Kind.CONTAINER: "containers", Kind.ADR: "adrs",
    Kind.DATA_PRODUCT: "data-products", Kind.AGENT: "agents", Kind.SYSTEM: "systems",
    Kind.DIAGRAM: "diagrams",
}


@dataclass(frozen=True, order=True)
class Key:
    """Identity of one version of a resource."""

    kind: Kind
    id: str
    version: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}@{self.version}"


@dataclass(frozen=True)
class Pointer:
    """A reference written in frontmatter: ``{id, version}`` (version defaults to ``latest``)."""

    id: str
    version: str = "latest"
    location: Location | FrontmatterLocation | None = None
    field: str = ""


@dataclass(frozen=True)
class ChannelPointer(Pointer):
    parameters: Mapping[str, str] = field(default_factory=dict)
    delivery_mode: str | None = None


@dataclass(frozen=True)
class MessagePointer(Pointer):
    """A ``sends``/``receives`` entry: the message plus the channels it goes through."""

    channels: tuple[ChannelPointer, ...] = ()
    fields: tuple[str, ...] = ()
    channels_from_message: bool = False  # channels came from the legacy message-level field


@dataclass(frozen=True)
class Badge:
    content: str
    background_color: str | None = None
    text_color: str | None = None
    icon: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Notice:
    """A draft or deprecation banner."""

    message: str | None = None
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class SchemaFile:
    """A schema a message names (``schemaPath`` or ``schemas[]``), with its text when readable."""

    declared: str
    path: str | None  # catalog-relative; None when it escapes the catalog
    format: str  # avro | json-schema | protobuf | unknown
    default: bool
    location: Location | FrontmatterLocation | None
    text: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Example:
    """An example payload: a file in ``examples/`` or a fenced JSON block in the body."""

    path: str  # catalog-relative file that holds it
    name: str
    text: str
    syntax: str  # json | yaml
    line_offset: int = 0  # lines before ``text`` inside ``path`` (non-zero for body blocks)
    summary: str | None = None
    usage: str | None = None


@dataclass(frozen=True)
class Changelog:
    path: str
    body: str
    created_at: str | None = None
    body_line: int = 1


@dataclass(frozen=True)
class Parameter:
    name: str
    enum: tuple[str, ...] = ()
    default: str | None = None
    description: str | None = None
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Envelope:
    """A channel's wire envelope (``x-envelope``): its schema and where the payload sits."""

    schema: SchemaFile
    payload_pointer: str
    name: str | None = None


@dataclass(frozen=True)
class FlowStep:
    id: str
    title: str
    summary: str | None
    target: Pointer | None  # message/service/flow/... pointer
    target_kind: str | None
    actor: str | None
    next_steps: tuple[tuple[str, str | None], ...]  # (step id, label)


@dataclass(frozen=True)
class Resource:
    """Fields every resource has. Subclasses add what their kind declares."""

    kind: Kind
    id: str
    name: str
    version: str
    document: Document
    folder: str
    summary: str = ""
    owners: tuple[Pointer, ...] = ()
    badges: tuple[Badge, ...] = ()
    draft: Notice | None = None
    deprecated: Notice | None = None
    changelog: Changelog | None = None
    hidden: bool = False

    @property
    def key(self) -> Key:
        return Key(self.kind, self.id, self.version)

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def data(self) -> Mapping[str, Any]:
        return self.document.data

    @property
    def body(self) -> str:
        return self.document.body

    @property
    def is_versioned_copy(self) -> bool:
        return "/versioned/" in f"/{self.path}"


@dataclass(frozen=True)
class Message(Resource):
    schemas: tuple[SchemaFile, ...] = ()
    examples: tuple[Example, ...] = ()
    example_config: Mapping[str, Any] = field(default_factory=dict)
    example_config_path: str | None = None
    legacy_channels: tuple[ChannelPointer, ...] = ()

    @property
    def schema(self) -> SchemaFile | None:
        """The default schema: ``schemaPath``, else the ``default: true`` entry, else the first."""
        return next((s for s in self.schemas if s.default), self.schemas[0] if self.schemas else None)


@dataclass(frozen=True)
class Service(Resource):
    sends: tuple[MessagePointer, ...] = ()
    receives: tuple[MessagePointer, ...] = ()


@dataclass(frozen=True)
class Domain(Resource):
    services: tuple[Pointer, ...] = ()
    subdomains: tuple[Pointer, ...] = ()
    sends: tuple[MessagePointer, ...] = ()
    receives: tuple[MessagePointer, ...] = ()


@dataclass(frozen=True)
class Channel(Resource):
    address: str | None = None
    protocols: tuple[str, ...] = ()
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    delivery_guarantee: str | None = None
    routes: tuple[ChannelPointer, ...] = ()
    envelope: Envelope | None = None
    bindings: Mapping[str, Any] = field(default_factory=dict)  # x-amqp / x-eventbridge / x-http


@dataclass(frozen=True)
class Flow(Resource):
    steps: tuple[FlowStep, ...] = ()


@dataclass(frozen=True)
class Team(Resource):
    members: tuple[Pointer, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class User(Resource):
    role: str | None = None
    email: str | None = None
    avatar_url: str | None = None


@dataclass(frozen=True)
class Edge:
    """A resolved send/receive: ``service`` sends (or receives) ``message`` through ``channels``."""

    service: Key
    message: Key
    direction: str  # "sends" | "receives"
    channels: tuple[tuple[Key, Mapping[str, str]], ...] = ()  # (channel key, bound parameters)


@dataclass(frozen=True)
class Catalog:
    """Everything read from one catalog folder, with pointers resolved both ways."""

    root: str
    title: str
    resources: tuple[Resource, ...]
    edges: tuple[Edge, ...] = ()
    domain_services: Mapping[Key, tuple[Key, ...]] = field(default_factory=dict)
    domain_subdomains: Mapping[Key, tuple[Key, ...]] = field(default_factory=dict)
    owner_of: Mapping[Key, tuple[Key, ...]] = field(default_factory=dict)  # resource -> owner keys
    _by_key: dict[Key, Resource] = field(default_factory=dict, repr=False, compare=False)
    _versions: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, repr=False,
                                                             compare=False)

    _edge_index: dict[tuple[str, Key], list[Edge]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for resource in self.resources:
            self._by_key.setdefault(resource.key, resource)
        # Pages ask for the edges of every message, service and channel: index them once.
        for edge in self.edges:
            self._edge_index.setdefault((edge.direction, edge.message), []).append(edge)
            self._edge_index.setdefault(("service", edge.service), []).append(edge)
            for channel, _ in edge.channels:
                self._edge_index.setdefault(("channel", channel), []).append(edge)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources)

    def get(self, key: Key) -> Resource | None:
        return self._by_key.get(key)

    def of_kind(self, *kinds: Kind) -> list[Resource]:
        return [r for r in self.resources if r.kind in kinds]

    @property
    def messages(self) -> list[Message]:
        return [r for r in self.resources if isinstance(r, Message)]

    def versions_of(self, kind: Kind, id_: str) -> tuple[str, ...]:
        """All versions of a resource id, oldest first (set by the assembler)."""
        return self._versions.get((kind.namespace, id_), ())

    def latest(self, resource: Resource) -> bool:
        versions = self.versions_of(resource.kind, resource.id)
        return bool(versions) and versions[-1] == resource.version

    def producers(self, message: Key) -> list[Edge]:
        return list(self._edge_index.get(("sends", message), ()))

    def consumers(self, message: Key) -> list[Edge]:
        return list(self._edge_index.get(("receives", message), ()))

    def edges_of(self, service: Key) -> list[Edge]:
        return list(self._edge_index.get(("service", service), ()))

    def edges_through(self, channel: Key) -> list[Edge]:
        # An edge appears twice when it names the channel twice. Edges hold parameter dicts and are not
        # hashable, so de-duplicate by identity.
        return list({id(e): e for e in self._edge_index.get(("channel", channel), ())}.values())

    def owned_by(self, owner: Key) -> list[Resource]:
        return [self._by_key[k] for k, owners in self.owner_of.items() if owner in owners]
