"""bench/run.py's tables and verdicts: what a reader of the printed table and docs/performance.md sees."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench"
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
import tables  # noqa: E402


def _build(events: int, wall: float, tree_mb: float, *, ok: bool = True, over: int = 0, **extra) -> dict:
    return {"step": "build", "events": events, "versions": 3, "runs": [{"rc": 0 if ok else 1}], "ok": ok,
            "wall_median_s": wall, "wall_min_s": wall, "wall_max_s": wall, "cpu_median_s": wall,
            "peak_rss_mb": tree_mb / 2, "peak_tree_rss_mb": tree_mb, "html_pages": 548, "site_mb": 70.4,
            "largest_page": {"path": "events/A/index.html", "bytes": 374_000}, "pages_over_limit": over, **extra}


def _ec(wall: float, tree_mb: float) -> dict:
    return {"ok": True, "events": 500, "wall_s": wall, "cpu_s": 1100.0, "peak_tree_rss_mb": tree_mb, "html_pages": 1622,
            "site_mb": 127, "results_row": {"rc": 0}}


def test_compare_table_shows_both_tools_and_the_ratios():
    pairs = [{"events": 500, "eventcatalog": _ec(629.0, 5324.8), "evcat": _build(500, 10.0, 262.0)}]
    text = tables.compare_table(pairs)
    header, rule, row = text.splitlines()
    assert "EventCatalog time" in header and "evcat time" in header and "time ratio" in header
    assert set(rule.replace(" ", "")) == {"-"}
    cells = row.split()
    assert cells[0] == "500"
    assert "629 s (10.5 min)" in row and "1100 s (18.3 min)" in row and "5.2 GB" in row and "1622" in row
    assert "10.0 s" in row and "262 MB" in row and "548" in row
    assert "62.9x" in row        # 629 / 10
    assert "20.3x" in row        # 5324.8 / 262


def test_compare_table_says_when_eventcatalog_did_not_run_or_failed():
    missing = {"ok": False, "events": 10, "error": "EventCatalog not run: missing npm (not on PATH)"}
    failed = {"ok": False, "events": 20, "rc": 124, "error": "timeout", "results_row": {"rc": 124}}
    text = tables.compare_table([{"events": 10, "eventcatalog": missing, "evcat": _build(10, 2.0, 90.0)},
                                 {"events": 20, "eventcatalog": failed, "evcat": _build(20, 3.0, 95.0)}])
    first, second = text.splitlines()[2:]
    assert "not run" in first and first.split()[-2:] == ["-", "-"]
    assert "failed (rc 124)" in second


def test_markdown_tables_escape_what_would_break_a_cell_or_open_a_tag():
    hostile = _build(10, 1.0, 50.0, largest_page={"path": '<script>alert(1)</script>|"""/../x.html', "bytes": 2_000_000},
                     over=1)
    text = tables.pages_table([{"tool": "evcat", **hostile}], markdown=True)
    lines = text.splitlines()
    assert lines[1] == "| --- | --- | --- | --- | --- | --- | --- |"
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\|\"\"\"/../x.html" in lines[2]
    assert lines[2].count(" | ") == 6          # still seven cells
    assert "1.91 MB" in lines[2] and "1 OVER LIMIT" in lines[2]


def test_steps_table_names_the_largest_page_and_flags_pages_over_one_megabyte():
    text = tables.steps_table([_build(100, 9.0, 117.0, over=2)])
    assert "largest=events/A/index.html (365 KB)" in text
    assert "PAGES OVER 1 MB=2" in text
    assert "117 MB" in text and "58 MB" in text  # tree and largest single process


def test_a_build_stopped_for_disk_space_says_so():
    stopped = _build(10000, 300.0, 900.0, ok=False)
    stopped["runs"] = [{"rc": -9, "stopped_low_disk": True}]
    text = tables.steps_table([stopped])
    assert "STOPPED: disk nearly full" in text and "FAILED rc=-9" in text


def test_targets_say_by_how_much_they_are_missed():
    validate_10k = {**_build(10000, 31.5, 900.0), "step": "validate"}
    found = {t["target"]: t for t in tables.targets(
        [validate_10k, _build(10000, 660.0, 2560.0, over=3)],
        [{"events": 500, "eventcatalog": _ec(629.0, 5000.0), "evcat": _build(500, 25.0, 262.0)}])}
    v = found["validate 10,000 events x 3 versions < 30 s"]
    assert not v["met"] and v["missed_by"] == 1.5
    assert "MISSED by 1.5 s (1.05x)" in tables.target_line(v)
    t = found["build 10,000 events < 10 min"]
    assert not t["met"] and t["missed_by"] == 60.0
    m = found["build 10,000 events < 2 GB (process tree)"]
    assert not m["met"] and m["missed_by"] == 512.0
    p = found["build 10,000 events: no page over 1 MB"]
    assert not p["met"] and "MISSED by 3 pages over 1 MB" in tables.target_line(p)
    r = found["build 500 events in at most 1/50 of EventCatalog's time (ratio >= 50)"]
    assert r["measured"] == 25.16 and not r["met"] and r["missed_by_factor"] == 1.99
    assert r["note"] == "same run"


def test_a_failed_run_meets_no_target_however_fast_it_ended():
    crashed = _build(10000, 10.06, 357.0, ok=False, html_pages=0, pages_over_limit=None)
    found = tables.targets([crashed], [])
    assert [t["target"] for t in found] == ["build 10,000 events ran to completion"]
    assert not found[0]["met"] and "MISSED" in tables.target_line(found[0])
    assert run.exit_status(True, False, found) == run.EXIT_FAILED


def test_ratio_target_falls_back_to_the_earlier_eventcatalog_figure_and_says_so():
    no_ec = {"ok": False, "events": 500, "error": "EventCatalog not run: missing npm"}
    [r] = [t for t in tables.targets([], [{"events": 500, "eventcatalog": no_ec, "evcat": _build(500, 10.0, 200.0)}])]
    assert r["met"] and r["measured"] == 62.9
    assert "earlier 629 s" in tables.target_line(r) and tables.target_line(r).endswith("-> MET")


def test_formatting_of_times_and_sizes():
    assert tables.fmt_time(None) == "-" and tables.fmt_time(3.456) == "3.46 s"
    assert tables.fmt_time(41.0) == "41.0 s" and tables.fmt_time(164) == "164 s (2.7 min)"
    assert tables.fmt_mb(4915.2) == "4.8 GB" and tables.fmt_mb(117) == "117 MB"
    assert tables.fmt_ratio(None, 3) == "-" and tables.fmt_ratio(10, 0) == "-"


def test_compare_mode_times_builds_only_unless_other_steps_are_named():
    a = run.parse_args(["--compare-eventcatalog", "--build-events", "20", "10"])
    assert run.plan_sizes(a) == ([], [], [10, 20])
    a = run.parse_args(["--compare-eventcatalog", "--events", "100", "--validate-events", "10000"])
    assert run.plan_sizes(a) == ([10000], [], [100])
    a = run.parse_args(["--events", "10000", "--generate-events"])
    assert run.plan_sizes(a) == ([10000], [], [])
    a = run.parse_args([])
    assert run.plan_sizes(a) == ([100, 500, 1000], [100, 500, 1000], [])


def test_naming_one_steps_sizes_runs_only_the_steps_named():
    assert run.plan_sizes(run.parse_args(["--validate-events", "10000"])) == ([10000], [], [])
    assert run.plan_sizes(run.parse_args(["--build-events", "100"])) == ([], [], [100])
    a = run.parse_args(["--events", "100", "500", "1000", "--generate-events", "1000", "--build",
                        "--build-events", "100", "500"])
    assert run.plan_sizes(a) == ([100, 500, 1000], [1000], [100, 500])
    assert run.plan_sizes(run.parse_args(["--events", "100", "--build"])) == ([100], [100], [100])
    assert run.plan_sizes(run.parse_args(["--events", "100", "--no-validate"])) == ([], [100], [])


def test_exit_status_puts_failures_before_a_missing_eventcatalog_before_missed_targets():
    missed = [{"met": False}]
    assert run.exit_status(True, True, missed) == 1
    assert run.exit_status(False, True, missed) == 4
    assert run.exit_status(False, False, missed) == 3
    assert run.exit_status(False, False, [{"met": True}]) == 0
