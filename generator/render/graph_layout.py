"""Keeping a resource page's graph legible: many messages grouped, and a direction chosen by shape.

Input is plain ``GraphEdge`` values and output is plain ``GraphEdge`` values (``collapse``) or a Mermaid
direction (``direction_for``); ``graphs`` turns them into Mermaid text. Nothing here knows about pages.

Mermaid draws graphs at their natural size (text at 16 px) in a scrolling box: a graph never shrinks its
text to fit the column, so the page graph has to stay small instead. Two levers do that:

* ``collapse``: when a graph shows more than ``MESSAGE_LIMIT`` messages, the messages of the biggest groups
  (one group per channel, or per direction for messages without a channel) become one node "N messages"
  that links to the full graph on a page of its own.
* ``direction_for``: left-to-right while the estimated width fits the page column, else top-down when that
  fits, else whichever is narrower.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from generator.render.graph_model import GraphEdge, GraphNode

MESSAGE_LIMIT = 8  # message nodes a resource page's graph shows before it groups them
MAX_HEIGHT = 1_100  # px: taller than this and a graph no longer fits one screen beside the header
COLUMN_WIDTH = 680  # px: Material's content column at a 1,400 px window (the graph's box, less its padding)

LINE_CHARS = 22  # node labels wrap after about this many characters (``label_lines``)

# Rough Mermaid metrics at its default 16 px font (dagre layout, default spacing), measured on the example
# catalogs; an estimate is enough: the browser tests measure the real result.
_CHAR_WIDTH = 8.5
_NODE_PADDING = 40
_LINE_HEIGHT = 24
_NODE_PADDING_Y = 30
_SPACING = 40  # graphs.INIT asks for 30 between nodes and 40 between ranks
_EDGE_LABEL = 24  # an arrow's label adds about this much between two ranks top-down …
_EDGE_LABEL_WIDTH = 80  # … and this much left-to-right


@dataclass(frozen=True)
class Collapsed:
    """Edges to draw and whether some messages were grouped (then the full graph deserves its own page)."""

    edges: list[GraphEdge]
    grouped: bool


def group_of(edge: GraphEdge, sent_without_channel: frozenset[str]) -> str:
    """The group a message of ``edge`` falls in: its channel, else the direction it travels in the graph.

    A message some service of the graph sends without a channel counts as sent for its consumers too, so
    producer and consumer stay joined through the same group node.
    """
    if edge.channel is not None:
        return edge.channel.ref
    if edge.direction == "sends" or edge.message.ref in sent_without_channel:
        return "sent"
    return "received"


def collapse(edges: Iterable[GraphEdge], *, full_graph_url: str | None,
             limit: int = MESSAGE_LIMIT) -> Collapsed:
    """``edges`` with the biggest message groups replaced by one "N messages" node each, biggest first,
    until at most ``limit`` message nodes remain (groups of one message are never replaced).

    Small graphs come back unchanged. A group node links to ``full_graph_url``.
    """
    edges = list(edges)
    sent_free = frozenset(e.message.ref for e in edges if e.direction == "sends" and e.channel is None)
    members: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        members[group_of(edge, sent_free)].add(edge.message.ref)
    shown = {m for refs in members.values() for m in refs}
    if len(shown) <= limit:
        return Collapsed(edges, grouped=False)
    collapsed: set[str] = set()
    for group in sorted(members, key=lambda g: (-len(members[g]), g)):
        if _visible(members, collapsed) <= limit or len(members[group]) < 2:
            break
        collapsed.add(group)
    nodes = {group: GraphNode(f"group:{group}", _count(len(members[group])), "group", full_graph_url)
             for group in collapsed}
    drawn = []
    for edge in edges:
        group = group_of(edge, sent_free)
        drawn.append(replace(edge, message=nodes[group]) if group in nodes else edge)
    return Collapsed(drawn, grouped=bool(collapsed))


def _visible(members: dict[str, set[str]], collapsed: set[str]) -> int:
    """Message nodes left: every message outside the collapsed groups, plus one node per collapsed group."""
    single = {m for group, refs in members.items() if group not in collapsed for m in refs}
    return len(single) + len(collapsed)


def _count(count: int) -> str:
    return f"{count} message" if count == 1 else f"{count} messages"


def direction_for(nodes: Sequence[GraphNode], arrows: Iterable[tuple[str, str]], *, labelled: bool = False,
                  width: int = COLUMN_WIDTH) -> str:
    """``LR`` or ``TD`` for a graph of ``nodes`` joined by ``arrows`` (pairs of refs), by estimated size:
    the direction that fits the column, else the one that fits the screen's height (and scrolls sideways).

    Ranks are longest paths from the sources (what dagre does first, before it balances), ignoring arrows
    that would close a cycle. ``labelled``: the arrows carry labels, which widen the gaps between ranks.
    """
    ranks = _ranks([n.ref for n in nodes], list(arrows))
    lines = {n.ref: label_lines(n.label) for n in nodes}
    widths = {ref: max(map(len, found)) * _CHAR_WIDTH + _NODE_PADDING for ref, found in lines.items()}
    heights = {ref: len(found) * _LINE_HEIGHT + _NODE_PADDING_Y for ref, found in lines.items()}
    gap_down = _SPACING + (_EDGE_LABEL if labelled else 0)
    gap_across = _SPACING + (_EDGE_LABEL_WIDTH if labelled else 0)
    by_rank: dict[int, list[str]] = defaultdict(list)
    for ref, rank in ranks.items():
        by_rank[rank].append(ref)
    if not by_rank:
        return "LR"
    columns = by_rank.values()
    across = sum(max(widths[r] for r in refs) for refs in columns) + gap_across * (len(by_rank) - 1)
    across_tall = max(sum(heights[r] + _SPACING for r in refs) for refs in columns)
    down = max(sum(widths[r] + _SPACING for r in refs) for refs in columns)
    down_tall = sum(max(heights[r] for r in refs) + gap_down for refs in columns)
    # Fits the column (no scrolling) first; then fits the screen's height (scrolls sideways only).
    for fits in (lambda w, h: w <= width and h <= MAX_HEIGHT, lambda w, h: h <= MAX_HEIGHT):
        if fits(across, across_tall):
            return "LR"
        if fits(down, down_tall):
            return "TD"
    return "LR" if across * across_tall <= down * down_tall else "TD"


def label_lines(text: str) -> list[str]:
    """The lines a node label is drawn on: wrapped at spaces after about ``LINE_CHARS`` characters."""
    return textwrap.wrap(" ".join(text.split()), LINE_CHARS, break_long_words=False, break_on_hyphens=False) or [""]


def _ranks(refs: Sequence[str], arrows: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Longest-path rank of every node, arrows that point back to an ancestor left out."""
    following: dict[str, list[str]] = defaultdict(list)
    incoming: dict[str, int] = defaultdict(int)
    for source, target in arrows:
        if source != target:
            following[source].append(target)
            incoming[target] += 1
    rank = dict.fromkeys(refs, 0)
    # Kahn's algorithm; nodes left on a cycle keep the rank they reached.
    ready = [r for r in refs if incoming[r] == 0]
    remaining = dict(incoming)
    while ready:
        ref = ready.pop()
        for target in following[ref]:
            rank[target] = max(rank.get(target, 0), rank[ref] + 1)
            remaining[target] -= 1
            if remaining[target] == 0:
                ready.append(target)
    return rank
