"""Fake ``confluent_kafka.schema_registry``: a client that needs a ``url`` and talks to nobody."""

from __future__ import annotations

from typing import Any

from evcat_fake_recorder import record


class SchemaRegistryClient:
    def __init__(self, conf: dict[str, Any]) -> None:
        if not isinstance(conf, dict) or "url" not in conf:
            raise ValueError("Missing required configuration property: url")
        record("SchemaRegistryClient", conf=conf)
        self.conf = conf
