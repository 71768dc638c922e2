#!/usr/bin/env python3
"""Time `evcat validate`, `evcat generate` and `evcat build` on synthetic catalogs, beside EventCatalog.

For every size it writes a catalog into a work folder (default: a temporary folder, removed afterwards
unless --keep), checks that `evcat validate` finds no errors on it (so the timings measure real work and not
an early failure), then runs each command --repeat times as a subprocess and reports the median wall time,
the CPU time, the peak RSS of the largest process (os.wait4) and of the whole process tree (sampled from
/proc: evcat forks helpers to validate large catalogs), and for builds the pages, site size and largest page.

Catalogs come from bench/make_catalog.py (default: every event has --versions versions, each with its own
JSON Schema or Avro schema and 1-2 matching examples) or, with --catalog gen, from the shared generator
../shared/bench/eventcatalog/gen.py that the EventCatalog anchor (run_anchor.sh) uses (3 versions, a JSON
Schema on the latest version only, no examples).

--compare-eventcatalog builds each --build-events size with EventCatalog through run_anchor.sh (ROOT =
--ec-root, installed there on first use) and with evcat on a copy of the same catalog folder, and prints
both side by side with the ratios (docs/performance.md).

Examples:
  python bench/run.py                                   # validate at 100 500 1000, generate at the same
  python bench/run.py --events 100 500 1000 --generate-events 1000 \\
      --build --build-events 100 500 --build-repeat 1 --json bench/results.json
  python bench/run.py --validate-events 10000            # validate only
  python bench/run.py --compare-eventcatalog --build-events 100 500 --build-repeat 1 --markdown

Standard library + evcat only. Exit status: 0 all runs succeeded and every target was met, 1 a run failed
or a synthetic catalog was not clean, 4 --compare-eventcatalog got no EventCatalog result at some size (Node
or npm missing, install or build failed; evcat's side is still measured), 3 a target was missed.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ecanchor
from measure import run_measured, scan_site, tree_stats
from tables import compare_table, pages_table, steps_table, target_line, targets

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED_GEN = REPO.parent / "shared" / "bench" / "eventcatalog" / "gen.py"



# ---------------------------------------------------------------------------------------------------------
# running and measuring one command
# ---------------------------------------------------------------------------------------------------------

def evcat_cmd(arg: str | None) -> list[str]:
    if arg:
        return arg.split()
    exe = Path(sys.executable).with_name("evcat")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("evcat")
    return [found] if found else [sys.executable, "-m", "generator"]


def precompile(evcat: list[str]) -> str:
    """Write the bytecode of evcat's package, as installing a wheel does, and say where.

    The timed runs never write bytecode (PYTHONDONTWRITEBYTECODE=1), so without this an editable install
    would compile every evcat module from source in every run (~0.1 s) and a wheel install would not.
    """
    python = Path(evcat[0]).with_name("python") if Path(evcat[0]).name == "evcat" else Path(evcat[0])
    if not python.exists():
        return ""
    code = ("import compileall, pathlib, generator; p = pathlib.Path(generator.__file__).parent; "
            "compileall.compile_dir(str(p), quiet=1); print(p)")
    try:
        return subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, PYTHONDONTWRITEBYTECODE="")).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# ---------------------------------------------------------------------------------------------------------
# catalogs
# ---------------------------------------------------------------------------------------------------------

def make_catalog(kind: str, n: int, versions: int, seed: int, out: Path, gen_py: Path,
                 compatibility: str | None = None) -> dict:
    t0 = time.perf_counter()
    if kind == "make":
        sys.path.insert(0, str(HERE))
        import make_catalog  # noqa: PLC0415

        info = make_catalog.generate(n, str(out), seed=seed, n_versions=versions, compatibility=compatibility)
    else:
        if versions != 3:
            raise SystemExit("--catalog gen always writes 3 versions per event")
        res = subprocess.run([sys.executable, str(gen_py), "--events", str(n), "--out", str(out),
                              "--seed", str(seed)], check=True, capture_output=True, text=True)
        info = json.loads(res.stdout)
        info["files"], info["mb"] = tree_stats(out)
    info["seconds_to_write"] = round(time.perf_counter() - t0, 2)
    info["mb"] = tree_stats(out)[1]
    info["generator"] = "bench/make_catalog.py" if kind == "make" else str(gen_py)
    info["compatibility"] = compatibility if kind == "make" else None
    return info


# ---------------------------------------------------------------------------------------------------------
# steps
# ---------------------------------------------------------------------------------------------------------

def summarise(step: str, n: int, versions: int, runs: list[dict], extra: dict) -> dict:
    walls = [r["wall_s"] for r in runs]
    return {
        "step": step, "events": n, "versions": versions, "runs": runs,
        "wall_median_s": round(statistics.median(walls), 3), "wall_min_s": min(walls), "wall_max_s": max(walls),
        "cpu_median_s": round(statistics.median(r["user_s"] + r["sys_s"] for r in runs), 3),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "peak_tree_rss_mb": max(r["peak_tree_rss_mb"] for r in runs),
        "ok": all(r["rc"] == 0 and not r["timed_out"] for r in runs), **extra,
    }


def check_clean(evcat: list[str], cat: Path, work: Path, timeout: float) -> dict:
    report = work / f"check-{cat.name}.json"
    r = run_measured(evcat + ["validate", str(cat), "--format", "json", "-o", str(report)], work,
                     work / f"check-{cat.name}.log", timeout)
    try:
        summary = json.loads(report.read_text())["summary"]
        diags = json.loads(report.read_text())["diagnostics"]
    except (OSError, ValueError, KeyError):
        summary, diags = {}, []
    codes: dict[str, int] = {}
    for d in diags:
        c = d.get("code") or d.get("rule") or "?"
        codes[c] = codes.get(c, 0) + 1
    return {"rc": r["rc"], "errors": summary.get("errors"), "warnings": summary.get("warnings"),
            "info": summary.get("info"), "checked_files": summary.get("checked_files"), "codes": codes,
            "clean": r["rc"] == 0 and summary.get("errors") == 0}


def step_validate(evcat, cat, work, n, versions, repeat, timeout, clean) -> dict:
    runs = [run_measured(evcat + ["validate", str(cat), "--no-color"], work,
                         work / f"validate-{n}-{i}.log", timeout) for i in range(repeat)]
    return summarise("validate", n, versions, runs, {"checked_files": clean.get("checked_files"),
                                                      "warnings": clean.get("warnings")})


def step_generate(evcat, cat, work, n, versions, repeat, timeout) -> list[dict]:
    out = work / f"md-{n}"
    cold = []
    for i in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        cold.append(run_measured(evcat + ["generate", str(cat), "--out", str(out)], work,
                                 work / f"generate-{n}-{i}.log", timeout))
    pages, mb = tree_stats(out, ".md")
    warm = [run_measured(evcat + ["generate", str(cat), "--out", str(out)], work,
                         work / f"generate-rerun-{n}-{i}.log", timeout) for i in range(repeat)]
    return [summarise("generate", n, versions, cold, {"md_pages": pages, "md_mb": mb}),
            summarise("generate (re-run, no change)", n, versions, warm, {"md_pages": pages})]


def step_build(evcat, cat, work, n, versions, repeat, timeout, label: str = "", min_free_gb: float = 0) -> dict:
    """Time `evcat build` into an emptied site folder; report the site's pages, size and largest page."""
    label = label or str(n)
    site = work / f"site-{label}"
    runs = []
    for i in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        runs.append(run_measured(evcat + ["build", str(cat), "--site-dir", str(site)], work,
                                 work / f"build-{label}-{i}.log", timeout, int(min_free_gb * 2**30)))
        if runs[-1]["stopped_low_disk"]:
            print(f"ERROR: evcat build of {n} events stopped: under {min_free_gb:g} GB free beside {site} "
                  f"(the site so far: {scan_site(site)['site_mb']} MB)", file=sys.stderr)
            break
    pages = scan_site(site) if site.exists() else {"html_pages": 0, "site_files": 0, "site_mb": 0.0}
    idx = site / "search" / "search_index.json"
    return summarise("build", n, versions, runs, {
        **pages, "search_index_mb": round(idx.stat().st_size / 2**20, 2) if idx.exists() else None})


# ---------------------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------------------

def meta(evcat: list[str]) -> dict:
    def out(cmd, cwd=REPO):
        try:
            return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    cpu = ""
    with contextlib.suppress(OSError, StopIteration), open("/proc/cpuinfo") as fh:
        cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    return {"date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
            "host_cpus": os.cpu_count(), "cpu_model": cpu, "python": platform.python_version(),
            "platform": platform.platform(), "evcat": out(evcat + ["--version"]),
            "evcat_cmd": evcat, "git_head": out(["git", "rev-parse", "--short", "HEAD"]),
            "git_dirty": bool(out(["git", "status", "--porcelain", "--", "generator", "templates"])),
            "code_digest_at_start": code_digest()}


def code_digest() -> str:
    """sha256 (12 hex) of generator/ and templates/ as they are on disk, to tell apart runs of an
    uncommitted working tree."""
    import hashlib  # noqa: PLC0415

    h = hashlib.sha256()
    for top in ("generator", "templates"):
        for p in sorted((REPO / top).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(REPO)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:12]


DEFAULT_EVENTS = [100, 500, 1000]
MIN_GEN_EVENTS = 20      # gen.py makes N // 10 services; with one, its `receives:` list is empty
EXIT_OK, EXIT_FAILED, EXIT_TARGET_MISSED, EXIT_NO_EVENTCATALOG = 0, 1, 3, 4


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, nargs="+", default=None,
                    help="catalog sizes for validate (and generate/build unless given) (default 100 500 1000)")
    ap.add_argument("--validate-events", type=int, nargs="*", default=None,
                    help="sizes for `evcat validate` (default: --events; with --compare-eventcatalog: none; "
                         "`--validate-events 10000` alone validates only)")
    ap.add_argument("--generate-events", type=int, nargs="*", default=None,
                    help="sizes for `evcat generate` (default: --events; with --compare-eventcatalog: none; "
                         "empty list: skip)")
    ap.add_argument("--build", action="store_true", help="also time `evcat build` (full MkDocs site)")
    ap.add_argument("--build-events", type=int, nargs="+", default=None,
                    help="sizes for `evcat build` (implies --build; default with --build: --events)")
    ap.add_argument("--compare-eventcatalog", action="store_true",
                    help="build each --build-events size with EventCatalog (run_anchor.sh) and with evcat on the "
                         "same catalog (the shared gen.py's), and print both side by side; implies --build")
    ap.add_argument("--ec-root", type=Path, default=Path(os.environ.get("EVCAT_EC_ROOT", REPO.parent / "ec-anchor-work")),
                    help="run_anchor.sh's ROOT: EventCatalog install, its catalogs, results.tsv and logs; kept "
                         "between runs (default $EVCAT_EC_ROOT or ../ec-anchor-work beside the repository)")
    ap.add_argument("--markdown", action="store_true", help="also print the tables as Markdown (docs/performance.md)")
    ap.add_argument("--no-validate", action="store_true", help="skip the timed validate runs")
    ap.add_argument("--versions", type=int, default=3, help="versions per event (default 3)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    ap.add_argument("--build-repeat", type=int, default=None, help="runs per build (default: --repeat)")
    ap.add_argument("--catalog", choices=["make", "gen"], default="make",
                    help="make: bench/make_catalog.py (schemas+examples on every version); "
                         "gen: the shared gen.py used by the EventCatalog anchor (always, for compared builds)")
    ap.add_argument("--gen-py", type=Path, default=SHARED_GEN, help="path of the shared gen.py")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compatibility", default="FULL_TRANSITIVE",
                    help="x-compatibility written into every version of --catalog make (default FULL_TRANSITIVE: "
                         "every pair of versions checked in both directions; 'none' for no mode key)")
    ap.add_argument("--evcat", default=None, help="evcat command (default: evcat next to this Python)")
    ap.add_argument("--workdir", type=Path, default=None, help="work folder (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (catalogs, logs, sites)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run before it is killed")
    ap.add_argument("--json", type=Path, default=None, help="write all results as JSON to this file")
    ap.add_argument("--min-free-gb", type=float, default=10.0,
                    help="stop an evcat build when the work folder's disk has less free space (default 10 GB; "
                         "0: never)")
    return ap.parse_args(argv)


def plan_sizes(a: argparse.Namespace) -> tuple[list[int], list[int], list[int]]:
    """(validate sizes, generate sizes, build sizes).

    --events is the default for every step; naming one step's sizes without --events runs only the steps
    named (`--validate-events 10000` validates and nothing else). --compare-eventcatalog is about builds:
    validate and generate run there only at sizes named for them.
    """
    events = a.events or DEFAULT_EVENTS
    named = any(x is not None for x in (a.validate_events, a.generate_events, a.build_events))
    fallback = [] if a.compare_eventcatalog or (a.events is None and named) else events
    vals = fallback if a.validate_events is None else a.validate_events
    gens = fallback if a.generate_events is None else a.generate_events
    if a.compare_eventcatalog:
        builds = a.build_events or events
    else:
        builds = a.build_events if a.build_events is not None else (events if a.build else [])
    return ([] if a.no_validate else sorted(set(vals))), sorted(set(gens)), sorted(set(builds))


def exit_status(failed: bool, ec_missing: bool, target_list: list[dict]) -> int:
    """1 a run failed; 4 EventCatalog was asked for and gave no result at some size; 3 a target missed."""
    if failed:
        return EXIT_FAILED
    if ec_missing:
        return EXIT_NO_EVENTCATALOG
    return EXIT_TARGET_MISSED if any(not t["met"] for t in target_list) else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    evcat = evcat_cmd(a.evcat)
    val_sizes, gen_sizes, build_sizes = plan_sizes(a)
    own_build_sizes = [] if a.compare_eventcatalog else build_sizes
    sizes = sorted(set(val_sizes) | set(gen_sizes) | set(own_build_sizes))
    work = a.workdir.resolve() if a.workdir else Path(tempfile.mkdtemp(prefix="evcat-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    doc = {"meta": meta(evcat), "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
           "workdir": str(work), "catalogs": {}, "results": [], "compare": [], "targets": []}
    failed = False
    doc["meta"]["bytecode_compiled_in"] = precompile(evcat)
    pairs: list[dict] = doc["compare"]

    def save() -> None:
        doc["targets"] = targets(doc["results"], pairs)
        if pairs:
            doc["compare_table_markdown"] = compare_table(pairs, markdown=True)
        if a.json:
            a.json.parent.mkdir(parents=True, exist_ok=True)
            a.json.write_text(json.dumps(doc, indent=2) + "\n")

    def add(r: dict) -> None:
        nonlocal failed
        failed |= not r["ok"]
        doc["results"].append(r)
        print(f"  {r['step']:<30} {r['events']:>6} events  median {r['wall_median_s']:8.2f} s  "
              f"peak RSS {r['peak_rss_mb']:7.0f} MB (tree {r['peak_tree_rss_mb']:.0f} MB)"
              f"{'' if r['ok'] else '  FAILED'}", flush=True)
        save()

    def prepare(cat: Path, key: str, info: dict) -> dict | None:
        """Validate the catalog once; None (and the run marked failed) when it has errors."""
        nonlocal failed
        clean = check_clean(evcat, cat, work, a.timeout)
        info["validate_check"] = clean
        doc["catalogs"][key] = info
        print(f"catalog {key}: {info.get('files')} files, {info['mb']} MB, written in "
              f"{info['seconds_to_write']} s", flush=True)
        if not clean["clean"]:
            print(f"ERROR: the catalog {key} is not clean: rc={clean['rc']}, errors={clean['errors']} "
                  f"{clean['codes']} (see {work}/check-{cat.name}.json); timings would not measure a full "
                  "validation", file=sys.stderr)
            failed = True
            a.keep = True
            return None
        if clean["warnings"]:
            print(f"  note: {clean['warnings']} warnings {clean['codes']}", flush=True)
        return clean

    print(f"evcat bench: {doc['meta']['evcat']} (code {doc['meta']['code_digest_at_start']}) on "
          f"{doc['meta']['host_cpus']} CPUs, load {doc['meta']['loadavg_at_start']}, work folder {work}",
          flush=True)
    try:
        for n in sizes:
            cat = work / f"cat-{n}"
            mode = None if a.compatibility.lower() == "none" else a.compatibility.upper()
            clean = prepare(cat, str(n), make_catalog(a.catalog, n, a.versions, a.seed, cat, a.gen_py, mode))
            if clean is None:
                continue
            if n in val_sizes:
                add(step_validate(evcat, cat, work, n, a.versions, a.repeat, a.timeout, clean))
            if n in gen_sizes:
                for r in step_generate(evcat, cat, work, n, a.versions, a.repeat, a.timeout):
                    add(r)
            if n in own_build_sizes:
                add(step_build(evcat, cat, work, n, a.versions, a.build_repeat or a.repeat, a.timeout,
                               min_free_gb=a.min_free_gb))
            if not a.keep:
                for p in (cat, work / f"md-{n}", work / f"site-{n}"):
                    shutil.rmtree(p, ignore_errors=True)
        if a.compare_eventcatalog:
            compare(a, evcat, work, build_sizes, prepare, add, pairs)
    finally:
        doc["meta"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
        doc["meta"]["code_digest_at_end"] = code_digest()
        save()
        if not a.keep and not a.workdir:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(steps_table(doc["results"]))
    builds = build_rows(doc["results"], pairs)
    if builds:
        print()
        print(pages_table(builds))
    if pairs:
        print()
        print(compare_table(pairs))
    for t in doc["targets"]:
        print(target_line(t))
    if a.markdown:
        print("\n<!-- Markdown for docs/performance.md -->\n")
        if pairs:
            print(compare_table(pairs, markdown=True) + "\n")
        if builds:
            print(pages_table(builds, markdown=True) + "\n")
        print(steps_table(doc["results"], markdown=True) + "\n")
        print("\n".join(f"* {target_line(t).removeprefix('target: ')}" for t in doc["targets"]))
    if doc["meta"]["code_digest_at_end"] != doc["meta"]["code_digest_at_start"]:
        print("warning: generator/ or templates/ changed during the run; the timings mix two code versions")
    if a.json:
        print(f"results written to {a.json}")
    ec_missing = a.compare_eventcatalog and any(not (p["eventcatalog"] or {}).get("ok") for p in pairs)
    if ec_missing:
        print("EventCatalog gave no result for every size (see above): evcat's side only; exit status 4",
              file=sys.stderr)
    return exit_status(failed, ec_missing, doc["targets"])


def build_rows(results: list[dict], pairs: list[dict]) -> list[dict]:
    """Every build of the run, EventCatalog's included, for the pages table."""
    rows = [{"tool": "evcat", **r} for r in results if r["step"] == "build"]
    rows += [{"tool": "EventCatalog", **p["eventcatalog"]} for p in pairs if (p["eventcatalog"] or {}).get("ok")]
    return sorted(rows, key=lambda r: (r["events"], r["tool"]))


def compare(a: argparse.Namespace, evcat: list[str], work: Path, sizes: list[int], prepare, add,
            pairs: list[dict]) -> None:
    """Per size: EventCatalog builds ROOT/cat-N via run_anchor.sh, then evcat builds a copy of that folder."""
    root = a.ec_root.resolve()
    missing = ecanchor.missing_prerequisites()
    skip = ("EventCatalog not run: missing " + ", ".join(missing)) if missing else None
    if skip:
        print(f"WARNING: {skip}; timing evcat only", file=sys.stderr)
    if any(n < MIN_GEN_EVENTS for n in sizes):
        print(f"WARNING: under {MIN_GEN_EVENTS} events gen.py writes one service with an empty `receives:`, "
              "which EventCatalog 3.48 rejects (InvalidContentEntryDataError); use 20 or more", file=sys.stderr)
    for n in sizes:
        ec = {"ok": False, "events": n, "error": skip}
        if skip is None:
            print(f"EventCatalog: {n} events via {ecanchor.RUN_ANCHOR.name} (ROOT={root}, "
                  f"{'installed' if ecanchor.is_installed(root) else 'installing first'}) ...", flush=True)
            ec = ecanchor.run_anchor(root, n, work / f"ec-anchor-{n}.log", a.timeout)
            if ec["ok"]:
                print(f"  EventCatalog {n:>6} events  {ec['wall_s']:8.1f} s  tree RSS {ec['peak_tree_rss_mb']} MB  "
                      f"{ec['html_pages']} HTML, {ec['site_mb']} MB", flush=True)
            else:
                print(f"EventCatalog FAILED at {n} events: {ec['error']}", file=sys.stderr)
                if not ecanchor.is_installed(root):
                    skip = "EventCatalog not run: its install failed (see above)"
        cat = work / f"ec-cat-{n}"
        source = root / f"cat-{n}"
        if ec.get("results_row") and source.is_dir():
            t0 = time.perf_counter()
            ecanchor.copy_catalog(source, cat)
            info = {"events": n, "generator": f"copy of {source} (the folder EventCatalog built)",
                    "seconds_to_write": round(time.perf_counter() - t0, 2)}
            info["files"], info["mb"] = tree_stats(cat)
        else:
            info = make_catalog("gen", n, 3, a.seed, cat, a.gen_py)
        if prepare(cat, f"ec-{n}", info) is not None:
            r = step_build(evcat, cat, work, n, 3, a.build_repeat or a.repeat, a.timeout, label=f"ec-{n}",
                           min_free_gb=a.min_free_gb)
            r["catalog"] = info["generator"]
            add(r)
            pairs.append({"events": n, "eventcatalog": ec, "evcat": r})
        if not a.keep:
            for p in (cat, work / f"site-ec-{n}"):
                shutil.rmtree(p, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
