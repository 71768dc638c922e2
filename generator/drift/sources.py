"""Capture files → ``Observed`` messages: kcat ``-C -J`` records, EventBridge events, webhook deliveries and
plain NDJSON (``channel`` + ``payload``), recognised per line unless a format is forced.

A file is read line by line (``lines``). A file that is one JSON document instead — an EventBridge array,
a pretty-printed webhook body — is read whole only up to ``MAX_DOCUMENT`` bytes; a folder is read file by
file (webhook deliveries saved one per file).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.drift.lines import DEFAULT_MAX_LINE, read_lines
from generator.drift.model import Observed, Origin, Unreadable
from generator.schemas.jsontext import load_with_positions, position_of

FORMATS = ("auto", "kcat", "eventbridge", "webhook", "ndjson")
MAX_DOCUMENT = 64 * 1024 * 1024  # a whole-document capture (JSON array) is held in memory: keep it bounded
_TYPE_HEADERS = ("ce_type", "ce-type", "type")

Item = Observed | Unreadable


def read_source(path: Path, *, source_format: str = "auto", webhook_path: str | None = None,
                max_line: int = DEFAULT_MAX_LINE) -> Iterator[Item]:
    """Every message (or unreadable line) of one capture file or folder, in order."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            yield from _whole_file(child, source_format, webhook_path)
        return
    with path.open("rb") as stream:
        first = stream.read(1)
        while first in (b" ", b"\t", b"\r", b"\n", b"\xef", b"\xbb", b"\xbf"):
            first = stream.read(1)
        stream.seek(0)
        if first == b"[":
            yield from _whole_file(path, source_format, webhook_path)
            return
        for line in read_lines(stream, max_line):
            origin = Origin(str(path), line.number)
            if line.too_long:
                yield Unreadable(origin, f"line of {line.too_long} bytes is longer than the limit of {max_line}",
                                 code="EC707", hint="raise --max-line-bytes if such messages are real")
            elif line.not_utf8:
                yield Unreadable(origin, "line is not valid UTF-8")
            elif line.number == 1 and line.text == "{":
                yield from _whole_file(path, source_format, webhook_path)  # one pretty-printed document
                return
            else:
                yield parse_record(_json_or_none(line.text), origin, source_format, webhook_path, line.text)


_NOT_JSON = object()


def _json_or_none(text: str | None) -> Any:
    try:
        return json.loads(text or "")
    except ValueError:
        return _NOT_JSON


def _whole_file(path: Path, source_format: str, webhook_path: str | None) -> Iterator[Item]:
    size = path.stat().st_size
    if size > MAX_DOCUMENT:
        yield Unreadable(Origin(str(path)), f"a single JSON document of {size} bytes is larger than the limit "
                         f"of {MAX_DOCUMENT}", code="EC707", hint="write one message per line, e.g. jq -c '.[]'")
        return
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        yield Unreadable(Origin(str(path)), "file is not valid UTF-8")
        return
    loaded = load_with_positions(text, "json")
    if loaded.data is None:
        error = loaded.error
        yield Unreadable(Origin(str(path), error.line if error else None),
                         f"not JSON: {error.message if error else 'unreadable'}")
        return
    items = loaded.data if isinstance(loaded.data, list) else [loaded.data]
    for index, item in enumerate(items):
        position = position_of(loaded, f"/{index}") if isinstance(loaded.data, list) else None
        yield parse_record(item, Origin(str(path), position.line if position else 1), source_format, webhook_path)


def parse_record(data: Any, origin: Origin, source_format: str = "auto", webhook_path: str | None = None,
                 text: str | None = None) -> Item:
    """One parsed JSON value as a message of ``source_format`` (``auto``: recognised by its keys)."""
    if data is _NOT_JSON:
        return Unreadable(origin, f"not JSON: {_preview(text)}", hint="one JSON object per line is expected")
    if not isinstance(data, dict):
        return Unreadable(origin, f"expected a JSON object, found {type(data).__name__}")
    chosen = source_format if source_format != "auto" else _recognise(data)
    return {"kcat": _kcat, "eventbridge": _eventbridge, "ndjson": _plain}.get(
        chosen, lambda d, o: _webhook(d, o, webhook_path))(data, origin)


def _recognise(data: dict) -> str:
    if "topic" in data and "payload" in data:
        return "kcat"
    if "detail-type" in data and "detail" in data:
        return "eventbridge"
    if "channel" in data and "payload" in data:
        return "ndjson"
    return "webhook"


def _kcat(data: dict, origin: Origin) -> Item:
    topic = data.get("topic")
    where = Origin(origin.file, origin.line, f"{topic}/{data.get('partition')}/{data.get('offset')}")
    if not isinstance(topic, str):
        return Unreadable(where, "kcat record without a 'topic'")
    payload = data.get("payload")
    if isinstance(payload, str):
        payload = _json_or_none(payload)
        if payload is _NOT_JSON:
            return Unreadable(where, f"payload is not JSON: {_preview(data.get('payload'))}",
                              hint="decode Avro values first, e.g. kcat -C -J -s value=avro -r <registry-url>")
    headers = _headers(data.get("headers"))
    return Observed(where, "kafka", topic, payload, type_hint=_hint(headers, payload), headers=headers)


def _eventbridge(data: dict, origin: Origin) -> Item:
    source, detail_type = data.get("source"), data.get("detail-type")
    if not isinstance(source, str) or not isinstance(detail_type, str):
        return Unreadable(origin, "EventBridge event without a 'source' and 'detail-type'")
    where = Origin(origin.file, origin.line, f"{source} {detail_type}")
    return Observed(where, "eventbridge", source, data, type_hint=detail_type, payload_pointer="/detail")


def _plain(data: dict, origin: Origin) -> Item:
    channel = data.get("channel")
    if not isinstance(channel, str):
        return Unreadable(origin, "record without a 'channel' string")
    payload = data.get("payload")
    headers = _headers(data.get("headers"))
    hint = data.get("type") if isinstance(data.get("type"), str) else _hint(headers, payload)
    return Observed(origin, "any", channel, payload, type_hint=hint, headers=headers)


def _webhook(data: dict, origin: Origin, webhook_path: str | None) -> Item:
    body, path, headers = data, webhook_path, {}
    if isinstance(data.get("body"), dict) and isinstance(data.get("path", data.get("url")), str):
        body, path, headers = data["body"], webhook_path or data.get("path", data.get("url")), \
            _headers(data.get("headers"))
    return Observed(origin, "http", path or "", body, type_hint=_hint(headers, body), headers=headers)


def _headers(raw: Any) -> dict[str, str]:
    """kcat writes headers as a flat list [name, value, name, value …]; other tools as a mapping or pairs."""
    if isinstance(raw, dict):
        return {str(k).lower(): str(v) for k, v in raw.items()}
    if isinstance(raw, list) and all(isinstance(x, list) and len(x) == 2 for x in raw):
        return {str(k).lower(): str(v) for k, v in raw}
    if isinstance(raw, list):
        return {str(raw[i]).lower(): str(raw[i + 1]) for i in range(0, len(raw) - 1, 2)}
    return {}


def _hint(headers: dict[str, str], payload: Any) -> str | None:
    for name in _TYPE_HEADERS[:2]:
        if headers.get(name):
            return headers[name]
    if isinstance(payload, dict) and isinstance(payload.get("type"), str):
        return payload["type"]
    return None


def _preview(value: Any, limit: int = 60) -> str:
    shown = repr(value if isinstance(value, str) else str(value))
    return shown if len(shown) <= limit else shown[:limit] + "…'"
