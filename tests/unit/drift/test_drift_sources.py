"""Capture files → messages: each format recognised per line, bounded lines, whole-file documents."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

from generator.drift.lines import read_lines
from generator.drift.model import Observed, Unreadable
from generator.drift.sources import parse_record, read_source

ORDER = {"orderId": "ORD-1", "totalAmount": 5}


def kcat(topic: str, payload: object, offset: int = 0, headers: object = None) -> str:
    return json.dumps({"topic": topic, "partition": 2, "offset": offset, "tstype": "create", "ts": 1,
                       "broker": 1, "headers": headers, "key": "k", "payload": json.dumps(payload)})


def test_each_format_is_recognised_per_line(tmp_path: Path) -> None:
    capture = tmp_path / "mixed.ndjson"
    capture.write_text("\n".join([
        kcat("orders.prod.events", ORDER, 7, headers=["ce_type", "OrderPlaced", "trace", "x"]),
        json.dumps({"version": "0", "source": "com.acme", "detail-type": "order.placed", "detail": ORDER}),
        json.dumps({"channel": "orders.dev.events", "type": "OrderPlaced", "payload": ORDER}),
        json.dumps({"id": "evt_1", "type": "order.placed", "data": {"object": ORDER}}),
        "",
    ]) + "\n\n")
    found = list(read_source(capture, webhook_path="/hooks/orders"))
    assert [(m.transport, m.channel, m.type_hint, m.origin.line) for m in found] == [
        ("kafka", "orders.prod.events", "OrderPlaced", 1),
        ("eventbridge", "com.acme", "order.placed", 2),
        ("any", "orders.dev.events", "OrderPlaced", 3),
        ("http", "/hooks/orders", "order.placed", 4),
    ]
    assert found[0].document == ORDER and found[0].origin.detail == "orders.prod.events/2/7"
    assert found[1].payload_pointer == "/detail"


def test_a_forced_format_reads_every_line_as_that_format(tmp_path: Path) -> None:
    capture = tmp_path / "bodies.ndjson"
    capture.write_text(json.dumps({"channel": "looks-plain", "payload": ORDER}) + "\n")
    (message,) = read_source(capture, source_format="webhook", webhook_path="/in")
    assert isinstance(message, Observed) and message.transport == "http" and message.channel == "/in"


def test_kcat_values_that_are_not_json_are_unreadable_with_a_hint() -> None:
    record = {"topic": "t", "partition": 0, "offset": 1, "payload": "\x00\x02binary"}
    found = parse_record(record, _origin())
    assert isinstance(found, Unreadable) and found.code == "EC706" and "kcat -C -J -s value=avro" in found.hint


def test_an_eventbridge_array_is_read_whole_with_the_line_of_each_event(tmp_path: Path) -> None:
    events = [{"source": "com.acme", "detail-type": f"t{i}", "detail": {"n": i}} for i in range(3)]
    capture = tmp_path / "events.json"
    capture.write_text(json.dumps(events, indent=2))
    found = list(read_source(capture))
    assert [m.type_hint for m in found] == ["t0", "t1", "t2"]
    lines = capture.read_text().splitlines()
    assert [lines[m.origin.line - 1].strip() for m in found] == ["{"] * 3


def test_a_folder_of_webhook_deliveries_is_read_file_by_file(tmp_path: Path) -> None:
    folder = tmp_path / "deliveries"
    folder.mkdir()
    for name in ("b.json", "a.json"):
        (folder / name).write_text(json.dumps({"type": name, "data": {"object": ORDER}}, indent=2))
    found = list(read_source(folder))
    assert [(Path(m.origin.file).name, m.type_hint, m.channel) for m in found] == [
        ("a.json", "a.json", ""), ("b.json", "b.json", "")]


def test_an_over_long_line_is_reported_and_skipped_without_being_kept() -> None:
    stream = io.BytesIO(b'{"a": 1}\n' + b"x" * 5000 + b"\n" + b'{"b": 2}\n')
    found = list(read_lines(stream, max_line=100))
    assert [(line.number, line.text, line.too_long) for line in found] == [
        (1, '{"a": 1}', 0), (2, None, 5001), (3, '{"b": 2}', 0)]


def test_the_reader_streams_a_multi_megabyte_capture_in_bounded_memory(tmp_path: Path) -> None:
    capture = tmp_path / "big.ndjson"
    line = kcat("orders.prod.events", {**ORDER, "note": "n" * 400}) + "\n"
    with capture.open("w") as out:
        for _ in range(16_000):  # about 8 MB
            out.write(line)
    assert capture.stat().st_size > 7_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_source(capture))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 16_000
    assert peak < 2_000_000  # a few lines at a time, never the file


def test_a_ten_megabyte_line_is_one_finding(tmp_path: Path) -> None:
    capture = tmp_path / "huge.ndjson"
    line = b'{"channel": "c", "payload": "' + b"A" * 10_000_000 + b'"}\n'
    capture.write_bytes(line + b'{"channel": "c", "payload": 1}\n')
    found, after = read_source(capture)
    assert isinstance(found, Unreadable) and found.code == "EC707"
    assert found.reason == f"line of {len(line)} bytes is longer than the limit of 1048576"
    assert isinstance(after, Observed) and after.origin.line == 2


def _origin():
    from generator.drift.model import Origin  # noqa: PLC0415

    return Origin("capture.ndjson", 1)


def test_a_wrapped_webhook_delivery_brings_its_path_and_cloudevents_header(tmp_path: Path) -> None:
    capture = tmp_path / "deliveries.ndjson"
    capture.write_text(json.dumps({"path": "/hooks/../inventory", "headers": {"Ce-Type": "inventory.out_of_stock"},
                                   "body": {"data": {"object": ORDER}}}) + "\n")
    (message,) = read_source(capture)
    assert (message.transport, message.channel, message.type_hint) == ("http", "/hooks/../inventory",
                                                                      "inventory.out_of_stock")
    (forced,) = read_source(capture, webhook_path="/inventory")
    assert forced.channel == "/inventory" and forced.document == {"data": {"object": ORDER}}
