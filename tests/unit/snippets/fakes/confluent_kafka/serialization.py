"""Fake ``confluent_kafka.serialization``: the same small classes as the real module."""

from __future__ import annotations

from enum import Enum
from typing import Any

from confluent_kafka import KafkaException


class MessageField(str, Enum):
    NONE = "none"
    KEY = "key"
    VALUE = "value"

    def __str__(self) -> str:
        return str(self.value)


class SerializationContext:
    def __init__(self, topic: str, field: MessageField, headers: Any = None) -> None:
        self.topic, self.field, self.headers = topic, field, headers


class SerializationError(KafkaException):
    pass


class StringSerializer:
    def __init__(self, codec: str = "utf_8") -> None:
        self.codec = codec

    def __call__(self, obj: str | None, ctx: SerializationContext | None = None) -> bytes | None:
        return None if obj is None else obj.encode(self.codec)


class StringDeserializer:
    def __init__(self, codec: str = "utf_8") -> None:
        self.codec = codec

    def __call__(self, value: bytes | None, ctx: SerializationContext | None = None) -> str | None:
        return None if value is None else value.decode(self.codec)
