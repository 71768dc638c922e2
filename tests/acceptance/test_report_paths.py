"""`evcat validate` reports paths that open from where the user stands, and says so.

Each test runs the real `evcat` script from some working directory and checks that the ``file:line:col``
it prints names a file that exists relative to that directory (what a terminal or editor would open).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "bad"
EVCAT = Path(sys.executable).with_name("evcat")
FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): error\[EC201\]")
RELATIVE_NOTE = "paths are relative to the current folder"


def evcat(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"}}
    return subprocess.run([str(EVCAT), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def owner_catalog(folder: Path) -> Path:
    """The EC201 fixture (owner 'jdeo' at events/OrderPlaced/index.mdx:7:5) copied to ``folder``."""
    shutil.copytree(BAD / "EC201-unknown-owner" / "catalog", folder)
    return folder


def printed_location(stdout: str) -> tuple[str, int, int]:
    found = next(m for line in stdout.splitlines() if (m := FINDING.match(line)))
    return found["path"], int(found["line"]), int(found["column"])


def assert_opens_from(cwd: Path, stdout: str) -> str:
    """The printed path names the file from ``cwd``, and its line 7 holds the bad owner at column 5."""
    path, line, column = printed_location(stdout)
    target = cwd / path  # an absolute path stays absolute
    assert target.is_file(), f"{path} does not open from {cwd}"
    assert target.read_text(encoding="utf-8").splitlines()[line - 1][column - 1:].startswith("jdeo")
    return path


def test_from_the_repository_root(tmp_path: Path) -> None:
    owner_catalog(tmp_path / "repo" / "catalog")
    result = evcat("validate", "catalog", cwd=tmp_path / "repo")
    assert result.returncode == 1
    assert assert_opens_from(tmp_path / "repo", result.stdout) == "catalog/events/OrderPlaced/index.mdx"
    assert result.stdout.splitlines()[-2:] == [RELATIVE_NOTE, "✖ 1 error in 1 file (3 files checked)"]


def test_from_a_sibling_folder_the_path_climbs(tmp_path: Path) -> None:
    owner_catalog(tmp_path / "repo" / "catalog")
    (tmp_path / "repo" / "docs").mkdir()
    result = evcat("validate", "../catalog", cwd=tmp_path / "repo" / "docs")
    assert assert_opens_from(tmp_path / "repo" / "docs", result.stdout) == "../catalog/events/OrderPlaced/index.mdx"
    assert RELATIVE_NOTE in result.stdout.splitlines()


def test_from_far_away_the_path_is_absolute(tmp_path: Path) -> None:
    catalog = owner_catalog(tmp_path / "repo" / "catalog")
    far = tmp_path / "elsewhere" / "a" / "b"
    far.mkdir(parents=True)
    result = evcat("validate", str(catalog), cwd=far)
    path = assert_opens_from(far, result.stdout)
    assert path == str(catalog.resolve() / "events" / "OrderPlaced" / "index.mdx")
    assert "paths are absolute" in result.stdout.splitlines()


def test_the_catalog_of_mkdocs_yml_is_shown_relative(tmp_path: Path) -> None:
    """Without CATALOG the folder comes from ./mkdocs.yml as an absolute path; the report still shows the
    short path, and GitHub annotations name the file as the repository does."""
    repo = tmp_path / "repo"
    owner_catalog(repo / "my catalog")
    (repo / "mkdocs.yml").write_text("site_name: X\nplugins:\n  - evcat:\n      catalog: my catalog\n",
                                     encoding="utf-8")
    result = evcat("validate", cwd=repo)
    assert assert_opens_from(repo, result.stdout) == "my catalog/events/OrderPlaced/index.mdx"
    annotations = evcat("validate", "--format", "github", cwd=repo).stdout
    assert annotations.startswith("::error file=my catalog/events/OrderPlaced/index.mdx,line=7,col=5,")


def test_hostile_folder_names_are_printed_as_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "repo" / '<script>alert(1)<\\script> """ x'
    owner_catalog(folder)
    result = evcat("validate", folder.name, cwd=folder.parent)
    assert assert_opens_from(folder.parent, result.stdout).startswith(f"{folder.name}/events/")


def test_machine_formats_state_their_base(tmp_path: Path) -> None:
    catalog = owner_catalog(tmp_path / "repo" / "catalog")
    report = json.loads(evcat("validate", "catalog", "--format", "json", cwd=catalog.parent).stdout)
    assert report["base"] == str(catalog.resolve())
    assert (Path(report["base"]) / report["diagnostics"][0]["file"]).is_file()
    sarif = json.loads(evcat("validate", "catalog", "--format", "sarif", cwd=catalog.parent).stdout)
    (run,) = sarif["runs"]
    assert run["originalUriBaseIds"]["CATALOGROOT"]["uri"] == catalog.resolve().as_uri() + "/"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_messages_paths_open_from_the_working_directory(tmp_path: Path, fmt: str) -> None:
    """check-messages mixes capture files (named as the user gave them) with unreadable catalog files:
    both are shown from the working directory."""
    case = tmp_path / "case"
    shutil.copytree(BAD / "EC701-undocumented-channel", case)
    (case / "catalog" / "events" / "Broken.mdx").write_text("---\nid: x\n", encoding="utf-8")  # EC007
    (case / "catalog" / "users" / "bad.mdx").write_bytes(b"---\nid: bad\nname: \xe9\n---\n")  # EC002
    captures = [f"messages/{p.name}" for p in sorted((case / "messages").iterdir())]
    result = evcat("check-messages", "catalog", *captures, "--format", fmt, cwd=case)
    if fmt == "json":
        files = {d["file"] for d in json.loads(result.stdout)["diagnostics"]}
        assert json.loads(result.stdout)["base"] == str(case.resolve())
    else:
        files = {m.group(1) for line in result.stdout.splitlines() if (m := re.match(r"^(\S+?):\d+", line))}
        assert RELATIVE_NOTE in result.stdout.splitlines()
    assert "catalog/users/bad.mdx" in files and "messages/capture.ndjson" in files
    assert all((case / file).is_file() for file in files), files
