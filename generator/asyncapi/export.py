"""``evcat export asyncapi``: a catalog service as an AsyncAPI 3.0.0 document.

What an import kept under ``x-asyncapi`` (info, servers, components, operations, channel and message
fields) is given back as written; payloads and examples come from the catalog's files, so edits made in
the catalog are exported. A service written by hand gets one operation per sends/receives entry.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import yaml

from generator.catalog.load import load_catalog
from generator.catalog.model import MESSAGE_KINDS, Catalog, Channel, Kind, Message, Service

_KEY = re.compile(r"^[A-Za-z0-9._-]+$")  # what 3.0 allows as a channel, operation or component key
_AVRO = "application/vnd.apache.avro;version=1.9.0"


class ExportError(Exception):
    """The service cannot be exported (it does not exist)."""


def export_text(root: Path, service_id: str, *, as_json: bool = False) -> str:
    """The document for ``service_id`` of the catalog at ``root``, as YAML (or JSON)."""
    document = export_document(load_catalog(root).catalog, service_id)
    if as_json:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _current(catalog: Catalog, kinds: set[Kind], resource_id: str, version: str = "latest") -> Any:
    found = [r for r in catalog.resources if r.kind in kinds and r.id == resource_id]
    exact = [r for r in found if r.version == version]
    latest = [r for r in found if catalog.latest(r)]
    return (exact or latest or found or [None])[0]


def _key(meta: dict, fallback: str) -> str:
    key = str(meta.get("key") or fallback)
    return key if _KEY.match(key) else fallback


def export_document(catalog: Catalog, service_id: str) -> dict:
    """The AsyncAPI 3.0.0 document of the latest version of service ``service_id``."""
    service = _current(catalog, {Kind.SERVICE}, service_id)
    if not isinstance(service, Service):
        raise ExportError(f"no service '{service_id}' in the catalog")
    meta = service.data.get("x-asyncapi") if isinstance(service.data.get("x-asyncapi"), dict) else {}
    kept = copy.deepcopy(meta.get("kept") or {})
    info = kept.pop("info", None) or {"title": service.name, "version": service.version}
    info.setdefault("version", service.version)
    if not info.get("description") and service.body.strip():
        info["description"] = service.body.strip()
    info["x-catalog-id"] = service.id
    document: dict[str, Any] = {"asyncapi": "3.0.0",
                                "id": meta.get("id") or f"urn:evcat:service:{service.id}", "info": info}
    for name in ("servers", "defaultContentType"):
        if kept.get(name):
            document[name] = kept.pop(name)
    components = kept.pop("components", {}) or {}
    document.update({k: v for k, v in kept.items() if k.startswith("x-")})
    operations = meta.get("operations") or _synthesised(service)
    channels: dict[str, dict] = {}
    messages: dict[str, dict] = {}
    out_operations: dict[str, dict] = {}
    for operation in operations:
        channel_key, local_of = _channel(catalog, operation["channel"], channels)
        refs = []
        for message_id in operation["messages"]:
            message_key = _message(catalog, message_id, messages)
            local = local_of.get(message_id) or message_key
            channels[channel_key]["messages"].setdefault(local, {"$ref": f"#/components/messages/{message_key}"})
            refs.append({"$ref": f"#/channels/{channel_key}/messages/{local}"})
        raw = dict(operation.get("operation") or {})
        omitted = raw.pop("x-catalog-messages-omitted", False)
        if isinstance(raw.get("security"), list):  # 2.x requirement objects -> 3.0 scheme refs
            raw["security"] = [item if "$ref" in item else {"$ref": f"#/components/securitySchemes/{name}"}
                               for item in raw["security"] if isinstance(item, dict)
                               for name in (["$ref"] if "$ref" in item else list(item))]
        out = {"action": operation["action"], "channel": {"$ref": f"#/channels/{channel_key}"}, **raw}
        if not omitted:
            out["messages"] = refs
        out_operations[_key({"key": operation.get("key")}, f"{operation['action']}{message_id_of(operation)}")] = out
    if channels:
        document["channels"] = channels
    if out_operations:
        document["operations"] = out_operations
    for message_id in meta.get("messages") or []:  # messages no operation uses are kept too
        _message(catalog, message_id, messages)
    if messages:
        components["messages"] = messages
    if components:
        document["components"] = components
    return document


def message_id_of(operation: dict) -> str:
    return str(operation["messages"][0]) if operation.get("messages") else str(operation["channel"])


def _synthesised(service: Service) -> list[dict]:
    """Operations for a service written by hand: one per message and channel (no channel: a null address)."""
    found = []
    for action, pointers in (("send", service.sends), ("receive", service.receives)):
        for pointer in pointers:
            for channel in pointer.channels or [None]:
                found.append({"key": f"{action}{pointer.id}" + (f"-{channel.id}" if channel else ""),
                              "action": action, "channel": channel.id if channel else f"@{pointer.id}",
                              "messages": [pointer.id]})
    return found


def _channel(catalog: Catalog, channel_id: str, channels: dict) -> tuple[str, dict[str, str]]:
    """The channel's key in ``channels`` (added on first use) and its message id -> local key map."""
    resource = None if channel_id.startswith("@") else _current(catalog, {Kind.CHANNEL}, channel_id)
    meta = resource.data.get("x-asyncapi") if isinstance(resource, Channel) and isinstance(
        resource.data.get("x-asyncapi"), dict) else {}
    key = _key(meta, re.sub(r"[^A-Za-z0-9._-]+", "-", channel_id.lstrip("@")) or "channel")
    local_of = {str(message_id): str(local) for local, message_id in (meta.get("messages") or {}).items()}
    if key in channels:
        return key, local_of
    out = dict(meta.get("channel") or {})
    if isinstance(resource, Channel):
        address = None if meta.get("addressNull") else resource.address
        parameters = {name: {k: v for k, v in (("enum", list(p.enum)), ("default", p.default),
                                               ("description", p.description), ("examples", list(p.examples)))
                             if v} for name, p in resource.parameters.items()}
        if set(meta.get("parameters") or {}) == set(parameters):  # not edited since the import: as written
            parameters = meta.get("parameters") or parameters
        if not out.get("description") and resource.body.strip():
            out["description"] = resource.body.strip()
    else:
        address, parameters = None, {}
    channels[key] = {"address": address, "messages": {}, **({"parameters": parameters} if parameters else {}),
                     **out}
    return key, local_of


def _message(catalog: Catalog, message_id: str, messages: dict) -> str:
    resource = _current(catalog, set(MESSAGE_KINDS), message_id)
    if not isinstance(resource, Message):
        return message_id
    meta = resource.data.get("x-asyncapi") if isinstance(resource.data.get("x-asyncapi"), dict) else {}
    key = _key(meta, resource.id)
    if key in messages:
        return key
    out = copy.deepcopy(meta.get("message") or {"name": resource.id, "title": resource.name})
    v2_format = out.pop("x-catalog-payload-format", None)
    if not meta and resource.summary:
        out["summary"] = resource.summary
    schema = resource.schema
    if schema is not None and schema.text is not None:
        try:
            payload = json.loads(schema.text)
        except json.JSONDecodeError:
            payload = yaml.safe_load(schema.text) if schema.format != "avro" else None
        form = meta.get("payloadFormat") or v2_format or (_AVRO if schema.format == "avro" else None)
        out["payload"] = {"schemaFormat": form, "schema": payload} if form else payload
    examples = _examples(resource, meta)
    if examples:
        out["examples"] = examples
    if not meta:
        out["x-eventcatalog-message-type"] = resource.kind.value
        out["x-eventcatalog-message-version"] = resource.version
    messages[key] = out
    return key


def _examples(message: Message, meta: dict) -> list[dict]:
    by_file = {example.path.rsplit("/", 1)[-1]: example for example in message.examples if example.line_offset == 0}
    listed = meta.get("examples")
    entries = listed if isinstance(listed, list) else [{"name": name.rsplit(".", 1)[0], "file": name}
                                                       for name in sorted(by_file)]
    found = []
    for entry in entries:
        out = {k: v for k, v in entry.items() if k != "file"}
        example = by_file.get(str(entry.get("file")))
        if example is not None:
            out["payload"] = json.loads(example.text) if example.syntax == "json" else yaml.safe_load(example.text)
        found.append(out)
    return found
