"""The pipeline as the CLI runs it, in-process, over a catalog given as files: shared by the fuzz tests and the
regression tests of what they found."""

from __future__ import annotations

import contextlib
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from catalog_mutations import Files, write_catalog

from generator import reporters
from generator.catalog.load import read_catalog_file
from generator.diagnostics import Diagnostics
from generator.diagnostics.codes import RULES
from generator.render import outputs
from generator.render.generate import generate
from generator.rules.validate import validate_catalog
from generator.settings import Settings


@dataclass(frozen=True)
class Ran:
    """What a user would see: validation findings, page problems and the generated page paths."""

    diagnostics: Diagnostics
    page_problems: Diagnostics
    pages: tuple[str, ...]


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


def run_pipeline(files: Files) -> Ran:
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
        out = Path(work) / "out"
        out.mkdir()
        outputs.mark(out)  # as the CLI does: generate writes only into a folder evcat made
        generated = generate(outcome.catalog, outcome.diagnostics, out,
                             read=lambda relative: read_catalog_file(catalog, relative))
        assert not {d.code for d in generated.diagnostics} - set(RULES)
        return Ran(outcome.diagnostics, generated.diagnostics, generated.files)
