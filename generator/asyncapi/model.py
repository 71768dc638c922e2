"""What an AsyncAPI document says, in the catalog's terms: one service, its channels and its messages.

``raw`` fields keep what the catalog does not model (bindings, traits, servers, unknown ``x-`` keys) as
written, so an export can give it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic


@dataclass
class ImportedChannel:
    key: str  # the document's key (3.x) or address (2.x)
    id: str  # safe folder name
    address: str | None
    parameters: dict[str, dict]  # catalog form: name -> {enum, default, examples, description}
    protocols: list[str]
    raw: dict  # the channel minus messages and parameters, as written
    raw_parameters: dict
    messages: dict[str, str] = field(default_factory=dict)  # key inside the channel -> message id


@dataclass
class ImportedMessage:
    key: str  # the document's key (components.messages key, messageId, name …)
    id: str
    kind: str  # event | command | query
    version: str
    version_source: str
    title: str
    summary: str
    description: str
    payload: Any  # resolved schema, or None
    payload_format: str | None  # schemaFormat as written (None when absent)
    schema_kind: str | None  # avro | json | None (opaque format, or no payload)
    examples: list[dict]
    raw: dict  # the message minus payload and examples, as written


@dataclass
class ImportedOperation:
    key: str
    action: str  # send | receive
    channel: str  # channel id
    messages: list[str]  # message ids
    raw: dict


@dataclass
class ImportedService:
    id: str
    name: str
    version: str
    summary: str
    description: str
    asyncapi: str  # the document's version
    document_id: str | None
    kept: dict  # info, servers, components (but messages), defaultContentType, root x- keys
    channels: dict[str, ImportedChannel] = field(default_factory=dict)
    messages: dict[str, ImportedMessage] = field(default_factory=dict)
    operations: list[ImportedOperation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # reported, but the import goes on
