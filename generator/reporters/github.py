"""GitHub Actions workflow commands: each finding becomes an annotation on the file in the pull request.

``::error file=catalog/events/x/index.md,line=3,col=5,title=EC201::message%0Ahint: …`` — errors as
``::error``, warnings as ``::warning``, info as ``::notice``. Annotation paths must be relative to the
repository (the job's working directory), so the catalog folder, as a path from the working directory when
that is given, is put in front of the catalog-relative path.
"""

from __future__ import annotations

from pathlib import PurePath, PurePosixPath

from generator.diagnostics import Diagnostic, Diagnostics, Severity
from generator.reporters._common import location_text, shown_root, summary_mark, summary_text

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.OFF: "notice",
}


def escape_data(text: str) -> str:
    """Escape a command's message as the Actions toolkit does (``%``, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: like the message, plus ``:`` and ``,`` that would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation_path(file: str, catalog_root: str) -> str:
    """``file`` (catalog-relative) as a POSIX path from the working directory, e.g. ``catalog/events/…``."""
    root = PurePath(catalog_root).as_posix() if catalog_root else "."
    return (PurePosixPath(root) / file).as_posix() if root != "." else file


def format_command(diagnostic: Diagnostic, catalog_root: str) -> str:
    """One ``::error …::…`` line for a finding."""
    properties: list[tuple[str, str]] = []
    if diagnostic.file:
        properties.append(("file", annotation_path(diagnostic.file, catalog_root)))
        if diagnostic.line is not None:
            properties.append(("line", str(diagnostic.line)))
            if diagnostic.column is not None:
                properties.append(("col", str(diagnostic.column)))
    properties.append(("title", diagnostic.code))
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    for related in diagnostic.related:
        where = annotation_path(related.file, catalog_root)
        message += f"\nsee also: {location_text(where, related.line, related.column)}"
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[diagnostic.severity]} {props}::{escape_data(message)}"


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
    """One workflow command per finding, then the plain summary line for the job log. With ``working_dir``
    (the job's), a catalog folder given as an absolute path still gives repository-relative annotations."""
    if working_dir is not None:
        # Annotations must name a path inside the repository, however far the relative path climbs.
        catalog_root = shown_root(catalog_root, working_dir, max_levels_up=None)
    lines = [format_command(d, catalog_root) for d in diagnostics.sorted()]
    lines.append(f"{summary_mark(diagnostics)} {summary_text(diagnostics, checked_files)}")
    return "\n".join(lines) + "\n"
