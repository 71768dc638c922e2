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


def test_default_workers_is_between_one_and_four():
    assert 1 <= parallel.default_workers() <= 4
