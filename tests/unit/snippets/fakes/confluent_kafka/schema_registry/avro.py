"""Fake Avro serde with the real wire format: magic byte 0, a 4-byte schema id, Avro binary (fastavro)."""

from __future__ import annotations

import io
import json
import struct
from typing import Any

import fastavro
from evcat_fake_recorder import record
from fastavro.validation import validate

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.serialization import SerializationContext, SerializationError

_SCHEMA_ID = 1


class AvroSerializer:
    def __init__(
        self,
        schema_registry_client: SchemaRegistryClient,
        schema_str: str,
        to_dict: Any = None,
        conf: dict[str, Any] | None = None,
    ) -> None:
        if not isinstance(schema_registry_client, SchemaRegistryClient):
            raise TypeError("schema_registry_client must be a SchemaRegistryClient")
        self._schema = fastavro.parse_schema(json.loads(schema_str))
        self._to_dict = to_dict

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        datum = self._to_dict(obj, ctx) if self._to_dict else obj
        validate(datum, self._schema)  # the real serializer fails on a record that does not fit too
        out = io.BytesIO()
        out.write(struct.pack(">bI", 0, _SCHEMA_ID))
        fastavro.schemaless_writer(out, self._schema, datum)
        record("avro.serialize", subject=f"{ctx.topic}-{ctx.field}" if ctx else None)
        return out.getvalue()


class AvroDeserializer:
    def __init__(
        self,
        schema_registry_client: SchemaRegistryClient,
        schema_str: str | None = None,
        from_dict: Any = None,
        return_record_name: bool = False,
    ) -> None:
        if not isinstance(schema_registry_client, SchemaRegistryClient):
            raise TypeError("schema_registry_client must be a SchemaRegistryClient")
        # No registry to ask for the writer's schema: the fake assumes it is the reader's.
        self._schema = fastavro.parse_schema(json.loads(schema_str)) if schema_str else None
        self._from_dict = from_dict

    def __call__(self, data: bytes | None, ctx: SerializationContext | None = None) -> Any:
        if data is None:
            return None
        if len(data) <= 5:
            raise SerializationError(f"Expecting data framing of length 6 bytes or more, got {len(data)}")
        magic, _schema_id = struct.unpack(">bI", data[:5])
        if magic != 0:
            raise SerializationError(f"Unexpected magic byte {magic}: not from a Schema Registry serializer")
        value = fastavro.schemaless_reader(io.BytesIO(data[5:]), self._schema, self._schema)
        return self._from_dict(value, ctx) if self._from_dict else value
