"""A site built from a catalog whose every text field carries a script payload runs none of them.

The catalog is ``tests/fixtures/hostile/xss/catalog`` (written by ``make_catalog.py`` beside it): names,
ids, team and user names, channel names and addresses, summaries, badges, schema descriptions, patterns,
defaults and enums, example names, changelogs and MDX bodies (raw HTML, JSX attributes, Markdown links)
all carry payloads that append a label to ``window.__evcat_xss`` if they ever run. Every generated page
is loaded in headless Chromium, every element is hovered, focused and clicked (navigation to real URLs is
prevented; ``javascript:`` URLs are left to run, to be caught), and the flag must stay unset with no
dialog opened. The payload text must still be visible where a reader expects it, or the test would pass
on a page that simply dropped everything.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CATALOG = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "xss" / "catalog"
PAYLOAD = '<img src=x onerror="window.__evcat_xss=(window.__evcat_xss||[]).concat('

# Keeps a click from leaving the page for a real URL; a javascript: URL is not prevented, so one that
# survived escaping would run and be caught.
PREVENT_NAVIGATION = """
window.addEventListener("click", (event) => {
  const anchor = event.target.closest && event.target.closest("a[href]");
  if (anchor && !/^javascript:/i.test(anchor.getAttribute("href").replace(/[\\s\\x00-\\x1f]/g, ""))) {
    event.preventDefault();
  }
}, true);
"""

# Hover, focus and click every element, including those inside (forced open) shadow roots.
POKE_EVERYTHING = """
() => {
  const all = [];
  const collect = (root) => {
    for (const element of root.querySelectorAll("*")) {
      all.push(element);
      if (element.shadowRoot) collect(element.shadowRoot);
    }
  };
  collect(document);
  for (const element of all) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin"]) {
      element.dispatchEvent(new Event(type, { bubbles: true }));
    }
    if (typeof element.click === "function") element.click();
    else element.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  }
  return all.length;
}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``evcat build`` of the hostile catalog (validation errors are expected; the site must be written)."""
    site = tmp_path_factory.mktemp("hostile") / "site"
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(CATALOG), "--site-dir", str(site)],
                          capture_output=True, text=True, cwd=site.parent, check=False, timeout=300)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert (site / "index.html").is_file(), done.stdout + done.stderr
    return site


@pytest.fixture
def open_page(hostile_site: Path, serve_dir: Callable[[Path], str],
              page_factory: Callable[[str], Page]) -> Iterator[Callable[[str], Page]]:
    base = serve_dir(hostile_site)

    def open_(path: str) -> Page:
        page = page_factory(base)
        page.dialogs = []  # type: ignore[attr-defined]

        def on_dialog(dialog) -> None:
            page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.add_init_script(PREVENT_NAVIGATION)
        page.goto(base + path, wait_until="load")
        # From now on the page stays put: a navigation a script or a submitted form starts is answered
        # "204 No Content", which a browser ignores (a javascript: URL is no request, so it still runs).
        page.route("**/*", lambda route: route.fulfill(status=204) if route.request.is_navigation_request()
                   and route.request.frame == page.main_frame else route.fallback())
        if page.locator("pre.mermaid").count():
            page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0",
                                   timeout=20_000)
        return page

    yield open_


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _flag(page: Page) -> list[str]:
    return page.evaluate("() => window.__evcat_xss || []")


def test_no_payload_runs_on_load_or_on_interaction(hostile_site: Path, open_page: Callable[[str], Page]) -> None:
    base_url = ""
    pages = _pages(hostile_site)
    assert len(pages) >= 14, pages  # home, browse pages, every resource, versions, changes, map, tags
    ran: dict[str, list[str]] = {}
    for path in pages:
        page = open_page(path)
        base_url = base_url or page.url.removesuffix(path)
        page.wait_for_timeout(300)  # broken images fire onerror once their request failed
        on_load = _flag(page)
        poked = page.evaluate(POKE_EVERYTHING)
        page.wait_for_timeout(300)  # a javascript: URL runs as a navigation task
        assert poked > 50 and page.url.split("#")[0] == base_url + path, (path, page.url)  # tabs set a #hash
        found = sorted(set(on_load) | set(_flag(page))) + [f"dialog: {m}" for m in page.dialogs]
        if found:
            ran[path] = found
        page.close()
    assert ran == {}, f"payloads ran: {ran}"


def test_payload_text_is_shown_as_text(open_page: Callable[[str], Page]) -> None:
    event = open_page("events/EvilEvent/index.html")
    assert event.locator("h1").first.inner_text().startswith('Evil | "event" ' + PAYLOAD + "'event-name')\">")
    text = event.locator("article").inner_text()
    for shown in ("user:<id> for people " + PAYLOAD + "'schema-description')\">",
                  "Event summary " + PAYLOAD, "Example " + PAYLOAD + "'example-name')\">",
                  "Badge " + PAYLOAD, "Title \"><svg onload="):
        assert shown in text, shown
    assert "Hostile <img src=x onerror=" in event.locator(".md-header__title").inner_text()  # the site name
    navigation = event.locator("nav.md-nav--primary").inner_text()
    assert "Service " + PAYLOAD + "'service-name')\">" in navigation
    team = open_page("teams/evil-team/index.html")
    assert team.locator("h1").first.inner_text().startswith("Team " + PAYLOAD)
    assert "Team summary " + PAYLOAD in team.locator("article").inner_text()
    assert 'x"><img src=x onerror=' in team.locator("article").inner_text()


def test_mermaid_labels_with_pipes_and_quotes_render(open_page: Callable[[str], Page]) -> None:
    for path in ("flows/EvilFlow/index.html", "events/EvilEvent/index.html", "map/index.html"):
        page = open_page(path)
        diagrams = page.locator("div.mermaid")
        assert diagrams.count() >= 1, path
        for index in range(diagrams.count()):
            svg = diagrams.nth(index).locator("svg")
            assert svg.count() == 1, path
            drawn = svg.text_content() or ""
            assert "Syntax error" not in drawn and "Parse error" not in drawn, (path, drawn)
        labels = " ".join(diagrams.nth(i).locator("svg").text_content() or "" for i in range(diagrams.count()))
        if path.startswith("flows/"):
            assert 'Start | "quoted" [x]' in labels and 'a|b "c"' in labels, labels
        page.close()


def test_search_results_show_payloads_as_text(open_page: Callable[[str], Page]) -> None:
    page = open_page("index.html")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("onerror", delay=30)
    results = page.locator("li.md-search-result__item")
    results.first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert "<img src=x onerror=" in page.locator(".md-search-result").inner_text()
    assert _flag(page) == [] and page.dialogs == []  # type: ignore[attr-defined]
