"""EC3xx: schema files — present, inside the catalog, parseable, valid Avro or valid JSON Schema with
local ``$ref``s only. Each finding points into the schema file at the offending field."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.catalog.assemble import suggest
from generator.catalog.files import CatalogReader, Refusal
from generator.catalog.model import Catalog, Channel, Message, Resource, SchemaFile
from generator.diagnostics import Diagnostic, at
from generator.diagnostics.codes import rule
from generator.schemas.avro import parse_avro
from generator.schemas.jsonschema import check_json_schema
from generator.schemas.jsontext import Loaded, load_with_positions, position_of


@dataclass(frozen=True)
class ParsedSchema:
    """A schema file's data and, for Avro, fastavro's parsed form (None when unusable)."""

    loaded: Loaded
    avro: Any = None
    usable: bool = False


def catalog_file(root: Path, relative: str) -> str | Refusal:
    """The text of a catalog file, or why it was not read."""
    return CatalogReader(root).read(relative)


def syntax_of(path: str) -> str:
    return "yaml" if path.lower().endswith((".yaml", ".yml")) else "json"


@lru_cache(maxsize=8192)
def _parsed(text: str, syntax: str, schema_format: str) -> tuple[ParsedSchema, tuple]:
    loaded = load_with_positions(text, syntax)  # type: ignore[arg-type]
    if loaded.data is None:
        return ParsedSchema(loaded), ()
    if schema_format == "avro":
        result = parse_avro(loaded.data)
        return ParsedSchema(loaded, result.schema, result.schema is not None), tuple(result.problems)
    return ParsedSchema(loaded, None, True), ()


def parse(schema: SchemaFile) -> ParsedSchema | None:
    """The parsed form of a schema file evcat can check (Avro, JSON Schema), or None."""
    if schema.text is None or schema.path is None or schema.format not in ("avro", "json-schema"):
        return None
    return _parsed(schema.text, syntax_of(schema.path), schema.format)[0]


def schema_files(resources: Iterable[Resource]) -> dict[str, tuple[SchemaFile, str]]:
    """Every schema file the resources name (messages and channel envelopes), once per path."""
    found: dict[str, tuple[SchemaFile, str]] = {}
    for resource in resources:
        schemas: tuple[SchemaFile, ...] = ()
        if isinstance(resource, Message):
            schemas = resource.schemas
        elif isinstance(resource, Channel) and resource.envelope is not None:
            schemas = (resource.envelope.schema,)
        for schema in schemas:
            key = schema.path or f"{resource.path}#{schema.declared}"
            found.setdefault(key, (schema, resource.folder))
    return found


def check(catalog: Catalog, resources: Sequence[Resource] | None = None) -> list[Diagnostic]:
    """Every schema-file finding of the catalog (or of some of its resources)."""
    root = Path(catalog.root)
    chosen = catalog.resources if resources is None else resources
    found: list[Diagnostic] = []
    for schema, folder in schema_files(chosen).values():
        found += _check_one(schema, folder, root)
    for resource in chosen:
        if isinstance(resource, Channel):
            found += envelope_problems(resource)
    return found


def envelope_problems(channel: Channel) -> list[Diagnostic]:
    """EC308: an ``x-envelope`` evcat cannot use. It is then ignored, so examples are checked without it."""
    doc = channel.document
    spec = doc.data.get("x-envelope")
    if spec is None:
        return []
    if not isinstance(spec, Mapping):
        return [rule("EC308")(f"x-envelope must be a mapping, not {type(spec).__name__}; it is ignored",
                              **at(doc.where("x-envelope", value=True)),
                              hint="write x-envelope: {schemaPath: <file>, payload: /json/pointer}")]
    found = []
    others = [str(k) for k in spec if k not in ("schemaPath", "payload", "name", "format")]
    for key, what in (("schemaPath", "the envelope's schema file, relative to the channel folder"),
                      ("payload", "the JSON pointer where the message payload sits, e.g. /detail/payload")):
        if not isinstance(spec.get(key), str) or not spec[key].strip():
            guess = suggest(key, others)
            found.append(rule("EC308")(f"x-envelope has no {key}; the envelope is ignored",
                                       **at(doc.where("x-envelope")),
                                       hint=f"did you mean '{key}' instead of '{guess}'?" if guess
                                       else f"add {key}: {what}"))
    payload = spec.get("payload")
    if isinstance(payload, str) and payload.strip() and not payload.startswith("/"):
        pointer = "/" + payload.strip().replace(".", "/")
        found.append(rule("EC308")(f"x-envelope payload '{payload}' is not a JSON pointer; the envelope is "
                                   "ignored", **at(doc.where("x-envelope", "payload", value=True)),
                                   hint=f"write it as a JSON pointer: '{pointer}'"))
    return found


def _check_one(schema: SchemaFile, folder: str, root: Path) -> list[Diagnostic]:
    if schema.path is None:
        return [rule("EC302")(f"schema path '{schema.declared}' points outside the catalog folder",
                              **at(schema.location), hint="keep schema files inside the catalog, next to the message")]
    if schema.text is None:
        # A file that exists but was refused (outside by a link, not a regular file, too large, not UTF-8)
        # was reported with its own code when the catalog was read; only a missing file is EC301.
        refusal = catalog_file(root, schema.path)
        return [_missing(schema, folder, root)] if isinstance(refusal, Refusal) and refusal.kind == "missing" else []
    if schema.format not in ("avro", "json-schema"):
        return [rule("EC307")(f"schema '{schema.declared}' is {schema.format}; evcat shows it but cannot check "
                              "examples against it", **at(schema.location),
                              hint="examples of this message are not validated")]
    parsed, avro_problems = _parsed(schema.text, syntax_of(schema.path), schema.format)
    loaded = parsed.loaded
    if loaded.data is None:
        error = loaded.error
        return [rule("EC306")(f"schema '{schema.declared}' is not valid {syntax_of(schema.path).upper()}: "
                              f"{error.message if error else 'unreadable'}", file=schema.path,
                              line=error.line if error else None, column=error.column if error else None,
                              hint="fix the syntax; until then no example can be checked")]
    found = duplicate_keys(schema.path, loaded, 0)
    if schema.format == "avro":
        return found + [_located("EC303", schema, loaded, p.pointer, f"invalid Avro schema: {p.message}",
                                 "fastavro rejects this schema; fix the field shown") for p in avro_problems]
    problems = check_json_schema(loaded.data, base_dir=root / folder, catalog_root=root,
                                 has_refs=may_refer(schema.text))
    return found + [_located("EC305" if p.kind == "unresolvable-ref" else "EC304", schema, loaded, p.pointer,
                     p.message if p.kind == "unresolvable-ref" else f"invalid JSON Schema: {p.message}",
                     "only local files inside the catalog are resolved; nothing is fetched"
                     if p.kind == "unresolvable-ref" else "fix the keyword shown; the draft comes from $schema")
            for p in problems]


def may_refer(text: str) -> bool:
    """False only when the schema text cannot contain a $ref, $id or pattern (so no walk is needed)."""
    return "$ref" in text or "$id" in text or "pattern" in text


def duplicate_keys(path: str, loaded: Loaded, line_offset: int) -> list[Diagnostic]:
    """EC006 for every key repeated in one JSON/YAML object: all but the last value are silently lost."""
    return [rule("EC006")(f"duplicate key '{d.pointer.rsplit('/', 1)[-1]}' at {d.pointer}; only the last "
                          "value is kept", file=path, line=d.line + line_offset, column=d.column,
                          pointer=d.pointer, hint="remove one of the entries")
            for d in loaded.duplicate_keys]


def _located(code: str, schema: SchemaFile, loaded: Loaded, pointer: str | None, message: str,
             hint: str) -> Diagnostic:
    position = position_of(loaded, pointer or "")
    return rule(code)(message, file=schema.path, line=position.line if position else None,
                      column=position.column if position else None, pointer=pointer or None, hint=hint)


def _missing(schema: SchemaFile, folder: str, root: Path) -> Diagnostic:
    directory = root / posixpath.dirname(schema.path or "")
    try:
        siblings = sorted(p.name for p in directory.iterdir() if p.is_file()) if directory.is_dir() else []
    except OSError:
        siblings = []
    guess = suggest(posixpath.basename(schema.declared), [s for s in siblings if not s.endswith((".md", ".mdx"))])
    return rule("EC301")(f"schema file '{schema.declared}' does not exist", **at(schema.location),
                         hint=f"did you mean '{guess}'?" if guess else "add the file or fix the path")
