"""Spread independent per-item work over the machine's cores.

Reading and checking each resource is independent of the others, and pure Python work cannot use a
second core within one process. Worker processes are forked, so they see the parent's data (the catalog)
without it being copied through a pipe; only their results travel back. Where forking is unavailable, or
there is too little work to pay for it, the work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
MIN_ITEMS = 400  # below this, starting processes costs more than it saves
# Items come in slices, taken by whichever process is free, so that all finish at about the same time
# however unevenly the work is spread over the items (and however busy each core is).
SLICES_PER_PROCESS = 12

# What the forked workers read: set for the duration of one `map_slices` call only.
_HANDED_OVER: dict[str, Any] = {}


def default_workers() -> int:
    """How many processes to use: one per available core, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def map_slices(work: Callable[[Any, int, int], T], shared: Any, items: int, workers: int) -> list[T]:
    """``work(shared, start, stop)`` for consecutive slices of ``range(items)``, in slice order.

    With one worker (or few items, or no fork) that is a single call covering every item.
    """
    processes = workers if workers > 1 and items >= MIN_ITEMS and _can_fork() else 1
    if processes == 1:
        return [work(shared, 0, items)]
    size = -(-items // (processes * SLICES_PER_PROCESS))
    slices = [(start, min(start + size, items)) for start in range(0, items, size)]
    context = multiprocessing.get_context("fork")
    _HANDED_OVER.update(work=work, shared=shared, slices=slices, taken=context.Value("i", 0))
    # What exists now is shared with the workers and outlives them: frozen, the collector never scans
    # it again, so neither the workers' collections (which would copy every page they touch) nor this
    # process's own spend time on it.
    gc.freeze()
    try:
        # This process takes slices too while the workers do: one process fewer to start, and its own
        # results never travel between processes.
        with ProcessPoolExecutor(max_workers=processes - 1, mp_context=context) as pool:
            futures = [pool.submit(_take_slices) for _ in range(processes - 1)]
            done = _take_slices()
            for future in futures:
                done += future.result()
    finally:
        _HANDED_OVER.clear()
        gc.unfreeze()
    return [result for _, result in sorted(done, key=lambda pair: pair[0])]


def _take_slices() -> list[tuple[int, Any]]:
    """Work on the next free slice until none is left; (slice number, result) for each one done."""
    work, shared, slices, taken = (_HANDED_OVER[key] for key in ("work", "shared", "slices", "taken"))
    done = []
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value = index + 1
        if index >= len(slices):
            return done
        start, stop = slices[index]
        done.append((index, work(shared, start, stop)))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
