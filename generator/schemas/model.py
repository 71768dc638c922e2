"""Result types of the schema layer and the choice of a schema's format.

Everything here is a plain value: the schema functions return these, and the rules layer maps them to
diagnostic codes. Nothing in this package creates a ``Diagnostic``.
"""

from __future__ import annotations

import enum
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal, NamedTuple

SchemaProblemKind = Literal["invalid-avro", "invalid-json-schema", "unresolvable-ref"]
# "unchecked": the example could not be checked to the end (e.g. a $ref of the schema cannot be resolved),
# so a clean result would be a lie; the rules layer decides how loud that is.
ExampleProblemKind = Literal["mismatch", "unknown-key", "unchecked"]


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a text."""

    line: int
    column: int


class DuplicateKey(NamedTuple):
    """A key repeated in one mapping: the pointer and 1-based position of the later occurrence."""

    pointer: str
    line: int
    column: int


@dataclass(frozen=True)
class SyntaxProblem:
    """Why a text is not valid JSON/YAML; ``line``/``column`` are 1-based, None when the parser gave none."""

    message: str
    line: int | None
    column: int | None


@dataclass(frozen=True)
class SchemaProblem:
    """A defect of a schema itself; ``pointer`` is a JSON pointer into the schema document, if known."""

    kind: SchemaProblemKind
    message: str
    pointer: str | None = None


@dataclass(frozen=True)
class ExampleProblem:
    """A way a payload disagrees with its schema; ``pointer`` is a JSON pointer into the payload."""

    kind: ExampleProblemKind
    message: str
    pointer: str = ""


@dataclass(frozen=True)
class AvroResult:
    """The outcome of parsing an Avro schema: fastavro's parsed schema (None when invalid) and problems."""

    schema: object | None
    problems: list[SchemaProblem]


@dataclass(frozen=True)
class FieldRow:
    """One line of a schema viewer's field table. ``path`` joins names with ``.``, ``[]`` (array items)
    and ``{}`` (map values); ``default`` is JSON text; ``constraints`` are short phrases such as ``min 1``,
    ``maxLength 64``, ``pattern ^[A-Z]``, ``enum: a, b``, ``format: uuid``; ``depth`` is for indentation."""

    path: str
    name: str
    type: str
    required: bool
    default: str | None
    description: str | None
    constraints: tuple[str, ...]
    depth: int


class SchemaFormat(enum.Enum):
    """The schema languages evcat knows about."""

    AVRO = "avro"
    JSON_SCHEMA = "json-schema"
    PROTOBUF = "protobuf"
    UNKNOWN = "unknown"


_DECLARED = {
    "avro": SchemaFormat.AVRO,
    "avsc": SchemaFormat.AVRO,
    "apache-avro": SchemaFormat.AVRO,
    "json-schema": SchemaFormat.JSON_SCHEMA,
    "jsonschema": SchemaFormat.JSON_SCHEMA,
    "json_schema": SchemaFormat.JSON_SCHEMA,
    "json": SchemaFormat.JSON_SCHEMA,
    "yaml": SchemaFormat.JSON_SCHEMA,
    "yml": SchemaFormat.JSON_SCHEMA,
    "protobuf": SchemaFormat.PROTOBUF,
    "proto": SchemaFormat.PROTOBUF,
    "proto3": SchemaFormat.PROTOBUF,
    "protobuf3": SchemaFormat.PROTOBUF,
}
_BY_EXTENSION = {
    ".avsc": SchemaFormat.AVRO,
    ".avro": SchemaFormat.AVRO,
    ".json": SchemaFormat.JSON_SCHEMA,
    ".yaml": SchemaFormat.JSON_SCHEMA,
    ".yml": SchemaFormat.JSON_SCHEMA,
    ".proto": SchemaFormat.PROTOBUF,
}
_AVRO_NAMED = {"record", "error", "enum", "fixed"}
_NO_DATA = object()


def sniff_format(data: object) -> SchemaFormat | None:
    """Guess the schema language from parsed content; None when the content does not say.

    Avro: a top-level list (a union), or an object whose ``type`` is ``record``/``enum``/``fixed`` with a
    ``name`` and no ``$schema``. JSON Schema: an object with ``$schema``, or with JSON Schema's own keywords.
    """
    if isinstance(data, list):
        return SchemaFormat.AVRO
    if not isinstance(data, dict):
        return None
    if "$schema" in data:
        return SchemaFormat.JSON_SCHEMA
    kind = data.get("type")
    if isinstance(kind, str) and kind in _AVRO_NAMED and "name" in data \
            and any(key in data for key in ("fields", "symbols", "size")):
        return SchemaFormat.AVRO
    if any(key in data for key in ("properties", "$defs", "definitions", "$ref", "oneOf", "anyOf", "allOf")):
        return SchemaFormat.JSON_SCHEMA
    return None


def format_for(path: str, declared: str | None = None, data: object = _NO_DATA) -> SchemaFormat:
    """The format of the schema file at ``path``.

    A declared ``format`` (from ``schemas[].format``) wins; an unrecognised declaration gives ``UNKNOWN`` so
    the caller can say so rather than silently guess. Otherwise the extension decides, except that a
    ``.json``/``.yaml`` file whose parsed ``data`` (when given) looks like Avro is Avro.
    """
    if declared is not None and str(declared).strip():
        return _DECLARED.get(str(declared).strip().lower(), SchemaFormat.UNKNOWN)
    by_extension = _BY_EXTENSION.get(PurePosixPath(path.replace("\\", "/")).suffix.lower())
    sniffed = sniff_format(data) if data is not _NO_DATA else None
    if by_extension is SchemaFormat.JSON_SCHEMA and sniffed is SchemaFormat.AVRO:
        return SchemaFormat.AVRO
    if by_extension is not None:
        return by_extension
    return sniffed or SchemaFormat.UNKNOWN


def as_format(value: SchemaFormat | str) -> SchemaFormat:
    """A ``SchemaFormat`` from itself or its value (``"avro"``, ``"json-schema"`` …), else ``UNKNOWN``."""
    try:
        return SchemaFormat(value)
    except ValueError:
        return SchemaFormat.UNKNOWN


def escape_token(token: object) -> str:
    """One JSON-pointer reference token (RFC 6901: ``~`` → ``~0``, ``/`` → ``~1``)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def json_pointer(parts: Iterable[object]) -> str:
    """The JSON pointer of a path given as keys and indexes (``""`` for the root)."""
    return "".join("/" + escape_token(part) for part in parts)


def pointer_parts(pointer: str) -> list[str]:
    """The unescaped reference tokens of a JSON pointer (``[]`` for the root)."""
    if not pointer:
        return []
    body = pointer.removeprefix("/")
    return [token.replace("~1", "/").replace("~0", "~") for token in body.split("/")]


def quote(value: object, limit: int = 80) -> str:
    """``repr`` of a value for a message, cut short (``...``) when long so one bad payload cannot flood
    a report."""
    short = reprlib.Repr()
    short.maxstring = short.maxother = limit
    short.maxlist = short.maxdict = short.maxtuple = short.maxset = 6
    short.maxlevel = 3
    return short.repr(value)
