"""generator.schemas.model: format detection and JSON pointers."""

from __future__ import annotations

import pytest

from generator.schemas.model import SchemaFormat, as_format, format_for, json_pointer, pointer_parts, sniff_format

AVRO_RECORD = {"type": "record", "name": "Order", "fields": []}
JSON_SCHEMA = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}


@pytest.mark.parametrize(("path", "expected"), [
    ("events/Order/schema.avsc", SchemaFormat.AVRO),
    ("schema.avro", SchemaFormat.AVRO),
    ("schema.json", SchemaFormat.JSON_SCHEMA),
    ("schema.YML", SchemaFormat.JSON_SCHEMA),
    ("schema.yaml", SchemaFormat.JSON_SCHEMA),
    ("schema.proto", SchemaFormat.PROTOBUF),
    ("schema.graphql", SchemaFormat.UNKNOWN),
    ("windows\\path\\schema.avsc", SchemaFormat.AVRO),
])
def test_format_by_extension(path, expected):
    assert format_for(path, None) is expected


def test_json_file_holding_avro_is_avro_by_content():
    assert format_for("schema.json", None, AVRO_RECORD) is SchemaFormat.AVRO
    assert format_for("schema.json", None, JSON_SCHEMA) is SchemaFormat.JSON_SCHEMA
    assert format_for("schema.avsc", None, JSON_SCHEMA) is SchemaFormat.AVRO  # the extension is explicit


@pytest.mark.parametrize(("declared", "expected"), [
    ("avro", SchemaFormat.AVRO), ("json-schema", SchemaFormat.JSON_SCHEMA),
    ("jsonschema", SchemaFormat.JSON_SCHEMA), ("JSON", SchemaFormat.JSON_SCHEMA),
    ("protobuf", SchemaFormat.PROTOBUF), ("graphql", SchemaFormat.UNKNOWN),
])
def test_declared_format_overrides_extension(declared, expected):
    assert format_for("schema.avsc", declared) is expected


def test_blank_declaration_is_ignored():
    assert format_for("schema.avsc", "  ") is SchemaFormat.AVRO


@pytest.mark.parametrize(("data", "expected"), [
    (AVRO_RECORD, SchemaFormat.AVRO),
    ({"type": "enum", "name": "E", "symbols": ["A"]}, SchemaFormat.AVRO),
    (["null", "string"], SchemaFormat.AVRO),
    (JSON_SCHEMA, SchemaFormat.JSON_SCHEMA),
    ({"properties": {}}, SchemaFormat.JSON_SCHEMA),
    ({"type": "string"}, None),
    (42, None),
])
def test_sniff_format(data, expected):
    assert sniff_format(data) is expected


def test_as_format():
    assert as_format("avro") is SchemaFormat.AVRO
    assert as_format(SchemaFormat.PROTOBUF) is SchemaFormat.PROTOBUF
    assert as_format("nope") is SchemaFormat.UNKNOWN


@pytest.mark.parametrize("parts", [[], ["a", 0, "b"], ["a/b", "c~d"], [""], ["", ""]])
def test_json_pointer_round_trip(parts):
    pointer = json_pointer(parts)
    assert pointer_parts(pointer) == [str(part) for part in parts]


def test_json_pointer_escapes():
    assert json_pointer(["a/b", "c~d", 1]) == "/a~1b/c~0d/1"
