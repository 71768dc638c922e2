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

    @property
    def label(self) -> str:
        """``[topic/partition/offset] `` for a message text, control characters escaped: a topic from a
        capture must not start a new line (or a new GitHub workflow command) in a report."""
        if not self.detail:
            return ""
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.detail)
        return f"[{shown}] "


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
