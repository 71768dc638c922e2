"""Atomic writes: what the authoring commands create, edit and move, recorded in a ``Plan``.

Nothing here overwrites a file the user wrote by accident: a new file is linked into place (``os.link``
fails when the name exists), an edit replaces a file by rename only after the new text is complete, and a
new folder is staged beside its target and renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class AuthoringError(Exception):
    """A request the authoring commands refuse (existing target, unknown service …), said in one line."""


@dataclass
class Plan:
    """What a command did, or would do with ``dry_run``: one line per file or folder, relative paths."""

    root: Path
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)

    def note(self, verb: str, path: Path, detail: str = "") -> None:
        shown = _relative(path, self.root)
        self.lines.append(f"{verb} {shown}" + (f" ({detail})" if detail else ""))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def stage_folder(beside: Path) -> Path:
    """A new private folder in ``beside``'s parent (same file system, so a rename moves it at once)."""
    beside.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{beside.name[:40]}.evcat-", dir=beside.parent))


def place_folder_public(staged: Path, target: Path) -> None:
    """``place_folder`` for a folder evcat made from nothing: it gets the usual permissions first."""
    os.chmod(staged, 0o777 & ~_umask())
    place_folder(staged, target)


def place_folder(staged: Path, target: Path) -> None:
    """Rename the complete ``staged`` folder to ``target``, which must not exist (or be an empty folder)."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise AuthoringError(f"{target} already exists; evcat never overwrites it")
    os.rename(staged, target)  # POSIX: replaces only an empty folder, else fails


def create_file(path: Path, text: str) -> None:
    """Write ``path`` complete, failing if it exists (linked into place, so never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a catalog file is not
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise AuthoringError(f"{path} already exists; evcat never overwrites it") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def replace_file(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` by rename: a reader sees the old file or the new one, never a part."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def remove_tree(path: Path) -> None:
    """Remove a staging or backup folder evcat made; a missing one is fine."""
    shutil.rmtree(path, ignore_errors=True)


def create_folder(target: Path, files: dict[str, str]) -> None:
    """Create ``target`` holding ``files`` (relative name → text) at once: written into a staging folder
    beside it and renamed into place, so a stopped run leaves no half-written folder."""
    staged = stage_folder(target.absolute())
    try:
        for name, text in files.items():
            create_file(staged / name, text)
        place_folder_public(staged, target)
    finally:
        remove_tree(staged)
