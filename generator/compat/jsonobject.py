"""Object and tuple keywords of the JSON Schema diff: Confluent's content models.

A content model is *open* when ``additionalProperties`` (for tuples ``additionalItems``, or ``items``
beside ``prefixItems``) is absent or ``true``, *closed* when it is ``false``, and *partially open* when it
is another schema or ``patternProperties`` is present. Adding a property to an open model breaks readers
(old data may already carry that key, with any value); removing one from a closed model does too.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from generator.schemas.model import escape_token

OPEN, CLOSED, PARTIAL = "open", "closed", "partially open"


class Walk(Protocol):
    def add(self, kind: str, pointer: str, old: Any = None, new: Any = None) -> None: ...
    def schema(self, old: Any, new: Any, pointer: str) -> None: ...
    def fits(self, old: Any, new: Any) -> bool: ...


def content_model(schema: dict, keyword: str = "additionalProperties") -> str:
    """``open``, ``closed`` or ``partially open``."""
    extra = schema.get(keyword, True)
    if keyword == "additionalProperties" and schema.get("patternProperties"):
        return PARTIAL
    if extra is True or extra == {}:
        return OPEN
    return CLOSED if extra is False else PARTIAL


def compare_object(walk: Walk, old: dict, new: dict, pointer: str) -> None:
    """Properties added, removed and changed; ``required``; ``additionalProperties``; pattern properties."""
    before = old.get("properties") if isinstance(old.get("properties"), dict) else {}
    after = new.get("properties") if isinstance(new.get("properties"), dict) else {}
    required_before, required_after = _names(old.get("required")), _names(new.get("required"))
    for name, schema in after.items():
        where = f"{pointer}/properties/{escape_token(name)}"
        if name in before:
            walk.schema(before[name], schema, where)
        else:
            walk.add(_added(walk, old, name, schema, name in required_after), where, None, schema)
    for name, schema in before.items():
        if name not in after:
            walk.add(_removed(walk, new, name, schema), f"{pointer}/properties/{escape_token(name)}", schema, None)
    for name in sorted(required_after - required_before):
        if name in before or name not in after:  # a new property's requiredness is part of its own change
            with_default = isinstance(after.get(name), dict) and "default" in after[name]
            walk.add("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED" if with_default else "REQUIRED_ATTRIBUTE_ADDED",
                     f"{pointer}/required", None, name)
    for name in sorted(required_before - required_after):
        walk.add("REQUIRED_ATTRIBUTE_REMOVED", f"{pointer}/required", name, None)
    _additional(walk, old, new, pointer)
    patterns_before = old.get("patternProperties") if isinstance(old.get("patternProperties"), dict) else {}
    patterns_after = new.get("patternProperties") if isinstance(new.get("patternProperties"), dict) else {}
    for pattern in patterns_before.keys() & patterns_after.keys():
        walk.schema(patterns_before[pattern], patterns_after[pattern],
                    f"{pointer}/patternProperties/{escape_token(pattern)}")


def _added(walk: Walk, old: dict, name: str, schema: Any, required: bool) -> str:
    model = content_model(old)
    with_default = isinstance(schema, dict) and "default" in schema
    if model == CLOSED:
        kind = "REQUIRED_PROPERTY_WITH_DEFAULT" if required and with_default else (
            "REQUIRED_PROPERTY" if required else "OPTIONAL_PROPERTY")
        return f"{kind}_ADDED_TO_UNOPEN_CONTENT_MODEL"
    if model == PARTIAL:
        covered = walk.fits(_cover(old, name), schema)
        return f"PROPERTY_ADDED_{'IS' if covered else 'NOT'}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    if schema is True or schema == {}:
        return "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
    if required:
        return ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL" if with_default
                else "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
    return "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"


def _removed(walk: Walk, new: dict, name: str, schema: Any) -> str:
    model = content_model(new)
    if model == CLOSED:
        return ("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL" if schema is False
                else "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")
    if model == PARTIAL:
        covered = walk.fits(schema, _cover(new, name))
        return f"PROPERTY_REMOVED_{'IS' if covered else 'NOT'}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    return "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"


def _cover(schema: dict, name: str) -> Any:
    """The schema a partially open model gives an undeclared property ``name``."""
    for pattern, covering in (schema.get("patternProperties") or {}).items():
        try:
            if re.search(pattern, name):
                return covering
        except re.error:
            continue
    return schema.get("additionalProperties", True)


def _additional(walk: Walk, old: dict, new: dict, pointer: str) -> None:
    before, after = old.get("additionalProperties", True), new.get("additionalProperties", True)
    if before == after:
        return
    where = pointer + "/additionalProperties"
    if before is False:
        walk.add("ADDITIONAL_PROPERTIES_ADDED", where, before, after)
    elif after is False:
        walk.add("ADDITIONAL_PROPERTIES_REMOVED", where, before, after)
    elif after is True or after == {}:
        walk.add("ADDITIONAL_PROPERTIES_EXTENDED", where, before, after)
    elif before is True or before == {}:
        walk.add("ADDITIONAL_PROPERTIES_NARROWED", where, before, after)
    else:
        walk.schema(before, after, where)


def compare_tuple(walk: Walk, old: dict, new: dict, before: list, after: list, pointer: str) -> None:
    """Tuple ``items`` (``prefixItems`` in 2020-12): positions compared, added and removed."""
    keyword = "prefixItems" if "prefixItems" in new or "prefixItems" in old else "items"
    extra = "items" if keyword == "prefixItems" else "additionalItems"
    for index in range(min(len(before), len(after))):
        walk.schema(before[index], after[index], f"{pointer}/{keyword}/{index}")
    for index in range(len(before), len(after)):
        model = content_model(old, extra)
        walk.add("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL" if model == CLOSED else "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
                 f"{pointer}/{keyword}/{index}", None, after[index])
    for index in range(len(after), len(before)):
        model = content_model(new, extra)
        walk.add("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL" if model == CLOSED
                 else "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", f"{pointer}/{keyword}/{index}", before[index], None)


def _names(value: Any) -> set[str]:
    return {name for name in value if isinstance(name, str)} if isinstance(value, list) else set()
