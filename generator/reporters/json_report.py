"""Machine-readable report with a versioned contract.

Contract version 1 (bump ``CONTRACT_VERSION`` on any incompatible change; adding keys is compatible)::

    {"version": 1,
     "tool": {"name": "evcat", "version": "0.1.0"},
     "base": "/abs/path/of/catalog",   # the absolute folder every "file" is relative to
     "summary": {"errors": 1, "warnings": 0, "info": 0, "files": 1, "checked_files": 12},
     "diagnostics": [{"code", "severity", "message", "file", "line", "column", "pointer", "hint",
                      "related": [{"file", "line", "column"}],
                      "rule": {"slug", "summary", "docs"} | null}],
     "messages": {...}}   # only from `evcat check-messages` (docs/usage.md); absent otherwise

``file`` paths are relative to ``base``: the catalog folder for ``evcat validate``; the working directory
for ``evcat check-messages``, whose findings are mostly in capture files. Unknown values are ``null``,
never left out, so consumers can index every key.
"""

from __future__ import annotations

import json
import os
from typing import Any

from generator.diagnostics import Diagnostic, Diagnostics
from generator.reporters._common import rule_docs, rule_for

CONTRACT_VERSION = 1


def _rule(diagnostic: Diagnostic, rules_uri: str | None) -> dict[str, str] | None:
    rule = rule_for(diagnostic)
    if rule is None:
        return None
    return {"slug": rule.slug, "summary": rule.summary, "docs": rule_docs(rule, rules_uri)}


def diagnostic_record(diagnostic: Diagnostic, *, rules_uri: str | None = None) -> dict[str, Any]:
    """One finding as a JSON-ready dict, keys in contract order."""
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "pointer": diagnostic.pointer,
        "hint": diagnostic.hint,
        "related": [
            {"file": related.file, "line": related.line, "column": related.column}
            for related in diagnostic.related
        ],
        "rule": _rule(diagnostic, rules_uri),
    }


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
    messages: dict[str, Any] | None = None,
) -> str:
    """Render the JSON contract (indent 2, keys in a fixed order, ASCII-only so any terminal copes)."""
    document = {
        "version": CONTRACT_VERSION,
        "tool": {"name": "evcat", "version": tool_version},
        "base": os.path.abspath(catalog_root),
        "summary": {**diagnostics.summary(), "checked_files": checked_files},
        "diagnostics": [diagnostic_record(d, rules_uri=rules_uri) for d in diagnostics.sorted()],
    }
    if messages is not None:
        document["messages"] = messages  # check-messages' per-message summary; a compatible addition
    return json.dumps(document, indent=2) + "\n"
