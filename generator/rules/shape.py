"""EC1xx: frontmatter shape per resource kind — required fields, types, badges, enums, unknown keys.

The field tables follow EventCatalog's content collections (catalog-format.md §3); unknown top-level keys
that do not start with ``x-`` are errors there too, unknown nested keys are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from generator.catalog import versions
from generator.catalog.assemble import suggest
from generator.catalog.model import Catalog, Channel, Kind, Resource
from generator.diagnostics import Diagnostic, at
from generator.diagnostics.codes import rule

_BASE = {"id", "name", "version", "summary", "owners", "badges", "schemaPath", "specifications", "draft",
         "deprecated", "sidebar", "repository", "styles", "resourceGroups", "attachments", "diagrams",
         "hidden", "visualiser", "editUrl", "detailsPanel"}
_COMPUTED = {"versions", "latestVersion", "catalog", "producers", "consumers", "messageChannels", "messages",
             "ownedCommands", "ownedEvents", "ownedQueries", "ownedServices", "ownedDomains", "ownedChannels",
             "ownedFlows", "ownedEntities", "ownedResources"}
_SENDS = {"sends", "receives"}
_FIELDS: dict[Kind, set[str]] = {
    Kind.EVENT: _BASE | {"schemas", "operation", "channels"},
    Kind.SERVICE: _BASE | _SENDS | {"entities", "flows", "writesTo", "readsFrom", "externalSystem", "schemas"},
    Kind.DOMAIN: _BASE | _SENDS | {"services", "agents", "domains", "systems", "entities", "data-products",
                                   "flows"},
    Kind.CHANNEL: _BASE | {"address", "protocols", "deliveryGuarantee", "parameters", "routes", "channels"},
    Kind.FLOW: _BASE | {"steps"},
    Kind.TEAM: {"id", "name", "summary", "email", "hidden", "slackDirectMessageUrl", "msTeamsDirectMessageUrl",
                "members", "avatarUrl", "owners", "badges"},
    Kind.USER: {"id", "name", "avatarUrl", "role", "email", "hidden", "slackDirectMessageUrl",
                "msTeamsDirectMessageUrl", "associatedTeams", "summary"},
    Kind.ENTITY: _BASE | {"aggregateRoot", "identifier", "properties"},
    Kind.CONTAINER: _BASE | {"container_type", "technology", "purpose", "authoritative", "access_mode",
                             "classification", "residency", "retention"},
    Kind.ADR: _BASE | {"status", "date", "decisionMakers", "appliesTo", "supersedes", "supersededBy",
                       "amends", "amendedBy", "related"},
    Kind.AGENT: _BASE | _SENDS | {"writesTo", "readsFrom", "flows", "model", "tools"},
    Kind.DATA_PRODUCT: _BASE | {"inputs", "outputs"},
    Kind.SYSTEM: _BASE | {"scope", "services", "flows", "entities", "containers", "relationships", "actors"},
    Kind.DIAGRAM: set(_BASE),
}
_FIELDS[Kind.COMMAND] = _FIELDS[Kind.QUERY] = _FIELDS[Kind.EVENT]
_ENUMS: dict[str, tuple[str, ...]] = {
    "deliveryGuarantee": ("at-most-once", "at-least-once", "exactly-once"),
    "container_type": ("database", "cache", "objectStore", "searchIndex", "dataWarehouse", "dataLake",
                       "externalSaaS", "other"),
    "status": ("proposed", "accepted", "rejected", "deprecated", "superseded"),
    "scope": ("internal", "external"),
}
_ENUM_KINDS = {"deliveryGuarantee": Kind.CHANNEL, "container_type": Kind.CONTAINER, "status": Kind.ADR,
               "scope": Kind.SYSTEM}
_STRINGS = ("id", "name", "summary", "schemaPath", "address", "email", "role", "avatarUrl")
_LISTS = ("owners", "badges", "sends", "receives", "services", "domains", "protocols", "steps", "members",
          "routes", "schemas")
_BADGE_KEYS = {"content", "backgroundColor", "textColor", "icon", "url"}
_POINTER_KEYS = {"sends": {"id", "version", "fields", "group", "to"},
                 "receives": {"id", "version", "fields", "group", "from", "triggers"}}
_CHANNEL_POINTER_KEYS = {"id", "version", "parameters", "delivery_mode"}
_PARAMETER_KEYS = {"enum", "default", "examples", "description"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def check(catalog: Catalog, resources: Sequence[Resource] | None = None) -> list[Diagnostic]:
    """Every shape finding of the catalog's resources (or of some of them)."""
    found: list[Diagnostic] = []
    for resource in catalog.resources if resources is None else resources:
        found += _shape(resource)
        if isinstance(resource, Channel):
            found += _address_parameters(resource)
    return found


def _shape(resource: Resource) -> list[Diagnostic]:
    doc, data, kind = resource.document, resource.document.data, resource.kind
    found: list[Diagnostic] = []
    required = ("id", "name") if kind in (Kind.TEAM, Kind.USER) else ("id", "name", "version")
    for name in required:
        if data.get(name) in (None, "", [], {}):
            found.append(rule("EC101")(f"required field '{name}' is missing", **at(doc.where()),
                                       hint=f"add '{name}:' to the frontmatter"))
    if kind is Kind.FLOW and not data.get("steps"):
        found.append(rule("EC101")("required field 'steps' is missing", **at(doc.where()),
                                   hint="a flow needs a list of steps"))
    found += _types(resource) + _unknown_keys(resource) + _badges(resource) + _enums(resource)
    found += _nested(resource)
    return found


def _types(resource: Resource) -> list[Diagnostic]:
    doc, data = resource.document, resource.document.data
    found = []
    for name in _STRINGS:
        if name in data and data[name] is not None and not isinstance(data[name], str):
            found.append(_wrong_type(resource, name, data[name], "a string"))
    if "version" in data and data["version"] is not None:
        value = data["version"]
        if not isinstance(value, str):
            found.append(_wrong_type(resource, "version", value, "a string",
                                     hint=f"quote it: version: \"{value}\""))
        elif not versions.is_semver(value):
            found.append(rule("EC104")(f"version '{value}' is not semantic versioning (MAJOR.MINOR.PATCH)",
                                       **at(doc.where("version", value=True)),
                                       hint=_semver_hint(value)))
    for name in _LISTS:
        if name in data and data[name] is not None and not isinstance(data[name], list):
            found.append(_wrong_type(resource, name, data[name], "a list"))
    for name in ("draft", "deprecated"):
        if name in data and not isinstance(data[name], (bool, Mapping)):
            found.append(_wrong_type(resource, name, data[name], "true/false or a mapping"))
    for name in ("hidden", "externalSystem", "aggregateRoot"):
        if name in data and not isinstance(data[name], bool):
            found.append(_wrong_type(resource, name, data[name], "true or false"))
    if "parameters" in data and not isinstance(data["parameters"], Mapping):
        found.append(_wrong_type(resource, "parameters", data["parameters"], "a mapping of name → spec"))
    return found + _people(resource)


def _people(resource: Resource) -> list[Diagnostic]:
    """EC102 for an owner or member that is neither an id nor ``{id: …}`` (a nested list, say, or what an
    alias stood for): it would otherwise be dropped without a word."""
    doc, found = resource.document, []
    for name in ("owners", "members"):
        entries = doc.data.get(name)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            ident = entry.get("id") if isinstance(entry, Mapping) else None
            if isinstance(entry, str) or (isinstance(ident, (str, int, float)) and not isinstance(ident, bool)):
                continue
            shown = repr(entry) if len(repr(entry)) < 60 else repr(entry)[:57] + "..."
            found.append(rule("EC102")(f"'{name}[{index}]' must be an id or {{id: …}}, not "
                                       f"{type(entry).__name__} {shown}; it is ignored",
                                       **at(doc.where(name, index, value=True)),
                                       hint=f"list each of the {name} by id, one per line"))
    return found


def _semver_hint(value: str) -> str:
    coerced = versions.coerce(value)
    return f"write '{coerced}'" if coerced else "use MAJOR.MINOR.PATCH, e.g. 1.0.0"


def _wrong_type(resource: Resource, name: str, value: Any, expected: str, hint: str | None = None) -> Diagnostic:
    shown = repr(value) if len(repr(value)) < 60 else repr(value)[:57] + "..."
    return rule("EC102")(f"'{name}' must be {expected}, not {type(value).__name__} {shown}",
                         **at(resource.document.where(name, value=True)),
                         hint=hint or f"write '{name}' as {expected}")


def _unknown_keys(resource: Resource) -> list[Diagnostic]:
    allowed = _FIELDS.get(resource.kind, _BASE)
    found = []
    for key in resource.document.data:
        name = str(key)
        if name.startswith("x-") or name in allowed:
            continue
        if name in _COMPUTED:
            found.append(rule("EC109")(f"'{name}' is computed from other resources; the value written here "
                                       "is ignored", **at(resource.document.where(name)),
                                       hint=f"remove '{name}'"))
            continue
        guess = suggest(name, sorted(allowed))
        found.append(rule("EC105")(
            f"unknown field '{name}' for {_a(resource.kind.value)}", **at(resource.document.where(name)),
            hint=f"did you mean '{guess}'?" if guess else f"custom fields must start with 'x-' (x-{name})"))
    return found


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _badges(resource: Resource) -> list[Diagnostic]:
    entries = resource.document.data.get("badges")
    found = []
    for index, badge in enumerate(entries if isinstance(entries, list) else []):
        where = resource.document.where_later("badges", index)  # looked up only for a finding
        if not isinstance(badge, Mapping):
            found.append(rule("EC103")(f"badge {index + 1} must be a mapping, not {badge!r}", **at(where),
                                       hint="write {content: ..., backgroundColor: ..., textColor: ...}"))
            continue
        missing = [k for k in ("content", "backgroundColor", "textColor") if not badge.get(k)]
        if missing:
            found.append(rule("EC103")(f"badge {index + 1} lacks {', '.join(missing)}", **at(where),
                                       hint="a badge needs content, backgroundColor and textColor"))
        found += _nested_keys(resource, ("badges", index), badge, _BADGE_KEYS, "badge",
                              {"link": "url"})
    return found


def _enums(resource: Resource) -> list[Diagnostic]:
    found = []
    for name, allowed in _ENUMS.items():
        value = resource.document.data.get(name)
        if value is None or _ENUM_KINDS[name] is not resource.kind:
            continue
        if str(value) not in allowed:
            guess = suggest(str(value), list(allowed))
            found.append(rule("EC106")(
                f"'{name}' is '{value}', not one of {', '.join(allowed)}",
                **at(resource.document.where(name, value=True)),
                hint=f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(allowed)}"))
    return found


def _nested(resource: Resource) -> list[Diagnostic]:
    data = resource.document.data
    found = []
    for field, allowed in _POINTER_KEYS.items():
        channel_field = "to" if field == "sends" else "from"
        for index, entry in enumerate(data.get(field) if isinstance(data.get(field), list) else []):
            if not isinstance(entry, Mapping):
                continue
            found += _nested_keys(resource, (field, index), entry, allowed, f"{field} entry")
            channels = entry.get(channel_field)
            for c_index, channel in enumerate(channels if isinstance(channels, list) else []):
                if isinstance(channel, Mapping):
                    found += _nested_keys(resource, (field, index, channel_field, c_index), channel,
                                          _CHANNEL_POINTER_KEYS, "channel pointer")
    params = data.get("parameters")
    if resource.kind is Kind.CHANNEL and isinstance(params, Mapping):
        for name, spec in params.items():
            if isinstance(spec, Mapping):
                found += _nested_keys(resource, ("parameters", name), spec, _PARAMETER_KEYS, "parameter")
    return found


def _nested_keys(resource: Resource, path: tuple, entry: Mapping, allowed: set[str], what: str,
                 renamed: Mapping[str, str] | None = None) -> Iterable[Diagnostic]:
    for key in entry:
        name = str(key)
        if name in allowed or name.startswith("x-"):
            continue
        guess = (renamed or {}).get(name) or suggest(name, sorted(allowed))
        yield rule("EC107")(f"unknown key '{name}' in {what}; it is ignored",
                            **at(resource.document.where(*path, name)),
                            hint=f"did you mean '{guess}'?" if guess else f"allowed: {', '.join(sorted(allowed))}")


def _address_parameters(channel: Channel) -> list[Diagnostic]:
    if channel.address is None:
        return []
    placeholders = set(_PLACEHOLDER.findall(channel.address))
    declared = set(channel.parameters)
    found = []
    for name in sorted(placeholders - declared):
        found.append(rule("EC111")(f"address '{channel.address}' uses '{{{name}}}' but parameters do not "
                                   f"declare '{name}'", **at(channel.document.where("address", value=True)),
                                   hint=f"add parameters: {{{name}: {{description: ...}}}}"))
    for name in sorted(declared - placeholders):
        found.append(rule("EC111")(f"parameter '{name}' does not appear in address '{channel.address}'",
                                   **at(channel.document.where("parameters", name)),
                                   hint=f"use '{{{name}}}' in the address or remove the parameter"))
    return found
