"""A string that matches a regular expression, for sample payloads of schemas with a ``pattern``.

Walks the parse tree of Python's own regex parser (``re._parser``, private but stable across 3.11-3.13,
and the only way to see what a pattern asks for). Deterministic: the first alternative, the first
character of a class, the smallest repeat count (stretched to reach a minimum length when asked).
Returns None whenever it is not sure; the caller falls back to a plain string.
"""

from __future__ import annotations

import re

try:
    from re import _parser as _sre  # Python 3.11+
except ImportError:  # pragma: no cover - older layout
    import sre_parse as _sre  # type: ignore[no-redef]

_CATEGORY = {
    "CATEGORY_DIGIT": "0", "CATEGORY_NOT_DIGIT": "a", "CATEGORY_WORD": "a", "CATEGORY_NOT_WORD": "-",
    "CATEGORY_SPACE": " ", "CATEGORY_NOT_SPACE": "a",
}
_FALLBACK_CHARS = "a0A_-. "


def matching_string(pattern: str, min_length: int = 0, max_length: int | None = None) -> str | None:
    """A string that ``re.search``es ``pattern`` within the length bounds, or None."""
    try:
        tree = _sre.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    for stretch in (0, min_length):
        try:
            text = "".join(_emit(tree, stretch))
        except (ValueError, IndexError, TypeError, RecursionError):
            return None
        fits = len(text) >= min_length and (max_length is None or len(text) <= max_length)
        if fits and re.search(pattern, text):
            return text
    return None


def _emit(items, stretch: int) -> list[str]:
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if arg != ord("a") else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_char(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            count = max(low, min(high, stretch)) if stretch else low
            out.extend(_emit(sub, stretch) * count)
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            out.extend(_emit(arg[-1], stretch))
        elif name == "BRANCH":
            out.extend(_emit(arg[1][0], stretch))
        elif name == "CATEGORY":
            out.append(_CATEGORY.get(str(arg), "a"))
        elif name not in ("AT", "ASSERT", "ASSERT_NOT"):
            raise ValueError(f"cannot sample {name}")  # back-references and the like
    return out


def _class_char(members) -> str:
    """A character of a ``[...]`` class (for a negated class, one of a few common characters not in it)."""
    negated = bool(members) and str(members[0][0]) == "NEGATE"
    if not negated:
        op, arg = members[0]
        if str(op) == "LITERAL":
            return chr(arg)
        if str(op) == "RANGE":
            return chr(arg[0])
        if str(op) == "CATEGORY":
            return _CATEGORY.get(str(arg), "a")
        raise ValueError(f"cannot sample class member {op}")
    excluded = "".join(_class_members(members[1:]))
    for char in _FALLBACK_CHARS:
        if char not in excluded:
            return char
    raise ValueError("negated class excludes every fallback character")


def _class_members(members) -> list[str]:
    out: list[str] = []
    for op, arg in members:
        if str(op) == "LITERAL":
            out.append(chr(arg))
        elif str(op) == "RANGE":
            out.extend(chr(code) for code in range(arg[0], min(arg[1], arg[0] + 256) + 1))
        elif str(op) == "CATEGORY":
            out.append(_CATEGORY.get(str(arg), ""))
    return out
