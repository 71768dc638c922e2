"""EC4xx: example payloads against the message schema (and the channel's envelope schema).

Examples are files in ``examples/`` and fenced JSON/YAML blocks in the body titled as an example or a
payload. Every failing field is reported at its line in the example file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generator.catalog.model import Catalog, Channel, Envelope, Example, Message, Resource, SchemaFile
from generator.diagnostics import Diagnostic
from generator.diagnostics.codes import rule
from generator.rules.schemas import ParsedSchema, duplicate_keys, may_refer, parse
from generator.schemas.avro import validate_avro
from generator.schemas.jsonschema import json_validator
from generator.schemas.jsontext import Loaded, load_with_positions, position_of
from generator.schemas.model import ExampleProblem, pointer_parts

_CONFIG_NAMES = ("examples.config.yaml", "examples.config.yml", "examples.config.json")


def check(catalog: Catalog, resources: Sequence[Resource] | None = None) -> list[Diagnostic]:
    """Every example finding of the catalog (or of some of its resources)."""
    found: list[Diagnostic] = []
    root = Path(catalog.root)
    checkers = Checkers(root)
    chosen = catalog.resources if resources is None else resources
    for message in (r for r in chosen if isinstance(r, Message)):
        envelopes = envelopes_of(catalog, message)
        for example in message.examples:
            found += example_findings(message, example, envelopes, root, checkers)
        found += _config_mismatch(message)
    return found


def envelopes_of(catalog: Catalog, message: Message) -> list[Envelope]:
    """Envelopes of the channels this message version travels on."""
    found: dict[str, Envelope] = {}
    for edge in catalog.producers(message.key) + catalog.consumers(message.key):
        for key, _ in edge.channels:
            channel = catalog.get(key)
            if isinstance(channel, Channel) and channel.envelope is not None:
                found.setdefault(channel.id, channel.envelope)
    return list(found.values())


class Checkers:
    """Payload checkers built once per schema file for one run (building a JSON Schema validator costs
    more than using it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._built: dict[str, Callable[[Any], list[ExampleProblem]]] = {}

    def for_schema(self, schema: SchemaFile, parsed: ParsedSchema) -> Callable[[Any], list[ExampleProblem]]:
        key = schema.path or schema.declared
        if key not in self._built:
            if schema.format == "avro":
                self._built[key] = lambda datum, avro=parsed.avro: validate_avro(avro, datum)
            else:
                base = self.root / Path(schema.path or "").parent
                self._built[key] = json_validator(parsed.loaded.data, base_dir=base, catalog_root=self.root,
                                                  has_refs=may_refer(schema.text or "$ref"))
        return self._built[key]


def example_findings(message: Message, example: Example, envelopes: Sequence[Envelope],
                     root: Path, checkers: Checkers | None = None) -> list[Diagnostic]:
    """The findings of one example against the message schema and, when it is a whole envelope, the
    envelope schema."""
    checkers = checkers or Checkers(root)
    loaded = load_with_positions(example.text, example.syntax)  # type: ignore[arg-type]
    if loaded.data is None:
        error = loaded.error
        return [rule("EC403")(f"example '{example.name}' is not valid {example.syntax.upper()}: "
                              f"{error.message if error else 'unreadable'}", file=example.path,
                              line=(error.line or 1) + example.line_offset if error else None,
                              column=error.column if error else None, hint="fix the syntax")]
    found: list[Diagnostic] = duplicate_keys(example.path, loaded, example.line_offset)
    payload, prefix = loaded.data, ""
    for envelope in envelopes:
        inner = value_at(loaded.data, envelope.payload_pointer)
        if inner is not None:
            payload, prefix = inner, envelope.payload_pointer
            found += _validate(envelope.schema, loaded.data, "", example, loaded, checkers, "EC405",
                               f"envelope '{envelope.name or envelope.schema.declared}'")
            break
    schema = message.schema
    if schema is not None:
        found += _validate(schema, payload, prefix, example, loaded, checkers, "EC401", f"'{schema.declared}'")
    return found


def _validate(schema: SchemaFile, datum: Any, prefix: str, example: Example, loaded: Loaded,
              checkers: Checkers, code: str, against: str) -> list[Diagnostic]:
    parsed = parse(schema)
    if parsed is None or not parsed.usable:
        return []  # the schema rules report why it cannot be used
    problems = checkers.for_schema(schema, parsed)(datum)
    found = []
    for problem in problems:
        if problem.kind == "unchecked":
            continue  # an unresolvable $ref is reported once, on the schema (EC305)
        pointer = prefix + problem.pointer
        position = position_of(loaded, pointer)
        this_code = "EC402" if problem.kind == "unknown-key" and code == "EC401" else code
        found.append(rule(this_code)(
            f"example '{example.name}' does not match {against}: {problem.message}",
            file=example.path, line=position.line + example.line_offset if position else None,
            column=position.column if position else None, pointer=pointer or "/",
            hint=_hint(problem, pointer)))
    return found


def _hint(problem: ExampleProblem, pointer: str) -> str:
    if problem.kind == "unknown-key":
        return "remove the field from the example, or add it to the schema"
    return f"fix the value at {pointer or '/'} or update the schema"


def value_at(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or None when the path does not exist."""
    current = data
    for token in pointer_parts(pointer):
        if not isinstance(current, dict) or token not in current:
            return None
        current = current[token]
    return current


def _config_mismatch(message: Message) -> list[Diagnostic]:
    if message.example_config_path is None:
        return []
    files = {e.path.rsplit("/", 1)[-1] for e in message.examples if e.line_offset == 0}
    configured = {str(k) for k in message.example_config}
    found = []
    for name in sorted(configured - files):
        found.append(rule("EC404")(f"examples config names '{name}', which is not in examples/",
                                   file=message.example_config_path, hint="add the file or remove the entry"))
    for name in sorted(files - configured - set(_CONFIG_NAMES)):
        found.append(rule("EC404")(f"example '{name}' has no entry in {message.example_config_path.rsplit('/', 1)[-1]}",
                                   file=f"{message.folder}/examples/{name}",
                                   hint=f"add '{name}: {{name: ..., summary: ...}}' to the config"))
    return found
