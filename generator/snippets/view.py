"""Producer/consumer snippets for a message page: one group per channel the message travels on.

Fills ``snippets.SnippetInput`` from the model (channel, bound parameters, schema, payload) and groups
the generated code by channel → language → role for content tabs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import snippets
from generator.catalog.model import Catalog, Channel, Message
from generator.schemas.view import view_of

LANGUAGE_LABELS = {"python": "Python", "javascript": "JavaScript"}
PROTOCOL_LABELS = {"kafka": "Kafka", "amqp": "RabbitMQ (AMQP)", "eventbridge": "Amazon EventBridge",
                   "http": "HTTP webhook"}


def snippet_groups(catalog: Catalog, message: Message, payload: Any,
                   template_dirs: Sequence[Path] = ()) -> list[dict[str, Any]]:
    """Snippet tabs for every channel ``message`` is sent or received on (first binding wins)."""
    view = view_of(message.schema)
    schema = view.data if view is not None and isinstance(view.data, dict) else None
    groups: list[dict[str, Any]] = []
    seen: set[str] = set()
    edges = catalog.producers(message.key) + catalog.consumers(message.key)
    for edge in edges:
        for key, parameters in edge.channels:
            channel = catalog.get(key)
            if not isinstance(channel, Channel) or channel.id in seen:
                continue
            info = channel_info(channel)
            protocol = snippets.protocol_of(info)
            if protocol is None:
                continue
            seen.add(channel.id)
            producer = next((e.service.id for e in catalog.producers(message.key)), None)
            consumer = next((e.service.id for e in catalog.consumers(message.key)), None)
            request = snippets.SnippetInput(
                message_id=message.id, message_name=message.name, message_version=message.version,
                schema=schema, schema_format=message.schema.format if message.schema else "unknown",
                payload=payload, key_field=_text(message.data.get("x-key")),
                detail_type=_detail_type(message), channel=info, bound_parameters=dict(parameters),
                producer=producer, consumer=consumer)
            generated = snippets.generate(request, template_dirs=template_dirs)
            groups.append({"protocol": PROTOCOL_LABELS.get(protocol, protocol), "channel": channel.name,
                           "channel_id": channel.id, "tabs": _tabs(generated)})
    return groups


def channel_info(channel: Channel) -> snippets.ChannelInfo:
    """The snippet generator's view of a channel."""
    envelope = None
    if channel.envelope is not None:
        view = view_of(channel.envelope.schema)
        envelope = snippets.EnvelopeInfo(schema=view.data if view else None,
                                         payload_pointer=channel.envelope.payload_pointer)
    return snippets.ChannelInfo(
        id=channel.id, address=channel.address, protocols=channel.protocols,
        parameters={name: snippets.ParameterInfo(enum=p.enum, default=p.default, description=p.description)
                    for name, p in channel.parameters.items()},
        bindings=dict(channel.bindings), envelope=envelope)


def _tabs(generated: Sequence[snippets.Snippet]) -> list[dict[str, Any]]:
    tabs: dict[str, dict[str, Any]] = {}
    for snippet in generated:
        label = LANGUAGE_LABELS.get(snippet.language, snippet.language)
        if snippet.variant:
            label = f"{label} ({snippet.variant.capitalize()})"
        tab = tabs.setdefault(label, {"label": label, "roles": []})
        tab["roles"].append({"role": snippet.role.capitalize(), "title": snippet.title, "code": snippet.code,
                             "lang": snippet.lang_tag})
    return list(tabs.values())


def _detail_type(message: Message) -> str | None:
    spec = message.data.get("x-eventbridge")
    return _text(spec.get("detailType")) if isinstance(spec, dict) else None


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def snippets_for(catalog: Catalog, message_ref: str, *, protocol: str | None, language: str,
                 role: str | None, template_dirs: Sequence[Path] = ()) -> list[snippets.Snippet]:
    """Snippets for ``message_ref`` (``id`` or ``id@version``) on its channel of ``protocol``.

    Raises LookupError with a user-facing message when the message or protocol is not there.
    """
    from generator.catalog import versions  # noqa: PLC0415

    message_id, _, wanted = message_ref.partition("@")
    candidates = [m for m in catalog.messages if m.id == message_id]
    if not candidates:
        from generator.catalog.assemble import suggest  # noqa: PLC0415

        guess = suggest(message_id, sorted({m.id for m in catalog.messages}))
        raise LookupError(f"no message '{message_id}' in the catalog" + (f"; did you mean '{guess}'?" if guess else ""))
    version = versions.resolve(wanted or None, [m.version for m in candidates])
    message = next((m for m in candidates if m.version == version), None)
    if message is None:
        raise LookupError(f"message '{message_id}' has no version matching '{wanted}'")
    channels = _channels_of(catalog, message)
    available = {p: (c, params) for c, params in channels if (p := snippets.protocol_of(channel_info(c)))}
    if not available:
        raise LookupError(f"'{message.id}' travels on no channel with a protocol evcat generates code for")
    chosen = protocol or next(iter(available))
    if chosen not in available:
        article = "an" if chosen[:1].lower() in "aeio" else "a"  # "an amqp channel", "a kafka channel"
        raise LookupError(f"'{message.id}' is not on {article} {chosen} channel; it uses: {', '.join(available)}")
    channel, parameters = available[chosen]
    view = view_of(message.schema)
    request = snippets.SnippetInput(
        message_id=message.id, message_name=message.name, message_version=message.version,
        schema=view.data if view is not None and isinstance(view.data, dict) else None,
        schema_format=message.schema.format if message.schema else "unknown",
        payload=first_payload(catalog, message), key_field=_text(message.data.get("x-key")),
        detail_type=_detail_type(message), channel=channel_info(channel), bound_parameters=dict(parameters),
        producer=next((e.service.id for e in catalog.producers(message.key)), None),
        consumer=next((e.service.id for e in catalog.consumers(message.key)), None))
    roles = (role,) if role else ("producer", "consumer")
    return snippets.generate(request, languages=(language,), roles=roles, template_dirs=template_dirs)


def _channels_of(catalog: Catalog, message: Message) -> list[tuple[Channel, dict[str, str]]]:
    found: dict[str, tuple[Channel, dict[str, str]]] = {}
    for edge in catalog.producers(message.key) + catalog.consumers(message.key):
        for key, parameters in edge.channels:
            channel = catalog.get(key)
            if isinstance(channel, Channel):
                found.setdefault(channel.id, (channel, dict(parameters)))
    return list(found.values())


def first_payload(catalog: Catalog, message: Message) -> Any:
    """The payload snippets send: the first example that validates (unwrapped from its envelope),
    else one generated from the schema; None when neither is possible."""
    from generator.rules.examples import envelopes_of, example_findings, value_at  # noqa: PLC0415
    from generator.schemas.jsontext import load_with_positions  # noqa: PLC0415

    envelopes = envelopes_of(catalog, message)
    for example in message.examples:
        if example_findings(message, example, envelopes, Path(catalog.root)):
            continue
        data = load_with_positions(example.text, example.syntax).data  # type: ignore[arg-type]
        if data is None:
            continue
        inner = next((p for e in envelopes if (p := value_at(data, e.payload_pointer)) is not None), None)
        return inner if inner is not None else data
    view = view_of(message.schema)
    if view is None or view.data is None or message.schema is None:
        return None
    from generator.schemas.generate import sample_payload  # noqa: PLC0415

    try:
        return sample_payload(view.data, message.schema.format)
    except Exception:  # noqa: BLE001 - a schema too odd to sample just gets no snippet payload
        return None
