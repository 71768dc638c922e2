"""Shared cases and harness for the snippet tests (imported by the tests and by conftest.py).

Every case is a :class:`SnippetInput` as the page builder would fill it from a catalog. The harness runs
generated code for real: Python in a subprocess whose ``PYTHONPATH`` puts ``fakes/`` first, so
``confluent_kafka``, ``pika`` and ``boto3`` are recording fakes (``fakes/_recorder.py``) that write each
call as a JSON line to the file named by ``EVCAT_FAKE_RECORD`` and read deliveries from ``EVCAT_FAKE_FEED``.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from generator.snippets import ChannelInfo, EnvelopeInfo, ParameterInfo, Snippet, SnippetInput, generate

HERE = Path(__file__).resolve().parent
FAKES = HERE / "fakes"
REPO = HERE.parents[2]

# --- Schemas ------------------------------------------------------------------------------------------------

INVENTORY_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "InventoryAdjusted",
    "type": "object",
    "required": ["sku", "quantity", "reason", "adjustedAt"],
    "additionalProperties": False,
    "properties": {
        "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]+$"},
        "quantity": {"type": "integer"},
        "reason": {"type": "string", "enum": ["restock", "sale", "damage"]},
        "adjustedAt": {"type": "string", "format": "date-time"},
        "warehouse": {"type": "object", "properties": {"id": {"type": "string"}, "bins": {"type": "array"}}},
        "note": {"type": ["string", "null"]},
    },
}
INVENTORY_EXAMPLE = {
    "sku": "ABC-123",
    "quantity": -2,
    "reason": "sale",
    "adjustedAt": "2024-05-01T12:00:00Z",
    "warehouse": {"id": "berlin-1", "bins": ["A1", "B7"]},
    "note": None,
}

AVRO_SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "InventoryAdjusted",
    "namespace": "com.acme.inventory",
    "fields": [
        {"name": "sku", "type": "string"},
        {"name": "quantity", "type": "int"},
        {"name": "reason", "type": {"type": "enum", "name": "Reason", "symbols": ["restock", "sale", "damage"]}},
        {"name": "note", "type": ["null", "string"], "default": None},
    ],
}
AVRO_EXAMPLE = {"sku": "ABC-123", "quantity": 5, "reason": "restock", "note": "cycle count"}

BIN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["binId", "warehouseId", "capacity"],
    "properties": {
        "binId": {"type": "string", "minLength": 2},
        "warehouseId": {"type": "string"},
        "capacity": {"type": "integer", "minimum": 1},
        "labels": {"type": "array", "items": {"type": "string"}},
    },
}
BIN_EXAMPLE = {"binId": "A1-07", "warehouseId": "berlin-1", "capacity": 40, "labels": ["cold", 'it\'s "fragile"']}

EVENTBRIDGE_ENVELOPE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"],
    "properties": {
        "version": {"const": "0"},
        "id": {"type": "string", "format": "uuid"},
        "detail-type": {"type": "string"},
        "source": {"type": "string"},
        "account": {"type": "string", "pattern": "^[0-9]{12}$"},
        "time": {"type": "string", "format": "date-time"},
        "region": {"type": "string"},
        "resources": {"type": "array", "items": {"type": "string"}},
        "detail": {
            "type": "object",
            "required": ["metadata", "payload"],
            "properties": {
                "metadata": {
                    "type": "object",
                    "required": ["correlationId", "occurredAt", "schemaVersion"],
                    "properties": {
                        "correlationId": {"type": "string", "format": "uuid"},
                        "occurredAt": {"type": "string", "format": "date-time"},
                        "schemaVersion": {"type": "string"},
                    },
                },
                "payload": {"type": "object"},
            },
        },
    },
}

WEBHOOK_ENVELOPE: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["id", "type", "created", "data"],
    "properties": {
        "id": {"type": "string", "pattern": "^evt_"},
        "type": {"const": "inventory.bin.created"},
        "created": {"type": "integer"},
        "data": {"type": "object", "required": ["object"], "properties": {"object": {"type": "object"}}},
    },
}
WEBHOOK_EXAMPLE_WHOLE = {
    "id": "evt_1OaB2c",
    "type": "inventory.bin.created",
    "created": 1714564800,
    "data": {"object": BIN_EXAMPLE},
}

ENV_PARAMETER = ParameterInfo(enum=("dev", "staging", "prod"), default="dev", description="Deployment environment.")


# --- Cases --------------------------------------------------------------------------------------------------


def _kafka_channel() -> ChannelInfo:
    return ChannelInfo(
        id="inventory-events",
        address="inventory.{env}.events",
        protocols=("kafka",),
        parameters={"env": ENV_PARAMETER},
    )


def _amqp_topic_channel() -> ChannelInfo:
    return ChannelInfo(
        id="inventory-topic",
        address="inventory.{entity}.{action}",
        protocols=("amqp",),
        parameters={"entity": ParameterInfo(enum=("bin", "item")), "action": ParameterInfo(enum=("created",))},
        bindings={"amqp": {"exchange": "ecomm", "exchangeType": "topic", "durable": True}},
    )


def _cases() -> dict[str, SnippetInput]:
    inventory = {
        "message_id": "inventory-adjusted",
        "message_name": "Inventory adjusted",
        "message_version": "1.0.0",
        "detail_type": None,
        "producer": "inventory-service",
        "consumer": "orders-service",
    }
    bins = {
        **inventory,
        "message_id": "bin-created",
        "message_name": "Bin created",
        "message_version": "2.1.0",
        "schema": BIN_SCHEMA,
        "schema_format": "json-schema",
        "key_field": "binId",
    }
    return {
        "kafka-bound": SnippetInput(
            **inventory,
            schema=INVENTORY_SCHEMA,
            schema_format="json-schema",
            payload=INVENTORY_EXAMPLE,
            key_field="sku",
            channel=_kafka_channel(),
            bound_parameters={"env": "prod"},
        ),
        "kafka-unbound": SnippetInput(
            **inventory,
            schema=INVENTORY_SCHEMA,
            schema_format="json-schema",
            payload=INVENTORY_EXAMPLE,
            key_field="sku",
            channel=_kafka_channel(),
        ),
        "kafka-avro": SnippetInput(
            **inventory,
            schema=AVRO_SCHEMA,
            schema_format="avro",
            payload=AVRO_EXAMPLE,
            key_field="sku",
            channel=_kafka_channel(),
            bound_parameters={"env": "staging"},
        ),
        "kafka-generated": SnippetInput(
            **inventory,
            schema=INVENTORY_SCHEMA,
            schema_format="json-schema",
            payload=None,
            key_field="sku",
            channel=_kafka_channel(),
            bound_parameters={"env": "dev"},
        ),
        "amqp-topic": SnippetInput(
            **bins,
            payload=BIN_EXAMPLE,
            channel=_amqp_topic_channel(),
            bound_parameters={"entity": "bin", "action": "created"},
        ),
        "amqp-queue": SnippetInput(
            **bins,
            payload=BIN_EXAMPLE,
            channel=ChannelInfo(
                id="bulk-transactions",
                address="inventory.bulktransactions",
                protocols=("rabbitmq",),
                bindings={"amqp": {"exchange": "", "durable": True}},
            ),
        ),
        "eventbridge": SnippetInput(
            **{**bins, "detail_type": "inventory.bin.created"},
            payload=BIN_EXAMPLE,
            channel=ChannelInfo(
                id="inventory-bus",
                address="inventory-events",
                protocols=("eventbridge",),
                bindings={"eventbridge": {"source": "com.acme.inventory"}},
                envelope=EnvelopeInfo(schema=EVENTBRIDGE_ENVELOPE, payload_pointer="/detail/payload"),
            ),
        ),
        # Beyond the cases the issue names: template branches that must hold up too.
        "eventbridge-bare": SnippetInput(
            **bins,
            payload=BIN_EXAMPLE,
            channel=ChannelInfo(
                id="inventory-bus",
                address="inventory-{env}",
                protocols=("eventbridge",),
                parameters={"env": ENV_PARAMETER},
            ),
        ),
        "amqp-unbound": SnippetInput(**bins, payload=BIN_EXAMPLE, channel=_amqp_topic_channel()),
        "kafka-protobuf": SnippetInput(
            **{**inventory, "schema": None, "schema_format": "protobuf", "key_field": "sku"},
            payload=INVENTORY_EXAMPLE,
            channel=_kafka_channel(),
            bound_parameters={"env": "prod"},
        ),
        "http": SnippetInput(
            **bins,
            payload=WEBHOOK_EXAMPLE_WHOLE,
            channel=ChannelInfo(
                id="inventory-webhooks",
                address="https://hooks.example.com/inventory",
                protocols=("https",),
                bindings={"http": {"method": "POST", "signatureHeader": "X-Inventory-Signature"}},
                envelope=EnvelopeInfo(schema=WEBHOOK_ENVELOPE, payload_pointer="/data/object"),
            ),
        ),
    }


CASES = _cases()


def generated_snippets() -> list[tuple[str, Snippet]]:
    """Every snippet of every case, for parametrisation: (case name, snippet)."""
    return [(name, s) for name, inp in CASES.items() for s in generate(inp)]


def snippet_id(value: tuple[str, Snippet]) -> str:
    name, s = value
    return f"{name}:{s.protocol}-{s.language}-{s.role}" + (f"-{s.variant}" if s.variant else "")


# --- Running generated code ---------------------------------------------------------------------------------


def in_ci() -> bool:
    """True on CI (``CI=true``), where a missing tool must fail the run instead of skipping quietly."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip locally, fail on CI: CI must run these checks, not report them as skipped."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: this test must run on CI)", pytrace=False)
    pytest.skip(reason)


def ruff_command() -> list[str]:
    """The venv's ruff, else one on PATH, else ``python -m ruff``."""
    beside = Path(sys.executable).with_name("ruff")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ruff")
    return [found] if found else [sys.executable, "-m", "ruff"]


# Snippets are checked as user code, not as evcat code: ruff's defaults plus pycodestyle, bugbear, isort,
# pyupgrade, naive-datetime (DTZ catches datetime.utcnow()), simplify, ruff and pylint rules. Target 3.9:
# snippets must run on every Python still supported, so datetime.UTC (3.11+) is not an option. Not E501:
# a schema's description or an example's text is data, and a literal string cannot be wrapped.
RUFF_ARGS = ["check", "--isolated", "--no-cache", "--target-version", "py39", "--line-length", "100"]
RUFF_ARGS += ["--extend-select", "E,W,B,I,UP,DTZ,SIM,RUF,PL", "--extend-ignore", "E501", "--output-format", "concise"]


@dataclass
class Run:
    """The outcome of running a snippet: exit code, output and the calls the fakes recorded."""

    returncode: int
    stdout: str
    stderr: str
    calls: list[dict[str, Any]]

    def of(self, name: str) -> list[dict[str, Any]]:
        """The recorded calls named ``name``, in order."""
        return [c for c in self.calls if c["call"] == name]

    def one(self, name: str) -> dict[str, Any]:
        """The single recorded call named ``name``."""
        found = self.of(name)
        assert len(found) == 1, f"expected one {name!r} call, got {len(found)}: {self.calls}\n{self.stderr}"
        return found[0]


class SnippetRunner:
    """Writes snippets into a temporary folder and runs them in a fresh interpreter."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.count = 0

    def write(self, code: str, suffix: str = ".py") -> Path:
        self.count += 1
        path = self.root / f"snippet_{self.count}{suffix}"
        path.write_text(code, encoding="utf-8")
        return path

    def env(self, extra: Mapping[str, str] | None = None, *, fakes: bool = True) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("EVCAT_FAKE_", "PYTHONPATH"))}
        if fakes:
            env["PYTHONPATH"] = str(FAKES)  # first on sys.path: the fakes shadow installed clients
        env.update(extra or {})
        return env

    def run(
        self,
        code: str,
        *,
        call: str | None = None,
        args: list[Any] | None = None,
        feed: list[dict[str, Any]] | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 60,
    ) -> Run:
        """Run ``code`` under the fakes: as ``__main__``, or load it and call ``call(*args)``."""
        path = self.write(code)
        record = path.with_suffix(".calls.jsonl")
        feed_file = path.with_suffix(".feed.json")
        feed_file.write_text(json.dumps(feed or []), encoding="utf-8")
        extra = {"EVCAT_FAKE_RECORD": str(record), "EVCAT_FAKE_FEED": str(feed_file), **(env or {})}
        argv = [sys.executable, "-m", "evcat_snippet_runner", "main" if call is None else "call", str(path)]
        if call is not None:
            args_file = path.with_suffix(".args.json")
            args_file.write_text(json.dumps(args or []), encoding="utf-8")
            argv += [call, str(args_file)]
        done = subprocess.run(
            argv, cwd=self.root, env=self.env(extra), capture_output=True, text=True, timeout=timeout, check=False
        )
        calls = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
        return Run(done.returncode, done.stdout, done.stderr, calls)


def snippet(case: str, language: str, role: str, variant: str | None = None, **overrides: Any) -> Snippet:
    """The one snippet of a case for this language, role and variant."""
    inp = CASES[case]
    if overrides:
        inp = replace(inp, **overrides)
    found = [s for s in generate(inp, languages=(language,), roles=(role,)) if s.variant == variant]
    assert len(found) == 1, f"{case}: expected one {language} {role} {variant} snippet, got {found}"
    return found[0]


def decode(b64text: str | None) -> bytes:
    """Bytes the fakes recorded (base64)."""
    assert b64text is not None
    return base64.b64decode(b64text)


def unused_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float, alive: Callable[[], bool] = lambda: True) -> bool:
    """Poll until something accepts connections on 127.0.0.1:``port`` (False on timeout or death)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.2)
    return False
