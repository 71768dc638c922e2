"""AsyncAPI 2.6 and 3.x documents as one model (``ImportedService``).

2.x is read with the specification's direction: ``subscribe`` = messages the application SENDS, ``publish``
= messages it RECEIVES (AsyncAPI 2.6 Channel Item Object; the opposite of EventCatalog's generator).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from generator.asyncapi.model import ImportedChannel, ImportedMessage, ImportedOperation, ImportedService
from generator.asyncapi.names import distinct, safe_id
from generator.asyncapi.source import Source
from generator.diagnostics.codes import rule

_KINDS = {"event", "command", "query"}
_KIND_KEYS = ("x-catalog-kind", "x-eventcatalog-message-type")
_VERSION_KEYS = ("x-catalog-version", "x-eventcatalog-message-version")
_V2_ACTIONS = {"subscribe": "send", "publish": "receive"}  # 2.x keyword -> what the application does
_COMPONENT = re.compile(r"^#/components/messages/([^/]+)$")
_CHANNEL_REF = re.compile(r"^#/channels/([^/]+)$")
_CHANNEL_MESSAGE_REF = re.compile(r"^#/channels/([^/]+)/messages/([^/]+)$")


def normalise(source: Source, service_id: str | None = None, *, v2_client: bool = False) -> ImportedService:
    """The service ``source`` describes; problems found on the way go to ``source.problems``.

    ``v2_client`` reads a 2.x document from the client's side (``publish`` = the service sends), for
    documents written with EventCatalog's reading of 2.x."""
    document = source.document
    info = source.deref(document.get("info") or {})[0]
    info = info if isinstance(info, dict) else {}
    version = str(info.get("version", "1.0.0"))
    title = str(info.get("title") or source.path.stem)
    description = str(info.get("description") or "")
    wanted = service_id or info.get("x-catalog-id") or title
    chosen = safe_id(wanted)
    if chosen is None:
        raise_id(source, wanted, "service")
        chosen = "service"
    service = ImportedService(chosen, title, version, _summary(description), description, document["asyncapi"],
                              document.get("id"), _kept(document))
    if document["asyncapi"].startswith("2."):
        _read_v2(source, service, v2_client)
    else:
        _read_v3(source, service)
    return service


def raise_id(source: Source, raw: object, what: str) -> None:
    source.problems.append(rule("EC112")(f"the {what} key {str(raw)[:80]!r} leaves no usable id once made a "
                                         "safe folder name", file=source.name))


def _escaped(key: object) -> str:
    """``key`` as one JSON Pointer step."""
    return str(key).replace("~", "~0").replace("/", "~1")


def _unescaped(step: str) -> str:
    return step.replace("~1", "/").replace("~0", "~")


def _summary(description: str) -> str:
    first = description.strip().split("\n\n", 1)[0].strip()
    return first if first and len(first) <= 150 else ""


def _kept(document: dict) -> dict:
    """What the export gives back as written: info, servers, components but messages, root ``x-`` keys."""
    kept: dict[str, Any] = {key: copy.deepcopy(value) for key, value in document.items()
                            if key in ("info", "servers", "defaultContentType") or key.startswith("x-")}
    components = {k: v for k, v in (document.get("components") or {}).items() if k != "messages"}
    if document["asyncapi"].startswith("2."):
        kept["info"] = dict(kept.get("info") or {})
        for moved in ("tags", "externalDocs"):
            if moved in document:
                kept["info"][moved] = document[moved]
        kept["servers"] = {name: _v2_server(server) for name, server in (document.get("servers") or {}).items()}
        components.pop("parameters", None)  # 2.x parameters carry a schema; 3.0's are flattened per channel
        for trait in (components.get("messageTraits") or {}).values():
            if isinstance(trait, dict):
                trait.pop("schemaFormat", None)
        for trait in (components.get("operationTraits") or {}).values():
            if isinstance(trait, dict):
                trait.pop("operationId", None)
    if components:
        kept["components"] = copy.deepcopy(components)
    return kept


def _v2_server(server: Any) -> Any:
    """A 2.x server (``url``) as a 3.0 one (``host`` + ``pathname``); security names become refs."""
    if not isinstance(server, dict) or "url" not in server:
        return server
    out = {k: v for k, v in server.items() if k not in ("url", "security")}
    url = str(server["url"]).split("://", 1)[-1]
    host, slash, path = url.partition("/")
    out = {"host": host, **({"pathname": "/" + path} if slash and path else {}), **out}
    if server.get("security"):
        out["security"] = [{"$ref": f"#/components/securitySchemes/{name}"}
                           for item in server["security"] for name in item]
    return out


def _parameters_v3(source: Source, raw: dict) -> dict[str, dict]:
    params = {}
    for name, value in (raw or {}).items():
        value = source.deref(value)[0]
        params[name] = _catalog_parameter(value if isinstance(value, dict) else {})
    return params


def _catalog_parameter(value: dict) -> dict:
    out: dict[str, Any] = {}
    if isinstance(value.get("enum"), list):
        out["enum"] = [str(item) for item in value["enum"]]
    if value.get("default") is not None:
        out["default"] = str(value["default"])
    if isinstance(value.get("examples"), list):
        out["examples"] = [str(item) for item in value["examples"]]
    if value.get("description"):
        out["description"] = str(value["description"])
    return out


def _protocols(source: Source, channel: dict) -> list[str]:
    servers = source.document.get("servers") or {}
    names = []
    for entry in channel.get("servers") or list(servers):
        ref = entry.get("$ref", "") if isinstance(entry, dict) else str(entry)
        names.append(ref.rsplit("/", 1)[-1])
    found = []
    for name in names:
        server = source.deref(servers.get(name))[0]
        if isinstance(server, dict) and server.get("protocol"):
            found.append(str(server["protocol"]))
    for key in channel.get("bindings") or {}:
        found.append(key.removeprefix("x-"))
    return list(dict.fromkeys(found))


def _message(source: Source, service: ImportedService, node: Any, fallback_key: str, taken: set[str]) -> str:
    """Adds the message ``node`` (once per document key) and returns its id."""
    target, ref_text, _ = source.deref(node)
    match = _COMPONENT.match(ref_text or "")
    target = target if isinstance(target, dict) else {}
    key = _unescaped(match.group(1)) if match else (target.get("messageId") or (fallback_key if source.document[
        "asyncapi"].startswith("3.") else target.get("name")) or fallback_key)
    key = str(key)
    for known in service.messages.values():
        if known.key == key:
            return known.id
    wanted = safe_id(key)
    if wanted is None:
        raise_id(source, key, "message")
        wanted = "message"
    message_id = distinct(wanted, taken)
    kind = next((str(target[k]) for k in _KIND_KEYS if k in target), "event")
    if kind not in _KINDS:
        kind_key = next(k for k in _KIND_KEYS if k in target)
        service.findings.append(rule("EC106")(f"message {key!r}: {kind_key} {kind!r} is not event, command or "
                                              "query; imported as an event", file=source.name,
                                              pointer=f"/components/messages/{_escaped(key)}/{kind_key}"))
        kind = "event"
    version_key = next((k for k in _VERSION_KEYS if k in target), None)
    version = str(target[version_key]) if version_key else service.version
    payload_format = target.get("schemaFormat")
    payload = target.get("payload")
    if isinstance(payload, dict) and "schema" in payload and "schemaFormat" in payload:  # 3.x multi-format
        payload_format, payload = payload["schemaFormat"], payload["schema"]
    payload = source.resolved(payload) if payload is not None else None
    fmt = str(payload_format or "")
    schema_kind = "avro" if fmt.startswith("application/vnd.apache.avro") else (
        "json" if not fmt or "schema+" in fmt or fmt.startswith("application/vnd.aai.asyncapi") else None)
    if isinstance(payload, dict) and "$ref" in payload and len(payload) == 1:
        schema_kind = None  # an unresolved (remote) reference: kept as written, no schema file
    raw = {k: v for k, v in target.items() if k not in ("payload", "examples", "schemaFormat")}
    if "payload" in target and schema_kind is None:
        raw["payload"] = target["payload"]
    if source.document["asyncapi"].startswith("2."):
        raw.pop("messageId", None)
        if isinstance(raw.get("bindings"), dict):  # 2.x may point a binding at a whole bindings object
            bindings = source.resolved(raw["bindings"])
            raw["bindings"] = {name: value[name] if isinstance(value, dict) and set(value) == {name} else value
                               for name, value in bindings.items()}
        if payload_format is not None:
            raw["x-catalog-payload-format"] = payload_format
    examples = [source.resolved(e) for e in target.get("examples") or [] if isinstance(e, dict)]
    description = str(target.get("description") or "")
    service.messages[message_id] = ImportedMessage(
        key, message_id, kind, version, version_key or "info.version", str(target.get("title") or key),
        str(target.get("summary") or _summary(description)), description, payload, payload_format,
        schema_kind, examples, raw)
    return message_id


def _read_v3(source: Source, service: ImportedService) -> None:
    document, taken_channels, taken_messages = source.document, set(), set()
    for key, node in (document.get("channels") or {}).items():
        channel = source.deref(node)[0]
        channel = channel if isinstance(channel, dict) else {}
        channel_id = safe_id(key) or (raise_id(source, key, "channel") or "channel")
        channel_id = distinct(channel_id, taken_channels)
        raw = {k: v for k, v in channel.items() if k not in ("messages", "parameters", "address")}
        imported = ImportedChannel(str(key), channel_id, channel.get("address"),
                                   _parameters_v3(source, channel.get("parameters")), _protocols(source, channel),
                                   raw, channel.get("parameters") or {})
        for local, message in (channel.get("messages") or {}).items():
            imported.messages[str(local)] = _message(source, service, message, str(local), taken_messages)
        service.channels[channel_id] = imported
    for key in ((document.get("components") or {}).get("messages") or {}):
        _message(source, service, {"$ref": "#/components/messages/" + _escaped(key)}, str(key), taken_messages)
    by_key = {channel.key: channel for channel in service.channels.values()}
    for key, node in (document.get("operations") or {}).items():
        operation = source.deref(node)[0]
        if not isinstance(operation, dict) or operation.get("action") not in ("send", "receive"):
            continue
        channel_ref = (operation.get("channel") or {}).get("$ref", "")
        match = _CHANNEL_REF.match(channel_ref)
        channel = by_key.get(_unescaped(match.group(1))) if match else None
        if channel is None:
            source.problems.append(rule("EC305")(f"operation {key!r}: channel {channel_ref!r} not found",
                                                 file=source.name))
            continue
        messages = operation.get("messages")
        ids = list(channel.messages.values()) if messages is None else []  # 3.1: omitted = all of them
        for ref in messages or []:
            found = _CHANNEL_MESSAGE_REF.match(ref.get("$ref", "") if isinstance(ref, dict) else "")
            if found and _unescaped(found.group(2)) in channel.messages:
                ids.append(channel.messages[_unescaped(found.group(2))])
        raw = {k: v for k, v in operation.items() if k not in ("channel", "messages", "action")}
        raw["x-catalog-messages-omitted"] = messages is None
        service.operations.append(ImportedOperation(str(key), operation["action"], channel.id, ids, raw))


def _read_v2(source: Source, service: ImportedService, client: bool) -> None:
    document, taken_channels, taken_messages = source.document, set(), set()
    actions = {k: {"send": "receive", "receive": "send"}[v] for k, v in _V2_ACTIONS.items()} if client else \
        _V2_ACTIONS
    service.notes.append("AsyncAPI 2.x direction read from the client's side (--v2-perspective=client): "
                         "'publish' = the service sends, 'subscribe' = the service receives" if client else
                         "AsyncAPI 2.x direction as the specification defines it: 'subscribe' = the service "
                         "sends, 'publish' = the service receives (--v2-perspective=client flips it)")
    for address, node in (document.get("channels") or {}).items():
        channel = source.deref(node)[0]
        channel = channel if isinstance(channel, dict) else {}
        channel_id = distinct(safe_id(address) or (raise_id(source, address, "channel") or "channel"),
                              taken_channels)
        params = {}
        for name, value in (channel.get("parameters") or {}).items():
            value = source.deref(value)[0]
            value = value if isinstance(value, dict) else {}
            flat = {**(source.resolved(value.get("schema")) or {}), **value}
            params[name] = _catalog_parameter(flat)
        raw = {k: v for k, v in channel.items()
               if k not in ("parameters", "publish", "subscribe", "servers")}
        raw3_params = {name: {**p} for name, p in params.items()}
        imported = ImportedChannel(str(address), channel_id, str(address), params, _protocols(
            source, {"bindings": channel.get("bindings"), "servers": channel.get("servers")}), raw, raw3_params)
        if channel.get("servers"):
            imported.raw["servers"] = [{"$ref": f"#/servers/{name}"} for name in channel["servers"]]
        service.channels[channel_id] = imported
        for keyword, action in actions.items():
            operation = source.deref(channel.get(keyword))[0]
            if not isinstance(operation, dict):
                continue
            message = operation.get("message")
            message_target = source.deref(message)[0] if message is not None else None
            alternatives = message_target.get("oneOf") if isinstance(message_target, dict) else None
            nodes = alternatives if isinstance(alternatives, list) else ([message] if message is not None else [])
            op_key = str(operation.get("operationId") or f"{action}{channel_id}")
            ids = [_message(source, service, node, f"{op_key}Message{i or ''}", taken_messages)
                   for i, node in enumerate(nodes)]
            for message_id in ids:
                imported.messages[service.messages[message_id].key] = message_id
            raw = {k: v for k, v in operation.items() if k not in ("message", "operationId")}
            http = (raw.get("bindings") or {}).get("http")
            if isinstance(http, dict) and "type" in http:  # 2.x http operation binding 0.1.0; 3.0 has none
                raw["bindings"] = {**raw["bindings"], "http": {k: v for k, v in http.items() if k != "type"}}
                service.notes.append(f"operation {op_key}: http binding 'type: {http['type']}' dropped "
                                     "(not in AsyncAPI 3.0)")
            service.operations.append(ImportedOperation(op_key, action, channel_id, ids, raw))
    for key in ((document.get("components") or {}).get("messages") or {}):
        _message(source, service, {"$ref": "#/components/messages/" + _escaped(key)}, str(key), taken_messages)
