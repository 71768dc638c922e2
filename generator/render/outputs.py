"""Folders evcat writes: it deletes only what it made, replaces an output whole, and never follows a link.

* An output folder (``evcat build --site-dir``, ``evcat generate --out``, the plugin's pages folder) carries
  a marker file, ``.evcat-output``. evcat refuses a folder that is, holds or lies inside the catalog, the
  repository root, the home folder, ``/``, or any non-empty folder without the marker (``check_output``).
* A new output is written into a fresh sibling folder and swapped in only when complete (``publish``): an
  interrupted or failed run leaves the previous output whole.
* The private work folder and the build lock live in ``generator/workfolder.py``; stopping on Ctrl-C and
  SIGTERM in ``generator/stops.py``.

Writes below an evcat folder go through ``write_file``, which never follows a symbolic link: there is no
well-kept library for link-safe writes relative to a folder, so they are written by hand with ``dir_fd``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from generator import stops
from generator.settings import ConfigError

MARKER = ".evcat-output"
_MARKER_TEXT = "evcat made this folder and replaces everything in it on every run.\n"
# Pages folders made by evcat before the marker existed live in the repository's `.evcat/` folder, which is
# evcat's by convention (gitignored, documented): such a folder is adopted instead of refused.
_EVCAT_FOLDER = ".evcat"


class UnsafeOutput(ConfigError):
    """A folder evcat must not write into or delete from; the message says which and why."""


# --- which folders may be replaced -------------------------------------------------------------------------


def check_output(target: Path, *, option: str, catalog: Path, config_file: Path | None = None,
                 others: Iterable[tuple[Path, str]] = ()) -> Path:
    """``target`` resolved (links and ``..``) once it is safe to replace whole; else raise ``UnsafeOutput``.

    ``others`` are further (folder, description) pairs the output must not be, hold or lie inside.
    """
    if os.path.islink(target) and not os.path.exists(target):
        raise UnsafeOutput(f"{option} '{target}' is a link to nothing; pick a new folder")
    resolved = _resolved(target)
    protected = [*others]
    if config_file is not None:
        protected.append((config_file.parent, "the folder of the mkdocs.yml in use"))
    reason = _refusal(resolved, _resolved(catalog), protected)
    if reason is not None:
        raise UnsafeOutput(f"{option} '{target}' {reason}; pick a new folder")
    return resolved


def is_marked(folder: Path) -> bool:
    """True when ``folder`` holds evcat's marker file (a regular file, not a link)."""
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


def mark(folder: Path) -> None:
    """Write the marker into ``folder``: from now on evcat may replace everything in it."""
    write_file(folder, MARKER, _MARKER_TEXT)


def prepare_pages_folder(pages_dir: Path, *, base: Path, catalog: Path) -> Path:
    """Check, create and mark the folder generated pages are written into; return it resolved.

    ``base`` is the folder of the mkdocs.yml naming it: no part of the path from there down may be a link.
    """
    _refuse_links_below(base, pages_dir)
    resolved = _resolved(pages_dir)
    reason = _refusal(resolved, _resolved(catalog), [(base, "the folder of the mkdocs.yml in use")],
                      adopt=resolved.parent.name == _EVCAT_FOLDER)
    if reason is not None:
        raise UnsafeOutput(f"pages_dir '{pages_dir}' {reason}; pick a new folder")
    resolved.mkdir(parents=True, exist_ok=True)
    mark(resolved)
    return resolved


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path)).resolve()


def _refusal(folder: Path, catalog: Path, protected: list[tuple[Path, str]], *, adopt: bool = False) -> str | None:
    """Why ``folder`` must not be replaced, or None."""
    if folder == Path(folder.anchor):
        return "is the root folder"
    named = [(catalog, "the catalog"), (Path.cwd(), "the current folder"), *protected]
    with contextlib.suppress(RuntimeError):  # no home folder known: nothing to protect there
        named.append((Path.home(), "your home folder"))
    places = [(_resolved(place), name) for place, name in named]
    for place, name in places:
        if folder == place:
            return f"is {name}"
    for place, name in places:
        if folder in place.parents:
            return f"contains {name}"
    if catalog in folder.parents:
        return f"is inside the catalog '{catalog}'"
    if os.path.lexists(folder / ".git"):
        return "is a repository root (it holds .git)"
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(mode):
        return "is not a folder"
    if not adopt and not is_marked(folder) and not _empty(folder):
        return (f"is not empty and was not made by evcat (it has no {MARKER} file; "
                "if an older evcat made it, delete it once)")
    return None


def _empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _refuse_links_below(base: Path, path: Path) -> None:
    """Raise when ``path`` or any folder between ``base`` and it is a symbolic link."""
    base_abs, path_abs = Path(os.path.abspath(base)), Path(os.path.abspath(path))
    try:
        parts = path_abs.relative_to(base_abs).parts
        steps = [base_abs.joinpath(*parts[:n]) for n in range(1, len(parts) + 1)]
    except ValueError:  # not below base: only the folder itself is evcat's to check
        steps = [path_abs]
    for step in steps:
        if step.is_symlink():
            raise UnsafeOutput(f"'{step}' is a symbolic link evcat did not make; remove it")


# --- replacing an output whole -----------------------------------------------------------------------------


@contextlib.contextmanager
def publish(target: Path, *, seed: bool = False) -> Iterator[Path]:
    """Yield a fresh folder beside ``target`` to write the new output into; swap it in when the block ends.

    ``target`` must have passed ``check_output``. With ``seed``, the fresh folder starts as a copy of the
    current output made of hard links, so files rewritten with identical content keep their inode and time.
    If the block raises or is interrupted, the fresh folder is removed and ``target`` is left as it was.
    """
    staging: Path | None = None
    try:
        # Made and named with stops held back: a Ctrl-C right after mkdtemp would otherwise leave a
        # folder nobody knows to remove. A stop that came meanwhile is raised inside this try.
        with stops.deferred():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.evcat-tmp-", dir=target.parent))
            except OSError as error:
                raise UnsafeOutput(f"cannot write beside '{target}': {error.strerror}") from None
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it 0700; a site is as readable as any new folder
        if seed and target.is_dir():
            _seed(target, staging)
        mark(staging)
        yield staging
        mark(staging)  # MkDocs cleans its site folder before building (it keeps dot files, but be sure)
        with stops.deferred():
            stops.raise_if_requested()  # a stop Python swallowed (see stops.stop_on_signals): do not publish
            try:
                _swap(staging, target)
            except OSError as error:
                raise UnsafeOutput(f"cannot replace '{target}': {error.strerror}") from None
    except BaseException:
        if staging is not None:
            with stops.deferred():
                shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    # os.umask is the only way to read the mask: set a value, then put the old one back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _seed(source: Path, destination: Path) -> None:
    """Fill ``destination`` with hard links to the regular files of ``source`` (copies where linking fails);
    links and special files are left out."""
    for current, folders, names in os.walk(source):  # does not descend into linked folders
        here = Path(current)
        into = destination / here.relative_to(source)
        for name in folders:
            if not (here / name).is_symlink():
                os.mkdir(into / name)
        for name in names:
            if stat.S_ISREG(os.lstat(here / name).st_mode):
                try:
                    os.link(here / name, into / name, follow_symlinks=False)
                except OSError:
                    shutil.copy2(here / name, into / name, follow_symlinks=False)


def _swap(staging: Path, target: Path) -> None:
    """Rename ``target`` away, ``staging`` to ``target``, then remove the old output."""
    trash = None
    if os.path.lexists(target):
        trash = Path(tempfile.mkdtemp(prefix=f".{target.name}.evcat-old-", dir=target.parent))
        os.rename(target, trash)  # replaces the empty folder mkdtemp made
    try:
        os.rename(staging, target)
    except OSError:
        if trash is not None:
            os.rename(trash, target)
        raise
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


# --- writing below an evcat folder -------------------------------------------------------------------------


def write_file(root: Path, relative: str, content: str | bytes) -> bool:
    """Write ``root/relative`` unless it already holds exactly ``content``; True when written.

    No symbolic link below ``root`` is followed: a link where a folder or the file belongs is replaced (what
    it points to is not touched), and the file is written under a fresh name then renamed into place.
    Unchanged files keep their inode and modification time, so live reload sees only real changes.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    parts = _parts(relative)
    folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in parts[:-1]:
            child = _enter(folder, name)
            os.close(folder)
            folder = child
        return _write_at(folder, parts[-1], data)
    finally:
        os.close(folder)


def _parts(relative: str) -> tuple[str, ...]:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnsafeOutput(f"refusing to write '{relative}': it is not a path inside the output folder")
    return path.parts


def _enter(folder: int, name: str) -> int:
    """Open the sub-folder ``name`` of ``folder``, making it (or replacing a link or file there) as needed."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        return os.open(name, flags, dir_fd=folder)
    except FileNotFoundError:
        pass
    except OSError as error:
        if error.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        os.unlink(name, dir_fd=folder)  # a link or a file where a folder belongs
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, dir_fd=folder)
    return os.open(name, flags, dir_fd=folder)


def _write_at(folder: int, name: str, data: bytes) -> bool:
    # Missing, a link (ELOOP) or a folder: written below.
    with contextlib.suppress(OSError), os.fdopen(os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=folder),
                                                  "rb") as existing:
        info = os.fstat(existing.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size == len(data) and existing.read() == data:
            return False
    temporary = f".evcat-{secrets.token_hex(6)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        except IsADirectoryError:  # a folder left where a file now belongs
            shutil.rmtree(name, dir_fd=folder)
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise
    return True


def remove_orphans(root: Path, keep: Iterable[str]) -> int:
    """Delete what the current run did not produce from ``root``, which must carry evcat's marker.

    Links are removed as links (what they point to is not touched); emptied folders are removed.
    """
    if not is_marked(root):
        raise UnsafeOutput(f"'{root}' has no {MARKER} file: evcat removes files only from folders it made")
    wanted = {PurePosixPath(p).as_posix() for p in keep} | {MARKER}
    removed = 0
    for current, folders, names in os.walk(root, topdown=False):
        here = Path(current)
        prefix = here.relative_to(root)
        for name in names + [f for f in folders if (here / f).is_symlink()]:
            if (prefix / name).as_posix() not in wanted:
                os.unlink(here / name)
                removed += 1
        if here != root and _empty(here):
            os.rmdir(here)
    return removed
