"""EC5xx: compatibility and versioning — every pair of message versions the compatibility mode asks for,
and whether the version bump between them is honest.

The mode of a version is its own ``x-compatibility`` frontmatter key, else the message's (its latest
version's), else the catalog's (``compatibility`` in the ``evcat`` block). Each message version is checked
where it is the newer one, so the pairs are spread over the parallel slices with the resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.catalog.model import MESSAGE_KINDS, Catalog, Key, Message, Resource
from generator.catalog.versions import coerce
from generator.compat import MODES, Change, actual_bump, allows, breaks, compare_versions, required_bump
from generator.compat.avro import InvalidAvro
from generator.compat.compare import schema_changed
from generator.compat.impact import Consumer, consumers_of
from generator.compat.modes import MODE_KEY, declared_mode, directions_of, pairs_ending_at
from generator.compat.semver import MAJOR
from generator.compat.verdict import mode_of
from generator.diagnostics import Diagnostic, Location, at
from generator.diagnostics.codes import rule
from generator.rules.schemas import parse
from generator.schemas.model import quote

SHOWN_CHANGES = 5  # breaking changes listed in one finding; the rest are counted


def check(catalog: Catalog, resources: Sequence[Resource] | None = None,
          mode: str = "BACKWARD") -> list[Diagnostic]:
    """EC501-EC504 for every message version in ``resources`` (all when None) against earlier versions."""
    found: list[Diagnostic] = []
    for resource in catalog.resources if resources is None else resources:
        if isinstance(resource, Message) and catalog.get(resource.key) is resource:
            found += _check_version(catalog, resource, mode)
    return found


def _check_version(catalog: Catalog, message: Message, catalog_mode: str) -> list[Diagnostic]:
    versions = catalog.versions_of(message.kind, message.id)
    invalid = MODE_KEY in message.data and declared_mode(message.data) is None
    found = [_invalid_mode(message)] if invalid else []
    if len(versions) < 2 or message.version not in versions:
        return found
    mode, _ = mode_of(catalog, message, catalog_mode)  # the same mode the version's change page shows
    new = _schema_of(message)
    if new is None:
        return found
    index = versions.index(message.version)
    previous = _version(catalog, message, versions[index - 1]) if index else None
    checked = {pair.older for pair in pairs_ending_at(mode, versions, message.version)}
    for older_version in versions[:index]:
        older = _version(catalog, message, older_version)
        is_previous = older is not None and older is previous
        old = _schema_of(older) if older is not None and (older_version in checked or is_previous) else None
        if old is None:
            continue
        changes = None
        if older_version in checked:
            try:
                # Only what breaks is judged here: Avro's safe field-level changes are not listed.
                changes = compare_versions(old[1], old[0], new[1], new[0], directions_of(mode), safe=False)
            except (InvalidAvro, RecursionError):  # EC303 reports an invalid schema; such a pair is not judged
                continue
            found += _judge(catalog, message, older_version, mode, changes)
        if is_previous:
            found += _empty_major(message, older_version, old[1], new[1], changes)
    return found


def _judge(catalog: Catalog, message: Message, older: str, mode: str, changes: list[Change]) -> list[Diagnostic]:
    breaking = [change for change in changes if breaks(change, mode)]
    if not breaking:
        return []
    required = required_bump(changes, mode, older)
    actual = actual_bump(older, message.version)
    consumers = consumers_of(catalog, message.key)
    listed = "\n".join(f"- {change.id}: {change.message}" for change in breaking[:SHOWN_CHANGES])
    if len(breaking) > SHOWN_CHANGES:
        listed += f"\n- and {len(breaking) - SHOWN_CHANGES} more"
    hit = ("\nconsumers hit: " + "; ".join(c.describe() for c in consumers)) if consumers else (
        "\nconsumers hit: none declared")
    where = {**at(message.document.where("version", value=True)),
             "related": _related(catalog, message, older, consumers)}
    name = f"{message.kind.value} '{message.id}' {message.version}"
    if allows(actual, required, older):
        return [rule("EC502")(f"{name} breaks {mode} compatibility with {older}, as its {actual} bump "
                              f"allows:\n{listed}{hit}", **where,
                              hint="tell the consumers listed; they must upgrade their readers (or read a new "
                                   "channel) before the producers switch")]
    bump = f"only a {actual} bump" if actual else f"a version ({message.version}) semver cannot compare"
    return [rule("EC501")(f"{name} breaks {mode} compatibility with {older} with {bump}; it requires a "
                          f"{required} bump:\n{listed}{hit}", **where,
                          hint=f"make the change compatible, or release it as {_next(older, required)} "
                               f"(a {required} bump)")]


def _empty_major(message: Message, older: str, old: Any, new: Any,
                 changes: list[Change] | None) -> list[Diagnostic]:
    parsed = coerce(older)
    # 0.y.z -> 1.0.0 with the same schema is the usual way to declare a contract stable.
    if actual_bump(older, message.version) != MAJOR or (parsed is not None and parsed.major == 0) or (
            schema_changed(old, new, changes)):
        return []
    return [rule("EC503")(f"{message.kind.value} '{message.id}' {message.version} is a major bump from {older} "
                          "but its schema has no change beyond documentation",
                          **at(message.document.where("version", value=True)),
                          hint=f"a minor or patch bump ({_next(older, 'patch')}) tells consumers they need "
                               "not change anything")]


def _invalid_mode(message: Message) -> Diagnostic:
    value = message.data.get(MODE_KEY)
    shown = quote(value) if isinstance(value, str) else f"(a {type(value).__name__})"
    return rule("EC504")(f"{MODE_KEY} {shown} is not a compatibility mode; the message's or catalog's mode "
                         "is used instead", **at(message.document.where(MODE_KEY, value=True)),
                         hint=f"use one of {', '.join(MODES)}")


def _version(catalog: Catalog, message: Message, version: str) -> Resource | None:
    for kind in (message.kind, *sorted(MESSAGE_KINDS - {message.kind}, key=lambda k: k.value)):
        found = catalog.get(Key(kind, message.id, version))
        if found is not None:
            return found
    return None


def _schema_of(resource: Resource) -> tuple[str, Any] | None:
    """(format, data) of a version's default schema when evcat can check it; parsed once per run."""
    schema = resource.schema if isinstance(resource, Message) else None
    if schema is None:
        return None
    parsed = parse(schema)
    if parsed is None or not parsed.usable or parsed.loaded.data is None:
        return None
    return schema.format, parsed.loaded.data


def _related(catalog: Catalog, message: Message, older: str, consumers: list[Consumer]) -> tuple[Location, ...]:
    earlier = _version(catalog, message, older)
    places = [earlier.document.where("version", value=True)] if earlier is not None else []
    places += [consumer.location for consumer in consumers if consumer.location is not None]
    return tuple(Location(p.file, p.line, p.column) for p in places)


def _next(version: str, bump: str | None) -> str:
    parsed = coerce(version)
    if parsed is None:
        return "a higher version"
    if bump == MAJOR:
        return f"{parsed.major + 1}.0.0"
    if bump == "minor":
        return f"{parsed.major}.{parsed.minor + 1}.0"
    return f"{parsed.major}.{parsed.minor}.{parsed.patch + 1}"
