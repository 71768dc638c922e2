"""The format-independent entry points: a format change between versions, documentation-only changes."""

from __future__ import annotations

from generator.compat import compare, compare_versions, schema_changed

AVRO = {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "doc": "A."}]}
JSON = {"type": "object", "properties": {"a": {"type": "integer", "description": "A."}}}


def test_a_change_of_format_breaks_both_directions() -> None:
    (change,) = compare_versions(AVRO, "avro", JSON, "json-schema")
    assert change.id == "SCHEMA_FORMAT_CHANGED"
    assert change.classification == "breaks readers and writers"
    assert "from avro to json-schema" in change.message


def test_documentation_is_not_a_schema_change() -> None:
    documented = {**JSON, "title": "<script>", "description": '"""', "properties": {
        "a": {"type": "integer", "description": "../../etc/passwd"}}}
    assert not schema_changed(JSON, documented)
    assert not schema_changed(AVRO, {**AVRO, "doc": "Now documented.", "fields": [{"name": "a", "type": "int"}]})
    assert schema_changed(JSON, {**JSON, "required": ["a"]})


def test_documentation_changes_are_safe_changes() -> None:
    changes = compare(JSON, {**JSON, "title": "Thing"}, "json-schema")
    assert [(c.id, c.classification) for c in changes] == [("TITLE_CHANGED", "safe")]
    assert changes[0].message == "title changed at /title: 'Thing'; both versions accept each other's data"


def test_a_change_as_data() -> None:
    (change,) = compare({"type": "integer"}, {"type": "number"}, "json-schema")
    assert change.as_dict() == {"id": "TYPE_EXTENDED", "pointer": "/type", "class": "breaks writers",
                                "breaks_readers": False, "breaks_writers": True, "old": "integer",
                                "new": "number", "message": change.message}


def test_avro_directions_can_be_limited() -> None:
    wider = {"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}
    assert [c.classification for c in compare(AVRO, wider, "avro")] == ["breaks writers"]
    assert compare(AVRO, wider, "avro", ("backward",)) == []
