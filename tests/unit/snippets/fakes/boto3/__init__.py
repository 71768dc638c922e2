"""Recording fake of ``boto3.client("events")``: put_events, put_rule, put_targets.

Parameter names are botocore's own (CamelCase). Like botocore it takes keyword arguments only and rejects
parameters the API does not have; like EventBridge it reports (rather than raises for) an entry without
Source, DetailType or a JSON-object Detail.
"""

from __future__ import annotations

import json
from typing import Any

from evcat_fake_recorder import record

_ENTRY_KEYS = frozenset({"Time", "Source", "Resources", "DetailType", "Detail", "EventBusName", "TraceHeader"})


def _entry_error(entry: dict[str, Any]) -> str | None:
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise TypeError(f"Unknown parameter in Entries: {sorted(unknown)}")  # botocore ParamValidationError
    if not entry.get("Source") or not entry.get("DetailType"):
        return "InvalidArgument: Source and DetailType are required"
    try:
        detail = json.loads(entry.get("Detail", ""))
    except ValueError:
        return "MalformedDetail: Detail is not valid JSON"
    return None if isinstance(detail, dict) else "MalformedDetail: Detail must be a JSON object"


class EventsClient:
    def put_events(self, *, Entries: list[dict[str, Any]], EndpointId: str | None = None) -> dict[str, Any]:
        errors = [_entry_error(e) for e in Entries]
        record("put_events", Entries=Entries)
        results = [{"EventId": f"evt-{i}"} if not err else {"ErrorCode": err} for i, err in enumerate(errors)]
        return {"FailedEntryCount": sum(1 for e in errors if e), "Entries": results}

    def put_rule(
        self,
        *,
        Name: str,
        EventPattern: str | None = None,
        ScheduleExpression: str | None = None,
        State: str | None = None,
        Description: str | None = None,
        RoleArn: str | None = None,
        Tags: list[Any] | None = None,
        EventBusName: str | None = None,
    ) -> dict[str, Any]:
        if EventPattern is not None and not isinstance(json.loads(EventPattern), dict):
            raise ValueError("EventPattern must be a JSON object")
        record("put_rule", Name=Name, EventPattern=EventPattern, State=State, EventBusName=EventBusName)
        return {"RuleArn": f"arn:aws:events:eu-west-1:123456789012:rule/{Name}"}

    def put_targets(
        self, *, Rule: str, Targets: list[dict[str, Any]], EventBusName: str | None = None
    ) -> dict[str, Any]:
        if not all("Id" in t and "Arn" in t for t in Targets):
            raise TypeError("every target needs Id and Arn")
        record("put_targets", Rule=Rule, Targets=Targets, EventBusName=EventBusName)
        return {"FailedEntryCount": 0, "FailedEntries": []}


def client(service_name: str, *args: Any, **kwargs: Any) -> EventsClient:
    if service_name != "events":
        raise ValueError(f"the fake boto3 only has the 'events' client, not {service_name!r}")
    record("boto3.client", service_name=service_name)
    return EventsClient()
