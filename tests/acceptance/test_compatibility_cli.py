"""`evcat validate` checks pairs of message versions under the compatibility mode (EC5xx), through the CLI.

Catalogs are written at test time: one event with a few versions, a producer and consumers pinned in
different ways. The example catalog and EventCatalog's conformance catalogs are checked when present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO.parent / "shared" / "conformance" / "eventcatalog"
CLEAN_ENV = {"GITHUB_ACTIONS": None, "NO_COLOR": None, "FORCE_COLOR": None}
EVENT_DIR = "domains/Orders/services/OrdersService/events/OrderPlaced"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(body: str = "Text.", **fields) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n\n" + body + "\n"


def make_catalog(root: Path, versions: dict[str, dict], consumers: dict[str, str], mode: str | None = None,
                 schema_file: str = "schema.json", **extra) -> Path:
    """An Orders domain whose OrdersService sends OrderPlaced in ``versions`` (version -> JSON Schema);
    ``consumers`` maps a service name to the version or range it receives. ``extra`` goes into the
    frontmatter of the latest version."""
    catalog = root / "catalog"
    write(catalog / "users/jdoe.mdx", page(id="jdoe", name="Jane Doe"))
    services = [{"id": "OrdersService"}] + [{"id": name} for name in consumers]
    write(catalog / "domains/Orders/index.mdx", page(id="Orders", name="Orders", version="1.0.0",
                                                     summary="Orders.", owners=["jdoe"], services=services))
    write(catalog / "domains/Orders/services/OrdersService/index.mdx", page(
        id="OrdersService", name="Orders service", version="1.0.0", summary="Sends.", owners=["jdoe"],
        sends=[{"id": "OrderPlaced", "version": "latest"}]))
    for name, wanted in consumers.items():
        write(catalog / f"domains/Orders/services/{name}/index.mdx", page(
            id=name, name=name, version="1.0.0", summary="Reads.", owners=["jdoe"],
            receives=[{"id": "OrderPlaced", "version": wanted}]))
    ordered = list(versions)
    for version, schema in versions.items():
        latest = version == ordered[-1]
        folder = catalog / EVENT_DIR if latest else catalog / EVENT_DIR / "versioned" / version
        fields = dict(id="OrderPlaced", name="Order placed", version=version, summary="An order.",
                      owners=["jdoe"], schemaPath=schema_file, **(extra if latest else {}))
        write(folder / "index.mdx", page(**fields))
        write(folder / schema_file, json.dumps(schema, indent=2))
    if mode:
        write(root / "mkdocs.yml", f"site_name: t\nplugins:\n  - evcat:\n      compatibility: {mode}\n")
    return root


def schema(*required: str, extra: dict | None = None, closed: bool = True) -> dict:
    properties = {"orderId": {"type": "string"}, "total": {"type": "number"}, **(extra or {})}
    return {"type": "object", "properties": properties, "required": ["orderId", *required],
            "additionalProperties": not closed}


CURRENCY = {"currency": {"type": "string", "enum": ["EUR", "USD"]}}


def validate(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, ["validate", "catalog", *args], env=CLEAN_ENV)


def findings(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    result = validate(root, monkeypatch, "--format", "json")
    return [d for d in json.loads(result.stdout)["diagnostics"] if d["code"].startswith("EC5")]


def test_a_break_with_a_minor_bump_is_an_error_naming_the_bump_and_the_consumers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"1.0.0": schema(), "1.1.0": schema("currency", extra=CURRENCY)},
                        {"ShippingService": "^1.0.0", "BillingService": "1.0.0", "AuditService": "^2.0.0"})
    result = validate(root, monkeypatch, "--no-color")
    assert result.exit_code == 1
    assert (f"{EVENT_DIR}/index.mdx:4:10: error[EC501] event 'OrderPlaced' 1.1.0 breaks BACKWARD compatibility "
            "with 1.0.0 with only a minor bump; it requires a major bump:") in result.stdout
    assert "consumers hit: ShippingService 1.0.0 (domain Orders) via '^1.0.0'" in result.stdout
    assert "BillingService" not in result.stdout.split("consumers hit:")[1].split("\n")[0]
    assert "release it as 2.0.0 (a major bump)" in result.stdout
    assert "= see also: catalog/domains/Orders/services/ShippingService/index.mdx:9:" in result.stdout


def test_a_major_bump_allows_the_break_and_a_range_below_it_is_not_hit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"1.0.0": schema(), "1.1.0": schema(), "2.0.0": schema("currency", extra=CURRENCY)},
                        {"ShippingService": "^1.0.0", "AnalyticsService": "latest"})
    result = validate(root, monkeypatch, "--no-color", "--strict")
    assert result.exit_code == 0, result.stdout
    (finding,) = findings(root, monkeypatch)
    assert finding["code"] == "EC502" and finding["severity"] == "info"
    assert "consumers hit: AnalyticsService 1.0.0 (domain Orders) via 'latest'" in finding["message"]
    assert "ShippingService" not in finding["message"]


def test_zero_major_versions_may_break_with_a_minor_bump_not_a_patch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"0.1.0": schema(), "0.2.0": schema("currency", extra=CURRENCY),
                                   "0.2.1": schema("currency", "note", extra={**CURRENCY, "note": {"type": "string"}})},
                        {})
    codes = [(d["code"], d["file"].split("/")[-2]) for d in findings(root, monkeypatch)]
    assert codes == [("EC501", "OrderPlaced"), ("EC502", "0.2.0")]


def test_transitive_mode_checks_every_earlier_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 1.1.0 adds `note` with a default; 1.2.0 drops the default: it reads 1.1.0 records, not 1.0.0's.
    def record(*note: dict) -> dict:
        return {"type": "record", "name": "OrderPlaced", "fields": [{"name": "orderId", "type": "string"}, *note]}
    versions = {"1.0.0": record(), "1.1.0": record({"name": "note", "type": "string", "default": ""}),
                "1.2.0": record({"name": "note", "type": "string"})}
    plain = make_catalog(tmp_path / "plain", versions, {}, mode="BACKWARD", schema_file="schema.avsc")
    assert findings(plain, monkeypatch) == []
    transitive = make_catalog(tmp_path / "transitive", versions, {}, mode="BACKWARD_TRANSITIVE",
                              schema_file="schema.avsc")
    (finding,) = findings(transitive, monkeypatch)
    assert finding["code"] == "EC501"
    assert finding["message"].startswith("event 'OrderPlaced' 1.2.0 breaks BACKWARD_TRANSITIVE compatibility with "
                                         "1.0.0 with only a minor bump")


def test_per_message_mode_beats_the_catalog_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    versions = {"1.0.0": schema(), "1.1.0": schema("currency", extra=CURRENCY)}
    root = make_catalog(tmp_path, versions, {}, mode="FULL", **{"x-compatibility": "none"})
    assert findings(root, monkeypatch) == []


def test_forward_mode_checks_old_readers_on_new_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    widened = {"1.0.0": schema(extra=CURRENCY),
               "1.1.0": schema(extra={"currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]}})}
    assert findings(make_catalog(tmp_path / "backward", widened, {}, mode="BACKWARD"), monkeypatch) == []
    (finding,) = findings(make_catalog(tmp_path / "forward", widened, {}, mode="FORWARD"), monkeypatch)
    assert finding["code"] == "EC501" and "ENUM_ARRAY_EXTENDED" in finding["message"]


def test_a_major_bump_with_documentation_only_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    documented = {**schema(), "description": 'Placed. <script>alert(1)</script> """'}
    root = make_catalog(tmp_path, {"1.0.0": schema(), "2.0.0": documented}, {})
    (finding,) = findings(root, monkeypatch)
    assert finding["code"] == "EC503" and finding["severity"] == "warning"
    assert finding["hint"].startswith("a minor or patch bump (1.0.1)")


def test_an_unknown_mode_is_reported_and_the_catalog_mode_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    versions = {"1.0.0": schema(), "1.1.0": schema("currency", extra=CURRENCY)}
    root = make_catalog(tmp_path, versions, {}, **{"x-compatibility": "<script>"})
    assert [d["code"] for d in findings(root, monkeypatch)] == ["EC501", "EC504"]


def test_a_stable_first_major_with_the_same_schema_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"0.9.0": schema(), "1.0.0": {**schema(), "title": "Order placed"}}, {})
    assert findings(root, monkeypatch) == []


def test_a_mode_made_of_an_alias_bomb_is_one_short_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"1.0.0": schema()}, {})
    index = root / "catalog" / EVENT_DIR / "index.mdx"
    # 100,000 values: inside the YAML bounds (a bigger bomb is refused as EC005 before any rule runs).
    bomb = "x-a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"x-{i}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(4))
    index.write_text(index.read_text(encoding="utf-8").replace("schemaPath:", bomb + "x-compatibility: *e\nschemaPath:"),
                     encoding="utf-8")
    (finding,) = findings(root, monkeypatch)
    assert finding["code"] == "EC504" and len(finding["message"]) < 300


def test_hostile_consumer_names_are_reported_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"1.0.0": schema(), "1.1.0": schema("currency", extra=CURRENCY)},
                        {"Shipping": "^1.0.0"})
    service = root / "catalog/domains/Orders/services/Shipping/index.mdx"
    service.write_text(service.read_text(encoding="utf-8").replace("name: Shipping", "name: '<script>\"\"\"../'"),
                       encoding="utf-8")
    (finding,) = findings(root, monkeypatch)
    assert "consumers hit: <script>\"\"\"../ 1.0.0 (domain Orders) via '^1.0.0'" in finding["message"]


def test_every_reporter_shows_the_consumers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"1.0.0": schema(), "1.1.0": schema("currency", extra=CURRENCY)},
                        {"ShippingService": "^1.0.0"})
    for report in ("text", "json", "github", "junit", "sarif"):
        output = validate(root, monkeypatch, "--format", report, "--no-color").stdout
        assert "ShippingService 1.0.0" in output, report


def test_the_parallel_run_finds_the_same_pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.catalog.load import load_catalog
    from generator.rules.checks import run_checks

    root = make_catalog(tmp_path, {"1.0.0": schema(), "1.1.0": schema("currency", extra=CURRENCY)}, {})
    catalog = load_catalog(root / "catalog").catalog
    one = sorted(d.sort_key for d in run_checks(catalog, workers=1) if d.code.startswith("EC5"))
    monkeypatch.setattr("generator.parallel.MIN_ITEMS", 1)
    two = sorted(d.sort_key for d in run_checks(catalog, workers=2) if d.code.startswith("EC5"))
    assert one == two and len(one) == 1


# --- real catalogs ------------------------------------------------------------------------------------------


def json_findings(catalog: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict]:
    monkeypatch.chdir(tmp_path)  # no ./mkdocs.yml: the default BACKWARD mode
    result = CliRunner().invoke(cli, ["validate", str(catalog), "--format", "json"], env=CLEAN_ENV)
    return [d for d in json.loads(result.stdout)["diagnostics"] if d["code"].startswith("EC5")]


def test_example_catalog_inventory_adjusted_break_is_honest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["validate", "--strict", "--format", "json"], env=CLEAN_ENV)
    assert result.exit_code == 0, result.stdout
    (finding,) = json.loads(result.stdout)["diagnostics"]
    assert finding["code"] == "EC502" and finding["file"].endswith("InventoryAdjusted/versioned/1.0.0/index.mdx")
    assert "with 0.1.0, as its major bump allows" in finding["message"]
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in finding["message"] and "adjustmentId" in finding["message"]
    assert "consumers hit: Orders Service 3.2.0 via '^1.0.0'" in finding["message"]


def _conformance(name: str) -> Path:
    catalog = CONFORMANCE / name
    if not catalog.is_dir():
        pytest.skip(f"conformance catalog {catalog} is absent (it lives in shared/conformance beside the project)")
    return catalog


def test_v3_delivery_failed_patch_break_and_honest_major(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = json_findings(_conformance("v3-default"), monkeypatch, tmp_path)
    assert [(d["code"], d["file"].split("/DeliveryFailed/")[1]) for d in found] == [
        ("EC502", "index.mdx"), ("EC501", "versioned/0.0.2/index.mdx")]
    assert "TYPE_CHANGED" in found[1]["message"] and "requires a minor bump" in found[1]["message"]


def test_v4_order_created_breaks_are_allowed_by_its_bumps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = json_findings(_conformance("v4-default"), monkeypatch, tmp_path)
    created = [d for d in found if "/OrderCreated/" in d["file"]]
    assert [(d["code"], d["message"].split(":")[0]) for d in created] == [
        ("EC502", "event 'order-created' 1.0.0 breaks BACKWARD compatibility with 0.6.0, as its major bump allows"),
        ("EC502", "event 'order-created' 0.6.0 breaks BACKWARD compatibility with 0.3.0, as its minor bump allows")]
