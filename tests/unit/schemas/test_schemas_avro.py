"""generator.schemas.avro: parsing/linting Avro schemas and checking example payloads."""

from __future__ import annotations

import pytest

from generator.schemas.avro import parse_avro, validate_avro
from generator.schemas.model import ExampleProblem, SchemaProblem

ADDRESS = {
    "type": "record", "name": "Address",
    "fields": [{"name": "street", "type": "string"}, {"name": "city", "type": "string"}],
}
ORDER = {
    "type": "record", "name": "Order", "namespace": "com.acme",
    "fields": [
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "quantity", "type": "int", "default": 1},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
        {"name": "shipTo", "type": ["null", ADDRESS], "default": None},
        {"name": "lines", "type": {"type": "array", "items": {
            "type": "record", "name": "Line",
            "fields": [{"name": "sku", "type": "string"},
                       {"name": "price", "type": {"type": "bytes", "logicalType": "decimal",
                                                  "precision": 8, "scale": 2}}]}}},
        {"name": "tags", "type": {"type": "map", "values": "long"}, "default": {}},
        {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "note", "type": ["null", "string"]},
    ],
}
GOOD = {
    "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "status": "NEW",
    "shipTo": {"street": "1 Main St", "city": "Springfield"},
    "lines": [{"sku": "A-1", "price": 12.5}], "placedAt": 1735689600000, "note": None,
}


def _parsed(schema=ORDER):
    result = parse_avro(schema)
    assert result.problems == []
    return result.schema


def test_valid_schema_and_example():
    assert validate_avro(_parsed(), GOOD) == []


def test_bad_default_is_rejected_with_the_value_quoted():
    schema = {"type": "record", "name": "R", "fields": [{"name": "count", "type": "int", "default": "x"}]}
    result = parse_avro(schema)
    assert result.schema is None
    assert result.problems == [SchemaProblem(
        "invalid-avro", "invalid default 'x' for field 'count': must match schema type: int",
        "/fields/0/default")]


def test_enum_default_outside_symbols_is_found_although_fastavro_accepts_it():
    schema = {"type": "record", "name": "R", "fields": [
        {"name": "s", "type": {"type": "enum", "name": "S", "symbols": ["A", "B"]}, "default": "C"}]}
    result = parse_avro(schema)
    assert result.schema is not None  # usable for examples; the problem is still reported
    assert result.problems == [SchemaProblem(
        "invalid-avro", "invalid default for field 's' of record R: 'C' is not one of ['A', 'B']",
        "/fields/0/default")]


@pytest.mark.parametrize(("schema", "message", "pointer"), [
    ({"type": "record", "name": "R", "fields": [{"name": "a", "type": "Missing"}]},
     "unknown type 'Missing'", "/fields/0/type"),
    ({"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "fixed", "name": "F"}}]},
     "a schema is missing 'size'", "/fields/0/type"),
    ({"type": "record", "name": "R", "fields": [{"name": "a"}]},
     "Record field 'a' is missing 'type'", "/fields/0"),
    ({"type": "record", "name": "R", "fields": [{"name": "a", "type": "R"},
                                                 {"name": "b", "type": ADDRESS},
                                                 {"name": "c", "type": ADDRESS}]},
     "named type 'Address' is defined twice", "/fields/2/type"),
    (42, "an Avro schema must be a JSON object, array or string, not 42", ""),
])
def test_fastavro_refusals_are_located(schema, message, pointer):
    result = parse_avro(schema)
    assert result.schema is None
    assert [(p.message, p.pointer) for p in result.problems] == [(message, pointer)]


def test_spec_violations_fastavro_lets_through():
    schema = {"type": "record", "name": "1Bad", "fields": [
        {"name": "a", "type": "int"}, {"name": "a", "type": "long"},
        {"name": "u", "type": ["null", "string", "null"]}, {"name": "v", "type": ["null", ["int"]]},
        {"name": "flag", "type": "int", "default": True},
    ]}
    problems = parse_avro(schema).problems
    assert [(p.pointer, p.message) for p in problems] == [
        ("/name", "invalid name '1Bad': each part must match [A-Za-z_][A-Za-z0-9_]*"),
        ("/fields/1/name", "record 1Bad declares field 'a' twice"),
        ("/fields/4/default", "invalid default for field 'flag' of record 1Bad: True is not of type 'int'"),
        ("/fields/2/type/2", "union contains 'null' more than once"),
        ("/fields/3/type/1", "a union may not directly contain another union"),
    ]


def test_record_without_fields_is_reported():
    problems = parse_avro({"type": "record", "name": "R"}).problems
    assert problems == [SchemaProblem("invalid-avro", "record R has no 'fields'", "")]


def test_unknown_key_found_in_nested_record():
    example = dict(GOOD, shipTo={"street": "1 Main St", "city": "Springfield", "Name": "x"},
                   lines=[{"sku": "A-1", "price": 1, "colour": "red"}], extra=True)
    assert validate_avro(_parsed(), example) == [
        ExampleProblem("unknown-key", "'Name' is not a field of record com.acme.Address", "/shipTo/Name"),
        ExampleProblem("unknown-key", "'colour' is not a field of record com.acme.Line", "/lines/0/colour"),
        ExampleProblem("unknown-key", "'extra' is not a field of record com.acme.Order", "/extra"),
    ]


def test_strict_missing_field_even_when_nullable():
    example = {key: value for key, value in GOOD.items() if key != "note"}
    assert validate_avro(_parsed(), example) == [
        ExampleProblem("mismatch", "missing required field 'note' of record com.acme.Order", "")]


def test_missing_field_with_default_is_fine():
    assert "quantity" not in GOOD and "tags" not in GOOD
    assert validate_avro(_parsed(), GOOD) == []


def test_every_mismatch_is_reported_with_its_pointer():
    example = dict(GOOD, status="new", placedAt="2025-01-01T00:00:00Z", quantity=2**31,
                   lines=[{"sku": 7, "price": 1.234}])
    assert validate_avro(_parsed(), example) == [
        ExampleProblem("mismatch", "2147483648 is out of range for 'int'", "/quantity"),
        ExampleProblem("mismatch", "'new' is not one of ['NEW', 'PAID']", "/status"),
        ExampleProblem("mismatch", "7 is not of type 'string'", "/lines/0/sku"),
        ExampleProblem("mismatch", "1.234 has more than 2 decimal places (decimal(8,2))", "/lines/0/price"),
        ExampleProblem("mismatch", "'2025-01-01T00:00:00Z' is not of type 'long (timestamp-millis)'",
                       "/placedAt"),
    ]


def test_union_picks_the_branch_that_validates():
    schema = {"type": "record", "name": "Payment", "fields": [{"name": "method", "type": [
        "null",
        {"type": "record", "name": "Card", "fields": [{"name": "number", "type": "string"}]},
        {"type": "record", "name": "Iban", "fields": [{"name": "iban", "type": "string"},
                                                      {"name": "bic", "type": ["null", "string"],
                                                       "default": None}]},
    ]}]}
    parsed = _parsed(schema)
    assert validate_avro(parsed, {"method": None}) == []
    assert validate_avro(parsed, {"method": {"number": "4111"}}) == []
    assert validate_avro(parsed, {"method": {"iban": "DE00", "bic": "X"}}) == []
    # the closest branch explains the unknown key
    assert validate_avro(parsed, {"method": {"iban": "DE00", "bank": "X"}}) == [
        ExampleProblem("unknown-key", "'bank' is not a field of record Iban", "/method/bank")]
    assert validate_avro(parsed, {"method": 5}) == [ExampleProblem(
        "mismatch", "5 does not match any branch of union<null, Card, Iban>", "/method")]


def test_union_with_one_fitting_branch_reports_inside_it():
    parsed = _parsed()
    example = dict(GOOD, shipTo={"street": "1 Main St", "city": 5})
    assert validate_avro(parsed, example) == [ExampleProblem("mismatch", "5 is not of type 'string'",
                                                             "/shipTo/city")]


def test_recursive_record():
    schema = {"type": "record", "name": "Node", "fields": [
        {"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"]}]}
    parsed = _parsed(schema)
    assert validate_avro(parsed, {"value": 1, "next": {"value": 2, "next": None}}) == []
    assert validate_avro(parsed, {"value": 1, "next": {"value": "2", "next": None}}) == [
        ExampleProblem("mismatch", "'2' is not of type 'int'", "/next/value")]


def test_bytes_and_fixed_in_avro_json_encoding():
    schema = {"type": "record", "name": "Blob", "fields": [
        {"name": "data", "type": "bytes"},
        {"name": "hash", "type": {"type": "fixed", "name": "H", "size": 4}}]}
    parsed = _parsed(schema)
    assert validate_avro(parsed, {"data": "\u00ff\u0000", "hash": "abcd"}) == []
    assert validate_avro(parsed, {"data": "€", "hash": "abc"}) == [
        ExampleProblem("mismatch", "'€' is not of type 'bytes'", "/data"),
        ExampleProblem("mismatch", "'abc' is not of type 'fixed H'", "/hash"),
    ]


def test_date_logical_type_accepts_iso_strings_like_fastavro():
    schema = {"type": "record", "name": "D", "fields": [
        {"name": "day", "type": {"type": "int", "logicalType": "date"}}]}
    parsed = _parsed(schema)
    assert validate_avro(parsed, {"day": "2025-01-31"}) == []
    assert validate_avro(parsed, {"day": 20089}) == []
    assert validate_avro(parsed, {"day": "31/01/2025"})[0].pointer == "/day"


def test_top_level_non_record_schemas():
    assert validate_avro(_parsed(["null", "string"]), "x") == []
    assert validate_avro(_parsed({"type": "array", "items": "int"}), [1, "2"]) == [
        ExampleProblem("mismatch", "'2' is not of type 'int'", "/1")]
    assert validate_avro(_parsed({"type": "map", "values": ADDRESS}), {"a/b": {"street": "s"}}) == [
        ExampleProblem("mismatch", "missing required field 'city' of record Address", "/a~1b")]


def test_payload_of_the_wrong_shape():
    assert validate_avro(_parsed(), ["not", "a", "record"]) == [
        ExampleProblem("mismatch", "['not', 'a', 'record'] is not of type 'record com.acme.Order'", "")]


def test_union_of_records_is_explained_by_the_best_fitting_record():
    schema = [{"type": "record", "name": "A", "namespace": "n", "fields": [{"name": "x", "type": "int"}]},
              {"type": "record", "name": "B", "namespace": "n", "fields": [{"name": "a", "type": "A"}]}]
    parsed = _parsed(schema)
    assert validate_avro(parsed, {"a": {"x": 1}}) == []
    assert validate_avro(parsed, {"a": {"x": "1"}}) == [ExampleProblem("mismatch", "'1' is not of type 'int'",
                                                                       "/a/x")]
    assert validate_avro(parsed, {"q": 1}) == [ExampleProblem(
        "mismatch", "{'q': 1} does not match any branch of union<A, B>", "")]


def test_fastavro_has_the_last_word():
    # fastavro reads "-type" as the record's name; the walk only sees an undeclared key
    parsed = _parsed({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})
    problems = validate_avro(parsed, {"a": 1, "-type": "Other"})
    assert [(p.kind, p.pointer) for p in problems] == [("unknown-key", "/-type"), ("mismatch", "")]
    assert problems[1].message == "{'-type': 'Other', 'a': 1} is not of type 'R'"
