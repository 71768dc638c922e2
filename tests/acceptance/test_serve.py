"""`evcat serve` says where the site is once it listens, serves it there, and shows an edit within seconds:
its page and the search index first, the pages that mention it right after."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_serve_prints_the_url_when_the_site_is_ready(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(catalog), "-a", f"127.0.0.1:{port}"],
                               cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 180
        seen = []
        for line in process.stderr:  # type: ignore[union-attr]
            seen.append(line)
            if line.startswith("evcat: serving the site at ") or time.monotonic() > deadline:
                break
        announced = re.search(r"^evcat: serving the site at (\S+) \(Ctrl-C to stop\)$", seen[-1] if seen else "")
        assert announced, "".join(seen)
        assert announced.group(1) == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(announced.group(1), timeout=30) as response:
            assert response.status == 200
            assert "Acme Inventory" in response.read().decode("utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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


EVENT = "domains/Inventory/services/InventoryService/events/OutOfStock/index.mdx"


@pytest.mark.slow
def test_an_edit_shows_on_its_page_and_in_search_then_everywhere_it_is_mentioned(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(catalog), "-a", f"127.0.0.1:{port}"],
                               cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        assert wait_until(lambda: any(line.startswith("evcat: serving the site at") for line in lines), 180), lines
        path = catalog / EVENT
        text = path.read_text(encoding="utf-8")
        hostile = "Edited <script>alert(1)</script> \"\"\" ../../etc/passwd"
        path.write_text(re.sub(r"^summary:.*$", f"summary: '{hostile}'", text, count=1, flags=re.MULTILINE),
                        encoding="utf-8")
        escaped = "Edited &lt;script&gt;alert(1)&lt;/script&gt;"
        assert wait_until(lambda: escaped in fetch(f"{base}events/OutOfStock/"), 60), "".join(lines[-20:])
        page = fetch(f"{base}events/OutOfStock/")
        assert "<script>alert(1)" not in page
        # The search index is complete on every rebuild, the edit included.
        index = json.loads(fetch(f"{base}search/search_index.json"))
        assert any(escaped in entry["text"] for entry in index["docs"])
        assert len({entry["location"].split("#")[0] for entry in index["docs"]}) > 30
        # The catch-up pass brings the pages that mention the event up to date.
        assert wait_until(lambda: escaped in fetch(f"{base}messages/"), 120), "".join(lines[-20:])
        updates = [line for line in lines if line.startswith("evcat: site updated")]
        assert any("edited resources' pages first" in line for line in updates), updates
        assert any("every page that mentions the edit" in line for line in updates), updates
        assert not any("Traceback" in line or line.startswith("ERROR") for line in lines), lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
