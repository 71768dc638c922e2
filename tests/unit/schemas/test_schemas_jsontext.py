"""generator.schemas.jsontext: JSON/YAML loading with positions, duplicate keys and syntax errors."""

from __future__ import annotations

import pytest

from generator.schemas.jsontext import load_with_positions, position_of
from generator.schemas.model import DuplicateKey, Position

JSON_TEXT = """{
  "order": {
    "id": "o-1",
    "items": [
      {"sku": "A-1", "qty": 2},
      {"sku": "B-2"}
    ]
  },
  "a/b": {"x~y": 1},
  "caf\\u00e9": true
}
"""

YAML_TEXT = """order:
  id: o-1
  items:
    - sku: A-1
      qty: 2
    - sku: B-2
placed: 2025-01-01
"""


def test_json_positions_of_nested_keys_and_array_items():
    loaded = load_with_positions(JSON_TEXT, "json")
    assert loaded.error is None
    assert loaded.data["order"]["items"][1] == {"sku": "B-2"}
    assert loaded.positions[""] == Position(1, 1)
    assert loaded.positions["/order"] == Position(2, 3)
    assert loaded.positions["/order/items"] == Position(4, 5)
    assert loaded.positions["/order/items/0"] == Position(5, 7)  # an item: where its value starts
    assert loaded.positions["/order/items/0/qty"] == Position(5, 22)
    assert loaded.positions["/order/items/1/sku"] == Position(6, 8)


def test_json_pointers_escape_slash_and_tilde_and_decode_escapes():
    loaded = load_with_positions(JSON_TEXT, "json")
    assert loaded.positions["/a~1b"] == Position(9, 3)
    assert loaded.positions["/a~1b/x~0y"] == Position(9, 11)
    assert loaded.positions["/café"] == Position(10, 3)


def test_json_duplicate_keys_are_reported_and_the_last_one_wins():
    text = '{\n  "id": 1,\n  "nested": {"k": 1, "k": 2},\n  "id": 3\n}'
    loaded = load_with_positions(text, "json")
    assert loaded.data == {"id": 3, "nested": {"k": 2}}
    assert loaded.duplicate_keys == [DuplicateKey("/nested/k", 3, 22), DuplicateKey("/id", 4, 3)]
    assert loaded.positions["/id"] == Position(4, 3)


@pytest.mark.parametrize(("text", "line", "column"), [
    ('{\n  "a": 1,\n  "b": 2,\n}', 4, 1),
    ('{"a": [1, 2}', 1, 12),
    ("", 1, 1),
])
def test_json_syntax_error_has_line_and_column(text, line, column):
    loaded = load_with_positions(text, "json")
    assert loaded.data is None
    assert (loaded.error.line, loaded.error.column) == (line, column)
    assert loaded.error.message


def test_json_byte_order_mark_is_accepted():
    loaded = load_with_positions('\ufeff{"a": 1}', "json")
    assert loaded.data == {"a": 1}
    assert loaded.positions["/a"] == Position(1, 2)


def test_yaml_positions_of_nested_keys_and_sequence_items():
    loaded = load_with_positions(YAML_TEXT, "yaml")
    assert loaded.error is None
    assert loaded.positions["/order"] == Position(1, 1)
    assert loaded.positions["/order/items"] == Position(3, 3)
    assert loaded.positions["/order/items/0"] == Position(4, 7)
    assert loaded.positions["/order/items/0/qty"] == Position(5, 7)
    assert loaded.positions["/order/items/1/sku"] == Position(6, 7)


def test_yaml_timestamps_stay_strings_like_json():
    assert load_with_positions(YAML_TEXT, "yaml").data["placed"] == "2025-01-01"


def test_yaml_duplicate_keys_are_reported():
    loaded = load_with_positions("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "yaml")
    assert loaded.data == {"a": 3, "b": {"c": 2}}
    assert loaded.duplicate_keys == [DuplicateKey("/b/c", 4, 3), DuplicateKey("/a", 5, 1)]


def test_yaml_merge_keys_are_not_duplicates():
    loaded = load_with_positions("base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n", "yaml")
    assert loaded.data["item"] == {"x": 1, "y": 2}
    assert loaded.duplicate_keys == []


@pytest.mark.parametrize(("text", "line", "column"), [
    ("a: [1, 2\nb: 3\n", 2, 2),
    ("a: 1\n  b: 2\n", 2, 4),
    ("a: !!python/object:os.system x\n", 1, 4),
])
def test_yaml_syntax_error_has_line_and_column(text, line, column):
    loaded = load_with_positions(text, "yaml")
    assert loaded.data is None
    assert (loaded.error.line, loaded.error.column) == (line, column)
    assert loaded.error.message


def test_yaml_empty_document_is_none_without_error():
    loaded = load_with_positions("", "yaml")
    assert loaded.data is None and loaded.error is None


def test_position_of_walks_up_to_the_nearest_ancestor():
    loaded = load_with_positions(JSON_TEXT, "json")
    assert position_of(loaded, "/order/items/1/sku") == Position(6, 8)
    assert position_of(loaded, "/order/items/1/missing/deeper") == Position(6, 7)
    assert position_of(loaded, "") == Position(1, 1)
    assert position_of(load_with_positions("{", "json"), "/a") is None


def test_unknown_syntax_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown syntax"):
        load_with_positions("{}", "toml")  # type: ignore[arg-type]
