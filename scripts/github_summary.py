"""The GitHub Action's job summary and step outputs, from the JSON report of ``evcat validate``.

Used by ``action.yml`` (the action runs from its own checkout, so this file is there); it is not part of
the ``evcat`` package. Catalog text in the report reaches the Markdown only through evcat's own escaping.

    python github_summary.py REPORT.json            # Markdown for $GITHUB_STEP_SUMMARY
    python github_summary.py --outputs REPORT.json  # key=value lines for $GITHUB_OUTPUT
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.escaping import md_cell, md_code

SHOWN = 50  # a summary is read by people; the annotations and the report file hold every finding
ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}  # noqa: RUF001 - the emoji GitHub shows


def load(report: Path) -> dict | None:
    """The report, or None when evcat could not write one (a usage error: its message is in the log)."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("summary"), dict) else None


def summary(report: dict | None) -> str:
    """A heading with the counts, then a table of the first findings."""
    if report is None:
        return "## evcat validate\n\nevcat could not check the catalog; the step's log says why.\n"
    counts = report["summary"]
    errors, warnings, infos = (int(counts.get(key, 0)) for key in ("errors", "warnings", "info"))
    checked = int(counts.get("checked_files", 0))
    if not (errors or warnings or infos):
        return f"## evcat validate\n\n✅ No problems found ({checked} files checked).\n"
    lines = ["## evcat validate", "",
             f"{errors} error(s), {warnings} warning(s), {infos} info ({checked} files checked).", "",
             "| | code | where | finding |", "| --- | --- | --- | --- |"]
    findings = report.get("diagnostics", [])
    for found in findings[:SHOWN]:
        where = f"{found.get('file') or '(catalog)'}:{found.get('line') or ''}".rstrip(":")
        lines.append(f"| {ICONS.get(found.get('severity'), '')} | {md_code(found.get('code', ''))} | "
                     f"{md_code(where)} | {md_cell(found.get('message', ''))} |")
    if len(findings) > SHOWN:
        lines += ["", f"… and {len(findings) - SHOWN} more in the annotations and the report file."]
    return "\n".join(lines) + "\n"


def outputs(report: dict | None) -> str:
    """``errors``, ``warnings`` and ``info`` for later steps (empty when there is no report)."""
    counts = report["summary"] if report else {}
    return "".join(f"{key}={int(counts[key]) if key in counts else ''}\n" for key in ("errors", "warnings", "info"))


def main(arguments: list[str]) -> int:
    as_outputs = arguments[:1] == ["--outputs"]
    paths = arguments[1:] if as_outputs else arguments
    if len(paths) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    report = load(Path(paths[0]))
    sys.stdout.write(outputs(report) if as_outputs else summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
