"""``evcat diff --format markdown``: a pull-request comment — a summary line, a table of the breaking
changes with the consumers they hit, and everything else inside ``<details>``.

Every catalog value goes through ``md_cell``/``md_text``/``md_code`` (``generator.escaping``), so an id
holding ``|``, ``<script>`` or a backtick stays text in GitHub's Markdown.
"""

from __future__ import annotations

from generator.compat.catalogdiff import CatalogDiff, SchemaDiff
from generator.compat.change import breaks
from generator.escaping import md_cell, md_code, md_text
from generator.reporters.diff_words import bump_text, describe, edit_summary, summary

SHOWN_CHANGES = 5  # breaking changes listed in one table cell; the rest are counted


def render(diff: CatalogDiff, *, old_label: str, new_label: str, new_prefix: str = "") -> str:
    mark = "❌" if diff.breaking else "✅"
    out = [f"{mark} **evcat diff** {md_code(old_label)} → {md_code(new_label)}: {md_text(summary(diff))}"]
    if diff.breaking:
        out += ["", "| Message | Versions | Mode | Bump | Breaking changes | Consumers hit |",
                "| --- | --- | --- | --- | --- | --- |"]
        out += [_breaking_row(schema) for schema in diff.breaking]
    details = _details(diff)
    if details:
        out += ["", "<details><summary>Details</summary>", "", *details, "", "</details>"]
    return "\n".join(out) + "\n"


def _breaking_row(schema: SchemaDiff) -> str:
    changes = [f"{md_code(change.id)} at {md_code(change.pointer)}" for change in schema.breaking[:SHOWN_CHANGES]]
    if len(schema.breaking) > SHOWN_CHANGES:
        changes.append(f"and {len(schema.breaking) - SHOWN_CHANGES} more")
    consumers = "<br>".join(md_cell(c.describe()) for c in schema.consumers) or "none declared"
    message = f"{md_cell(schema.new.key.kind.value)} {md_code(schema.new.key.id)}"
    versions = f"{md_cell(schema.old.key.version)} → {md_cell(schema.new.key.version)}"
    return (f"| {message} | {versions} | {schema.mode} | {md_cell(bump_text(schema))} | {'<br>'.join(changes)} "
            f"| {consumers} |")


def _details(diff: CatalogDiff) -> list[str]:
    out: list[str] = []
    if diff.schemas:
        out += ["#### Schema changes", ""]
        for schema in diff.schemas:
            out += _schema_items(schema)
    sections = [("Added", [f"- {md_text(describe(e))}{md_text(f' (new version after {e.after})' if e.after else '')} "
                           f"{md_code(e.path)}" for e in diff.added]),
                ("Removed", [f"- {md_text(describe(e))} {md_code(e.path)}" for e in diff.removed]),
                ("Changed", [f"- {md_text(describe(e.new))}: {md_text(edit_summary(e))}" for e in diff.edited])]
    for title, lines in sections:
        if lines:
            out += ["", f"#### {title}", "", *lines]
    return out


def _schema_items(schema: SchemaDiff) -> list[str]:
    head = (f"- **{md_text(schema.new.key.id)}** {md_text(schema.old.key.version)} → "
            f"{md_text(schema.new.key.version)} ({schema.mode}): {md_text(bump_text(schema))}")
    lines = [head]
    if schema.problem:
        lines.append(f"  - {md_text(schema.problem)}")
    for change in schema.changes:
        flag = "breaks the mode" if breaks(change, schema.mode) else change.classification
        lines.append(f"  - {md_code(change.id)} ({flag}): {md_text(change.message)}")
    return lines
