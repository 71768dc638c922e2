"""generator.schemas.generate: sample payloads that validate against their schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.schemas.avro import parse_avro, validate_avro
from generator.schemas.generate import sample_payload
from generator.schemas.jsonschema import check_json_schema, validate_json
from generator.schemas.jsontext import load_with_positions
from generator.schemas.model import SchemaFormat, format_for
from generator.schemas.patterns import matching_string

CONFORMANCE = Path(__file__).resolve().parents[4] / "shared" / "conformance" / "eventcatalog"
SCHEMA_SUFFIXES = (".avsc", ".avro", ".json")

AVRO_SCHEMAS = {
    "nested": {
        "type": "record", "name": "Order", "namespace": "com.acme", "fields": [
            {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "quantity", "type": "int", "default": 3},
            {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
            {"name": "shipTo", "type": ["null", {"type": "record", "name": "Address", "fields": [
                {"name": "city", "type": "string"}]}]},
            {"name": "lines", "type": {"type": "array", "items": {
                "type": "record", "name": "Line", "fields": [
                    {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 6,
                                               "scale": 2}}]}}},
            {"name": "tags", "type": {"type": "map", "values": "long"}},
            {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "day", "type": {"type": "int", "logicalType": "date"}},
            {"name": "digest", "type": {"type": "fixed", "name": "Md5", "size": 16}},
            {"name": "raw", "type": "bytes"},
            {"name": "ratio", "type": "double"},
            {"name": "active", "type": "boolean"},
        ]},
    "recursive": {"type": "record", "name": "Node", "fields": [
        {"name": "value", "type": "long"}, {"name": "next", "type": ["Node", "null"]},
        {"name": "children", "type": {"type": "array", "items": "Node"}}]},
    "union-top": ["null", "string"],
    "bad-default-ignored": {"type": "record", "name": "R", "fields": [
        {"name": "s", "type": {"type": "enum", "name": "S", "symbols": ["A"]}, "default": "Z"}]},
}

JSON_SCHEMAS = {
    "formats": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                "required": ["id", "at", "email"], "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "at": {"type": "string", "format": "date-time"},
                    "email": {"type": "string", "format": "email"},
                    "day": {"type": "string", "format": "date"},
                    "site": {"type": "string", "format": "uri"}}},
    "bounds": {"type": "object", "properties": {
        "qty": {"type": "integer", "minimum": 1, "maximum": 10},
        "price": {"type": "number", "exclusiveMinimum": 0},
        "neg": {"type": "integer", "maximum": -5},
        "step": {"type": "number", "minimum": 0.5, "multipleOf": 0.25},
        "code": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4}$"},
        "word": {"type": "string", "minLength": 12},
        "short": {"type": "string", "maxLength": 3},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": True}}},
    "refs-and-branches": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"Card": {"type": "object", "required": ["kind", "last4"],
                                 "properties": {"kind": {"const": "card"}, "last4": {"type": "string"}}},
                        "Iban": {"type": "object", "required": ["kind", "iban"],
                                 "properties": {"kind": {"const": "iban"}, "iban": {"type": "string"}}}},
        "type": "object", "required": ["payment", "status"],
        "properties": {"payment": {"oneOf": [{"$ref": "#/definitions/Card"}, {"$ref": "#/definitions/Iban"}]},
                       "status": {"enum": ["placed", "paid"]}, "note": {"type": ["null", "string"]},
                       "audit": {"allOf": [{"properties": {"by": {"type": "string"}}, "required": ["by"]},
                                           {"properties": {"at": {"type": "integer", "minimum": 1}}}]}}},
    "one-of-overlap": {"oneOf": [{"type": "object"}, {"type": "object", "required": ["a"],
                                                      "properties": {"a": {"type": "string"}}}]},
    "recursive": {"$defs": {"Node": {"type": "object", "required": ["value"], "properties": {
        "value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}}},
        "$ref": "#/$defs/Node"},
    "draft4": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "properties": {
        "n": {"type": "number", "minimum": 0, "exclusiveMinimum": True}}},
}


@pytest.mark.parametrize("name", sorted(AVRO_SCHEMAS))
def test_avro_samples_validate(name):
    schema = AVRO_SCHEMAS[name]
    sample = sample_payload(schema, SchemaFormat.AVRO)
    parsed = parse_avro(schema).schema
    assert validate_avro(parsed, sample) == []
    assert json.loads(json.dumps(sample)) == sample  # plain JSON data
    assert sample_payload(schema, "avro") == sample  # deterministic


def test_avro_sample_values():
    sample = sample_payload(AVRO_SCHEMAS["nested"], "avro")
    assert sample["quantity"] == 3  # the default
    assert sample["status"] == "NEW"
    assert sample["shipTo"] == {"city": "string"}  # first non-null branch
    assert sample["placedAt"] == 1_735_689_600_000  # 2025-01-01T00:00:00Z
    assert sample["id"] == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert sample_payload(AVRO_SCHEMAS["recursive"], "avro") == {"value": 0, "next": None, "children": []}
    assert sample_payload(AVRO_SCHEMAS["bad-default-ignored"], "avro") == {"s": "A"}


@pytest.mark.parametrize("name", sorted(JSON_SCHEMAS))
def test_json_schema_samples_validate(name, tmp_path):
    schema = JSON_SCHEMAS[name]
    sample = sample_payload(schema, SchemaFormat.JSON_SCHEMA)
    assert validate_json(schema, sample, base_dir=tmp_path, catalog_root=tmp_path) == []
    assert sample_payload(schema, "json-schema") == sample


def test_json_schema_sample_values():
    formats = sample_payload(JSON_SCHEMAS["formats"], "json-schema")
    assert formats["at"] == "2025-01-01T00:00:00Z" and formats["email"] == "user@example.com"
    bounds = sample_payload(JSON_SCHEMAS["bounds"], "json-schema")
    assert (bounds["qty"], bounds["neg"], bounds["code"]) == (1, -5, "AAA-0000")
    assert bounds["price"] > 0 and len(bounds["word"]) == 12 and len(bounds["short"]) == 3
    branches = sample_payload(JSON_SCHEMAS["refs-and-branches"], "json-schema")
    assert branches["payment"] == {"kind": "card", "last4": "string"}
    assert branches["status"] == "placed" and branches["note"] == "string"


def test_json_schema_sample_follows_file_refs(tmp_path):
    (tmp_path / "money.json").write_text(json.dumps({"type": "number", "minimum": 5}))
    schema = {"properties": {"total": {"$ref": "money.json"}}, "required": ["total"]}
    sample = sample_payload(schema, "json-schema", base_dir=tmp_path, catalog_root=tmp_path)
    assert sample == {"total": 5.0}
    assert validate_json(schema, sample, base_dir=tmp_path, catalog_root=tmp_path) == []


def test_unreadable_formats_give_none():
    assert sample_payload("syntax = 'proto3';", "protobuf") is None
    assert sample_payload({}, "nonsense") is None


@pytest.mark.parametrize(("pattern", "minimum", "maximum", "expected"), [
    ("^[A-Z]{3}$", 0, None, "AAA"),
    ("^ORD-[0-9]{8}$", 0, None, "ORD-00000000"),
    ("^([01]?[0-9]|2[0-3]):[0-5][0-9]$", 0, None, "0:00"),
    ("^[+]?[0-9]{10,15}$", 0, None, "0000000000"),
    ("^[a-z]+$", 5, None, "aaaaa"),
    ("^[^@]+@[^@]+$", 0, None, "a@a"),
    ("(a)\\1", 0, None, None),
    ("[", 0, None, None),
])
def test_matching_string(pattern, minimum, maximum, expected):
    assert matching_string(pattern, minimum, maximum) == expected


def _conformance_schemas() -> list[Path]:
    found = []
    for catalog in ("v4-default", "v3-default"):
        folder = CONFORMANCE / catalog
        if folder.is_dir():
            found += sorted(path for path in folder.rglob("*") if path.suffix in SCHEMA_SUFFIXES
                            and "examples" not in path.parts and path.is_file())
    return found


CONFORMANCE_SCHEMAS = _conformance_schemas()


@pytest.mark.skipif(not CONFORMANCE_SCHEMAS, reason=f"conformance catalogs not found under {CONFORMANCE}")
@pytest.mark.parametrize("path", CONFORMANCE_SCHEMAS, ids=lambda path: str(path.relative_to(CONFORMANCE)))
def test_conformance_schema_samples(path: Path):
    catalog = CONFORMANCE / path.relative_to(CONFORMANCE).parts[0]
    loaded = load_with_positions(path.read_text(encoding="utf-8"), "json")
    if loaded.error is not None:
        pytest.skip(f"not valid JSON (a negative case of the catalog): {loaded.error.message}")
    kind = format_for(str(path), None, loaded.data)
    sample = sample_payload(loaded.data, kind, base_dir=path.parent, catalog_root=catalog)
    if kind is SchemaFormat.AVRO:
        parsed = parse_avro(loaded.data).schema
        if parsed is not None:
            assert validate_avro(parsed, sample) == []
    else:
        assert kind is SchemaFormat.JSON_SCHEMA
        if not check_json_schema(loaded.data, base_dir=path.parent, catalog_root=catalog):
            assert validate_json(loaded.data, sample, base_dir=path.parent, catalog_root=catalog) == []


def test_json_schema_sample_follows_refs_inside_referenced_files(tmp_path):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "lines.json").write_text(json.dumps(
        {"type": "array", "items": {"$ref": "item.json"}, "minItems": 1}))
    (tmp_path / "common" / "item.json").write_text(json.dumps(
        {"type": "object", "required": ["sku"], "properties": {"sku": {"pattern": "^SKU-[0-9]{3}$"}}}))
    schema = {"properties": {"lines": {"$ref": "common/lines.json"}}, "required": ["lines"]}
    sample = sample_payload(schema, "json-schema", base_dir=tmp_path, catalog_root=tmp_path)
    assert sample == {"lines": [{"sku": "SKU-000"}]}
    assert validate_json(schema, sample, base_dir=tmp_path, catalog_root=tmp_path) == []
