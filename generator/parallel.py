"""Spread independent per-resource work over the machine's cores.

Reading and checking each resource is independent of the others, and pure Python work cannot use a
second core within one process. Worker processes are forked, so they see the parent's data (the catalog)
without it being copied through a pipe; only their results travel back. Where forking is unavailable, or
there is too little work to pay for it, the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
MIN_ITEMS = 400  # below this, starting processes costs more than it saves

# What the forked workers read: set for the duration of one `map_parts` call only.
_HANDED_OVER: dict[str, Any] = {}


def default_workers() -> int:
    """How many processes to use: one per available core, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def map_parts(work: Callable[[Any, int, int], T], shared: Any, items: int, workers: int) -> list[T]:
    """``work(shared, part, parts)`` for each part; each call handles the items with index % parts == part.

    ``work`` must be a module-level function (it is sent to the workers by name).
    """
    parts = workers if workers > 1 and items >= MIN_ITEMS and _can_fork() else 1
    if parts == 1:
        return [work(shared, 0, 1)]
    _HANDED_OVER["shared"] = shared
    try:
        context = multiprocessing.get_context("fork")
        # This process works on part 0 itself while the workers take the others: one process fewer to
        # start, and part 0's result never has to travel between processes.
        with ProcessPoolExecutor(max_workers=parts - 1, mp_context=context) as pool:
            futures = [pool.submit(_run, work, part, parts) for part in range(1, parts)]
            own = work(shared, 0, parts)
            return [own] + [future.result() for future in futures]
    finally:
        _HANDED_OVER.clear()


def _run(work: Callable[[Any, int, int], T], part: int, parts: int) -> T:
    return work(_HANDED_OVER["shared"], part, parts)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def every(items: Sequence[T], part: int, parts: int) -> list[T]:
    """The items of one part."""
    return list(items[part::parts])
