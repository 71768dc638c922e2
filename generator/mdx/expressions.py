"""The small subset of JavaScript expressions bodies use: `{frontmatter.x}`, literals and
template strings, evaluated against the frontmatter and never executed."""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping
from typing import Any

from generator.mdx.lexer import _match_brace, _skip_string, _skip_template


class _EvalError(Exception):
    """An expression this translator cannot evaluate (internal; becomes a bad-expression finding)."""


_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None, "undefined": None}


_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


_PATH = re.compile(r"frontmatter((?:\??\.[A-Za-z_$][\w$]*|\[\s*(?:\"[^\"]*\"|'[^']*'|\d+)\s*\])+)")


_SEGMENT = re.compile(r"\??\.([A-Za-z_$][\w$]*)|\[\s*(?:\"([^\"]*)\"|'([^']*)'|(\d+))\s*\]")


def _evaluate(source: str, frontmatter: Mapping[str, Any]) -> Any:
    """Evaluate a literal, array, template literal or ``frontmatter.a.b`` path; raise _EvalError otherwise."""
    text = source.strip()
    if not text:
        raise _EvalError("empty expression")
    if len(text) >= 2 and text[0] in "\"'" and _skip_string(text, 0) == len(text):
        return _unquote(text)
    if len(text) >= 2 and text[0] == "`" and _skip_template(text, 0) == len(text):
        return _template(text[1:-1], frontmatter)
    if text in _LITERALS:
        return _LITERALS[text]
    if _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    if text.startswith("[") and text.endswith("]"):
        return [_evaluate(item, frontmatter) for item in _split_top(text[1:-1])]
    path = _PATH.fullmatch(text)
    if path:
        return _lookup(frontmatter, path.group(1), text)
    if text.startswith("{") and text.endswith("}"):
        try:
            return json.loads(text)
        except ValueError:
            pass
    raise _EvalError(f"cannot evaluate {{{_one_line(text)}}}: only literals and frontmatter fields work")


def _lookup(frontmatter: Mapping[str, Any], path: str, text: str) -> Any:
    value: Any = frontmatter
    for match in _SEGMENT.finditer(path):
        key = next(group for group in match.groups() if group is not None)
        if isinstance(value, Mapping) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif key == "length" and isinstance(value, list | str):
            value = len(value)
        else:
            raise _EvalError(f"{{{text}}}: the frontmatter has no such field")
    return value


def _unquote(text: str) -> str:
    inner = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), inner)


def _template(inner: str, frontmatter: Mapping[str, Any]) -> str:
    parts, cursor = [], 0
    while cursor < len(inner):
        if inner.startswith("${", cursor):
            end = _match_brace(inner, cursor + 1)
            if end is None:
                raise _EvalError("unclosed ${ in a template literal")
            parts.append(_to_text(_evaluate(inner[cursor + 2 : end - 1], frontmatter)))
            cursor = end
        elif inner[cursor] == "\\" and cursor + 1 < len(inner):
            parts.append(inner[cursor + 1])
            cursor += 2
        else:
            parts.append(inner[cursor])
            cursor += 1
    return "".join(parts)


def _split_top(text: str) -> list[str]:
    """Split an array body at top-level commas."""
    items, depth, start, cursor = [], 0, 0, 0
    while cursor < len(text):
        char = text[cursor]
        if char in "\"'`":
            end = _skip_string(text, cursor) if char != "`" else _skip_template(text, cursor)
            if end is None:
                raise _EvalError("unclosed string in an array")
            cursor = end
            continue
        if char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[start:cursor])
            start = cursor + 1
        cursor += 1
    items.append(text[start:])
    return [item for item in items if item.strip()]


def _to_text(value: Any) -> str:
    """How JSX prints a value (lists joined with ", " for readability)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_to_text(item) for item in value)
    if isinstance(value, Mapping):
        return json.dumps(value, default=str)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _one_line(text: str) -> str:
    return " ".join(text.split())
