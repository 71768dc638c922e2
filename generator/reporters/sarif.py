"""SARIF 2.1.0 report, for code-scanning dashboards (GitHub code scanning, Azure DevOps, IDE viewers).

Every registered rule is listed in ``tool.driver.rules`` (so a dashboard knows codes that did not fire),
results point at their rule by ``ruleId`` and ``ruleIndex``, and file locations are catalog-relative URIs
under the ``CATALOGROOT`` base, whose absolute ``file:`` URI is given in ``originalUriBaseIds``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.diagnostics import Diagnostic, Diagnostics, Location, Severity
from generator.diagnostics.codes import FAMILIES, RULES, Rule
from generator.reporters._common import RULES_DOC

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "CATALOGROOT"
LEVELS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.OFF: "none",
}


def _rule_descriptor(rule: Rule, rules_uri: str | None) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "help": {"text": f"{rule.summary}. See {rules_uri or RULES_DOC}#{rule.anchor}."},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [FAMILIES.get(rule.family, rule.family)]},
    }
    # SARIF wants helpUri absolute (GitHub rejects uploads whose helpUri fails the "uri" format), so a
    # repository-relative path only goes into help.text above.
    if rules_uri:
        descriptor["helpUri"] = f"{rules_uri}#{rule.anchor}"
    return descriptor


def _physical(file: str, line: int | None, column: int | None) -> dict[str, Any]:
    # Percent-encode: a space, or a colon in the first segment, would make the URI reference invalid.
    location: dict[str, Any] = {"artifactLocation": {"uri": quote(file, safe="/"), "uriBaseId": BASE_ID}}
    if line is not None:
        region: dict[str, int] = {"startLine": line}
        if column is not None:
            region["startColumn"] = column
        location["region"] = region
    return location


def _result(diagnostic: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    text = diagnostic.message if not diagnostic.hint else f"{diagnostic.message}\nhint: {diagnostic.hint}"
    result: dict[str, Any] = {"ruleId": diagnostic.code}
    if diagnostic.code in rule_index:
        result["ruleIndex"] = rule_index[diagnostic.code]
    result["level"] = LEVELS[diagnostic.severity]
    result["message"] = {"text": text}
    if diagnostic.file:
        result["locations"] = [
            {"physicalLocation": _physical(diagnostic.file, diagnostic.line, diagnostic.column)}
        ]
    related = [_related(i, loc) for i, loc in enumerate(diagnostic.related)]
    if related:
        result["relatedLocations"] = related
    if diagnostic.pointer:
        result["properties"] = {"pointer": diagnostic.pointer}
    return result


def _related(index: int, location: Location) -> dict[str, Any]:
    return {"id": index, "physicalLocation": _physical(location.file, location.line, location.column)}


def _root_uri(catalog_root: str) -> str:
    # originalUriBaseIds must be absolute and end with "/" so relative URIs resolve inside the folder.
    uri = Path(catalog_root).absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def render(
    diagnostics: Diagnostics,
    *,
    tool_version: str,
    catalog_root: str,
    color: bool,
    checked_files: int | None = None,
    rules_uri: str | None = None,
    information_uri: str | None = None,
    working_dir: str | None = None,
) -> str:
    """Render one SARIF run. ``rules_uri``/``information_uri`` are absolute URLs; without them the
    ``helpUri``/``informationUri`` properties are left out rather than filled with a relative path."""
    rules = list(RULES.values())
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    driver: dict[str, Any] = {"name": "evcat", "version": tool_version}
    if information_uri:
        driver["informationUri"] = information_uri
    driver["rules"] = [_rule_descriptor(rule, rules_uri) for rule in rules]
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {
            BASE_ID: {"uri": _root_uri(catalog_root), "description": {"text": "The folder result paths are relative to."}}
        },
        # Lines and columns come from the YAML/JSON parsers, which count code points, not UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, rule_index) for d in diagnostics.sorted()],
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2) + "\n"
