"""JSON Schema changes by Confluent Schema Registry's definition (its ``SchemaDiff``), written by hand.

Why by hand: the one library that judges JSON Schema compatibility (jsoncompat) needs Python >= 3.12 and
evcat supports 3.11; the others are unmaintained or wrong on most cases. Like Confluent's, this diff is
syntactic: it walks both schemas side by side and names each difference; local ``$ref``s are followed
(a pair of references already being compared is not entered again, so recursive schemas end).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.compat.change import Change
from generator.compat.jsonids import FLAGS, LOWER_BOUNDS, UPPER_BOUNDS
from generator.compat.jsonobject import compare_object, compare_tuple

_COMBINATORS = ("oneOf", "anyOf", "allOf")
_OBJECT_KEYS = ("properties", "required", "additionalProperties", "patternProperties")
_NOT_ASSERTIONS = frozenset({"$defs", "definitions", "$schema", "$id", "id", "title", "description",
                             "$comment", "examples", "default"})


def compare(old: Any, new: Any) -> list[Change]:
    """Every difference from ``old`` to ``new`` (JSON Schema data), in walk order."""
    walk = _Walk(old, new)
    walk.schema(old, new, "")
    return walk.changes


def breaking_for_readers(old: Any, new: Any, old_root: Any, new_root: Any,
                         entered: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Whether readers on ``new`` would reject some data valid under ``old`` (both inside their roots).

    ``entered``: pairs of references the caller is already comparing; met again, they are taken as
    compatible (what is being proved is assumed), so a recursive schema ends."""
    walk = _Walk(old_root, new_root, entered)
    walk.schema(old, new, "")
    return any(change.breaks_readers for change in walk.changes)


class _Walk:
    def __init__(self, old_root: Any, new_root: Any, entered: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.roots = (old_root, new_root)
        self.changes: list[Change] = []
        self._entered: set[tuple[str, str]] = set(entered)

    def add(self, kind: str, pointer: str, old: Any = None, new: Any = None) -> None:
        readers, writers = FLAGS[kind]
        self.changes.append(Change(kind, pointer or "/", readers, writers, None, old, new))

    # --- the walk -------------------------------------------------------------------------------------

    def schema(self, old: Any, new: Any, pointer: str) -> None:
        old, old_ref = _resolve(old, self.roots[0])
        new, new_ref = _resolve(new, self.roots[1])
        if old_ref or new_ref:
            # A definition used in two places is compared (and its changes reported) once; assertions
            # written beside a ``$ref`` make it another schema.
            key = (old_ref or json.dumps(old, sort_keys=True, default=str),
                   new_ref or json.dumps(new, sort_keys=True, default=str))
            if key in self._entered:
                return
            self._entered.add(key)
        old, new = _as_object(old), _as_object(new)
        if old == new:
            return
        if "$ref" in old or "$ref" in new:  # a reference evcat cannot follow (another file, a URL)
            if old.get("$ref") != new.get("$ref"):
                self.add("REFERENCE_CHANGED", pointer, old.get("$ref"), new.get("$ref"))
            return
        for keyword, kind in (("title", "TITLE"), ("description", "DESCRIPTION"), ("default", "DEFAULT")):
            if old.get(keyword) != new.get(keyword):
                self.add(f"{kind}_CHANGED", pointer + "/" + keyword, old.get(keyword), new.get(keyword))
        self.combined(old, new, pointer)
        if not self.types(old, new, pointer):
            return
        self.values(old, new, pointer)
        self.bounds(old, new, pointer)
        if any(key in old or key in new for key in _OBJECT_KEYS):
            self.object(old, new, pointer)
        self.array(old, new, pointer)

    def types(self, old: dict, new: dict, pointer: str) -> bool:
        """Type differences; False when the types have nothing in common (nothing more to compare)."""
        before, after = _types(old), _types(new)
        if before == after:
            return True
        if before is None or after is None:
            if before is None and not _constrains(old):
                self.add("TYPE_NARROWED", pointer + "/type", None, sorted(after or ()))
            elif after is None and not _constrains(new):
                self.add("TYPE_EXTENDED", pointer + "/type", sorted(before or ()), None)
            return True
        shown = (_shown(old.get("type")), _shown(new.get("type")))
        if all(_covered(t, after) for t in before):
            self.add("TYPE_EXTENDED", pointer + "/type", *shown)
        elif all(_covered(t, before) for t in after):
            self.add("TYPE_NARROWED", pointer + "/type", *shown)
        else:
            self.add("TYPE_CHANGED", pointer + "/type", *shown)
            return any(_covered(t, after) for t in before)
        return True

    def values(self, old: dict, new: dict, pointer: str) -> None:
        if old.get("enum") != new.get("enum"):
            before, after = _keys(old.get("enum")), _keys(new.get("enum"))
            kind = ("ENUM_ARRAY_NARROWED" if before is None else "ENUM_ARRAY_EXTENDED" if after is None
                    else "ENUM_ARRAY_EXTENDED" if before <= after else "ENUM_ARRAY_NARROWED" if after <= before
                    else "ENUM_ARRAY_CHANGED")
            if before != after:
                self.add(kind, pointer + "/enum", old.get("enum"), new.get("enum"))
        for keyword, name in (("const", "CONST"), ("format", "FORMAT"), ("pattern", "PATTERN")):
            if keyword in old or keyword in new:
                before, after = old.get(keyword), new.get(keyword)
                kind = "ADDED" if keyword not in old else "REMOVED" if keyword not in new else "CHANGED"
                if kind != "CHANGED" or before != after:
                    self.add(f"{name}_{kind}", pointer + "/" + keyword, before, after)
        if old.get("uniqueItems") is True and new.get("uniqueItems") is not True:
            self.add("UNIQUE_ITEMS_REMOVED", pointer + "/uniqueItems", True, new.get("uniqueItems"))
        elif new.get("uniqueItems") is True and old.get("uniqueItems") is not True:
            self.add("UNIQUE_ITEMS_ADDED", pointer + "/uniqueItems", old.get("uniqueItems"), True)

    def bounds(self, old: dict, new: dict, pointer: str) -> None:
        for bounds in (UPPER_BOUNDS, LOWER_BOUNDS):
            for keyword, name in bounds.items():
                before, after = _number(old.get(keyword)), _number(new.get(keyword))
                if before == after:
                    continue
                kind = ("ADDED" if before is None else "REMOVED" if after is None
                        else "INCREASED" if after > before else "DECREASED")
                self.add(f"{name}_{kind}", pointer + "/" + keyword, old.get(keyword), new.get(keyword))
        before, after = _number(old.get("multipleOf")), _number(new.get("multipleOf"))
        if before != after:
            kind = ("ADDED" if before is None else "REMOVED" if after is None else
                    "REDUCED" if before % after == 0 else "EXPANDED" if after % before == 0 else "CHANGED")
            self.add(f"MULTIPLE_OF_{kind}", pointer + "/multipleOf", old.get("multipleOf"), new.get("multipleOf"))

    def combined(self, old: dict, new: dict, pointer: str) -> None:
        before = next((k for k in _COMBINATORS if isinstance(old.get(k), list)), None)
        after = next((k for k in _COMBINATORS if isinstance(new.get(k), list)), None)
        if before is None and after is None:
            return
        if before is None and after != "allOf":
            fits = any(self.fits(old, branch) for branch in new[after])
            self.add("COMBINED_TYPE_EXTENDED" if fits else "COMBINED_TYPE_CHANGED", f"{pointer}/{after}")
            return
        if after is None and before != "allOf":  # the reverse: one alternative kept, the others dropped
            fits = any(self.fits(branch, new) for branch in old[before])
            self.add("SUM_TYPE_NARROWED" if fits else "COMBINED_TYPE_CHANGED", f"{pointer}/{before}")
            return
        if before != after:
            self.add("COMBINED_TYPE_CHANGED", f"{pointer}/{after or before}", before, after)
            return
        self._branches(old[before], new[after], before, pointer)

    def _branches(self, olds: list, news: list, keyword: str, pointer: str) -> None:
        product = keyword == "allOf"
        if len(news) != len(olds):
            grew = len(news) > len(olds)
            kind = ("PRODUCT_TYPE_" if product else "SUM_TYPE_") + ("EXTENDED" if grew else "NARROWED")
            self.add(kind, f"{pointer}/{keyword}", len(olds), len(news))
        # Sum types: each old branch needs a new branch that accepts its data. Product types: each new
        # branch needs an old branch whose data it accepts. Branches left over because the list grew
        # (product) or shrank (sum) are what the size change above already says.
        wanted, offered = (news, olds) if product else (olds, news)
        explained = max(0, len(wanted) - len(offered))
        unmatched = []
        for index, branch in enumerate(wanted):
            match = next((i for i, other in enumerate(offered) if other == branch), None)
            if match is None:
                match = next((i for i, other in enumerate(offered)
                              if (self.fits(other, branch) if product else self.fits(branch, other))), None)
            if match is None and len(wanted) == len(offered) and _same_kind(branch, offered[index]):
                match = index  # the branch in the same place, changed: its own changes say how
            if match is None:
                unmatched.append(index)
            elif product:
                self.schema(offered[match], branch, f"{pointer}/{keyword}/{index}")
            else:
                self.schema(branch, offered[match], f"{pointer}/{keyword}/{match}")
        if len(unmatched) > explained:
            for index in unmatched:
                self.add("COMBINED_TYPE_SUBSCHEMAS_CHANGED", f"{pointer}/{keyword}/{index}")

    def fits(self, old: Any, new: Any) -> bool:
        return not breaking_for_readers(old, new, *self.roots, frozenset(self._entered))

    def object(self, old: dict, new: dict, pointer: str) -> None:
        compare_object(self, old, new, pointer)

    def array(self, old: dict, new: dict, pointer: str) -> None:
        before, after = _tuple_items(old), _tuple_items(new)
        if before is not None or after is not None:
            compare_tuple(self, old, new, before or [], after or [], pointer)
            return
        if "items" in old or "items" in new:
            if "items" not in old:
                self.add("SCHEMA_ADDED", pointer + "/items", None, new["items"])
            elif "items" not in new:
                self.add("SCHEMA_REMOVED", pointer + "/items", old["items"], None)
            else:
                self.schema(old["items"], new["items"], pointer + "/items")


def _resolve(schema: Any, root: Any) -> tuple[Any, str | None]:
    """Follow local ``$ref``s (``#/$defs/...``); siblings of the reference are kept over its target."""
    followed = None
    for _ in range(32):  # a chain of references longer than this is a loop
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            break
        ref = schema["$ref"]
        if not ref.startswith("#"):
            break
        target = _lookup(root, ref[1:])
        if target is None:
            break
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        asserted = {k: v for k, v in siblings.items() if k not in _NOT_ASSERTIONS}
        followed = ref + (json.dumps(asserted, sort_keys=True, default=str) if asserted else "")
        schema = {**target, **siblings} if isinstance(target, dict) and siblings else target
    return schema, followed


def _lookup(root: Any, pointer: str) -> Any:
    current = root
    for token in pointer.split("/")[1:] if pointer else []:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict) and token in current:
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        else:
            return None
    return current


def _as_object(schema: Any) -> dict:
    if schema is True or schema is None:
        return {}
    if schema is False:
        return {"not": {}}
    return schema if isinstance(schema, dict) else {}


def _types(schema: dict) -> frozenset[str] | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared})
    if isinstance(declared, list):
        return frozenset(t for t in declared if isinstance(t, str))
    if any(key in schema for key in _OBJECT_KEYS):
        return frozenset({"object"})
    return None


def _same_kind(one: Any, other: Any) -> bool:
    kinds = _types(_as_object(one)), _types(_as_object(other))
    return kinds[0] is not None and kinds[1] is not None and bool(kinds[0] & kinds[1])


def _covered(kind: str, types: frozenset[str]) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def _constrains(schema: dict) -> bool:
    return any(key not in ("title", "description", "default", "examples", "$comment") for key in schema)


def _shown(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def _keys(values: Any) -> frozenset[str] | None:
    if not isinstance(values, list):
        return None
    return frozenset(json.dumps(value, sort_keys=True) for value in values)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _tuple_items(schema: dict) -> list | None:
    if isinstance(schema.get("prefixItems"), list):
        return schema["prefixItems"]
    return schema["items"] if isinstance(schema.get("items"), list) else None

