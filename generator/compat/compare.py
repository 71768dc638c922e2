"""One entry point per question, whatever the schema format: what changed, and can a reader read a writer."""

from __future__ import annotations

from typing import Any

from generator.compat import avro, jsondiff
from generator.compat.change import Change
from generator.compat.modes import BACKWARD, FORWARD

FORMATS = ("avro", "json-schema")
# Keys that document a schema without changing what it accepts.
_DOCUMENTATION = frozenset({"doc", "description", "title", "examples", "$comment"})
_DOCUMENTATION_CHANGES = frozenset({"TITLE_CHANGED", "DESCRIPTION_CHANGED"})


def compare(old_schema: Any, new_schema: Any, format: str,  # noqa: A002 - the name callers know
            directions: tuple[str, ...] = (BACKWARD, FORWARD), *, safe: bool = True) -> list[Change]:
    """Every change from ``old_schema`` to ``new_schema`` (JSON data of one ``format``), each classified
    for both directions. Raises ValueError for an unknown format or an invalid Avro schema.

    ``directions`` may name only the direction a caller needs: Avro then runs the checker once, and the
    other direction's classes are left False. ``safe=False`` leaves out Avro's safe field-level changes (a
    caller judging a mode needs only what breaks)."""
    if format == "avro":
        return avro.compare(old_schema, new_schema, directions, safe=safe)
    if format == "json-schema":
        return jsondiff.compare(old_schema, new_schema)
    raise ValueError(f"no compatibility check for schema format {format!r}")


def compare_versions(old_schema: Any, old_format: str, new_schema: Any, new_format: str,
                     directions: tuple[str, ...] = (BACKWARD, FORWARD), *, safe: bool = True) -> list[Change]:
    """``compare``, also when the format changed between the versions (then nothing reads the other)."""
    if old_format != new_format:
        return [Change("SCHEMA_FORMAT_CHANGED", "/", True, True,
                       f"the schema format changed from {old_format} to {new_format}; neither version reads "
                       "the other's data", old_format, new_format)]
    return compare(old_schema, new_schema, old_format, directions, safe=safe)


def check_pair(reader: Any, writer: Any, format: str) -> list[Change]:  # noqa: A002
    """The changes that stop ``reader`` from reading data written with ``writer``; empty when it can."""
    if format == "avro":
        return avro.check_pair(reader, writer)
    if format == "json-schema":
        return [change for change in jsondiff.compare(writer, reader) if change.breaks_readers]
    raise ValueError(f"no compatibility check for schema format {format!r}")


def schema_changed(old_schema: Any, new_schema: Any, changes: list[Change] | None = None) -> bool:
    """Whether two versions differ in more than documentation (``doc``, ``description``, ``title`` …).
    ``changes`` (from ``compare``, when the caller has them) can answer without walking the schemas."""
    if old_schema == new_schema:
        return False
    if changes and any(change.id not in _DOCUMENTATION_CHANGES for change in changes):
        return True
    return _without_docs(old_schema) != _without_docs(new_schema)


def _without_docs(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_docs(value) for key, value in data.items() if key not in _DOCUMENTATION}
    if isinstance(data, list):
        return [_without_docs(item) for item in data]
    return data
