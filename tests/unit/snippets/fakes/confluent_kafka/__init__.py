"""Recording fake of ``confluent_kafka`` (Producer, Consumer), faithful to the parts snippets use.

Like the real client it rejects unknown configuration properties (e.g. ``value.serializer``, which only
the Serializing* classes take), values that are not bytes/str, and a consumer without ``group.id``.
The fake consumer delivers the fed messages whose topic it subscribed to, then raises KeyboardInterrupt
as an operator's Ctrl-C would, so a snippet's shutdown path runs too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from evcat_fake_recorder import b64, feed, record, unb64

# The librdkafka properties snippets may plausibly set; anything else is an error, as in librdkafka.
_KNOWN_PROPERTIES = frozenset(
    {
        "bootstrap.servers",
        "client.id",
        "group.id",
        "group.instance.id",
        "auto.offset.reset",
        "enable.auto.commit",
        "enable.auto.offset.store",
        "enable.idempotence",
        "acks",
        "linger.ms",
        "compression.type",
        "message.timeout.ms",
        "retries",
        "security.protocol",
        "sasl.mechanisms",
        "sasl.username",
        "sasl.password",
        "ssl.ca.location",
        "session.timeout.ms",
        "max.poll.interval.ms",
        "isolation.level",
        "enable.partition.eof",
        "transactional.id",
        "partitioner",
        "error_cb",
        "logger",
    }
)


class KafkaError:
    _PARTITION_EOF = -191

    def __init__(self, code: int, reason: str = "") -> None:
        self._code, self._reason = code, reason

    def code(self) -> int:
        return self._code

    def str(self) -> str:
        return self._reason


class KafkaException(Exception):  # noqa: N818 - confluent-kafka's own name
    pass


def _check_config(config: Any) -> dict[str, Any]:
    if not isinstance(config, dict):
        raise TypeError("expected configuration dict")
    for key in config:
        if key not in _KNOWN_PROPERTIES:
            raise KafkaException(f'No such configuration property: "{key}"')
    return config


def _check_bytes(name: str, value: Any) -> None:
    if value is not None and not isinstance(value, bytes | str):
        raise TypeError(f"{name} must be bytes or str, not {type(value).__name__}")


def _headers(headers: Any) -> list[list[Any]]:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, dict) else headers
    out = []
    for name, value in items:
        _check_bytes("header value", value)
        out.append([str(name), b64(value)])
    return out


def _as_bytes(value: bytes | str | None) -> bytes | None:
    return value.encode() if isinstance(value, str) else value


class Message:
    def __init__(
        self,
        topic: str,
        partition: int,
        offset: int,
        key: bytes | None,
        value: bytes | None,
        headers: list[tuple[str, bytes]] | None = None,
    ) -> None:
        self._topic, self._partition, self._offset = topic, partition, offset
        self._key, self._value, self._headers = key, value, headers

    def topic(self) -> str:
        return self._topic

    def partition(self) -> int:
        return self._partition

    def offset(self) -> int:
        return self._offset

    def key(self) -> bytes | None:
        return self._key

    def value(self) -> bytes | None:
        return self._value

    def headers(self) -> list[tuple[str, bytes]] | None:
        return self._headers

    def error(self) -> KafkaError | None:
        return None


class Producer:
    def __init__(self, config: dict[str, Any]) -> None:
        record("Producer", config=_check_config(config))
        self._pending: list[tuple[Callable[..., Any] | None, Message]] = []
        self._offset = 0

    def produce(
        self,
        topic: str,
        value: Any = None,
        key: Any = None,
        partition: int = -1,
        on_delivery: Callable[..., Any] | None = None,
        callback: Callable[..., Any] | None = None,
        timestamp: int = 0,
        headers: Any = None,
    ) -> None:
        if not isinstance(topic, str) or not topic:
            raise TypeError("topic must be a non-empty str")
        _check_bytes("value", value)
        _check_bytes("key", key)
        record("produce", topic=topic, key=b64(key), value=b64(value), headers=_headers(headers), partition=partition)
        message = Message(topic, max(partition, 0), self._offset, _as_bytes(key), _as_bytes(value))
        self._offset += 1
        self._pending.append((on_delivery or callback, message))

    def poll(self, timeout: float | None = None) -> int:
        served = 0
        while self._pending:
            cb, message = self._pending.pop(0)
            if cb is not None:
                cb(None, message)  # an exception raised here propagates, as in the real client
            served += 1
        return served

    def flush(self, timeout: float | None = None) -> int:
        self.poll(timeout)
        record("flush", timeout=timeout)
        return 0

    def __len__(self) -> int:
        return len(self._pending)


class Consumer:
    def __init__(self, config: dict[str, Any]) -> None:
        _check_config(config)
        if "group.id" not in config:
            raise ValueError("Failed to create consumer: group.id must be set")
        record("Consumer", config=config)
        self._topics: list[str] = []
        self._queue = feed()
        self._closed = False

    def subscribe(self, topics: list[str], on_assign: Any = None, on_revoke: Any = None, on_lost: Any = None) -> None:
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            raise TypeError("subscribe() takes a list of topic names")
        record("subscribe", topics=topics)
        self._topics = topics

    def poll(self, timeout: float | None = None) -> Message | None:
        if self._closed:
            raise RuntimeError("Consumer closed")
        if not self._topics:
            raise KafkaException("poll() before subscribe()")
        while self._queue:
            item = self._queue.pop(0)
            if item["topic"] in self._topics:  # a message on another topic never reaches this consumer
                headers = [(k, unb64(v)) for k, v in item.get("headers", [])]
                return Message(
                    item["topic"],
                    item.get("partition", 0),
                    item.get("offset", 0),
                    unb64(item.get("key")),
                    unb64(item.get("value")),
                    headers,
                )
        raise KeyboardInterrupt  # nothing more to deliver: stop the snippet as Ctrl-C would

    def commit(self, message: Message | None = None, offsets: Any = None, asynchronous: bool = True) -> None:
        if message is None and offsets is None:
            raise KafkaException("commit() without message or offsets commits nothing here")
        record(
            "commit",
            topic=message.topic() if message else None,
            offset=message.offset() if message else None,
            asynchronous=asynchronous,
        )

    def close(self) -> None:
        record("close")
        self._closed = True
