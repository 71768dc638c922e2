"""A deterministic, valid example payload built from a schema, for messages that have no example.

Values are plain and fixed so pages do not change between builds: strings ``"string"``, numbers 0 (or the
smallest allowed), timestamps at 2025-01-01T00:00:00Z, the first enum symbol, one array item, the first
non-null union branch. Avro defaults are used where present (when valid). The payload is JSON data; Avro
``bytes``/``fixed`` are written in Avro's JSON encoding (a string of code points 0-255).
"""

from __future__ import annotations

import copy
from pathlib import Path

from generator.schemas.avro_check import check_default
from generator.schemas.avro_types import RECORD_TYPES, Named, logical_type, parse_lenient, resolve, type_of
from generator.schemas.generate_json import EXAMPLE_UUID, json_sample
from generator.schemas.model import SchemaFormat, as_format

_EPOCH_2025_MS = 1_735_689_600_000  # 2025-01-01T00:00:00Z
_LOGICAL_SAMPLES: dict[str, object] = {
    "timestamp-millis": _EPOCH_2025_MS,
    "timestamp-micros": _EPOCH_2025_MS * 1000,
    "timestamp-nanos": _EPOCH_2025_MS * 1_000_000,
    "local-timestamp-millis": _EPOCH_2025_MS,
    "local-timestamp-micros": _EPOCH_2025_MS * 1000,
    "local-timestamp-nanos": _EPOCH_2025_MS * 1_000_000,
    "date": 20089,  # days from 1970-01-01 to 2025-01-01
    "time-millis": 0,
    "time-micros": 0,
    "uuid": EXAMPLE_UUID,
    "decimal": 0,
}
_PRIMITIVE_SAMPLES: dict[str, object] = {
    "null": None, "boolean": True, "int": 0, "long": 0, "float": 0.0, "double": 0.0, "string": "string",
    "bytes": "",
}
_MAX_DEPTH = 32


def sample_payload(schema: object, format: SchemaFormat | str, *, base_dir: Path | None = None,
                   catalog_root: Path | None = None) -> object:
    """An example payload for ``schema`` (None for formats evcat cannot read, e.g. Protobuf).

    With ``base_dir`` (and ``catalog_root``), JSON Schema references to catalog files are followed.
    Never raises: a part of a broken schema gets a plain placeholder value.
    """
    kind = as_format(format)
    try:
        if kind is SchemaFormat.AVRO:
            parsed, named = parse_lenient(schema)
            return _AvroSampler(named).sample(parsed, (), 0)
        if kind is SchemaFormat.JSON_SCHEMA:
            return json_sample(schema, base_dir, catalog_root)
    except RecursionError:
        return None
    return None


class _AvroSampler:
    def __init__(self, named: Named) -> None:
        self._named = named

    def sample(self, schema: object, stack: tuple[str, ...], depth: int) -> object:
        """A value of ``schema``; ``stack`` holds the records being built (to end recursive types)."""
        target = resolve(schema, self._named)
        kind = type_of(target)
        if depth > _MAX_DEPTH:
            return None
        if kind == "union":
            return self._union(target, stack, depth)
        if not isinstance(target, dict):
            return _PRIMITIVE_SAMPLES.get(kind) if isinstance(kind, str) else None
        if kind in RECORD_TYPES:
            return self._record(target, stack, depth)
        if kind == "array":
            blocked = self._blocked(target.get("items"), stack)
            return [] if blocked else [self.sample(target.get("items"), stack, depth + 1)]
        if kind == "map":
            blocked = self._blocked(target.get("values"), stack)
            return {} if blocked else {"key": self.sample(target.get("values"), stack, depth + 1)}
        if kind == "enum":
            symbols = target.get("symbols")
            return symbols[0] if isinstance(symbols, list) and symbols else None
        logical = logical_type(target)
        if logical in _LOGICAL_SAMPLES and (logical != "uuid" or kind == "string"):
            return _LOGICAL_SAMPLES[logical]
        if kind == "fixed":
            size = target.get("size")
            return "\u0000" * size if isinstance(size, int) and size >= 0 else ""
        return _PRIMITIVE_SAMPLES.get(kind)

    def _record(self, record: dict, stack: tuple[str, ...], depth: int) -> dict[str, object]:
        name = str(record.get("name", ""))
        out: dict[str, object] = {}
        fields = record.get("fields")
        for field in fields if isinstance(fields, list) else []:
            if not isinstance(field, dict) or not isinstance(field.get("name"), str):
                continue
            if "default" in field and check_default(field["default"], field.get("type"), self._named) is None:
                out[field["name"]] = copy.deepcopy(field["default"])
            else:
                out[field["name"]] = self.sample(field.get("type"), stack + (name,), depth + 1)
        return out

    def _union(self, branches: list, stack: tuple[str, ...], depth: int) -> object:
        usable = [branch for branch in branches
                  if type_of(resolve(branch, self._named)) != "null" and not self._blocked(branch, stack)]
        if usable:
            return self.sample(usable[0], stack, depth + 1)
        # only null (or a record already being built, which would never end) is left
        if any(type_of(resolve(branch, self._named)) == "null" for branch in branches) or not branches:
            return None
        return self.sample(branches[0], stack, depth + 1)

    def _blocked(self, schema: object, stack: tuple[str, ...]) -> bool:
        target = resolve(schema, self._named)
        return type_of(target) in RECORD_TYPES and isinstance(target, dict) and target.get("name") in stack
