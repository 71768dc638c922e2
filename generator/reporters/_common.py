"""Small helpers shared by the reporters: locations, rule look-up, docs links and the summary sentence."""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Diagnostics
from generator.diagnostics.codes import RULES, Rule

# Where a rule's section lives, relative to the repository root; `Rule.anchor` names the section.
RULES_DOC = "docs/rules.md"
NO_FILE = "<catalog>"


def rule_for(diagnostic: Diagnostic) -> Rule | None:
    """The registered rule of a finding, or None for a code the registry does not know."""
    return RULES.get(diagnostic.code)


def rule_docs(rule: Rule, rules_uri: str | None = None) -> str:
    """Link to a rule's documentation: ``rules_uri#anchor`` when given, else ``docs/rules.md#anchor``."""
    return f"{rules_uri or RULES_DOC}#{rule.anchor}"


def location_text(file: str | None, line: int | None = None, column: int | None = None) -> str:
    """``path:line:col`` with unknown parts left out (a column without a line locates nothing: dropped)."""
    text = file or NO_FILE
    if line is not None:
        text += f":{line}"
        if column is not None:
            text += f":{column}"
    return text


def _plural(count: int, word: str) -> str:
    # "info" is a mass noun: "3 info" reads better than "3 infos".
    if word == "info":
        return f"{count} info"
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_mark(diagnostics: Diagnostics) -> str:
    """The leading mark of the summary: ✖ with errors, ⚠ with warnings only, else ✔."""
    if diagnostics.errors:
        return "✖"
    if diagnostics.warnings:
        return "⚠"
    return "✔"


def summary_text(diagnostics: Diagnostics, checked_files: int | None = None) -> str:
    """The summary sentence without its mark, e.g. ``3 errors, 1 warning in 2 files``."""
    counts = diagnostics.summary()
    parts = [
        _plural(counts[key], word)
        for key, word in (("errors", "error"), ("warnings", "warning"), ("info", "info"))
        if counts[key]
    ]
    checked = f"({_plural(checked_files, 'file')} checked)" if checked_files is not None else ""
    if not parts:
        return " ".join(filter(None, ["no problems found", checked]))
    text = ", ".join(parts)
    if counts["files"]:
        text += f" in {_plural(counts['files'], 'file')}"
    return " ".join(filter(None, [text, checked]))
