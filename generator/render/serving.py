"""What `evcat serve` needs besides MkDocs' live-reload server: knowing that the catalog was edited while a
catch-up pass runs, and asking the server for that catch-up pass (render/incremental.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any


class CatalogEdits:
    """When a file of the catalog last changed, as the server's file observer reports it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: float | None = None

    @classmethod
    def watch(cls, observer: Any, catalog: Path) -> CatalogEdits:
        """Follow ``catalog`` with ``observer`` (a watchdog observer, such as MkDocs' server's)."""
        from watchdog.events import FileSystemEventHandler  # noqa: PLC0415 - only `serve` needs watchdog

        edits = cls()
        handler = FileSystemEventHandler()
        handler.on_any_event = lambda event: None if event.is_directory else edits.touched()  # type: ignore[method-assign]
        observer.schedule(handler, str(catalog), recursive=True)
        return edits

    def touched(self, at: float | None = None) -> None:
        with self._lock:
            self._last = time.monotonic() if at is None else at

    def since(self, moment: float) -> bool:
        """Whether a catalog file changed after ``moment`` (a ``time.monotonic()`` value)."""
        with self._lock:
            return self._last is not None and self._last > moment


class CatchUpTrigger:
    """A private folder the server watches: writing into it asks for one more build."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="evcat-serve-"))
        self._count = 0

    def request(self) -> None:
        """Ask for another build (the server sees the file change at its next poll)."""
        self._count += 1
        (self.folder / "catch-up").write_text(f"{self._count}\n", encoding="utf-8")

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def source_signature(paths: list[Path | str | None]) -> tuple[tuple[str, int, int, int], ...]:
    """Every file under ``paths`` (folders walked, links not followed) with its modification time, size and
    inode: equal signatures mean no file was written, added, removed or replaced in between."""
    found: list[tuple[str, int, int, int]] = []
    for path in paths:
        if path is None:
            continue
        if not os.path.isdir(path):
            found += _stat(str(path))
            continue
        for folder, subfolders, names in os.walk(path):
            subfolders.sort()
            for name in sorted(names):
                found += _stat(os.path.join(folder, name))
    return tuple(found)


def _stat(path: str) -> list[tuple[str, int, int, int]]:
    try:
        status = os.lstat(path)
    except OSError:
        return []
    return [(path, status.st_mtime_ns, status.st_size, status.st_ino)]
