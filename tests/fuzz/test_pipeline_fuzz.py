"""Property: whatever one contributor does to the files of a small valid catalog, the pipeline — load and
check (``evcat validate``), the reports, and the page generation of ``evcat generate``/``build`` — ends in
diagnostics, never an exception.

Each case copies a good fixture catalog into a temporary folder, applies one to three mutations
(catalog_mutations.py) and runs the public functions the CLI calls, in-process. The budget and the
randomness are set by the profiles in conftest.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from catalog_mutations import MUTATORS, Files, base_catalogs, write_catalog
from hypothesis import given
from hypothesis import strategies as st

from generator import reporters
from generator.pipeline import read_catalog_file
from generator.rules.registry import RULES
from generator.settings import Settings
from generator.site import generate
from generator.validate import validate_catalog

BASES = base_catalogs()
# EVCAT_FUZZ_COLLECT=FILE: a survey run for a long local batch — record every crash (one JSON line: where it
# was raised and the files the mutations changed) in FILE and go on, instead of stopping at the first.
COLLECT = os.environ.get("EVCAT_FUZZ_COLLECT")
# Far beyond what one small case takes (~0.1 s): only a hang or runaway work trips it.
HANG_SECONDS = 60


class Hang(Exception):
    """One case ran for HANG_SECONDS: unbounded work on small input."""


@contextlib.contextmanager
def hang_guard() -> Iterator[None]:
    def fire(signum: int, frame: object) -> None:
        raise Hang(f"the pipeline ran for more than {HANG_SECONDS} s on a small catalog")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_pipeline(files: Files) -> None:
    """validate + every report format + generate, as the CLI runs them; raises only on a bug."""
    with tempfile.TemporaryDirectory(prefix="evcat-fuzz-") as work, hang_guard():
        catalog = Path(work) / "catalog"
        catalog.mkdir()
        write_catalog(files, catalog)
        outcome = validate_catalog(Settings(catalog=catalog))
        for format_name in ("text", "json", "sarif", "junit", "github"):
            report = reporters.render(format_name, outcome.diagnostics, tool_version="0", catalog_root=str(catalog),
                                      color=False, checked_files=outcome.files_read)
            assert isinstance(report, str)
        unknown = {d.code for d in outcome.diagnostics} - set(RULES)
        assert not unknown, f"diagnostics with unregistered codes: {unknown}"
        outcome.diagnostics.exit_code(True)
        generated = generate(outcome.catalog, outcome.diagnostics, Path(work) / "out",
                             read=lambda relative: read_catalog_file(catalog, relative))
        assert not {d.code for d in generated.diagnostics} - set(RULES)


def check(base: Files, files: Files) -> None:
    """Run the pipeline over ``files``; in a survey run record a crash instead of raising it."""
    if not COLLECT:
        run_pipeline(files)
        return
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
        with tempfile.TemporaryDirectory() as work:
            write_catalog(files, Path(work))
            outcome = validate_catalog(Settings(catalog=Path(work)))
            assert outcome.diagnostics.errors == 0, name
            assert outcome.files_read == sum(1 for p in files if p.endswith(".mdx")) or outcome.files_read > 0
