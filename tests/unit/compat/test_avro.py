"""Avro compatibility through the ``avro`` checker: the 275 Apache conformance cases and the gaps evcat closes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.compat import check_pair, compare
from generator.compat.avro import InvalidAvro, incompatibilities, qualify_aliases

CASES_FILE = Path(__file__).resolve().parents[4] / "shared" / "conformance" / "avro" / "avro_compat_cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8")) if CASES_FILE.is_file() else []


def expected_types(case: dict) -> set[str] | None:
    if "expected_incompatibilities" in case:
        return {item["type"] for item in case["expected_incompatibilities"]}
    if "expected_incompatibility_type" in case:
        return {case["expected_incompatibility_type"].upper()}
    return None


@pytest.mark.skipif(not CASES, reason=f"the Avro conformance cases are absent (expected at {CASES_FILE})")
def test_there_are_275_conformance_cases() -> None:
    assert len(CASES) == 275


@pytest.mark.skipif(not CASES, reason=f"the Avro conformance cases are absent (expected at {CASES_FILE})")
@pytest.mark.parametrize("index", range(len(CASES)))
def test_conformance_case_gives_the_expected_verdict_and_types(index: int) -> None:
    case = CASES[index]
    compatible, found = incompatibilities(case["reader"], case["writer"])
    assert compatible is case["compatible"], case["test"]
    assert bool(check_pair(case["reader"], case["writer"], "avro")) is not case["compatible"]
    expected = expected_types(case)
    if expected is not None:
        assert {kind for kind, _, _ in found} == expected, case["test"]


def record(name: str, fields: list[dict], **extra) -> dict:
    return {"type": "record", "name": name, "fields": fields, **extra}


def test_relative_reader_alias_is_resolved_in_the_namespace() -> None:
    writer = record("Old", [{"name": "a", "type": "int"}], namespace="com.acme")
    reader = record("New", [{"name": "a", "type": "int"}], namespace="com.acme", aliases=["Old"])
    assert check_pair(reader, writer, "avro") == []
    assert qualify_aliases(reader)["aliases"] == ["com.acme.Old"]


def test_an_invalid_default_is_refused_not_called_compatible() -> None:
    bad = record("R", [{"name": "a", "type": "int", "default": "x"}])
    good = record("R", [{"name": "a", "type": "int"}])
    with pytest.raises(InvalidAvro):
        check_pair(bad, good, "avro")


def test_compare_classifies_each_direction() -> None:
    old = record("Stock", [{"name": "qty", "type": "int"},
                           {"name": "reason", "type": {"type": "enum", "name": "Reason", "symbols": ["SOLD"]}}])
    new = record("Stock", [{"name": "id", "type": "string"}, {"name": "qty", "type": "long"},
                           {"name": "reason", "type": {"type": "enum", "name": "Reason",
                                                       "symbols": ["SHIPPED", "OTHER"], "default": "OTHER"}}])
    changes = {(change.id, change.pointer): change.classification for change in compare(old, new, "avro")}
    assert changes == {
        ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0"): "breaks readers",
        ("TYPE_MISMATCH", "/fields/0/type"): "breaks writers",
        ("MISSING_ENUM_SYMBOLS", "/fields/1/type/symbols"): "breaks writers",
    }


def test_adding_a_field_with_a_default_is_safe_both_ways() -> None:
    old = record("R", [{"name": "a", "type": "int"}])
    new = record("R", [{"name": "a", "type": "int"}, {"name": "b", "type": ["null", "string"], "default": None}])
    (change,) = compare(old, new, "avro")
    assert (change.id, change.pointer, change.classification) == ("FIELD_ADDED_WITH_DEFAULT", "/fields/1", "safe")
    assert change.message == "field added with default at /fields/1: 'b'; both versions accept each other's data"
    assert compare(old, new, "avro", safe=False) == []  # what a mode check asks for: only what breaks


def test_safe_field_level_changes_are_listed_beside_the_checker_findings() -> None:
    old = record("R", [{"name": "qty", "type": "int"}, {"name": "old", "type": "string", "default": ""},
                       {"name": "kind", "type": {"type": "enum", "name": "K", "symbols": ["A"], "default": "A"}}])
    new = record("R", [{"name": "qty", "type": "long"},
                       {"name": "kind", "type": {"type": "enum", "name": "K", "symbols": ["A", "B"], "default": "A"}},
                       {"name": "count", "type": "int"}])
    changes = {(c.id, c.pointer, c.classification) for c in compare(old, new, "avro")}
    assert changes == {
        ("TYPE_MISMATCH", "/fields/0/type", "breaks writers"),  # old readers cannot read a long as an int
        ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2", "breaks readers"),
        ("FIELD_REMOVED_WITH_DEFAULT", "/fields/1", "safe"),
        ("ENUM_SYMBOL_ADDED", "/fields/1/type/symbols", "safe"),  # old readers fall back to the default
    }


def test_hostile_field_names_are_reported_as_data() -> None:
    old = record("R", [{"name": "script_alert", "type": "string", "doc": "<script>alert(1)</script> \"\"\""}])
    new = record("R", [{"name": "script_alert", "type": "int", "doc": "../../etc/passwd"}])
    (change,) = compare(old, new, "avro")
    assert change.id == "TYPE_MISMATCH" and change.classification == "breaks readers and writers"
    assert change.pointer == "/fields/0/type"


def test_missing_enum_symbols_are_listed_in_a_stable_order() -> None:
    def enum(*symbols: str) -> dict:
        return {"type": "enum", "name": "E", "symbols": list(symbols)}
    (problem,) = check_pair(enum("A"), enum("A", "D", "C", "B"), "avro")
    assert "(B, C, D)" in problem.message
