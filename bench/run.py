#!/usr/bin/env python3
"""Time `evcat validate`, `evcat generate` and (optionally) `evcat build` on synthetic catalogs.

For every size it writes a catalog into a work folder (default: a temporary folder, removed afterwards
unless --keep), checks that `evcat validate` finds no errors on it (so the timings measure real work and not
an early failure), then runs each command --repeat times as a subprocess and reports the median wall time,
the CPU time and the peak RSS (from os.wait4's rusage for that one child; evcat, including the MkDocs build,
runs in a single process).

Catalogs come from bench/make_catalog.py (default: every event has --versions versions, each with its own
JSON Schema or Avro schema and 1-2 matching examples) or, with --catalog gen, from the shared generator
../shared/bench/eventcatalog/gen.py that the EventCatalog anchor (run_anchor.sh) uses (3 versions, a JSON
Schema on the latest version only, no examples).

Examples:
  python bench/run.py                                   # validate at 100 500 1000, generate at the same
  python bench/run.py --events 100 500 1000 --generate-events 1000 \\
      --build --build-events 100 500 --build-repeat 1 --json bench/results.json

Standard library + evcat only. Exit status: 0 all runs succeeded and the validate target was met,
1 a run failed or a synthetic catalog was not clean, 3 the validate target (< 5 s at >= 1000 events) was missed.
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

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED_GEN = REPO.parent / "shared" / "bench" / "eventcatalog" / "gen.py"

VALIDATE_TARGET_S = 5.0          # product brief: validate, 1,000 events x 3 versions, schemas + examples
VALIDATE_TARGET_EVENTS = 1000
EC_BUILD_500 = {"wall_s": 19 * 60, "rss_mb": 4096}   # product brief: EventCatalog, 500 events


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


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float) -> dict:
    """Run cmd; return wall time, user/sys CPU and peak RSS of that child (os.wait4)."""
    env = dict(os.environ, NO_COLOR="1", NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("GITHUB_ACTIONS", None)
    load = round(os.getloadavg()[0], 2)
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = t0 + timeout
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc           # reaped by wait4; keep Popen from waiting again
    return {"rc": rc, "wall_s": round(wall, 3), "user_s": round(ru.ru_utime, 3),
            "sys_s": round(ru.ru_stime, 3), "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),
            "timed_out": wall > timeout, "loadavg_1m_before": load}


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


def tree_stats(root: Path, suffix: str | None = None) -> tuple[int, float]:
    n, size = 0, 0
    for p in root.rglob("*"):
        if p.is_file() and (suffix is None or p.name.endswith(suffix)):
            n += 1
            size += p.stat().st_size
    return n, round(size / 2**20, 1)


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


def step_build(evcat, cat, work, n, versions, repeat, timeout) -> dict:
    site = work / f"site-{n}"
    runs = []
    for i in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        runs.append(run_measured(evcat + ["build", str(cat), "--site-dir", str(site)], work,
                                 work / f"build-{n}-{i}.log", timeout))
    html, _ = tree_stats(site, ".html") if site.exists() else (0, 0.0)
    files, mb = tree_stats(site) if site.exists() else (0, 0.0)
    idx = site / "search" / "search_index.json"
    return summarise("build", n, versions, runs, {
        "html_pages": html, "site_files": files, "site_mb": mb,
        "search_index_mb": round(idx.stat().st_size / 2**20, 2) if idx.exists() else None})


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


def targets(results: list[dict]) -> list[dict]:
    out = []
    for r in results:
        if r["step"] == "validate" and r["events"] >= VALIDATE_TARGET_EVENTS and r["versions"] >= 3:
            out.append({"target": f"validate {r['events']} events x {r['versions']} versions < "
                                  f"{VALIDATE_TARGET_S:g} s", "measured_s": r["wall_median_s"],
                        "met": r["wall_median_s"] < VALIDATE_TARGET_S})
        if r["step"] == "build" and r["events"] == 500:
            out.append({"target": "build 500 events vs EventCatalog (~19 min, ~4 GB)",
                        "measured_s": r["wall_median_s"], "measured_rss_mb": r["peak_rss_mb"],
                        "speedup_vs_eventcatalog": round(EC_BUILD_500["wall_s"] / r["wall_median_s"], 1),
                        "met": r["ok"] and r["wall_median_s"] < EC_BUILD_500["wall_s"]})
    return out


def table(results: list[dict]) -> str:
    head = ("step", "events", "vers", "runs", "wall median", "min-max", "CPU", "peak RSS", "notes")
    rows = [head]
    for r in results:
        notes = []
        for k in ("checked_files", "warnings", "md_pages", "html_pages", "site_mb", "search_index_mb"):
            if r.get(k) is not None:
                notes.append(f"{k}={r[k]}")
        if not r["ok"]:
            notes.append("FAILED rc=" + ",".join(str(x["rc"]) for x in r["runs"]))
        rows.append((r["step"], str(r["events"]), str(r["versions"]), str(len(r["runs"])),
                     f"{r['wall_median_s']:.2f} s", f"{r['wall_min_s']:.2f}-{r['wall_max_s']:.2f}",
                     f"{r['cpu_median_s']:.2f} s", f"{r['peak_rss_mb']:.0f} MB", " ".join(notes)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, nargs="+", default=[100, 500, 1000],
                    help="catalog sizes for validate (and generate/build unless given) (default 100 500 1000)")
    ap.add_argument("--generate-events", type=int, nargs="*", default=None,
                    help="sizes for `evcat generate` (default: --events; empty list: skip)")
    ap.add_argument("--build", action="store_true", help="also time `evcat build` (full MkDocs site)")
    ap.add_argument("--build-events", type=int, nargs="+", default=None,
                    help="sizes for `evcat build` (default: --events)")
    ap.add_argument("--no-validate", action="store_true", help="skip the timed validate runs")
    ap.add_argument("--versions", type=int, default=3, help="versions per event (default 3)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    ap.add_argument("--build-repeat", type=int, default=None, help="runs per build (default: --repeat)")
    ap.add_argument("--catalog", choices=["make", "gen"], default="make",
                    help="make: bench/make_catalog.py (schemas+examples on every version); "
                         "gen: the shared gen.py used by the EventCatalog anchor")
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
    a = ap.parse_args()

    evcat = evcat_cmd(a.evcat)
    gen_sizes = a.events if a.generate_events is None else a.generate_events
    build_sizes = (a.build_events or a.events) if a.build else []
    val_sizes = [] if a.no_validate else a.events
    sizes = sorted(set(val_sizes) | set(gen_sizes) | set(build_sizes))
    work = a.workdir.resolve() if a.workdir else Path(tempfile.mkdtemp(prefix="evcat-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    doc = {"meta": meta(evcat), "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
           "workdir": str(work), "catalogs": {}, "results": [], "targets": []}
    failed = False
    doc["meta"]["bytecode_compiled_in"] = precompile(evcat)

    def save() -> None:
        doc["targets"] = targets(doc["results"])
        if a.json:
            a.json.parent.mkdir(parents=True, exist_ok=True)
            a.json.write_text(json.dumps(doc, indent=2) + "\n")

    def add(r: dict) -> None:
        nonlocal failed
        failed |= not r["ok"]
        doc["results"].append(r)
        print(f"  {r['step']:<30} {r['events']:>6} events  median {r['wall_median_s']:8.2f} s  "
              f"peak RSS {r['peak_rss_mb']:7.0f} MB{'' if r['ok'] else '  FAILED'}", flush=True)
        save()

    print(f"evcat bench: {doc['meta']['evcat']} (code {doc['meta']['code_digest_at_start']}) on "
          f"{doc['meta']['host_cpus']} CPUs, load {doc['meta']['loadavg_at_start']}, work folder {work}",
          flush=True)
    try:
        for n in sizes:
            cat = work / f"cat-{n}"
            mode = None if a.compatibility.lower() == "none" else a.compatibility.upper()
            info = make_catalog(a.catalog, n, a.versions, a.seed, cat, a.gen_py, mode)
            print(f"catalog {n} events: {info.get('files')} files, {info['mb']} MB, "
                  f"written in {info['seconds_to_write']} s", flush=True)
            clean = check_clean(evcat, cat, work, a.timeout)
            info["validate_check"] = clean
            doc["catalogs"][str(n)] = info
            if not clean["clean"]:
                print(f"ERROR: the synthetic catalog of {n} events is not clean: rc={clean['rc']}, "
                      f"errors={clean['errors']} {clean['codes']} (see {work}/check-cat-{n}.json); "
                      "timings would not measure a full validation", file=sys.stderr)
                failed = True
                a.keep = True
                continue
            if clean["warnings"]:
                print(f"  note: {clean['warnings']} warnings {clean['codes']}", flush=True)
            if n in val_sizes:
                add(step_validate(evcat, cat, work, n, a.versions, a.repeat, a.timeout, clean))
            if n in gen_sizes:
                for r in step_generate(evcat, cat, work, n, a.versions, a.repeat, a.timeout):
                    add(r)
            if n in build_sizes:
                add(step_build(evcat, cat, work, n, a.versions, a.build_repeat or a.repeat, a.timeout))
            if not a.keep:
                for p in (cat, work / f"md-{n}", work / f"site-{n}"):
                    shutil.rmtree(p, ignore_errors=True)
    finally:
        doc["meta"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
        doc["meta"]["code_digest_at_end"] = code_digest()
        save()
        if not a.keep and not a.workdir:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(table(doc["results"]))
    for t in doc["targets"]:
        print(f"target: {t['target']}: {t['measured_s']:.2f} s -> {'MET' if t['met'] else 'MISSED'}")
    if doc["meta"]["code_digest_at_end"] != doc["meta"]["code_digest_at_start"]:
        print("warning: generator/ or templates/ changed during the run; the timings mix two code versions")
    if a.json:
        print(f"results written to {a.json}")
    if failed:
        return 1
    return 3 if any(not t["met"] for t in doc["targets"]) else 0


if __name__ == "__main__":
    sys.exit(main())
