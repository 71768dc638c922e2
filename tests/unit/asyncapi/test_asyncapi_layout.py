from __future__ import annotations

import json

import yaml

from generator.asyncapi.layout import message_files
from generator.asyncapi.model import ImportedMessage


def message(**changes) -> ImportedMessage:
    fields = dict(key='<script>"""', id="script", kind="event", version="1.0.0", version_source="info.version",
                  title='<script>alert(1)</script> """', summary="", description="<b>bold</b> {x}",
                  payload={"type": "object"}, payload_format=None, schema_kind="json",
                  examples=[{"name": "../../up", "summary": "s", "payload": {"a": 1}}, {"payload": {"a": 2}}],
                  raw={"x-custom": {"kept": True}, "headers": {"type": "object"}})
    fields.update(changes)
    return ImportedMessage(**fields)


def test_message_files_frontmatter_schema_examples_and_escaped_body():
    files = message_files(message(), "1.0.0")
    assert sorted(files) == ["examples/example-2.json", "examples/up.json", "index.mdx", "schema.json"]
    _, head, body = files["index.mdx"].split("---", 2)
    front = yaml.safe_load(head)
    assert front["name"] == '<script>alert(1)</script> """'  # the name as written; pages escape it
    assert front["x-asyncapi"]["key"] == '<script>"""'
    assert front["x-asyncapi"]["message"]["x-custom"] == {"kept": True}
    assert [e.get("file") for e in front["x-asyncapi"]["examples"]] == ["up.json", "example-2.json"]
    assert "<b>" not in body and "&lt;b&gt;" in body
    assert json.loads(files["examples/up.json"]) == {"a": 1}


def test_avro_payload_goes_to_an_avsc_file_and_opaque_formats_to_no_file():
    avro = message_files(message(schema_kind="avro", payload={"type": "record", "name": "A", "fields": []}), "1")
    assert "schema.avsc" in avro
    opaque = message_files(message(schema_kind=None, payload="syntax = 'proto3';"), "1")
    assert "schemaPath" not in opaque["index.mdx"]
