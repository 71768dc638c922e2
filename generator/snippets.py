"""Producer and consumer code snippets for a message on a channel.

The page builder fills a :class:`SnippetInput` from the catalog model; :func:`generate` renders one
:class:`Snippet` per protocol template, language, role and variant found in ``templates/snippets/``
(``<protocol>/<language>-<role>[-<variant>].j2``), a catalog's own template folders searched first.

Everything a snippet needs is computed here, as ready-to-paste source fragments (the payload and schemas
as Python or JavaScript literals, the channel address as an f-string or template literal, the parameter
variables, the payload's location inside the envelope ...). Templates only lay those fragments out, so a
catalog can override one without reimplementing any of it. No I/O happens here except the Jinja loader.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

__all__ = [
    "ChannelInfo",
    "EnvelopeInfo",
    "ParameterInfo",
    "Snippet",
    "SnippetInput",
    "example_from_schema",
    "generate",
    "protocol_of",
    "resolve_address",
]


# --- Input and output ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParameterInfo:
    """A channel parameter (``{name}`` in the address): its allowed values, default and description."""

    enum: tuple[str, ...] = ()
    default: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class EnvelopeInfo:
    """The channel's ``x-envelope``: the envelope schema and the JSON pointer where the payload sits."""

    schema: Mapping[str, Any] | None
    payload_pointer: str


@dataclass(frozen=True)
class ChannelInfo:
    """What the snippets need of a channel.

    ``bindings`` holds the channel's ``x-amqp`` / ``x-eventbridge`` / ``x-http`` dicts keyed ``amqp``,
    ``eventbridge`` and ``http``.
    """

    id: str
    address: str | None
    protocols: tuple[str, ...] = ()
    parameters: Mapping[str, ParameterInfo] = field(default_factory=dict)
    bindings: Mapping[str, Any] = field(default_factory=dict)
    envelope: EnvelopeInfo | None = None


@dataclass(frozen=True)
class SnippetInput:
    """One message on one channel, as seen from the service that produces or consumes it.

    ``payload`` is the message's first valid example (whole envelope or bare payload), or None to have one
    generated from the schema. ``bound_parameters`` are the values the service's channel pointer gives.
    """

    message_id: str
    message_name: str
    message_version: str
    schema: Mapping[str, Any] | None
    schema_format: str  # "avro" | "json-schema" | anything else (not validated by the consumers)
    payload: Any
    key_field: str | None
    detail_type: str | None
    channel: ChannelInfo
    bound_parameters: Mapping[str, str] = field(default_factory=dict)
    producer: str | None = None
    consumer: str | None = None


@dataclass(frozen=True)
class Snippet:
    """One rendered snippet."""

    protocol: str
    language: str
    role: str  # producer | consumer
    variant: str | None  # e.g. "avro"
    title: str
    code: str
    lang_tag: str  # fence language: "python" | "javascript" | the language name


# --- Protocol and address -----------------------------------------------------------------------------------

# AMQP 1.0 ("amqp1") is deliberately absent: pika and amqplib speak AMQP 0-9-1 only, so a snippet for an
# AMQP 1.0 channel would not work.
_PROTOCOL_ALIASES = {
    "kafka": "kafka",
    "kafka-secure": "kafka",
    "amqp": "amqp",
    "amqps": "amqp",
    "rabbitmq": "amqp",
    "eventbridge": "eventbridge",
    "aws-eventbridge": "eventbridge",
    "http": "http",
    "https": "http",
    "webhook": "http",
    "webhooks": "http",
}

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def protocol_of(channel: ChannelInfo) -> str | None:
    """The snippet protocol of a channel: ``kafka``, ``amqp``, ``eventbridge``, ``http`` or None.

    The first of the channel's ``protocols`` that evcat has templates for wins. A channel that lists no
    protocol at all but carries an ``x-amqp``/``x-eventbridge``/``x-http`` binding gets that protocol.
    """
    for name in channel.protocols:
        protocol = _PROTOCOL_ALIASES.get(str(name).strip().lower())
        if protocol:
            return protocol
    if not channel.protocols:
        for key in ("amqp", "eventbridge", "http"):
            if key in channel.bindings:
                return key
    return None


def resolve_address(channel: ChannelInfo, bound: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """Substitute the bound parameters into the channel address.

    Returns the address, where every parameter without a bound value stays as its ``{name}`` placeholder,
    and a map of those unbound parameter names to the environment variable a snippet reads them from.
    A channel without an address uses its id (EventCatalog channels are usually named after the topic).
    """
    address = channel.address if channel.address else channel.id
    unbound: dict[str, str] = {}

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in bound and bound[name] is not None:
            return str(bound[name])
        unbound[name] = _env_var(channel.id, name)
        return match.group(0)

    return _PLACEHOLDER.sub(substitute, address), unbound


def _env_var(channel_id: str, name: str) -> str:
    """Environment variable for an unbound parameter, e.g. ``inventory-events`` + ``env`` → INVENTORY_EVENTS_ENV."""
    var = re.sub(r"[^A-Za-z0-9]+", "_", f"{channel_id}_{name}").strip("_").upper()
    return var if var[:1].isalpha() else f"CHANNEL_{var}"


@dataclass(frozen=True)
class _Param:
    """An unbound channel parameter as a snippet variable."""

    name: str
    var: str
    env_var: str
    default: str | None
    enum: tuple[str, ...]
    description: str | None
    declared_default: bool  # False when `default` is only the first enum value, picked here

    @property
    def note(self) -> str:
        """The comment above the variable: what the parameter is and the values it takes."""
        note = f"Channel parameter {{{self.name}}}"
        if self.description:
            note += ": " + " ".join(self.description.split()).rstrip(".")
        details = ["one of: " + ", ".join(self.enum)] if self.enum else []
        if self.default is not None and self.declared_default:
            details.append(f"default: {self.default}")
        return note + (f" ({'; '.join(details)})" if details else "") + "."


# Constant names the shipped templates use; a parameter variable must not shadow them.
_RESERVED_VARS = frozenset(
    {
        "TOPIC",
        "EXCHANGE",
        "EXCHANGE_TYPE",
        "ROUTING_KEY",
        "QUEUE",
        "BINDING_KEY",
        "EVENT_BUS",
        "WEBHOOK_URL",
        "SCHEMA",
        "VALIDATOR",
        "HEADERS",
        "SOURCE",
        "DETAIL_TYPE",
        "SECRET",
        "PATH",
        "RULE_NAME",
    }
)


def _address_parts(channel: ChannelInfo, bound: Mapping[str, str]) -> tuple[list[str | _Param], list[_Param]]:
    """Split the resolved address into literal text and unbound parameters, in order."""
    address, unbound = resolve_address(channel, bound)
    params: dict[str, _Param] = {}
    for name, env_var in unbound.items():
        info = channel.parameters.get(name) or ParameterInfo()
        var = re.sub(r"\W", "_", name).upper()
        if not var.isidentifier() or var in _RESERVED_VARS:
            var = f"PARAM_{var}"
        default = info.default if info.default is not None else (info.enum[0] if info.enum else None)
        params[name] = _Param(name, var, env_var, default, tuple(info.enum), info.description, info.default is not None)
    parts: list[str | _Param] = []
    position = 0
    for match in _PLACEHOLDER.finditer(address):
        if match.group(1) in params:
            parts.extend([address[position : match.start()], params[match.group(1)]])
            position = match.end()
    parts.append(address[position:])
    return [p for p in parts if p != ""], list(params.values())


# --- Source fragments per language --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Code:
    """A value that is an expression in the generated code rather than data (e.g. the current time)."""

    python: str
    javascript: str


_PAYLOAD_REF = _Code("payload", "payload")
_NOW = _Code("datetime.now(timezone.utc).isoformat()", "new Date().toISOString()")
_UUID = _Code("str(uuid.uuid4())", "randomUUID()")

# Flat literals longer than this are broken over lines; leaves room for the `NAME = ` / `return ` prefix.
_FLAT_WIDTH = 78
_JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def _string(text: str) -> str:
    """A double-quoted string literal valid in both Python and JavaScript."""
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: Any, language: str) -> str:
    if isinstance(value, _Code):
        return value.python if language == "python" else value.javascript
    if value is None:
        return "None" if language == "python" else "null"
    if isinstance(value, bool):
        return ("True" if value else "False") if language == "python" else ("true" if value else "false")
    if isinstance(value, int | float):
        return json.dumps(value)
    return _string(str(value))


def _key(key: Any, language: str) -> str:
    key = str(key)
    return key if language == "javascript" and _JS_IDENTIFIER.match(key) else _string(key)


def literal(value: Any, language: str, indent: int = 0) -> str:
    """Source for ``value`` (JSON-like data) in ``language``, black/prettier-style, placed at column ``indent``.

    Continuation lines carry their own indentation, so a template nests the result with Jinja's ``indent``.
    """
    step = "    " if language == "python" else "  "
    if isinstance(value, Mapping):
        items = [f"{_key(k, language)}: {literal(v, language, indent + len(step))}" for k, v in value.items()]
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple):
        items = [literal(v, language, indent + len(step)) for v in value]
        opening, closing = "[", "]"
    else:
        return _scalar(value, language)
    if not items:
        return opening + closing
    # Prettier pads braces ({ a: 1 }); black does not ({"a": 1}); neither pads brackets.
    pad = " " if language == "javascript" and opening == "{" else ""
    flat = f"{opening}{pad}{', '.join(items)}{pad}{closing}"
    if "\n" not in flat and indent + len(flat) <= _FLAT_WIDTH:
        return flat
    inner = "".join(f"\n{step * (indent // len(step) + 1)}{item}," for item in items)
    return f"{opening}{inner}\n{step * (indent // len(step))}{closing}"


def _address_expr(parts: Sequence[str | _Param], language: str) -> str:
    """The address as a string literal, or an f-string / template literal over the parameter variables."""
    if not any(isinstance(p, _Param) for p in parts):
        return _string("".join(p for p in parts if isinstance(p, str)))
    out: list[str] = []
    for part in parts:
        if isinstance(part, _Param):
            out.append(f"{{{part.var}}}" if language == "python" else f"${{{part.var}}}")
        elif language == "python":
            out.append(_string(part)[1:-1].replace("{", "{{").replace("}", "}}"))
        else:
            out.append(part.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${"))
    return f'f"{"".join(out)}"' if language == "python" else f"`{''.join(out)}`"


def _param_lines(params: Sequence[_Param], language: str) -> list[str]:
    """Declarations of the unbound parameter variables, each under a comment naming its values."""
    lines: list[str] = []
    comment = "#" if language == "python" else "//"
    for p in params:
        lines.append(f"{comment} {p.note}")
        env = _string(p.env_var)
        if language == "python":
            getter = f"os.environ.get({env}, {_string(p.default)})" if p.default is not None else f"os.environ[{env}]"
            lines.append(f"{p.var} = {getter}")
        elif p.default is not None:
            lines.append(f"const {p.var} = process.env.{p.env_var} ?? {_string(p.default)};")
        else:
            lines.append(f"const {p.var} = process.env.{p.env_var};")
            lines.append(f'if (!{p.var}) throw new Error("set {p.env_var}");')
    return lines


def _access(var: str, tokens: Sequence[str], language: str) -> str:
    """``var`` followed by the lookups of a JSON pointer's tokens (optional chaining in JavaScript)."""
    if language == "python":
        return var + "".join(f"[{_string(t)}]" for t in tokens)
    return var + "".join(f"?.{t}" if _JS_IDENTIFIER.match(t) else f"?.[{_string(t)}]" for t in tokens)


def _pointer_tokens(pointer: str) -> list[str]:
    """The reference tokens of a JSON pointer (``/detail/payload`` → ``["detail", "payload"]``)."""
    if not pointer or pointer == "/":
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


# --- Payloads -----------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """The example as JSON data: YAML examples may hold dates and tuples that have no JSON literal."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def example_from_schema(schema: Mapping[str, Any] | None, schema_format: str) -> Any:
    """A small example value valid for a JSON Schema or an Avro schema (used when a message has no example).

    Uses the schema's own ``const``/``examples``/``default``/``enum`` where it gives them; otherwise the
    simplest value of each type, every required property (or every property when none is required).
    """
    if schema is None:
        return {}
    if schema_format == "avro" or _looks_like_avro(schema):
        return _avro_example(schema, {}, 0)
    return _json_example(schema, schema, 0)


def _looks_like_avro(schema: Any) -> bool:
    return isinstance(schema, Mapping) and schema.get("type") == "record" and "fields" in schema


_STRING_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
}


def _json_example(schema: Any, root: Mapping[str, Any], depth: int) -> Any:
    """Example for a JSON Schema node; local ``$ref``s are followed, recursion is cut at depth 8."""
    if not isinstance(schema, Mapping) or depth > 8:
        return {} if schema is True else None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        target: Any = root
        for token in _pointer_tokens(ref[1:]):
            target = target.get(token, {}) if isinstance(target, Mapping) else {}
        return _json_example(target, root, depth + 1)
    for keyword in ("const", "default"):
        if keyword in schema:
            return schema[keyword]
    for keyword in ("examples", "enum"):
        if isinstance(schema.get(keyword), list) and schema[keyword]:
            return schema[keyword][0]
    for keyword in ("oneOf", "anyOf"):
        if isinstance(schema.get(keyword), list) and schema[keyword]:
            return _json_example(schema[keyword][0], root, depth + 1)
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in [*schema["allOf"], {k: v for k, v in schema.items() if k != "allOf"}]:
            value = _json_example(part, root, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    return _json_typed_example(schema, root, depth)


def _json_typed_example(schema: Mapping[str, Any], root: Mapping[str, Any], depth: int) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    if kind == "object":
        properties = schema.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        required = schema.get("required")
        # A malformed "required" (not a list of names) is reported by validation; the example skips it.
        names = [n for n in required if isinstance(n, str)] if isinstance(required, list) else list(properties)
        return {name: _json_example(properties.get(name, {}), root, depth + 1) for name in names}
    if kind == "array":
        if isinstance(schema.get("prefixItems"), list):
            return [_json_example(s, root, depth + 1) for s in schema["prefixItems"]]
        count = max(1, schema.get("minItems", 1)) if schema.get("maxItems", 1) else 0
        return [_json_example(schema.get("items", {}), root, depth + 1)] * count
    if kind in ("integer", "number"):
        low, above = schema.get("minimum"), schema.get("exclusiveMinimum")
        if low is None:  # draft-04's boolean exclusiveMinimum is not a bound
            low = above + 1 if isinstance(above, int | float) and not isinstance(above, bool) else 0
        high = schema.get("maximum")
        return low if high is None else min(low, high)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and (matched := _pattern_example(pattern)) is not None:
        return matched
    text = _STRING_FORMATS.get(schema.get("format", ""), "string")
    return (text * (1 + schema.get("minLength", 0) // len(text)))[: schema.get("maxLength", 10**6)]


def _pattern_example(pattern: str) -> str | None:
    """A string matching ``pattern`` (ECMA-style regexes as JSON Schema uses them), or None if unsure.

    Walks the parsed regex: first branch of an alternation, first member of a class, the minimum number of
    repetitions (at least one). The result is checked with ``re.search``; anything doubtful gives None.
    """
    try:
        from re import _parser  # type: ignore[attr-defined]  # the stdlib regex parser; no public API

        text = _regex_example(_parser.parse(pattern), _parser)
        return text if text is not None and re.search(pattern, text) else None
    except Exception:  # noqa: BLE001 - any failure just means "no example from the pattern"
        return None


_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_WORD": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_NOT_SPACE": "a",
}


def _regex_example(tokens: Any, parser: Any) -> str | None:
    out: list[str] = []
    for op, arg in tokens:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "ANY":
            out.append("a")
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "IN":
            out.append(_class_example(arg))
        elif name == "CATEGORY":
            out.append(_CATEGORY_CHARS.get(str(arg), "a"))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            part = _regex_example(sub, parser)
            if part is None:
                return None
            out.append(part * (low if low > 0 else min(1, high)))
        elif name == "SUBPATTERN":
            part = _regex_example(arg[-1], parser)
            if part is None:
                return None
            out.append(part)
        elif name == "BRANCH":
            part = _regex_example(arg[1][0], parser)
            if part is None:
                return None
            out.append(part)
        else:  # back-references, conditionals ...
            return None
    return "".join(out)


def _class_example(items: Any) -> str:
    """A character of a ``[...]`` class: its first literal, range start or category (never for [^...])."""
    first_op, first_arg = items[0]
    if str(first_op) == "NEGATE":
        excluded = {chr(a) for op, a in items[1:] if str(op) == "LITERAL"}
        return next(c for c in "aA0_-x" if c not in excluded)
    if str(first_op) == "LITERAL":
        return chr(first_arg)
    if str(first_op) == "RANGE":
        return chr(first_arg[0])
    return _CATEGORY_CHARS.get(str(first_arg), "a")


_AVRO_PRIMITIVES = {
    "null": None,
    "boolean": True,
    "int": 0,
    "long": 0,
    "float": 0.0,
    "double": 0.0,
    "bytes": "",
    "string": "string",
}


def _avro_example(schema: Any, named: dict[str, Any], depth: int) -> Any:
    """Example for an Avro schema node; ``named`` collects the named types seen so far for references."""
    if depth > 8:
        return None
    if isinstance(schema, str):
        if schema in _AVRO_PRIMITIVES:
            return _AVRO_PRIMITIVES[schema]
        return _avro_example(named.get(schema, "null"), named, depth + 1)
    if isinstance(schema, list):
        branch = next((b for b in schema if b != "null"), "null")
        return _avro_example(branch, named, depth + 1)
    if not isinstance(schema, Mapping):
        return None
    kind = schema.get("type")
    if schema.get("name"):
        named[str(schema["name"])] = schema
        if schema.get("namespace"):
            named[f"{schema['namespace']}.{schema['name']}"] = schema
    if kind == "record":
        return {
            f["name"]: f["default"] if "default" in f else _avro_example(f.get("type"), named, depth + 1)
            for f in schema.get("fields", [])
        }
    if kind == "enum":
        return schema.get("default") or (schema.get("symbols") or [""])[0]
    if kind == "array":
        return [_avro_example(schema.get("items"), named, depth + 1)]
    if kind == "map":
        return {"key": _avro_example(schema.get("values"), named, depth + 1)}
    if kind == "fixed":
        return "\u0000" * int(schema.get("size", 0))
    if schema.get("logicalType") == "uuid":
        return _STRING_FORMATS["uuid"]
    return _avro_example(kind, named, depth + 1)


# --- Envelope -----------------------------------------------------------------------------------------------


def _lookup(value: Any, tokens: Sequence[str]) -> tuple[bool, Any]:
    """Follow pointer tokens into ``value``; (False, None) when a step is missing."""
    for token in tokens:
        if isinstance(value, Mapping) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return False, None
    return True, value


def _split_example(payload: Any, envelope: EnvelopeInfo | None) -> tuple[Any, Any]:
    """(bare payload, whole envelope or None) from an example that may be either."""
    if envelope is None:
        return payload, None
    tokens = _pointer_tokens(envelope.payload_pointer)
    found, inner = _lookup(payload, tokens)
    # A malformed envelope schema (not an object, or "required" not a list of names) is reported by
    # validation; here it only means no key is known to be required.
    schema = envelope.schema if isinstance(envelope.schema, Mapping) else {}
    required = schema.get("required")
    required = [k for k in required if isinstance(k, str)] if isinstance(required, list) else []
    if tokens and found and isinstance(payload, Mapping) and all(k in payload for k in required):
        return inner, payload
    return payload, None


def _replace_at(value: Any, tokens: Sequence[str], replacement: Any) -> Any:
    """A copy of ``value`` with ``replacement`` at the pointer (intermediate objects created as needed)."""
    if not tokens:
        return replacement
    result = dict(value) if isinstance(value, Mapping) else {}
    result[tokens[0]] = _replace_at(result.get(tokens[0]), tokens[1:], replacement)
    return result


def _dynamic_fields(value: Any, schema: Any, root: Any) -> Any:
    """Replace envelope values the sender must compute per message (ids, timestamps) by expressions.

    A copied example id or timestamp would make every sent envelope identical, which breaks de-duplication
    and ordering downstream; ``format: uuid`` and ``format: date-time`` fields get fresh values instead.
    """
    if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#"):
        _, schema = _lookup(root, _pointer_tokens(schema["$ref"][1:]))
    if isinstance(value, _Code) or not isinstance(schema, Mapping):
        return value
    if isinstance(value, Mapping):
        properties = schema.get("properties") or {}
        return {k: _dynamic_fields(v, properties.get(k), root) for k, v in value.items()}
    if isinstance(value, str) and schema.get("format") in ("date-time", "uuid"):
        return _NOW if schema["format"] == "date-time" else _UUID
    return value


@dataclass(frozen=True)
class _Envelope:
    """The envelope as the producer builds it and the consumer unwraps it."""

    sent: Any  # what the producer sends, with _PAYLOAD_REF at the payload's place
    sent_tokens: tuple[str, ...]  # the payload's pointer inside `sent`
    received_tokens: tuple[str, ...]  # the payload's pointer inside what the consumer receives
    validated_tokens: tuple[str, ...]  # where the envelope sits inside what the consumer receives
    schema: Mapping[str, Any] | None
    uses: frozenset[str]  # "date-time" / "uuid": the dynamic values the producer computes


def _envelope(inp: SnippetInput, protocol: str, bare: Any, whole: Any) -> _Envelope | None:
    """Work out the envelope around the payload, for this protocol."""
    info = inp.channel.envelope
    if info is None:
        return None
    tokens = tuple(_pointer_tokens(info.payload_pointer))
    if whole is None:
        whole = _jsonable(example_from_schema(info.schema, "json-schema")) if info.schema else {}
    wire = _dynamic_fields(_replace_at(whole, tokens, _PAYLOAD_REF), info.schema, info.schema)
    # EventBridge builds the event itself; the sender only supplies `Detail`. An envelope that describes
    # the whole event (payload under /detail) is therefore sent from /detail down.
    if protocol == "eventbridge" and tokens[:1] == ("detail",):
        sent, sent_tokens, received, validated = wire.get("detail"), tokens[1:], tokens, ()
    elif protocol == "eventbridge":
        sent, sent_tokens, received, validated = wire, tokens, ("detail", *tokens), ("detail",)
    else:
        sent, sent_tokens, received, validated = wire, tokens, tokens, ()
    return _Envelope(sent, sent_tokens, received, validated, info.schema, _dynamic_uses(sent))


def _dynamic_uses(value: Any) -> frozenset[str]:
    """Which computed values (``date-time``, ``uuid``) the sent envelope holds, for its imports."""
    if value is _NOW:
        return frozenset({"date-time"})
    if value is _UUID:
        return frozenset({"uuid"})
    children = value.values() if isinstance(value, Mapping) else value if isinstance(value, list) else ()
    return frozenset().union(*(_dynamic_uses(v) for v in children))


# --- Validation and imports ---------------------------------------------------------------------------------

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
            return _python_import_block(wanted)
        return "\n".join(dict.fromkeys(wanted))

    return imports


# --- Context ------------------------------------------------------------------------------------------------


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
        "method": str(http.get("method") or "POST").upper(),
        "signature_header": str(http.get("signatureHeader") or "X-Signature"),
        "secret_env": _env_var(channel.id, "secret"),
        "path": (path or "/") if "{" not in path else None,
    }


def _neutral_context(inp: SnippetInput, protocol: str) -> dict[str, Any]:
    """Language-independent facts about the message and channel."""
    example = _jsonable(inp.payload if inp.payload is not None else example_from_schema(inp.schema, inp.schema_format))
    bare, whole = _split_example(example, inp.channel.envelope)
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


# --- Templates and generation -------------------------------------------------------------------------------


def _shipped_templates_dir() -> Path:
    """The ``templates/`` folder: the installed ``generator.templates`` package, else the source tree's."""
    try:
        root = importlib.resources.files("generator.templates")
    except ModuleNotFoundError:  # not installed with the package mapping (e.g. running from a checkout)
        root = None
    # FileSystemLoader needs a real directory; a namespace or zipped package gives another Traversable.
    if isinstance(root, Path) and (root / "snippets").is_dir():
        return root
    return Path(__file__).resolve().parent.parent / "templates"


@functools.lru_cache(maxsize=16)
def _environment(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    """A Jinja environment searching the catalog's folders first, then the shipped templates."""
    loaders = [jinja2.FileSystemLoader(d) for d in template_dirs]
    loaders.append(jinja2.FileSystemLoader(str(_shipped_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # source code, not HTML
    )
    env.filters["q"] = _string  # a double-quoted string literal, valid in Python and JavaScript alike
    return env


_TEMPLATE_NAME = re.compile(
    r"^snippets/(?P<protocol>[^/]+)/(?P<language>[a-z0-9_]+)-(?P<role>producer|consumer)"
    r"(?:-(?P<variant>[a-z0-9_-]+))?\.j2$"
)

_PROTOCOL_LABELS = {"kafka": "Kafka", "amqp": "RabbitMQ (AMQP)", "eventbridge": "EventBridge", "http": "HTTP webhook"}
_LANGUAGE_LABELS = {"python": "Python", "javascript": "JavaScript (Node)"}
_LIBRARIES: dict[tuple[str | None, ...], str] = {
    ("kafka", "python", None): "confluent-kafka",
    ("kafka", "python", "avro"): "confluent-kafka, Avro with Schema Registry",
    ("kafka", "javascript", None): "kafkajs",
    ("amqp", "python", None): "pika",
    ("amqp", "javascript", None): "amqplib",
    ("eventbridge", "python", None): "boto3",
    ("eventbridge", "javascript", None): "AWS SDK v3",
    ("http", "python", None, "producer"): "urllib.request",
    ("http", "python", None, "consumer"): "http.server",
    ("http", "javascript", None, "producer"): "fetch",
    ("http", "javascript", None, "consumer"): "node:http",
}


def _variants(env: jinja2.Environment, protocol: str, language: str, role: str, inp: SnippetInput) -> list[str | None]:
    """The variants to render: the plain template, then every ``-<variant>`` template that applies."""
    found: set[str | None] = set()
    for name in env.list_templates(extensions=["j2"]):
        match = _TEMPLATE_NAME.match(name)
        if match and (match["protocol"], match["language"], match["role"]) == (protocol, language, role):
            found.add(match["variant"])
    # The Schema Registry serializer needs an Avro schema and a bare payload (no envelope around it).
    if "avro" in found and (inp.schema_format != "avro" or inp.channel.envelope is not None):
        found.discard("avro")
    return sorted(found, key=lambda v: (v is not None, v or ""))


def _tidy(code: str, max_blank: int) -> str:
    """Strip trailing spaces, keep at most ``max_blank`` blank lines in a row, end with one newline."""
    out: list[str] = []
    blank = 0
    for line in code.strip("\n").splitlines():
        line = line.rstrip()
        blank = blank + 1 if not line else 0
        if blank <= max_blank:
            out.append(line)
    return "\n".join(out) + "\n"


def generate(
    inp: SnippetInput,
    *,
    languages: Sequence[str] = ("python", "javascript"),
    roles: Sequence[str] = ("producer", "consumer"),
    template_dirs: Sequence[Path] = (),
) -> list[Snippet]:
    """Render every snippet the templates provide for this message's channel, roles and languages.

    ``template_dirs`` are a catalog's template folders (each holding ``snippets/<protocol>/...``), searched
    before the shipped templates so a catalog can override a template or add a protocol, language or
    variant. A channel whose protocol no template covers yields no snippet.
    """
    protocol = protocol_of(inp.channel) or next(
        (re.sub(r"[^a-z0-9_-]", "", p.lower()) for p in inp.channel.protocols), None
    )
    if not protocol:
        return []
    env = _environment(tuple(str(Path(d)) for d in template_dirs))
    neutral = _neutral_context(inp, protocol)
    snippets: list[Snippet] = []
    for role in roles:
        for language in languages:
            context = {**neutral, **_language_context(neutral, language, role), "role": role}
            for variant in _variants(env, protocol, language, role, inp):
                suffix = f"-{variant}" if variant else ""
                template = env.get_template(f"snippets/{protocol}/{language}-{role}{suffix}.j2")
                # PEP 8 separates top-level definitions by two blank lines; JavaScript style uses one.
                code = _tidy(template.render(**context, variant=variant), 2 if language == "python" else 1)
                snippets.append(
                    Snippet(
                        protocol,
                        language,
                        role,
                        variant,
                        _title(protocol, language, role, variant),
                        code,
                        language if language != "node" else "javascript",
                    )
                )
    return snippets


def _title(protocol: str, language: str, role: str, variant: str | None) -> str:
    library = _LIBRARIES.get((protocol, language, variant, role)) or _LIBRARIES.get((protocol, language, variant))
    title = f"{_PROTOCOL_LABELS.get(protocol, protocol)} {role} — {_LANGUAGE_LABELS.get(language, language)}"
    if library:
        return f"{title} ({library})"
    return f"{title} ({variant})" if variant else title
