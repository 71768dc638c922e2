"""Property: whatever one contributor does to the files of a small valid catalog, the pipeline — load and
check (``evcat validate``), the reports, and the page generation of ``evcat generate``/``build`` — ends in
diagnostics, never an exception.

Each case copies a good fixture catalog into a temporary folder, applies one to three mutations
(catalog_mutations.py) and runs the public functions the CLI calls, in-process. The budget and the
randomness are set by the profiles in conftest.py.
"""

from __future__ import annotations

import json
import os
import traceback

import pytest
from catalog_mutations import MUTATORS, Files, base_catalogs
from hypothesis import given
from hypothesis import strategies as st
from pipeline_run import run_pipeline

BASES = base_catalogs()
# EVCAT_FUZZ_COLLECT=FILE: a survey run for a long local batch — record every crash (one JSON line: where it
# was raised and the files the mutations changed) in FILE and go on, instead of stopping at the first;
# FILE.cases gets one byte per case run.
COLLECT = os.environ.get("EVCAT_FUZZ_COLLECT")


def check(base: Files, files: Files) -> None:
    """Run the pipeline over ``files``; in a survey run record a crash instead of raising it."""
    if not COLLECT:
        run_pipeline(files)
        return
    with open(COLLECT + ".cases", "a", encoding="utf-8") as cases:
        cases.write(".")  # the survey's case count: this file's size
    try:
        run_pipeline(files)
    except Exception as error:  # noqa: BLE001 - the survey records every crash
        frames = traceback.extract_tb(error.__traceback__)
        inner = next((f for f in reversed(frames) if "/generator/" in f.filename), frames[-1])
        changed = {p: repr(c)[:600] for p, c in files.items() if base.get(p) != c}
        record = {"error": f"{type(error).__name__}: {str(error)[:300]}",
                  "where": f"{inner.filename.split('/generator/')[-1]}:{inner.lineno} {inner.name}",
                  "removed": sorted(set(base) - set(files)), "changed": changed}
        with open(COLLECT, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")


def mutated(data: st.DataObject, families: list[str]) -> tuple[Files, Files]:
    base = data.draw(st.sampled_from(sorted(BASES)), label="catalog")
    files = dict(BASES[base])
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        family = data.draw(st.sampled_from(families), label="family")
        MUTATORS[family](data, files)
    return BASES[base], files


@pytest.mark.parametrize("family", sorted(MUTATORS))
@given(data=st.data())
def test_one_family_of_damage_ends_in_diagnostics(family: str, data: st.DataObject) -> None:
    check(*mutated(data, [family]))


@given(data=st.data())
def test_mixed_damage_ends_in_diagnostics(data: st.DataObject) -> None:
    check(*mutated(data, sorted(MUTATORS)))


def test_the_base_catalogs_are_clean() -> None:
    """The fuzz starts from catalogs that validate without errors, so every finding comes from a mutation."""
    for name, files in BASES.items():
        ran = run_pipeline(files)
        assert ran.diagnostics.errors == 0, (name, [d.message for d in ran.diagnostics])
        assert "index.md" in ran.pages, name
