"""Field-level differences between two versions of a message schema, for the version history pages.

A human-readable diff: field added (with or without default), removed, type changed, required changed,
default changed, constraints (enum symbols, bounds) changed. Compatibility verdicts are not decided here.
"""

from __future__ import annotations

from typing import Any

from generator.schemas.view import SchemaView


def diff(old: SchemaView | None, new: SchemaView | None) -> list[dict[str, Any]]:
    """Rows ``{change, path, before, after, note}`` in field order of the new schema (removals last)."""
    if old is None or new is None:
        return []
    before = {row["path"]: row for row in old.rows}
    after = {row["path"]: row for row in new.rows}
    changes: list[dict[str, Any]] = []
    for path, row in after.items():
        if path not in before:
            note = f"default {row['default']}" if row["default"] is not None else (
                "required" if row["required"] else "optional")
            changes.append(_change("added", path, None, row["type"], note))
            continue
        changes += _field_changes(path, before[path], row)
    for path, row in before.items():
        if path not in after:
            changes.append(_change("removed", path, row["type"], None,
                                   "was required" if row["required"] else "was optional"))
    return changes


def _field_changes(path: str, old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    if old["type"] != new["type"]:
        found.append(_change("type changed", path, old["type"], new["type"]))
    if old["required"] != new["required"]:
        found.append(_change("now required" if new["required"] else "now optional", path,
                             "required" if old["required"] else "optional",
                             "required" if new["required"] else "optional"))
    if old["default"] != new["default"]:
        found.append(_change("default changed", path, old["default"], new["default"]))
    removed = [c for c in old["constraints"] if c not in new["constraints"]]
    added = [c for c in new["constraints"] if c not in old["constraints"]]
    if removed or added:
        found.append(_change("constraints changed", path, ", ".join(removed) or None, ", ".join(added) or None))
    if old["description"] != new["description"]:
        found.append(_change("description changed", path, old["description"], new["description"]))
    return found


def _change(change: str, path: str, before: Any, after: Any, note: str | None = None) -> dict[str, Any]:
    return {"change": change, "path": path, "before": before, "after": after, "note": note}
