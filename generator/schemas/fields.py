"""Schema → rows of a field table for the schema viewer.

One ``FieldRow`` per field or property, parents before children, ``depth`` for indentation. Paths join
names with ``.``, with ``[]`` for array items and ``{}`` for map values (``items[].sku``,
``attributes{}.value``). Works on any input: a broken schema gives the rows that could be read.
"""

from __future__ import annotations

from pathlib import Path

from generator.schemas.fields_avro import avro_rows
from generator.schemas.fields_json import json_rows
from generator.schemas.model import FieldRow, SchemaFormat, as_format

__all__ = ["FieldRow", "field_rows"]


def field_rows(schema: object, format: SchemaFormat | str, *, base_dir: Path | None = None,
               catalog_root: Path | None = None) -> list[FieldRow]:
    """The field rows of an Avro or JSON Schema document (``[]`` for other formats).

    JSON Schema ``$ref``s within the document are followed; with ``base_dir`` (and ``catalog_root``)
    references to catalog files are followed too. Never raises.
    """
    rows: list[FieldRow] = []
    kind = as_format(format)
    try:
        if kind is SchemaFormat.AVRO:
            avro_rows(schema, rows)
        elif kind is SchemaFormat.JSON_SCHEMA:
            json_rows(schema, rows, base_dir, catalog_root)
    # the viewer shows what could be read; the schema rules report what is wrong
    except Exception:  # noqa: BLE001
        return rows
    return rows

