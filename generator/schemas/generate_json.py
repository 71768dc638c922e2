"""Sample payloads from JSON Schema: every property (required or not), format-aware strings, the first
enum value or the const, the smallest number the bounds allow, one array item (or ``minItems``).

For ``oneOf``/``anyOf`` the first branch whose sample the place accepts is used (a sample that fits two
``oneOf`` branches is invalid, so each candidate is checked with the schema's own validator).
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path

from generator.schemas.jsonrefs import make_registry, make_resolver, specification_of
from generator.schemas.jsonschema import validator_class
from generator.schemas.jsonview import View, Viewer
from generator.schemas.patterns import matching_string

EXAMPLE_UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
FORMAT_SAMPLES = {
    "date-time": "2025-01-01T00:00:00Z", "date": "2025-01-01", "time": "00:00:00Z", "duration": "P1D",
    "email": "user@example.com", "idn-email": "user@example.com", "hostname": "example.com",
    "idn-hostname": "example.com", "ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "uri": "https://example.com",
    "uri-reference": "https://example.com", "iri": "https://example.com",
    "iri-reference": "https://example.com",
    "uri-template": "https://example.com/{id}", "uuid": EXAMPLE_UUID, "json-pointer": "/",
    "relative-json-pointer": "0", "regex": "^.*$",
}
_MAX_DEPTH = 24
_OPTIONAL_DEPTH = 8  # below this, only required properties: keeps samples of deep schemas readable


def json_sample(schema: object, base_dir: Path | None, catalog_root: Path | None) -> object:
    """A sample payload for a JSON Schema document."""
    if not isinstance(schema, (dict, bool)):
        return None
    cls = validator_class(schema)
    try:
        validator = cls(schema, registry=make_registry(schema, base_dir, catalog_root),
                        format_checker=cls.FORMAT_CHECKER)
    except Exception:  # noqa: BLE001 - a schema jsonschema cannot load: sample without checking branches
        validator = None
    sampler = _JsonSampler(specification_of(schema), validator)
    return sampler.sample(schema, make_resolver(schema, base_dir, catalog_root), 0, frozenset())


class _JsonSampler(Viewer):
    def __init__(self, spec, validator) -> None:
        super().__init__(spec)
        self._validator = validator

    def sample(self, schema: object, resolver, depth: int, stack: frozenset[int]) -> object:
        """A value for ``schema``; ``stack`` holds the schema objects being built (to end recursion)."""
        if schema is True:
            return "string"
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return None
        view = self.view(schema, resolver)
        return self._from_view(view, depth, stack | frozenset(view.ids))

    def _from_view(self, view: View, depth: int, stack: frozenset[int]) -> object:
        schema = view.schema
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return copy.deepcopy(schema["enum"][0])
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._branch(view, key, depth, stack)
        kind = _pick_type(view)
        if kind == "object":
            return self._object(view, depth, stack)
        if kind == "array":
            return self._array(view, depth, stack)
        if kind in ("integer", "number"):
            return _number(schema, integer=kind == "integer")
        if kind == "string":
            return _string(schema)
        return True if kind == "boolean" else None

    def _branch(self, view: View, key: str, depth: int, stack: frozenset[int]) -> object:
        candidates = []
        for branch in view.schema[key]:
            others = {name: value for name, value in view.schema.items() if name != key}
            combined = View(others, view.resolver, dict(view.props), set(view.required), view.ref_name,
                            set(view.ids), dict(view.origins))
            self._absorb(combined, branch, view.at(key), 0)
            candidate = self._from_view(combined, depth + 1, stack)
            if self._fits(view, candidate):
                return candidate
            candidates.append(candidate)
        return candidates[0]

    def _fits(self, view: View, candidate: object) -> bool:
        """Whether the place ``view`` stands for accepts ``candidate`` (True when that cannot be told)."""
        place = dict(view.schema)
        if view.props:
            place["properties"] = {name: sub for name, (sub, _) in view.props.items()}
        if view.required:
            place["required"] = sorted(view.required)
        if self._validator is None:
            return True
        try:
            return self._validator.evolve(schema=place).is_valid(candidate)
        except Exception:  # noqa: BLE001 - a reference it cannot follow from here: do not judge
            return True

    def _object(self, view: View, depth: int, stack: frozenset[int]) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, (sub, resolver) in view.props.items():
            optional = name not in view.required
            if optional and (depth >= _OPTIONAL_DEPTH or self.view(sub, resolver).ids & stack):
                continue  # an optional property that recurses into itself is left out
            out[name] = self.sample(sub, resolver, depth + 1, stack)
        extra = view.schema.get("additionalProperties")
        for name in sorted(view.required - out.keys()):
            out[name] = self.sample(extra, view.at("additionalProperties"), depth + 1, stack) \
                if isinstance(extra, dict) \
                else "string"
        wanted = view.schema.get("minProperties")
        while isinstance(wanted, int) and len(out) < wanted and extra is not False:
            out[f"property{len(out) + 1}"] = self.sample(extra, view.at("additionalProperties"), depth + 1, stack) \
                if isinstance(extra, dict) else "string"
        return out

    def _array(self, view: View, depth: int, stack: frozenset[int]) -> list[object]:
        schema = view.schema
        prefix_key = "prefixItems" if isinstance(schema.get("prefixItems"), list) else "items"
        prefix = schema.get(prefix_key) if isinstance(schema.get(prefix_key), list) else []
        # the schema of further items: items (2020-12, or a draft-07 single schema), additionalItems after a
        # draft-07 tuple, or else contains (so that one item satisfies it)
        items_key = next((key for key in ("items", "additionalItems", "contains")
                          if isinstance(schema.get(key), dict)), None)
        items = schema.get(items_key) if items_key else schema.get("additionalItems")
        resolver = view.at(items_key) if items_key else view.resolver
        wanted = max(_int(schema.get("minItems"), 0), len(prefix) or 1)
        limit = schema.get("maxItems")
        if isinstance(limit, int) and not isinstance(limit, bool):
            wanted = min(wanted, limit)
        out = [self.sample(sub, view.at(prefix_key), depth + 1, stack) for sub in prefix[:wanted]]
        while len(out) < wanted:
            recursive = isinstance(items, dict) and bool(self.view(items, resolver).ids & stack)
            if items is False or (recursive and _int(schema.get("minItems"), 0) <= len(out)):
                break
            out.append(self.sample(items, resolver, depth + 1, stack) if isinstance(items, dict) else "string")
        return _distinct(out) if schema.get("uniqueItems") is True else out


def _pick_type(view: View) -> str:
    schema = view.schema
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind
    if isinstance(kind, list):
        usable = [name for name in kind if isinstance(name, str) and name != "null"]
        return usable[0] if usable else "null"
    hints = (("object", ("additionalProperties", "patternProperties", "minProperties", "propertyNames")),
             ("array", ("items", "prefixItems", "contains", "minItems", "maxItems")),
             ("string", ("minLength", "maxLength", "pattern", "format")),
             ("number", ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")))
    if view.props or view.required:
        return "object"
    for name, keys in hints:
        if any(key in schema for key in keys):
            return name
    return "string"  # {} accepts anything


def _string(schema: dict) -> str:
    fmt = schema.get("format")
    text = FORMAT_SAMPLES.get(fmt, "string") if isinstance(fmt, str) else "string"
    low = _int(schema.get("minLength"), 0)
    high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            matches = re.search(pattern, text) is not None and low <= len(text) <= (high or len(text))
        except (re.error, RecursionError):
            matches = True  # a pattern Python cannot read: the schema check reports it
        if not matches:
            return matching_string(pattern, low, high) or text
    if len(text) < low:
        text += "x" * (low - len(text))
    return text[:high] if high is not None else text


def _number(schema: dict, *, integer: bool) -> int | float:
    low, low_open = _bound(schema, "minimum", "exclusiveMinimum", max)
    high, high_open = _bound(schema, "maximum", "exclusiveMaximum", min)
    value: float = 0
    if low is not None and (value < low or (low_open and value <= low)):
        value = (math.floor(low) + 1 if integer else low + 1) if low_open else low
    if high is not None and (value > high or (high_open and value >= high)):
        value = (math.ceil(high) - 1 if integer else (high - 1 if low is None else (low + high) / 2)) \
            if high_open else high
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
        value = math.ceil(value / step) * step
    return math.ceil(value) if integer else float(value)


def _bound(schema: dict, inclusive: str, exclusive: str, tighter) -> tuple[float | None, bool]:
    """The effective bound and whether it is open (draft-04 booleans and draft-06+ numbers alike)."""
    bound, is_open = None, False
    if _is_number(schema.get(inclusive)):
        bound, is_open = schema[inclusive], schema.get(exclusive) is True
    candidate = schema.get(exclusive)
    if _is_number(candidate) and (bound is None or tighter(bound, candidate) == candidate):
        bound, is_open = candidate, True
    return bound, is_open


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _distinct(values: list[object]) -> list[object]:
    """Make repeated items differ (``uniqueItems``): strings get a suffix, numbers grow."""
    out: list[object] = []
    for index, value in enumerate(values):
        if value in out and isinstance(value, str):
            value = f"{value}{index}"
        elif value in out and _is_number(value):
            value = value + index
        out.append(value)
    return out
