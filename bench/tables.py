"""Tables and target verdicts of bench/run.py, as aligned plain text or as Markdown for docs/performance.md.

In: the result dicts run.py collects (evcat steps, and per size an EventCatalog result and the evcat build
of the same catalog). Out: text. Pure functions, standard library only.
"""
from __future__ import annotations

VALIDATE_TARGET_S = 5.0          # product brief: validate, 1,000 events x 3 versions, schemas + examples
VALIDATE_TARGET_EVENTS = 1000
VALIDATE_10K_TARGET_S = 30.0     # issue 18: validate 10,000 events
BUILD_10K_TARGET_S = 600.0       # issue 18: build 10,000 events under 10 minutes ...
BUILD_10K_TARGET_MB = 2048.0     # ... and 2 GB
RATIO_TARGET = 50.0              # issue 18: build 500 events in at most 1/50 of EventCatalog's time
EC_EARLIER_500_S = 629.0         # EventCatalog 3.48.4, Node 22, 500 events, measured before issue 18


def fmt_time(seconds: float | None) -> str:
    """'9.1 s', '629 s (10.5 min)'; '-' when unknown."""
    if seconds is None:
        return "-"
    if seconds >= 120:
        return f"{seconds:.0f} s ({seconds / 60:.1f} min)"
    return f"{seconds:.1f} s" if seconds >= 10 else f"{seconds:.2f} s"


def fmt_mb(mb: float | None) -> str:
    """'262 MB', '4.9 GB'; '-' when unknown."""
    if mb is None:
        return "-"
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def fmt_bytes(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n / 2**20:.2f} MB" if n >= 2**20 else f"{n / 1024:.0f} KB"


def fmt_ratio(a: float | None, b: float | None, sign: str = "x") -> str:
    """a / b as '69.3x'; '-' when either is missing or b is 0."""
    if not a or not b:
        return "-"
    return f"{a / b:.1f}{sign}"


def render(rows: list[tuple[str, ...]], markdown: bool = False) -> str:
    """Rows (the first is the header) as an aligned plain table or a Markdown table."""
    if markdown:
        # cells hold page paths from a site folder: keep them from closing the cell or opening an HTML tag
        cells = [[c.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
                  for c in row] for row in rows]
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        lines.insert(1, "| " + " | ".join("---" for _ in rows[0]) + " |")
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def steps_table(results: list[dict], markdown: bool = False) -> str:
    """One row per evcat step: wall median, min-max, CPU, peak RSS of the largest process and of the tree."""
    rows = [("step", "events", "vers", "runs", "wall median", "min-max", "CPU", "peak RSS", "tree RSS", "notes")]
    for r in results:
        notes = []
        for k in ("checked_files", "warnings", "md_pages", "html_pages", "site_mb", "search_index_mb"):
            if r.get(k) is not None:
                notes.append(f"{k}={r[k]}")
        if r.get("largest_page"):
            notes.append(f"largest={r['largest_page']['path']} ({fmt_bytes(r['largest_page']['bytes'])})")
        if r.get("pages_over_limit"):
            notes.append(f"PAGES OVER 1 MB={r['pages_over_limit']}")
        if any(x.get("stopped_low_disk") for x in r["runs"]):
            notes.append("STOPPED: disk nearly full")
        if not r["ok"]:
            notes.append("FAILED rc=" + ",".join(str(x["rc"]) for x in r["runs"]))
        rows.append((r["step"], str(r["events"]), str(r["versions"]), str(len(r["runs"])),
                     f"{r['wall_median_s']:.2f} s", f"{r['wall_min_s']:.2f}-{r['wall_max_s']:.2f}",
                     f"{r['cpu_median_s']:.2f} s", fmt_mb(r["peak_rss_mb"]), fmt_mb(r.get("peak_tree_rss_mb")),
                     " ".join(notes)))
    return render(rows, markdown)


def compare_table(pairs: list[dict], markdown: bool = False) -> str:
    """Side by side per size: EventCatalog and evcat wall time, CPU, memory (process tree), pages, site; the
    ratios of wall time and of memory.

    Each pair is {"events": N, "eventcatalog": result or None, "evcat": build result}.
    """
    sign = "×" if markdown else "x"
    rows = [("events", "EventCatalog time", "EC CPU", "EC memory", "EC pages", "EC site",
             "evcat time", "evcat CPU", "evcat memory", "evcat pages", "evcat site", "time ratio", "memory ratio")]
    for p in pairs:
        ec, ev = p.get("eventcatalog") or {}, p["evcat"]
        if ec.get("ok"):
            ec_cells = (fmt_time(ec.get("wall_s")), fmt_time(ec.get("cpu_s")), fmt_mb(ec.get("peak_tree_rss_mb")),
                        str(ec.get("html_pages", "-")), fmt_mb(ec.get("site_mb")))
        else:
            failed = f"failed (rc {ec['rc']})" if ec.get("results_row") else "not run"
            ec_cells = (failed, "-", "-", "-", "-")
        ev_time = fmt_time(ev["wall_median_s"]) + ("" if ev["ok"] else " FAILED")
        rows.append((f"{p['events']:,}", *ec_cells, ev_time, fmt_time(ev["cpu_median_s"]),
                     fmt_mb(ev.get("peak_tree_rss_mb")),
                     str(ev.get("html_pages", "-")), fmt_mb(ev.get("site_mb")),
                     fmt_ratio(ec.get("wall_s"), ev["wall_median_s"], sign) if ec.get("ok") else "-",
                     fmt_ratio(ec.get("peak_tree_rss_mb"), ev.get("peak_tree_rss_mb"), sign)
                     if ec.get("ok") else "-"))
    return render(rows, markdown)


def pages_table(builds: list[dict], markdown: bool = False) -> str:
    """Per build (tool, events): HTML pages, site size, the largest page and how many pages exceed 1 MB."""
    rows = [("tool", "events", "HTML pages", "site", "largest page", "size", "pages over 1 MB")]
    for b in builds:
        big = b.get("largest_page") or {}
        over = b.get("pages_over_limit")
        rows.append((b["tool"], f"{b['events']:,}", str(b.get("html_pages", "-")), fmt_mb(b.get("site_mb")),
                     big.get("path", "-"), fmt_bytes(big.get("bytes")),
                     "-" if over is None else (f"{over} OVER LIMIT" if over else "0")))
    return render(rows, markdown)


def _verdict(name: str, measured: float, limit: float, unit: str, higher_is_better: bool = False,
             note: str = "") -> dict:
    met = measured >= limit if higher_is_better else measured < limit
    by = (limit / measured if higher_is_better else measured / limit) if measured else None
    return {"target": name, "measured": round(measured, 2), "limit": limit, "unit": unit, "met": met,
            "missed_by_factor": None if met or by is None else round(by, 2),
            "missed_by": None if met else round(abs(limit - measured), 2), "note": note}


def targets(results: list[dict], pairs: list[dict]) -> list[dict]:
    """Every target a result of this run speaks to, with its verdict and, where missed, by how much."""
    out = []
    for r in results:
        if not r.get("ok", True):
            # A failed run measured nothing a target speaks of (a build that crashed early is "fast").
            out.append({"target": f"{r['step']} {r['events']:,} events ran to completion", "measured": 0,
                        "limit": 1, "unit": "runs completed", "met": False, "missed_by_factor": None,
                        "missed_by": 1, "note": "the run failed; see its log"})
            continue
        if r["step"] == "validate" and r["versions"] >= 3 and r["events"] >= VALIDATE_TARGET_EVENTS:
            limit = VALIDATE_10K_TARGET_S if r["events"] >= 10000 else VALIDATE_TARGET_S
            out.append(_verdict(f"validate {r['events']:,} events x {r['versions']} versions < {limit:g} s",
                                r["wall_median_s"], limit, "s"))
        if r["step"] == "build" and r["events"] >= 10000:
            out.append(_verdict(f"build {r['events']:,} events < {BUILD_10K_TARGET_S / 60:g} min",
                                r["wall_median_s"], BUILD_10K_TARGET_S, "s"))
            mem = max(r["peak_rss_mb"], r.get("peak_tree_rss_mb") or 0)
            out.append(_verdict(f"build {r['events']:,} events < {BUILD_10K_TARGET_MB / 1024:g} GB (process tree)",
                                mem, BUILD_10K_TARGET_MB, "MB"))
        if r["step"] == "build" and r.get("pages_over_limit") is not None:
            over = r["pages_over_limit"]
            out.append({"target": f"build {r['events']:,} events: no page over 1 MB", "measured": over,
                        "limit": 0, "unit": "pages over 1 MB", "met": over == 0, "missed_by_factor": None,
                        "missed_by": None if over == 0 else over, "note": ""})
    for p in pairs:
        ec, ev = p.get("eventcatalog") or {}, p["evcat"]
        if p["events"] != 500 or not ev["ok"]:
            continue
        same_run = bool(ec.get("ok") and ec.get("wall_s"))
        ec_s = ec["wall_s"] if same_run else EC_EARLIER_500_S
        out.append(_verdict("build 500 events in at most 1/50 of EventCatalog's time (ratio >= 50)",
                            ec_s / ev["wall_median_s"], RATIO_TARGET, "x", higher_is_better=True,
                            note="same run" if same_run else
                            f"EventCatalog not run here: against its earlier {EC_EARLIER_500_S:g} s"))
    return out


def target_line(t: dict) -> str:
    """'target: NAME: measured 3.6 s -> MET' or '... -> MISSED by 1.2 s (1.24x the limit)'."""
    head = f"target: {t['target']}: measured {t['measured']:g} {t['unit']}"
    if t["note"]:
        head += f" [{t['note']}]"
    if t["met"]:
        return head + " -> MET"
    factor = f" ({t['missed_by_factor']:g}x)" if t.get("missed_by_factor") else ""
    return head + f" -> MISSED by {t['missed_by']:g} {t['unit']}{factor}"
