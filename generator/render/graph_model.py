"""The plain values graphs are drawn from: nodes and service → message edges, no catalog, no Mermaid."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GraphNode:
    """A node: ``kind`` is service, message, channel or group (many messages as one node); ``ref`` is unique
    across the graph."""

    ref: str
    label: str
    kind: str
    url: str | None = None


@dataclass(frozen=True)
class GraphEdge:
    """One service sending (or receiving) one message, optionally through a channel."""

    service: GraphNode
    message: GraphNode
    direction: str  # sends | receives
    channel: GraphNode | None = None
