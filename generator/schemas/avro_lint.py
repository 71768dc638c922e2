"""What fastavro's ``parse_schema`` lets through, and where its refusals point.

fastavro is the first judge of an Avro schema, but it checks defaults only by their JSON type (an enum
field's default need not be a symbol, ``true`` passes as an ``int``), and accepts invalid names, duplicate
field names, a record without ``fields``, and unions with repeated or nested branches — all of which the
Avro specification (and the Java implementation) reject. Its own errors carry no location; ``locate``
finds the schema node they are about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from generator.schemas.avro_check import check_default
from generator.schemas.avro_types import (
    NAME_RE,
    NAMED_TYPES,
    RECORD_TYPES,
    Named,
    iter_type_nodes,
    own_type,
    short_name,
    type_of,
)
from generator.schemas.model import SchemaProblem, pointer_parts, quote

_MISSING = object()


def lint(parsed: object, raw: object, named: Named) -> list[SchemaProblem]:
    """Problems fastavro accepted, each with a pointer into the schema document (shared by raw and parsed:
    fastavro keeps the structure and only qualifies names)."""
    problems: list[SchemaProblem] = []
    for pointer, node in iter_type_nodes(parsed):
        if isinstance(node, list):
            problems.extend(_union_problems(node, pointer))
        elif isinstance(node, dict):
            kind = own_type(node)
            if kind in NAMED_TYPES:
                problems.extend(_name_problems(node, pointer))
            if kind in RECORD_TYPES:
                problems.extend(_record_problems(node, pointer, raw, named))
    return problems


def _problem(message: str, pointer: str | None) -> SchemaProblem:
    return SchemaProblem("invalid-avro", message, pointer)


def _name_problems(node: dict, pointer: str) -> Iterator[SchemaProblem]:
    name = node.get("name")
    if isinstance(name, str) and not all(NAME_RE.fullmatch(part) for part in name.split(".")):
        yield _problem(f"invalid name {name!r}: each part must match [A-Za-z_][A-Za-z0-9_]*",
                       f"{pointer}/name")


def _record_problems(node: dict, pointer: str, raw: object, named: Named) -> Iterator[SchemaProblem]:
    name = node.get("name", "?")
    if not isinstance(_at(raw, pointer), dict) or "fields" not in _at(raw, pointer):
        yield _problem(f"record {name} has no 'fields'", pointer)
    seen: set[str] = set()
    for index, field in enumerate(node.get("fields") or []):
        field_name = field.get("name")
        where = f"{pointer}/fields/{index}"
        if not isinstance(field_name, str) or not NAME_RE.fullmatch(field_name):
            yield _problem(f"invalid field name {quote(field_name)} in record {name}", f"{where}/name")
        elif field_name in seen:
            yield _problem(f"record {name} declares field {field_name!r} twice", f"{where}/name")
        seen.add(str(field_name))
        if "default" in field:
            reason = check_default(field["default"], field.get("type"), named)
            if reason:
                yield _problem(f"invalid default for field {field_name!r} of record {name}: {reason}",
                               f"{where}/default")


def _union_problems(branches: list, pointer: str) -> Iterator[SchemaProblem]:
    seen: set[str] = set()
    for index, branch in enumerate(branches):
        if isinstance(branch, list):
            yield _problem("a union may not directly contain another union", f"{pointer}/{index}")
            continue
        key = _branch_key(branch)
        if key in seen:
            yield _problem(f"union contains {key!r} more than once", f"{pointer}/{index}")
        seen.add(key)


def _branch_key(branch: object) -> str:
    """Union branches must differ by type, or by name for named types."""
    if isinstance(branch, dict) and own_type(branch) in NAMED_TYPES:
        return str(branch.get("name"))
    if isinstance(branch, (str, dict)):
        return type_of(branch)
    return repr(branch)


def _at(document: object, pointer: str) -> object:
    for token in pointer_parts(pointer):
        if isinstance(document, dict):
            document = document.get(token, _MISSING)
        elif isinstance(document, list) and token.isdigit() and int(token) < len(document):
            document = document[int(token)]
        else:
            return _MISSING
    return document


# -- fastavro's refusals -----------------------------------------------------------------------------

def locate(raw: object, error: Exception) -> SchemaProblem:
    """A problem for an exception fastavro raised parsing ``raw``, with the pointer of the node at fault
    when it can be found."""
    if not isinstance(raw, (dict, list, str)):
        return _problem(f"an Avro schema must be a JSON object, array or string, not {quote(raw)}", "")
    message, finder = _explain(error)
    try:
        found = next(((pointer, node) for pointer, node, field in _nodes(raw) if finder(node, field)), None)
    except Exception:  # noqa: BLE001 - a broken schema must not break the report about it
        found = None
    if found is None:
        return _problem(message, None)
    pointer, node = found
    if message.startswith("invalid default") and isinstance(node, dict):
        # quote the JSON value and name the field: fastavro shows the Python value in <...>
        expected = message.partition(": ")[2]
        return _problem(f"invalid default {quote(node.get('default'))} for field {quote(node.get('name'))}: "
                        f"{expected}", f"{pointer}/default")
    return _problem(message, pointer)


Finder = Callable[[object, bool], bool]  # (node, is a field object?) -> is this the culprit?


def _explain(error: Exception) -> tuple[str, Finder]:
    text = str(error.args[0]) if error.args else str(error)
    if type(error).__name__ == "UnknownType":
        return f"unknown type {text!r}", lambda node, field: not field and _names_type(node, text)
    if isinstance(error, KeyError):
        return f"a schema is missing {text!r}", lambda node, field: not field and _lacks(node, text)
    match = re.match(r"Default value <(.*)> must match", text, re.DOTALL)
    if match:
        shown = match.group(1)
        return (f"invalid default {shown}: must match {text.split('must match ', 1)[-1]}",
                lambda node, field: field and isinstance(node, dict) and str(node.get("default")) == shown)
    match = re.match(r"redefined named type: (.*)", text)
    if match:
        return f"named type {match.group(1)!r} is defined twice", _second_definition(match.group(1))
    if text.startswith("Record field"):
        return text, lambda node, field: field and _bad_field(node)
    if "decimal" in text:
        return text, lambda node, field: not field and _logical(node) == "decimal"
    if "enum" in text or "symbol" in text:
        return text, lambda node, field: not field and own_type(node) == "enum"
    if '"name" is a required field' in text:
        return "a named type has no 'name'", lambda node, field: (
            not field and isinstance(node, dict) and "name" not in node and own_type(node) in NAMED_TYPES)
    return text, lambda node, field: False


def _nodes(raw: object) -> Iterator[tuple[str, object, bool]]:
    """Type nodes and field objects (where defaults live), in document order."""
    for pointer, node in iter_type_nodes(raw):
        yield pointer, node, False
        fields = node.get("fields") if isinstance(node, dict) else None
        for index, field in enumerate(fields if isinstance(fields, list) else []):
            yield f"{pointer}/fields/{index}", field, True


def _names_type(node: object, full: str) -> bool:
    if isinstance(node, dict) and repr(node) == full:
        return True
    target = node.get("type") if isinstance(node, dict) else node
    return isinstance(target, str) and (target == full or full.endswith("." + target))


def _lacks(node: object, key: str) -> bool:
    needs = {"fixed": "size", "array": "items", "map": "values", "enum": "symbols"}
    return isinstance(node, dict) and needs.get(own_type(node) or "") == key and key not in node


def _logical(node: object) -> object:
    return node.get("logicalType") if isinstance(node, dict) else None


def _bad_field(node: object) -> bool:
    return not isinstance(node, dict) or "name" not in node or "type" not in node


def _second_definition(full: str) -> Finder:
    seen: list[str] = []

    def finder(node: object, field: bool) -> bool:
        if not field and isinstance(node, dict) and own_type(node) in NAMED_TYPES \
                and short_name(node.get("name", "")) == short_name(full):
            seen.append(full)
            return len(seen) > 1
        return False
    return finder
