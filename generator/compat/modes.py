"""Confluent Schema Registry's compatibility modes: which pairs of versions each one checks.

From Confluent's ``CompatibilityChecker``: a new version N is checked against the latest earlier version
only (non-transitive modes) or against every earlier version (``_TRANSITIVE``); BACKWARD means N reads
data written with the earlier version, FORWARD the earlier version reads N's data, FULL both; NONE checks
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MODES = ("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE",
         "NONE")
BACKWARD, FORWARD = "backward", "forward"


@dataclass(frozen=True)
class Pair:
    """Check ``newer`` against ``older`` in ``directions`` (``backward``: newer reads older's data;
    ``forward``: older reads newer's data)."""

    older: str
    newer: str
    directions: tuple[str, ...]


def directions_of(mode: str) -> tuple[str, ...]:
    """The directions a mode checks: ``("backward",)``, ``("forward",)``, both, or none."""
    base = mode.removesuffix("_TRANSITIVE")
    return {"BACKWARD": (BACKWARD,), "FORWARD": (FORWARD,), "FULL": (BACKWARD, FORWARD)}.get(base, ())


def is_transitive(mode: str) -> bool:
    return mode.endswith("_TRANSITIVE")


def pairs_for(mode: str, versions: Sequence[str]) -> list[Pair]:
    """Every pair ``mode`` checks among ``versions`` (oldest first), as if each version had been
    registered in turn: the latest earlier version only, or every earlier one when transitive."""
    if mode not in MODES:
        raise ValueError(f"unknown compatibility mode {mode!r}; use one of {', '.join(MODES)}")
    directions = directions_of(mode)
    if not directions:
        return []
    pairs = []
    for index in range(1, len(versions)):
        earlier = versions[:index] if is_transitive(mode) else versions[index - 1:index]
        pairs += [Pair(older, versions[index], directions) for older in earlier]
    return pairs


def pairs_ending_at(mode: str, versions: Sequence[str], newer: str) -> list[Pair]:
    """The pairs ``mode`` checks when ``newer`` (one of ``versions``) is registered."""
    if mode not in MODES:
        raise ValueError(f"unknown compatibility mode {mode!r}; use one of {', '.join(MODES)}")
    directions = directions_of(mode)
    if newer not in versions or not directions:
        return []
    index = list(versions).index(newer)
    earlier = versions[:index] if is_transitive(mode) else versions[max(index - 1, 0):index]
    return [Pair(older, newer, directions) for older in earlier]


MODE_KEY = "x-compatibility"


def declared_mode(data: object) -> str | None:
    """The mode a version's frontmatter declares with ``x-compatibility`` (any case); None when absent or
    not a mode (EC504 reports that)."""
    value = data.get(MODE_KEY) if isinstance(data, Mapping) else None
    text = value.strip().upper() if isinstance(value, str) else ""
    return text if text in MODES else None
