"""generator/outputs.py: which folders evcat may replace, how it replaces them, and its private work folder.

Every case builds its folders under tmp_path with a fake home folder, and checks what must survive by
content (and inode where "not rewritten" is the claim).
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from pathlib import Path

import pytest

from generator import stops
from generator.render import outputs, workfolder
from generator.render.outputs import MARKER, UnsafeOutput

HOSTILE = '<img src=x onerror=alert(1)> """ $(id) \'x\''  # a file name: no slash


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """home/project/{.git, catalog/events/A/index.mdx}, the current folder home/project/cwd, a cache."""
    home = tmp_path / "home"
    project = home / "project"
    catalog = project / "catalog"
    (catalog / "events" / "A").mkdir(parents=True)
    (catalog / "events" / "A" / "index.mdx").write_text("---\nid: A\n---\n", encoding="utf-8")
    (project / ".git").mkdir()
    cwd = project / "cwd"
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(cwd)
    return {"home": home, "project": project, "catalog": catalog, "cwd": cwd, "tmp": tmp_path}


def refusal(target: Path, place: dict[str, Path], **options) -> str:
    with pytest.raises(UnsafeOutput) as raised:
        outputs.check_output(target, option="--out", catalog=place["catalog"], **options)
    return str(raised.value)


# --- check_output ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "reason"), [
    ("catalog", "is the catalog"),
    ("catalog/events", "is inside the catalog"),
    ("catalog/events/new-folder", "is inside the catalog"),
    ("catalog/../catalog", "is the catalog"),
    ("project", "contains the catalog"),
    ("home", "is your home folder"),
    ("tmp", "contains the catalog"),
    ("cwd", "is the current folder"),
])
def test_the_catalog_its_folders_and_the_current_folder_are_refused(place, target: str, reason: str) -> None:
    path = place["project"] / target if target.startswith("catalog") else place[target]
    message = refusal(path, place)
    assert reason in message and message.endswith("pick a new folder"), message


def test_the_root_folder_is_refused(place) -> None:
    assert "is the root folder" in refusal(Path("/"), place)


def test_the_home_folder_is_refused_even_when_marked(place) -> None:
    # A marker planted in the home folder must not make it replaceable.
    elsewhere = place["tmp"] / "elsewhere-catalog"
    (elsewhere / "events").mkdir(parents=True)
    (place["home"] / MARKER).write_text("planted\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match="is your home folder"):
        outputs.check_output(place["home"], option="--site-dir", catalog=elsewhere)


def test_a_repository_root_and_the_folder_of_mkdocs_yml_are_refused(place) -> None:
    repo = place["tmp"] / "other-repo"
    (repo / ".git").mkdir(parents=True)
    assert "is a repository root" in refusal(repo, place)
    config_dir = place["tmp"] / "docs-project"
    config_dir.mkdir()
    (config_dir / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert "is the folder of the mkdocs.yml in use" in refusal(config_dir, place,
                                                               config_file=config_dir / "mkdocs.yml")


def test_a_link_to_the_catalog_is_refused_by_what_it_points_to(place) -> None:
    link = place["tmp"] / "innocent-name"
    link.symlink_to(place["catalog"])
    assert "is the catalog" in refusal(link, place)


def test_a_non_empty_folder_without_the_marker_is_refused_and_left_alone(place) -> None:
    foreign = place["tmp"] / "foreign"
    foreign.mkdir()
    (foreign / HOSTILE).write_text("keep me\n", encoding="utf-8")
    message = refusal(foreign, place)
    assert f"no {MARKER} file" in message
    assert (foreign / HOSTILE).read_text(encoding="utf-8") == "keep me\n"
    assert not (foreign / MARKER).exists()


def test_a_planted_marker_that_is_a_link_does_not_count(place) -> None:
    foreign = place["tmp"] / "foreign"
    foreign.mkdir()
    (foreign / "data.txt").write_text("keep me\n", encoding="utf-8")
    real_marker = place["tmp"] / "marker-elsewhere"
    real_marker.write_text("x\n", encoding="utf-8")
    (foreign / MARKER).symlink_to(real_marker)
    assert "no .evcat-output file" in refusal(foreign, place)


def test_a_link_to_nothing_is_refused_and_nothing_is_made_where_it_points(place) -> None:
    link = place["tmp"] / "site"
    pointed = place["tmp"] / "somewhere" / "else"
    link.symlink_to(pointed)
    assert "is a link to nothing" in refusal(link, place)
    assert not pointed.parent.exists()


def test_a_file_is_refused(place) -> None:
    file = place["tmp"] / "site"
    file.write_text("not a folder\n", encoding="utf-8")
    assert "is not a folder" in refusal(file, place)


@pytest.mark.parametrize("kind", ["missing", "empty", "marked"])
def test_missing_empty_and_marked_folders_are_accepted(place, kind: str) -> None:
    target = place["tmp"] / f"out {HOSTILE}"
    if kind != "missing":
        target.mkdir()
    if kind == "marked":
        outputs.mark(target)
        (target / "old.md").write_text("from the last run\n", encoding="utf-8")
    assert outputs.check_output(target, option="--out", catalog=place["catalog"]) == target.resolve()


# --- publish -----------------------------------------------------------------------------------------------


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}.evcat-"))


def test_publish_swaps_the_finished_folder_in_and_removes_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    outputs.mark(target)
    (target / "old.html").write_text("old\n", encoding="utf-8")
    with outputs.publish(target) as staging:
        assert staging.parent == tmp_path and staging.name.startswith(".site.evcat-tmp-")
        assert (target / "old.html").is_file()  # the old site is there until the new one is complete
        (staging / "new.html").write_text("new\n", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "new.html"]
    assert siblings(target) == []
    # Readable like any new folder (mkdtemp makes 0700).
    assert stat.S_IMODE(target.stat().st_mode) == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("failure", [RuntimeError("template failed"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_publish_leaves_the_old_output_whole(tmp_path: Path, failure) -> None:
    target = tmp_path / "site"
    target.mkdir()
    outputs.mark(target)
    (target / "index.html").write_text("the previous site\n", encoding="utf-8")
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in target.iterdir()}
    with pytest.raises(type(failure)), outputs.publish(target) as staging:
        (staging / "index.html").write_text("half a new site\n", encoding="utf-8")
        raise failure
    assert {p.name: (p.stat().st_ino, p.read_bytes()) for p in target.iterdir()} == before
    assert siblings(target) == []


def test_publish_makes_a_missing_target_and_its_parents(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "site"
    with outputs.publish(target) as staging:
        (staging / "index.html").write_text("x\n", encoding="utf-8")
    assert (target / "index.html").read_text(encoding="utf-8") == "x\n"
    assert outputs.is_marked(target)


def test_a_seeded_publish_keeps_unchanged_files_and_leaves_links_out(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    outputs.mark(target)
    (target / "pages").mkdir()
    (target / "pages" / "same.md").write_text("same\n", encoding="utf-8")
    (target / "pages" / "changed.md").write_text("before\n", encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("secret\n", encoding="utf-8")
    (target / "link.md").symlink_to(victim)
    same_inode = (target / "pages" / "same.md").stat().st_ino
    with outputs.publish(target, seed=True) as staging:
        assert not (staging / "link.md").exists()
        assert outputs.write_file(staging, "pages/same.md", "same\n") is False
        assert outputs.write_file(staging, "pages/changed.md", "after\n") is True
    assert (target / "pages" / "same.md").stat().st_ino == same_inode
    assert (target / "pages" / "changed.md").read_text(encoding="utf-8") == "after\n"
    assert victim.read_text(encoding="utf-8") == "secret\n"


# --- write_file and remove_orphans -------------------------------------------------------------------------


@pytest.fixture
def owned(tmp_path: Path) -> tuple[Path, Path]:
    """(a marked output folder, a victim folder holding victim.txt outside it)."""
    root = tmp_path / "out"
    root.mkdir()
    outputs.mark(root)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "victim.txt").write_text("do not touch\n", encoding="utf-8")
    return root, victim


def test_a_linked_file_is_replaced_not_written_through(owned) -> None:
    root, victim = owned
    (root / "index.md").symlink_to(victim / "victim.txt")
    assert outputs.write_file(root, "index.md", "# page\n") is True
    assert not (root / "index.md").is_symlink()
    assert (root / "index.md").read_text(encoding="utf-8") == "# page\n"
    assert (victim / "victim.txt").read_text(encoding="utf-8") == "do not touch\n"


def test_a_linked_folder_is_replaced_not_written_into(owned) -> None:
    root, victim = owned
    (root / "events").symlink_to(victim, target_is_directory=True)
    outputs.write_file(root, "events/A/index.md", "# A\n")
    assert not (root / "events").is_symlink()
    assert (root / "events/A/index.md").read_text(encoding="utf-8") == "# A\n"
    assert sorted(p.name for p in victim.iterdir()) == ["victim.txt"]


def test_an_unchanged_file_is_not_rewritten(owned) -> None:
    root, _ = owned
    assert outputs.write_file(root, f"{HOSTILE}/page.md", "text\n") is True
    before = (root / HOSTILE / "page.md").stat()
    assert outputs.write_file(root, f"{HOSTILE}/page.md", "text\n") is False
    after = (root / HOSTILE / "page.md").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize("relative", ["../escape.md", "events/../../escape.md", "/etc/evcat-escape.md", ""])
def test_paths_leaving_the_folder_are_refused(owned, relative: str) -> None:
    root, _ = owned
    with pytest.raises(UnsafeOutput, match="not a path inside the output folder"):
        outputs.write_file(root, relative, "x")
    assert not (root.parent / "escape.md").exists()


def test_remove_orphans_removes_links_as_links_and_keeps_the_marker(owned) -> None:
    root, victim = owned
    outputs.write_file(root, "keep.md", "kept\n")
    outputs.write_file(root, "old/gone.md", "orphan\n")
    (root / "linked-folder").symlink_to(victim, target_is_directory=True)
    (root / "linked-file.md").symlink_to(victim / "victim.txt")
    removed = outputs.remove_orphans(root, ["keep.md"])
    assert removed == 3
    assert sorted(p.name for p in root.iterdir()) == [MARKER, "keep.md"]
    assert sorted(p.name for p in victim.iterdir()) == ["victim.txt"]
    assert (victim / "victim.txt").read_text(encoding="utf-8") == "do not touch\n"


def test_remove_orphans_refuses_a_folder_evcat_did_not_mark(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "handwritten.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match="removes files only from folders it made"):
        outputs.remove_orphans(folder, [])
    assert (folder / "handwritten.md").read_text(encoding="utf-8") == "mine\n"


# --- pages folder ------------------------------------------------------------------------------------------


def test_the_repositorys_evcat_pages_folder_is_adopted_and_marked(place) -> None:
    pages = place["project"] / ".evcat" / "pages"
    pages.mkdir(parents=True)
    (pages / "index.md").write_text("from an evcat without markers\n", encoding="utf-8")
    found = outputs.prepare_pages_folder(pages, base=place["project"], catalog=place["catalog"])
    assert found == pages.resolve() and outputs.is_marked(pages)


@pytest.mark.parametrize("linked", [".evcat", ".evcat/pages"])
def test_a_linked_pages_folder_is_refused(place, linked: str) -> None:
    victim = place["tmp"] / "victim"
    (victim / "pages").mkdir(parents=True)
    (victim / "pages" / "v.txt").write_text("do not touch\n", encoding="utf-8")
    link = place["project"] / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(victim if linked == ".evcat" else victim / "pages", target_is_directory=True)
    with pytest.raises(UnsafeOutput, match="is a symbolic link evcat did not make"):
        outputs.prepare_pages_folder(place["project"] / ".evcat/pages", base=place["project"],
                                     catalog=place["catalog"])
    assert sorted(p.name for p in (victim / "pages").iterdir()) == ["v.txt"]


@pytest.mark.parametrize(("pages_dir", "reason"), [
    ("docs", "was not made by evcat"), (".", "is the folder of the mkdocs.yml in use"),
    ("catalog/pages", "is inside the catalog")])
def test_pages_folders_evcat_must_not_own_are_refused(place, pages_dir: str, reason: str) -> None:
    (place["project"] / "docs").mkdir()
    (place["project"] / "docs" / "index.md").write_text("hand-written\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match=reason):
        outputs.prepare_pages_folder(place["project"] / pages_dir, base=place["project"], catalog=place["catalog"])
    assert (place["project"] / "docs" / "index.md").read_text(encoding="utf-8") == "hand-written\n"


# --- work folder and lock ----------------------------------------------------------------------------------


def test_the_work_folder_is_private_and_under_the_cache_folder(place) -> None:
    work = workfolder.work_folder(place["catalog"])
    assert work.parent == place["tmp"] / "cache" / "evcat"
    assert stat.S_IMODE(work.stat().st_mode) == 0o700
    assert stat.S_IMODE(work.parent.stat().st_mode) == 0o700
    assert workfolder.work_folder(place["catalog"]) == work  # the same folder on every run
    other = place["tmp"] / "other"
    other.mkdir()
    assert workfolder.work_folder(other) != work


def test_a_relative_xdg_cache_home_is_ignored(place, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert workfolder.work_folder(place["catalog"]).parent == place["home"] / ".cache" / "evcat"


def test_a_planted_link_for_the_work_folder_is_refused(place) -> None:
    victim = place["tmp"] / "victim"
    victim.mkdir()
    (place["tmp"] / "cache").mkdir()
    (place["tmp"] / "cache" / "evcat").symlink_to(victim, target_is_directory=True)
    with pytest.raises(UnsafeOutput, match="is a symbolic link evcat did not make"):
        workfolder.work_folder(place["catalog"])
    assert list(victim.iterdir()) == []


def test_a_link_planted_inside_the_work_folder_is_refused(place) -> None:
    work = workfolder.work_folder(place["catalog"])
    victim = place["tmp"] / "victim.txt"
    victim.write_text("do not touch\n", encoding="utf-8")
    (work / "mkdocs.yml").symlink_to(victim)
    with pytest.raises(UnsafeOutput, match="holds a symbolic link 'mkdocs.yml'"):
        workfolder.work_folder(place["catalog"])
    assert victim.read_text(encoding="utf-8") == "do not touch\n"


def test_a_work_folder_others_can_write_is_refused(place) -> None:
    work = workfolder.work_folder(place["catalog"])
    work.chmod(0o777)
    with pytest.raises(UnsafeOutput, match="can be written by other users"):
        workfolder.work_folder(place["catalog"])


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder owned by another user needs root")
def test_a_work_folder_of_another_user_is_refused(place) -> None:
    work = workfolder.work_folder(place["catalog"])
    os.chown(work, 54321, 54321)
    with pytest.raises(UnsafeOutput, match="belongs to another user"):
        workfolder.work_folder(place["catalog"])


def test_a_second_holder_of_the_lock_waits_for_the_first(tmp_path: Path) -> None:
    lock = tmp_path / "build.lock"
    order: list[str] = []
    waiting = threading.Event()

    def second() -> None:
        with workfolder.exclusive(lock, on_wait=waiting.set):
            order.append("second")

    with workfolder.exclusive(lock):
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(timeout=30), "the second holder never reported waiting"
        order.append("first")
    thread.join(timeout=30)
    assert order == ["first", "second"]


def test_an_output_whose_parent_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match="cannot write beside"), outputs.publish(blocker / "site"):
        pass
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize(("number", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, SystemExit)])
def test_a_stop_python_swallowed_still_keeps_the_new_output_from_being_swapped_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, raised: type[BaseException]) -> None:
    # A signal handler's exception raised inside a finaliser is only printed; the handler also remembers it.
    target = tmp_path / "site"
    target.mkdir()
    outputs.mark(target)
    (target / "index.html").write_text("previous\n", encoding="utf-8")
    monkeypatch.setattr(stops, "_stop_requested", number)
    with pytest.raises(raised), outputs.publish(target) as staging:
        (staging / "index.html").write_text("complete, but the run was stopped\n", encoding="utf-8")
    assert (target / "index.html").read_text(encoding="utf-8") == "previous\n"
    assert siblings(target) == []
