"""Graphs as a reader sees them, at a desktop width (1,400 px) and on a phone (400 px), on the example catalog
and on the EventCatalog v4 conformance catalog: every graph on every page (domain, service, channel, message,
flow, catalog map, full graph) draws its text at 11 px or more on screen, a resource page's graph is at most
about one screen tall, a graph wider than its box scrolls sideways there with a visible cue, a grouped
"N messages" node opens the full graph, and diagram links reach real pages.

The size on screen is measured, not read from the source: each text's computed font size times the scale of
the SVG element that draws it (``getScreenCTM``), which is what Mermaid's scaling to the column changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1400, "phone": 400}
MIN_TEXT_PX = 11
MAX_PAGE_GRAPH_PX = 1200

# Every diagram of a page, measured where the reader sees it.
MEASURE = """() => [...document.querySelectorAll('div.mermaid')].map(host => {
  const svg = host.shadowRoot ? host.shadowRoot.querySelector('svg') : host.querySelector('svg');
  if (!svg) return null;
  const sizes = [];
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!text || element.closest('style')) continue;
    const ctm = (element.closest('foreignObject, text') || svg).getScreenCTM();
    sizes.push([parseFloat(getComputedStyle(element).fontSize) * Math.hypot(ctm.a, ctm.b), text.slice(0, 40)]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  const box = svg.getBoundingClientRect();
  const style = getComputedStyle(host);
  return {
    smallest: sizes[0] || null, texts: sizes.length, width: box.width, height: box.height,
    overflows: host.scrollWidth > host.clientWidth + 1,
    scrolls: ['auto', 'scroll'].includes(style.overflowX),
    cue: style.backgroundImage.includes('radial-gradient'),
    hostRight: host.getBoundingClientRect().right,
    article: document.querySelector('article').getBoundingClientRect().right,
  };
})"""


@pytest.fixture(params=["example", "v4"])
def site(request: pytest.FixtureRequest, built_site: Path, conformance_build,
         serve_dir: Callable[[Path], str]) -> tuple[str, Path, str]:
    """(name, folder, base URL) of a served site."""
    if request.param == "example":
        return "example", built_site, serve_dir(built_site)
    run = conformance_build("v4-default")
    assert run.exit_code == 0, run.output[-3000:]
    return "v4", run.site, serve_dir(run.site)


@pytest.fixture(params=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> int:
    return WIDTHS[request.param]


def pages_with_graphs(folder: Path) -> list[str]:
    """Every catalog page of a built site that holds a Mermaid diagram (evcat's own docs left out)."""
    found = []
    for page in sorted(folder.rglob("index.html")):
        path = page.relative_to(folder).parent.as_posix()
        if path.startswith("evcat") or 'class="mermaid"' not in page.read_text(encoding="utf-8"):
            continue
        found.append("" if path == "." else path + "/")
    return found


def open_at(page_factory: Callable[[str], Page], base: str, path: str, width: int) -> Page:
    page = page_factory(base)
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(base + path, wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=20_000)
    page.locator("div.mermaid svg").first.wait_for(state="attached", timeout=15_000)
    return page


def test_every_graph_is_legible_and_fits_one_screen_or_scrolls_visibly(site, width, page_factory,
                                                                       screenshot) -> None:
    name, folder, base = site
    paths = pages_with_graphs(folder)
    kinds = {p.split("/", 1)[0] for p in paths}
    assert {"domains", "services", "channels", "events", "flows", "map"} <= kinds, kinds
    assert any(p.endswith("/graph/") for p in paths), "no full-graph page: nothing was grouped"
    page = page_factory(base)
    page.set_viewport_size({"width": width, "height": 1000})
    problems = []
    for path in paths:
        page.goto(base + path, wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=20_000)
        page.locator("div.mermaid svg").first.wait_for(state="attached", timeout=15_000)
        for index, graph in enumerate(page.evaluate(MEASURE)):
            where = f"{path} #{index} at {width}px"
            if graph is None or graph["smallest"] is None:
                problems.append(f"{where}: no rendered text")
                continue
            size, text = graph["smallest"]
            if size < MIN_TEXT_PX:
                problems.append(f"{where}: '{text}' drawn at {size:.1f}px")
            if not path.endswith("/graph/") and graph["height"] > MAX_PAGE_GRAPH_PX:
                problems.append(f"{where}: {graph['height']:.0f}px tall")
            if graph["hostRight"] > graph["article"] + 1:
                problems.append(f"{where}: the graph's box runs past the page")
            if graph["overflows"] and not (graph["scrolls"] and graph["cue"]):
                problems.append(f"{where}: wider than its box without a visible scroll")
    assert problems == [], "\n".join(problems)
    assert page.page_errors == []  # type: ignore[attr-defined]
    assert page.blocked_requests == []  # type: ignore[attr-defined]


def test_a_grouped_node_opens_the_full_graph_with_every_message(built_site: Path, serve_dir, page_factory,
                                                                 screenshot) -> None:
    base = serve_dir(built_site)
    page = open_at(page_factory, base, "services/InventoryService/", 1400)
    group = page.locator("div.mermaid svg g.node", has_text="12 messages").first
    assert group.is_visible()
    screenshot(page, "graphs-service-grouped")
    group.click()
    page.wait_for_url("**/services/InventoryService/graph/")
    page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=20_000)
    labels = page.locator("div.mermaid svg g.node").evaluate_all(
        "nodes => nodes.map(n => n.textContent.trim())")
    for message in ("Bin created", "Bin deleted", "Transaction patched", "Inventory adjusted"):
        assert message in labels, (message, labels)
    assert len(labels) >= 25  # 24 messages, the service and its channels
    assert not any(label.endswith("messages") for label in labels)  # every message has its own node here
    back = page.locator("article a", has_text="Inventory Service").first
    assert urlsplit(urljoin(page.url, back.get_attribute("href") or "")).path.endswith("/services/InventoryService/")
    screenshot(page, "graphs-service-full")


def test_diagram_links_reach_real_pages(built_site: Path, serve_dir, page_factory) -> None:
    base = serve_dir(built_site)
    for path in ("services/InventoryService/", "map/", "events/OutOfStock/"):
        page = open_at(page_factory, base, path, 1400)
        hrefs = page.locator("div.mermaid svg a").evaluate_all(
            "links => links.map(a => a.getAttribute('href') || a.getAttribute('xlink:href'))")
        assert hrefs, path
        for href in hrefs:
            response = page.request.get(urljoin(page.url, href))
            assert response.ok, (path, href, response.status)


def test_the_map_draws_no_arrow_labels_and_lists_the_counts(built_site: Path, serve_dir, page_factory) -> None:
    base = serve_dir(built_site)
    page = open_at(page_factory, base, "map/", 1400)
    labels = page.locator("div.mermaid svg .edgeLabel").evaluate_all(
        "labels => labels.map(l => l.textContent.trim()).filter(Boolean)")
    assert labels == []
    rows = page.locator("article table tbody tr")
    assert rows.count() >= 3
    first = " ".join(rows.first.inner_text().split())
    assert first.startswith("Inventory Service Warehouse Service"), first
