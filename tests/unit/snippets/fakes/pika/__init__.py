"""Recording fake of ``pika`` (BlockingConnection API), faithful to the parts snippets use.

The fake channel is a tiny broker for one process: it remembers declared exchanges and queue bindings
and delivers each fed message (as recorded from a producer: exchange, routing key, body, properties)
only to a consumed queue that the message's exchange and routing key actually reach: the default
exchange by queue name, direct by equal key, topic by pattern (``*``, ``#``), fanout always. After
the last delivery ``start_consuming`` raises KeyboardInterrupt, as an operator's Ctrl-C would.
"""

from __future__ import annotations

import enum
import os
import re
import signal
from collections.abc import Callable
from typing import Any

from evcat_fake_recorder import b64, feed, record, unb64


class DeliveryMode(enum.IntEnum):
    Transient = 1
    Persistent = 2


class BasicProperties:
    def __init__(
        self,
        content_type: str | None = None,
        content_encoding: str | None = None,
        headers: dict[str, Any] | None = None,
        delivery_mode: int | None = None,
        priority: int | None = None,
        correlation_id: str | None = None,
        reply_to: str | None = None,
        expiration: str | None = None,
        message_id: str | None = None,
        timestamp: int | None = None,
        type: str | None = None,  # noqa: A002 - pika's own parameter name
        user_id: str | None = None,
        app_id: str | None = None,
        cluster_id: str | None = None,
    ) -> None:
        if isinstance(delivery_mode, DeliveryMode):
            delivery_mode = delivery_mode.value  # the real class stores the enum's value
        self.content_type, self.content_encoding, self.headers = content_type, content_encoding, headers
        self.delivery_mode, self.priority, self.correlation_id = delivery_mode, priority, correlation_id
        self.reply_to, self.expiration, self.message_id = reply_to, expiration, message_id
        self.timestamp, self.type, self.user_id, self.app_id = timestamp, type, user_id, app_id
        self.cluster_id = cluster_id

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


class PlainCredentials:
    def __init__(self, username: str, password: str, erase_on_connect: bool = False) -> None:
        self.username, self.password = username, password


class URLParameters:
    def __init__(self, url: str) -> None:
        if not url.startswith(("amqp://", "amqps://")):
            raise ValueError(f"not an AMQP URL: {url}")
        self.url = url


class ConnectionParameters:
    def __init__(
        self,
        host: str = "localhost",
        port: int = 5672,
        virtual_host: str = "/",
        credentials: PlainCredentials | None = None,
        **kwargs: Any,
    ) -> None:
        self.url = f"amqp://{host}:{port}/{virtual_host}"


class _Deliver:
    def __init__(self, delivery_tag: int, exchange: str, routing_key: str, consumer_tag: str) -> None:
        self.delivery_tag, self.exchange, self.routing_key = delivery_tag, exchange, routing_key
        self.consumer_tag, self.redelivered = consumer_tag, False


class _QueueDeclareOk:
    def __init__(self, queue: str) -> None:
        self.method = type("DeclareOk", (), {"queue": queue, "message_count": 0, "consumer_count": 0})()


def _topic_matches(pattern: str, key: str) -> bool:
    regex = (
        "^"
        + r"\.".join(
            r"[^.]+" if word == "*" else ".*" if word == "#" else re.escape(word) for word in pattern.split(".")
        )
        + "$"
    )
    return re.match(regex.replace(r"\..*", r"(\..*)?"), key) is not None


class BlockingChannel:
    def __init__(self) -> None:
        self._exchanges: dict[str, str] = {"": "direct"}
        self._bindings: list[tuple[str, str, str]] = []  # (queue, exchange, routing key)
        self._queues: set[str] = set()
        self._consumers: list[tuple[str, Callable[..., Any], bool]] = []
        self._tag = 0
        self._delivered = False
        self.is_open = True

    def confirm_delivery(self) -> None:
        record("confirm_delivery")

    def exchange_declare(
        self,
        exchange: str,
        exchange_type: str = "direct",
        passive: bool = False,
        durable: bool = False,
        auto_delete: bool = False,
        internal: bool = False,
        arguments: dict[str, Any] | None = None,
    ) -> None:
        if exchange_type not in ("direct", "topic", "fanout", "headers"):
            raise ValueError(f"invalid exchange type {exchange_type!r}")
        record("exchange_declare", exchange=exchange, exchange_type=exchange_type, durable=durable)
        self._exchanges[exchange] = exchange_type

    def queue_declare(
        self,
        queue: str,
        passive: bool = False,
        durable: bool = False,
        exclusive: bool = False,
        auto_delete: bool = False,
        arguments: dict[str, Any] | None = None,
    ) -> _QueueDeclareOk:
        record("queue_declare", queue=queue, durable=durable, exclusive=exclusive)
        self._queues.add(queue)
        return _QueueDeclareOk(queue)

    def queue_bind(
        self, queue: str, exchange: str, routing_key: str | None = None, arguments: dict[str, Any] | None = None
    ) -> None:
        if exchange not in self._exchanges:
            raise RuntimeError(f"NOT_FOUND - no exchange '{exchange}'")  # the broker closes the channel
        if queue not in self._queues:
            raise RuntimeError(f"NOT_FOUND - no queue '{queue}'")
        record("queue_bind", queue=queue, exchange=exchange, routing_key=routing_key)
        self._bindings.append((queue, exchange, routing_key or queue))

    def basic_qos(self, prefetch_size: int = 0, prefetch_count: int = 0, global_qos: bool = False) -> None:
        record("basic_qos", prefetch_count=prefetch_count)

    def basic_publish(
        self,
        exchange: str,
        routing_key: str,
        body: bytes | str,
        properties: BasicProperties | None = None,
        mandatory: bool = False,
    ) -> None:
        if exchange not in self._exchanges:
            raise RuntimeError(f"NOT_FOUND - no exchange '{exchange}'")
        record(
            "basic_publish",
            exchange=exchange,
            routing_key=routing_key,
            body=b64(body),
            properties=properties.as_dict() if properties else None,
            mandatory=mandatory,
        )

    def basic_consume(
        self,
        queue: str,
        on_message_callback: Callable[..., Any],
        auto_ack: bool = False,
        exclusive: bool = False,
        consumer_tag: str | None = None,
        arguments: dict[str, Any] | None = None,
    ) -> str:
        if queue not in self._queues:
            raise RuntimeError(f"NOT_FOUND - no queue '{queue}'")
        record("basic_consume", queue=queue, auto_ack=auto_ack)
        self._consumers.append((queue, on_message_callback, auto_ack))
        return f"ctag-{len(self._consumers)}"

    def _routes_to(self, queue: str, exchange: str, routing_key: str) -> bool:
        if exchange == "":
            return routing_key == queue
        kind = self._exchanges.get(exchange)
        for bound_queue, bound_exchange, key in self._bindings:
            if (bound_queue, bound_exchange) != (queue, exchange):
                continue
            if kind == "fanout" or (kind == "direct" and key == routing_key):
                return True
            if kind == "topic" and _topic_matches(key, routing_key):
                return True
        return False

    def start_consuming(self) -> None:
        self._deliver_feed()
        raise KeyboardInterrupt  # nothing more to deliver: stop the snippet as Ctrl-C would

    def _deliver_feed(self) -> None:
        """Deliver every fed message to the consumed queues it reaches (once per process)."""
        if self._delivered:
            return
        self._delivered = True
        for item in feed():
            for queue, callback, _auto_ack in self._consumers:
                if self._routes_to(queue, item["exchange"], item["routing_key"]):
                    self._tag += 1
                    record("deliver", queue=queue, delivery_tag=self._tag)
                    method = _Deliver(self._tag, item["exchange"], item["routing_key"], "ctag-1")
                    properties = BasicProperties(**(item.get("properties") or {}))
                    callback(self, method, properties, unb64(item["body"]))

    def stop_consuming(self, consumer_tag: str | None = None) -> None:
        record("stop_consuming")

    def basic_ack(self, delivery_tag: int = 0, multiple: bool = False) -> None:
        record("basic_ack", delivery_tag=delivery_tag, multiple=multiple)

    def basic_nack(self, delivery_tag: int = 0, multiple: bool = False, requeue: bool = True) -> None:
        record("basic_nack", delivery_tag=delivery_tag, multiple=multiple, requeue=requeue)

    def basic_reject(self, delivery_tag: int = 0, requeue: bool = True) -> None:
        record("basic_reject", delivery_tag=delivery_tag, requeue=requeue)

    def close(self, reply_code: int = 0, reply_text: str = "Normal shutdown") -> None:
        self.is_open = False


class BlockingConnection:
    def __init__(self, parameters: URLParameters | ConnectionParameters | None = None, _impl_class: Any = None) -> None:
        record("connect", url=getattr(parameters, "url", None))
        self.is_open = True
        self._channels: list[BlockingChannel] = []

    def channel(self, channel_number: int | None = None) -> BlockingChannel:
        self._channels.append(BlockingChannel())
        return self._channels[-1]

    def process_data_events(self, time_limit: float | None = 0) -> None:
        """Deliver the fed messages; with none left, stop the snippet the way an operator would: SIGINT to
        this process (its handler, or the default KeyboardInterrupt, runs before this returns)."""
        for channel in self._channels:
            channel._deliver_feed()
        os.kill(os.getpid(), signal.SIGINT)

    def close(self, reply_code: int = 200, reply_text: str = "Normal shutdown") -> None:
        record("connection_close")
        self.is_open = False
