"""The site as a reader sees it, at a desktop width (1,400 px) and on a phone (400 px), on the example catalog
(``evcat build`` from the repository root, the README's main command) and on the EventCatalog v4 conformance
catalog: the home is the catalog, every piece of information appears once, no note meant for the catalog's
author, text from schemas keeps its angle brackets, tables fit or scroll visibly, identifiers never break
inside. Screenshots go to tests/artifacts/screenshots/ for a human to look at; they are not assertions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1400, "phone": 400}

# Pages a reader opens first, per site: a message with a schema, a service, channels, a domain.
PAGES = {
    "example": ["", "events/InventoryAdjusted/", "events/OutOfStock/", "services/InventoryService/",
                "services/OrdersService/", "channels/inventory-events/", "channels/inventory.-env-.events/",
                "domains/Inventory/", "messages/"],
    "v4": ["", "events/order-created/", "services/order-service/", "domains/ordering/", "messages/",
           "services/carrier-adapter/"],
}

AUTHOR_NOTES = ["(no graph)", "(no schema)", "(no messages)", "No example payloads", "Unsupported component",
                "(no channel information)", "Add JSON files"]


@pytest.fixture(params=["example", "v4"])
def site(request: pytest.FixtureRequest, built_site: Path, conformance_build,
         serve_dir: Callable[[Path], str]) -> tuple[str, str]:
    """(name, base URL) of a served site."""
    if request.param == "example":
        return "example", serve_dir(built_site)
    run = conformance_build("v4-default")
    assert run.exit_code == 0, run.output[-3000:]
    return "v4", serve_dir(run.site)


@pytest.fixture(params=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> int:
    return WIDTHS[request.param]


def h1(page: Page) -> str:
    """The page's heading as read (without the permalink mark)."""
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def open_at(page_factory: Callable[[str], Page], base: str, path: str, width: int) -> Page:
    page = page_factory(base)
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(base + path, wait_until="load")
    return page


# --- item 6: the catalog is the home ------------------------------------------------------------------------


def test_the_site_opens_on_the_catalog_titled_with_its_name(site, width, page_factory, screenshot) -> None:
    name, base = site
    page = open_at(page_factory, base, "", width)
    title = {"example": "Acme Inventory", "v4": "V4 Default"}[name]
    assert h1(page) == title
    assert page.title() == title
    assert page.locator(".md-header__topic").first.inner_text().strip() == title
    screenshot(page, f"reading-home-{name}-{width}")


def test_home_counts_every_kind_that_was_read(site, page_factory) -> None:
    name, base = site
    page = open_at(page_factory, base, "", 1400)
    counts = page.locator("article .grid.cards li").all_inner_texts()
    if name == "v4":
        for expected in ("15 systems", "29 entities", "12 containers", "3 ADRs", "39 events"):
            assert any(" ".join(c.split()) == expected for c in counts), counts


def top_level_navigation(page: Page) -> list[str]:
    """Labels of the primary navigation's top level, in order."""
    return [" ".join(t.split()) for t in page.locator(
        "nav.md-nav--primary > ul > li > label.md-nav__link, nav.md-nav--primary > ul > li > a.md-nav__link, "
        "nav.md-nav--primary > ul > li > div.md-nav__link a, nav.md-nav--primary > ul > li > div.md-nav__link"
    ).all_inner_texts() if t.strip()]


def test_evcat_docs_are_one_navigation_section_not_first(built_site: Path, serve_dir, page_factory) -> None:
    base = serve_dir(built_site)
    page = open_at(page_factory, base, "", 1400)
    labels = list(dict.fromkeys(top_level_navigation(page)))
    assert labels[0] == "Overview", labels
    assert [label for label in labels if "evcat" in label.lower()] == ["evcat"], labels
    page.goto(base + "evcat/usage/", wait_until="load")
    assert h1(page) == "Using evcat"
    # A docs page links the example catalog: that is the site's home.
    page.goto(base + "evcat/", wait_until="load")
    page.locator("article a", has_text="example catalog").first.click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/") == base.rstrip("/")


# --- items 1 and 5: each piece once, no author notes --------------------------------------------------------


def test_every_section_and_row_appears_once_and_no_author_note(site, width, page_factory, screenshot) -> None:
    name, base = site
    for path in PAGES[name]:
        page = open_at(page_factory, base, path, width)
        article = page.locator("article").first
        headings = [" ".join(t.replace("¶", "").split()) for t in article.locator("h2").all_inner_texts()]
        assert len(headings) == len(set(headings)), (path, headings)
        # No heading followed directly by the next one of the same or a higher level: no empty section.
        empty = page.evaluate("""() => [...document.querySelectorAll('article h2')].filter(h => {
            const next = h.nextElementSibling; return !next || next.tagName === 'H2' || next.tagName === 'H1';
        }).map(h => h.textContent)""")
        assert empty == [], (path, empty)
        for table in article.locator("table").all():
            rows = [" ".join(t.split()) for t in table.locator("tbody tr").all_inner_texts()]
            assert len(rows) == len(set(rows)), (path, [r for r in rows if rows.count(r) > 1][:3])
        text = article.inner_text()
        for note in AUTHOR_NOTES:
            assert note not in text, (path, note)
        if width == 1400:
            screenshot(page, f"reading-{name}-{path.strip('/').replace('/', '-') or 'home'}")


def test_message_page_shows_its_schema_once(built_site: Path, serve_dir, page_factory) -> None:
    base = serve_dir(built_site)
    page = open_at(page_factory, base, "events/InventoryAdjusted/", 1400)
    # The body shows the field table and the source (SchemaViewer, Schema): neither comes again.
    assert page.locator("article table:has(th:text-is('Field'))").count() == 1
    assert page.locator("article .highlight .filename", has_text="schema.avsc").count() == 1
    assert page.locator("article a.md-button[download]").count() == 1


def test_a_warning_shows_as_a_warning(conformance_build, serve_dir, page_factory) -> None:
    """The v4 catalog's custom <Footer> is one warning: a folded warning box, not a red error box."""
    run = conformance_build("v4-default")
    base = serve_dir(run.site)
    page = open_at(page_factory, base, "services/carrier-adapter/", 1400)
    box = page.locator("details.warning", has_text="Validation: 1 warning")
    assert box.count() == 1
    assert page.locator(".admonition.failure", has_text="Validation").count() == 0
    assert not box.first.get_attribute("open")


# --- item 2: text in tables keeps its characters ------------------------------------------------------------


def test_schema_text_with_angle_brackets_reaches_the_reader(built_site: Path, serve_dir, page_factory) -> None:
    base = serve_dir(built_site)
    page = open_at(page_factory, base, "events/InventoryAdjusted/", 400)
    row = page.locator("article table tr", has=page.locator("code", has_text="adjustedBy"))
    assert "user:<id> for people, client:<id> for systems" in " ".join(row.first.inner_text().split())
    type_cell = row.first.locator("td").nth(1)
    assert type_cell.inner_text().strip() == "union<null, string>"


# --- item 3: tables fit or scroll visibly; identifiers never break inside ---------------------------------

TABLE_LAYOUT = """() => {
  const article = document.querySelector('article').getBoundingClientRect();
  return [...document.querySelectorAll('article table')].map(table => {
    const wrap = table.closest('.md-typeset__scrollwrap');
    const style = wrap ? getComputedStyle(wrap) : null;
    return {
      head: table.querySelector('tr') ? table.querySelector('tr').innerText.slice(0, 60) : '',
      fits: table.getBoundingClientRect().right <= article.right + 1,
      scrolls: !!wrap && wrap.scrollWidth > wrap.clientWidth && ['auto', 'scroll'].includes(style.overflowX),
      cue: !!style && style.backgroundImage.includes('radial-gradient'),
      lastColumnVisible: (() => {
        const cells = table.querySelectorAll('tr:first-child > *');
        return cells.length ? cells[cells.length - 1].getBoundingClientRect().right <= article.right + 1 : true;
      })(),
    };
  });
}"""

# Every word of code in a table cell (field names, enum symbols, ids), and the lines it is laid out on.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const code of document.querySelectorAll('article td code')) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[A-Za-z0-9_]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_tables_fit_or_scroll_visibly(site, width, page_factory, screenshot) -> None:
    name, base = site
    for path in PAGES[name]:
        page = open_at(page_factory, base, path, width)
        for table in page.evaluate(TABLE_LAYOUT):
            assert table["fits"] or (table["scrolls"] and table["cue"]), (path, width, table)
        if width == 400:
            screenshot(page, f"reading-phone-{name}-{path.strip('/').replace('/', '-') or 'home'}")


def test_browse_tables_fit_a_desktop_screen(site, page_factory) -> None:
    name, base = site
    for path in ("messages/", "services/"):
        page = open_at(page_factory, base, path, 1400)
        tables = page.evaluate(TABLE_LAYOUT)
        assert tables and all(t["lastColumnVisible"] for t in tables), (path, tables)
        assert page.locator("article .evcat-summary").count() > 0


def test_identifiers_never_break_inside(site, width, page_factory) -> None:
    name, base = site
    for path in PAGES[name]:
        page = open_at(page_factory, base, path, width)
        assert page.evaluate(BROKEN_WORDS) == [], (path, width)
