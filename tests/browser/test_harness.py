"""Proves the browser harness itself works, before any site content exists.

A tiny static page renders a Mermaid diagram with the vendored ``mermaid.min.js`` and also tries to load a
script from the internet: the diagram must render, and the outside request must be blocked and recorded
without ever reaching the network.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

EXTERNAL_SCRIPT = "https://example.com/x.js"

HARNESS_PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>evcat harness</title>
  <script src="mermaid.min.js"></script>
  <!-- stands in for a CDN fallback (what Material does for Mermaid): must be blocked by the air-gap -->
  <script src="{EXTERNAL_SCRIPT}"></script>
</head>
<body>
  <pre class="mermaid">graph LR; A-->B</pre>
  <div id="host"></div>
  <script>
    mermaid.initialize({{ startOnLoad: false }});
    // run() renders every .mermaid element; flag completion so the test need not guess.
    mermaid.run().then(() => {{ document.body.dataset.mermaid = "done"; }},
                       (err) => {{ document.body.dataset.mermaid = "failed: " + err; }});
  </script>
</body>
</html>
"""


@pytest.fixture
def harness_site(tmp_path: Path, copy_vendored_asset: Callable[[str, Path], Path]) -> Path:
    """A served directory with the harness page and a copy of the vendored Mermaid."""
    copy_vendored_asset("javascripts/mermaid.min.js", tmp_path)
    (tmp_path / "index.html").write_text(HARNESS_PAGE, encoding="utf-8")
    return tmp_path


def test_mermaid_renders_offline_and_outside_requests_are_blocked(
    harness_site: Path,
    serve_dir: Callable[[Path], str],
    page_factory: Callable[[str], Page],
    screenshot: Callable[..., Path],
) -> None:
    """Vendored Mermaid renders an SVG; the example.com script is aborted, recorded, and never answered."""
    base_url = serve_dir(harness_site)
    page = page_factory(base_url)

    # Independent evidence beyond the harness's own list: any request that completed or got a response.
    reached: list[str] = []
    page.on("requestfinished", lambda req: reached.append(req.url))
    page.on("response", lambda resp: reached.append(resp.url))

    page.goto(base_url, wait_until="load")
    page.wait_for_selector("body[data-mermaid]", timeout=15_000)
    assert page.get_attribute("body", "data-mermaid") == "done"

    svg = page.locator("pre.mermaid svg")
    assert svg.count() == 1
    # The nodes A and B were actually laid out, not just an empty <svg> error placeholder.
    labels = svg.locator(".nodeLabel").all_inner_texts()
    assert sorted(label.strip() for label in labels) == ["A", "B"]

    assert page.blocked_requests == [EXTERNAL_SCRIPT]  # type: ignore[attr-defined]
    assert all(url.startswith(base_url) for url in reached), reached
    assert f"{base_url}mermaid.min.js" in reached
    assert page.page_errors == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]

    shot = screenshot(page, "harness-mermaid")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_closed_shadow_roots_are_forced_open(
    harness_site: Path, serve_dir: Callable[[Path], str], page_factory: Callable[[str], Page]
) -> None:
    """The init script makes ``attachShadow({mode: "closed"})`` inspectable, as Material's Mermaid needs."""
    base_url = serve_dir(harness_site)
    page = page_factory(base_url)
    page.goto(base_url)
    text = page.evaluate(
        """() => {
          const root = document.getElementById("host").attachShadow({ mode: "closed" });
          root.innerHTML = "<span class='inside'>inside</span>";
          return document.getElementById("host").shadowRoot?.querySelector(".inside")?.textContent ?? null;
        }"""
    )
    assert text == "inside"
    # Playwright's CSS engine pierces open shadow roots, so ordinary locators now reach into it.
    assert page.locator("#host .inside").inner_text() == "inside"


def test_serve_dir_serves_several_directories(tmp_path: Path, serve_dir: Callable[[Path], str]) -> None:
    """Each call gets its own free port on 127.0.0.1, serving files straight away (no polling needed)."""
    import urllib.request

    # No proxy even if the environment sets one: the servers are on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    urls = []
    for name in ("one", "two"):
        root = tmp_path / name
        root.mkdir()
        (root / "hello.txt").write_text(name, encoding="utf-8")
        urls.append(serve_dir(root))

    assert urls[0] != urls[1]
    for name, url in zip(("one", "two"), urls, strict=True):
        assert url.startswith("http://127.0.0.1:")
        with opener.open(f"{url}hello.txt", timeout=5) as resp:
            assert resp.read().decode() == name
