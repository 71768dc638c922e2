"""A live sample from a RabbitMQ exchange, taken without disturbing the application.

evcat declares its own server-named, exclusive, auto-delete queue, binds it to the exchange and consumes
only from it (``auto_ack`` on that queue alone); the broker removes the queue when evcat disconnects. It
never publishes and never touches the application's queues. Needs ``pika`` (``pip install 'evcat[amqp]'``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from generator.drift.model import Observed, Origin, Unreadable

MISSING_PIKA = "--amqp needs the pika package: pip install 'evcat[amqp]'"


class AmqpUnavailable(Exception):
    """The broker cannot be reached or refused the sampling queue: a usage problem, not a finding."""


def sample(url: str, exchange: str, bindings: Sequence[str], *, count: int, timeout: float, max_bytes: int,
           ready: Callable[[str], None] = lambda _queue: None) -> Iterator[Observed | Unreadable]:
    """Up to ``count`` messages that reach ``exchange`` within ``timeout`` seconds; ``ready`` is called
    with the queue's name once it is bound (publishers started before that are not seen)."""
    try:
        import pika  # noqa: PLC0415 - optional: only --amqp needs it
    except ImportError as missing:
        raise AmqpUnavailable(MISSING_PIKA) from missing
    try:
        connection = pika.BlockingConnection(pika.URLParameters(url))
        channel = connection.channel()
        queue = channel.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue
        for key in bindings or ("#",):
            channel.queue_bind(queue=queue, exchange=exchange, routing_key=key)
    except pika.exceptions.AMQPError as error:
        raise AmqpUnavailable(f"cannot sample exchange {exchange!r} at {_safe(url)}: "
                              f"{type(error).__name__} {error}") from error
    ready(queue)
    try:
        yield from _consume(channel, queue, exchange, count, time.monotonic() + timeout, max_bytes)
    finally:
        if channel.is_open:
            channel.cancel()
        if connection.is_open:
            connection.close()


def _consume(channel: Any, queue: str, exchange: str, count: int, deadline: float,
             max_bytes: int) -> Iterator[Observed | Unreadable]:
    received = 0
    while received < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        for method, properties, body in channel.consume(queue, auto_ack=True,
                                                        inactivity_timeout=remaining):
            if method is None or time.monotonic() >= deadline:
                return
            received += 1
            yield delivery(exchange, method.routing_key, method.delivery_tag, properties, body, max_bytes)
            if received >= count:
                return


def delivery(exchange: str, routing_key: str, tag: int, properties: Any, body: bytes,
             max_bytes: int) -> Observed | Unreadable:
    """One AMQP delivery as a message to check, pointing at its delivery tag."""
    origin = Origin(f"amqp:{exchange or '(default)'}", tag, f"routing key {routing_key}")
    if len(body) > max_bytes:
        return Unreadable(origin, f"message of {len(body)} bytes is longer than the limit of {max_bytes}",
                          code="EC707", hint="raise --max-line-bytes if such messages are real")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Unreadable(origin, "message body is not JSON", hint="only JSON bodies can be checked")
    headers = {str(k).lower(): str(v) for k, v in (getattr(properties, "headers", None) or {}).items()}
    hint = getattr(properties, "type", None) or headers.get("ce_type") or headers.get("ce-type")
    if hint is None and isinstance(document, dict) and isinstance(document.get("type"), str):
        hint = document["type"]
    return Observed(origin, "amqp", routing_key, document, type_hint=hint, exchange=exchange, headers=headers)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))
