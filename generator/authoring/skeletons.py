"""``evcat new``: a resource skeleton that validates, and its pointer in the service or domain named.

Where things go (documented in docs/authoring.md): folder resources at ``<kind plural>/<ID>/index.mdx``
beside the catalog's other top-level folders, teams and users as ``teams/<ID>.mdx`` / ``users/<ID>.mdx``.
``--service S`` adds the message to ``sends`` (an event: S publishes it) or ``receives`` (a command or
query: S handles it), with ``--channel C`` as its ``to``/``from``; ``--domain D`` adds a service, a flow or
a subdomain to D's ``services``, ``flows`` or ``domains``.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.authoring.frontmatter_edit import edit_frontmatter
from generator.authoring.writes import (
    AuthoringError,
    Plan,
    create_file,
    create_folder,
    replace_file,
)
from generator.catalog.load import load_catalog, read_catalog_file
from generator.catalog.model import Catalog, Kind, Resource
from generator.escaping import identifier
from generator.rules.ids import id_problem

KINDS = ("event", "command", "query", "service", "domain", "channel", "flow", "team", "user")
_DOMAIN_LISTS = {Kind.SERVICE: "services", Kind.FLOW: "flows", Kind.DOMAIN: "domains"}
_BODY = {
    "message": "## Overview\n\nWhat happened, who sends it and who should care.\n\n<SchemaViewer />\n\n<NodeGraph />\n",
    "service": "## Overview\n\nWhat this service does and which messages it sends and receives.\n\n<NodeGraph />\n",
    "domain": "## Overview\n\nThe business capability this domain covers.\n\n<NodeGraph />\n",
    "channel": "## Overview\n\nWhat travels on this channel.\n\n<ChannelInformation />\n",
    "flow": "## Overview\n\nThe steps of this flow.\n\n<Flow />\n",
    "owner": "",
}


def check_id(ident: str, what: str = "id") -> None:
    """Refuse an id that cannot name a page or a folder (the EC112 rules), or one that is empty."""
    if not ident.strip():
        raise AuthoringError(f"the {what} is empty")
    problem = id_problem(ident)
    if problem:
        raise AuthoringError(f"the {what} {ident!r} {problem}")


def _frontmatter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096) + "---\n"


def _schema_files(ident: str, schema: str) -> tuple[str, dict[str, str]]:
    """The schema file name and the files of a message folder: schema, one example that validates."""
    example = {"id": "0b7c2a34-1f1e-4d2b-9a55-6d1f3c1c0001", "occurredAt": "2026-01-01T00:00:00Z"}
    if schema == "avro":
        record = {"type": "record", "name": identifier(ident, "Message"), "namespace": "events", "doc": ident,
                  "fields": [{"name": "id", "type": "string", "doc": "Unique id of this message"},
                             {"name": "occurredAt", "type": "string", "doc": "When it happened (ISO 8601)"}]}
        name, text = "schema.avsc", json.dumps(record, indent=2, ensure_ascii=False)
    else:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": ident, "type": "object",
                    "properties": {"id": {"type": "string", "description": "Unique id of this message"},
                                   "occurredAt": {"type": "string", "format": "date-time"}},
                    "required": ["id", "occurredAt"], "additionalProperties": False}
        name, text = "schema.json", json.dumps(document, indent=2, ensure_ascii=False)
    return name, {name: text + "\n", "examples/example.json": json.dumps(example, indent=2) + "\n"}


def skeleton_files(kind: Kind, ident: str, schema: str = "json") -> dict[str, str]:
    """The files of a new resource, by path relative to its folder (or the single file for owners)."""
    data: dict = {"id": ident, "name": ident}
    if kind in (Kind.TEAM, Kind.USER):
        return {"": _frontmatter(data)}
    data["version"] = "0.0.1"
    data["summary"] = f"A new {kind.value}; describe it here."
    files: dict[str, str] = {}
    if kind.is_message:
        schema_name, files = _schema_files(ident, schema)
        data["schemaPath"] = schema_name
        body = _BODY["message"]
    elif kind is Kind.FLOW:
        data["steps"] = [{"id": 1, "title": "First step"}]
        body = _BODY["flow"]
    else:
        body = _BODY[kind.value]
    files["index.mdx"] = _frontmatter(data) + "\n" + body
    return files


def new_resource(root: Path, kind_name: str, ident: str, *, service: str | None = None, domain: str | None = None,
                 channel: str | None = None, schema: str = "json", dry_run: bool = False) -> Plan:
    """Create resource ``ident`` of ``kind_name`` in catalog ``root`` and add its pointer where asked."""
    kind = Kind(kind_name)
    check_id(ident)
    plan = Plan(root, dry_run)
    catalog = load_catalog(root).catalog
    if any(r.id == ident and r.kind.namespace == kind.namespace for r in catalog):
        raise AuthoringError(f"a {kind.namespace} with id {ident!r} already exists")
    edit = _pointer_edit(catalog, kind, ident, service, domain, channel)
    # The edit is worked out before anything is written: a service file evcat cannot edit stops the run
    # with nothing created.
    edited = _edited(root, *edit) if edit is not None else None
    files = skeleton_files(kind, ident, schema)
    if kind in (Kind.TEAM, Kind.USER):
        target = root / kind.plural / f"{ident}.mdx"
        if not dry_run:
            create_file(target, files[""])
        plan.note("created", target)
    else:
        target = root / kind.plural / ident
        if target.exists():
            raise AuthoringError(f"{target} already exists; evcat never overwrites it")
        if not dry_run:
            create_folder(target, files)
        for name in files:
            plan.note("created", target / name)
    if edit is not None and edited is not None:
        owner, field, entry = edit
        if not dry_run:
            replace_file(root / owner.path, edited)
        plan.note("edited", root / owner.path, f"{field} += {entry['id']}")
    return plan


def _find(catalog: Catalog, kind: Kind, ident: str, option: str) -> Resource:
    found = [r for r in catalog.of_kind(kind) if r.id == ident and not r.is_versioned_copy]
    if not found:
        raise AuthoringError(f"{option} {ident!r}: no {kind.value} with that id in the catalog")
    return max(found, key=lambda r: catalog.versions_of(kind, ident).index(r.version)
               if r.version in catalog.versions_of(kind, ident) else -1)


def _pointer_edit(catalog: Catalog, kind: Kind, ident: str, service: str | None, domain: str | None,
                  channel: str | None) -> tuple[Resource, str, dict] | None:
    """Which file to edit, which list to extend and the entry to add; refuses options that do not fit."""
    if channel is not None and not (kind.is_message and service):
        raise AuthoringError("--channel goes with a message and --service (the channel it travels on)")
    if channel is not None:
        _find(catalog, Kind.CHANNEL, channel, "--channel")
    if service is not None:
        if not kind.is_message:
            raise AuthoringError("--service names the service that sends or receives a new message")
        owner = _find(catalog, Kind.SERVICE, service, "--service")
        field = "sends" if kind is Kind.EVENT else "receives"
        entry: dict = {"id": ident}
        if channel is not None:
            entry["to" if field == "sends" else "from"] = [{"id": channel}]
        return owner, field, entry
    if domain is not None:
        if kind not in _DOMAIN_LISTS:
            raise AuthoringError("--domain names the domain of a new service, flow or subdomain")
        return _find(catalog, Kind.DOMAIN, domain, "--domain"), _DOMAIN_LISTS[kind], {"id": ident}
    return None


def _edited(root: Path, owner: Resource, field: str, entry: dict) -> str:
    """The text of ``owner``'s file with ``entry`` added to its ``field`` list."""
    text = read_catalog_file(root, owner.path)
    if text is None:
        raise AuthoringError(f"cannot read {owner.path}")

    def add(data: dict) -> None:
        listed = data.get(field)
        if listed is None:
            data[field] = [entry]
        elif isinstance(listed, list):
            listed.append(entry)
        else:
            raise AuthoringError(f"{owner.path}: '{field}' is not a list; add {entry['id']!r} by hand")

    return edit_frontmatter(text, add, file=owner.path)
