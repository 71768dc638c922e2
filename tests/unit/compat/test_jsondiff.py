"""JSON Schema differences: one old/new fixture pair per difference id, with reviewed expected findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.compat import check_pair, compare
from generator.compat.jsonids import FLAGS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "compat" / "json"
CASES = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def load(case: Path, name: str):
    return json.loads((case / f"{name}.json").read_text(encoding="utf-8"))


def found(old, new) -> list[dict]:
    return [{"id": c.id, "pointer": c.pointer, "class": c.classification} for c in compare(old, new, "json-schema")]


def test_every_difference_id_has_a_fixture_pair() -> None:
    assert set(FLAGS) <= {case.name for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_pair_gives_the_expected_findings(case: Path) -> None:
    assert found(load(case, "old"), load(case, "new")) == load(case, "expected")


def test_unchanged_schema_has_no_findings() -> None:
    schema = load(FIXTURES / "TYPE_CHANGED", "old")
    assert compare(schema, json.loads(json.dumps(schema)), "json-schema") == []


def test_local_references_are_followed_and_cycles_end() -> None:
    def tree(max_items=None) -> dict:
        children = {"type": "array", "items": {"$ref": "#/$defs/node"}}
        if max_items is not None:
            children["maxItems"] = max_items
        return {"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "properties": {
            "name": {"type": "string"}, "children": children}}}}
    assert found(tree(), tree()) == []
    assert found(tree(), tree(3)) == [{"id": "MAX_ITEMS_ADDED", "pointer": "/properties/children/maxItems",
                                       "class": "breaks readers"}]


def test_a_reference_to_itself_does_not_loop() -> None:
    old = {"$ref": "#"}
    new = {"$ref": "#", "type": "object"}
    assert isinstance(compare(old, new, "json-schema"), list)


def test_hostile_property_names_are_escaped_in_pointers() -> None:
    old = {"type": "object", "properties": {}, "additionalProperties": False}
    new = {"type": "object", "properties": {"a/b~c": {"type": "string"}, "<script>": {"type": "string"},
                                            '"""': {"type": "string"}, "../x": {"type": "string"}},
           "additionalProperties": False}
    pointers = [change.pointer for change in compare(old, new, "json-schema")]
    assert pointers == ["/properties/a~1b~0c", "/properties/<script>", '/properties/"""', "/properties/..~1x"]


def test_check_pair_reads_writer_data_with_the_reader() -> None:
    writer = {"type": "object", "properties": {"n": {"type": "integer"}}}
    reader = {"type": "object", "properties": {"n": {"type": "number"}}}
    assert check_pair(reader, writer, "json-schema") == []
    (problem,) = check_pair(writer, reader, "json-schema")
    assert problem.id == "TYPE_NARROWED"


def test_integer_is_a_subset_of_number_in_type_lists() -> None:
    old = {"type": ["integer", "null"]}
    new = {"type": ["number", "null"]}
    assert found(old, new) == [{"id": "TYPE_EXTENDED", "pointer": "/type", "class": "breaks writers"}]


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="protobuf"):
        compare({}, {}, "protobuf")


def test_every_difference_id_is_documented() -> None:
    from generator.compat.jsonids import LOWER_BOUNDS, UPPER_BOUNDS

    text = (Path(__file__).resolve().parents[3] / "docs" / "compatibility.md").read_text(encoding="utf-8")
    bounds = tuple(f"{name}_" for name in (*UPPER_BOUNDS.values(), *LOWER_BOUNDS.values()))
    missing = [id_ for id_ in FLAGS if not id_.startswith(bounds) and f"`{id_}`" not in text]
    assert not missing
    assert all(f"`{name}`" in text for name in (*UPPER_BOUNDS.values(), *LOWER_BOUNDS.values()))


# Confluent labels these compatible although the reverse difference is not (its "with default" and
# "empty/false schema" leniencies), so the writers' class of the direct change is the lenient one.
LENIENT_REVERSE = {"PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL",
                   "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED",
                   "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"}


@pytest.mark.parametrize("case", [c for c in CASES if c.name not in LENIENT_REVERSE], ids=lambda c: c.name)
def test_the_writers_class_is_the_readers_verdict_of_the_swapped_pair(case: Path) -> None:
    old, new = load(case, "old"), load(case, "new")
    assert any(c.breaks_writers for c in compare(old, new, "json-schema")) == bool(check_pair(old, new, "json-schema"))
    assert any(c.breaks_readers for c in compare(old, new, "json-schema")) == bool(check_pair(new, old, "json-schema"))


def test_dropping_all_but_one_alternative_narrows_the_sum() -> None:
    assert found({"oneOf": [{"type": "string"}, {"type": "integer"}]}, {"type": "string"}) == [
        {"id": "SUM_TYPE_NARROWED", "pointer": "/oneOf", "class": "breaks readers"}]


def test_recursive_alternatives_end() -> None:
    def node(max_length=None) -> dict:
        text = {"type": "string"} if max_length is None else {"type": "string", "maxLength": max_length}
        return {"$ref": "#/$defs/n", "$defs": {"n": {"oneOf": [
            text, {"type": "array", "items": {"$ref": "#/$defs/n"}}]}}}
    assert found(node(), node(5)) == [{"id": "MAX_LENGTH_ADDED", "pointer": "/oneOf/0/maxLength",
                                       "class": "breaks readers"}]


def test_siblings_of_a_reference_are_compared_where_they_are() -> None:
    defs = {"$defs": {"code": {"type": "string"}}}
    old = {**defs, "type": "object", "properties": {"a": {"$ref": "#/$defs/code"},
                                                     "b": {"$ref": "#/$defs/code"}}}
    new = {**defs, "type": "object", "properties": {"a": {"$ref": "#/$defs/code"},
                                                     "b": {"$ref": "#/$defs/code", "maxLength": 3}}}
    assert found(old, new) == [{"id": "MAX_LENGTH_ADDED", "pointer": "/properties/b/maxLength",
                                "class": "breaks readers"}]
