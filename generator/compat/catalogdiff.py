"""What changed between two catalogs: resources added, removed, moved or edited, and every schema change
between message versions with its class under the message's mode and the consumers it hits.

Pure: both catalogs are already loaded (``generator.catalog.load``); nothing here reads files or prints.
Resources are matched by kind + id + version, so a resource whose folder changed is a move, not a removal
plus an addition. ``evcat diff`` and its reporters (``generator.reporters.diff``) build on ``diff_catalogs``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator.catalog.model import Catalog, Key, Message, Resource
from generator.catalog.versions import coerce
from generator.compat.avro import InvalidAvro
from generator.compat.change import Change, breaks
from generator.compat.compare import compare_versions
from generator.compat.impact import Consumer, consumers_of
from generator.compat.modes import declared_mode
from generator.compat.semver import actual_bump, allows, required_bump
from generator.compat.verdict import schema_data

DIFF_VERSION = 1  # the version of the JSON contract (``CatalogDiff.as_dict``)
# Frontmatter keys grouped as the reader of a diff thinks of them; every other key is a "field".
_GROUPS = {"owners": "owners", "channels": "channels", "sends": "pointers", "receives": "pointers",
           "services": "pointers", "subdomains": "pointers", "routes": "pointers", "entities": "pointers",
           "schemaPath": "schema", "schemas": "schema"}


@dataclass(frozen=True)
class Entry:
    """A resource version on one side of the diff."""

    key: Key
    name: str
    path: str  # catalog-relative file
    line: int | None = None  # of its ``version:`` line
    after: str | None = None  # an added version of a resource the old catalog has: its latest version there

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.key.kind.value, "id": self.key.id, "version": self.key.version, "name": self.name,
                "path": self.path, **({"new_version_after": self.after} if self.after else {})}


@dataclass(frozen=True)
class FieldChange:
    """One frontmatter key whose value differs (``old``/``new`` None when absent on that side)."""

    field: str
    group: str  # owners | channels | pointers | schema | field
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "group": self.group, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Edited:
    """A resource version present on both sides that moved or whose frontmatter or body changed."""

    old: Entry
    new: Entry
    fields: tuple[FieldChange, ...]
    body_changed: bool

    @property
    def moved(self) -> bool:
        return self.old.path != self.new.path

    def as_dict(self) -> dict[str, Any]:
        return {**self.new.as_dict(), "old_path": self.old.path, "moved": self.moved,
                "fields": [change.as_dict() for change in self.fields], "body_changed": self.body_changed}


@dataclass(frozen=True)
class SchemaDiff:
    """The schema changes from ``old`` (a version in the old catalog) to ``new`` (in the new one)."""

    old: Entry
    new: Entry
    mode: str
    changes: tuple[Change, ...]
    consumers: tuple[Consumer, ...]  # of the new version, when a change breaks the mode
    problem: str | None = None  # why the pair could not be compared

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if breaks(change, self.mode))

    @property
    def required_bump(self) -> str | None:
        return required_bump(self.changes, self.mode, self.old.key.version) if self.changes else None

    @property
    def actual_bump(self) -> str | None:
        return actual_bump(self.old.key.version, self.new.key.version)

    @property
    def bump_honest(self) -> bool:
        """Whether the version bump allows the breaking changes (always, when nothing breaks)."""
        if not self.breaking:
            return True
        return allows(self.actual_bump, self.required_bump, self.old.key.version)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.new.key.kind.value, "id": self.new.key.id, "old_version": self.old.key.version,
                "new_version": self.new.key.version, "path": self.new.path, "mode": self.mode,
                "breaking": bool(self.breaking), "required_bump": self.required_bump,
                "actual_bump": self.actual_bump, "bump_honest": self.bump_honest, "problem": self.problem,
                "changes": [{**change.as_dict(), "breaks_mode": breaks(change, self.mode)}
                            for change in self.changes],
                "consumers": [{"kind": c.reader.kind.value, "id": c.reader.id, "version": c.reader.version,
                               "name": c.name, "domains": list(c.domains), "requested": c.requested}
                              for c in self.consumers]}


@dataclass(frozen=True)
class CatalogDiff:
    """Everything that differs between two catalogs, each list in key order."""

    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    edited: tuple[Edited, ...]
    schemas: tuple[SchemaDiff, ...]

    @property
    def breaking(self) -> tuple[SchemaDiff, ...]:
        return tuple(diff for diff in self.schemas if diff.breaking)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.edited or self.schemas)

    def as_dict(self) -> dict[str, Any]:
        """The versioned JSON contract of ``evcat diff --format json``."""
        return {"version": DIFF_VERSION, "breaking": bool(self.breaking),
                "summary": {"added": len(self.added), "removed": len(self.removed),
                            "changed": sum(not e.moved for e in self.edited),
                            "moved": sum(e.moved for e in self.edited),
                            "schema_changes": len(self.schemas), "breaking_schema_changes": len(self.breaking)},
                "added": [e.as_dict() for e in self.added], "removed": [e.as_dict() for e in self.removed],
                "changed": [e.as_dict() for e in self.edited], "schemas": [s.as_dict() for s in self.schemas]}


def diff_catalogs(old: Catalog, new: Catalog, mode: str = "BACKWARD") -> CatalogDiff:
    """The diff from ``old`` to ``new``; ``mode`` is the catalog-wide compatibility mode of ``new``."""
    old_by_key, new_by_key = _by_key(old), _by_key(new)
    added = tuple(replace(_entry(new_by_key[k]), after=(old.versions_of(k.kind, k.id) or (None,))[-1])
                  for k in sorted(new_by_key.keys() - old_by_key.keys()))
    removed = tuple(_entry(old_by_key[k]) for k in sorted(old_by_key.keys() - new_by_key.keys()))
    edited = []
    for key in sorted(old_by_key.keys() & new_by_key.keys()):
        found = _edited(old_by_key[key], new_by_key[key])
        if found is not None:
            edited.append(found)
    return CatalogDiff(added, removed, tuple(edited), tuple(_schema_diffs(old, new, old_by_key, new_by_key, mode)))


def _by_key(catalog: Catalog) -> dict[Key, Resource]:
    return {resource.key: resource for resource in catalog.resources if catalog.get(resource.key) is resource}


def _entry(resource: Resource) -> Entry:
    return Entry(resource.key, resource.name or resource.id, resource.path,
                 resource.document.where("version", value=True).line)


def _edited(old: Resource, new: Resource) -> Edited | None:
    fields = tuple(FieldChange(name, _GROUPS.get(name, "field"), old.data.get(name), new.data.get(name))
                   for name in sorted(set(old.data) | set(new.data), key=str)
                   if old.data.get(name) != new.data.get(name))
    body_changed = old.body.strip() != new.body.strip()
    if not fields and not body_changed and old.path == new.path:
        return None
    return Edited(_entry(old), _entry(new), fields, body_changed)


def _schema_diffs(old: Catalog, new: Catalog, old_by_key: Mapping[Key, Resource],
                  new_by_key: Mapping[Key, Resource], catalog_mode: str) -> list[SchemaDiff]:
    """A version edited in place is compared with its old self; a message's new latest version with the
    old catalog's latest version of that message."""
    found: list[SchemaDiff] = []
    for key, resource in sorted(new_by_key.items()):
        if not isinstance(resource, Message):
            continue
        latest = new.versions_of(key.kind, key.id)
        mode = declared_mode(resource.data) or declared_mode(_data_of(new, key, latest)) or catalog_mode
        before = old_by_key.get(key)
        if before is None and latest and latest[-1] == key.version:
            previous = [v for v in old.versions_of(key.kind, key.id) if _earlier(v, key.version)]
            before = old_by_key.get(Key(key.kind, key.id, previous[-1])) if previous else None
        if isinstance(before, Message):
            pair = _compare(before, resource, mode, new)
            if pair is not None:
                found.append(pair)
    return found


def _data_of(catalog: Catalog, key: Key, versions: tuple[str, ...]) -> Mapping[str, Any]:
    latest = catalog.get(Key(key.kind, key.id, versions[-1])) if versions else None
    return latest.data if latest is not None else {}


def _earlier(version: str, than: str) -> bool:
    left, right = coerce(version), coerce(than)
    return left < right if left is not None and right is not None else version != than


def _compare(old: Message, new: Message, mode: str, catalog: Catalog) -> SchemaDiff | None:
    old_schema, new_schema = schema_data(old), schema_data(new)
    if old_schema is None or new_schema is None or old_schema == new_schema:
        return None
    problem = None
    try:
        changes = compare_versions(old_schema[1], old_schema[0], new_schema[1], new_schema[0])
    except (InvalidAvro, ValueError, RecursionError) as error:
        changes, problem = [], f"not compared: {error}"
    if not changes and problem is None:
        return None  # the files differ in layout only
    hit = tuple(consumers_of(catalog, new.key)) if any(breaks(c, mode) for c in changes) else ()
    return SchemaDiff(_entry(old), _entry(new), mode, tuple(changes), hit, problem)
