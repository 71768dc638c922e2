"""RabbitMQ snippets, executed under the recording pika fake: the producer publishes the example to the
channel's exchange with the channel's routing key; the fake broker routes that exact message through the
consumer's declared binding, and the consumer acks it, or nacks an invalid one without requeueing."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from snippet_harness import BIN_EXAMPLE, BIN_SCHEMA, CASES, decode, snippet

from generator.snippets import resolve_address


def _feed(published: dict[str, Any]) -> dict[str, Any]:
    return {k: published[k] for k in ("exchange", "routing_key", "body", "properties")}


def test_topic_producer_publishes_to_the_exchange_with_the_resolved_routing_key(runner) -> None:
    inp = CASES["amqp-topic"]
    run = runner.run(snippet("amqp-topic", "python", "producer").code)
    assert run.returncode == 0, run.stderr
    assert run.one("exchange_declare") == {
        "call": "exchange_declare",
        "exchange": "ecomm",
        "exchange_type": "topic",
        "durable": True,
    }
    assert run.of("confirm_delivery"), "publisher confirms make a lost publish an error"
    published = run.one("basic_publish")
    address, unbound = resolve_address(inp.channel, inp.bound_parameters)
    assert (address, unbound) == ("inventory.bin.created", {})
    assert (published["exchange"], published["routing_key"]) == ("ecomm", address)
    payload = json.loads(decode(published["body"]))
    assert payload == BIN_EXAMPLE
    Draft202012Validator(BIN_SCHEMA).validate(payload)
    props = published["properties"]
    assert props["delivery_mode"] == 2 and props["content_type"] == "application/json"
    assert props["type"] == "bin-created" and published["mandatory"] is True
    assert run.of("connection_close")


def test_topic_consumer_binds_its_durable_queue_and_acks_the_published_message(runner) -> None:
    published = runner.run(snippet("amqp-topic", "python", "producer").code).one("basic_publish")
    run = runner.run(snippet("amqp-topic", "python", "consumer").code, feed=[_feed(published)])
    assert run.returncode == 0, run.stderr
    queue = run.one("queue_declare")
    assert queue["durable"] is True and queue["queue"] == "orders-service.inventory-topic"
    bind = run.one("queue_bind")
    assert (bind["exchange"], bind["routing_key"]) == ("ecomm", "inventory.bin.created")
    delivered = run.one("deliver")  # the fake broker routed it through that binding
    assert run.one("basic_ack")["delivery_tag"] == delivered["delivery_tag"]
    assert not run.of("basic_nack") and "received" in run.stderr
    assert run.one("basic_consume")["auto_ack"] is False


def test_topic_consumer_does_not_get_other_routing_keys(runner) -> None:
    published = runner.run(snippet("amqp-topic", "python", "producer").code).one("basic_publish")
    other = {**_feed(published), "routing_key": "inventory.item.created"}
    run = runner.run(snippet("amqp-topic", "python", "consumer").code, feed=[other])
    assert run.returncode == 0, run.stderr
    assert not run.of("deliver") and not run.of("basic_ack")


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe", b"[]", json.dumps({**BIN_EXAMPLE, "capacity": 0}).encode()],
    ids=["not-utf8", "not-an-object", "below-minimum"],
)
def test_consumer_nacks_an_invalid_message_without_requeue(runner, body: bytes) -> None:
    message = {
        "exchange": "ecomm",
        "routing_key": "inventory.bin.created",
        "body": base64.b64encode(body).decode(),
        "properties": {},
    }
    run = runner.run(snippet("amqp-topic", "python", "consumer").code, feed=[message])
    assert run.returncode == 0, run.stderr
    nack = run.one("basic_nack")
    assert nack["requeue"] is False and not run.of("basic_ack")
    assert "rejected message" in run.stderr and "received" not in run.stderr


def test_queue_channel_uses_the_default_exchange_and_the_address_as_queue(runner) -> None:
    inp = CASES["amqp-queue"]
    address, _ = resolve_address(inp.channel, inp.bound_parameters)
    produced = runner.run(snippet("amqp-queue", "python", "producer").code)
    assert produced.returncode == 0, produced.stderr
    assert produced.one("queue_declare") == {
        "call": "queue_declare",
        "queue": address,
        "durable": True,
        "exclusive": False,
    }
    published = produced.one("basic_publish")
    assert (published["exchange"], published["routing_key"]) == ("", address)
    assert json.loads(decode(published["body"])) == BIN_EXAMPLE

    run = runner.run(snippet("amqp-queue", "python", "consumer").code, feed=[_feed(published)])
    assert run.returncode == 0, run.stderr
    assert run.one("queue_declare")["queue"] == address and not run.of("queue_bind")
    assert run.one("basic_ack")["delivery_tag"] == run.one("deliver")["delivery_tag"]
