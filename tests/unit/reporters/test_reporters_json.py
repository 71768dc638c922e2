"""The JSON reporter: contract keys, their order, values and a stable rendering."""

from __future__ import annotations

import json
import os

from generator.diagnostics.codes import rule
from generator.reporters import json_report as json_reporter

DIAGNOSTIC_KEYS = [
    "code",
    "severity",
    "message",
    "file",
    "line",
    "column",
    "pointer",
    "hint",
    "related",
    "rule",
]


def render(diagnostics, **options) -> str:
    return json_reporter.render(
        diagnostics, tool_version="1.2.3", catalog_root="catalog", color=True, **options
    )


def test_top_level_contract(mixed):
    document = json.loads(render(mixed, checked_files=12))
    assert list(document) == ["version", "tool", "base", "summary", "diagnostics"]
    assert document["base"] == os.path.abspath("catalog")  # the folder every "file" is relative to
    assert document["version"] == 1
    assert document["tool"] == {"name": "evcat", "version": "1.2.3"}
    assert document["summary"] == {"errors": 3, "warnings": 1, "info": 1, "files": 2, "checked_files": 12}


def test_every_diagnostic_has_every_key_in_order(mixed):
    for record in json.loads(render(mixed))["diagnostics"]:
        assert list(record) == DIAGNOSTIC_KEYS


def test_diagnostic_values_round_trip(mixed):
    records = json.loads(render(mixed))["diagnostics"]
    assert [r["code"] for r in records] == ["EC001", "EC104", "EC201", "EC307", "EC202"]  # report order
    owner = records[2]
    assert owner == {
        "code": "EC201",
        "severity": "error",
        "message": "unknown owner 'msmiht' in owners",
        "file": "events/OrderPlaced/index.mdx",
        "line": 7,
        "column": 5,
        "pointer": "/owners/0",
        "hint": "did you mean 'msmith'?",
        "related": [{"file": "users/msmith/index.mdx", "line": 2, "column": 1}],
        "rule": {
            "slug": "unknown-owner",
            "summary": "An owner is neither a team nor a user",
            "docs": "docs/rules.md#ec201-unknown-owner",
        },
    }
    no_file = records[0]
    assert (no_file["file"], no_file["line"], no_file["column"], no_file["hint"]) == (None, None, None, None)
    assert no_file["related"] == []
    assert [r["severity"] for r in records] == ["error", "warning", "error", "info", "error"]


def test_rules_uri_makes_docs_links_absolute(mixed):
    records = json.loads(render(mixed, rules_uri="https://evcat.example/rules/"))["diagnostics"]
    assert records[2]["rule"]["docs"] == "https://evcat.example/rules/#ec201-unknown-owner"


def test_unregistered_code_has_null_rule(build, unregistered):
    (record,) = json.loads(render(build(unregistered)))["diagnostics"]
    assert record["rule"] is None
    assert record["code"] == "EC999"


def test_clean_run(build):
    document = json.loads(render(build()))
    assert document["diagnostics"] == []
    assert document["summary"] == {"errors": 0, "warnings": 0, "info": 0, "files": 0, "checked_files": None}


def test_rendering_is_stable_and_indented(mixed):
    output = render(mixed)
    assert output == render(mixed)
    assert output.endswith("}\n")
    assert output.splitlines()[1] == '  "version": 1,'
    assert json.dumps(json.loads(output), indent=2) + "\n" == output


def test_non_ascii_and_control_characters_survive(build):
    message = "unknown owner 'Jürgen\t\"x\"' — 100%"
    output = render(build(rule("EC201")(message, file="events/Größe/index.mdx")))
    (record,) = json.loads(output)["diagnostics"]
    assert record["message"] == message
    assert record["file"] == "events/Größe/index.mdx"
    assert output.isascii()
