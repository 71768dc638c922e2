"""Legible graphs: many messages grouped per channel (or per direction) into "N messages" nodes that link to
the full graph, a direction chosen by the graph's shape, long names wrapped — and hostile names still
escaped in every label, the grouped nodes included."""

from __future__ import annotations

import re

from generator.render import graph_layout, graphs
from generator.render.graph_model import GraphEdge, GraphNode

FULL = "graph/"
HOSTILE = ['<script>alert(1)</script>', '"""', "../../etc/passwd", 'a|b"c[d]e{f}g#h&i', "`x` %%{init}%%"]


def slug(name: str) -> str:
    """Page folders are slugs of ids (``urls.Urls``), so links never carry the raw name."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name)


def service(name: str) -> GraphNode:
    return GraphNode(name, name, "service", f"../{slug(name)}/index.md")


def channel(name: str) -> GraphNode:
    return GraphNode(f"channel:{name}", name, "channel", f"../../channels/{slug(name)}/index.md")


def message(name: str) -> GraphNode:
    return GraphNode(f"message:{name}", name, "message", f"../../events/{slug(name)}/index.md")


def sends(who: str, what: str, via: str | None = None) -> GraphEdge:
    return GraphEdge(service(who), message(what), "sends", channel(via) if via else None)


def receives(who: str, what: str, via: str | None = None) -> GraphEdge:
    return GraphEdge(service(who), message(what), "receives", channel(via) if via else None)


def message_labels(text: str) -> list[str]:
    """Labels of the message nodes drawn one per message."""
    return re.findall(r'\["([^"]*)"\]:::message', text)


def group_labels(text: str) -> list[str]:
    return re.findall(r'\[\["([^"]*)"\]\]:::group', text)


# --- grouping ------------------------------------------------------------------------------------------------


def test_a_small_graph_is_drawn_as_it_is() -> None:
    edges = [sends("Orders", f"Event{n}", "bus") for n in range(graph_layout.MESSAGE_LIMIT)]
    result = graph_layout.collapse(edges, full_graph_url=FULL)
    assert result.grouped is False
    assert result.edges == edges
    assert len(message_labels(graphs.flowchart(result.edges))) == graph_layout.MESSAGE_LIMIT


def test_the_biggest_channel_becomes_one_node_with_a_count_that_links_to_the_full_graph() -> None:
    edges = [sends("Inventory", f"Bin{n:02d}", "bus") for n in range(12)]
    edges += [sends("Inventory", "Adjusted", "kafka"), sends("Inventory", "OutOfStock", "kafka")]
    result = graph_layout.collapse(edges, full_graph_url=FULL)
    text = graphs.flowchart(result.edges, focus="Inventory")
    assert result.grouped is True
    assert group_labels(text) == ["12 messages"]
    assert sorted(message_labels(text)) == ["Adjusted", "OutOfStock"]  # the small channel stays as it is
    assert "Bin03" not in text
    group = re.search(r'(\S+)\[\["12 messages"\]\]', text).group(1)
    assert f'click {group} href "graph/" "Open the full graph"' in text
    # Inventory → bus → 12 messages: the count sits on the channel it travels on.
    bus = graphs.node_id("channel:bus")
    assert f"{graphs.node_id('Inventory')} --> {bus}" in text and f"{bus} --> {group}" in text


def test_groups_collapse_biggest_first_until_the_graph_is_small_enough() -> None:
    edges = [sends("S", f"A{n}", "a") for n in range(6)] + [sends("S", f"B{n}", "b") for n in range(4)]
    edges += [sends("S", f"C{n}", "c") for n in range(2)]
    text = graphs.flowchart(graph_layout.collapse(edges, full_graph_url=FULL).edges)
    # 12 messages > 8: collapsing a (6) leaves 1 + 4 + 2 = 7 nodes, so b and c stay.
    assert group_labels(text) == ["6 messages"]
    assert len(message_labels(text)) == 6


def test_a_channel_with_one_message_is_never_replaced_by_a_group() -> None:
    edges = [sends("S", f"M{n}", f"channel{n}") for n in range(12)]
    result = graph_layout.collapse(edges, full_graph_url=FULL)
    assert result.grouped is False
    assert group_labels(graphs.flowchart(result.edges)) == []


def test_messages_without_a_channel_group_per_direction_and_keep_producer_and_consumer_joined() -> None:
    edges = [sends("Producer", f"Sent{n}") for n in range(9)] + [receives("Consumer", f"Sent{n}") for n in range(9)]
    edges += [receives("Producer", f"Inbound{n}") for n in range(10)]
    text = graphs.flowchart(graph_layout.collapse(edges, full_graph_url=FULL).edges)
    assert sorted(group_labels(text)) == ["10 messages", "9 messages"]
    sent = graphs.node_id("group:sent")
    received = graphs.node_id("group:received")
    assert f"{graphs.node_id('Producer')} --> {sent}" in text
    assert f"{sent} --> {graphs.node_id('Consumer')}" in text
    assert f"{received} --> {graphs.node_id('Producer')}" in text


def test_a_consumer_on_a_grouped_channel_is_drawn_after_the_group() -> None:
    edges = [sends("Inventory", f"Bin{n}", "bus") for n in range(10)]
    edges += [receives("Warehouse", f"Bin{n}", "bus") for n in range(3)]
    text = graphs.flowchart(graph_layout.collapse(edges, full_graph_url=FULL).edges)
    group = graphs.node_id("group:channel:bus")
    assert group_labels(text) == ["10 messages"]
    assert f"{group} --> {graphs.node_id('Warehouse')}" in text
    assert text.count(f"{group} -->") == 1  # one arrow, not one per message


# --- hostile names -------------------------------------------------------------------------------------------


def test_hostile_names_stay_text_in_a_grouped_graph() -> None:
    edges = [sends(HOSTILE[n % len(HOSTILE)] + str(n), f"{HOSTILE[n % len(HOSTILE)]} m{n}", HOSTILE[0])
             for n in range(10)]
    edges.append(sends(HOSTILE[1], HOSTILE[3], HOSTILE[3]))
    edges.append(sends(HOSTILE[1], HOSTILE[2], HOSTILE[3]))
    result = graph_layout.collapse(edges, full_graph_url='javascript:alert(1)//"')
    text = graphs.flowchart(result.edges)
    assert result.grouped
    assert "<script" not in text and "javascript:" not in text  # a group's link is checked too
    assert 'href "#" "Open the full graph"' in text
    assert "%%{init}" not in text  # a name cannot open a second Mermaid directive
    for line in text.splitlines()[2:]:
        quoted = re.findall(r'"([^"]*)"', line)
        for inside in quoted:
            # Inside a label only entity codes and the <br> this module adds: no quote, bracket, pipe, brace.
            assert not re.search(r'[\[\]{}|<>`]', inside.replace("<br>", "")), line
    assert "#lt;script#gt;" in text and "#124;" in text and "#91;d#93;" in text


def test_long_names_wrap_into_lines_that_are_each_escaped() -> None:
    name = "Inventory event bus (EventBridge) <b>bold</b> with a rather long tail"
    label = graphs.wrapped(name)
    parts = label.split("<br>")
    assert len(parts) > 1 and all(len(p) <= 40 for p in parts)
    assert "<b>" not in label and "#lt;b#gt;" in label
    assert graphs.wrapped("Short") == "Short"


# --- direction -----------------------------------------------------------------------------------------------


def chain(count: int, name: str = "Step") -> tuple[list[GraphNode], list[tuple[str, str]]]:
    nodes = [GraphNode(f"{name}{n}", f"{name} number {n} of the flow", "step") for n in range(count)]
    return nodes, [(a.ref, b.ref) for a, b in zip(nodes, nodes[1:], strict=False)]


def test_a_short_narrow_graph_reads_left_to_right() -> None:
    nodes = [GraphNode("a", "A", "service"), GraphNode("b", "B", "message"), GraphNode("c", "C", "service")]
    assert graph_layout.direction_for(nodes, [("a", "b"), ("b", "c")]) == "LR"


def test_a_chain_too_wide_for_the_column_goes_top_down_while_it_fits_the_screen() -> None:
    nodes, arrows = chain(5)
    assert graph_layout.direction_for(nodes, arrows) == "TD"


def test_a_chain_too_tall_for_the_screen_goes_left_to_right_and_scrolls_sideways() -> None:
    nodes, arrows = chain(14)
    assert graph_layout.direction_for(nodes, arrows) == "LR"
    assert graph_layout.direction_for(*chain(8), labelled=True) == "LR"  # labels add height to every rank


def test_a_fan_of_many_messages_goes_left_to_right() -> None:
    hub = GraphNode("hub", "Hub", "service")
    leaves = [GraphNode(f"m{n}", f"Message {n}", "message") for n in range(8)]
    assert graph_layout.direction_for([hub, *leaves], [("hub", m.ref) for m in leaves]) == "LR"


def test_a_cycle_does_not_stop_the_estimate() -> None:
    nodes, arrows = chain(4)
    assert graph_layout.direction_for(nodes, [*arrows, (nodes[-1].ref, nodes[0].ref)]) in {"LR", "TD"}


# --- catalog map ---------------------------------------------------------------------------------------------


def test_the_map_draws_counts_as_thicker_arrows_not_labels() -> None:
    a, b, c = service("A"), service("B"), service("C")
    text = graphs.domain_map([(GraphNode("domain:D", "D <i>", "domain"), [a, b])], [(a, b, 7), (b, c, 1), (a, c, 2)])
    assert "-->|" not in text  # no labels that could sit on crossing arrows
    assert "stroke-width:4.5px" in text and "stroke-width:3px" in text
    assert "D #lt;i#gt;" in text


# --- where the full graph lives ------------------------------------------------------------------------------


def test_the_full_graph_is_a_folder_beside_the_page_that_no_version_can_take() -> None:
    from types import SimpleNamespace

    from generator.catalog.model import Kind
    from generator.render.urls import Urls

    urls = Urls("catalog")
    service_ = SimpleNamespace(kind=Kind.SERVICE, id="Orders", version="1.0.0")
    named_graph = SimpleNamespace(kind=Kind.SERVICE, id="Orders", version="graph")
    assert urls.graph(service_) == "catalog/services/Orders/graph/index.md"  # type: ignore[arg-type]
    assert urls.graph(service_, latest=False) == "catalog/services/Orders/1.0.0/graph/index.md"  # type: ignore[arg-type]
    older = urls.resource(named_graph, latest=False)  # type: ignore[arg-type]
    assert older != urls.graph(service_) and older.startswith("catalog/services/Orders/graph-")
    assert urls.browse("map") == "catalog/map/index.md"  # diagram links relative to the file work at its URL
