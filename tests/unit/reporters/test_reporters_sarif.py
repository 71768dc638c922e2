"""The SARIF reporter, validated against the official SARIF 2.1.0 JSON Schema shipped in tests/data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.diagnostics import Diagnostic, Location, Severity
from generator.diagnostics.codes import RULES, rule
from generator.reporters import sarif

SCHEMA_PATH = Path(__file__).parents[2] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    # Formats on: GitHub's upload checks "uri" and "uri-reference" too.
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def render(diagnostics, **options) -> dict:
    options.setdefault("catalog_root", "/srv/repo/catalog")
    output = sarif.render(diagnostics, tool_version="0.1.0", color=False, **options)
    return json.loads(output)


def errors_of(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_shipped_schema_is_the_official_one():
    """Guards provenance: a swapped or truncated schema would make the validation tests vacuous."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert {"run", "result", "reportingDescriptor", "physicalLocation"} <= set(schema["definitions"])


def test_mixed_run_validates(validator, mixed, build, unregistered):
    diagnostics = build(*mixed, unregistered)
    assert errors_of(validator, render(diagnostics)) == []
    uris = {"rules_uri": "https://evcat.example/rules/", "information_uri": "https://evcat.example/"}
    assert errors_of(validator, render(diagnostics, **uris)) == []


def test_clean_run_validates(validator, build):
    document = render(build())
    assert errors_of(validator, document) == []
    assert document["runs"][0]["results"] == []


def test_awkward_file_names_stay_valid_uri_references(validator, build):
    names = [
        "events/Order Placed/index.mdx",
        "events/a:b,c/index.mdx",
        "events/100%/index.mdx",
        "events/Größe/index.mdx",
        "events/q?#/index.mdx",
    ]
    document = render(
        build(*(rule("EC201")("x", file=name, line=1) for name in names)), catalog_root="cat alog"
    )
    assert errors_of(validator, document) == []
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    ]
    assert "events/Order%20Placed/index.mdx" in uris
    assert "events/a%3Ab%2Cc/index.mdx" in uris
    assert "events/100%25/index.mdx" in uris
    assert "events/q%3F%23/index.mdx" in uris


def test_format_checking_is_really_on(validator, mixed):
    """A relative helpUri must be rejected, or the validation above proves less than it claims."""
    document = render(mixed)
    document["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "docs/rules.md#ec001-unreadable-file"
    assert any("helpUri" in error for error in errors_of(validator, document))


def test_driver_lists_every_registered_rule(mixed):
    driver = render(mixed)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("evcat", "0.1.0")
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    owner = driver["rules"][list(RULES).index("EC201")]
    assert owner["name"] == "unknown-owner"
    assert owner["shortDescription"] == {"text": "An owner is neither a team nor a user"}
    assert owner["defaultConfiguration"] == {"level": "error"}
    assert "docs/rules.md#ec201-unknown-owner" in owner["help"]["text"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert (levels["EC104"], levels["EC307"]) == ("warning", "note")


def test_links_only_when_absolute_uris_are_given(mixed):
    driver = render(mixed)["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert all("helpUri" not in r for r in driver["rules"])

    driver = render(mixed, rules_uri="https://evcat.example/rules/", information_uri="https://evcat.example/")
    driver = driver["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://evcat.example/"
    assert driver["rules"][0]["helpUri"] == "https://evcat.example/rules/#ec001-unreadable-file"


def test_results(mixed):
    run = render(mixed)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["EC001", "EC104", "EC201", "EC307", "EC202"]
    assert [r["level"] for r in results] == ["error", "warning", "error", "note", "error"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]

    no_file, _semver, owner, proto, message = results
    assert "locations" not in no_file
    assert owner["message"]["text"] == "unknown owner 'msmiht' in owners\nhint: did you mean 'msmith'?"
    assert owner["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "events/OrderPlaced/index.mdx", "uriBaseId": "CATALOGROOT"},
        "region": {"startLine": 7, "startColumn": 5},
    }
    assert (
        owner["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "users/msmith/index.mdx"
    )
    assert owner["properties"] == {"pointer": "/owners/0"}
    assert "region" not in proto["locations"][0]["physicalLocation"]  # no line known
    assert message["locations"][0]["physicalLocation"]["region"] == {"startLine": 12}  # no column known


def test_unregistered_code_has_no_rule_index(build, unregistered):
    (result,) = render(build(unregistered))["runs"][0]["results"]
    assert result["ruleId"] == "EC999"
    assert "ruleIndex" not in result


def test_catalog_root_becomes_an_absolute_directory_uri(build, tmp_path, monkeypatch):
    run = render(build(), catalog_root=str(tmp_path / "my catalog"))["runs"][0]
    assert run["originalUriBaseIds"]["CATALOGROOT"]["uri"] == (tmp_path / "my catalog").as_uri() + "/"

    monkeypatch.chdir(tmp_path)
    relative = render(build(), catalog_root="catalog")["runs"][0]["originalUriBaseIds"]["CATALOGROOT"]["uri"]
    assert relative == (tmp_path / "catalog").as_uri() + "/"


def test_off_severity_maps_to_none(validator, build):
    # Overrides normally drop "off" findings before reporting; if one slips through it is still valid SARIF.
    document = render(
        build(Diagnostic(code="EC201", severity=Severity.OFF, message="x", related=(Location("a.md", 1, 2),)))
    )
    assert document["runs"][0]["results"][0]["level"] == "none"
    assert errors_of(validator, document) == []
