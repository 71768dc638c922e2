"""A schema prepared for display: parsed data, field rows for the table, highlight language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.catalog.model import SchemaFile


@dataclass(frozen=True)
class SchemaView:
    data: Any
    rows: tuple[dict[str, Any], ...]
    lang: str
    title: str | None = None
    description: str | None = None


def view_of(schema: SchemaFile | None) -> SchemaView | None:
    """The display form of ``schema``; None when it has no readable text."""
    if schema is None or schema.text is None:
        return None
    return _view(schema.text, schema.format, (schema.path or schema.declared).rsplit(".", 1)[-1].lower())


@lru_cache(maxsize=2048)
def _view(text: str, schema_format: str, extension: str) -> SchemaView:
    from generator.schemas.fields import field_rows  # noqa: PLC0415 - heavy imports only when rendering
    from generator.schemas.jsontext import load_with_positions  # noqa: PLC0415

    lang = {"avsc": "json", "avro": "json", "json": "json", "yaml": "yaml", "yml": "yaml",
            "proto": "protobuf"}.get(extension, "text")
    if schema_format not in ("avro", "json-schema"):
        return SchemaView(None, (), lang)
    loaded = load_with_positions(text, "yaml" if lang == "yaml" else "json")
    data = loaded.data
    if data is None:
        return SchemaView(None, (), lang)
    rows = tuple(_row(r) for r in field_rows(data, schema_format))
    title = data.get("title") or data.get("name") if isinstance(data, dict) else None
    description = data.get("description") or data.get("doc") if isinstance(data, dict) else None
    return SchemaView(data, rows, lang, str(title) if title else None, str(description) if description else None)


def _row(row: Any) -> dict[str, Any]:
    return {
        "path": row.path, "name": row.name, "type": row.type, "required": row.required,
        "default": row.default, "description": row.description or "",
        "constraints": list(row.constraints), "depth": row.depth,
    }
