"""A JSON Schema seen through its references: ``$ref`` followed and ``allOf`` merged into one view.

Used by the field viewer and the sample generator, which both want "what does this place of the schema
allow" rather than the keywords as written. Siblings of ``$ref`` win over the target's keywords; a later
``allOf`` branch adds to (and may override) earlier ones. Nothing here raises on odd input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import referencing

_MAX_HOPS = 16


@dataclass
class View:
    """The merged keywords of a schema place. ``props`` pairs each property schema with the resolver its
    own ``$ref``s are relative to; ``ids`` are the schema objects merged in (to notice recursion)."""

    schema: dict = field(default_factory=dict)
    resolver: referencing.Resolver | None = None
    props: dict[str, tuple[object, referencing.Resolver]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    ref_name: str | None = None
    ids: set[int] = field(default_factory=set)
    origins: dict[str, referencing.Resolver] = field(default_factory=dict)

    def at(self, keyword: str) -> referencing.Resolver | None:
        """The resolver for the subschemas under ``keyword``: that of the document the keyword came from
        (a keyword merged in from a referenced file resolves relative to that file)."""
        return self.origins.get(keyword, self.resolver)


class Viewer:
    """Builds views for schemas of one dialect."""

    def __init__(self, spec: referencing.Specification) -> None:
        self._spec = spec

    def view(self, schema: object, resolver: referencing.Resolver) -> View:
        """The merged view of ``schema`` (an empty view for a boolean or non-schema)."""
        view = View(resolver=resolver)
        self._absorb(view, schema, resolver, 0)
        return view

    def _absorb(self, view: View, schema: object, resolver: referencing.Resolver, hops: int) -> None:
        if not isinstance(schema, dict) or hops > _MAX_HOPS:
            return
        view.ids.add(id(schema))
        resolver = enter(resolver, self._spec, schema)
        ref = schema.get("$ref")
        if isinstance(ref, str):
            try:
                resolved = resolver.lookup(ref)
            except Exception:  # noqa: BLE001 - unresolvable or malformed: the schema rules report it
                view.schema.setdefault("$ref", ref)  # left as written
            else:
                view.ref_name = view.ref_name or ref_name(ref)
                self._absorb(view, resolved.contents, resolved.resolver, hops + 1)
        branches = schema.get("allOf")
        for branch in branches if isinstance(branches, list) else []:
            self._absorb(view, branch, resolver, hops + 1)
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                view.props.update({str(name): (sub, resolver) for name, sub in value.items()})
            elif key == "required" and isinstance(value, list):
                view.required.update(str(name) for name in value)
            elif key not in ("$ref", "allOf"):
                view.schema[key] = value
                view.origins[key] = resolver
        view.resolver = resolver  # the outermost place wins: its siblings were merged last


def enter(resolver: referencing.Resolver, spec: referencing.Specification,
          schema: object) -> referencing.Resolver:
    """The resolver inside ``schema`` (a nested ``$id`` moves the base URI); unchanged if ``$id`` is bad."""
    try:
        return resolver.in_subresource(spec.create_resource(schema))
    except Exception:  # noqa: BLE001 - e.g. a non-string $id, which the meta-schema check reports
        return resolver


def ref_name(ref: str) -> str | None:
    """The name a reference gives its target: ``Address`` for ``#/$defs/Address`` or ``address.json``."""
    tail = ref.rstrip("/").rpartition("/")[2] or ref
    tail = tail.rpartition("#")[2] if "#" in tail else tail
    stem = tail.rsplit(".", 1)[0] if tail.endswith((".json", ".yaml", ".yml")) else tail
    return stem or None
