"""Human-readable report: one ``path:line:col: error[EC201] message`` line per finding, a line saying what
the paths are relative to, then a summary.

Given the working directory, paths open from it (``catalog/events/X/index.mdx:12:3``: terminals and editors
make that clickable): relative while the catalog is inside it or at most two folders up, else absolute.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Diagnostics, Severity
from generator.reporters._common import location_text, paths_note, shown_path, shown_root, summary_mark, summary_text

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_SEVERITY_COLORS: dict[Severity, str] = {
    Severity.ERROR: "\x1b[1;31m",  # bold red
    Severity.WARNING: "\x1b[1;33m",  # bold yellow
    Severity.INFO: "\x1b[1;34m",  # bold blue
    Severity.OFF: "",
}
_MARK_COLORS = {"✖": "\x1b[1;31m", "⚠": "\x1b[1;33m", "✔": "\x1b[1;32m"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color and style else text


def _indent(text: str, prefix: str) -> str:
    # Continuation lines are indented so every finding still starts at column 0.
    return text.replace("\n", "\n" + prefix)


def _where(file: str | None, root: str) -> str | None:
    return shown_path(file, root) if file else file


def format_diagnostic(diagnostic: Diagnostic, *, color: bool = False, root: str = "") -> list[str]:
    """The lines of one finding: the location line, then ``= hint:`` and ``= see also:`` lines; file paths
    are put under ``root`` (from ``_common.shown_root``; "" keeps them catalog-relative)."""
    where = _paint(location_text(_where(diagnostic.file, root), diagnostic.line, diagnostic.column), _BOLD,
                   color)
    label = _paint(
        f"{diagnostic.severity.label}[{diagnostic.code}]", _SEVERITY_COLORS[diagnostic.severity], color
    )
    lines = [f"{where}: {label} {_indent(diagnostic.message, '  ')}"]
    if diagnostic.hint:
        lines.append(f"  = hint: {_indent(diagnostic.hint, '    ')}")
    lines.extend(
        f"  = see also: {location_text(_where(related.file, root), related.line, related.column)}"
        for related in diagnostic.related
    )
    return lines


def summary_line(diagnostics: Diagnostics, *, checked_files: int | None = None, color: bool = False) -> str:
    """``✖ 3 errors, 1 warning in 2 files`` or ``✔ no problems found (12 files checked)``."""
    mark = summary_mark(diagnostics)
    return f"{_paint(mark, _MARK_COLORS[mark], color)} {summary_text(diagnostics, checked_files)}"


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
    """Render findings in report order; the summary is always the last line. With ``working_dir``, paths
    open from it; without, they stay catalog-relative. Either way the line before the summary says which."""
    root = shown_root(catalog_root, working_dir) if working_dir is not None else None
    lines: list[str] = []
    for diagnostic in diagnostics.sorted():
        lines.extend(format_diagnostic(diagnostic, color=color, root=root or ""))
    if any(d.file or d.related for d in diagnostics):
        lines.append(paths_note(root))
    lines.append(summary_line(diagnostics, checked_files=checked_files, color=color))
    return "\n".join(lines) + "\n"
