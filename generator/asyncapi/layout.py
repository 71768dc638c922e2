"""The catalog files of an imported service, channel or message, for a given version.

Each function returns ``{path inside the resource folder: text}``; rendering the same input twice gives the
same bytes, which is how a re-import tells an unchanged resource from a changed one.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from generator.asyncapi.model import ImportedChannel, ImportedMessage, ImportedService
from generator.asyncapi.names import safe_id
from generator.escaping import md_text

KIND_FOLDERS = {"event": "events", "command": "commands", "query": "queries"}


def _document(frontmatter: dict, body: str) -> str:
    head = yaml.safe_dump(frontmatter, sort_keys=False, allow_unicode=True, width=100)
    # AsyncAPI descriptions are CommonMark, but the body is MDX: shown as text, kept verbatim in x-asyncapi.
    return f"---\n{head}---\n\n{md_text(body).strip()}\n" if body.strip() else f"---\n{head}---\n"


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def message_files(message: ImportedMessage, version: str) -> dict[str, str]:
    """index.mdx, the schema file and one file per example."""
    files: dict[str, str] = {}
    front: dict[str, Any] = {"id": message.id, "name": message.title, "version": version}
    if message.summary:
        front["summary"] = message.summary
    if message.schema_kind is not None and message.payload is not None:
        schema_name = "schema.avsc" if message.schema_kind == "avro" else "schema.json"
        front["schemaPath"] = schema_name
        files[schema_name] = _json(message.payload)
    examples, taken = [], set()
    for number, example in enumerate(message.examples, start=1):
        stem = safe_id(example.get("name") or "") or f"example-{number}"
        while stem in taken:
            stem = f"{stem}-{number}"
        taken.add(stem)
        entry = {k: v for k, v in example.items() if k != "payload"}
        if "payload" in example:
            entry["file"] = f"{stem}.json"
            files[f"examples/{stem}.json"] = _json(example["payload"])
        examples.append(entry)
    front["x-asyncapi"] = {"key": message.key, "message": message.raw, "examples": examples,
                           "description": message.description,
                           **({"payloadFormat": message.payload_format} if message.payload_format else {})}
    files["index.mdx"] = _document(front, message.description)
    return files


def channel_files(channel: ImportedChannel, version: str, name: str | None = None) -> dict[str, str]:
    front: dict[str, Any] = {"id": channel.id, "name": name or channel.key, "version": version}
    description = str(channel.raw.get("description") or "")
    if channel.raw.get("summary") or description:
        summary = str(channel.raw.get("summary") or description.split("\n\n", 1)[0])
        if len(summary) <= 150:
            front["summary"] = summary
    if channel.address is not None:
        front["address"] = channel.address
    if channel.protocols:
        front["protocols"] = channel.protocols
    if channel.parameters:
        front["parameters"] = channel.parameters
    front["x-asyncapi"] = {"key": channel.key, "channel": channel.raw, "parameters": channel.raw_parameters,
                           "messages": channel.messages, **({} if channel.address is not None else
                                                            {"addressNull": True})}
    return {"index.mdx": _document(front, description)}


def service_files(service: ImportedService, version: str, message_versions: dict[str, str],
                  source_name: str) -> dict[str, str]:
    """index.mdx: sends/receives from the operations (one entry per message and channel)."""
    front: dict[str, Any] = {"id": service.id, "name": service.name, "version": version}
    if service.summary:
        front["summary"] = service.summary
    sends: dict[tuple, dict] = {}
    receives: dict[tuple, dict] = {}
    for operation in service.operations:
        table, direction = (sends, "to") if operation.action == "send" else (receives, "from")
        for message_id in operation.messages:
            entry = table.setdefault((message_id,), {"id": message_id, "version": message_versions[message_id],
                                                     direction: []})
            if {"id": operation.channel} not in entry[direction]:
                entry[direction].append({"id": operation.channel})
    if sends:
        front["sends"] = list(sends.values())
    if receives:
        front["receives"] = list(receives.values())
    front["x-asyncapi"] = {
        "source": source_name, "asyncapi": service.asyncapi,
        **({"id": service.document_id} if service.document_id else {}),
        "kept": service.kept,
        "channels": [c.id for c in service.channels.values()],
        "messages": sorted(service.messages),
        "operations": [{"key": o.key, "action": o.action, "channel": o.channel, "messages": o.messages,
                        "operation": o.raw} for o in service.operations],
    }
    return {"index.mdx": _document(front, service.description)}


def folder_of(kind: str) -> str:
    return KIND_FOLDERS.get(kind, kind)
