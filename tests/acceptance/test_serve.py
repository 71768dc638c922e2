"""`evcat serve` says where the site is once it listens, serves it there, and shows an edit within seconds:
its page and the search index first, the pages that mention it right after."""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest

EVENT = "domains/Inventory/services/InventoryService/events/OutOfStock/index.mdx"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_serve_prints_the_url_when_the_site_is_ready(served_catalog) -> None:
    assert served_catalog.wait_for_line("evcat: serving the site at ", 180), served_catalog.lines
    line = next(line for line in served_catalog.lines if line.startswith("evcat: serving the site at "))
    announced = re.search(r"^evcat: serving the site at (\S+) \(Ctrl-C to stop\)$", line)
    assert announced, line
    assert announced.group(1) == served_catalog.base
    with urllib.request.urlopen(announced.group(1), timeout=30) as response:
        assert response.status == 200
        assert "Acme Inventory" in response.read().decode("utf-8")


@pytest.mark.slow
def test_an_edit_shows_on_its_page_and_in_search_then_everywhere_it_is_mentioned(served_catalog) -> None:
    base, lines = served_catalog.base, served_catalog.lines
    assert served_catalog.wait_for_line("evcat: serving the site at", 180), lines
    path = served_catalog.catalog / EVENT
    text = path.read_text(encoding="utf-8")
    hostile = "Edited <script>alert(1)</script> \"\"\" ../../etc/passwd"
    path.write_text(re.sub(r"^summary:.*$", f"summary: '{hostile}'", text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")
    escaped = "Edited &lt;script&gt;alert(1)&lt;/script&gt;"
    assert wait_until(lambda: escaped in fetch(f"{base}events/OutOfStock/"), 60), lines[-20:]
    assert "<script>alert(1)" not in fetch(f"{base}events/OutOfStock/")
    # The search index is complete on every rebuild, the edit included.
    index = json.loads(fetch(f"{base}search/search_index.json"))
    assert any(escaped in entry["text"] for entry in index["docs"])
    assert len({entry["location"].split("#")[0] for entry in index["docs"]}) > 30
    # The catch-up pass brings the pages that mention the event up to date.
    assert wait_until(lambda: escaped in fetch(f"{base}messages/"), 120), lines[-20:]
    updates = [line for line in lines if line.startswith("evcat: site updated")]
    assert any("edited resources' pages first" in line for line in updates), updates
    assert any("every page that mentions the edit" in line for line in updates), updates
    assert not any("Traceback" in line or line.startswith("ERROR") for line in lines), lines
    # In a log (not a terminal) the first build shows its stages; rebuilds keep to their one line.
    ready = next(i for i, line in enumerate(lines) if line.startswith("evcat: serving the site at"))
    assert re.search(r"^evcat: rendering pages \d+/\d+$", "\n".join(lines[:ready]), re.MULTILINE), lines[:ready]
    assert [line for line in lines if line.startswith("evcat: reading and checking")] == [
        "evcat: reading and checking the catalog"]
