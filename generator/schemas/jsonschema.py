"""JSON Schema: check a schema against its meta-schema and references, and check payloads against it.

The dialect comes from ``$schema`` (2020-12 when absent or unknown, as ``validator_for`` decides).
References resolve locally only (see ``jsonrefs``). Messages are jsonschema's own, which quote the value:
``'credit_card' is not one of ['CreditCard', 'PayPal']``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema_rs
import referencing
import referencing.exceptions
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for

from generator.schemas.jsonrefs import explain, make_registry, make_resolver, specification_of
from generator.schemas.jsonview import enter
from generator.schemas.model import ExampleProblem, SchemaProblem, json_pointer, pointer_parts, quote

# keywords whose value is a schema, a map of schemas, or a list of schemas (all drafts together)
_ONE = ("additionalProperties", "additionalItems", "contains", "propertyNames", "not", "if", "then",
        "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems", "items")


def validator_class(schema: object) -> type:
    """The jsonschema validator class for the dialect ``schema`` declares (2020-12 when absent, unknown
    or not a string; the meta-schema check then says what is wrong with it)."""
    if isinstance(schema, dict) and not isinstance(schema.get("$schema", ""), str):
        return Draft202012Validator
    return validator_for(schema, default=Draft202012Validator)


def check_json_schema(data: object, *, base_dir: Path, catalog_root: Path,
                      has_refs: bool = True) -> list[SchemaProblem]:
    """Meta-schema errors (``invalid-json-schema``) and ``$ref``s that do not resolve locally
    (``unresolvable-ref``), each with a JSON pointer into the schema. ``has_refs=False`` (the caller
    knows the text has no ``$ref``) skips the reference walk."""
    if not isinstance(data, (dict, bool)):
        return [SchemaProblem("invalid-json-schema", f"a JSON Schema must be an object or a boolean, not "
                                                     f"{quote(data)}", "")]
    scan = _scan(data) if has_refs else None
    problems = [] if _meta_valid_fast(data, scan) else _meta_problems(data)
    if scan is None or _refs_found_in_place(data, scan):
        return problems
    resolver = make_resolver(data, base_dir, catalog_root)
    spec = specification_of(data)
    for pointer, ref, scope in _refs(data, "", resolver, spec):
        try:
            scope.lookup(ref)
        except referencing.exceptions.Unresolvable as error:
            problems.append(SchemaProblem("unresolvable-ref", f"$ref {ref!r} cannot be resolved: "
                                                              f"{explain(error)}", pointer))
        except RecursionError:
            problems.append(SchemaProblem("unresolvable-ref", f"$ref {ref!r} never ends", pointer))
        except Exception:  # noqa: BLE001 - a malformed $id or $ref: the meta-schema errors above say so
            continue
    return problems


def _meta_valid_fast(data: object, scan: _Scan | None) -> bool:
    """True when jsonschema-rs (compiled) finds the schema valid against its meta-schema.

    The Python meta-schema check costs 3–13 ms per schema, the compiled one a few microseconds; the Python
    check still runs whenever this says no (or cannot tell), because it words and locates each error.
    ``scan`` is None when the schema's text has no ``pattern``, ``$id`` or ``$ref`` (so no format to check).
    """
    if isinstance(data, dict) and not _meta_known(data):
        return False  # jsonschema-rs would try to download an unknown meta-schema: never on the network
    try:
        if not jsonschema_rs.meta.is_valid(data):
            return False
    except Exception:  # noqa: BLE001 - any doubt: take the Python path
        return False
    if scan is None:
        return True
    # The compiled check treats formats as annotations; the Python one checks these two, so must we.
    checker = validator_class(data).FORMAT_CHECKER
    return all(checker.conforms(value, fmt) for fmt, value in scan.formats)


@dataclass(frozen=True)
class _Scan:
    """What one walk over a schema document finds (every dict and list in it, schema or not)."""

    formats: tuple[tuple[str, str], ...]  # (format, value) the meta-schemas check: regexes, URI references
    refs: tuple[str, ...]  # every string ``$ref``
    nested_id: bool  # an ``$id`` (or draft-04 ``id``) below the root, which would move the base URI


def _scan(data: object) -> _Scan:
    formats: list[tuple[str, str]] = []
    refs: list[str] = []
    nested_id = False
    pending: list[tuple[object, bool]] = [(data, True)]  # (node, is the root); a loop, not a closure
    while pending:
        node, is_root = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str):
                    if key == "pattern":
                        formats.append(("regex", value))
                    elif key == "$ref":
                        refs.append(value)
                        formats.append(("uri-reference", value))
                    elif key == "$id":
                        formats.append(("uri-reference", value))
                        nested_id = nested_id or not is_root
                    elif key == "id":
                        nested_id = nested_id or not is_root
                elif isinstance(value, (dict, list)):
                    if key == "patternProperties" and isinstance(value, dict):
                        formats.extend(("regex", name) for name in value)
                    pending.append((value, False))
        elif isinstance(node, list):
            pending.extend((item, False) for item in node if isinstance(item, (dict, list)))
    return _Scan(tuple(formats), tuple(refs), nested_id)


def _refs_found_in_place(data: object, scan: _Scan | None = None) -> bool:
    """True when every ``$ref`` is a JSON pointer into this same document that exists, and no nested
    ``$id`` (``id`` in draft-04) moves the base URI.

    Then the reference walk below would resolve each of them to the same place, and is skipped: it builds
    a resolver for every subschema, and most schemas only refer to their own ``definitions``. Anything
    else (anchors, other files, escapes, nested ids) takes the full walk.
    """
    scan = scan or _scan(data)
    return not scan.nested_id and all(_points_inside(data, ref) for ref in scan.refs)


def _points_inside(document: object, ref: str) -> bool:
    if (ref != "#" and not ref.startswith("#/")) or "%" in ref:
        return False
    target = document
    for token in pointer_parts(ref[1:]):
        if isinstance(target, dict) and token in target:
            target = target[token]
        elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
            target = target[int(token)]
        else:
            return False
    return True


def _meta_known(data: dict) -> bool:
    return str(data.get("$schema", "")).rstrip("#") in _KNOWN_DIALECTS


_KNOWN_DIALECTS = {"", *(f"{scheme}://json-schema.org/{path}" for scheme in ("http", "https") for path in (
    "draft-04/schema", "draft-06/schema", "draft-07/schema", "draft/2019-09/schema", "draft/2020-12/schema"))}


def _meta_problems(data: object) -> list[SchemaProblem]:
    cls = validator_class(data)
    meta_cls = validator_for(cls.META_SCHEMA, default=cls)
    meta = meta_cls(cls.META_SCHEMA, format_checker=meta_cls.FORMAT_CHECKER)
    # 2020-12's meta-schema reaches some keywords through several vocabularies: say each finding once
    return list(dict.fromkeys(
        SchemaProblem("invalid-json-schema", _message(leaf), json_pointer(leaf.absolute_path))
        for leaf in map(_leaf, meta.iter_errors(data))))


def validate_json(data_schema: object, datum: object, *, base_dir: Path,
                  catalog_root: Path) -> list[ExampleProblem]:
    """Every way ``datum`` fails ``data_schema`` (formats checked as the dialect defines them).

    One ``mismatch`` per error jsonschema reports, pointing into the payload (a missing required property:
    at the object). If the schema cannot be applied to the end (a ``$ref`` that does not resolve, an
    invalid ``pattern``), an ``unchecked`` problem says so after the errors found until then.
    """
    return json_validator(data_schema, base_dir=base_dir, catalog_root=catalog_root)(datum)


def json_validator(data_schema: object, *, base_dir: Path, catalog_root: Path,
                   has_refs: bool = True) -> Callable[[object], list[ExampleProblem]]:
    """``validate_json`` with the validators built once, for checking many payloads against one schema.
    ``has_refs=False`` (the caller knows the text has no ``$ref``) skips looking for references."""
    if not isinstance(data_schema, (dict, bool)):
        return lambda datum: [ExampleProblem("unchecked", "not checked: the schema is not a JSON Schema object",
                                             "")]
    fast = _compiled(data_schema, has_refs)
    python: list[Callable[[object], list[ExampleProblem]]] = []

    def check(datum: object) -> list[ExampleProblem]:
        # Most examples are valid: the compiled validator says so in microseconds; only when it objects
        # (or is stricter on a format) is the Python validator built and run, and its findings reported.
        if fast is not None and _fast_valid(fast, datum):
            return []
        if not python:
            python.append(_python_validator(data_schema, base_dir, catalog_root))
        return python[0](datum)

    return check


def _python_validator(data_schema: object, base_dir: Path,
                      catalog_root: Path) -> Callable[[object], list[ExampleProblem]]:
    try:
        cls = validator_class(data_schema)
        registry = make_registry(data_schema, base_dir, catalog_root)
        validator = cls(data_schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    except Exception as error:  # noqa: BLE001 - an unusable schema is reported per payload, never raised
        problem = ExampleProblem("unchecked", f"not fully checked: the schema cannot be applied "
                                              f"({type(error).__name__}: {error})", "")
        return lambda datum: [problem]
    return lambda datum: _payload_problems(validator, datum)


def _compiled(data_schema: object, has_refs: bool = True):
    """A jsonschema-rs validator for a self-contained schema of a known dialect, else None."""
    if not isinstance(data_schema, dict) or not _meta_known(data_schema):
        return None
    refs = _scan(data_schema).refs if has_refs else ()
    if any(not ref.startswith("#") for ref in refs):
        return None  # $refs to other files or URLs: only the Python path resolves those (locally)
    if any(_loops(data_schema, ref) for ref in refs):
        return None  # the Python path reports a $ref loop as "not fully checked"
    try:
        return jsonschema_rs.validator_for(data_schema, validate_formats=True)
    except Exception:  # noqa: BLE001 - anything it cannot compile goes the Python way
        return None


def _loops(schema: dict, ref: str) -> bool:
    """True when following ``ref`` through schemas that are only a ``$ref`` comes back to itself."""
    seen: set[str] = set()
    while ref.startswith("#") and ref not in seen:
        seen.add(ref)
        target: object = schema
        for token in pointer_parts(ref[1:]):
            target = target.get(token) if isinstance(target, dict) else None
        if not isinstance(target, dict) or not isinstance(target.get("$ref"), str):
            return False
        ref = target["$ref"]
    return ref in seen


def _fast_valid(validator, datum: object) -> bool:
    try:
        return bool(validator.is_valid(datum))
    except Exception:  # noqa: BLE001
        return False


def _payload_problems(validator, datum: object) -> list[ExampleProblem]:
    problems: list[ExampleProblem] = []
    try:
        for error in validator.iter_errors(datum):
            leaf = _leaf(error)
            problems.append(ExampleProblem("mismatch", _message(leaf), json_pointer(leaf.absolute_path)))
    except referencing.exceptions.Unresolvable as error:
        ref = getattr(error, "ref", "")
        problems.append(ExampleProblem("unchecked", f"not fully checked: $ref {ref!r} cannot be resolved: "
                                                    f"{explain(error)}", ""))
    except RecursionError:
        problems.append(ExampleProblem("unchecked", "not fully checked: the schema's $refs loop forever", ""))
    # an invalid schema (bad regex, unknown type) must not stop the run
    except Exception as error:  # noqa: BLE001
        problems.append(ExampleProblem("unchecked", f"not fully checked: the schema cannot be applied "
                                                    f"({type(error).__name__}: {error})", ""))
    return list(dict.fromkeys(problems))


def _leaf(error: ValidationError) -> ValidationError:
    """The most telling error: jsonschema's ``best_match`` descent, then, for an ``anyOf``/``oneOf`` whose
    branches failed at the same place, the one branch whose type fitted (its complaint is the real one)."""
    best = best_match([error])
    if best.validator in ("anyOf", "oneOf") and best.context:
        fitting = [sub for sub in best.context if sub.validator != "type"
                   and list(sub.absolute_path) == list(best.absolute_path)]
        branches = {sub.schema_path[0] if sub.schema_path else None for sub in fitting}
        if fitting and len(branches) == 1:
            return fitting[0]
    return best


def _message(error: ValidationError) -> str:
    """jsonschema's message with a long quoted instance shortened."""
    shown = repr(error.instance)
    if len(shown) > 100 and error.message.startswith(shown):
        return quote(error.instance) + error.message[len(shown):]
    return error.message


def _refs(schema: object, pointer: str, resolver: referencing.Resolver,
          spec: referencing.Specification) -> Iterator[tuple[str, str, referencing.Resolver]]:
    """(pointer of the ``$ref`` key, reference, resolver in scope) for each ``$ref`` in a schema position."""
    if not isinstance(schema, dict):
        return
    resolver = enter(resolver, spec, schema)  # a nested $id moves the base
    if isinstance(schema.get("$ref"), str):
        yield f"{pointer}/$ref", schema["$ref"], resolver
    for key in _ONE:
        if isinstance(schema.get(key), dict):
            yield from _refs(schema[key], f"{pointer}/{key}", resolver, spec)
    for key in _MAP:
        if isinstance(schema.get(key), dict):
            for name, sub in schema[key].items():
                yield from _refs(sub, pointer + json_pointer([key, name]), resolver, spec)
    for key in _MANY:
        if isinstance(schema.get(key), list):
            for index, sub in enumerate(schema[key]):
                yield from _refs(sub, f"{pointer}/{key}/{index}", resolver, spec)
