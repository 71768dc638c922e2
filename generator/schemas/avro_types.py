"""Small facts about Avro schemas shared by the checker, the linter, the field viewer and the generator.

They work on fastavro's parsed form (full names everywhere, a named type defined inline once and then
referenced by its full name), but tolerate raw or broken schemas: nothing here raises on odd input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import fastavro

PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
RECORD_TYPES = frozenset({"record", "error"})
NAMED_TYPES = frozenset({"record", "error", "enum", "fixed"})
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
Named = dict[str, object]


def parse_lenient(schema: object) -> tuple[object, Named]:
    """fastavro's parsed form and named types of ``schema``; the raw schema and a best-effort index if
    fastavro refuses it (so viewers and generators still show what they can)."""
    named: Named = {}
    try:
        return fastavro.parse_schema(schema, named_schemas=named), named
    except Exception:  # noqa: BLE001 - any refusal: fall back to the raw document, maybe arbitrary JSON
        return schema, _index_raw(schema)


def _index_raw(schema: object, namespace: str = "", found: Named | None = None) -> Named:
    found = {} if found is None else found
    if isinstance(schema, list):
        for branch in schema:
            _index_raw(branch, namespace, found)
    elif isinstance(schema, dict):
        kind = own_type(schema)
        if kind in NAMED_TYPES and isinstance(schema.get("name"), str):
            full = full_name(schema["name"], schema.get("namespace") or namespace)
            found.setdefault(full, schema)
            found.setdefault(schema["name"], schema)
            namespace = full.rpartition(".")[0]
        for key in ("items", "values"):
            _index_raw(schema.get(key), namespace, found)
        fields = schema.get("fields")
        for field in fields if isinstance(fields, list) else []:
            if isinstance(field, dict):
                _index_raw(field.get("type"), namespace, found)
        if isinstance(schema.get("type"), (dict, list)):
            _index_raw(schema["type"], namespace, found)
    return found


def full_name(name: str, namespace: str | None) -> str:
    """Avro's full name: ``name`` if it has a dot, else ``namespace.name``."""
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def short_name(name: object) -> str:
    """The last component of a (full) name."""
    return str(name).rpartition(".")[2]


def own_type(node: object) -> str | None:
    """The ``type`` of a schema object when it is a string (what a raw, maybe broken, node says it is)."""
    kind = node.get("type") if isinstance(node, dict) else None
    return kind if isinstance(kind, str) else None


def type_of(schema: object) -> str:
    """``union`` for a list, the ``type`` of an object, a string schema itself; ``unknown`` otherwise."""
    if isinstance(schema, list):
        return "union"
    if isinstance(schema, dict):
        kind = schema.get("type")
        if isinstance(kind, (dict, list)):  # {"type": {...}}: a wrapped schema
            return type_of(kind)
        return kind if isinstance(kind, str) else "unknown"
    return schema if isinstance(schema, str) else "unknown"


def resolve(schema: object, named: Named) -> object:
    """Follow named references (and ``{"type": <schema>}`` wrappers) to a definition; at most 32 hops."""
    for _ in range(32):
        if isinstance(schema, str) and schema not in PRIMITIVES and schema in named:
            schema = named[schema]
        elif isinstance(schema, dict) and isinstance(schema.get("type"), (dict, list)):
            schema = schema["type"]
        elif isinstance(schema, dict) and isinstance(schema.get("type"), str) \
                and schema["type"] in named and len(schema) == 1:
            schema = named[schema["type"]]
        else:
            return schema
    return schema


def logical_type(schema: object) -> str | None:
    """The ``logicalType`` of a schema object, if any."""
    if isinstance(schema, dict) and isinstance(schema.get("logicalType"), str):
        return schema["logicalType"]
    return None


def is_nullable(schema: object, named: Named) -> bool:
    """True for a union with a ``null`` branch (or ``null`` itself)."""
    schema = resolve(schema, named)
    if isinstance(schema, list):
        return any(type_of(resolve(branch, named)) == "null" for branch in schema)
    return type_of(schema) == "null"


def describe(schema: object, named: Named) -> str:
    """A human type name: ``string``, ``long (timestamp-millis)``, ``decimal(10,2)``, ``array<Item>``,
    ``map<string, long>``, ``union<null, string>``, ``enum<A|B>``, ``fixed(16)``, or a record's short name."""
    target = resolve(schema, named)
    kind = type_of(target)
    if kind == "union":
        return "union<" + ", ".join(describe(branch, named) for branch in target) + ">"
    if not isinstance(target, dict):
        return short_name(target) if isinstance(target, str) else "unknown"
    logical = logical_type(target)
    if logical == "decimal":
        return f"decimal({target.get('precision', '?')},{target.get('scale', 0)})"
    if kind in RECORD_TYPES:
        return short_name(target.get("name", kind))
    if kind == "enum":
        symbols = target.get("symbols")
        return "enum<" + "|".join(map(str, symbols if isinstance(symbols, list) else [])) + ">"
    if kind == "array":
        return f"array<{describe(target.get('items'), named)}>"
    if kind == "map":
        return f"map<string, {describe(target.get('values'), named)}>"
    base = f"fixed({target.get('size', '?')})" if kind == "fixed" else kind
    return f"{base} ({logical})" if logical else base


def iter_type_nodes(schema: object, pointer: str = "") -> Iterator[tuple[str, object]]:
    """Every place of a (raw or parsed) schema that holds a schema, with its JSON pointer, in document
    order: the root, union branches, field types, array items and map values."""
    yield pointer, schema
    if isinstance(schema, list):
        for index, branch in enumerate(schema):
            yield from iter_type_nodes(branch, f"{pointer}/{index}")
    elif isinstance(schema, dict):
        for key in ("items", "values", "type"):
            if isinstance(schema.get(key), (dict, list)) or (key != "type" and key in schema):
                yield from iter_type_nodes(schema[key], f"{pointer}/{key}")
        fields = schema.get("fields")
        for index, field in enumerate(fields if isinstance(fields, list) else []):
            if isinstance(field, dict) and "type" in field:
                yield from iter_type_nodes(field["type"], f"{pointer}/fields/{index}/type")
