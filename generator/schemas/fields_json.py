"""Field rows of a JSON Schema: properties, nested through objects, arrays, maps, ``oneOf``/``anyOf``.

``$ref`` is followed (siblings of ``$ref`` win over the target's keywords) and ``allOf`` branches are
merged into one view. A schema reached again below itself is shown but not expanded again.
"""

from __future__ import annotations

import json
from pathlib import Path

import referencing

from generator.schemas.jsonrefs import make_resolver, specification_of
from generator.schemas.jsonview import View, Viewer
from generator.schemas.model import FieldRow

_MAX_DEPTH = 32


def json_rows(schema: object, rows: list[FieldRow], base_dir: Path | None, catalog_root: Path | None) -> None:
    """Append the rows of ``schema`` to ``rows`` (appending as it goes, so a failure keeps what was read)."""
    if not isinstance(schema, (dict, bool)):
        return
    builder = _Builder(rows, specification_of(schema))
    builder.children(builder.view(schema, make_resolver(schema, base_dir, catalog_root)), "", 0, frozenset())


class _Builder(Viewer):
    def __init__(self, rows: list[FieldRow], spec: referencing.Specification) -> None:
        super().__init__(spec)
        self.rows = rows

    def children(self, view: View, prefix: str, depth: int, stack: frozenset[int]) -> None:
        """Rows for what ``view`` contains (its properties, and those inside items, maps and branches)."""
        if depth > _MAX_DEPTH or view.ids & stack:
            return
        stack = stack | view.ids
        for name, (sub, sub_resolver) in view.props.items():
            child = self.view(sub, sub_resolver)
            path = f"{prefix}.{name}" if prefix else name
            self.rows.append(self._row(name, path, child, name in view.required, depth))
            self.children(child, path, depth + 1, stack)
        schema = view.schema
        items = schema.get("items")
        if isinstance(items, dict):
            self.children(self.view(items, view.at("items")), prefix + "[]", depth, stack)
        for key in ("prefixItems", "items"):
            for index, item in enumerate(schema.get(key) if isinstance(schema.get(key), list) else []):
                self.children(self.view(item, view.at(key)), f"{prefix}[{index}]", depth, stack)
        if isinstance(schema.get("additionalProperties"), dict):
            extra = self.view(schema["additionalProperties"], view.at("additionalProperties"))
            self.children(extra, prefix + "{}", depth, stack)
        for key in ("oneOf", "anyOf"):
            for branch in schema.get(key) if isinstance(schema.get(key), list) else []:
                self.children(self.view(branch, view.at(key)), prefix, depth, stack)

    def _row(self, name: str, path: str, view: View, required: bool, depth: int) -> FieldRow:
        schema = view.schema
        description = schema.get("description") or schema.get("title")
        return FieldRow(
            path=path,
            name=name,
            type=self.type_name(view),
            required=required,
            default=json.dumps(schema["default"], ensure_ascii=False, default=str) if "default" in schema
            else None,
            description=description if isinstance(description, str) else None,
            constraints=tuple(self._constraints(view)),
            depth=depth,
        )

    def type_name(self, view: View, nesting: int = 0) -> str:
        """``string (date-time)``, ``array<Item>``, ``union<string, null>``, ``object`` …"""
        schema = view.schema
        if nesting > 4:
            return "…"
        if "$ref" in schema:
            return f"$ref {schema['$ref']}"
        types = schema.get("type")
        if isinstance(types, str):
            return self._one_type(types, view, nesting)
        if isinstance(types, list) and types:
            names = [self._one_type(kind, view, nesting) for kind in types if isinstance(kind, str)]
            return names[0] if len(names) == 1 else "union<" + ", ".join(names) + ">"
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                branches = [self.type_name(self.view(branch, view.at(key)), nesting + 1)
                            for branch in schema[key]]
                return "union<" + ", ".join(branches) + ">"
        if "const" in schema:
            return _json_kind(schema["const"])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            kinds = list(dict.fromkeys(_json_kind(value) for value in schema["enum"]))
            return kinds[0] if len(kinds) == 1 else "union<" + ", ".join(kinds) + ">"
        if view.props or "additionalProperties" in schema:
            return self._one_type("object", view, nesting)
        if "items" in schema or "prefixItems" in schema:
            return self._one_type("array", view, nesting)
        return "any"

    def _one_type(self, kind: str, view: View, nesting: int) -> str:
        schema = view.schema
        if kind == "array":
            items = schema.get("items")
            if not isinstance(items, dict):
                return "array"
            item = self.view(items, view.at("items"))
            name = self.type_name(item, nesting + 1)
            return f"array<{_class_name(item) if name == 'object' and _class_name(item) else name}>"
        if kind == "object":
            extra = schema.get("additionalProperties")
            if not view.props and isinstance(extra, dict) and not _class_name(view):
                value = self.view(extra, view.at("additionalProperties"))
                return f"map<string, {self.type_name(value, nesting + 1)}>"
            return _class_name(view) or "object"
        fmt = schema.get("format")
        return f"{kind} ({fmt})" if isinstance(fmt, str) and kind in ("string", "integer", "number") else kind

    def _constraints(self, view: View) -> list[str]:
        schema = view.schema
        out = [f"format: {schema['format']}"] if isinstance(schema.get("format"), str) else []
        if "const" in schema:
            out.append(f"const: {_show(schema['const'])}")
        if isinstance(schema.get("enum"), list):
            out.append("enum: " + ", ".join(_show(value) for value in schema["enum"]))
        out.extend(_bounds(schema))
        for key in ("multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties",
                    "maxProperties"):
            if key in schema and not isinstance(schema[key], (dict, list)):
                out.append(f"{key} {_show(schema[key])}")
        flags = (("uniqueItems", "unique items"), ("readOnly", "read-only"), ("writeOnly", "write-only"),
                 ("deprecated", "deprecated"), ("nullable", "nullable"))
        out.extend(label for key, label in flags if schema.get(key) is True)
        extra = schema.get("additionalProperties")
        if extra is False:
            out.append("no additional properties")
        elif isinstance(extra, dict) and view.props:  # without properties the type says map<string, …>
            value = self.view(extra, view.at("additionalProperties"))
            out.append(f"additional properties: {self.type_name(value, 1)}")
        return out


def _bounds(schema: dict) -> list[str]:
    out = []
    for key, inclusive, exclusive, flag in (("minimum", "min", ">", "exclusiveMinimum"),
                                            ("maximum", "max", "<", "exclusiveMaximum")):
        if _is_number(schema.get(key)):
            # draft-04 spells exclusiveness as a boolean beside the bound
            out.append(f"{exclusive if schema.get(flag) is True else inclusive} {schema[key]}")
        if _is_number(schema.get(flag)):
            out.append(f"{exclusive} {schema[flag]}")
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _show(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _class_name(view: View) -> str | None:
    """The name an object type is known by: the definition it came from, else a one-word title."""
    title = view.schema.get("title")
    if view.ref_name:
        return view.ref_name
    return title if isinstance(title, str) and title and " " not in title else None
