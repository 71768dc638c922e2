"""Semver discipline, as cargo-semver-checks applies it to Rust crates: a change that breaks the mode needs
a major bump (a minor one while the major version is 0), and what the actual bump between two versions is."""

from __future__ import annotations

from collections.abc import Iterable

from generator.catalog.versions import coerce
from generator.compat.change import Change, breaks

MAJOR, MINOR, PATCH = "major", "minor", "patch"
_RANK = {PATCH: 1, MINOR: 2, MAJOR: 3}


def required_bump(changes: Iterable[Change], mode: str, old_version: str) -> str | None:
    """The smallest bump from ``old_version`` that ``changes`` allow under ``mode``: ``major`` when one of
    them breaks the mode (``minor`` for a ``0.y.z`` version), else ``minor`` when there is any change,
    else None (nothing to bump for)."""
    changes = list(changes)
    if any(breaks(change, mode) for change in changes):
        parsed = coerce(old_version)
        return MINOR if parsed is not None and parsed.major == 0 else MAJOR
    return MINOR if changes else None


def actual_bump(old_version: str, new_version: str) -> str | None:
    """``major``, ``minor`` or ``patch``: the highest part that grows from ``old_version`` to
    ``new_version``; None when either is not a version semver can read or the new one is not higher."""
    old, new = coerce(old_version), coerce(new_version)
    if old is None or new is None or new <= old:
        return None
    if new.major != old.major:
        return MAJOR
    return MINOR if new.minor != old.minor else PATCH


def allows(actual: str | None, required: str | None, old_version: str) -> bool:
    """Whether the ``actual`` bump is at least the ``required`` one. While the major version is 0 a minor
    bump counts as a major one (semver's "anything may change" range)."""
    if required is None:
        return True
    if actual is None:
        return False
    parsed = coerce(old_version)
    rank = _RANK[actual]
    if parsed is not None and parsed.major == 0 and actual == MINOR:
        rank = _RANK[MAJOR]
    return rank >= _RANK[required]
