"""The one version resolver: ordering, ``latest``, exact versions and npm-style semver ranges.

Every pointer in the catalog — both directions — goes through this module, so "which version does this
pointer mean" has exactly one answer. Range syntax is npm's (``^1.2.0``, ``~1.2``, ``1.x``, ``>=1``), the
syntax EventCatalog users write, parsed by ``semantic_version.NpmSpec``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import semantic_version

LATEST = "latest"
_LEADING_V = re.compile(r"^[vV](?=\d)")
_X_RANGE = re.compile(r"^(\d+(?:\.\d+)*)\.[xX*]$")


@lru_cache(maxsize=4096)
def coerce(version: str) -> semantic_version.Version | None:
    """Semver reading of a version string after coercion (``1`` → 1.0.0, ``v2`` → 2.0.0), or None."""
    text = _LEADING_V.sub("", str(version).strip())
    if not text or not text[0].isdigit():
        return None
    try:
        return semantic_version.Version(text)
    except ValueError:
        pass
    try:
        coerced = semantic_version.Version.coerce(text)
    except ValueError:
        return None
    # Version.coerce accepts trailing garbage ("1.0.0abc" -> 1.0.0+abc); only accept clean numeric forms.
    return coerced if re.fullmatch(r"\d+(\.\d+){0,2}", text) else None


def is_semver(version: str) -> bool:
    """True for a strict ``MAJOR.MINOR.PATCH[-pre][+build]`` version."""
    try:
        semantic_version.Version(str(version))
    except ValueError:
        return False
    return True


def sort_versions(versions: Iterable[str]) -> list[str]:
    """Oldest first. Semver order when every version coerces, else plain string order.

    Never compares numbers as text when they are versions: ``0.2.1 < 0.15.0`` and ``99 < 100``.
    """
    return list(_sorted(tuple(dict.fromkeys(str(v) for v in versions))))


@lru_cache(maxsize=8192)
def _sorted(unique: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: every pointer to a resource sorts that resource's versions again.
    parsed = [coerce(v) for v in unique]
    if all(p is not None for p in parsed):
        return tuple(v for _, v in sorted(zip(parsed, unique, strict=True), key=lambda pair: (pair[0], pair[1])))
    return tuple(sorted(unique))


def _range(requested: str) -> semantic_version.NpmSpec | None:
    try:
        return semantic_version.NpmSpec(requested)
    except ValueError:
        return None


def matching(requested: str | None, available: Sequence[str]) -> list[str]:
    """Every available version a pointer's ``requested`` version selects, oldest first.

    ``latest`` (or nothing) selects the highest version; an exact string match wins next; then a semver
    range selects all versions that satisfy it; ``N.x`` also matches non-semver versions by prefix.
    """
    ordered = sort_versions(available)
    if not ordered:
        return []
    wanted = LATEST if requested is None or str(requested).strip() == "" else str(requested).strip()
    if wanted == LATEST:
        return [ordered[-1]]
    if wanted in ordered:
        return [wanted]
    selected: list[str] = []
    spec = _range(_LEADING_V.sub("", wanted))
    if spec is not None:
        selected = [v for v in ordered if (c := coerce(v)) is not None and c in spec]
    prefix = _X_RANGE.match(wanted)
    if prefix:
        stem = prefix.group(1) + "."
        selected += [v for v in ordered if v.startswith(stem) and coerce(v) is None]
    if not selected and spec is None:
        # An exact version written differently ("1.0" for "1.0.0", "v2" for "2.0.0").
        target = coerce(wanted)
        selected = [v for v in ordered if target is not None and coerce(v) == target]
    return [v for v in ordered if v in selected]


def resolve(requested: str | None, available: Sequence[str]) -> str | None:
    """The one version a pointer means: the highest of ``matching``; None when nothing matches."""
    found = matching(requested, available)
    return found[-1] if found else None


def attaches_to(requested: str | None, available: Sequence[str]) -> list[str]:
    """Versions of the target a pointer attaches to in the reverse direction.

    ``latest`` attaches only to the latest version, a range to every satisfying version, an exact
    version to that version only — the same rule EventCatalog applies to producers and consumers.
    """
    return matching(requested, available)
