"""A catalog as it was at a git revision, read with git plumbing into a private temporary folder.

``git archive REV -- <catalog path>`` writes a tar of the revision's tree to a pipe; only plain files and
folders are taken out of it (a link, an absolute name or a ``..`` member is refused), so neither the work
tree nor the index of the repository is ever touched. The temporary folder goes when the ``with`` ends.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from generator.catalog.files import MAX_FILE_BYTES


class RevisionError(Exception):
    """A revision that cannot be read as a catalog; the message is one line for the user."""


def _git(repository: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repository), *args], capture_output=True, check=False)
    except OSError as error:
        raise RevisionError(f"cannot run git: {error}") from None


def repository_root(start: Path) -> Path:
    """The top folder of the git repository holding ``start``; RevisionError when there is none."""
    done = _git(start, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise RevisionError(f"'{start}' is not inside a git repository")
    return Path(done.stdout.decode("utf-8", "replace").strip())


def resolve_revision(repository: Path, revision: str) -> str:
    """The commit ``revision`` names (a branch, tag, ``HEAD~2``, a hash); RevisionError when unknown."""
    # A leading dash would be read as an option by git.
    if not revision or revision.startswith("-") or "\n" in revision:
        raise RevisionError(f"'{revision}' is not a revision")
    done = _git(repository, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if done.returncode != 0:
        raise RevisionError(f"unknown revision '{revision}' in {repository}")
    return done.stdout.decode("ascii").strip()


def catalog_path_in(repository: Path, catalog: Path) -> str:
    """``catalog`` (a folder, from the settings) as a POSIX path relative to the repository's top."""
    try:
        relative = catalog.resolve().relative_to(repository.resolve())
    except ValueError:
        raise RevisionError(f"catalog folder '{catalog}' is outside the git repository {repository}") from None
    return relative.as_posix() or "."


@contextlib.contextmanager
def checked_out(repository: Path, revision: str, catalog: str) -> Iterator[Path]:
    """The folder ``catalog`` (repository-relative) as it is at ``revision``, in a temporary folder."""
    commit = resolve_revision(repository, revision)
    with tempfile.TemporaryDirectory(prefix="evcat-diff-") as temporary:
        target = Path(temporary)
        done = _git(repository, "archive", "--format=tar", commit, "--", catalog)
        if done.returncode != 0:
            raise RevisionError(f"revision '{revision}' has no catalog folder '{catalog}'")
        _extract(done.stdout, target)
        folder = target / catalog
        if not folder.is_dir():
            raise RevisionError(f"revision '{revision}' has no catalog folder '{catalog}'")
        yield folder


def _extract(archive: bytes, target: Path) -> None:
    """Plain files and folders of a tar into ``target``; anything else, or a name leaving it, is skipped."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        members = [member for member in tar.getmembers() if _safe(member)]
        # The "data" filter refuses the same things again (links, absolute names, device files).
        tar.extractall(target, members=members, filter="data")


def _safe(member: tarfile.TarInfo) -> bool:
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts or "\\" in member.name:
        return False
    if member.isfile():
        return member.size <= MAX_FILE_BYTES * 4  # larger files are refused by the reader anyway
    return member.isdir()


@contextlib.contextmanager
def catalog_at(spec: str, catalog: Path, start: Path) -> Iterator[tuple[Path, str]]:
    """(folder, path prefix) of one side of ``evcat diff``: ``spec`` itself when it is a folder, else the
    folder ``catalog`` at git revision ``spec`` of the repository holding ``start``. The prefix is the
    catalog's path as the user sees it (for annotations). A folder wins over a revision of the same name."""
    if Path(spec).is_dir():
        yield Path(spec), Path(spec).as_posix().rstrip("/") + "/"
        return
    try:
        repository = repository_root(start)
    except RevisionError:
        raise RevisionError(f"'{spec}' is neither a catalog folder nor a git revision ('{start}' is not inside "
                            "a git repository)") from None
    relative = catalog_path_in(repository, catalog)
    with checked_out(repository, spec, relative) as folder:
        yield folder, "" if relative == "." else relative + "/"
