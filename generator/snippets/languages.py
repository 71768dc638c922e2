"""Per-language fragments: imports, payload validation (jsonschema / fastavro, ajv / avsc), keys,
and the whole context a language's templates lay out."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.snippets.addresses import (
    _address_expr,
    _address_parts,
    _env_var,
    _param_lines,
    http_address_parts,
    resolve_address,
)
from generator.snippets.envelopes import _Envelope, _envelope, _lookup, _split_example
from generator.snippets.examples import _looks_like_avro, example_from_schema
from generator.snippets.literals import _JS_IDENTIFIER, _access, _jsonable, _string, literal
from generator.snippets.model import SnippetInput

# $schema marker → (jsonschema validator class, ajv module, ajv class). No $schema: jsonschema's own default
# (2020-12), used for JavaScript too so both consumers accept the same messages.
_DIALECTS = (
    ("2020-12", "Draft202012Validator", "ajv/dist/2020.js", "Ajv2020"),
    ("2019-09", "Draft201909Validator", "ajv/dist/2019.js", "Ajv2019"),
    ("draft-07", "Draft7Validator", "ajv", "Ajv"),
    ("draft-06", "Draft6Validator", "ajv", "Ajv"),
    ("draft-04", "Draft4Validator", "ajv-draft-04", "AjvDraft04"),
    ("draft-03", "Draft3Validator", "ajv", "Ajv"),
)


# Ajv knows no draft-06/-03 meta-schema by default; those schemas are compiled as draft-07 without `$schema`.
_AJV_STRIP_SCHEMA_KEY = ("draft-06", "draft-03")


_JSON_SCHEMA_FORMATS = frozenset({"json-schema", "jsonschema", "json", "yaml"})


def _validation_kind(schema: Any, schema_format: str | None) -> str | None:
    """``jsonschema``, ``avro`` or None (a schema the consumers cannot check, e.g. Protobuf)."""
    if not isinstance(schema, Mapping):
        return None
    fmt = (schema_format or "").lower()
    if fmt == "avro" or (not fmt and _looks_like_avro(schema)):
        return "avro"
    return "jsonschema" if fmt in _JSON_SCHEMA_FORMATS or not fmt else None


def _dialect(schema: Mapping[str, Any]) -> tuple[str, str, str, str]:
    marker = str(schema.get("$schema", ""))
    return next((d for d in _DIALECTS if d[0] in marker), ("", "Draft202012Validator", "ajv/dist/2020.js", "Ajv2020"))


def _uses_formats(schema: Any) -> bool:
    """True if any node of ``schema`` has a string ``format``. Walked with a list, not recursion: a schema
    may nest deeper than Python's recursion limit."""
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, Mapping):
            if isinstance(node.get("format"), str):
                return True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False


def _python_import_block(specs: Iterable[str]) -> str:
    """An import block as ruff's isort sorts it: stdlib then third party; ``import x`` before ``from``."""
    straight: set[str] = set()
    members: dict[str, set[str]] = {}
    for spec in specs:
        spec = spec.strip()
        if spec.startswith("from "):
            module, _, names = spec[5:].partition(" import ")
            members.setdefault(module.strip(), set()).update(n.strip() for n in names.split(","))
        else:
            straight.add(spec.removeprefix("import ").strip())
    sections: list[list[str]] = [[], []]
    for module in sorted(straight, key=lambda m: _natural(m.lower())):
        sections[_third_party(module)].append(f"import {module}")
    for module in sorted(members, key=lambda m: _natural(m.lower())):
        names = sorted(members[module], key=_member_order)
        line = f"from {module} import {', '.join(names)}"
        if len(line) > 88:  # ruff's default line length; the trailing commas keep it split at 100 too
            line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"
        sections[_third_party(module)].append(line)
    return "\n\n".join("\n".join(section) for section in sections if section)


def _third_party(module: str) -> int:
    return 0 if module.split(".")[0] in sys.stdlib_module_names else 1


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing digit runs as numbers, as isort does (``Draft7`` before ``Draft202012``)."""
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in re.split(r"(\d+)", text) if t)


def _member_order(name: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    """isort's order-by-type: CONSTANTS, then Classes, then functions and variables."""
    if name.isupper() and len(name) > 1:
        return 0, _natural(name)
    return (1 if name[:1].isupper() else 2), _natural(name)


def _imports_function(language: str, context_imports: Sequence[str]) -> Any:
    """The ``imports(...)`` template function: the template's own imports plus those the context needs.

    Empty specs are skipped (so a template can write ``"os" if params else ""``); ``extras=False`` leaves out
    the context's imports, for a template that does its own validation (e.g. the Avro deserializer).
    """

    def imports(*specs: str, extras: bool = True) -> str:
        """The import block for ``specs`` (``"json"``, ``"from x import A, b"``) plus the context's."""
        wanted = [s for s in specs if s] + (list(context_imports) if extras else [])
        if language == "python":
            return Markup(_python_import_block(wanted))
        return Markup("\n".join(dict.fromkeys(wanted)))

    return imports


def _key_tokens(key_field: str | None, payload: Any) -> list[str] | None:
    """The key field's path in the payload (dots for nesting), if the payload has it."""
    if not key_field:
        return None
    tokens = key_field.split(".")
    return tokens if _lookup(payload, tokens)[0] else None


def _bindings(inp: SnippetInput, address: str, protocol: str) -> dict[str, Any]:
    """Protocol settings from the channel's ``x-amqp`` / ``x-eventbridge`` / ``x-http``, with defaults."""
    channel, consumer = inp.channel, inp.consumer or "my-consumer"
    amqp = dict(channel.bindings.get("amqp") or {})
    eventbridge = dict(channel.bindings.get("eventbridge") or {})
    http = dict(channel.bindings.get("http") or {})
    exchange = str(amqp.get("exchange") or "")
    detail_type = inp.detail_type or inp.message_id
    source = str(eventbridge.get("source") or inp.producer or "com.example.producer")
    path = urlsplit(address).path if protocol == "http" else ""
    return {
        "exchange": exchange,
        # A named exchange without a declared type: topic routes exact keys like direct does, and more.
        "exchange_type": str(amqp.get("exchangeType") or ("topic" if exchange else "direct")),
        "durable": bool(amqp.get("durable", True)),
        # On the default exchange the routing key is the queue name, i.e. the address.
        "queue": str(amqp.get("queue") or (address if not exchange else f"{consumer}.{channel.id}")),
        "source": source,
        "detail_type": detail_type,
        "event_pattern": {"source": [source], "detail-type": [detail_type]},
        "rule_name": re.sub(r"[^.\-_A-Za-z0-9]+", "-", f"{consumer}-{detail_type}")[:64],
        # The method names a handler (``do_POST``): letters only.
        "method": re.sub(r"[^A-Z]", "", str(http.get("method") or "").upper()) or "POST",
        "signature_header": str(http.get("signatureHeader") or "X-Signature"),
        "secret_env": _env_var(channel.id, "secret"),
        "path": (path or "/") if "{" not in path else None,
    }


def _neutral_context(inp: SnippetInput, protocol: str) -> dict[str, Any]:
    """Language-independent facts about the message and channel."""
    example = _jsonable(inp.payload if inp.payload is not None else example_from_schema(inp.schema, inp.schema_format))
    bare, whole = _split_example(example, inp.channel.envelope)
    if protocol == "http":
        parts, params = http_address_parts(inp.channel, inp.bound_parameters)
    else:
        parts, params = _address_parts(inp.channel, inp.bound_parameters)
    address, _ = resolve_address(inp.channel, inp.bound_parameters)
    envelope = _envelope(inp, protocol, bare, whole)
    return {
        "message_id": inp.message_id,
        "message_name": inp.message_name,
        "message_version": inp.message_version,
        "protocol": protocol,
        "producer_service": inp.producer or "my-producer",
        "consumer_service": inp.consumer or "my-consumer",
        "channel_id": inp.channel.id,
        "address": address,
        "address_parts": parts,
        "params": params,
        "payload": bare,
        "payload_json": json.dumps(bare, indent=2, ensure_ascii=False),
        "envelope": envelope,
        "key_tokens": _key_tokens(inp.key_field, bare),
        "key_field": inp.key_field,
        "schema": inp.schema,
        "schema_format": inp.schema_format,
        "validation": _validation_kind(inp.schema, inp.schema_format),
        "envelope_validation": _validation_kind(envelope.schema, None) if envelope else None,
        **_bindings(inp, address, protocol),
    }


def _validator(role: str, schema: Any, kind: str | None, language: str) -> dict[str, Any] | None:
    """How a consumer checks one schema (``role`` is ``payload`` or ``envelope``) in ``language``."""
    if kind is None:
        return None
    prefix = "" if role == "payload" else "ENVELOPE_"
    spec: dict[str, Any] = {"role": role, "kind": kind, "schema_const": f"{prefix}SCHEMA"}
    if kind == "avro":
        spec.update(
            schema_literal=literal(schema, language),
            const=f"{prefix}SCHEMA",
            js_type=f"{'payload' if role == 'payload' else 'envelope'}Type",
        )
        return spec
    marker, py_class, ajv_module, ajv_class = _dialect(schema)
    shown = dict(schema)
    if language != "python" and marker in _AJV_STRIP_SCHEMA_KEY:
        shown.pop("$schema", None)
    spec.update(
        schema_literal=literal(shown, language),
        const=f"{prefix}VALIDATOR",
        py_class=py_class,
        ajv_module=ajv_module,
        ajv_class=ajv_class,
        ajv_var=ajv_class[0].lower() + ajv_class[1:],  # distinct per class: ajv2020, ajv, ajvDraft04
        js_validate=f"validate{role.capitalize()}",
        formats=_uses_formats(schema),
    )
    return spec


def _validation_imports(validators: Sequence[dict[str, Any]], language: str) -> list[str]:
    if language == "python":
        out = []
        for v in validators:
            if v["kind"] == "avro":
                out.append("from fastavro import parse_schema, validation")
            else:
                out.append(f"from jsonschema import {v['py_class']}, FormatChecker, ValidationError")
        return out
    out = []
    for v in validators:
        if v["kind"] == "avro":
            out.append('import avro from "avsc";')
        else:
            out.append(f'import {v["ajv_class"]} from "{v["ajv_module"]}";')
            if v["formats"]:
                out.append('import addFormats from "ajv-formats";')
    return out


def _install_extras(validators: Sequence[dict[str, Any]], language: str) -> str:
    """The validation packages to name in the snippet's install line (`` jsonschema``, `` ajv ajv-formats``)."""
    packages: list[str] = []
    for v in validators:
        if v["kind"] == "avro":
            packages.append("fastavro" if language == "python" else "avsc")
        elif language == "python":
            packages.append("jsonschema")
        else:
            packages += [v["ajv_module"].split("/")[0]] + (["ajv-formats"] if v["formats"] else [])
    return "".join(f" {p}" for p in dict.fromkeys(packages))


def _invalid_errors(validators: Sequence[dict[str, Any]]) -> str:
    """The Python exceptions ``parse`` raises for a message that is not valid (bad JSON, schema, lookup)."""
    names = ["ValueError", "TypeError"]
    names += ["ValidationError"] if any(v["kind"] == "jsonschema" for v in validators) else []
    names += ["validation.ValidationError"] if any(v["kind"] == "avro" for v in validators) else []
    return "(" + ", ".join(names) + ")"


def _dynamic_imports(envelope: _Envelope | None, language: str) -> list[str]:
    uses = envelope.uses if envelope else frozenset()
    if language == "python":
        return (["from datetime import datetime, timezone"] if "date-time" in uses else []) + (
            ["import uuid"] if "uuid" in uses else []
        )
    return ['import { randomUUID } from "node:crypto";'] if "uuid" in uses else []


def _key_expr(tokens: Sequence[str] | None, language: str) -> str | None:
    if not tokens:
        return None
    if language == "python":
        return f"str({_access('payload', tokens, language)})"
    return (
        f"String({''.join(['payload', *(f'.{t}' if _JS_IDENTIFIER.match(t) else f'[{_string(t)}]' for t in tokens)])})"
    )


def _received_tokens(neutral: Mapping[str, Any]) -> tuple[str, ...]:
    """Where the payload sits in what a consumer receives (an EventBridge event carries it in ``detail``)."""
    envelope: _Envelope | None = neutral["envelope"]
    if envelope is not None:
        return envelope.received_tokens
    return ("detail",) if neutral["protocol"] == "eventbridge" else ()


def _language_context(neutral: dict[str, Any], language: str, role: str) -> dict[str, Any]:
    """Source fragments in ``language``; languages other than Python get JavaScript-style fragments."""
    code_lang = "python" if language == "python" else "javascript"
    envelope: _Envelope | None = neutral["envelope"]
    validators = [
        v
        for v in (
            _validator("payload", neutral["schema"], neutral["validation"], code_lang),
            _validator("envelope", envelope.schema if envelope else None, neutral["envelope_validation"], code_lang),
        )
        if v is not None
    ]
    root = "event" if neutral["protocol"] == "eventbridge" else "message"
    headers = {"event-type": neutral["message_id"], "event-version": neutral["message_version"]}
    extras = _dynamic_imports(envelope, code_lang) if role == "producer" else _validation_imports(validators, code_lang)
    return {
        "language": language,
        "imports": _imports_function(code_lang, extras),
        "address_expr": _address_expr(neutral["address_parts"], code_lang),
        "param_lines": _param_lines(neutral["params"], code_lang),
        "payload_literal": literal(neutral["payload"], code_lang),
        "wire_literal": literal(envelope.sent, code_lang) if envelope else None,
        "key_expr": _key_expr(neutral["key_tokens"], code_lang),
        "headers_literal": literal({**headers, "content-type": "application/json"}, code_lang),
        # The Schema Registry framing says what the value is; no content-type header for it.
        "avro_headers_literal": literal(headers, code_lang),
        "event_pattern_literal": literal(neutral["event_pattern"], code_lang),
        "validators": validators,
        "payload_validator": next((v for v in validators if v["role"] == "payload"), None),
        "envelope_validator": next((v for v in validators if v["role"] == "envelope"), None),
        "invalid_errors": _invalid_errors(validators),
        "payload_access": _access(root, _received_tokens(neutral), code_lang),
        "envelope_access": _access(root, envelope.validated_tokens, code_lang) if envelope else root,
        "pointer": "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in _received_tokens(neutral)),
        "install_extras": _install_extras(validators, code_lang) if role == "consumer" else "",
        "ajv_classes": list(
            dict.fromkeys((v["ajv_var"], v["ajv_class"]) for v in validators if v["kind"] == "jsonschema")
        ),
    }
