"""EventBridge snippets, executed under the recording boto3 fake: put_events carries Source, DetailType and
a Detail whose envelope and payload validate; the consumer's rule matches that event and its Lambda
handler accepts it, and raises for an invalid one."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from snippet_harness import BIN_EXAMPLE, BIN_SCHEMA, CASES, EVENTBRIDGE_ENVELOPE, snippet

from generator.snippets import resolve_address


def _event(entry: dict[str, Any]) -> dict[str, Any]:
    """The event EventBridge delivers for a put_events entry."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": entry["DetailType"],
        "source": entry["Source"],
        "account": "123456789012",
        "time": "2024-05-01T12:00:00Z",
        "region": "eu-west-1",
        "resources": [],
        "detail": json.loads(entry["Detail"]),
    }


def _matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    """EventBridge matching for the exact-value patterns the snippets use (nested objects, value lists)."""
    return all(
        _matches(want, event.get(key, {})) if isinstance(want, dict) else event.get(key) in want
        for key, want in pattern.items()
    )


def _produce(runner) -> dict[str, Any]:
    run = runner.run(snippet("eventbridge", "python", "producer").code)
    assert run.returncode == 0, run.stderr
    (entry,) = run.one("put_events")["Entries"]
    return entry


def test_producer_puts_source_detail_type_and_a_valid_detail_on_the_bus(runner) -> None:
    inp = CASES["eventbridge"]
    entry = _produce(runner)
    address, _ = resolve_address(inp.channel, inp.bound_parameters)
    assert entry["EventBusName"] == address == "inventory-events"
    assert (entry["Source"], entry["DetailType"]) == ("com.acme.inventory", "inventory.bin.created")
    event = _event(entry)
    Draft202012Validator(EVENTBRIDGE_ENVELOPE, format_checker=FormatChecker()).validate(event)
    payload = event["detail"]["payload"]  # x-envelope payload: /detail/payload
    assert payload == BIN_EXAMPLE
    Draft202012Validator(BIN_SCHEMA).validate(payload)
    metadata = event["detail"]["metadata"]
    assert datetime.fromisoformat(metadata["occurredAt"]).utcoffset() is not None  # aware, in UTC


def test_producer_computes_envelope_ids_per_event(runner) -> None:
    first, second = _produce(runner), _produce(runner)
    ids = {json.loads(e["Detail"])["metadata"]["correlationId"] for e in (first, second)}
    assert len(ids) == 2, "a copied example id would make every event look like the same one"


def test_consumer_rule_matches_the_produced_event(runner) -> None:
    event = _event(_produce(runner))
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders"
    run = runner.run(snippet("eventbridge", "python", "consumer").code, env={"HANDLER_FUNCTION_ARN": arn})
    assert run.returncode == 0, run.stderr
    rule = run.one("put_rule")
    assert rule["EventBusName"] == "inventory-events" and rule["State"] == "ENABLED"
    pattern = json.loads(rule["EventPattern"])
    assert _matches(pattern, event)
    assert not _matches(pattern, {**event, "detail-type": "inventory.bin.deleted"})
    targets = run.one("put_targets")
    assert targets["Rule"] == rule["Name"] and targets["Targets"][0]["Arn"] == arn


def test_consumer_handler_accepts_the_event_and_raises_for_an_invalid_one(runner) -> None:
    code = snippet("eventbridge", "python", "consumer").code
    event = _event(_produce(runner))
    ok = runner.run(code, call="handler", args=[event, None]).one("runner.call")
    assert ok["ok"] is True, ok

    bad_payload = {**event, "detail": {**event["detail"], "payload": {"binId": "A1"}}}
    bad = runner.run(code, call="handler", args=[bad_payload, None]).one("runner.call")
    assert (bad["ok"], bad["error_type"]) == (False, "ValidationError")

    no_envelope = {**event, "detail": BIN_EXAMPLE}  # the payload without the envelope around it
    assert runner.run(code, call="handler", args=[no_envelope, None]).one("runner.call")["ok"] is False
