"""Identifiers from AsyncAPI keys: every id the import writes is a safe folder name."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
MAX_ID_LENGTH = 120


def safe_id(raw: object) -> str | None:
    """``raw`` as a folder name: runs of anything but letters, digits, ``_ . -`` become one ``-``; leading
    dots and dashes go (no hidden files, no ``..``). None when nothing usable is left."""
    text = _UNSAFE.sub("-", str(raw)).strip("-.")
    text = re.sub(r"\.{2,}", ".", text)[:MAX_ID_LENGTH].strip("-.")
    return text or None


def distinct(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … when another key already maps to it (case-insensitive)."""
    candidate, number = wanted, 2
    while candidate.lower() in taken:
        candidate, number = f"{wanted}-{number}", number + 1
    taken.add(candidate.lower())
    return candidate
