"""Mermaid flowcharts: producer service → channel → message → consumer service.

Input is a list of plain ``GraphEdge`` values (computed by the page builder from the catalog), output is
Mermaid text; nothing here knows about pages or files.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.escaping import mermaid_label, safe_url

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
CLASS_DEFS = (
    "classDef service fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e",
    "classDef message fill:#fef3c7,stroke:#b45309,color:#78350f",
    "classDef channel fill:#ede9fe,stroke:#6d28d9,color:#3b0764",
    "classDef focus stroke-width:3px",
)


@dataclass(frozen=True)
class GraphNode:
    """A node: ``kind`` is service, message or channel; ``ref`` is unique across the graph."""

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


def node_id(ref: str) -> str:
    """A Mermaid-safe, stable node id for an arbitrary reference string."""
    cleaned = _UNSAFE.sub("_", ref)
    # crc32, not hash(): ids must be identical across runs so unchanged pages are not rewritten.
    return f"n{zlib.crc32(ref.encode()):08x}_{cleaned[:40]}" if cleaned != ref else f"n_{cleaned}"


def label(text: str) -> str:
    """The inside of a quoted Mermaid label (see ``escaping.mermaid_label``)."""
    return mermaid_label(text)


def _click(node: GraphNode) -> str:
    target = safe_url(node.url).replace('"', "%22").replace("\n", "")
    return f'  click {node_id(node.ref)} href "{target}"'


def _shape(node: GraphNode) -> str:
    text = label(node.label)
    if node.kind == "message":
        return f'{node_id(node.ref)}["{text}"]:::message'
    if node.kind == "channel":
        return f'{node_id(node.ref)}[("{text}")]:::channel'
    return f'{node_id(node.ref)}("{text}"):::service'


def flowchart(edges: Iterable[GraphEdge], *, focus: str | None = None, direction: str = "LR") -> str:
    """The Mermaid text for ``edges``: producer service → channel → message → consumer service.

    A consumer's channel is drawn between message and consumer only when no producer in the graph
    already puts the message on that channel, so arrows never run backwards.
    """
    edges = list(edges)
    sent_on = {(e.message.ref, e.channel.ref) for e in edges if e.direction == "sends" and e.channel}
    nodes: dict[str, GraphNode] = {}
    lines: list[str] = []
    for edge in edges:
        if edge.direction == "sends":
            chain = [edge.service, edge.channel, edge.message]
        elif edge.channel is not None and (edge.message.ref, edge.channel.ref) in sent_on:
            chain = [edge.message, edge.service]
        else:
            chain = [edge.message, edge.channel, edge.service]
        chain = [n for n in chain if n is not None]
        for node in chain:
            nodes.setdefault(node.ref, node)
        for left, right in zip(chain, chain[1:], strict=False):
            arrow = f"{node_id(left.ref)} --> {node_id(right.ref)}"
            if arrow not in lines:
                lines.append(arrow)
    if not nodes:
        return ""
    body = [f"flowchart {direction}"] + [f"  {_shape(n)}" for n in nodes.values()]
    body += [f"  {line}" for line in lines]
    body += [_click(n) for n in nodes.values() if n.url]
    if focus and focus in nodes:
        body.append(f"  class {node_id(focus)} focus")
    body += [f"  {d}" for d in CLASS_DEFS]
    return "\n".join(body)


def domain_map(domains: Sequence[tuple[GraphNode, Sequence[GraphNode]]],
               flows: Iterable[tuple[GraphNode, GraphNode, int]]) -> str:
    """A catalog-wide map that stays readable at scale: services grouped in one subgraph per domain,
    and one edge per producer → consumer pair labelled with how many messages flow between them.
    Returned as ``Markup``: a page template shows it as generated Mermaid, labels already escaped."""
    body = ["flowchart LR"]
    placed: set[str] = set()
    for domain, services in domains:
        body.append(f'  subgraph {node_id(domain.ref)}["{label(domain.label)}"]')
        for service in services:
            if service.ref not in placed:
                body.append(f"    {_shape(service)}")
                placed.add(service.ref)
        body.append("  end")
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for producer, consumer, count in flows:
        for node in (producer, consumer):
            if node.ref not in placed:
                body.append(f"  {_shape(node)}")
                placed.add(node.ref)
        counted[(producer.ref, consumer.ref)] += count
    for (producer, consumer), count in sorted(counted.items()):
        noun = "message" if count == 1 else "messages"
        body.append(f"  {node_id(producer)} -->|{count} {noun}| {node_id(consumer)}")
    body += [f"  {d}" for d in CLASS_DEFS]
    return Markup("\n".join(body)) if len(body) > 1 + len(CLASS_DEFS) else Markup("")


def steps_chart(steps: Sequence[tuple[str, str, str | None]], links: Iterable[tuple[str, str, str | None]]) -> str:
    """A flow's steps as a top-down chart: ``steps`` are (id, title, kind), links (from, to, label)."""
    if not steps:
        return ""
    body = ["flowchart TD"]
    for ref, title, kind in steps:
        node = GraphNode(f"step:{ref}", title, kind or "step")
        body.append(f"  {_shape(node)}" if kind in ("message", "service", "channel")
                    else f'  {node_id(node.ref)}["{label(title)}"]')
    for source, target, text in links:
        edge = f'-->|"{label(text)}"|' if text else "-->"
        body.append(f"  {node_id('step:' + source)} {edge} {node_id('step:' + target)}")
    body += [f"  {d}" for d in CLASS_DEFS]
    return "\n".join(body)
