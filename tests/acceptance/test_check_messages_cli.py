"""`evcat check-messages` through the real CLI, on captures built from the example catalog's channels.

The Kafka captures carry the catalog's own examples (good) and altered copies (drifted); the EventBridge
capture is the seed's inventory events in their `detail` envelopes; the webhook capture the seed's
delivery bodies.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "catalog"
EVENTS = CATALOG / "domains/Inventory/services/InventoryService/events"
DRIFT_CATALOG = REPO / "tests/fixtures/catalogs/bad/EC703-payload-mismatch/catalog"
CLEAN_ENV = {"GITHUB_ACTIONS": None, "NO_COLOR": None, "FORCE_COLOR": None}


def example(message: str, name: str, version: str | None = None) -> dict:
    folder = EVENTS / message / (f"versioned/{version}" if version else "")
    return json.loads((folder / "examples" / f"{name}.json").read_text(encoding="utf-8"))


def kcat_line(topic: str, payload: object, offset: int, headers: list[str] | None = None) -> str:
    return json.dumps({"topic": topic, "partition": 0, "offset": offset, "tstype": "create", "ts": 1750232535000,
                       "broker": 1, "headers": headers, "key": "TSH-ORG-BLK-M", "payload": json.dumps(payload)})


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["check-messages", *args], env=CLEAN_ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def as_json(*args: str) -> dict:
    result = run(*args, "--format", "json")
    return json.loads(result.stdout)


@pytest.fixture
def kafka_capture(tmp_path: Path) -> Path:
    """Good and drifted messages on the inventory Kafka topics, as `kcat -C -J` writes them."""
    adjusted = example("InventoryAdjusted", "goods-received")
    teleported = {**adjusted, "reason": "TELEPORTED"}
    missing = {k: v for k, v in adjusted.items() if k != "sku"}
    lines = [
        kcat_line("inventory.prod.events", adjusted, 0),
        kcat_line("inventory.prod.events", example("OutOfStock", "oversold"), 1),
        kcat_line("inventory.staging.events", example("InventoryAdjusted", "unit-sold", "0.0.1"), 2),
        kcat_line("inventory.prod.events", teleported, 3),
        kcat_line("inventory.prod.events", missing, 4),
        kcat_line("orders.prod.events", adjusted, 5),
    ]
    capture = tmp_path / "inventory.kcat.ndjson"
    capture.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return capture


def test_kafka_capture_reports_each_kind_of_drift_at_its_line(kafka_capture: Path) -> None:
    report = as_json(str(CATALOG), str(kafka_capture))
    found = {(d["line"], d["code"], d["pointer"]) for d in report["diagnostics"]}
    assert found == {
        (3, "EC704", None),  # a 0.0.1 InventoryAdjusted: the producer lags behind 1.0.1
        (4, "EC705", "/reason"),
        (5, "EC703", "/"),  # a missing field is reported on its object
        (6, "EC701", None),
    }
    assert {d["file"] for d in report["diagnostics"]} == {str(kafka_capture)}
    missing = next(d for d in report["diagnostics"] if d["code"] == "EC703")
    assert "'sku'" in missing["message"] and "InventoryAdjusted' 1.0.1" in missing["message"]
    lagging = next(d for d in report["diagnostics"] if d["code"] == "EC704")
    assert "[inventory.staging.events/0/2]" in lagging["message"] and "not the latest 1.0.1" in lagging["message"]


def test_the_summary_counts_each_catalog_message_in_json_and_on_the_terminal(kafka_capture: Path) -> None:
    messages = as_json(str(CATALOG), str(kafka_capture))["messages"]
    rows = {row["id"]: row for row in messages["catalog"]}
    assert set(rows) == {"InventoryAdjusted", "OutOfStock"}
    assert (rows["InventoryAdjusted"]["seen"], rows["InventoryAdjusted"]["conforming"],
            rows["InventoryAdjusted"]["failing"]) == (4, 2, 2)
    assert rows["InventoryAdjusted"]["versions_matched"]["0.0.1"] == 1
    assert rows["OutOfStock"]["versions_matched"]["0.0.4"] == 1
    assert (messages["total"], messages["undocumented"], messages["unreadable"]) == (6, 1, 0)
    never = {entry["id"] for entry in messages["never_seen"]}
    assert "BinCreated" in never and "OutOfStock" not in never

    text = run(str(CATALOG), str(kafka_capture)).stdout
    assert text.splitlines()[0].split() == ["message", "seen", "ok", "failing", "versions", "matched"]
    assert any(line.split()[:5] == ["event", "InventoryAdjusted", "4", "2", "2"] for line in text.splitlines())
    assert "info: never seen in this sample" in text and "event BinCreated" in text
    assert text.splitlines()[-1].startswith("✖ 3 errors, 1 warning")


def test_exit_codes_are_those_of_validate(tmp_path: Path, kafka_capture: Path) -> None:
    good = tmp_path / "good.ndjson"
    good.write_text(kcat_line("inventory.prod.events", example("InventoryAdjusted", "goods-received"), 0) + "\n")
    assert run(str(CATALOG), str(good)).exit_code == 0
    assert run(str(CATALOG), str(kafka_capture)).exit_code == 1
    lagging = tmp_path / "lagging.ndjson"
    lagging.write_text(kcat_line("inventory.dev.events", example("InventoryAdjusted", "unit-sold", "0.0.1"), 0))
    assert run(str(CATALOG), str(lagging)).exit_code == 0
    assert run(str(CATALOG), str(lagging), "--strict").exit_code == 1
    assert run(str(CATALOG)).exit_code == 2
    assert run(str(CATALOG), str(tmp_path / "missing.ndjson")).exit_code == 2
    assert "--amqp needs --exchange" in run(str(CATALOG), "--amqp", "amqp://localhost").stderr


def test_seed_eventbridge_events_are_checked_inside_their_detail_envelope(tmp_path: Path) -> None:
    seeds = [example("BinCreated", "picking-bin-envelope"), example("BinItemCreated", "lot-tracked-envelope"),
             example("TransactionCreated", "transfer-pending-envelope")]
    rezoned = copy.deepcopy(seeds[0])
    rezoned["detail"]["payload"]["zone"] = "<script>alert(1)</script>"
    no_account = copy.deepcopy(seeds[1])
    del no_account["account"]
    capture = tmp_path / "eventbridge.json"
    capture.write_text(json.dumps([*seeds, rezoned, no_account], indent=2), encoding="utf-8")
    report = as_json(str(CATALOG), str(capture))
    found = {(d["code"], d["pointer"]) for d in report["diagnostics"]}
    assert found == {("EC705", "/detail/payload/zone"), ("EC703", "/")}
    envelope = next(d for d in report["diagnostics"] if d["code"] == "EC703")
    assert "envelope 'EventBridge event'" in envelope["message"] and "'account' is a required" in envelope["message"]
    rows = {row["id"]: row for row in report["messages"]["catalog"]}
    assert (rows["BinCreated"]["seen"], rows["BinCreated"]["failing"]) == (2, 1)
    assert rows["TransactionCreated"]["conforming"] == 1


def test_eventbridge_detail_type_the_bus_does_not_document_is_an_undocumented_message(tmp_path: Path) -> None:
    event = example("BinCreated", "picking-bin-envelope")
    event["detail-type"] = "inventory.bin.exploded"
    event["detail"]["payload"] = {"boom": True}
    capture = tmp_path / "eventbridge.ndjson"
    capture.write_text(json.dumps(event) + "\n")
    (finding,) = as_json(str(CATALOG), str(capture))["diagnostics"]
    assert finding["code"] == "EC702" and "'inventory.bin.exploded'" in finding["message"]
    assert "channel 'inventory-events'" in finding["message"]


def test_webhook_deliveries_in_a_folder_are_matched_by_their_path(tmp_path: Path) -> None:
    folder = tmp_path / "deliveries"
    shutil.copytree(EVENTS / "InventoryOutOfStockWebhook" / "examples", folder,
                    ignore=shutil.ignore_patterns("inventory-item.json", "*.yaml"))
    broken = json.loads((folder / "delivery.json").read_text())
    broken["data"]["object"]["quantityOnHand"] = "none"
    (folder / "zz-broken.json").write_text(json.dumps(broken, indent=2))
    report = as_json(str(CATALOG), str(folder), "--webhook-path", "/inventory")
    assert [(Path(d["file"]).name, d["code"], d["pointer"]) for d in report["diagnostics"]] == [
        ("zz-broken.json", "EC703", "/data/object/quantityOnHand")]
    (row,) = report["messages"]["catalog"]
    assert (row["id"], row["seen"], row["conforming"]) == ("InventoryOutOfStockWebhook", 3, 2)
    elsewhere = as_json(str(CATALOG), str(folder), "--webhook-path", "/hooks/../payments")
    assert {d["code"] for d in elsewhere["diagnostics"]} == {"EC701"}


def test_amqp_routing_keys_bind_channel_parameters(tmp_path: Path) -> None:
    capture = tmp_path / "plain.ndjson"
    payload = json.loads((EVENTS / "InventoryBinCreated/examples/new-bin.json").read_text())
    capture.write_text("\n".join(json.dumps(r) for r in [
        {"channel": "inventory.bin.created", "payload": payload},
        {"channel": "inventory.bin.deleted", "payload": payload},
    ]) + "\n")
    report = as_json(str(CATALOG), str(capture))
    rows = {row["id"]: row for row in report["messages"]["catalog"]}
    assert (rows["InventoryBinCreated"]["seen"], rows["InventoryBinCreated"]["conforming"]) == (1, 1)
    # `inventory.bin.deleted` binds action=deleted: the created payload is checked against InventoryBinDeleted
    assert (rows["InventoryBinDeleted"]["seen"], rows["InventoryBinDeleted"]["failing"]) == (1, 1)
    assert {(d["line"], d["code"]) for d in report["diagnostics"]} == {(2, "EC703")}


@pytest.mark.parametrize("format_name", ["text", "json", "junit", "sarif", "github"])
def test_every_report_format_carries_the_findings(kafka_capture: Path, format_name: str) -> None:
    result = run(str(CATALOG), str(kafka_capture), "--format", format_name)
    assert result.exit_code == 1
    out = result.stdout
    assert "EC701" in out and "EC705" in out
    if format_name == "junit":
        etree.fromstring(out.encode())
    elif format_name in ("json", "sarif"):
        json.loads(out)
    if format_name != "text":
        assert "InventoryAdjusted" in result.stderr.splitlines()[2]  # the table goes to the terminal


def test_json_without_check_messages_has_no_messages_key(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(DRIFT_CATALOG), "--format", "json"], env=CLEAN_ENV)
    assert "messages" not in json.loads(result.stdout)


def test_report_file_is_written_and_the_table_stays_on_the_terminal(tmp_path: Path, kafka_capture: Path) -> None:
    out = tmp_path / "reports" / "drift.json"
    result = run(str(CATALOG), str(kafka_capture), "--format", "json", "-o", str(out))
    assert json.loads(out.read_text())["messages"]["total"] == 6
    assert "InventoryAdjusted" in result.stderr and result.stdout == ""
    assert not [p for p in out.parent.iterdir() if p.name != "drift.json"]


# --- Hostile input -----------------------------------------------------------------------------------------


def test_hostile_topics_and_types_are_quoted_and_never_crash(tmp_path: Path) -> None:
    hostile = ['<script>alert(1)</script>', '"""; import os; """', "../../etc/passwd", "inventory.{env}.events"]
    capture = tmp_path / "hostile.ndjson"
    lines = [kcat_line(name, {"type": name}, i, headers=["ce_type", name]) for i, name in enumerate(hostile)]
    lines.append(json.dumps({"channel": "inventory.prod.events", "type": "<img src=x onerror=alert(1)>",
                             "payload": {"type": "../x"}}))
    capture.write_text("\n".join(lines) + "\n")
    report = as_json(str(CATALOG), str(capture))
    codes = [d["code"] for d in report["diagnostics"]]
    assert codes.count("EC701") == 3  # '{env}' is not a value: braces are not in [^./]+
    assert "EC702" in codes
    injected = tmp_path / "injected.ndjson"
    injected.write_text(kcat_line("x\n::warning file=evil.py::pwned", {}, 0) + "\n")
    github = run(str(CATALOG), str(injected), "--format", "github").stdout
    assert [line.split(" ", 1)[0] for line in github.splitlines() if line.startswith("::")] == ["::error"]
    text = run(str(CATALOG), str(injected)).stdout
    assert "[x\\n::warning file=evil.py::pwned/0/0]" in text and "\n::warning" not in text
    sarif = json.loads(run(str(CATALOG), str(capture), "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"]


def test_alias_bomb_in_the_yaml_catalog_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DRIFT_CATALOG, catalog)
    team = catalog / "teams" / "orders-team.mdx"
    bomb = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] +
                     [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                      f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
                      for i in range(8)])
    team.write_text(team.read_text().replace("---\n", "---\n" + bomb + "\n", 1))
    capture = tmp_path / "capture.ndjson"
    capture.write_text(kcat_line("orders.prod.events", {"orderId": "1", "customerId": "2", "totalAmount": 1,
                                                        "salesChannel": "web"}, 0) + "\n")
    report = as_json(str(catalog), str(capture))
    assert any(d["code"] == "EC005" and "alias" in d["message"] for d in report["diagnostics"])
    assert report["messages"]["catalog"][0]["conforming"] == 1


def test_a_ten_megabyte_line_is_reported_and_the_next_line_still_checked(tmp_path: Path) -> None:
    capture = tmp_path / "huge.ndjson"
    with capture.open("w") as out:
        out.write(kcat_line("inventory.prod.events", {"note": "x" * 10_000_000}, 0) + "\n")
        out.write(kcat_line("inventory.prod.events", example("InventoryAdjusted", "goods-received"), 1) + "\n")
    report = as_json(str(CATALOG), str(capture))
    assert [(d["line"], d["code"]) for d in report["diagnostics"]] == [(1, "EC707")]
    assert report["messages"]["unreadable"] == 1 and report["messages"]["total"] == 2


def test_remote_refs_in_a_schema_are_refused_not_fetched(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(DRIFT_CATALOG, catalog)
    schema = catalog / "events" / "OrderPlaced" / "schema.json"
    data = json.loads(schema.read_text())
    data["properties"]["customerId"] = {"$ref": "http://127.0.0.1:9/customer.json"}
    schema.write_text(json.dumps(data))
    capture = tmp_path / "capture.ndjson"
    capture.write_text(kcat_line("orders.prod.events", {"orderId": "1", "customerId": "2", "totalAmount": 1,
                                                        "salesChannel": "web"}, 0) + "\n")
    result = run(str(catalog), str(capture), "--format", "json")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output


# --- Live AMQP: what needs no broker (tests/unit/snippets/test_check_messages_broker.py has the real one) ---


def test_amqp_without_pika_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pika", None)  # `import pika` now raises ImportError
    result = run(str(CATALOG), "--amqp", "amqp://localhost", "--exchange", "ecomm")
    assert result.exit_code == 2
    assert "--amqp needs the pika package: pip install 'evcat[amqp]'" in result.stderr


def test_an_unreachable_broker_is_a_usage_error_without_the_password() -> None:
    pytest.importorskip("pika")
    result = run(str(CATALOG), "--amqp", "amqp://guest:s3cret@127.0.0.1:1/%2F", "--exchange", "ecomm",
                 "--timeout", "1")
    assert result.exit_code == 2
    assert "cannot sample exchange 'ecomm' at amqp://guest:***@127.0.0.1:1/%2F" in result.stderr
    assert "s3cret" not in result.output


def test_an_empty_catalog_is_refused_before_any_sampling(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "channels").mkdir(parents=True)
    result = run("--catalog", str(empty), "--amqp", "amqp://guest:guest@127.0.0.1:1/%2F", "--exchange", "x")
    assert result.exit_code == 2 and "no catalog resources found" in result.stderr
    assert "cannot sample" not in result.stderr


def test_text_report_file_keeps_its_summary_line_on_the_terminal(tmp_path: Path, kafka_capture: Path) -> None:
    out = tmp_path / "drift.txt"
    result = run(str(CATALOG), str(kafka_capture), "-o", str(out))
    assert out.read_text().splitlines()[-1] == result.stderr.splitlines()[-1]
    assert result.stderr.splitlines()[-1].startswith("✖ 3 errors, 1 warning")
