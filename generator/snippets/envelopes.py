"""The payload inside its envelope: where it sits and which envelope fields are filled at send time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.snippets.examples import example_from_schema
from generator.snippets.literals import _NOW, _PAYLOAD_REF, _UUID, _Code, _jsonable, _pointer_tokens
from generator.snippets.model import EnvelopeInfo, SnippetInput


def _lookup(value: Any, tokens: Sequence[str]) -> tuple[bool, Any]:
    """Follow pointer tokens into ``value``; (False, None) when a step is missing."""
    for token in tokens:
        if isinstance(value, Mapping) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return False, None
    return True, value


def _split_example(payload: Any, envelope: EnvelopeInfo | None) -> tuple[Any, Any]:
    """(bare payload, whole envelope or None) from an example that may be either."""
    if envelope is None:
        return payload, None
    tokens = _pointer_tokens(envelope.payload_pointer)
    found, inner = _lookup(payload, tokens)
    # A malformed envelope schema (not an object, or "required" not a list of names) is reported by
    # validation; here it only means no key is known to be required.
    schema = envelope.schema if isinstance(envelope.schema, Mapping) else {}
    required = schema.get("required")
    required = [k for k in required if isinstance(k, str)] if isinstance(required, list) else []
    if tokens and found and isinstance(payload, Mapping) and all(k in payload for k in required):
        return inner, payload
    return payload, None


def _replace_at(value: Any, tokens: Sequence[str], replacement: Any) -> Any:
    """A copy of ``value`` with ``replacement`` at the pointer (intermediate objects created as needed)."""
    if not tokens:
        return replacement
    result = dict(value) if isinstance(value, Mapping) else {}
    result[tokens[0]] = _replace_at(result.get(tokens[0]), tokens[1:], replacement)
    return result


def _dynamic_fields(value: Any, schema: Any, root: Any) -> Any:
    """Replace envelope values the sender must compute per message (ids, timestamps) by expressions.

    A copied example id or timestamp would make every sent envelope identical, which breaks de-duplication
    and ordering downstream; ``format: uuid`` and ``format: date-time`` fields get fresh values instead.
    """
    if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#"):
        _, schema = _lookup(root, _pointer_tokens(schema["$ref"][1:]))
    if isinstance(value, _Code) or not isinstance(schema, Mapping):
        return value
    if isinstance(value, Mapping):
        properties = schema.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}  # a malformed schema is validate's
        return {k: _dynamic_fields(v, properties.get(k), root) for k, v in value.items()}
    if isinstance(value, str) and schema.get("format") in ("date-time", "uuid"):
        return _NOW if schema["format"] == "date-time" else _UUID
    return value


@dataclass(frozen=True)
class _Envelope:
    """The envelope as the producer builds it and the consumer unwraps it."""

    sent: Any  # what the producer sends, with _PAYLOAD_REF at the payload's place
    sent_tokens: tuple[str, ...]  # the payload's pointer inside `sent`
    received_tokens: tuple[str, ...]  # the payload's pointer inside what the consumer receives
    validated_tokens: tuple[str, ...]  # where the envelope sits inside what the consumer receives
    schema: Mapping[str, Any] | None
    uses: frozenset[str]  # "date-time" / "uuid": the dynamic values the producer computes


def _envelope(inp: SnippetInput, protocol: str, bare: Any, whole: Any) -> _Envelope | None:
    """Work out the envelope around the payload, for this protocol."""
    info = inp.channel.envelope
    if info is None:
        return None
    tokens = tuple(_pointer_tokens(info.payload_pointer))
    if whole is None:
        whole = _jsonable(example_from_schema(info.schema, "json-schema")) if info.schema else {}
    wire = _dynamic_fields(_replace_at(whole, tokens, _PAYLOAD_REF), info.schema, info.schema)
    # EventBridge builds the event itself; the sender only supplies `Detail`. An envelope that describes
    # the whole event (payload under /detail) is therefore sent from /detail down.
    if protocol == "eventbridge" and tokens[:1] == ("detail",):
        sent, sent_tokens, received, validated = wire.get("detail"), tokens[1:], tokens, ()
    elif protocol == "eventbridge":
        sent, sent_tokens, received, validated = wire, tokens, ("detail", *tokens), ("detail",)
    else:
        sent, sent_tokens, received, validated = wire, tokens, tokens, ()
    return _Envelope(sent, sent_tokens, received, validated, info.schema, _dynamic_uses(sent))


def _dynamic_uses(value: Any) -> frozenset[str]:
    """Which computed values (``date-time``, ``uuid``) the sent envelope holds, for its imports."""
    if value is _NOW:
        return frozenset({"date-time"})
    if value is _UUID:
        return frozenset({"uuid"})
    children = value.values() if isinstance(value, Mapping) else value if isinstance(value, list) else ()
    return frozenset().union(*(_dynamic_uses(v) for v in children))
