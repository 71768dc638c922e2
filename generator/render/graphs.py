"""Mermaid flowcharts: producer service → channel → message → consumer service.

Input is a list of plain ``GraphEdge`` values (computed by the page builder from the catalog, grouped by
``graph_layout.collapse`` when big), output is Mermaid text; nothing here knows about pages or files.

Every chart asks Mermaid for its natural size (``useMaxWidth: false``): text stays at 16 px and a graph
wider than the column scrolls in its box (``evcat.css``) instead of shrinking its text out of reach.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from generator.escaping import mermaid_label, safe_url
from generator.render.graph_layout import direction_for, label_lines
from generator.render.graph_model import GraphEdge, GraphNode

__all__ = ["GraphEdge", "GraphNode", "domain_map", "flowchart", "label", "node_id", "steps_chart"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
CLASS_DEFS = (
    "classDef service fill:#e0f2fe,stroke:#0369a1,color:#0c4a6e",
    "classDef message fill:#fef3c7,stroke:#b45309,color:#78350f",
    "classDef channel fill:#ede9fe,stroke:#6d28d9,color:#3b0764",
    "classDef group fill:#fff7ed,stroke:#b45309,color:#78350f,stroke-dasharray:5 3",
    "classDef focus stroke-width:3px",
)
# Natural size (Mermaid's default scales a wide graph down to the column, text and all), a little tighter
# than Mermaid's default spacing (50 px) so more graphs fit the column.
INIT = '%%{init: {"flowchart": {"useMaxWidth": false, "nodeSpacing": 30, "rankSpacing": 40}}}%%'
# Catalog map: arrows carrying more messages are drawn thicker (counts are in the table under the map).
_WEIGHTS = ((5, "4.5px"), (2, "3px"))


def node_id(ref: str) -> str:
    """A Mermaid-safe, stable node id for an arbitrary reference string."""
    cleaned = _UNSAFE.sub("_", ref)
    # crc32, not hash(): ids must be identical across runs so unchanged pages are not rewritten.
    return f"n{zlib.crc32(ref.encode()):08x}_{cleaned[:40]}" if cleaned != ref else f"n_{cleaned}"


def label(text: str) -> str:
    """The inside of a quoted Mermaid label (see ``escaping.mermaid_label``)."""
    return mermaid_label(text)


def wrapped(text: str) -> str:
    """A node label broken into lines (``graph_layout.label_lines``: narrow nodes keep a graph inside the
    column); each line is escaped on its own, so the only markup is the ``<br>`` added here."""
    return "<br>".join(label(line) for line in label_lines(str(text)))


def _click(node: GraphNode) -> str:
    # A relative ``.md`` path like every link between generated pages: the evcat plugin points it at the
    # page's published URL (``plugin.resolve_graph_links``), which follows directory URLs or ``--offline``.
    target = safe_url(node.url or "").replace('"', "%22").replace("\n", "")
    tip = ' "Open the full graph"' if node.kind == "group" else ""
    return f'  click {node_id(node.ref)} href "{target}"{tip}'


def _shape(node: GraphNode) -> str:
    text = wrapped(node.label)
    if node.kind == "message":
        return f'{node_id(node.ref)}["{text}"]:::message'
    if node.kind == "channel":
        return f'{node_id(node.ref)}[("{text}")]:::channel'
    if node.kind == "group":
        return f'{node_id(node.ref)}[["{text}"]]:::group'
    return f'{node_id(node.ref)}("{text}"):::service'


def flowchart(edges: Iterable[GraphEdge], *, focus: str | None = None, direction: str | None = None) -> str:
    """The Mermaid text for ``edges``: producer service → channel → message → consumer service.

    A consumer's channel is drawn between message and consumer only when no producer in the graph
    already puts the message on that channel, so arrows never run backwards. ``direction`` (LR, TD) is
    chosen by the graph's shape unless given.
    """
    edges = list(edges)
    sent_on = {(e.message.ref, e.channel.ref) for e in edges if e.direction == "sends" and e.channel}
    nodes: dict[str, GraphNode] = {}
    arrows: list[tuple[str, str]] = []
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
            if (left.ref, right.ref) not in arrows:
                arrows.append((left.ref, right.ref))
    if not nodes:
        return ""
    direction = direction or direction_for(list(nodes.values()), arrows)
    body = [INIT, f"flowchart {direction}"] + [f"  {_shape(n)}" for n in nodes.values()]
    body += [f"  {node_id(left)} --> {node_id(right)}" for left, right in arrows]
    body += [_click(n) for n in nodes.values() if n.url]
    if focus and focus in nodes:
        body.append(f"  class {node_id(focus)} focus")
    body += [f"  {d}" for d in CLASS_DEFS]
    return "\n".join(body)


def domain_map(domains: Sequence[tuple[GraphNode, Sequence[GraphNode]]],
               flows: Iterable[tuple[GraphNode, GraphNode, int]]) -> str:
    """A catalog-wide map that stays readable at scale: services grouped in one subgraph per domain,
    and one arrow per producer → consumer pair, thicker the more messages flow between them (arrow labels
    would sit on crossing arrows; the page lists the counts in a table instead).
    Returned as ``Markup``: a page template shows it as generated Mermaid, labels already escaped."""
    body = [INIT, "flowchart TD"]
    clickable: dict[str, GraphNode] = {}
    for domain, services in domains:
        body.append(f'  subgraph {node_id(domain.ref)}["{label(domain.label)}"]')
        for service in services:
            if service.ref not in clickable:
                body.append(f"    {_shape(service)}")
                clickable[service.ref] = service
        body.append("  end")
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for producer, consumer, count in flows:
        for node in (producer, consumer):
            if node.ref not in clickable:
                body.append(f"  {_shape(node)}")
                clickable[node.ref] = node
        counted[(producer.ref, consumer.ref)] += count
    heavy: dict[str, list[int]] = defaultdict(list)
    for index, ((producer, consumer), count) in enumerate(sorted(counted.items())):
        body.append(f"  {node_id(producer)} --> {node_id(consumer)}")
        weight = next((width for least, width in _WEIGHTS if count >= least), None)
        if weight:
            heavy[weight].append(index)
    body += [f"  linkStyle {','.join(map(str, links))} stroke-width:{weight}" for weight, links in heavy.items()]
    body += [_click(n) for n in clickable.values() if n.url]
    body += [f"  {d}" for d in CLASS_DEFS]
    return Markup("\n".join(body)) if len(body) > 2 + len(CLASS_DEFS) else Markup("")


def steps_chart(steps: Sequence[tuple[str, str, str | None]], links: Iterable[tuple[str, str, str | None]]) -> str:
    """A flow's steps as a chart (direction by shape): ``steps`` are (id, title, kind), links (from, to, label)."""
    if not steps:
        return ""
    links = list(links)
    nodes = [GraphNode(f"step:{ref}", title, kind or "step") for ref, title, kind in steps]
    direction = direction_for(nodes, [(f"step:{s}", f"step:{t}") for s, t, _ in links],
                              labelled=any(text for _, _, text in links))
    body = [INIT, f"flowchart {direction}"]
    for ref, title, kind in steps:
        node = GraphNode(f"step:{ref}", title, kind or "step")
        body.append(f"  {_shape(node)}" if kind in ("message", "service", "channel")
                    else f'  {node_id(node.ref)}["{wrapped(title)}"]')
    for source, target, text in links:
        edge = f'-->|"{label(text)}"|' if text else "-->"
        body.append(f"  {node_id('step:' + source)} {edge} {node_id('step:' + target)}")
    body += [f"  {d}" for d in CLASS_DEFS]
    return "\n".join(body)
