"""generator.schemas.jsonschema: meta-schema checks, local $ref resolution, payload validation."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from generator.schemas.jsonschema import check_json_schema, validate_json, validator_class
from generator.schemas.model import ExampleProblem, SchemaProblem

DRAFT7 = "http://json-schema.org/draft-07/schema#"
DRAFT2020 = "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test: references must never be fetched."""
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A catalog with a message folder and shared schema files beside it (JSON and YAML)."""
    message = tmp_path / "events" / "OrderPlaced"
    (message / "common").mkdir(parents=True)
    (message / "common" / "address.json").write_text(json.dumps({
        "$defs": {"Address": {"type": "object", "required": ["city"],
                              "properties": {"city": {"type": "string"}, "zip": {"$ref": "zip.json"}}}}}))
    (message / "common" / "zip.json").write_text(json.dumps({"type": "string", "pattern": "^[0-9]{5}$"}))
    (tmp_path / "shared.yaml").write_text("$defs:\n  Money:\n    type: number\n    minimum: 0\n")
    (tmp_path / "broken.json").write_text('{"type": ')
    return tmp_path


def _check(schema, catalog: Path):
    return check_json_schema(schema, base_dir=catalog / "events" / "OrderPlaced", catalog_root=catalog)


def _validate(schema, datum, catalog: Path):
    return validate_json(schema, datum, base_dir=catalog / "events" / "OrderPlaced", catalog_root=catalog)


def test_dialect_by_dollar_schema():
    assert validator_class({"$schema": DRAFT7}).__name__ == "Draft7Validator"
    assert validator_class({}).__name__ == "Draft202012Validator"
    draft4 = {"$schema": "http://json-schema.org/draft-04/schema#"}
    assert validator_class(draft4).__name__ == "Draft4Validator"


def test_meta_schema_error_points_into_the_schema(catalog):
    schema = {"$schema": DRAFT7, "type": "object", "properties": {"a": {"type": "strin"}}}
    assert _check(schema, catalog) == [SchemaProblem(
        "invalid-json-schema",
        "'strin' is not one of ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']",
        "/properties/a/type")]


def test_draft07_and_2020_12_judge_the_same_schema_differently(catalog):
    tuple_items = {"type": "object", "properties": {"pair": {"type": "array", "items": [{"type": "string"}]}}}
    assert _check({"$schema": DRAFT7, **tuple_items}, catalog) == []
    problems = _check({"$schema": DRAFT2020, **tuple_items}, catalog)
    assert [(p.kind, p.pointer) for p in problems] == [("invalid-json-schema", "/properties/pair/items")]
    assert _check({**tuple_items}, catalog) == problems  # no $schema: 2020-12


def test_draft04_boolean_exclusive_minimum(catalog):
    schema = {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    assert _check({"$schema": "http://json-schema.org/draft-04/schema#", **schema}, catalog) == []
    assert [p.pointer for p in _check({"$schema": DRAFT7, **schema}, catalog)] == ["/exclusiveMinimum"]


def test_every_meta_error_is_reported(catalog):
    schema = {"properties": {"a": {"minLength": -1}, "b": {"required": "x"}, "c": {"pattern": "[a-"}}}
    assert sorted(p.pointer for p in _check(schema, catalog)) == [
        "/properties/a/minLength", "/properties/b/required", "/properties/c/pattern"]


def test_schema_must_be_an_object_or_boolean(catalog):
    assert _check(True, catalog) == []
    assert _check([1], catalog) == [SchemaProblem(
        "invalid-json-schema", "a JSON Schema must be an object or a boolean, not [1]", "")]


def test_local_refs_to_sibling_files_resolve(catalog):
    schema = {"$schema": DRAFT2020, "type": "object", "properties": {
        "shipTo": {"$ref": "common/address.json#/$defs/Address"},
        "total": {"$ref": "../../shared.yaml#/$defs/Money"},
    }}
    assert _check(schema, catalog) == []
    assert _validate(schema, {"shipTo": {"city": "X", "zip": "12345"}, "total": 3}, catalog) == []
    assert _validate(schema, {"shipTo": {"zip": "123"}, "total": -1}, catalog) == [
        ExampleProblem("mismatch", "'city' is a required property", "/shipTo"),
        ExampleProblem("mismatch", "'123' does not match '^[0-9]{5}$'", "/shipTo/zip"),
        ExampleProblem("mismatch", "-1 is less than the minimum of 0", "/total"),
    ]


def test_refs_under_the_roots_https_id_are_sibling_files(catalog):
    schema = {"$id": "https://acme.example/schemas/order.json",
              "properties": {"shipTo": {"$ref": "common/address.json#/$defs/Address"}}}
    assert _check(schema, catalog) == []
    assert _validate(schema, {"shipTo": {}}, catalog) == [
        ExampleProblem("mismatch", "'city' is a required property", "/shipTo")]


def test_dot_dot_refs_under_the_roots_https_id_are_files_not_remote(catalog):
    # $id https://acme.example/schemas/events/OrderPlaced/order.json sits in events/OrderPlaced/: ../../
    # climbs to the catalog root, where shared.yaml is; one step more would leave the site's root.
    base = "https://acme.example/schemas/events/OrderPlaced/"
    schema = {"$id": f"{base}order.json", "properties": {"total": {"$ref": "../../shared.yaml#/$defs/Money"}}}
    assert _check(schema, catalog) == []
    outside = {"$id": f"{base}order.json", "properties": {"x": {"$ref": "../../../../etc/passwd"}}}
    [problem] = _check(outside, catalog)
    assert "it points outside the catalog folder" in problem.message and "remote" not in problem.message


def test_a_ref_target_over_the_size_limit_is_not_read(catalog):
    with (catalog / "events" / "OrderPlaced" / "huge.json").open("wb") as huge:
        huge.truncate(200 * 1024 * 1024)
    [problem] = _check({"properties": {"a": {"$ref": "huge.json"}}}, catalog)
    assert "209,715,200 bytes, more than the 10 MiB limit; not read" in problem.message


def test_a_ref_target_linked_from_outside_is_refused(catalog, tmp_path):
    (catalog / "events" / "OrderPlaced" / "leak.json").symlink_to("/etc/passwd")
    [problem] = _check({"properties": {"a": {"$ref": "leak.json"}}}, catalog)
    assert "outside the catalog folder" in problem.message


@pytest.mark.parametrize(("ref", "reason"), [
    ("http://example.com/schemas/address.json", "it is remote and evcat never fetches"),
    ("https://example.com/a.json#/x", "it is remote and evcat never fetches"),
    ("../../../etc/passwd", "it points outside the catalog"),
    ("/etc/passwd", "it points outside the catalog"),
    ("file:///etc/passwd", "it points outside the catalog"),
    ("missing.json", "there is no file 'events/OrderPlaced/missing.json'"),
    ("../../broken.json", "'broken.json' is not valid JSON: Expecting value (line 1)"),
    ("#/$defs/Nope", "'/$defs/Nope' does not exist in the target document"),
    ("common/address.json#/$defs/Nope", "'/$defs/Nope' does not exist in the target document"),
    ("#nope", "there is no anchor 'nope'"),
    ("urn:acme:address", "the scheme 'urn' is not supported"),
])
def test_unresolvable_refs_are_reported_at_the_ref(catalog, ref, reason):
    schema = {"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"$ref": ref}}}}}
    problems = _check(schema, catalog)
    assert [(p.kind, p.pointer) for p in problems] == [
        ("unresolvable-ref", "/properties/a/properties/b/$ref")]
    assert problems[0].message.startswith(f"$ref {ref!r} cannot be resolved: {reason}")


@pytest.mark.parametrize(("schema", "in_place", "unresolved"), [
    ({"$defs": {"A": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/A"}}}, True, False),
    ({"definitions": {"a/b": {}, "c~d": {}}, "items": [{"$ref": "#/definitions/a~1b"},
                                                      {"$ref": "#/definitions/c~0d"}]}, True, False),
    ({"$id": "https://acme.example/s.json", "$defs": {"A": {}}, "properties": {"a": {"$ref": "#/$defs/A"}}},
     True, False),
    ({"allOf": [{"type": "object"}], "not": {"$ref": "#/allOf/0"}}, True, False),
    ({"$defs": {"A": {}}, "properties": {"a": {"$ref": "#/$defs/B"}}}, False, True),
    ({"$defs": {"A": {"$id": "https://acme.example/other.json", "$defs": {"B": {}}}},
      "properties": {"a": {"$ref": "#/$defs/A/$defs/B"}}}, False, False),
    ({"$defs": {"A": {"$anchor": "a"}}, "properties": {"a": {"$ref": "#a"}}}, False, False),
    ({"$defs": {"a b": {}}, "properties": {"a": {"$ref": "#/$defs/a%20b"}}}, False, False),
    ({"properties": {"a": {"$ref": "common/address.json#/$defs/Address"}}}, False, False),
])
def test_refs_into_the_same_document_skip_the_walk_and_agree_with_it(catalog, schema, in_place, unresolved):
    from generator.schemas import jsonschema as module

    assert module._refs_found_in_place(schema) is in_place
    # The short cut is only taken where the full walk finds every reference too.
    assert bool([p for p in _check(schema, catalog) if p.kind == "unresolvable-ref"]) is unresolved


def test_dollar_ref_as_a_property_name_is_not_a_reference(catalog):
    schema = {"properties": {"$ref": {"type": "string"}}, "enum": [{"$ref": "nowhere"}]}
    assert _check(schema, catalog) == []


def test_validation_with_an_unresolvable_ref_says_it_is_unchecked(catalog):
    schema = {"type": "object", "required": ["id"],
              "properties": {"a": {"$ref": "http://example.com/x.json"}}}
    problems = _validate(schema, {"a": 1}, catalog)
    assert problems[0] == ExampleProblem("mismatch", "'id' is a required property", "")
    assert problems[1].kind == "unchecked"
    assert "it is remote and evcat never fetches" in problems[1].message


@pytest.mark.parametrize(("fmt", "good", "bad"), [
    ("date-time", "2025-01-01T10:00:00Z", "2025-13-01T10:00:00Z"),
    ("date", "2025-01-31", "31/01/2025"),
    ("email", "a@example.com", "not-an-email"),
    ("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "ord_123"),
    ("uri", "https://example.com/x", "not a uri"),
    ("ipv4", "192.0.2.1", "999.0.0.1"),
])
def test_formats_are_checked(catalog, fmt, good, bad):
    schema = {"$schema": DRAFT2020, "properties": {"v": {"type": "string", "format": fmt}}}
    assert _validate(schema, {"v": good}, catalog) == []
    assert _validate(schema, {"v": bad}, catalog) == [
        ExampleProblem("mismatch", f"{bad!r} is not a {fmt!r}", "/v")]


def test_draft07_checks_its_own_formats_only(catalog):
    schema = {"$schema": DRAFT7, "properties": {"t": {"format": "date-time"}, "u": {"format": "uuid"}}}
    # uuid became a format in 2019-09; a draft-07 validator ignores it, as the dialect says
    assert _validate(schema, {"t": "yesterday", "u": "nope"}, catalog) == [
        ExampleProblem("mismatch", "'yesterday' is not a 'date-time'", "/t")]


def test_enum_case_mismatch_quotes_the_value(catalog):
    schema = {"properties": {"method": {"enum": ["CreditCard", "PayPal"]}}}
    assert _validate(schema, {"method": "credit_card"}, catalog) == [
        ExampleProblem("mismatch", "'credit_card' is not one of ['CreditCard', 'PayPal']", "/method")]


def test_all_errors_are_reported_with_pointers_into_the_payload(catalog):
    schema = {"$schema": DRAFT7, "type": "object", "required": ["id", "items"], "properties": {
        "id": {"type": "string"},
        "items": {"type": "array", "items": {"type": "object", "required": ["sku"],
                                             "properties": {"qty": {"type": "integer", "minimum": 1}}}},
    }, "additionalProperties": False}
    problems = _validate(schema, {"items": [{"sku": "a", "qty": 0}, {"qty": 2}], "extra": 1}, catalog)
    assert len(problems) == 4
    assert set(problems) == {
        ExampleProblem("mismatch", "0 is less than the minimum of 1", "/items/0/qty"),
        ExampleProblem("mismatch", "'sku' is a required property", "/items/1"),
        ExampleProblem("mismatch", "'id' is a required property", ""),
        ExampleProblem("mismatch", "Additional properties are not allowed ('extra' was unexpected)", ""),
    }


def test_one_of_errors_are_flattened_to_the_branch_that_fits(catalog):
    schema = {"$defs": {"Address": {"type": "object", "properties": {"city": {"type": "string"}}}},
              "properties": {"shipTo": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/Address"}]},
                             "when": {"anyOf": [{"type": "integer"}, {"type": "string", "format": "date"}]}}}
    assert _validate(schema, {"shipTo": {"city": 5}, "when": "soon"}, catalog) == [
        ExampleProblem("mismatch", "5 is not of type 'string'", "/shipTo/city"),
        ExampleProblem("mismatch", "'soon' is not a 'date'", "/when"),
    ]


def test_long_values_are_shortened_in_messages(catalog):
    problems = _validate({"type": "string"}, {"k": "v" * 500}, catalog)
    assert len(problems[0].message) < 150
    assert problems[0].message.endswith("is not of type 'string'")


def test_schema_that_cannot_be_applied_is_unchecked_not_a_crash(catalog):
    problems = _validate({"properties": {"a": {"pattern": "[a-"}}}, {"a": "x"}, catalog)
    assert [p.kind for p in problems] == ["unchecked"]
    loop = _validate({"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}, "$ref": "#/$defs/A"},
                     {}, catalog)
    assert [p.kind for p in loop] == ["unchecked"]
