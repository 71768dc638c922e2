"""What a snippet is made from (message, schema, channel, parameters) and what comes out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ParameterInfo:
    """A channel parameter (``{name}`` in the address): its allowed values, default and description."""

    enum: tuple[str, ...] = ()
    default: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class EnvelopeInfo:
    """The channel's ``x-envelope``: the envelope schema and the JSON pointer where the payload sits."""

    schema: Mapping[str, Any] | None
    payload_pointer: str


@dataclass(frozen=True)
class ChannelInfo:
    """What the snippets need of a channel.

    ``bindings`` holds the channel's ``x-amqp`` / ``x-eventbridge`` / ``x-http`` dicts keyed ``amqp``,
    ``eventbridge`` and ``http``.
    """

    id: str
    address: str | None
    protocols: tuple[str, ...] = ()
    parameters: Mapping[str, ParameterInfo] = field(default_factory=dict)
    bindings: Mapping[str, Any] = field(default_factory=dict)
    envelope: EnvelopeInfo | None = None


@dataclass(frozen=True)
class SnippetInput:
    """One message on one channel, as seen from the service that produces or consumes it.

    ``payload`` is the message's first valid example (whole envelope or bare payload), or None to have one
    generated from the schema. ``bound_parameters`` are the values the service's channel pointer gives.
    """

    message_id: str
    message_name: str
    message_version: str
    schema: Mapping[str, Any] | None
    schema_format: str  # "avro" | "json-schema" | anything else (not validated by the consumers)
    payload: Any
    key_field: str | None
    detail_type: str | None
    channel: ChannelInfo
    bound_parameters: Mapping[str, str] = field(default_factory=dict)
    producer: str | None = None
    consumer: str | None = None


@dataclass(frozen=True)
class Snippet:
    """One rendered snippet."""

    protocol: str
    language: str
    role: str  # producer | consumer
    variant: str | None  # e.g. "avro"
    title: str
    code: str
    lang_tag: str  # fence language: "python" | "javascript" | the language name
