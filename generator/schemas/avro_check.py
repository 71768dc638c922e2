"""Check a JSON-shaped datum against a parsed Avro schema, finding every problem with its pointer.

fastavro's validator stops at the first bad field and ignores keys the schema does not declare; this walk
mirrors its rules (strict: a missing field without a default is an error) but visits everything. It also
accepts Avro's JSON encoding where a JSON payload has no other way to say it: ``bytes``/``fixed`` as a
string of code points 0-255, and ``decimal`` as a number or numeric string. ``check`` returns the datum
converted to what fastavro expects, so fastavro can be asked for a second opinion on the same value.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping
from typing import Any

from generator.schemas.avro_types import RECORD_TYPES, Named, describe, logical_type, resolve, type_of
from generator.schemas.model import ExampleProblem, escape_token, quote

_INT_RANGE = (-(2**31), 2**31 - 1)
_LONG_RANGE = (-(2**63), 2**63 - 1)
Checked = tuple[Any, list[ExampleProblem]]


class AvroChecker:
    """Walks a datum along a parsed Avro schema.

    ``unknown_keys=False`` is for checking defaults, where only type mismatches matter.
    """

    def __init__(self, named: Named, *, unknown_keys: bool = True) -> None:
        self._named = named
        self._unknown_keys = unknown_keys

    def check(self, datum: object, schema: object, pointer: str = "") -> Checked:
        """The converted datum and every problem of ``datum`` against ``schema``."""
        target = resolve(schema, self._named)
        kind = type_of(target)
        if kind == "union":
            return self._union(datum, target, pointer)
        if not isinstance(target, dict):
            return self._leaf(datum, target, kind, pointer)
        if kind in RECORD_TYPES:
            return self._record(datum, target, pointer)
        if kind == "array":
            return self._array(datum, target, pointer)
        if kind == "map":
            return self._map(datum, target, pointer)
        return self._leaf(datum, target, kind, pointer)

    def _mismatch(self, datum: object, schema: object, pointer: str) -> ExampleProblem:
        message = f"{quote(datum)} is not of type '{self._describe(schema)}'"
        return ExampleProblem("mismatch", message, pointer)

    def _describe(self, schema: object) -> str:
        if isinstance(schema, dict) and type_of(schema) in RECORD_TYPES | {"enum", "fixed"}:
            return f"{type_of(schema)} {schema.get('name', '?')}"
        return describe(schema, self._named)

    def _record(self, datum: object, schema: dict, pointer: str) -> Checked:
        if not isinstance(datum, Mapping):
            return datum, [self._mismatch(datum, schema, pointer)]
        name = schema.get("name", "?")
        raw_fields = schema.get("fields")
        fields = [field for field in (raw_fields if isinstance(raw_fields, list) else [])
                  if isinstance(field, dict) and isinstance(field.get("name"), str)]
        converted = dict(datum)
        problems: list[ExampleProblem] = []
        for field in fields:
            key = field["name"]
            if key in datum:
                converted[key], found = self.check(datum[key], field.get("type"),
                                                   f"{pointer}/{escape_token(key)}")
                problems.extend(found)
            elif "default" not in field:
                # fastavro's strict mode: an absent field is not null, even in a nullable union
                problems.append(ExampleProblem("mismatch", f"missing required field {key!r} of record {name}",
                                               pointer))
        if self._unknown_keys:
            declared = {field["name"] for field in fields}
            problems.extend(
                ExampleProblem("unknown-key", f"{key!r} is not a field of record {name}",
                               f"{pointer}/{escape_token(key)}")
                for key in datum if key not in declared)
        return converted, problems

    def _array(self, datum: object, schema: dict, pointer: str) -> Checked:
        if not isinstance(datum, (list, tuple)):
            return datum, [self._mismatch(datum, schema, pointer)]
        converted: list[object] = []
        problems: list[ExampleProblem] = []
        for index, item in enumerate(datum):
            value, found = self.check(item, schema.get("items"), f"{pointer}/{index}")
            converted.append(value)
            problems.extend(found)
        return converted, problems

    def _map(self, datum: object, schema: dict, pointer: str) -> Checked:
        if not isinstance(datum, Mapping) or not all(isinstance(key, str) for key in datum):
            return datum, [self._mismatch(datum, schema, pointer)]
        converted: dict[str, object] = {}
        problems: list[ExampleProblem] = []
        for key, item in datum.items():
            converted[key], found = self.check(item, schema.get("values"), f"{pointer}/{escape_token(key)}")
            problems.extend(found)
        return converted, problems

    def _union(self, datum: object, branches: list, pointer: str) -> Checked:
        # The first branch that fits wins, as in fastavro. A "null" branch only fits null and null only
        # fits it, so those are left out of the first pass: describing why they do not fit costs more
        # than the check, and is only needed when no branch fits.
        for branch in branches:
            if (datum is None) == (type_of(resolve(branch, self._named)) == "null"):
                converted, problems = self.check(datum, branch, pointer)
                if not problems:
                    return converted, []
        results = [(branch, *self.check(datum, branch, pointer)) for branch in branches]
        # a branch that fits except for undeclared keys is the one the author meant
        near = [result for result in results if all(p.kind == "unknown-key" for p in result[2])]
        if near:
            best = min(near, key=lambda result: len(result[2]))
            return best[1], best[2]
        # the branch with the payload's shape (of several records: the one whose fields fit the keys best)
        # explains more than "no branch matched"
        fitting = [result for result in results if _shape_fits(datum, resolve(result[0], self._named))]
        scores = sorted((_surface(problems, pointer), index) for index, (_, _, problems) in enumerate(fitting))
        if len(scores) == 1 or (len(scores) > 1 and scores[0][0] < scores[1][0]):
            best = fitting[scores[0][1]]
            return best[1], best[2]
        message = f"{quote(datum)} does not match any branch of {describe(branches, self._named)}"
        return datum, [ExampleProblem("mismatch", message, pointer)]

    def _leaf(self, datum: object, schema: object, kind: str, pointer: str) -> Checked:
        logical = logical_type(schema)
        if logical == "decimal" and kind in ("bytes", "fixed"):
            return self._decimal(datum, schema, kind, pointer)
        if logical == "date" and kind == "int" and isinstance(datum, str):
            # fastavro accepts an ISO date string for a date
            return datum, [] if _is_iso_date(datum) else [self._mismatch(datum, schema, pointer)]
        if kind in ("int", "long") and _is_integer(datum):
            low, high = _INT_RANGE if kind == "int" else _LONG_RANGE
            if low <= datum <= high:
                return datum, []
            return datum, [ExampleProblem("mismatch", f"{datum} is out of range for '{kind}'", pointer)]
        if kind == "enum":
            symbols = schema.get("symbols") if isinstance(schema, dict) else None
            if isinstance(symbols, list) and isinstance(datum, str) and datum in symbols:
                return datum, []
            shown = repr(symbols) if isinstance(symbols, list) and len(symbols) <= 20 else quote(symbols)
            return datum, [ExampleProblem("mismatch", f"{quote(datum)} is not one of {shown}", pointer)]
        ok, converted = _simple(datum, schema, kind)
        return converted, [] if ok else [self._mismatch(datum, schema, pointer)]

    def _decimal(self, datum: object, schema: dict, kind: str, pointer: str) -> Checked:
        value = _as_decimal(datum)
        if value is None:
            # the encoded form (bytes, or a JSON string of code points 0-255) is accepted as it is
            ok, converted = _simple(datum, schema, kind)
            return converted, [] if ok else [self._mismatch(datum, schema, pointer)]
        precision, scale = schema.get("precision"), schema.get("scale", 0)
        _, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int):  # NaN or infinity
            return datum, [self._mismatch(datum, schema, pointer)]
        if isinstance(scale, int) and -exponent > scale:
            message = f"{quote(datum)} has more than {scale} decimal places ({describe(schema, self._named)})"
            return datum, [ExampleProblem("mismatch", message, pointer)]
        unscaled_digits = len(digits) + (scale + exponent if isinstance(scale, int) else 0)
        if isinstance(precision, int) and unscaled_digits > precision and value != 0:
            message = f"{quote(datum)} has more than {precision} digits ({describe(schema, self._named)})"
            return datum, [ExampleProblem("mismatch", message, pointer)]
        return value, []


def _surface(problems: list[ExampleProblem], pointer: str) -> int:
    """How many problems sit on the value itself (missing fields, undeclared keys) rather than deeper."""
    return sum(1 for problem in problems if problem.pointer == pointer
               or (problem.kind == "unknown-key" and problem.pointer.rpartition("/")[0] == pointer))


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_iso_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _latin1(value: object) -> bytes | None:
    """Avro's JSON encoding of bytes: a string whose code points are all below 256."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            return None
    return None


def _as_decimal(value: object) -> decimal.Decimal | None:
    if isinstance(value, decimal.Decimal):
        return value
    if _is_integer(value) or isinstance(value, float):
        return decimal.Decimal(str(value))
    if isinstance(value, str):
        try:
            return decimal.Decimal(value.strip()) if value.strip() else None
        except decimal.InvalidOperation:
            return None
    return None


def _simple(datum: object, schema: object, kind: str) -> tuple[bool, object]:
    """Whether ``datum`` is a valid ``kind`` value (primitives and fixed), and its converted form."""
    if kind == "null":
        return datum is None, datum
    if kind == "boolean":
        return isinstance(datum, bool), datum
    if kind in ("float", "double"):
        return (isinstance(datum, (int, float)) and not isinstance(datum, bool)), datum
    if kind == "string":
        return isinstance(datum, str), datum
    if kind in ("int", "long"):
        return False, datum  # integers in range were accepted by the caller
    if kind in ("bytes", "fixed"):
        encoded = _latin1(datum)
        size = schema.get("size") if isinstance(schema, dict) else None
        ok = encoded is not None and (kind == "bytes" or len(encoded) == size)
        return ok, encoded if ok else datum
    return True, datum  # an unknown type: the schema check reports it, not the example check


def _shape_fits(datum: object, schema: object) -> bool:
    """Whether a union branch has the JSON shape of ``datum`` (object, array, string, number …)."""
    kind = type_of(schema)
    if isinstance(datum, Mapping):
        return kind in RECORD_TYPES or kind == "map"
    if isinstance(datum, (list, tuple)):
        return kind == "array"
    if isinstance(datum, bool):
        return kind == "boolean"
    if isinstance(datum, (int, float)):
        return kind in ("int", "long", "float", "double")
    if isinstance(datum, str):
        return kind in ("string", "bytes", "enum", "fixed")
    return kind == "null" if datum is None else False


def check_default(default: object, schema: object, named: Named) -> str | None:
    """Why ``default`` is not a valid default for ``schema``, or None when it is. For a union the default
    may match any branch, the first matching one being used (fastavro, Avro 1.12)."""
    _, problems = AvroChecker(named, unknown_keys=False).check(default, schema, "")
    if not problems:
        return None
    first = problems[0]
    return f"{first.message} (at {first.pointer})" if first.pointer else first.message
