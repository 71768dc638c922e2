"""Kafka snippets, executed: the producer sends the example to the channel's topic; the consumer fed
that exact record accepts it, commits it, and rejects what is not a valid message."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import fastavro
import pytest
from jsonschema import Draft7Validator, FormatChecker
from snippet_harness import AVRO_EXAMPLE, AVRO_SCHEMA, CASES, INVENTORY_EXAMPLE, INVENTORY_SCHEMA, decode, snippet

from generator.snippets import resolve_address

VALIDATOR = Draft7Validator(INVENTORY_SCHEMA, format_checker=FormatChecker())


def _feed(produced: dict[str, Any], offset: int = 7) -> dict[str, Any]:
    """A record as the broker would deliver what the fake producer recorded."""
    return {**{k: produced[k] for k in ("topic", "key", "value", "headers")}, "partition": 0, "offset": offset}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize("case", ["kafka-bound", "kafka-unbound", "kafka-generated"])
def test_producer_sends_a_valid_payload_to_the_channel_topic(runner, case: str) -> None:
    inp = CASES[case]
    run = runner.run(snippet(case, "python", "producer").code)
    assert run.returncode == 0, run.stderr
    sent = run.one("produce")
    address, unbound = resolve_address(inp.channel, inp.bound_parameters)
    # Unbound {env} becomes a variable defaulting to the parameter's default.
    assert sent["topic"] == address.replace("{env}", "dev") if unbound else address
    payload = json.loads(decode(sent["value"]))
    VALIDATOR.validate(payload)
    if inp.payload is not None:
        assert payload == inp.payload  # the catalog's example, not a paraphrase of it
    assert decode(sent["key"]).decode() == payload["sku"]  # x-key
    headers = {name: decode(value).decode() for name, value in sent["headers"]}
    assert headers["event-type"] == inp.message_id and headers["event-version"] == inp.message_version
    assert run.of("flush"), "the producer must flush before exiting"
    assert run.one("Producer")["config"]["enable.idempotence"] is True


def test_bound_parameter_is_substituted() -> None:
    inp = CASES["kafka-bound"]
    assert resolve_address(inp.channel, inp.bound_parameters) == ("inventory.prod.events", {})
    assert "ENV" not in snippet("kafka-bound", "python", "producer").code


@pytest.mark.parametrize(("env", "topic"), [(None, "inventory.dev.events"), ("staging", "inventory.staging.events")])
def test_unbound_parameter_is_read_from_the_environment(runner, env: str | None, topic: str) -> None:
    inp = CASES["kafka-unbound"]
    address, unbound = resolve_address(inp.channel, inp.bound_parameters)
    assert (address, unbound) == ("inventory.{env}.events", {"env": "INVENTORY_EVENTS_ENV"})
    code = snippet("kafka-unbound", "python", "producer").code
    assert "one of: dev, staging, prod; default: dev" in code  # the variable is marked with its values
    run = runner.run(code, env={"INVENTORY_EVENTS_ENV": env} if env else {"INVENTORY_EVENTS_ENV": "dev"})
    assert run.returncode == 0, run.stderr
    assert run.one("produce")["topic"] == address.format(env=env or "dev") == topic


@pytest.mark.parametrize("case", ["kafka-bound", "kafka-unbound", "kafka-generated", "kafka-avro"])
def test_consumer_accepts_and_commits_what_the_producer_sent(runner, case: str) -> None:
    produced = runner.run(snippet(case, "python", "producer").code).one("produce")
    run = runner.run(snippet(case, "python", "consumer").code, feed=[_feed(produced)])
    assert run.returncode == 0, run.stderr
    assert run.one("subscribe")["topics"] == [produced["topic"]]
    assert run.one("Consumer")["config"]["enable.auto.commit"] is False  # manual commit
    commit = run.one("commit")
    assert (commit["offset"], commit["asynchronous"]) == (7, False)
    assert "received" in run.stderr and "rejected" not in run.stderr
    assert run.of("close"), "the consumer must close on shutdown"


@pytest.mark.parametrize(
    "value",
    [
        b"{not json",
        json.dumps({**INVENTORY_EXAMPLE, "quantity": "two"}).encode(),
        json.dumps({k: v for k, v in INVENTORY_EXAMPLE.items() if k != "sku"}).encode(),
        json.dumps({**INVENTORY_EXAMPLE, "unexpected": 1}).encode(),
    ],
    ids=["not-json", "wrong-type", "missing-required", "extra-property"],
)
def test_consumer_rejects_an_invalid_message_and_moves_on(runner, value: bytes) -> None:
    code = snippet("kafka-bound", "python", "consumer").code
    record = {"topic": "inventory.prod.events", "partition": 0, "offset": 3, "key": None, "value": _b64(value)}
    run = runner.run(code, feed=[record])
    assert run.returncode == 0, run.stderr
    assert "rejected inventory.prod.events[0]@3" in run.stderr and "received" not in run.stderr
    assert run.one("commit")["offset"] == 3  # skipped, so the partition is not blocked


def test_consumer_ignores_other_topics(runner) -> None:
    produced = runner.run(snippet("kafka-bound", "python", "producer").code).one("produce")
    other = {**_feed(produced), "topic": "inventory.dev.events"}
    run = runner.run(snippet("kafka-bound", "python", "consumer").code, feed=[other])
    assert run.returncode == 0, run.stderr
    assert not run.of("commit") and "received" not in run.stderr


def test_avro_variant_frames_the_example_for_the_schema_registry(runner) -> None:
    run = runner.run(snippet("kafka-avro", "python", "producer", "avro").code)
    assert run.returncode == 0, run.stderr
    sent = run.one("produce")
    assert sent["topic"] == "inventory.staging.events"
    assert decode(sent["key"]) == b"ABC-123"
    value = decode(sent["value"])
    assert value[:5] == b"\x00\x00\x00\x00\x01"  # magic byte 0 and the schema id
    schema = fastavro.parse_schema(AVRO_SCHEMA)
    payload = fastavro.schemaless_reader(io.BytesIO(value[5:]), schema, schema)
    assert payload == AVRO_EXAMPLE
    assert fastavro.validation.validate(payload, schema)
    assert run.one("avro.serialize")["subject"] == "inventory.staging.events-value"


def test_avro_variant_consumer_decodes_and_rejects_unframed_bytes(runner) -> None:
    produced = runner.run(snippet("kafka-avro", "python", "producer", "avro").code).one("produce")
    code = snippet("kafka-avro", "python", "consumer", "avro").code
    good = runner.run(code, feed=[_feed(produced)])
    assert good.returncode == 0, good.stderr
    assert "received" in good.stderr and "'sku': 'ABC-123'" in good.stderr
    json_bytes = {**_feed(produced, offset=8), "value": _b64(json.dumps(AVRO_EXAMPLE).encode())}
    bad = runner.run(code, feed=[json_bytes])
    assert bad.returncode == 0, bad.stderr
    assert "rejected inventory.staging.events[0]@8" in bad.stderr and "received" not in bad.stderr


def test_avro_variant_only_for_avro_schemas() -> None:
    from generator.snippets import generate

    variants = {s.variant for s in generate(CASES["kafka-bound"])}
    assert variants == {None}
    avro = {(s.language, s.role) for s in generate(CASES["kafka-avro"]) if s.variant == "avro"}
    assert avro == {("python", "producer"), ("python", "consumer")}
