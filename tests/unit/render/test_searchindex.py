"""Search entries built from the model (generator/render/searchindex.py): what is indexed, how older versions
rank, and that catalog text reaches the index as text."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from generator.catalog.load import load_catalog
from generator.render.searchindex import OLDER_VERSION_BOOST, SCHEMA_ANCHOR, plain_text, search_entries
from generator.render.urls import Urls

REPO_ROOT = Path(__file__).resolve().parents[3]

HOSTILE = '<script>alert(1)</script> """ ../../etc'


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def event(version: str, field: str, name: str = "Order placed") -> str:
    return f"""
        ---
        id: OrderPlaced
        name: {json.dumps(name)}
        version: {version}
        summary: An order was placed.
        schemaPath: schema.json
        badges:
          - content: Kafka
          - content: {json.dumps(name)}
        ---
        Sent when the **checkout** completes. See [the guide](https://example.com/guide).

        ```json
        {{"codeOnly": true}}
        ```

        <NodeGraph />
        """


def schema(field: str) -> str:
    return json.dumps({"type": "object", "properties": {
        field: {"type": "string", "description": "Who placed it"},
        "status": {"enum": ["NEW", "PAID"]}}})


def catalog_with_two_versions(tmp_path: Path, name: str = "Order placed"):
    return load_catalog(write(tmp_path, {
        "events/OrderPlaced/index.mdx": event("2.0.0", "customerId", name),
        "events/OrderPlaced/schema.json": schema("customerId"),
        "events/OrderPlaced/versioned/1.0.0/index.mdx": event("1.0.0", "buyerId", name),
        "events/OrderPlaced/versioned/1.0.0/schema.json": schema("buyerId"),
    })).catalog


def test_latest_version_at_full_weight_older_versions_lowered(tmp_path: Path) -> None:
    entries = search_entries(catalog_with_two_versions(tmp_path), Urls())
    pages = {(e.page, e.anchor): e for e in entries}
    latest = pages[("events/OrderPlaced/index.md", "")]
    older = pages[("events/OrderPlaced/1.0.0/index.md", "")]
    assert latest.boost is None and latest.title == "Order placed"
    assert older.boost == OLDER_VERSION_BOOST < 1 and older.title == "Order placed 1.0.0"
    assert "latest" in latest.text and "latest" not in older.text
    assert latest.tags == ("Kafka", "Order placed")


def test_schema_fields_are_a_section_of_their_own(tmp_path: Path) -> None:
    entries = search_entries(catalog_with_two_versions(tmp_path), Urls())
    fields = {e.page: e for e in entries if e.anchor == SCHEMA_ANCHOR}
    assert "customerId (string) Who placed it" in fields["events/OrderPlaced/index.md"].text
    assert "buyerId" in fields["events/OrderPlaced/1.0.0/index.md"].text
    # Enum symbols are words of their own, so each can be searched for.
    assert "enum: NEW, PAID" in fields["events/OrderPlaced/index.md"].text


def test_code_and_components_stay_out(tmp_path: Path) -> None:
    entries = search_entries(catalog_with_two_versions(tmp_path), Urls())
    text = " ".join(e.text for e in entries)
    assert "codeOnly" not in text and "NodeGraph" not in text and "example.com" not in text
    assert "Sent when the checkout completes. See the guide" in text


def test_hostile_names_reach_the_index_as_text(tmp_path: Path) -> None:
    entries = search_entries(catalog_with_two_versions(tmp_path, HOSTILE), Urls())
    titles = {e.title for e in entries}
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&quot;&quot; ../../etc" in titles
    assert not any("<script" in e.title or "<script" in e.text or any("<" in t for t in e.tags) for e in entries)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&quot;&quot; ../../etc" in entries[0].tags


def test_entry_in_material_form() -> None:
    from generator.render.searchindex import SearchEntry  # noqa: PLC0415

    entry = SearchEntry("a/index.md", "A", "words", anchor="schema", tags=("x",), boost=0.2)
    assert entry.as_index_entry("a/") == {"location": "a/#schema", "title": "A", "text": "words",
                                          "tags": ["x"], "boost": 0.2}
    assert SearchEntry("a/index.md", "A", "w").as_index_entry("a/") == {"location": "a/", "title": "A",
                                                                         "text": "w"}


def test_plain_text_of_an_mdx_body() -> None:
    body = ("import Foo from './foo'\n\n## Overview\n\n| a | b |\n| --- | --- |\n| `x` | *y* |\n\n"
            "<Tiles><Tile title=\"t\" /></Tiles>\n\n~~~yaml\nsecret: code\n~~~\n")
    assert plain_text(body) == "Overview a b x y"


def test_the_example_catalog_indexes_every_page() -> None:
    catalog = load_catalog(REPO_ROOT / "catalog").catalog
    entries = search_entries(catalog, Urls("catalog", catalog))
    pages = {e.page for e in entries}
    assert "catalog/events/InventoryAdjusted/index.md" in pages
    assert "catalog/events/InventoryAdjusted/0.0.1/index.md" in pages
    assert all(e.page.startswith("catalog/") for e in entries)
