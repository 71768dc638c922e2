"""Small helpers shared by the reporters: locations, rule look-up, docs links and the summary sentence."""

from __future__ import annotations

import os
import posixpath
import re

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


# A catalog this many folders above the working directory or fewer is shown with "../"; further away, a
# relative path is harder to read than the absolute one.
MAX_LEVELS_UP = 2


def shown_root(catalog_root: str, working_dir: str, *, max_levels_up: int | None = MAX_LEVELS_UP) -> str:
    """The folder ``catalog_root`` as a POSIX path that opens from ``working_dir``: ``""`` for the working
    directory itself, ``catalog`` or ``../other/catalog`` (at most ``max_levels_up`` ``..``; None: any), else
    absolute. Purely lexical (``os.path``), like the shell resolving what the user typed."""
    absolute = os.path.abspath(catalog_root)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(working_dir))
    except ValueError:  # another drive on Windows: no relative path exists
        return _posix(absolute)
    levels_up = relative.split(os.sep).count(os.pardir)
    if max_levels_up is not None and levels_up > max_levels_up:
        return _posix(absolute)
    return "" if relative == os.curdir else _posix(relative)


def _posix(path: str) -> str:
    # "/" separators: what terminals, editors and GitHub annotations all accept.
    return path.replace(os.sep, "/")


def shown_path(file: str, root: str) -> str:
    """A catalog-relative ``file`` as seen from where ``root`` (from ``shown_root``) was computed; a
    ``file`` that is already absolute stays as it is."""
    return posixpath.join(root, file) if root else file


def paths_note(root: str | None) -> str:
    """The line that says what the paths of a report are relative to; ``root`` is from ``shown_root``, or
    None when paths stay catalog-relative."""
    if root is None:
        return "paths are relative to the catalog folder"
    if posixpath.isabs(root) or re.match(r"^[A-Za-z]:/", root):
        return "paths are absolute"
    return "paths are relative to the current folder"


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
