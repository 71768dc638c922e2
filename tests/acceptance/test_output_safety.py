"""Nothing the user has is lost: output folders, interrupted and failed builds, concurrent builds, planted
links in the work folder, and catalogs that are empty or the wrong folder — through the real CLI.

Every case runs in a fake home folder under tmp_path (``HOME`` and ``XDG_CACHE_HOME`` point there) holding a
project with ``.git`` and a tiny catalog, plus ``.bashrc`` and ``.ssh/id_rsa``. What must survive is compared
by sha256 of every file, the target of every link and the list of folders.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.render import outputs, workfolder

EVCAT = Path(sys.executable).with_name("evcat")
SIGNAL_NAME = "<img src=x onerror=alert(1)> $(id) \"\"\""  # a hostile folder name (no slash)


# --- a tiny catalog in a fake home -------------------------------------------------------------------------


def write_event(catalog: Path, id_: str) -> None:
    folder = catalog / "events" / id_
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.mdx").write_text(
        f"---\nid: {id_}\nname: {id_} happened\nversion: 1.0.0\nsummary: The {id_} event.\nowners:\n"
        f"  - core\n---\n\n## Overview\n\nSent when {id_} happens.\n", encoding="utf-8")


def write_catalog(catalog: Path, events: int = 3) -> None:
    for n in range(events):
        write_event(catalog, f"Event{n:03d}")
    (catalog / "services" / "Orders").mkdir(parents=True)
    (catalog / "services" / "Orders" / "index.mdx").write_text(
        "---\nid: Orders\nname: Orders\nversion: 1.0.0\nsends:\n  - id: Event000\n---\n\nThe orders service.\n",
        encoding="utf-8")
    (catalog / "teams").mkdir()
    (catalog / "teams" / "core.mdx").write_text("---\nid: core\nname: Core team\n---\n", encoding="utf-8")


@pytest.fixture
def home(tmp_path: Path) -> dict[str, Path]:
    """tmp/home/{.bashrc, .ssh/id_rsa, project/{.git, README.md, notes/, catalog/}}; cache in tmp/cache."""
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".bashrc").write_text("export PATH=$HOME/bin:$PATH\n", encoding="utf-8")
    (home / ".ssh" / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n", encoding="utf-8")
    project = home / "project"
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (project / "README.md").write_text("# project\n", encoding="utf-8")
    (project / "notes").mkdir()
    (project / "notes" / f"{SIGNAL_NAME}.md").write_text("my notes\n", encoding="utf-8")
    write_catalog(project / "catalog")
    return {"tmp": tmp_path, "home": home, "project": project, "catalog": project / "catalog",
            "cache": tmp_path / "cache"}


def environment(home: dict[str, Path]) -> dict[str, str]:
    return {"HOME": str(home["home"]), "XDG_CACHE_HOME": str(home["cache"]), "NO_COLOR": "1",
            "NO_MKDOCS_2_WARNING": "1"}


def run(home: dict[str, Path], *arguments: str, cwd: Path | None = None) -> Result:
    """The CLI in this process (click's runner), from the project folder unless ``cwd`` is given."""
    with contextlib.chdir(cwd or home["project"]):
        return CliRunner(env=environment(home)).invoke(cli, list(arguments))


def evcat(home: dict[str, Path], *arguments: str, cwd: Path | None = None) -> subprocess.Popen:
    """The installed ``evcat`` script in its own process."""
    return subprocess.Popen([str(EVCAT), *arguments], cwd=cwd or home["project"],
                            env={**os.environ, **environment(home)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def checksums(root: Path) -> dict[str, str]:
    """Every entry under ``root``: sha256 of files, the target of links, 'folder' for folders."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = f"link -> {os.readlink(path)}"
        elif path.is_dir():
            found[key] = "folder"
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def leftovers(folder: Path) -> list[str]:
    """Temporary folders of evcat's publish step anywhere under ``folder``."""
    return sorted(p.name for p in folder.rglob("*") if ".evcat-tmp-" in p.name or ".evcat-old-" in p.name)


def assert_refused(result: Result, *phrases: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("evcat: error: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    assert "Traceback" not in result.output


# --- output folders that must never be replaced ------------------------------------------------------------


@pytest.mark.parametrize(("command", "target", "reason"), [
    ("build", "catalog", "is the catalog"),
    ("build", ".", "is the current folder"),
    ("build", "..", "is your home folder"),
    ("build", "../..", "contains the catalog"),
    ("build", "catalog/events", "is inside the catalog"),
    ("build", "catalog/events/Event001", "is inside the catalog"),
    ("build", "HOME", "is your home folder"),
    ("build", "notes", "was not made by evcat"),
    ("build", "catalog/../catalog", "is the catalog"),
    ("generate", "..", "is your home folder"),
    ("generate", "../..", "contains the catalog"),
    ("generate", "catalog", "is the catalog"),
    ("generate", "catalog/services", "is inside the catalog"),
    ("generate", ".", "is the current folder"),
    ("generate", "HOME", "is your home folder"),
    ("generate", "notes", "was not made by evcat"),
])
def test_output_folders_holding_user_files_are_refused_and_nothing_is_lost(
        home: dict[str, Path], command: str, target: str, reason: str) -> None:
    target = str(home["home"]) if target == "HOME" else target
    before = checksums(home["home"])
    option = "--site-dir" if command == "build" else "--out"
    result = run(home, command, "catalog", option, target)
    assert_refused(result, f"{option} '{target}'", reason, "pick a new folder")
    assert checksums(home["home"]) == before
    assert leftovers(home["tmp"]) == []


def test_the_repository_root_is_refused_from_another_folder(home: dict[str, Path]) -> None:
    elsewhere = home["tmp"] / "elsewhere"
    elsewhere.mkdir()
    before = checksums(home["home"])
    result = run(home, "build", str(home["catalog"]), "--site-dir", str(home["project"]), cwd=elsewhere)
    assert_refused(result, "contains the catalog")
    # An empty repository (only .git) is refused as a repository root, not accepted as an empty folder.
    repo = home["tmp"] / "empty-repo"
    (repo / ".git").mkdir(parents=True)
    result = run(home, "generate", str(home["catalog"]), "--out", str(repo), cwd=elsewhere)
    assert_refused(result, "is a repository root")
    assert sorted(p.name for p in repo.iterdir()) == [".git"]
    assert checksums(home["home"]) == before


def test_a_link_to_the_catalog_is_refused(home: dict[str, Path]) -> None:
    (home["project"] / "site-link").symlink_to(home["catalog"], target_is_directory=True)
    before = checksums(home["home"])
    assert_refused(run(home, "build", "catalog", "--site-dir", "site-link"), "is the catalog")
    assert_refused(run(home, "generate", "catalog", "--out", "site-link"), "is the catalog")
    assert checksums(home["home"]) == before


def test_new_empty_and_own_folders_are_written_and_marked(home: dict[str, Path]) -> None:
    site = home["tmp"] / f"site {SIGNAL_NAME}"
    empty = home["tmp"] / "empty"
    empty.mkdir()
    first = run(home, "build", "catalog", "--site-dir", str(site))
    assert first.exit_code == 0, first.output
    assert (site / "events" / "Event001" / "index.html").is_file()
    assert outputs.is_marked(site)
    # Its own folder again: replaced whole, the new event appears.
    write_event(home["catalog"], "EventNew")
    again = run(home, "build", "catalog", "--site-dir", str(site))
    assert again.exit_code == 0, again.output
    assert (site / "events" / "EventNew" / "index.html").is_file()
    generated = run(home, "generate", "catalog", "--out", str(empty))
    assert generated.exit_code == 0, generated.output
    assert (empty / "events" / "EventNew" / "index.md").is_file() and outputs.is_marked(empty)
    assert leftovers(home["tmp"]) == []


# --- interrupted and failed runs ---------------------------------------------------------------------------


@pytest.fixture
def built(home: dict[str, Path]) -> dict[str, Path]:
    """A bigger catalog (so a build takes a while) already built once into project/site."""
    for n in range(3, 60):
        write_event(home["catalog"], f"Event{n:03d}")
    first = run(home, "build", "catalog", "--site-dir", "site")
    assert first.exit_code == 0, first.output
    return {**home, "site": home["project"] / "site"}


@pytest.mark.slow
@pytest.mark.parametrize(("stop", "code", "message"), [(signal.SIGINT, 130, ["evcat: interrupted"]),
                                                       (signal.SIGTERM, 143, [])])
def test_ctrl_c_or_sigterm_during_a_rebuild_leaves_the_previous_site_whole(
        built: dict[str, Path], stop: signal.Signals, code: int, message: list[str]) -> None:
    site, project = built["site"], built["project"]
    previous = checksums(site)
    assert len(previous) > 100
    write_event(built["catalog"], "EventAfterTheFirstBuild")  # the new build would differ
    process = evcat(built, "build", "catalog", "--site-dir", "site")
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(".site.evcat-tmp-") for p in project.iterdir()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == code, stderr
    assert [line for line in stderr.splitlines() if line.strip()] == message
    assert checksums(site) == previous
    assert leftovers(project) == []


@pytest.mark.slow
def test_a_failed_build_leaves_the_previous_site_whole(built: dict[str, Path]) -> None:
    site = built["site"]
    previous = checksums(site)
    # An owner nobody defined: a validation error, which fails a --strict build.
    broken = built["catalog"] / "events" / "Event001" / "index.mdx"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  - core", "  - nobody"), encoding="utf-8")
    result = run(built, "build", "catalog", "--site-dir", "site", "--strict")
    assert result.exit_code == 1, result.output
    assert "evcat: build failed" in result.output
    assert checksums(site) == previous
    assert leftovers(built["project"]) == []


def test_a_failed_generate_leaves_the_previous_output_whole(home: dict[str, Path]) -> None:
    assert run(home, "generate", "catalog", "--out", "md").exit_code == 0
    previous = checksums(home["project"] / "md")
    # Refused while the pages are written, after the progress lines: --quiet leaves the error alone.
    result = run(home, "generate", "catalog", "--out", "md", "--prefix", "../../escaped", "--quiet")
    assert_refused(result, "not a path inside the output folder")
    assert checksums(home["project"] / "md") == previous
    assert not (home["home"] / "escaped").exists()
    assert leftovers(home["project"]) == []


@pytest.mark.slow
def test_two_builds_of_one_catalog_at_once_both_succeed(home: dict[str, Path]) -> None:
    for n in range(3, 20):
        write_event(home["catalog"], f"Event{n:03d}")
    first = evcat(home, "build", "catalog", "--site-dir", "site")
    second = evcat(home, "build", "catalog", "--site-dir", "site")
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in (first, second)]
    assert [code for code, _ in results] == [0, 0], results
    site = home["project"] / "site"
    for n in range(20):
        assert (site / "events" / f"Event{n:03d}" / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file()
    assert (site / "services" / "Orders" / "index.html").is_file()
    assert leftovers(home["project"]) == []


# --- the work folder ---------------------------------------------------------------------------------------


def work_folder(home: dict[str, Path]) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment(home).items():
            patch.setenv(name, value)
        return workfolder.work_folder(home["catalog"])


@pytest.fixture
def victims(home: dict[str, Path]) -> dict[str, Path]:
    """Another user's file and folder, as an attacker would target them."""
    folder = home["tmp"] / "victim"
    folder.mkdir()
    (folder / "precious.txt").write_text("another user's data\n", encoding="utf-8")
    file = home["tmp"] / "victim.yml"
    file.write_text("another user's config\n", encoding="utf-8")
    return {"folder": folder, "file": file}


@pytest.mark.parametrize("planted", ["mkdocs.yml", "pages", "docs"])
def test_links_planted_in_the_work_folder_are_refused_and_their_targets_untouched(
        home: dict[str, Path], victims: dict[str, Path], planted: str) -> None:
    work = work_folder(home)
    target = victims["file"] if planted == "mkdocs.yml" else victims["folder"]
    (work / planted).symlink_to(target)
    before = checksums(home["tmp"] / "victim") | {"file": victims["file"].read_text(encoding="utf-8")}
    for command in (["build", "catalog", "--site-dir", "site"], ["serve", "catalog"]):
        result = run(home, *command)
        assert_refused(result, "symbolic link", planted)
    assert checksums(home["tmp"] / "victim") | {"file": victims["file"].read_text(encoding="utf-8")} == before
    assert not (home["project"] / "site").exists()


def test_a_planted_link_in_place_of_the_work_folder_is_refused(home: dict[str, Path],
                                                                victims: dict[str, Path]) -> None:
    home["cache"].mkdir()
    (home["cache"] / "evcat").symlink_to(victims["folder"], target_is_directory=True)
    before = checksums(victims["folder"])
    assert_refused(run(home, "build", "catalog", "--site-dir", "site"), "is a symbolic link evcat did not make")
    assert checksums(victims["folder"]) == before


def test_links_planted_inside_the_pages_folder_are_replaced_not_followed(
        home: dict[str, Path], victims: dict[str, Path]) -> None:
    assert run(home, "build", "catalog", "--site-dir", "site").exit_code == 0
    pages = work_folder(home) / "pages"
    assert outputs.is_marked(pages)
    shutil.rmtree(pages / "events")
    (pages / "events").symlink_to(victims["folder"], target_is_directory=True)
    (pages / "index.md").unlink()
    (pages / "index.md").symlink_to(victims["file"])
    (pages / "stray-link").symlink_to(victims["folder"], target_is_directory=True)
    before = checksums(victims["folder"]) | {"file": victims["file"].read_text(encoding="utf-8")}

    result = run(home, "build", "catalog", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    assert checksums(victims["folder"]) | {"file": victims["file"].read_text(encoding="utf-8")} == before
    assert not (pages / "events").is_symlink() and (pages / "events" / "Event001" / "index.md").is_file()
    assert not (pages / "index.md").is_symlink() and not (pages / "stray-link").exists()


@pytest.mark.parametrize("problem", ["mode", "owner"])
def test_a_work_folder_others_could_write_is_refused(home: dict[str, Path], problem: str) -> None:
    work = work_folder(home)
    if problem == "owner":
        if os.geteuid() != 0:
            pytest.skip("making a folder owned by another user needs root")
        os.chown(work, 54321, 54321)
    else:
        work.chmod(0o777)
    result = run(home, "build", "catalog", "--site-dir", "site")
    assert_refused(result, "belongs to another user" if problem == "owner" else "can be written by other users")


def test_a_linked_pages_folder_in_the_repository_is_refused(home: dict[str, Path],
                                                             victims: dict[str, Path]) -> None:
    write_mkdocs_project(home)
    (home["project"] / ".evcat").mkdir()
    (home["project"] / ".evcat" / "pages").symlink_to(victims["folder"], target_is_directory=True)
    before = checksums(victims["folder"])
    assert_refused(run(home, "build", "--site-dir", "site"), "is a symbolic link evcat did not make")
    assert checksums(victims["folder"]) == before


# --- empty and wrong folders -------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["empty", "wrong"])
@pytest.mark.parametrize("command", [["validate"], ["validate", "--strict"], ["validate", "--format", "json"],
                                     ["inspect"], ["build"], ["generate", "--out", "OUT"]])
def test_a_folder_without_catalog_resources_is_exit_2_naming_it(home: dict[str, Path], folder: str,
                                                                 command: list[str]) -> None:
    path = home["tmp"] / folder
    path.mkdir()
    if folder == "wrong":  # a project folder: Markdown, but no events/, services/ … with an index.mdx
        (path / "README.md").write_text("# not a catalog\n", encoding="utf-8")
        (path / "docs").mkdir()
        (path / "docs" / "index.mdx").write_text("---\nid: x\n---\n", encoding="utf-8")
    arguments = [command[0], str(path), *[str(home["tmp"] / "out") if a == "OUT" else a for a in command[1:]]]
    result = run(home, *arguments)
    assert_refused(result, f"no catalog resources found in '{path}'", "events/", "index.mdx")
    assert not (home["tmp"] / "out").exists()


@pytest.mark.slow
def test_the_script_exits_2_on_an_empty_folder_even_with_strict(home: dict[str, Path]) -> None:
    empty = home["tmp"] / "empty"
    empty.mkdir()
    process = evcat(home, "validate", str(empty), "--strict")
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 2, stdout + stderr
    assert "no problems found" not in stdout
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"evcat: error: no catalog resources found in '{empty}'"), stderr


# --- the MkDocs plugin on its own --------------------------------------------------------------------------


def write_mkdocs_project(home: dict[str, Path]) -> None:
    (home["project"] / "mkdocs.yml").write_text(
        "site_name: project\nplugins:\n  - evcat:\n      catalog: catalog\n      pages_dir: .evcat/pages\n",
        encoding="utf-8")
    (home["project"] / "docs").mkdir()
    (home["project"] / "docs" / "index.md").write_text("# docs\n", encoding="utf-8")


@pytest.mark.slow
def test_plain_mkdocs_build_keeps_working_under_the_pages_folder_rules(home: dict[str, Path],
                                                                      victims: dict[str, Path]) -> None:
    write_mkdocs_project(home)
    mkdocs = [str(Path(sys.executable).with_name("mkdocs")), "build", "--site-dir", str(home["tmp"] / "mk")]
    env = {**os.environ, **environment(home)}
    built = subprocess.run(mkdocs, cwd=home["project"], env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert (home["tmp"] / "mk" / "catalog" / "events" / "Event001" / "index.html").is_file()
    pages = home["project"] / ".evcat" / "pages"
    assert outputs.is_marked(pages) and (pages / "catalog" / "events" / "Event001" / "index.md").is_file()

    shutil.rmtree(pages)
    pages.symlink_to(victims["folder"], target_is_directory=True)
    before = checksums(victims["folder"])
    refused = subprocess.run(mkdocs, cwd=home["project"], env=env, capture_output=True, text=True, timeout=300)
    assert refused.returncode == 1, refused.stderr
    assert "is a symbolic link evcat did not make" in refused.stderr and "Traceback" not in refused.stderr
    assert checksums(victims["folder"]) == before
