"""One message version judged as ``evcat validate`` judges it: its mode, each pair the mode checks, the
changes from the previous version with their class, and the consumers a break hits — for the site's
change pages and version tables.

The mode of a version is its own ``x-compatibility``, else its message's latest version's, else the
catalog's (the same order as the EC5xx rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.catalog.model import Catalog, Key, Message
from generator.compat.avro import InvalidAvro
from generator.compat.change import Change, breaks
from generator.compat.compare import compare_versions
from generator.compat.impact import Consumer, consumers_of
from generator.compat.modes import declared_mode, directions_of, pairs_ending_at
from generator.compat.semver import actual_bump, allows, required_bump
from generator.schemas.jsontext import load_with_positions


@dataclass(frozen=True)
class PairVerdict:
    """``newer`` against ``older``: every change (both directions) and those that break the mode."""

    older: str
    newer: str
    changes: tuple[Change, ...]
    breaking: tuple[Change, ...]
    required_bump: str | None
    actual_bump: str | None
    honest: bool
    problem: str | None = None


@dataclass(frozen=True)
class VersionVerdict:
    """A version's mode (and where it was set), the pairs its mode checks, and the consumers hit."""

    mode: str
    mode_source: str  # "version" | "message" | "catalog"
    pairs: tuple[PairVerdict, ...]
    previous: PairVerdict | None  # against the version just before, whether or not the mode checks it
    consumers: tuple[Consumer, ...]  # of this version, when a checked pair breaks

    @property
    def compatible(self) -> bool:
        return not any(pair.breaking for pair in self.pairs)


def schema_data(message: Message) -> tuple[str, Any] | None:
    """(format, data) of a version's default schema when evcat can compare it (Avro, JSON Schema)."""
    schema = message.schema
    if schema is None or schema.text is None or schema.path is None or schema.format not in ("avro", "json-schema"):
        return None
    syntax = "yaml" if schema.path.lower().endswith((".yaml", ".yml")) else "json"
    loaded = load_with_positions(schema.text, syntax)  # type: ignore[arg-type]
    return None if loaded.data is None else (schema.format, loaded.data)


def mode_of(catalog: Catalog, message: Message, catalog_mode: str) -> tuple[str, str]:
    """(mode, where it was set) for one message version."""
    own = declared_mode(message.data)
    if own:
        return own, "version"
    versions = catalog.versions_of(message.kind, message.id)
    latest = catalog.get(Key(message.kind, message.id, versions[-1])) if versions else None
    from_message = declared_mode(latest.data) if latest is not None else None
    return (from_message, "message") if from_message else (catalog_mode, "catalog")


def judge_pair(older: Message, newer: Message, mode: str) -> PairVerdict | None:
    """``newer`` against ``older`` under ``mode``; None when either schema cannot be compared."""
    old, new = schema_data(older), schema_data(newer)
    if old is None or new is None:
        return None
    try:
        changes = tuple(compare_versions(old[1], old[0], new[1], new[0]))
    except (InvalidAvro, ValueError, RecursionError) as error:
        return PairVerdict(older.version, newer.version, (), (), None, None, True, f"not compared: {error}")
    breaking = tuple(change for change in changes if breaks(change, mode))
    required = required_bump(changes, mode, older.version) if changes else None
    actual = actual_bump(older.version, newer.version)
    honest = not breaking or allows(actual, required, older.version)
    return PairVerdict(older.version, newer.version, changes, breaking, required, actual, honest)


def version_verdict(catalog: Catalog, message: Message, catalog_mode: str = "BACKWARD") -> VersionVerdict:
    """How ``message`` (one version) fares against the earlier versions of its message."""
    mode, source = mode_of(catalog, message, catalog_mode)
    versions = catalog.versions_of(message.kind, message.id)
    index = versions.index(message.version) if message.version in versions else 0

    def version(number: str) -> Message | None:
        found = catalog.get(Key(message.kind, message.id, number))
        return found if isinstance(found, Message) else None

    previous_message = version(versions[index - 1]) if index else None
    previous = judge_pair(previous_message, message, mode) if previous_message is not None else None
    pairs = []
    for pair in pairs_ending_at(mode, versions, message.version) if directions_of(mode) else []:
        older = version(pair.older)
        judged = previous if older is previous_message else (judge_pair(older, message, mode) if older else None)
        if judged is not None:
            pairs.append(judged)
    hit = tuple(consumers_of(catalog, message.key)) if any(p.breaking for p in pairs) else ()
    return VersionVerdict(mode, source, tuple(pairs), previous, hit)
