"""The built example site in headless Chromium, air-gapped (every request off the served origin is aborted):
search finds schema fields, diagrams render, content tabs switch, version pages link to their change pages,
and nothing needs the internet. Screenshots go to tests/artifacts/screenshots/ for a human to look at.

The site is the session build ``built_site`` from tests/conftest.py (``evcat build`` with the repository's
mkdocs.yml); recipe and gotchas: shared/design/site.md §9.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

MESSAGE = "events/InventoryAdjusted/"
OLD_VERSION = "events/InventoryAdjusted/1.0.0/"
CHANNEL = "channels/inventory-events/"
MAP = "map/"
CATALOG_HOME = ""


@pytest.fixture
def site_url(built_site: Path, serve_dir: Callable[[Path], str]) -> str:
    return serve_dir(built_site)


@pytest.fixture
def open_page(site_url: str, page_factory: Callable[[str], Page]) -> Callable[[str], Page]:
    """Open ``path`` of the example site in a fresh air-gapped page."""

    def open_(path: str) -> Page:
        page = page_factory(site_url)
        page.goto(site_url + path, wait_until="load")
        return page

    return open_


def wait_for_diagrams(page: Page, expected: int | None = None) -> int:
    """Wait until Material has replaced every ``pre.mermaid`` by a rendered SVG; return how many there are.

    Material renders each diagram into a (forced open) shadow root of a ``div.mermaid``.
    """
    page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=20_000)
    svgs = page.locator("div.mermaid svg")
    svgs.first.wait_for(state="attached", timeout=15_000)
    count = page.locator("div.mermaid").count()
    if expected is not None:
        assert count == expected
    assert svgs.count() == count, "a diagram container without an SVG"
    return count


def assert_clean(page: Page) -> None:
    assert page.blocked_requests == []  # type: ignore[attr-defined]
    assert page.page_errors == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def path_of(page: Page, site_url: str) -> str:
    return urlsplit(page.url).path.removeprefix(urlsplit(site_url).path)


# --- (a) search ---------------------------------------------------------------------------------------------


def test_search_finds_a_field_that_only_the_schema_mentions(open_page, site_url: str) -> None:
    """`adjustedBy` appears in no page prose: only in InventoryAdjusted's schema (and its examples)."""
    page = open_page(CATALOG_HOME)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("adjustedBy", delay=20)
    page.locator("li.md-search-result__item").first.wait_for(timeout=30_000)

    hrefs = page.locator("li.md-search-result__item a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")
    paths = {urlsplit(h).path.removeprefix(urlsplit(site_url).path) for h in hrefs}
    assert MESSAGE in paths, hrefs
    # Nothing but InventoryAdjusted pages mention the field.
    assert all(p.startswith("events/InventoryAdjusted/") for p in paths), paths
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "matching document" in meta
    assert_clean(page)


def search_result_paths(page: Page, site_url: str, query: str) -> list[str]:
    """The result links of a search, in the order the reader sees them (best first)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    page.locator("li.md-search-result__item").first.wait_for(timeout=30_000)
    hrefs = page.locator("li.md-search-result__item a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")
    return [urlsplit(h).path.removeprefix(urlsplit(site_url).path) for h in hrefs]


def test_search_ranks_the_latest_version_above_older_ones(open_page, site_url: str) -> None:
    """`quantityDelta` is a field of every InventoryAdjusted version: the latest (1.0.1) comes first (the
    HTML-built index listed 0.0.1 and 0.1.0 above it)."""
    page = open_page(CATALOG_HOME)
    paths = search_result_paths(page, site_url, "quantityDelta")
    versions = [p.split("#")[0] for p in paths if p.startswith("events/InventoryAdjusted/")]
    assert versions and versions[0] == MESSAGE, paths
    assert_clean(page)


def test_search_finds_older_versions(open_page, site_url: str) -> None:
    """`SOLD` is an enum symbol of the 0.x versions only (renamed in 1.0.0): older versions are found."""
    page = open_page(CATALOG_HOME)
    paths = search_result_paths(page, site_url, "SOLD")
    assert "events/InventoryAdjusted/0.0.1/" in {p.split("#")[0] for p in paths}, paths


def test_search_leaves_generated_code_out(open_page, site_url: str) -> None:
    """Snippet code is not indexed: a word only the generated producers use finds no catalog page."""
    page = open_page(CATALOG_HOME)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("basic_publish", delay=20)
    page.locator(".md-search-result__meta").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    hrefs = page.locator("li.md-search-result__item a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")
    assert not [h for h in hrefs if "/events/" in h or "/commands/" in h], hrefs


# --- (b) diagrams -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "labels"), [
    (CHANNEL, ["Inventory Service", "Inventory event bus (EventBridge)", "Warehouse Service"]),
    (MESSAGE, ["Inventory Service", "Inventory adjusted", "Orders Service"]),
    (MAP, ["Inventory Service"]),
])
def test_graphs_render_as_svg(open_page, path: str, labels: list[str]) -> None:
    page = open_page(path)
    count = wait_for_diagrams(page)
    assert count >= 1
    svg = page.locator("div.mermaid svg").first
    text = svg.text_content() or ""
    for label in labels:
        # Long names wrap onto lines (a <br>, no space in the text content): compare without spaces.
        assert label.replace(" ", "") in text.replace(" ", ""), (label, text[:300])
    assert "Syntax error" not in text
    # Laid out, not an empty box.
    box = svg.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 50, box
    assert_clean(page)


# --- (c) content tabs ---------------------------------------------------------------------------------------


def code_tab_sets(page: Page) -> tuple[Locator, Locator]:
    """(outer language tabs, the role tabs inside the first language) of the Code section."""
    outer = page.locator("h2#code ~ .tabbed-set").first
    inner = outer.locator(":scope > .tabbed-content > .tabbed-block").first.locator(".tabbed-set").first
    return outer, inner


def test_producer_consumer_tabs_switch(open_page) -> None:
    page = open_page(MESSAGE)
    outer, inner = code_tab_sets(page)
    labels = inner.locator(":scope > .tabbed-labels > label")
    assert labels.all_inner_texts() == ["Producer", "Consumer"]
    blocks = inner.locator(":scope > .tabbed-content > .tabbed-block")
    producer, consumer = blocks.nth(0), blocks.nth(1)
    assert "producer" in producer.locator(".filename").inner_text().lower()
    assert "consumer" in consumer.locator(".filename").inner_text().lower()
    assert producer.is_visible() and not consumer.is_visible()

    labels.nth(1).click()
    consumer.wait_for(state="visible", timeout=5_000)
    assert consumer.is_visible() and not producer.is_visible()
    assert consumer.locator("pre code").inner_text().strip()

    # content.tabs.link: every other "Consumer" tab on the page switched too (e.g. under JavaScript).
    checked = page.evaluate("""() => [...document.querySelectorAll('.tabbed-labels > label')]
        .filter(l => ['Producer', 'Consumer'].includes(l.textContent.trim()))
        .map(l => [l.textContent.trim(), document.getElementById(l.htmlFor).checked])""")
    assert checked and all(is_checked == (label == "Consumer") for label, is_checked in checked), checked

    # The language tabs still switch independently of the role tabs.
    outer_labels = outer.locator(":scope > .tabbed-labels > label")
    assert outer_labels.count() >= 2
    outer_labels.nth(outer_labels.count() - 1).click()
    last = outer.locator(":scope > .tabbed-content > .tabbed-block").last
    last.wait_for(state="visible", timeout=5_000)
    assert "consumer" in last.locator(".tabbed-block:visible .filename").first.inner_text().lower()
    assert_clean(page)


# --- (d) versions -------------------------------------------------------------------------------------------


def test_older_version_links_to_its_change_page(open_page, site_url: str) -> None:
    page = open_page(OLD_VERSION)
    heading = page.locator("article h1").inner_text()
    assert "v1.0.0" in heading
    assert page.locator(".admonition.info .admonition-title", has_text="Older version").is_visible()

    link = page.locator("article a", has_text="changes from 0.1.0")
    assert link.count() == 1
    link.click()
    page.wait_for_url("**/events/InventoryAdjusted/1.0.0/changes/")
    assert path_of(page, site_url) == "events/InventoryAdjusted/1.0.0/changes/"
    assert page.locator("article h1").inner_text().startswith("Inventory adjusted: 0.1.0 → 1.0.0")
    assert page.locator(".admonition.danger .admonition-title", has_text="Breaking under BACKWARD").is_visible()
    table = page.locator("article table").nth(1)  # after the compatibility table
    assert table.is_visible()
    assert table.locator("thead th").all_inner_texts() == ["Change", "Field", "Before", "After", "Note"]
    first_cells = table.locator("tbody tr").first.locator("td").all_inner_texts()
    assert first_cells[:2] == ["added", "adjustmentId"]
    assert_clean(page)


# --- layout -------------------------------------------------------------------------------------------------

# Header cells of every table in the article that are laid out (a hidden header row has no box), with the
# article's right edge: a table whose header reaches past it is cut off or scrolls sideways.
TABLE_HEADERS = """() => {
  const limit = document.querySelector('article').getBoundingClientRect().right;
  return [...document.querySelectorAll('article table thead th')]
    .map(th => ({text: th.textContent.trim(), box: th.getBoundingClientRect()}))
    .filter(h => h.box.width > 0)
    .map(h => ({text: h.text, right: h.box.right, width: h.box.width, limit}));
}"""


def overflowing_headers(page: Page) -> list[dict]:
    return [h for h in page.evaluate(TABLE_HEADERS) if h["right"] > h["limit"] + 1]


@pytest.mark.parametrize("path", [MESSAGE, CHANNEL, "events/InventoryAdjusted/1.0.0/changes/"])
def test_tables_fit_the_content_column(open_page, path: str) -> None:
    """Long inline code (an Avro enum type, a file path) once made schema tables wider than the page: the
    Description column was cut off and squeezed to a word per line."""
    page = open_page(path)
    headers = page.evaluate(TABLE_HEADERS)
    assert headers
    assert overflowing_headers(page) == []
    if path == MESSAGE:
        descriptions = [h["width"] for h in headers if h["text"] == "Description"]
        assert descriptions and min(descriptions) >= 200, descriptions
    # Key/value fact sheets have no visible (empty) header row.
    facts = page.locator(".evcat-facts table")
    if facts.count():
        assert not facts.first.locator("thead").is_visible()
        assert facts.first.locator("tbody tr").first.is_visible()
    assert_clean(page)


# --- (e) air-gapped -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [CATALOG_HOME, "evcat/", MESSAGE, MAP, CHANNEL])
def test_pages_work_with_every_outside_request_blocked(open_page, path: str) -> None:
    page = open_page(path)
    if page.locator("pre.mermaid, div.mermaid").count():
        # Before rendering, Material would fetch Mermaid from unpkg if the vendored copy were missing.
        wait_for_diagrams(page)
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").count() == 1
    assert_clean(page)


# --- screenshots --------------------------------------------------------------------------------------------


def test_screenshots(open_page, screenshot) -> None:
    """Pictures for a human to review (tests/artifacts/screenshots/); the test checks they were taken."""
    shots = []
    for name, path in [("docs-home", "evcat/"), ("catalog-home", CATALOG_HOME), ("map", MAP), ("channel", CHANNEL)]:
        page = open_page(path)
        if page.locator("pre.mermaid, div.mermaid").count():
            wait_for_diagrams(page)
        shots.append(screenshot(page, name))
        assert_clean(page)

    page = open_page(MESSAGE)
    wait_for_diagrams(page)
    shots.append(screenshot(page, "message-top", full_page=False))
    page.evaluate("() => document.getElementById('schema').scrollIntoView({block: 'start'})")
    shots.append(screenshot(page, "message-schema", full_page=False))
    assert_clean(page)
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_v3_shipment_created_page_shows_its_defects(conformance_build, serve_dir, page_factory,
                                                    screenshot) -> None:
    run = conformance_build("v3-default")
    assert run.exit_code == 0, run.output[-4000:]
    base = serve_dir(run.site)
    page = page_factory(base)
    page.goto(base + "events/ShipmentCreated/", wait_until="load")
    findings = page.locator(".admonition.failure .admonition-title", has_text="Validation: ")
    assert findings.first.is_visible()
    assert page.locator("h3", has_text="(does not match the schema)").count() >= 1
    # The findings table (long file paths) fits the page.
    assert overflowing_headers(page) == []
    if page.locator("pre.mermaid, div.mermaid").count():
        wait_for_diagrams(page)
    screenshot(page, "v3-shipment-created")
    screenshot(page, "v3-shipment-created-top", full_page=False)
    assert_clean(page)
