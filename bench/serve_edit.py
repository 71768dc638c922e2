"""How long `evcat serve` takes to show an edit: from saving an event's index.mdx to the served page (and
the search index) holding the new text.

Starts `evcat serve CATALOG` on a free port, waits for the site, then edits the summary of --edits events
(the latest version of each, one at a time) and for each edit measures, by polling the server every 50 ms:

* page: the event's page served with the new summary (what a browser shows after its live reload);
* search: the site's search_index.json holding the new summary (the index is complete on every build);
* catch-up: the "All messages" table (its pages) showing the new summary: the pages that mention an
  edited resource are regenerated in the pass after the quick one.

The edits are written back as they were when the script ends. Standard library only; prints one line per
edit and the medians, and writes them as JSON with --json.

    python bench/serve_edit.py CATALOG [--edits 5] [--evcat .venv/bin/evcat] [--json out.json]

A catalog from the shared generator at 1,000 events: python ../shared/bench/eventcatalog/gen.py --events
1000 --out /tmp/cat-1000 (bench/run.py --keep keeps its catalogs too).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL = 0.05  # the edited page: small, asked for often
# The search index (megabytes) and the browse tables are asked for less often: each request is served by the
# process that is rebuilding, and asking too often would slow down what is measured.
POLL_HEAVY = 0.25
SUMMARY = re.compile(r"^summary:.*$", re.MULTILINE)
SENDS_FROM = re.compile(r"/services/([^/]+)/events/[^/]+/index\.mdx$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(predicate, timeout: float, every: float = POLL) -> float | None:
    """Seconds until ``predicate()`` is true, or None after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(every)
    return None


def in_browse_tables(base: str, text: str) -> bool:
    """Whether any page of the "All messages" table holds ``text`` (page 1, then page-2, … until none)."""
    if text in fetch(f"{base}messages/"):
        return True
    number = 2
    while page := fetch(f"{base}browse/messages/page-{number}/"):
        if text in page:
            return True
        number += 1
    return False


def event_files(catalog: Path, count: int) -> list[Path]:
    """The latest versions of ``count`` events sent by a service (spread over the catalog)."""
    found = sorted(p for p in catalog.rglob("index.mdx")
                   if "/events/" in p.as_posix() and "/versioned/" not in p.as_posix()
                   and SENDS_FROM.search(p.as_posix()))
    if not found:
        sys.exit(f"serve_edit: no events under {catalog}/**/services/*/events/")
    step = max(1, len(found) // count)
    return found[::step][:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalog", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--evcat", default=str(Path(sys.executable).with_name("evcat")))
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for the first build")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    catalog = args.catalog.resolve()
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cache = Path(tempfile.mkdtemp(prefix="serve-edit-cache-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "NO_COLOR": "1"}
    started = time.monotonic()
    process = subprocess.Popen([args.evcat, "serve", str(catalog), "-a", f"127.0.0.1:{port}"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cache)
    lines: list[str] = []
    ready = threading.Event()

    def read_log() -> None:
        for line in process.stderr:  # type: ignore[union-attr]
            lines.append(line.rstrip("\n"))
            if line.startswith("evcat: serving the site at"):
                ready.set()

    threading.Thread(target=read_log, daemon=True).start()
    originals: dict[Path, str] = {}
    results = []
    try:
        if not ready.wait(args.timeout):
            print("\n".join(lines[-20:]), file=sys.stderr)
            return 1
        print(f"first build: {time.monotonic() - started:.1f} s", flush=True)
        for number, path in enumerate(event_files(catalog, args.edits), 1):
            text = path.read_text(encoding="utf-8")
            originals.setdefault(path, text)
            token = f"edited{number}x{int(time.time())}"
            rel = path.relative_to(catalog).as_posix()
            event_id = path.parent.name
            page_url = f"{base}events/{event_id}/"
            if token in fetch(page_url):
                return 1
            edited_at = time.monotonic()
            path.write_text(SUMMARY.sub(f"summary: Edited summary {token}", text, count=1), encoding="utf-8")
            page = wait_for(lambda u=page_url, t=token: t in fetch(u), 120)
            search = wait_for(lambda t=token: t in fetch(f"{base}search/search_index.json"), 120, POLL_HEAVY)
            search = None if search is None or page is None else page + search
            catch_up = wait_for(lambda t=token: in_browse_tables(base, t), 600, POLL_HEAVY)
            catch_up = None if catch_up is None else time.monotonic() - edited_at
            row = {"file": rel, "page_s": page, "search_s": search, "catch_up_s": catch_up}
            results.append(row)
            print(f"edit {number} {rel}: page {fmt(page)}, search index {fmt(search)}, "
                  f"all-messages table {fmt(catch_up)}", flush=True)
            time.sleep(1.0)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(cache, ignore_errors=True)
    summary = {key: statistics.median(r[key] for r in results if r[key] is not None)
               for key in ("page_s", "search_s", "catch_up_s") if any(r[key] is not None for r in results)}
    print("median: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary.items()))
    print("\n".join(line for line in lines if line.startswith("evcat: site updated")))
    if args.json:
        args.json.write_text(json.dumps({"catalog": str(catalog), "edits": results, "median": summary,
                                         "load": os.getloadavg()}, indent=2), encoding="utf-8")
    return 0 if all(r["page_s"] is not None for r in results) else 1


def fmt(seconds: float | None) -> str:
    return "timed out" if seconds is None else f"{seconds:.2f} s"


if __name__ == "__main__":
    sys.exit(main())
