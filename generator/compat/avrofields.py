"""The field-level differences between two Avro schemas: fields added or removed (with or without a
default), renamed through an alias, their types or defaults changed, enum symbols and union branches added
or removed.

The ``avro`` checker only names what breaks; a reviewer (and the site's change pages) also wants the
changes that are safe. ``avro.compare`` keeps the checker's findings as the verdict and adds the
differences found here that no finding of the checker covers — those are safe in both directions.
The walk is hand-written: no Avro library lists structural differences.
"""

from __future__ import annotations

from typing import Any

Difference = tuple[str, str | None, str | None, Any, Any]  # (id, old pointer, new pointer, old, new)
_NAMED = ("record", "error", "enum", "fixed")


def differences(old: Any, new: Any) -> list[Difference]:
    """Every structural difference from ``old`` to ``new`` (Avro schemas as JSON data)."""
    found: list[Difference] = []
    _walk(old, new, "", "", found, set())
    return found


def type_name(schema: Any) -> str:
    """``long``, ``array<string>``, ``null|string``, or a named type's name."""
    if isinstance(schema, list):
        return "|".join(type_name(branch) for branch in schema)
    if isinstance(schema, str):
        return schema.rsplit(".", 1)[-1]
    if not isinstance(schema, dict):
        return str(schema)
    kind = schema.get("type")
    if kind in _NAMED:
        return str(schema.get("name", kind)).rsplit(".", 1)[-1]
    if kind == "array":
        return f"array<{type_name(schema.get('items'))}>"
    if kind == "map":
        return f"map<{type_name(schema.get('values'))}>"
    return type_name(kind)


def _walk(old: Any, new: Any, old_at: str, new_at: str, found: list[Difference], seen: set[int]) -> None:
    if id(new) in seen:  # a recursive schema refers to itself by name: compare each definition once
        return
    if isinstance(new, dict):
        seen.add(id(new))
    if isinstance(old, list) and isinstance(new, list):
        _union(old, new, old_at, new_at, found, seen)
        return
    if type_name(old) != type_name(new) or _kind(old) != _kind(new):
        found.append(("FIELD_TYPE_CHANGED", old_at, new_at, type_name(old), type_name(new)))
        return
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return
    kind = new.get("type")
    if kind in ("record", "error"):
        _record(old, new, old_at, new_at, found, seen)
    elif kind == "enum":
        _enum(old, new, old_at, new_at, found)
    elif kind == "fixed" and old.get("size") != new.get("size"):
        found.append(("FIXED_SIZE_CHANGED", f"{old_at}/size", f"{new_at}/size", old.get("size"), new.get("size")))
    elif kind == "array":
        _walk(old.get("items"), new.get("items"), f"{old_at}/items", f"{new_at}/items", found, seen)
    elif kind == "map":
        _walk(old.get("values"), new.get("values"), f"{old_at}/values", f"{new_at}/values", found, seen)


def _kind(schema: Any) -> str:
    return str(schema.get("type")) if isinstance(schema, dict) else "union" if isinstance(schema, list) else "name"


def _record(old: dict, new: dict, old_at: str, new_at: str, found: list[Difference], seen: set[int]) -> None:
    old_fields = [f for f in old.get("fields") or [] if isinstance(f, dict)]
    new_fields = [f for f in new.get("fields") or [] if isinstance(f, dict)]
    by_name = {f.get("name"): index for index, f in enumerate(old_fields)}
    matched: set[int] = set()
    for index, field in enumerate(new_fields):
        here = f"{new_at}/fields/{index}"
        names = [field.get("name"), *(field.get("aliases") or [])]
        old_index = next((by_name[n] for n in names if isinstance(n, str) and n in by_name
                          and by_name[n] not in matched), None)
        if old_index is None:
            added = "FIELD_ADDED_WITH_DEFAULT" if "default" in field else "FIELD_ADDED_WITHOUT_DEFAULT"
            found.append((added, None, here, None, field.get("name")))
            continue
        matched.add(old_index)
        before = old_fields[old_index]
        there = f"{old_at}/fields/{old_index}"
        if before.get("name") != field.get("name"):
            found.append(("FIELD_RENAMED", there, here, before.get("name"), field.get("name")))
        if before.get("default") != field.get("default") or ("default" in before) != ("default" in field):
            found.append(("FIELD_DEFAULT_CHANGED", there, here, before.get("default"), field.get("default")))
        _walk(before.get("type"), field.get("type"), f"{there}/type", f"{here}/type", found, seen)
    for index, field in enumerate(old_fields):
        if index not in matched:
            removed = "FIELD_REMOVED_WITH_DEFAULT" if "default" in field else "FIELD_REMOVED_WITHOUT_DEFAULT"
            found.append((removed, f"{old_at}/fields/{index}", None, field.get("name"), None))


def _enum(old: dict, new: dict, old_at: str, new_at: str, found: list[Difference]) -> None:
    old_symbols, new_symbols = list(old.get("symbols") or []), list(new.get("symbols") or [])
    for symbol in new_symbols:
        if symbol not in old_symbols:
            found.append(("ENUM_SYMBOL_ADDED", f"{old_at}/symbols", f"{new_at}/symbols", None, symbol))
    for symbol in old_symbols:
        if symbol not in new_symbols:
            found.append(("ENUM_SYMBOL_REMOVED", f"{old_at}/symbols", f"{new_at}/symbols", symbol, None))


def _union(old: list, new: list, old_at: str, new_at: str, found: list[Difference], seen: set[int]) -> None:
    old_names = [type_name(branch) for branch in old]
    for index, branch in enumerate(new):
        name = type_name(branch)
        if name in old_names:
            position = old_names.index(name)
            _walk(old[position], branch, f"{old_at}/{position}", f"{new_at}/{index}", found, seen)
        else:
            found.append(("UNION_BRANCH_ADDED", old_at, f"{new_at}/{index}", None, name))
    new_names = {type_name(branch) for branch in new}
    for index, name in enumerate(old_names):
        if name not in new_names:
            found.append(("UNION_BRANCH_REMOVED", f"{old_at}/{index}", new_at, name, None))


def covered(pointer: str | None, by: list[str]) -> bool:
    """Whether a checker finding at one of ``by`` lies at, above or below ``pointer``."""
    if pointer is None:
        return False
    pointer = pointer or "/"
    return any(p == pointer or p == "/" or pointer.startswith(p.rstrip("/") + "/") or p.startswith(pointer + "/")
               for p in by)


__all__ = ["Difference", "covered", "differences", "type_name"]
