"""`evcat inspect`: a summary of what was read — resources per kind, versions, unresolved pointers."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.catalog.model import Kind
from generator.catalog.load import Loaded

_REFERENCE_FAMILY = "EC2"
# EC2xx findings that are not about a pointer: a duplicate id+version, a message nobody sends.
_NOT_POINTERS = {"EC207", "EC210"}


def summary(loaded: Loaded) -> dict[str, Any]:
    """Counts per kind (distinct ids and all versions), and every unresolved pointer."""
    ids: dict[str, set[str]] = defaultdict(set)
    versions: dict[str, int] = defaultdict(int)
    for resource in loaded.catalog:
        ids[resource.kind.value].add(resource.id)
        versions[resource.kind.value] += 1
    kinds = [k.value for k in Kind if k.value in ids]
    unresolved = [
        {"code": d.code, "file": d.file, "line": d.line, "message": d.message, "hint": d.hint}
        for d in loaded.diagnostics.sorted() if d.family == _REFERENCE_FAMILY and d.code not in _NOT_POINTERS
    ]
    catalog = loaded.catalog
    return {
        "catalog": catalog.root,
        "title": catalog.title,
        "files": loaded.files_read,
        "kinds": {k: {"resources": len(ids[k]), "versions": versions[k]} for k in kinds},
        "edges": {"sends": sum(e.direction == "sends" for e in catalog.edges),
                  "receives": sum(e.direction == "receives" for e in catalog.edges)},
        "schemas": sum(len(m.schemas) for m in catalog.messages),
        "examples": sum(len(m.examples) for m in catalog.messages),
        "unresolved": unresolved,
        "problems": {"errors": loaded.diagnostics.errors, "warnings": loaded.diagnostics.warnings},
    }


def summary_text(data: dict[str, Any]) -> str:
    """The summary as aligned plain text."""
    lines = [f"{data['title']} ({data['catalog']}): {data['files']} resource files", ""]
    lines.append(f"  {'kind':<14}{'resources':>10}{'versions':>10}")
    for kind, counts in data["kinds"].items():
        lines.append(f"  {kind:<14}{counts['resources']:>10}{counts['versions']:>10}")
    lines += ["", f"  {data['edges']['sends']} send and {data['edges']['receives']} receive relationships, "
              f"{data['schemas']} schema files, {data['examples']} example payloads", ""]
    if data["unresolved"]:
        lines.append(f"Unresolved pointers ({len(data['unresolved'])}):")
        for item in data["unresolved"]:
            where = f"{item['file']}:{item['line']}" if item["line"] else str(item["file"])
            hint = f" ({item['hint']})" if item["hint"] else ""
            lines.append(f"  {where}: [{item['code']}] {item['message']}{hint}")
    else:
        lines.append("Every pointer resolves.")
    lines.append("Run `evcat validate` for schema, example and shape checks.")
    return "\n".join(lines)
