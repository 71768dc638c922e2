"""`evcat serve` in a browser: saving an event's file reloads the open page with the edit (escaped), and
the open "All messages" table follows after the catch-up pass, with nothing fetched from elsewhere."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVENT = "domains/Inventory/services/InventoryService/events/OutOfStock/index.mdx"


def set_summary(catalog: Path, summary: str) -> None:
    path = catalog / EVENT
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^summary:.*$", f"summary: '{summary}'", text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")


def test_saving_an_event_reloads_its_open_page_and_then_the_tables(served_catalog,
                                                                   page_factory: Callable[[str], Page]) -> None:
    assert served_catalog.wait_for_line("evcat: serving the site at", 180), served_catalog.lines
    catalog, base = served_catalog.catalog, served_catalog.base
    page = page_factory(base)
    page.goto(f"{base}events/OutOfStock/")
    table = page_factory(base)
    table.goto(f"{base}messages/")
    # Had the summary reached a page as markup, its script would log to the console; the pages' console
    # listeners stay attached across live reloads (a page reloads once per pass), so every load is covered.
    hostile = 'Restocked <script>console.error("ran-from-summary")</script> soon'
    started = time.monotonic()
    set_summary(catalog, hostile)
    # No navigation by the test: MkDocs' live reload reloads the open page once the rebuild is written.
    page.get_by_text(hostile).first.wait_for(timeout=60_000)
    shown_after = time.monotonic() - started
    table.get_by_text(hostile).first.wait_for(timeout=120_000)
    page.get_by_text(hostile).first.wait_for(timeout=60_000)  # still shown after the catch-up's reload
    for opened in (page, table):
        assert not any("ran-from-summary" in text for text in opened.console_errors), opened.console_errors
        assert opened.blocked_requests == [], opened.blocked_requests
        assert opened.page_errors == [], opened.page_errors
    print(f"edit shown after {shown_after:.1f} s")  # for the log; times are measured by bench/serve_edit.py
