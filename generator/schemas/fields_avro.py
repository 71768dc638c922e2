"""Field rows of an Avro schema: record fields, nested through records, arrays, maps and unions.

A field is required unless its type is a nullable union or it has a default (both let a payload omit it).
A named type is expanded wherever it is used, except inside itself (recursive types stop there).
"""

from __future__ import annotations

import json

from generator.schemas.avro_types import (
    RECORD_TYPES,
    Named,
    describe,
    is_nullable,
    parse_lenient,
    resolve,
    type_of,
)
from generator.schemas.model import FieldRow

_MAX_DEPTH = 32


def avro_rows(schema: object, rows: list[FieldRow]) -> None:
    """Append the rows of ``schema`` to ``rows`` (appending as it goes, so a failure keeps what was read)."""
    parsed, named = parse_lenient(schema)
    _children(parsed, named, "", 0, (), rows)


def _children(schema: object, named: Named, prefix: str, depth: int, stack: tuple[str, ...],
              rows: list[FieldRow]) -> None:
    """Rows for what ``schema`` contains: a record's fields, or those of records inside it."""
    if depth > _MAX_DEPTH:
        return
    target = resolve(schema, named)
    kind = type_of(target)
    if kind == "union":
        for branch in target:
            _children(branch, named, prefix, depth, stack, rows)
    elif kind == "array" and isinstance(target, dict):
        _children(target.get("items"), named, prefix + "[]", depth, stack, rows)
    elif kind == "map" and isinstance(target, dict):
        _children(target.get("values"), named, prefix + "{}", depth, stack, rows)
    elif kind in RECORD_TYPES and isinstance(target, dict):
        name = str(target.get("name", ""))
        if name in stack:
            return
        fields = target.get("fields")
        for field in fields if isinstance(fields, list) else []:
            if isinstance(field, dict) and isinstance(field.get("name"), str):
                path = f"{prefix}.{field['name']}" if prefix else field["name"]
                rows.append(_row(field, named, path, depth))
                _children(field.get("type"), named, path, depth + 1, stack + (name,), rows)


def _row(field: dict, named: Named, path: str, depth: int) -> FieldRow:
    field_type = field.get("type")
    has_default = "default" in field
    default = json.dumps(field["default"], ensure_ascii=False) if has_default else None
    doc = field.get("doc")
    constraints: list[str] = []
    aliases = field.get("aliases")
    if isinstance(aliases, list) and aliases:
        constraints.append("aliases: " + ", ".join(map(str, aliases)))
    if field.get("order") in ("descending", "ignore"):
        constraints.append(f"order: {field['order']}")
    return FieldRow(
        path=path,
        name=field["name"],
        type=describe(field_type, named),
        required=not (has_default or is_nullable(field_type, named)),
        default=default,
        description=doc if isinstance(doc, str) else None,
        constraints=tuple(constraints),
        depth=depth,
    )
