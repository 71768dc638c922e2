"""Browse pages split into pages, tag pages and the navigation of large catalogs (generator/render/browse.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.catalog.load import load_catalog
from generator.diagnostics import Diagnostics
from generator.render import browse
from generator.render.generate import catalog_pages, navigation
from generator.render.urls import Urls


def test_a_collection_splits_into_pages_with_a_pager() -> None:
    specs = browse.paginated("messages.md", "browse/messages", "t.j2", list(range(1201)),
                             lambda page, chunk: {"rows": list(chunk)}, per_page=500)
    assert [s.path for s in specs] == ["messages.md", "browse/messages/page-2.md", "browse/messages/page-3.md"]
    assert [len(s.context["rows"]) for s in specs] == [500, 500, 201]
    middle = specs[1].context["pager"]
    assert middle["previous"] == "../../messages.md" and middle["next"] == "page-3.md"
    assert (middle["first"], middle["last"], middle["total"]) == (501, 1000, 1201)
    assert [p["current"] for p in middle["pages"]] == [False, True, False]
    assert specs[0].context["pager"]["previous"] is None and specs[2].context["pager"]["next"] is None


def test_a_short_collection_is_one_page_without_a_pager() -> None:
    specs = browse.paginated("services.md", "browse/services", "t.j2", [1, 2],
                             lambda page, chunk: {"rows": list(chunk)})
    assert len(specs) == 1 and specs[0].context["pager"] is None
    empty = browse.paginated("services.md", "browse/services", "t.j2", [], lambda page, chunk: {"rows": []})
    assert len(empty) == 1


def write_many(root: Path, channels: int, badge: str) -> Path:
    for number in range(channels):
        folder = root / "channels" / f"ch-{number:03d}"
        folder.mkdir(parents=True)
        (folder / "index.mdx").write_text(textwrap.dedent(f"""\
            ---
            id: ch-{number:03d}
            name: Channel {number:03d}
            version: 1.0.0
            badges:
              - content: {badge!r}
            ---
            """), encoding="utf-8")
    return root


def test_a_long_section_links_to_browse_pages_and_tags_paginate(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script> ../x'
    catalog = load_catalog(write_many(tmp_path, browse.NAV_SECTION_LIMIT + 1, hostile)).catalog
    urls = Urls("", catalog)
    nav = navigation(catalog, urls)
    assert {"Channels": "channels.md"} in nav
    pages = {p.path: p for p in catalog_pages(catalog, Diagnostics(), urls)}
    listing = pages["channels.md"]
    assert listing.template == "browse_resources.md.j2" and len(listing.context["rows"]) == 61
    tags = pages["tags.md"].context["tags"]
    assert tags == [{"tag": hostile, "count": 61, "url": tags[0]["url"]}]
    # The tag's page name is a safe slug inside tags/, whatever the badge says.
    tag_page = tags[0]["url"]
    assert tag_page in pages and tag_page.startswith("tags/") and "<" not in tag_page
    assert ".." not in tag_page.split("/")
    assert pages[tag_page].context["tag"] == hostile and len(pages[tag_page].context["rows"]) == 61


def test_a_short_section_lists_its_pages(tmp_path: Path) -> None:
    catalog = load_catalog(write_many(tmp_path, 3, "Kafka")).catalog
    nav = navigation(catalog, Urls("", catalog))
    channels = next(entry["Channels"] for entry in nav if "Channels" in entry)
    assert len(channels) == 3
