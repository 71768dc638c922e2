"""Progress of `evcat build` and `evcat generate` through the real script, its standard error a pipe (as in CI).

The example catalog's full build is checked in test_build.py; these use a small catalog with a hostile name.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "good"
EVCAT = Path(sys.executable).with_name("evcat")
SUMMARY = re.compile(r"evcat: built (\d+) pages? in \d+\.\d s — site \d+(\.\d)? [kMG]?B at (.+)/")


def evcat(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.run([str(EVCAT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(GOOD / "minimal-env-channel" / "catalog", tmp_path / '<script> """ cat')
    return tmp_path


def test_build_prints_stages_then_one_summary_line(workspace: Path) -> None:
    result = evcat("build", '<script> """ cat', "--site-dir", "out site", cwd=workspace)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "evcat: reading and checking the catalog"
    assert "evcat: writing the site" in lines
    summary = SUMMARY.fullmatch(lines[-1])
    assert summary, lines[-1]
    assert summary.group(3) == "out site"  # the folder as given
    assert f"evcat: writing pages {summary.group(1)}/{summary.group(1)}" in lines
    assert (workspace / "out site" / "index.html").is_file()
    assert result.stdout == ""


def test_quiet_build_prints_only_the_summary(workspace: Path) -> None:
    result = evcat("build", '<script> """ cat', "--site-dir", "site", "--quiet", cwd=workspace)
    assert result.returncode == 0, result.stderr
    assert len(result.stderr.splitlines()) == 1 and SUMMARY.fullmatch(result.stderr.strip())


def test_generate_prints_stages_and_its_closing_line_with_the_time(workspace: Path) -> None:
    result = evcat("generate", '<script> """ cat', "--out", "pages", cwd=workspace)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "evcat: reading and checking the catalog"
    assert re.fullmatch(r"evcat: preparing the pages of \d+ resources", lines[1])
    # Pages are built as they are taken, so the stage counts without a total.
    assert lines[2] == "evcat: generating pages"
    assert re.fullmatch(r"evcat: \d+ files in pages/ \(\d+ written, 0 validation errors\) in \d+\.\d s", lines[-1])
    quiet = evcat("generate", '<script> """ cat', "--out", "pages", "-q", cwd=workspace)
    assert len(quiet.stderr.splitlines()) == 1
