"""Words ``evcat diff``'s formats share: how a resource, an edit, a bump and the whole diff are described.

Raw text: each format escapes it for where it lands.
"""

from __future__ import annotations

from generator.compat.catalogdiff import CatalogDiff, Edited, Entry, SchemaDiff
from generator.compat.change import breaks


def describe(entry: Entry) -> str:
    """``event 'OrderCreated' 1.0.0`` (raw: each format escapes it)."""
    return f"{entry.key.kind.value} '{entry.key.id}' {entry.key.version}"


def summary(diff: CatalogDiff) -> str:
    """One sentence: how many breaking schema changes, and how many resources were added, removed …"""
    moved = sum(edited.moved for edited in diff.edited)
    changed = len(diff.edited) - moved
    counts = (f"{len(diff.added)} added, {len(diff.removed)} removed, {changed} changed, {moved} moved, "
              f"{len(diff.schemas)} schema change{'s' if len(diff.schemas) != 1 else ''}")
    if diff.breaking:
        return f"{len(diff.breaking)} breaking schema change{'s' if len(diff.breaking) != 1 else ''}; {counts}"
    return f"nothing breaks; {counts}" if not diff.empty else "no differences"


def edit_summary(edited: Edited) -> str:
    """``moved from …; owners, pointers (receives), fields (summary); body`` (raw)."""
    parts = [f"moved from {edited.old.path}"] if edited.moved else []
    groups: dict[str, list[str]] = {}
    for change in edited.fields:
        groups.setdefault(change.group, []).append(str(change.field))
    parts += [f"{group} ({', '.join(names)})" for group, names in groups.items()]
    if edited.body_changed:
        parts.append("body")
    return "; ".join(parts)


def bump_text(schema: SchemaDiff) -> str:
    """What the version bump says about the breaking changes (raw)."""
    if schema.problem:
        return "not compared"
    if not schema.breaking:
        return "compatible"
    actual = schema.actual_bump or "no semver"
    if schema.bump_honest:
        return f"breaking, {actual} bump allows it"
    return f"breaking, requires a {schema.required_bump} bump (got {actual})"


def schema_lines(schema: SchemaDiff) -> list[str]:
    mark = "✖" if schema.breaking else "·"
    lines = [f"  {mark} {schema.new.key.kind.value} '{schema.new.key.id}' {schema.old.key.version} → "
             f"{schema.new.key.version} ({schema.mode}): {bump_text(schema)}  {schema.new.path}"]
    if schema.problem:
        lines.append(f"      {schema.problem}")
    for change in schema.changes:
        flag = "breaks the mode" if breaks(change, schema.mode) else change.classification
        lines.append(f"      - {change.id} [{flag}] {change.message}")
    if schema.breaking:
        hit = "; ".join(c.describe() for c in schema.consumers) or "none declared"
        lines.append(f"      consumers hit: {hit}")
    return lines
