"""Avro reader/writer compatibility with the ``avro`` package's ``ReaderWriterCompatibilityChecker``.

The checker is a port of Java's ``SchemaCompatibility`` (what Confluent's registry runs). Two gaps of the
Python port are closed here: ``avro.schema.parse`` accepts invalid schemas (bad defaults), so every schema
goes through ``fastavro.parse_schema`` first and an invalid one is refused; and it does not resolve
namespace-relative aliases, so reader aliases are qualified before parsing.
"""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from typing import Any

import avro.compatibility as checker_module
import avro.errors
import avro.schema
import fastavro

from generator.compat import avrofields
from generator.compat.change import Change

NAMED = ("record", "error", "enum", "fixed")
_SENTENCES = {
    "NAME_MISMATCH": "the type's name differs and no alias of the reader matches",
    "FIXED_SIZE_MISMATCH": "the fixed size differs",
    "MISSING_ENUM_SYMBOLS": "the reader's enum lacks symbols the writer may send, and has no default",
    "READER_FIELD_MISSING_DEFAULT_VALUE": "the reader has a field without a default that the writer lacks",
    "TYPE_MISMATCH": "the writer's type cannot be promoted to the reader's",
    "MISSING_UNION_BRANCH": "a branch of the writer's union has no match in the reader",
}


class InvalidAvro(ValueError):
    """A schema fastavro refuses; its compatibility cannot be judged."""


def qualify_aliases(data: Any, namespace: str = "") -> Any:
    """A copy of ``data`` whose named types' relative aliases are full names (``Foo`` in namespace ``ns``
    becomes ``ns.Foo``), as the specification says and as the Python checker does not do itself."""
    if isinstance(data, list):
        return [qualify_aliases(item, namespace) for item in data]
    if not isinstance(data, dict):
        return data
    result = dict(data)
    if data.get("type") in NAMED and isinstance(data.get("name"), str):
        name = data["name"]
        if "." in name:
            namespace = name.rsplit(".", 1)[0]
        elif isinstance(data.get("namespace"), str):
            namespace = data["namespace"]
        aliases = data.get("aliases")
        if isinstance(aliases, list):
            result["aliases"] = [f"{namespace}.{alias}" if isinstance(alias, str) and "." not in alias
                                 and namespace else alias for alias in aliases]
    for key in ("fields", "items", "values", "type"):
        if isinstance(data.get(key), (dict, list)):
            result[key] = qualify_aliases(data[key], namespace)
    return result


@lru_cache(maxsize=4096)
def _parsed(text: str) -> avro.schema.Schema:
    try:
        fastavro.parse_schema(json.loads(text))  # a fresh copy: fastavro may annotate what it parses
    except Exception as error:  # noqa: BLE001 - fastavro refuses with many exception types
        raise InvalidAvro(str(error)) from None
    source = json.dumps(qualify_aliases(json.loads(text))) if "aliases" in text else text
    try:
        return avro.schema.parse(source)
    except (avro.errors.AvroException, ValueError, TypeError) as error:
        raise InvalidAvro(str(error)) from None


def parse(data: Any) -> avro.schema.Schema:
    """The ``avro`` form of a schema given as JSON data (cached per schema text); InvalidAvro if unusable."""
    known = _BY_IDENTITY.get(id(data))
    if known is not None and known[0] is data:  # the same object again: no need to serialise it
        return known[1]
    parsed = _parsed(json.dumps(data, sort_keys=True))
    if len(_BY_IDENTITY) < 4096:
        _BY_IDENTITY[id(data)] = (data, parsed)  # holding ``data`` keeps its id from being reused
    return parsed


_BY_IDENTITY: dict[int, tuple[Any, avro.schema.Schema]] = {}


# The checker merges its findings into sets of types, messages and locations, losing which belongs to
# which. Recording each call of its module-level ``incompatible`` keeps them together.
_recorded: list[tuple[str, str, str]] | None = None
_incompatible = checker_module.incompatible


def _recording(kind, message, location):
    result = _incompatible(kind, message, location)
    if _recorded is not None:
        _recorded.append((kind.name.upper(), message, next(iter(result.locations))))
    return result


checker_module.incompatible = _recording


def incompatibilities(reader: Any, writer: Any) -> tuple[bool, list[tuple[str, str, str]]]:
    """``(compatible, [(TYPE, message, location)])`` for a reader and writer schema given as JSON data.

    A new checker per pair: it memoises by object identity, which is also how it handles recursion.
    """
    global _recorded
    reader_schema, writer_schema = parse(reader), parse(writer)
    _recorded = []
    try:
        result = checker_module.ReaderWriterCompatibilityChecker().get_compatibility(reader_schema, writer_schema)
        recorded = _recorded
    finally:
        _recorded = None
    compatible = result.compatibility is checker_module.SchemaCompatibilityType.compatible
    # Union branches are tried one by one and the failed tries discarded: keep what the result kept.
    kinds = {kind.name.upper() for kind in result.incompatibilities}
    found = [] if compatible else list(dict.fromkeys(
        (kind, _stable(message), location) for kind, message, location in recorded
        if kind in kinds and message in result.messages and location in result.locations))
    if not compatible and not found:  # not expected; keep the verdict and what the result says
        found = [(kind.name.upper(), "; ".join(sorted(result.messages)), "/") for kind in result.incompatibilities]
    return compatible, found


def _stable(message: str) -> str:
    """The checker writes missing enum symbols as a Python set, whose order changes from run to run."""
    if message.startswith("{") and message.endswith("}"):
        try:
            symbols = ast.literal_eval(message)
        except (ValueError, SyntaxError):
            return message
        if isinstance(symbols, set):
            return ", ".join(sorted(map(str, symbols)))
    return message


def check_pair(reader: Any, writer: Any) -> list[Change]:
    """What stops ``reader`` from reading data written with ``writer`` (empty when it can)."""
    return [_change(kind, message, location, readers=True, writers=False)
            for kind, message, location in incompatibilities(reader, writer)[1]]


def compare(old: Any, new: Any, directions: tuple[str, ...] = ("backward", "forward"), *,
            safe: bool = True) -> list[Change]:
    """Incompatibilities between two versions in both directions: new reading old (breaks readers) and
    old reading new (breaks writers); the same finding in both directions is one change. ``directions``
    limits the work to one of them (the other then counts as not broken)."""
    backward = incompatibilities(new, old)[1] if "backward" in directions else []
    forward = incompatibilities(old, new)[1] if "forward" in directions else []
    changes: dict[tuple[str, str], Change] = {}
    for kind, message, location in backward:
        changes.setdefault((kind, location), _change(kind, message, location, readers=True, writers=False))
    for kind, message, location in forward:
        key = (kind, location)
        if key in changes:
            first = changes[key]
            changes[key] = Change(first.id, first.pointer, True, True, _sentence(kind, message, first.pointer,
                                                                                  True, True))
        else:
            changes[key] = _change(kind, message, location, readers=False, writers=True)
    found = list(changes.values())
    if safe and "backward" in directions and "forward" in directions:
        found += _safe_differences(old, new, [c[2] for c in backward], [c[2] for c in forward])
    return found


def _safe_differences(old: Any, new: Any, backward: list[str], forward: list[str]) -> list[Change]:
    """The field-level differences no incompatibility covers: safe both ways (field added with a default,
    ``int`` → ``long`` read both ways through a union …)."""
    backward = [p if p.startswith("/") else "/" + p for p in backward]
    forward = [p if p.startswith("/") else "/" + p for p in forward]
    return [Change(kind, new_at or old_at or "/", False, False, None, before, after)
            for kind, old_at, new_at, before, after in avrofields.differences(old, new)
            if not avrofields.covered(new_at, backward) and not avrofields.covered(old_at, forward)]


def _change(kind: str, message: str, location: str, *, readers: bool, writers: bool) -> Change:
    pointer = location if location.startswith("/") else "/" + location
    return Change(kind, pointer, readers, writers, _sentence(kind, message, pointer, readers, writers))


def _sentence(kind: str, message: str, pointer: str, readers: bool, writers: bool) -> str:
    who = "new readers cannot read old data" if readers else "old readers cannot read new data"
    if readers and writers:
        who = "neither version reads the other's data"
    return f"{_SENTENCES.get(kind, kind.lower())} at {pointer} ({message}); {who}"
