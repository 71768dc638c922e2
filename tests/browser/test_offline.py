"""A site built with ``evcat build --offline`` opened from disk (``file://``), as a downloaded CI artifact is:
search answers, links open pages (not folder listings), graphs render, and nothing is fetched from anywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def open_from_disk(page_factory: Callable[[str], Page], site: Path, path: str = "index.html") -> Page:
    page = page_factory(site.as_uri() + "/")
    page.goto((site / path).as_uri())
    return page


def assert_offline(page: Page) -> None:
    assert page.blocked_requests == [], page.blocked_requests
    assert page.page_errors == [], page.page_errors


def test_search_answers_from_disk(offline_site: Path, page_factory) -> None:
    page = open_from_disk(page_factory, offline_site)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("quantityDelta", delay=20)
    page.locator("li.md-search-result__item").first.wait_for(timeout=30_000)
    first = page.locator("li.md-search-result__item a.md-search-result__link").first
    assert "events/InventoryAdjusted/index.html" in (first.get_attribute("href") or "")
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith((offline_site / "events/InventoryAdjusted/index.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("Inventory adjusted")
    assert_offline(page)


def test_links_and_graph_clicks_open_pages_not_folders(offline_site: Path, page_factory) -> None:
    page = open_from_disk(page_factory, offline_site, "events/InventoryAdjusted/index.html")
    hrefs = page.locator("article a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    local = [h for h in hrefs if not h.startswith(("http:", "https:", "#", "mailto:"))]
    assert local, hrefs
    # Every page link names its HTML file: a folder link would open a directory listing from disk.
    targets = [h.split("#")[0] for h in local if h.split("#")[0]]
    pages = [t for t in targets if not t.endswith((".avsc", ".json", ".yaml", ".yml", ".proto"))]
    assert len(pages) > 5 and all(t.endswith(".html") for t in pages), pages
    page.locator(".mermaid svg").first.wait_for(timeout=30_000)
    graph_links = page.locator(".mermaid svg a").evaluate_all(
        "links => links.map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))")
    assert graph_links and all(h.endswith(".html") for h in graph_links), graph_links
    page.locator("nav.md-nav a.md-nav__link[href$='map/index.html']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/map/index.html") and page.title().startswith("Catalog map")
    assert_offline(page)
