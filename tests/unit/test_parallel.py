"""generator.parallel: slices of work spread over forked processes, results in slice order."""

from __future__ import annotations

import os
import time

import pytest

from generator import parallel


def _record(shared: dict, start: int, stop: int) -> list[tuple[int, int]]:
    time.sleep(shared["pause"])  # long enough that the worker gets slices before this process ends
    return [(index, os.getpid()) for index in range(start, stop)]


def _fail(shared: object, start: int, stop: int) -> list[int]:
    if start > 0:
        raise ValueError(f"slice {start}:{stop} failed")
    return []


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")


def _helpers_fail(shared: dict, start: int, stop: int) -> list[int]:
    """Fails (or dies) only in a helper process; this process is slow enough for a helper to start."""
    if os.getpid() == shared["parent"]:
        time.sleep(0.05)
        return []
    if shared["how"] == "raise":
        raise ValueError("a helper failed")
    if shared["how"] == "unpicklable":
        raise _Unpicklable("odd failure")
    os._exit(9)


def test_one_worker_is_a_single_call_in_this_process():
    assert parallel.map_slices(_record, {"pause": 0}, 1000, 1) == [[(i, os.getpid()) for i in range(1000)]]


def test_few_items_stay_in_this_process():
    results = parallel.map_slices(_record, {"pause": 0}, parallel.MIN_ITEMS - 1, 2)
    assert len(results) == 1 and {pid for _, pid in results[0]} == {os.getpid()}


@pytest.mark.skipif(not parallel._can_fork(), reason="needs fork")
def test_every_item_once_in_order_and_both_processes_work():
    items = parallel.MIN_ITEMS * 2
    results = parallel.map_slices(_record, {"pause": 0.02}, items, 2)
    flat = [pair for part in results for pair in part]
    assert [index for index, _ in flat] == list(range(items))
    assert len(results) == 2 * parallel.SLICES_PER_PROCESS
    assert len({pid for _, pid in flat}) == 2
    assert os.getpid() in {pid for _, pid in flat}


@pytest.mark.skipif(not parallel._can_fork(), reason="needs fork")
def test_a_failing_slice_raises_in_the_caller():
    with pytest.raises(ValueError, match="failed"):
        parallel.map_slices(_fail, None, parallel.MIN_ITEMS, 2)
    assert parallel._HANDED_OVER == {}


@pytest.mark.skipif(not parallel._can_fork(), reason="needs fork")
@pytest.mark.parametrize(("how", "error", "text"), [
    ("raise", ValueError, "a helper failed"),
    ("unpicklable", RuntimeError, "_Unpicklable: odd failure"),
    ("die", RuntimeError, "ended without sending its results"),
])
def test_a_helper_failure_is_raised_here(how, error, text):
    with pytest.raises(error, match=text):
        parallel.map_slices(_helpers_fail, {"parent": os.getpid(), "how": how}, parallel.MIN_ITEMS, 2)
    assert parallel._HANDED_OVER == {}


def test_without_working_semaphores_the_work_stays_in_this_process(monkeypatch):
    import multiprocessing

    context = multiprocessing.get_context("fork")

    def no_semaphores(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(type(context), "Value", no_semaphores)
    results = parallel.map_slices(_record, {"pause": 0}, parallel.MIN_ITEMS, 2)
    assert results == [[(i, os.getpid()) for i in range(parallel.MIN_ITEMS)]]


def test_default_workers_is_between_one_and_four():
    assert 1 <= parallel.default_workers() <= 4
