"""`evcat serve` in a browser: saving an event's file reloads the open page with the edit (escaped), and
the open "All messages" table follows after the catch-up pass, with nothing fetched from elsewhere."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
EVENT = "domains/Inventory/services/InventoryService/events/OutOfStock/index.mdx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the example catalog served by `evcat serve`: (catalog folder, site URL)."""
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(catalog), "-a", f"127.0.0.1:{port}"],
                               cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    ready = threading.Event()

    def read() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            if line.startswith("evcat: serving the site at"):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert ready.wait(180), "evcat serve did not announce its URL"
        yield catalog, f"http://127.0.0.1:{port}/"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def set_summary(catalog: Path, summary: str) -> None:
    path = catalog / EVENT
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^summary:.*$", f"summary: '{summary}'", text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")


def test_saving_an_event_reloads_its_open_page_and_then_the_tables(served, page_factory: Callable[[str], Page]) -> None:
    catalog, base = served
    page = page_factory(base)
    page.goto(f"{base}events/OutOfStock/")
    table = page_factory(base)
    table.goto(f"{base}messages/")
    hostile = "Restocked <script>window.pwned=1</script> soon"
    started = time.monotonic()
    set_summary(catalog, hostile)
    # No navigation by the test: MkDocs' live reload reloads the open page once the rebuild is written.
    page.get_by_text("Restocked <script>window.pwned=1</script> soon").first.wait_for(timeout=60_000)
    shown_after = time.monotonic() - started
    assert page.evaluate("window.pwned === undefined")
    table.get_by_text("Restocked <script>window.pwned=1</script> soon").first.wait_for(timeout=120_000)
    assert table.evaluate("window.pwned === undefined")
    for opened in (page, table):
        assert opened.blocked_requests == [], opened.blocked_requests
        assert opened.page_errors == [], opened.page_errors
    print(f"edit shown after {shown_after:.1f} s")  # for the log; times are measured by bench/serve_edit.py
