"""Spread independent per-item work over the machine's cores.

Reading and checking each resource is independent of the others, and pure Python work cannot use a
second core within one process. Helper processes are forked, so they see the parent's data (the catalog)
without it being copied through a pipe; only their results travel back. Where forking is unavailable, or
there is too little work to pay for it, the work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
MIN_ITEMS = 400  # below this, starting processes costs more than it saves
# Items come in slices, taken by whichever process is free, so that all finish at about the same time
# however unevenly the work is spread over the items (and however busy each core is).
SLICES_PER_PROCESS = 12
_STILL_THERE_EVERY = 1.0  # seconds between checks that a helper that has not reported is still alive

# What the forked helpers read: set for the duration of one `map_slices` call only.
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

    With one worker (or few items, or no fork) that is a single call covering every item. An exception in
    any process is raised here.
    """
    processes = workers if workers > 1 and items >= MIN_ITEMS and _can_fork() else 1
    if processes == 1:
        return [work(shared, 0, items)]
    size = -(-items // (processes * SLICES_PER_PROCESS))
    slices = [(start, min(start + size, items)) for start in range(0, items, size)]
    context = multiprocessing.get_context("fork")
    try:
        taken, results = context.Value("i", 0), context.Queue()
    except (OSError, ImportError):  # no working POSIX semaphores (some containers): stay in this process
        return [work(shared, 0, items)]
    _HANDED_OVER.update(work=work, shared=shared, slices=slices, taken=taken, results=results)
    # What exists now is shared with the helpers and outlives them: frozen, the collector never scans
    # it again, so neither the helpers' collections (which would copy every page they touch) nor this
    # process's own spend time on it.
    gc.freeze()
    helpers = [context.Process(target=_help, daemon=True) for _ in range(processes - 1)]
    done: dict[int, T] = {}
    try:
        for helper in helpers:
            helper.start()
        # This process takes slices too, and between two of its own collects what the helpers have sent,
        # so their results are unpickled while they still work rather than all at the end.
        running = len(helpers)
        while (index := _next_slice()) is not None:
            done[index] = work(shared, *slices[index])
            running = _collect(results, done, running, helpers, wait=False)
        while running:
            running = _collect(results, done, running, helpers, wait=True)
    finally:
        with taken.get_lock():
            taken.value = len(slices)  # after a failure here: helpers take no further slice
        for helper in helpers:
            helper.join(timeout=5)
            if helper.is_alive():
                helper.terminate()
        results.close()
        _HANDED_OVER.clear()
        gc.unfreeze()
    return [done[index] for index in range(len(slices))]


def _next_slice() -> int | None:
    taken, slices = _HANDED_OVER["taken"], _HANDED_OVER["slices"]
    with taken.get_lock():
        index = taken.value
        taken.value = index + 1
    return index if index < len(slices) else None


def _help() -> None:
    """A helper process: take free slices and send each result as soon as it is ready."""
    work, shared, slices, results = (_HANDED_OVER[key] for key in ("work", "shared", "slices", "results"))
    try:
        while (index := _next_slice()) is not None:
            results.put(("slice", index, work(shared, *slices[index])))
        results.put(("done", None, None))
    except BaseException as error:  # noqa: BLE001 - whatever it is, the parent raises it
        results.put(("failed", None, _transportable(error)))


def _transportable(error: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - an exception that cannot travel is described instead
        return RuntimeError("".join(traceback.format_exception(error)).strip())


def _collect(results, done: dict, running: int, helpers: list, *, wait: bool) -> int:
    """Take in what the helpers have sent (with ``wait``: at least one message); the helpers still working."""
    while True:
        try:
            kind, index, value = results.get(timeout=_STILL_THERE_EVERY) if wait else results.get_nowait()
        except queue.Empty:
            if wait and not all(helper.is_alive() for helper in helpers):
                raise RuntimeError("a helper process ended without sending its results") from None
            if wait:
                continue
            return running
        if kind == "slice":
            done[index] = value
        elif kind == "done":
            running -= 1
        else:
            raise value
        if wait:
            return running


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
