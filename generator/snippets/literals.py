"""Values as Python or JavaScript source: every catalog value reaches generated code as a literal."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any


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
    """A double-quoted string literal valid in both Python and JavaScript.

    JSON quoting is valid in both; the Unicode line and paragraph separators are escaped as well, as
    some tools end a line of source at them.
    """
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


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


# Deeper data is written as one JSON string parsed at run time: laying it out is a recursive walk, and a
# schema or payload may nest deeper than Python's recursion limit.
_MAX_LAID_OUT_DEPTH = 64


def literal(value: Any, language: str, indent: int = 0) -> str:
    """Source for ``value`` (JSON-like data) in ``language``, black/prettier-style, placed at column ``indent``.

    Continuation lines carry their own indentation, so a template nests the result with Jinja's ``indent``.
    Data nested deeper than ``_MAX_LAID_OUT_DEPTH`` becomes ``json.loads("…")`` / ``JSON.parse("…")``.
    """
    if _depth(value) > _MAX_LAID_OUT_DEPTH:
        return _parsed_at_run_time(value, language)
    return _laid_out(value, language, indent)


def _depth(value: Any) -> int:
    """How deeply ``value`` nests, counted with a list rather than the call stack."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, Mapping | list | tuple):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in (node.values() if isinstance(node, Mapping) else node))
    return deepest


def _parsed_at_run_time(value: Any, language: str) -> str:
    try:
        text = json.dumps(_jsonable(value), ensure_ascii=False)
    except (RecursionError, TypeError, ValueError):
        text = "null"  # beyond what even the JSON encoder walks: the snippet sends no payload
    return f"json.loads({_string(text)})" if language == "python" else f"JSON.parse({_string(text)})"


def _laid_out(value: Any, language: str, indent: int) -> str:
    step = "    " if language == "python" else "  "
    if isinstance(value, Mapping):
        items = [f"{_key(k, language)}: {_laid_out(v, language, indent + len(step))}" for k, v in value.items()]
        opening, closing = "{", "}"
    elif isinstance(value, list | tuple):
        items = [_laid_out(v, language, indent + len(step)) for v in value]
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
