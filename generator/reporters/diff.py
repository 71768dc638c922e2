"""``evcat diff`` output: a ``CatalogDiff`` as text, JSON (a versioned contract) or GitHub annotations.

The Markdown form for pull-request comments is in ``diff_markdown``. Every catalog value passes through
``generator.escaping`` (``terminal_text`` for text, the Actions escaping of ``github`` for annotations).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.compat.catalogdiff import CatalogDiff
from generator.escaping import terminal_text
from generator.reporters import diff_markdown
from generator.reporters.diff_words import bump_text, describe, edit_summary, schema_lines, summary
from generator.reporters.github import escape_data, escape_property

FORMATS = ("text", "json", "markdown", "github")


def render(format_name: str, diff: CatalogDiff, *, old_label: str, new_label: str, new_prefix: str = "") -> str:
    """``diff`` in ``format_name``; ``new_prefix`` is prepended to catalog-relative paths in annotations
    (the catalog folder as the repository names it). Ends with a newline."""
    renderers: dict[str, Callable[..., str]] = {"text": render_text, "json": render_json,
                                                "markdown": diff_markdown.render, "github": render_github}
    if format_name not in renderers:
        raise ValueError(f"unknown diff format {format_name!r}; use one of {', '.join(FORMATS)}")
    return renderers[format_name](diff, old_label=old_label, new_label=new_label, new_prefix=new_prefix)


def render_text(diff: CatalogDiff, *, old_label: str, new_label: str, new_prefix: str = "") -> str:
    out = [f"evcat diff {terminal_text(old_label)} → {terminal_text(new_label)}"]
    sections: list[tuple[str, list[str]]] = [
        ("added", [f"  + {describe(e)}{f' (new version after {e.after})' if e.after else ''}  {e.path}"
                   for e in diff.added]),
        ("removed", [f"  - {describe(e)}  {e.path}" for e in diff.removed]),
        ("changed", [f"  ~ {describe(e.new)}: {edit_summary(e)}" for e in diff.edited]),
    ]
    for title, lines in sections:
        if lines:
            out += ["", f"{title} ({len(lines)}):", *map(terminal_text, lines)]
    if diff.schemas:
        out += ["", f"schema changes ({len(diff.schemas)}):"]
        for schema in diff.schemas:
            out += [terminal_text(line) for line in schema_lines(schema)]
    if len(out) > 1:
        # The two sides may be git revisions, with no folder to open: say what the paths are relative to.
        out += ["", "paths are relative to each side's catalog folder"]
    mark = "✖" if diff.breaking else "✔"
    out += ["", f"{mark} {summary(diff)}"]
    return "\n".join(out) + "\n"


def render_json(diff: CatalogDiff, *, old_label: str, new_label: str, new_prefix: str = "") -> str:
    data: dict[str, Any] = {"version": diff.as_dict()["version"], "old": old_label, "new": new_label,
                            **{k: v for k, v in diff.as_dict().items() if k != "version"}}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def render_github(diff: CatalogDiff, *, old_label: str, new_label: str, new_prefix: str = "") -> str:
    """``::error`` for each breaking schema change, ``::warning`` for each removed resource, ``::notice``
    for the other schema changes; the summary is the last line."""
    lines = []
    for schema in diff.schemas:
        command = "error" if schema.breaking else "notice"
        body = "\n".join(schema_lines(schema)).strip()
        lines.append(_annotation(command, new_prefix + schema.new.path, schema.new.line,
                                 f"evcat diff: {schema.new.key.id} {bump_text(schema)}", body))
    for entry in diff.removed:
        lines.append(_annotation("warning", None, None, "evcat diff: removed",
                                 f"{describe(entry)} was removed (it was {entry.path})"))
    lines.append(terminal_text(f"{'✖' if diff.breaking else '✔'} evcat diff {old_label} → {new_label}: "
                               f"{summary(diff)}"))
    return "\n".join(lines) + "\n"


def _annotation(command: str, file: str | None, line: int | None, title: str, message: str) -> str:
    properties = [("file", file)] if file else []
    if file and line is not None:
        properties.append(("line", str(line)))
    properties.append(("title", title))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {props}::{escape_data(message)}"
