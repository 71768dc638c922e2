"""How far a build is: a stage name and a done/total count on standard error, and the closing summary line.

On a terminal one line is rewritten in place (``\\r``), at most ten times a second; in CI logs and pipes
plain lines are written, only when a stage starts, at every tenth of it and at least every ten seconds of a
long stage, so a log stays short. A quiet ``Progress`` writes nothing but still counts, so the summary line
has its numbers. There is no global state: whoever runs a build makes one and passes it along.

Hand-written rather than a progress-bar library: the plain-line mode for logs and the injected clock (so the
throttling is tested without timing) are most of it, and those libraries do neither.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

_CLEAR_LINE = "\r\x1b[K"  # back to column 0 and erase to the end of the line


class Progress:
    """Reports stages (``stage``) and their progress (``advance``) to ``stream``.

    ``tty`` defaults to whether ``stream`` is a terminal; ``clock`` returns seconds (``time.monotonic``).
    """

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None, quiet: bool = False,
                 clock: Callable[[], float] = time.monotonic, terminal_interval: float = 0.1,
                 log_interval: float = 10.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.pid = os.getpid()  # forked helpers share this object; only this process writes
        self.tty = _is_terminal(self.stream) if tty is None else tty
        self.quiet = quiet
        self.clock = clock
        self.terminal_interval = terminal_interval
        self.log_interval = log_interval
        self.started = clock()
        self.counts: dict[str, int] = {}  # stage name → items done, kept after the stage ends
        self._name: str | None = None
        self._done = 0
        self._total: int | None = None
        self._last_write = float("-inf")
        self._last_tenth = 0
        self._line_open = False

    @classmethod
    def silent(cls) -> Progress:
        """A Progress that writes nothing (it still counts)."""
        return cls(quiet=True, tty=False)

    def stage(self, name: str, total: int | None = None) -> None:
        """Start stage ``name`` of ``total`` items (None: not counted); shown at once."""
        self._name, self._done, self._total = name, 0, total
        self.counts[name] = 0
        self._last_tenth = 0
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        """``count`` more items of the current stage are done."""
        if self._name is None:
            return
        self._done += count
        self.counts[self._name] = self._done
        self._write(force=False)

    def interrupt(self) -> None:
        """Make room for another message (a warning) on a terminal: the progress line is erased and drawn
        again at the next update."""
        if not self.quiet and self.tty and self._line_open:
            self.stream.write(_CLEAR_LINE)
            self.stream.flush()
            self._line_open = False
            self._last_write = float("-inf")

    def elapsed(self) -> float:
        """Seconds since this Progress was made."""
        return self.clock() - self.started

    def finish(self, summary: str | None = None) -> None:
        """End the progress display (a terminal's line is erased) and write ``summary`` as the last line."""
        self.interrupt()
        self._name = None
        if summary is not None:
            self.stream.write(summary + "\n")
        self.stream.flush()

    def _text(self) -> str:
        if self._total is None:
            return f"evcat: {self._name}"
        return f"evcat: {self._name} {self._done}/{self._total}"

    def _write(self, *, force: bool) -> None:
        if self.quiet:
            return
        now = self.clock()
        complete = self._total is not None and self._done >= self._total
        if self.tty:
            if force or complete or now - self._last_write >= self.terminal_interval:
                self.stream.write(_CLEAR_LINE + self._text())
                self._line_open = True
                self._last_write = now
                self.stream.flush()
            return
        tenth = self._done * 10 // self._total if self._total else 0
        if force or tenth > self._last_tenth or now - self._last_write >= self.log_interval:
            self.stream.write(self._text() + "\n")
            self._last_write = now
            self._last_tenth = tenth
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or stand-in stream
        return False


def folder_size(folder: Path) -> int:
    """Bytes of the regular files under ``folder`` (links are not followed)."""
    total = 0
    for parent, _folders, files in os.walk(folder):
        for name in files:
            info = os.lstat(os.path.join(parent, name))
            if stat.S_ISREG(info.st_mode):
                total += info.st_size
    return total


def human_size(size: int) -> str:
    """``57 MB``, ``9.2 MB``, ``812 kB``, ``40 B`` (decimal units, as file managers show them)."""
    value, unit = float(size), "B"
    for bigger in ("kB", "MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}" if value < 10 and unit != "B" else f"{value:.0f} {unit}"


def build_summary(pages: int, seconds: float, site_bytes: int, site: str) -> str:
    """The one closing line of ``evcat build``: ``evcat: built 547 pages in 9.2 s — site 57 MB at site/``."""
    noun = "page" if pages == 1 else "pages"
    return f"evcat: built {pages} {noun} in {seconds:.1f} s — site {human_size(site_bytes)} at {site}/"
