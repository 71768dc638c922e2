"""generator.schemas.fields: schema → field rows for the schema viewer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.schemas.fields import FieldRow, field_rows
from generator.schemas.model import SchemaFormat

AVRO = {
    "type": "record", "name": "Order", "namespace": "com.acme",
    "fields": [
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}, "doc": "Order id"},
        {"name": "quantity", "type": "int", "default": 1},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
        {"name": "shipTo", "type": ["null", {"type": "record", "name": "Address", "fields": [
            {"name": "city", "type": "string"},
            {"name": "zip", "type": ["null", "string"], "default": None}]}],
         "default": None},
        {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
            {"name": "sku", "type": "string", "aliases": ["code"]},
            {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10,
                                       "scale": 2}}]}}},
        {"name": "attributes", "type": {"type": "map", "values": "long"}},
        {"name": "placedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "billTo", "type": ["null", "Address"]},
        {"name": "parent", "type": ["null", "Order"]},
        {"name": "digest", "type": {"type": "fixed", "name": "Md5", "size": 16}},
    ],
}


def _summary(rows: list[FieldRow]) -> list[tuple]:
    return [(row.path, row.type, row.required, row.depth) for row in rows]


def test_avro_rows():
    rows = field_rows(AVRO, SchemaFormat.AVRO)
    assert _summary(rows) == [
        ("id", "string (uuid)", True, 0),
        ("quantity", "int", False, 0),
        ("status", "enum<NEW|PAID>", True, 0),
        ("shipTo", "union<null, Address>", False, 0),
        ("shipTo.city", "string", True, 1),
        ("shipTo.zip", "union<null, string>", False, 1),
        ("items", "array<Item>", True, 0),
        ("items[].sku", "string", True, 1),
        ("items[].price", "decimal(10,2)", True, 1),
        ("attributes", "map<string, long>", True, 0),
        ("placedAt", "long (timestamp-millis)", True, 0),
        ("billTo", "union<null, Address>", False, 0),
        ("billTo.city", "string", True, 1),  # a named type is expanded wherever it is used …
        ("billTo.zip", "union<null, string>", False, 1),
        ("parent", "union<null, Order>", False, 0),  # … but not inside itself
        ("digest", "fixed(16)", True, 0),
    ]
    assert rows[0] == FieldRow("id", "id", "string (uuid)", True, None, "Order id", (), 0)
    assert rows[1].default == "1" and rows[3].default == "null"
    assert rows[7].constraints == ("aliases: code",) and rows[7].name == "sku"


def test_avro_rows_of_top_level_array_and_broken_schema():
    rows = field_rows({"type": "array", "items": AVRO["fields"][4]["type"]["items"]}, "avro")
    assert [row.path for row in rows] == ["[].sku", "[].price"]
    # fastavro refuses this one (unknown type); the viewer still shows what it can
    broken = {"type": "record", "name": "R",
              "fields": [{"name": "a", "type": "Nope"}, {"name": "b", "type": "int"}]}
    assert _summary(field_rows(broken, "avro")) == [("a", "Nope", True, 0), ("b", "int", True, 0)]


JSON_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["orderId", "items"],
    "definitions": {
        "Item": {"type": "object", "required": ["sku"], "properties": {
            "sku": {"type": "string", "pattern": "^[A-Z]", "description": "Stock keeping unit"},
            "quantity": {"type": "integer", "minimum": 1, "maximum": 99}}},
    },
    "properties": {
        "orderId": {"type": "string", "format": "uuid"},
        "placedAt": {"type": "string", "format": "date-time"},
        "items": {"type": "array", "items": {"$ref": "#/definitions/Item"}, "minItems": 1},
        "status": {"type": "string", "enum": ["placed", "paid"], "default": "placed"},
        "note": {"type": ["string", "null"], "maxLength": 64},
        "payment": {"oneOf": [
            {"type": "object", "title": "Card", "properties": {"last4": {"type": "string", "minLength": 4}}},
            {"type": "null"}]},
        "audit": {"allOf": [{"properties": {"by": {"type": "string"}}},
                            {"properties": {"at": {"type": "number", "exclusiveMinimum": 0}},
                             "required": ["at"]}],
                  "additionalProperties": False},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "parent": {"$ref": "#"},
        "kind": {"const": "order"},
    },
}


def test_json_schema_rows():
    rows = field_rows(JSON_SCHEMA, SchemaFormat.JSON_SCHEMA)
    assert [(row.path, row.type, row.required, row.depth, row.constraints) for row in rows] == [
        ("orderId", "string (uuid)", True, 0, ("format: uuid",)),
        ("placedAt", "string (date-time)", False, 0, ("format: date-time",)),
        ("items", "array<Item>", True, 0, ("minItems 1",)),
        ("items[].sku", "string", True, 1, ("pattern ^[A-Z]",)),
        ("items[].quantity", "integer", False, 1, ("min 1", "max 99")),
        ("status", "string", False, 0, ("enum: placed, paid",)),
        ("note", "union<string, null>", False, 0, ("maxLength 64",)),
        ("payment", "union<Card, null>", False, 0, ()),
        ("payment.last4", "string", False, 1, ("minLength 4",)),
        ("audit", "object", False, 0, ("no additional properties",)),
        ("audit.by", "string", False, 1, ()),
        ("audit.at", "number", True, 1, ("> 0",)),
        ("labels", "map<string, string>", False, 0, ()),
        ("parent", "object", False, 0, ()),  # recursive: shown, not expanded
        ("kind", "string", False, 0, ("const: order",)),
    ]
    assert rows[3].description == "Stock keeping unit"
    assert rows[5].default == '"placed"'


def test_json_schema_rows_follow_refs_to_catalog_files(tmp_path: Path):
    (tmp_path / "address.json").write_text(json.dumps(
        {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}))
    schema = {"properties": {"shipTo": {"$ref": "address.json"}, "other": {"$ref": "http://x.test/a.json"}}}
    assert _summary(field_rows(schema, "json-schema", base_dir=tmp_path, catalog_root=tmp_path)) == [
        ("shipTo", "address", False, 0), ("shipTo.city", "string", True, 1),
        ("other", "$ref http://x.test/a.json", False, 0),
    ]
    # without a folder, a file reference is shown as written
    assert _summary(field_rows(schema, "json-schema"))[0] == ("shipTo", "$ref address.json", False, 0)


@pytest.mark.parametrize("schema", [
    None, 42, "string", [], [1, {}], {"type": 5}, {"properties": 5}, {"properties": {"a": 5}},
    {"type": "record", "name": "R", "fields": "x"}, {"fields": [None, {"name": 1}]}, {"$ref": "#"},
    {"allOf": [{"$ref": "#"}]}, {"oneOf": [{"$ref": "#/oneOf/0"}]}, {"items": [{"properties": {"a": {}}}]},
])
@pytest.mark.parametrize("fmt", ["avro", "json-schema", "protobuf", "nonsense"])
def test_never_raises_on_weird_input(schema, fmt):
    assert isinstance(field_rows(schema, fmt), list)


def test_refs_inside_a_referenced_file_resolve_relative_to_that_file(tmp_path: Path):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "lines.json").write_text(json.dumps(
        {"type": "array", "items": {"$ref": "item.json"}, "minItems": 1}))
    (tmp_path / "common" / "item.json").write_text(json.dumps(
        {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}}))
    schema = {"properties": {"lines": {"$ref": "common/lines.json"}}}
    assert _summary(field_rows(schema, "json-schema", base_dir=tmp_path, catalog_root=tmp_path)) == [
        ("lines", "array<item>", False, 0), ("lines[].sku", "string", True, 1)]
