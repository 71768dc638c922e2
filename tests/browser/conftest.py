"""Browser-test harness: headless Debian Chromium driven by Playwright, fully air-gapped.

Recipe: ``shared/design/site.md`` §9. In short:

* Playwright's pip wheel ships its driver but not a browser, and the browser download cannot be reached from
  these machines, so we drive Debian's ``/usr/bin/chromium`` via ``executable_path``.
* Every request that does not go to the served site is aborted and recorded, so a test can assert that a
  page works offline (Material silently falls back to CDNs, e.g. unpkg for Mermaid).
* Material renders Mermaid SVGs into *closed* shadow roots, invisible to selectors; an init script forces
  every ``attachShadow`` to ``mode: "open"``.
* Material's search listens to key events: type with ``locator.press_sequentially(...)``, never ``fill()``.

Fixtures: ``chromium_path``, ``serve_dir``, ``browser``, ``page_factory``, ``screenshot``.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

CHROMIUM = "/usr/bin/chromium"

# Flags from the recipe. --no-sandbox: we run as root in a container; the rest keep Chromium from phoning
# home (component updates, sync, field trials) so the only traffic is what the page itself asks for.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Desktop width: Material hides the header search box on narrower viewports.
VIEWPORT = {"width": 1400, "height": 1000}

SCREENSHOT_DIR = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"

# Material mounts each Mermaid diagram in attachShadow({mode: "closed"}); selectors cannot see into closed
# roots, so force them open before any page script runs.
FORCE_OPEN_SHADOW_ROOTS = """
(() => {
  const original = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return original.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

# Schemes that never leave the machine; allowed alongside the served origin.
LOCAL_SCHEMES = frozenset({"data", "blob"})


def _in_ci() -> bool:
    """True on CI (``CI=true``), where a missing browser must fail the run instead of skipping quietly."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _skip_or_fail(reason: str) -> NoReturn:
    """Skip locally, fail on CI: CI must actually run the browser tests, not report them as skipped."""
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run on CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium, or skip (fail under CI=true) when it is not installed."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _skip_or_fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/test.sh does, as root)")
    return CHROMIUM


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that does not write an access log line per request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path | str], str]]:
    """Factory: ``serve_dir(path)`` serves ``path`` over HTTP on 127.0.0.1 and returns its base URL.

    The base URL ends in ``/``. Binding port 0 lets the OS pick a free port with no race, and the socket is
    already listening when the constructor returns, so no polling is needed. Every server started through
    the factory is shut down when the test ends.
    """
    servers: list[tuple[http.server.ThreadingHTTPServer, threading.Thread]] = []

    def start(path: Path | str) -> str:
        root = Path(path).resolve()
        if not root.is_dir():
            raise NotADirectoryError(root)
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # Daemon threads: a hung request must not keep the test process alive after teardown.
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name=f"serve:{root.name}", daemon=True)
        thread.start()
        servers.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host}:{port}/"

    yield start

    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium per test session (per xdist worker); contexts isolate the tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extras install it
        _skip_or_fail("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _origin(url: str) -> tuple[str, str]:
    """(scheme, netloc) of a URL, the unit the air-gap allows."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


@pytest.fixture
def page_factory(browser: Browser) -> Iterator[Callable[[str], Page]]:
    """Factory: ``page_factory(base_url)`` opens an air-gapped page in a fresh browser context.

    The returned Playwright ``Page`` carries three lists that the harness fills in:

    * ``page.blocked_requests``: URLs of requests that were aborted because they left ``base_url``'s origin
      (``data:``/``blob:``, and ``file:`` for a ``file://`` base, are allowed). Assert it is empty to prove a
      page works offline.
    * ``page.console_errors``: ``console.error`` messages, except the "Failed to load resource" lines that
      the blocking itself causes (those are already in ``blocked_requests``).
    * ``page.page_errors``: uncaught exceptions thrown by page scripts.

    Nothing is navigated yet: call ``page.goto(...)``. Contexts are closed when the test ends.
    """
    contexts = []

    def open_page(base_url: str) -> Page:
        base = _origin(base_url)
        allowed_schemes = LOCAL_SCHEMES | ({"file"} if base[0] == "file" else frozenset())
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        contexts.append(context)
        context.add_init_script(FORCE_OPEN_SHADOW_ROOTS)

        blocked: list[str] = []
        console_errors: list[str] = []
        page_errors: list[str] = []

        def gate(route: Route) -> None:
            url = route.request.url
            scheme, _ = _origin(url)
            if _origin(url) == base or scheme in allowed_schemes:
                route.continue_()
            else:
                # Aborted before DNS or connect: the request never leaves the machine.
                blocked.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", gate)

        page = context.new_page()

        def on_console(msg: Any) -> None:
            if msg.type != "error":
                return
            # Our own aborts surface as "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT" with the
            # blocked URL as location; drop them so console_errors means "the page itself is broken".
            if "ERR_BLOCKED_BY_CLIENT" in msg.text and msg.location.get("url") in blocked:
                return
            console_errors.append(msg.text)

        page.on("console", on_console)
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        # Plain attributes (Page has no __slots__): keeps tests short, e.g. `assert not page.blocked_requests`.
        page.blocked_requests = blocked  # type: ignore[attr-defined]
        page.console_errors = console_errors  # type: ignore[attr-defined]
        page.page_errors = page_errors  # type: ignore[attr-defined]
        return page

    yield open_page

    for context in contexts:
        context.close()


def save_screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Write a PNG of ``page`` to ``tests/artifacts/screenshots/<name>.png`` (gitignored) and return it.

    The name is reduced to a safe file name so test ids (with ``[]``, ``/``) can be passed directly.
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "screenshot"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """The ``save_screenshot(page, name)`` helper as a fixture, since test modules cannot import conftest."""
    return save_screenshot


def vendored_asset(relative: str) -> Path:
    """Path of a file under ``generator/assets`` in this checkout (e.g. ``javascripts/mermaid.min.js``)."""
    return Path(__file__).resolve().parents[2] / "generator" / "assets" / relative


@pytest.fixture
def copy_vendored_asset() -> Callable[[str, Path], Path]:
    """Copy a vendored asset into a directory the test serves; returns the copy's path."""

    def copy(relative: str, dest_dir: Path) -> Path:
        src = vendored_asset(relative)
        dest = dest_dir / Path(relative).name
        shutil.copyfile(src, dest)
        return dest

    return copy
