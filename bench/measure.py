"""Run one command and measure it; look at what a build wrote.

`run_measured` reports wall time, user+sys CPU and the largest single process's peak RSS (all from
os.wait4, which folds in the reaped helpers evcat forks for validation — generator/parallel.py), and the
peak RSS of the whole process tree, sampled from /proc the way the EventCatalog anchor's treerss.py does
(sum of every descendant's resident pages), so the two tools' memory is measured alike.

`scan_site` counts a site's HTML pages and bytes and names its largest page and every page over 1 MB.

Standard library only.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

PAGE_LIMIT_BYTES = 1 << 20          # issue 18: no single page over 1 MB
TREE_SAMPLE_INTERVAL_S = 0.1        # /proc walk per sample costs ~1 ms; run_anchor's treerss.py uses 0.25 s
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int] | None:
    """Child pids of pid from /proc/PID/task/*/children; None where the kernel does not offer that file."""
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                kids.extend(int(k) for k in fh.read().split())
        except FileNotFoundError:
            return None
        except OSError:
            continue
    return kids


def _children_by_scan() -> dict[int, list[int]]:
    """Parent -> children over all of /proc (the fallback treerss.py always uses)."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree_rss(root: int) -> tuple[int, int]:
    """(bytes resident summed over root and all its descendants, number of processes counted).

    Pages shared after a fork count once per process, as in treerss.py: for evcat's forked helpers this
    overstates the memory really in use, so the comparison errs against evcat.
    """
    scanned: dict[int, list[int]] | None = None
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * _PAGE_SIZE
            count += 1
        except (OSError, IndexError, ValueError):
            continue
        kids = _children(pid)
        if kids is None:
            scanned = scanned if scanned is not None else _children_by_scan()
            kids = scanned.get(pid, [])
        todo.extend(kids)
    return total, count


def free_bytes(path: Path) -> int:
    """Bytes free to an unprivileged writer on the file system holding path."""
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def run_measured(cmd: list[str], cwd: Path, log: Path, timeout: float, min_free_bytes: int = 0) -> dict:
    """Run cmd; return wall time, user/sys CPU, peak RSS of the largest process and of the process tree.

    With min_free_bytes, the run is killed (and says so) when the file system of cwd has less free space
    than that: a site whose pages grow with the catalog can fill a shared disk before it finishes.
    """
    env = dict(os.environ, NO_COLOR="1", NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("GITHUB_ACTIONS", None)
    load = round(os.getloadavg()[0], 2)
    peak_tree, procs_at_peak, next_sample, low_disk = 0, 0, 0.0, False
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = t0 + timeout
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now > deadline:
                proc.kill()
                pid, status, ru = os.wait4(proc.pid, 0)
                break
            if now >= next_sample:
                if min_free_bytes and free_bytes(cwd) < min_free_bytes:
                    low_disk = True
                    proc.kill()
                    pid, status, ru = os.wait4(proc.pid, 0)
                    break
                rss, n = tree_rss(proc.pid)
                if rss > peak_tree:
                    peak_tree, procs_at_peak = rss, n
                next_sample = now + TREE_SAMPLE_INTERVAL_S
            time.sleep(0.005)
        wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc           # reaped by wait4; keep Popen from waiting again
    single_mb = round(ru.ru_maxrss / 1024, 1)
    return {"rc": rc, "wall_s": round(wall, 3), "user_s": round(ru.ru_utime, 3),
            "sys_s": round(ru.ru_stime, 3), "peak_rss_mb": single_mb,
            # a run shorter than one sample interval may end before the tree is sampled at its peak
            "peak_tree_rss_mb": max(round(peak_tree / 2**20, 1), single_mb), "procs_at_peak": procs_at_peak,
            "timed_out": wall > timeout, "stopped_low_disk": low_disk, "loadavg_1m_before": load}


def tree_stats(root: Path, suffix: str | None = None) -> tuple[int, float]:
    """(number of files under root ending in suffix, their size in MB)."""
    n, size = 0, 0
    for p in root.rglob("*"):
        if p.is_file() and (suffix is None or p.name.endswith(suffix)):
            n += 1
            size += p.stat().st_size
    return n, round(size / 2**20, 1)


def scan_site(site: Path, limit: int = PAGE_LIMIT_BYTES, keep: int = 10) -> dict:
    """HTML pages, files and MB of a built site, its largest HTML page and the pages over limit bytes."""
    html, files, total = 0, 0, 0
    largest: tuple[int, str] = (0, "")
    over: list[tuple[int, str]] = []
    for folder, _dirs, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            try:
                size = os.lstat(path).st_size
            except OSError:
                continue
            files += 1
            total += size
            if name.endswith(".html"):
                html += 1
                rel = os.path.relpath(path, site)
                largest = max(largest, (size, rel))
                if size > limit:
                    over.append((size, rel))
    over.sort(reverse=True)
    return {"html_pages": html, "site_files": files, "site_mb": round(total / 2**20, 1),
            "largest_page": {"path": largest[1], "bytes": largest[0]} if html else None,
            "pages_over_limit": len(over), "page_limit_bytes": limit,
            "pages_over_limit_list": [{"path": p, "bytes": s} for s, p in over[:keep]]}
