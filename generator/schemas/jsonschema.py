"""JSON Schema: check a schema against its meta-schema and references, and check payloads against it.

The dialect comes from ``$schema`` (2020-12 when absent or unknown, as ``validator_for`` decides).
References resolve locally only (see ``jsonrefs``). Messages are jsonschema's own, which quote the value:
``'credit_card' is not one of ['CreditCard', 'PayPal']``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import referencing
import referencing.exceptions
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.validators import validator_for

from generator.schemas.jsonrefs import explain, make_registry, make_resolver, specification_of
from generator.schemas.jsonview import enter
from generator.schemas.model import ExampleProblem, SchemaProblem, json_pointer, quote

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


def check_json_schema(data: object, *, base_dir: Path, catalog_root: Path) -> list[SchemaProblem]:
    """Meta-schema errors (``invalid-json-schema``) and ``$ref``s that do not resolve locally
    (``unresolvable-ref``), each with a JSON pointer into the schema."""
    if not isinstance(data, (dict, bool)):
        return [SchemaProblem("invalid-json-schema", f"a JSON Schema must be an object or a boolean, not "
                                                     f"{quote(data)}", "")]
    cls = validator_class(data)
    meta_cls = validator_for(cls.META_SCHEMA, default=cls)
    meta = meta_cls(cls.META_SCHEMA, format_checker=meta_cls.FORMAT_CHECKER)
    # 2020-12's meta-schema reaches some keywords through several vocabularies: say each finding once
    problems = list(dict.fromkeys(
        SchemaProblem("invalid-json-schema", _message(leaf), json_pointer(leaf.absolute_path))
        for leaf in map(_leaf, meta.iter_errors(data))))
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


def validate_json(data_schema: object, datum: object, *, base_dir: Path,
                  catalog_root: Path) -> list[ExampleProblem]:
    """Every way ``datum`` fails ``data_schema`` (formats checked as the dialect defines them).

    One ``mismatch`` per error jsonschema reports, pointing into the payload (a missing required property:
    at the object). If the schema cannot be applied to the end (a ``$ref`` that does not resolve, an
    invalid ``pattern``), an ``unchecked`` problem says so after the errors found until then.
    """
    if not isinstance(data_schema, (dict, bool)):
        return [ExampleProblem("unchecked", "not checked: the schema is not a JSON Schema object", "")]
    problems: list[ExampleProblem] = []
    try:
        cls = validator_class(data_schema)
        registry = make_registry(data_schema, base_dir, catalog_root)
        validator = cls(data_schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
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
