"""Page HTML held on disk between MkDocs' two passes over the pages.

MkDocs converts every page's Markdown to HTML first and applies the theme afterwards, so by default it holds
the HTML of the whole site in memory at once: about 5 GB for a 10,000-event catalog. The plugin hands each
catalog page's HTML to a ``SpilledPages`` when it is made and takes it back just before the theme needs it,
so one page's worth is in memory at a time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


class SpilledPages:
    """HTML by page, in a private temporary folder (mode 0700) removed by ``close``."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="evcat-html-"))
        self._files: dict[str, Path] = {}

    def _path(self, page: str) -> Path:
        # Named after the page, so a forked helper that converted it and this process agree on the file.
        return self.folder / f"{hashlib.sha256(page.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.html"

    def keep(self, page: str, html: str) -> None:
        """Store ``html`` for ``page`` (replacing what was kept for it)."""
        path = self._path(page)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with open(descriptor, "w", encoding="utf-8") as stream:
            stream.write(html)
        self._files[page] = path

    def adopt(self, page: str) -> bool:
        """Take over what another process (a forked helper) kept for ``page``; False when it kept nothing."""
        path = self._path(page)
        if path.is_file():
            self._files[page] = path
            return True
        return False

    def take(self, page: str) -> str | None:
        """The HTML kept for ``page`` (removed from the store), or None when none was kept."""
        path = self._files.pop(page, None)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        finally:
            path.unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(self._files)

    def close(self) -> None:
        """Remove the folder and everything still in it."""
        self._files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
