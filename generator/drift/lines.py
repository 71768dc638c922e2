"""Capture files read one bounded line at a time, so a 1 GB capture is checked in constant memory.

Hand-written rather than ``for line in file``: Python's line iterator keeps a whole line in memory however
long it is, and a capture must not be able to make evcat allocate gigabytes for one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

DEFAULT_MAX_LINE = 1024 * 1024  # one MiB: far above any real event, far below a memory problem
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Line:
    """One line of a capture: its 1-based number and text, or ``too_long`` with its length in bytes."""

    number: int
    text: str | None
    too_long: int = 0
    not_utf8: bool = False


def read_lines(stream: BinaryIO, max_line: int = DEFAULT_MAX_LINE) -> Iterator[Line]:
    """Yield the non-blank lines of ``stream``; a line over ``max_line`` bytes is skipped (read in chunks
    and dropped) and yielded as ``too_long`` so the caller can report it."""
    number = 0
    while True:
        raw = stream.readline(max_line + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line and not raw.endswith(b"\n"):
            yield Line(number, None, too_long=len(raw) + _skip_rest(stream))
            continue
        try:
            text = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            yield Line(number, None, not_utf8=True)
            continue
        if text:
            yield Line(number, text)


def _skip_rest(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
