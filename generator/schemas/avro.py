"""Avro schemas: parse and lint them, and check example payloads against them.

fastavro parses (its ``parse_schema`` is strict about defaults and names, and fast); ``avro_lint`` adds what
it lets through. Examples are walked by ``AvroChecker`` (every problem, with a pointer, plus the keys the
schema does not declare, which fastavro ignores even with ``strict=True``), and fastavro's own strict
validation gives a second opinion that is reported if the walk found nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import fastavro
from fastavro.validation import ValidationError

from generator.schemas.avro_check import AvroChecker
from generator.schemas.avro_lint import lint, locate
from generator.schemas.avro_types import RECORD_TYPES, Named, describe, parse_lenient, resolve, type_of
from generator.schemas.model import AvroResult, ExampleProblem, escape_token, quote


def parse_avro(data: object) -> AvroResult:
    """Parse an Avro schema given as JSON data.

    ``schema`` is fastavro's parsed form, or None when fastavro refuses the schema (then ``problems`` has
    one entry saying why). Problems fastavro does not see (invalid default values, names, duplicate
    fields, union branches) are listed too, but do not make ``schema`` None: examples can still be checked.
    """
    named: Named = {}
    try:
        parsed = fastavro.parse_schema(data, named_schemas=named)
    # fastavro refuses with several exception types (SchemaParseException, UnknownType, KeyError …)
    except Exception as error:  # noqa: BLE001
        return AvroResult(None, [locate(data, error)])
    return AvroResult(parsed, lint(parsed, data, named))


def validate_avro(parsed: object, datum: object) -> list[ExampleProblem]:
    """Problems of an example payload (JSON data) against a schema from ``parse_avro``.

    ``mismatch`` problems point at the offending value (for a missing field: at the record); each key the
    schema does not declare is an ``unknown-key`` problem pointing at the key. (A raw schema is parsed
    first, so passing one works too, only slower.)
    """
    parsed, named = parse_lenient(parsed)
    try:
        converted, problems = AvroChecker(named).check(datum, parsed)
    except RecursionError:
        return [ExampleProblem("unchecked", "the payload is nested too deeply to be checked", "")]
    if any(problem.kind == "mismatch" for problem in problems):
        return problems
    return problems + [_from_fastavro(error, parsed, named, datum) for error in _fastavro_errors(converted,
                                                                                                  parsed)]


def _fastavro_errors(datum: object, parsed: object) -> list[object]:
    try:
        # Ask for a verdict first: with raise_errors every union branch that does not fit builds an
        # error (and formats its message), even when another branch fits and the datum is valid.
        if fastavro.validation.validate(datum, parsed, raise_errors=False, strict=True):
            return []
        fastavro.validation.validate(datum, parsed, raise_errors=True, strict=True)
    except ValidationError as error:
        return list(error.errors)
    except Exception as error:  # noqa: BLE001 - its logical-type converters raise ValueError and friends
        return [str(error)]
    return []


def _from_fastavro(error: object, parsed: object, named: Named, datum: object) -> ExampleProblem:
    if isinstance(error, str):
        return ExampleProblem("mismatch", error, "")
    field = getattr(error, "field", "") or ""
    value = getattr(error, "datum", None)
    expected = describe(getattr(error, "schema", None), named)
    where = f"field {field}: " if field else ""
    return ExampleProblem("mismatch", f"{where}{quote(value)} is not of type '{expected}'",
                          _field_pointer(field, parsed, named, datum))


def _field_pointer(field: str, parsed: object, named: Named, datum: object) -> str:
    """Best effort: the first place in ``datum`` where record ``ns.Rec`` of ``ns.Rec.field`` occurs."""
    record, _, name = field.rpartition(".")
    if not record:
        return ""
    for pointer, value, schema in _records(datum, parsed, named, ""):
        if schema.get("name") == record:
            return f"{pointer}/{escape_token(name)}" if isinstance(value, Mapping) and name in value \
                else pointer
    return ""


def _records(datum: object, schema: object, named: Named, pointer: str,
             depth: int = 0) -> Iterator[tuple[str, object, dict]]:
    """(pointer, value, record schema) for every record instance in ``datum``, outermost first."""
    target = resolve(schema, named)
    kind = type_of(target)
    if depth > 64:
        return
    if kind == "union":
        for branch in target:
            yield from _records(datum, branch, named, pointer, depth + 1)
    elif kind in RECORD_TYPES and isinstance(datum, Mapping):
        yield pointer, datum, target
        for field in target.get("fields") or []:
            if isinstance(field, dict) and field.get("name") in datum:
                yield from _records(datum[field["name"]], field.get("type"), named,
                                    f"{pointer}/{escape_token(field['name'])}", depth + 1)
    elif kind == "array" and isinstance(datum, list):
        for index, item in enumerate(datum):
            yield from _records(item, target.get("items"), named, f"{pointer}/{index}", depth + 1)
    elif kind == "map" and isinstance(datum, Mapping):
        for key, item in datum.items():
            yield from _records(item, target.get("values"), named, f"{pointer}/{escape_token(key)}",
                                depth + 1)
