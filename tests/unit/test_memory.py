"""The model and the checks leave no reference cycles behind.

`evcat` lets the cycle collector run rarely (cli.collect_garbage_rarely) because a run's data is freed by
reference counting alone. These tests keep it that way: a cycle introduced into the model or the checks
would make every large run hold its garbage until the collector's next pass.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.catalog.load import load_catalog
from generator.rules.checks import run_checks

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def collector_paused() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _cycles_left_by(action) -> int:
    action()
    gc.collect()  # anything from setting up (imports, caches) is collected here, before measuring
    action()
    return gc.collect()


def test_loading_the_example_catalog_leaves_no_cycles(collector_paused):
    assert _cycles_left_by(lambda: load_catalog(REPO_ROOT / "catalog")) == 0


def test_checking_the_example_catalog_leaves_no_cycles(collector_paused):
    catalog = load_catalog(REPO_ROOT / "catalog").catalog
    assert _cycles_left_by(lambda: run_checks(catalog)) == 0
