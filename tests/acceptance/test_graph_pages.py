"""Full-graph pages through the real CLI: a service with many messages gets a "N messages" node on its page
and a page with every message beside it, and hostile names stay text on both (``evcat generate``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

SERVICE = '<script>alert(1)</script> """ ../ |"[]{}#&'
CHANNEL = 'bus |"[]{}#& <img src=x onerror=alert(1)>'


def write_catalog(root: Path, messages: int) -> Path:
    catalog = root / "catalog"
    for n in range(messages):
        folder = catalog / "events" / f"Event{n:02d}"
        folder.mkdir(parents=True)
        (folder / "index.mdx").write_text(
            f"---\nid: Event{n:02d}\nname: {json.dumps(SERVICE + ' event ' + str(n))}\nversion: 1.0.0\n---\n\nEvent.\n",
            encoding="utf-8")
    (catalog / "channels" / "bus").mkdir(parents=True)
    (catalog / "channels" / "bus" / "index.mdx").write_text(
        f"---\nid: bus\nname: {json.dumps(CHANNEL)}\nversion: 1.0.0\naddress: bus\n---\n\nThe bus.\n", encoding="utf-8")
    sends = "".join(f"  - id: Event{n:02d}\n    to:\n      - id: bus\n" for n in range(messages))
    (catalog / "services" / "Hostile").mkdir(parents=True)
    (catalog / "services" / "Hostile" / "index.mdx").write_text(
        f"---\nid: Hostile\nname: {json.dumps(SERVICE)}\nversion: 1.0.0\nsends:\n{sends}---\n\nThe service.\n",
        encoding="utf-8")
    return catalog


def generate(tmp_path: Path, messages: int) -> Path:
    catalog = write_catalog(tmp_path, messages)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["generate", str(catalog), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def mermaid_of(page: str) -> str:
    return page.split("```mermaid\n", 1)[1].split("```", 1)[0]


def test_many_messages_become_one_node_linking_to_a_full_graph_page_and_names_stay_text(tmp_path: Path) -> None:
    out = generate(tmp_path, 12)
    page = (out / "services" / "Hostile" / "index.md").read_text(encoding="utf-8")
    graph = mermaid_of(page)
    assert '[["12 messages"]]:::group' in graph
    assert re.search(r'click \S+ href "graph/index.md" "Open the full graph"', graph)
    assert "[the full graph](graph/index.md)" in page
    full = (out / "services" / "Hostile" / "graph" / "index.md").read_text(encoding="utf-8")
    full_graph = mermaid_of(full)
    assert len(re.findall(r":::message", full_graph)) == 12
    for text in (graph, full_graph):
        assert "<script" not in text and "<img" not in text
        assert "#lt;script#gt;" in text and "#124;#quot;#91;#93;#123;#125;#35;#38;" in text
    # The heading and the title are Markdown/YAML text, not markup.
    assert "<script>" not in full
    title = full.split("\n", 2)[1]
    # The theme prints titles as HTML: escaped for HTML once (as on every page), never twice.
    assert title.startswith('title: "&lt;script&gt;alert(1)&lt;/script&gt;') and "&amp;lt;" not in title, title
    assert "[../index.md]" not in full and "](../index.md)" in full  # back to the service page


def test_a_small_graph_has_no_full_graph_page(tmp_path: Path) -> None:
    out = generate(tmp_path, 3)
    page = (out / "services" / "Hostile" / "index.md").read_text(encoding="utf-8")
    assert ":::group" not in page and "full graph" not in page
    assert not (out / "services" / "Hostile" / "graph").exists()
    assert len(re.findall(r":::message", mermaid_of(page))) == 3
