"""What the drift stage passes between its modules: one observed message, and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Transport = Literal["kafka", "amqp", "eventbridge", "http", "any"]


@dataclass(frozen=True)
class Origin:
    """Where a message was read: a capture file and line, or a live source (``file`` then names it, e.g.
    ``amqp:ecomm``, and ``line`` holds the AMQP delivery tag). ``detail`` says more (topic/partition/offset)."""

    file: str
    line: int | None = None
    detail: str = ""

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where} ({self.detail})" if self.detail else where


@dataclass(frozen=True)
class Observed:
    """One message to check. ``document`` is the whole body as sent (an EventBridge event, a webhook body,
    a Kafka value); ``channel`` the topic, routing key, event source or webhook path it travelled on."""

    origin: Origin
    transport: Transport
    channel: str
    document: Any
    type_hint: str | None = None
    exchange: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    payload_pointer: str = ""  # where the payload sits when the channel declares no envelope (EventBridge: /detail)


@dataclass(frozen=True)
class Unreadable:
    """A line or delivery that is not a message evcat can check; ``code`` is its EC7xx rule."""

    origin: Origin
    reason: str
    code: str = "EC706"
    hint: str = ""
