"""What a translation gives back (Markdown and findings), what it asks of the catalog (the
component context), and the tokens and tree nodes the lexer and the tree builder pass along."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class ComponentContext(Protocol):
    """What the translator asks the page builder for; every method returns Markdown (or None when it cannot).

    ``resource_link`` receives the singular resource type as EventCatalog writes it in ``type`` props and
    wiki-links (``event``, ``service``, ``domain``, ``channel``, ``flow``, ``entity``, ``team`` …; plural
    route segments such as ``services`` are singularised first) and a version, or None for the latest.
    """

    def node_graph(self) -> str | None:
        """NodeGraph / ComponentDiagram / ContextDiagram / SystemContextMap of this resource: a Mermaid fence."""

    def schema_table(self, file: str | None) -> str | None:
        """SchemaViewer: a field table of ``file``, or of the default schema when None."""

    def schema_source(self, file: str | None) -> str | None:
        """Schema / File: ``file`` (or the default schema) as a fenced code block."""

    def channel_information(self) -> str | None:
        """ChannelInformation: address, protocols and parameters of this channel."""

    def message_table(self, props: dict) -> str | None:
        """MessageTable: sent/received messages; ``props`` are the component's evaluated props."""

    def resource_link(self, collection: str, id: str, version: str | None) -> tuple[str, str] | None:
        """(title, relative url) of a resource page, or None when there is no such resource."""

    def flow_graph(self) -> str | None:
        """Flow of this flow resource: a Mermaid fence."""

    def entity_map(self) -> str | None:
        """EntityMap of this resource: a Mermaid ER diagram."""

    def file_text(self, file: str) -> str | None:
        """The text of a file beside the resource (MermaidFileLoader), or None when missing."""


@dataclass(frozen=True)
class MdxFinding:
    """One problem found in a body; evcat turns these into diagnostics."""

    kind: str  # "unsupported-component" | "unresolved-link" | "bad-expression"
    message: str
    line: int  # 1-based line within the body
    component: str | None = None


@dataclass(frozen=True)
class MdxResult:
    """The Markdown for a body and what was wrong with it, in line order."""

    markdown: str
    findings: tuple[MdxFinding, ...]


UNSUPPORTED = "unsupported-component"


UNRESOLVED = "unresolved-link"


BAD_EXPRESSION = "bad-expression"


@dataclass
class _Expr:
    """A ``{…}`` JavaScript expression, evaluated only when needed (unused props cause no findings)."""

    source: str
    line: int


_Prop = str | bool | _Expr


@dataclass
class _Text:
    text: str
    line: int
    verbatim: bool = False  # an inline code span: no wiki-links, no expressions


@dataclass
class _Code:
    """A fenced code block. Kept apart so nothing inside it is ever read as MDX."""

    indent: int
    fence: str
    info: str
    lines: list[str]
    line: int


@dataclass
class _Tag:
    """An opening or closing JSX tag, or a ``:::`` directive line (name ``:::``)."""

    name: str
    props: dict[str, _Prop]
    line: int
    raw: str
    start: int
    end: int
    closing: bool = False
    self_closing: bool = False
    block: bool = False
    html: bool = False  # a lower-case container such as <div>, tracked only to nest components inside it


@dataclass
class _Element:
    name: str
    props: dict[str, _Prop]
    line: int
    raw: str
    block: bool
    children: list[_Node] = field(default_factory=list)
    inner_start: int = 0
    source: str = ""  # the raw text between the tags (Prompt shows it as code)
    html: bool = False
    close_raw: str = ""


_Node = _Text | _Code | _Expr | _Element


_Report = Callable[..., None]
