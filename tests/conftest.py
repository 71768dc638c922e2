"""Suite-wide options and fixtures.

* ``--update-golden``: rewrite the golden files under ``tests/golden/`` instead of comparing with them.
* ``built_site_run`` / ``built_site``: the example catalog built once per test session with ``evcat build``
  and the repository's ``mkdocs.yml`` (run from the repository root), shared by the acceptance and browser
  tests. Under pytest-xdist the site is built once for all workers (a file lock serialises the build, and
  the repository's generated-pages folder ``.evcat/pages`` is never written by two builds at once).
* ``conformance_build``: the same, for the EventCatalog conformance catalogs in ``shared/conformance``.

Other engineers add to this file too: append, and keep option registration guarded.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFORMANCE_ROOT = REPO_ROOT.parent / "shared" / "conformance" / "eventcatalog"


def _option_registered(parser: pytest.Parser, name: str) -> bool:
    """True when some conftest or plugin already registered ``name`` (pytest has no public lookup)."""
    groups = [getattr(parser, "_anonymous", None), *getattr(parser, "_groups", ())]
    return any(name in option.names() for group in groups if group is not None
               for option in getattr(group, "options", ()))


def pytest_addoption(parser: pytest.Parser) -> None:
    if not _option_registered(parser, "--update-golden"):
        # ValueError: registered in the meantime under the same group: same option, keep theirs.
        with contextlib.suppress(ValueError):
            parser.addoption("--update-golden", action="store_true", default=False,
                             help="rewrite the golden files (tests/golden/, the expected.txt of "
                                  "tests/fixtures/catalogs/bad/, tests/fixtures/conformance/) from the "
                                  "current output instead of comparing with them")


# --- Sites built once per session ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildRun:
    """One ``evcat build`` run: where the site went, the exit code and everything it printed."""

    site: Path
    exit_code: int
    output: str


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder all xdist workers of this run share (the per-worker base's parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_once(tmp_path_factory: pytest.TempPathFactory, key: str, arguments: Sequence[str],
                cwd: Path) -> BuildRun:
    """Run ``evcat <arguments> --site-dir <shared>/<key>/site`` once per test run, whatever the worker.

    The result is recorded in ``result.json`` beside the site, so other workers (and later callers) reuse it
    instead of building again.
    """
    from click.testing import CliRunner  # noqa: PLC0415 - keep collection light

    from generator.cli import cli  # noqa: PLC0415

    root = _shared_dir(tmp_path_factory) / f"evcat-build-{key}"
    root.mkdir(parents=True, exist_ok=True)
    site = root / "site"
    record = root / "result.json"
    with _locked(root.parent / f"evcat-build-{key}.lock"):
        if not record.is_file():
            with contextlib.chdir(cwd):
                result = CliRunner().invoke(cli, [*arguments, "--site-dir", str(site)])
            output = result.output
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                output += "".join(traceback.format_exception(result.exception))
            record.write_text(json.dumps({"exit_code": result.exit_code, "output": output}), encoding="utf-8")
        data = json.loads(record.read_text(encoding="utf-8"))
    return BuildRun(site, data["exit_code"], data["output"])


@pytest.fixture(scope="session")
def built_site_run(tmp_path_factory: pytest.TempPathFactory) -> BuildRun:
    """``evcat build --site-dir TMP`` of the example catalog, from the repository root (so the repository's
    ``mkdocs.yml`` with its ``evcat`` plugin block is used). Built once per test run."""
    return _build_once(tmp_path_factory, "example", ["build"], REPO_ROOT)


@pytest.fixture(scope="session")
def built_site(built_site_run: BuildRun) -> Path:
    """The folder of the built example site; fails (with the build's output) when the build failed."""
    if built_site_run.exit_code != 0:
        pytest.fail(f"evcat build of the example catalog failed (exit {built_site_run.exit_code}):\n"
                    f"{built_site_run.output[-4000:]}", pytrace=False)
    return built_site_run.site


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``evcat build --offline`` of the example catalog from the repository root (built once per run)."""
    run = _build_once(tmp_path_factory, "example-offline", ["build", "--offline"], REPO_ROOT)
    if run.exit_code != 0:
        pytest.fail(f"evcat build --offline failed (exit {run.exit_code}):\n{run.output[-4000:]}", pytrace=False)
    return run.site


@pytest.fixture(scope="session")
def conformance_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuildRun]:
    """Factory: ``conformance_build("v3-default")`` builds ``shared/conformance/eventcatalog/<name>`` once
    per run with ``evcat build CATALOG`` (embedded default configuration); skips when the folder is absent."""

    def build(name: str) -> BuildRun:
        catalog = CONFORMANCE_ROOT / name
        if not catalog.is_dir():
            pytest.skip(f"conformance catalog {catalog} is not available on this machine")
        # An empty working folder: no ./mkdocs.yml may take over from the embedded default configuration.
        cwd = _shared_dir(tmp_path_factory) / f"evcat-cwd-{name}"
        cwd.mkdir(parents=True, exist_ok=True)
        return _build_once(tmp_path_factory, name, ["build", str(catalog)], cwd)

    return build


@dataclass
class Served:
    """`evcat serve` running on a copy of the example catalog: its folder, the site's URL, its stderr lines."""

    catalog: Path
    base: str
    lines: list[str]

    def wait_for_line(self, prefix: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if any(line.startswith(prefix) for line in self.lines):
                return True
            time.sleep(0.1)
        return False


@pytest.fixture()
def served_catalog(tmp_path: Path) -> Iterator[Served]:
    """Start `evcat serve` (the real script, `python -m generator`) on a copy of `catalog/` and a free port;
    stopped with Ctrl-C (SIGINT) at the end of the test."""
    catalog = tmp_path / "catalog"
    shutil.copytree(Path(__file__).resolve().parents[1] / "catalog", catalog)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(catalog), "-a", f"127.0.0.1:{port}"],
                               cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    served = Served(catalog, f"http://127.0.0.1:{port}/", [])
    threading.Thread(target=lambda: served.lines.extend(line.rstrip("\n") for line in process.stderr),  # type: ignore[union-attr]
                     daemon=True).start()
    try:
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
