"""A plausible payload made from a schema when no example validates (JSON Schema or Avro)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.snippets.literals import _pointer_tokens


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
