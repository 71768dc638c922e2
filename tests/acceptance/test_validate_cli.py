"""`evcat validate` through click's CliRunner: report formats, output file, colour, severity overrides from
mkdocs.yml, usage errors, `evcat rules`, and conformance on EventCatalog's own example catalogs
(catalog-format.md §10).

The conformance findings of v3-default are a golden file, ``tests/fixtures/conformance/v3-default-findings.txt``
(rewrite it with ``pytest --update-golden`` and review the diff: every line is a claim that the catalog is
wrong there).
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from generator.cli import cli
from generator.diagnostics.codes import RULES

TESTS = Path(__file__).resolve().parents[1]
BAD = TESTS / "fixtures" / "catalogs" / "bad"
GOOD = TESTS / "fixtures" / "catalogs" / "good"
SARIF_SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"
CONFORMANCE = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "eventcatalog"
V3_GOLDEN = TESTS / "fixtures" / "conformance" / "v3-default-findings.txt"
CLEAN_ENV = {"GITHUB_ACTIONS": None, "NO_COLOR": None, "FORCE_COLOR": None}
ESCAPE = "\x1b["
ONE_ERROR = "✖ 1 error in 1 file (3 files checked)"


def run(*args: str, **env: str) -> Result:
    result = CliRunner().invoke(cli, list(args), env={**CLEAN_ENV, **env})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def owner_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the EC201 fixture (one error: owner 'jdeo' at events/OrderPlaced/index.mdx:7:5), as cwd."""
    case = tmp_path / "case"
    shutil.copytree(BAD / "EC201-unknown-owner" / "catalog", case / "catalog")
    monkeypatch.chdir(case)
    return case


@pytest.fixture
def clean_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    case = tmp_path / "clean"
    shutil.copytree(GOOD / "minimal-env-channel" / "catalog", case / "catalog")
    monkeypatch.chdir(case)
    return case


def write_config(case: Path, rules: str) -> None:
    (case / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Orders
        plugins:
          - search
          - evcat:
              catalog: catalog
              rules: {rules}
        """), encoding="utf-8")


# --- Formats -----------------------------------------------------------------------------------------------


def test_text_is_the_default(owner_case: Path) -> None:
    result = run("validate", "catalog")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "catalog/events/OrderPlaced/index.mdx:7:5: error[EC201] unknown owner 'jdeo' in owners",
        "  = hint: did you mean 'jdoe'?",
        "paths are relative to the current folder",
        ONE_ERROR,
    ]


def test_json_contract(owner_case: Path) -> None:
    result = run("validate", "catalog", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert list(report) == ["version", "tool", "base", "summary", "diagnostics"]
    assert report["base"] == str(owner_case / "catalog")  # "file" is relative to it
    assert report["version"] == 1
    assert report["tool"]["name"] == "evcat"
    assert report["summary"] == {"errors": 1, "warnings": 0, "info": 0, "files": 1, "checked_files": 3}
    (finding,) = report["diagnostics"]
    assert set(finding) == {"code", "severity", "message", "file", "line", "column", "pointer", "hint",
                            "related", "rule"}
    assert finding | {"rule": None} == {
        "code": "EC201", "severity": "error", "message": "unknown owner 'jdeo' in owners",
        "file": "events/OrderPlaced/index.mdx", "line": 7, "column": 5, "pointer": None,
        "hint": "did you mean 'jdoe'?", "related": [], "rule": None}
    assert finding["rule"]["slug"] == "unknown-owner"
    assert finding["rule"]["docs"].endswith("#ec201-unknown-owner")


def test_json_of_a_clean_catalog(clean_case: Path) -> None:
    result = run("validate", "catalog", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["diagnostics"] == []
    assert report["summary"]["errors"] == 0


def test_junit_parses_with_a_failure_per_finding(owner_case: Path) -> None:
    result = run("validate", "catalog", "--format", "junit")
    assert result.exit_code == 1
    root = etree.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["events/OrderPlaced/index.mdx"]
    (failure,) = cases[0].findall("failure")
    assert failure.get("type") == "EC201"
    assert "jdeo" in failure.get("message")


def test_sarif_validates_against_the_schema(owner_case: Path) -> None:
    result = run("validate", "catalog", "--format", "sarif")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    (run_,) = report["runs"]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} == set(RULES)
    (found,) = run_["results"]
    assert found["ruleId"] == "EC201"
    region = found["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (7, 5)


def test_github_annotations(owner_case: Path) -> None:
    result = run("validate", "catalog", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=catalog/events/OrderPlaced/index.mdx,line=7,col=5,title=EC201::"
        "unknown owner 'jdeo' in owners%0Ahint: did you mean 'jdoe'?",
        ONE_ERROR,
    ]


def test_github_is_picked_inside_github_actions(owner_case: Path) -> None:
    explicit = run("validate", "catalog", "--format", "github")
    automatic = run("validate", "catalog", GITHUB_ACTIONS="true")
    assert automatic.exit_code == 1
    assert automatic.stdout == explicit.stdout
    assert run("validate", "catalog", "--format", "text", GITHUB_ACTIONS="true").stdout.startswith(
        "catalog/events/")


def test_output_file_gets_the_report_and_stderr_the_summary(owner_case: Path) -> None:
    target = owner_case / "reports" / "evcat.json"
    result = run("validate", "catalog", "--format", "json", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == ONE_ERROR
    assert json.loads(target.read_text(encoding="utf-8"))["diagnostics"][0]["code"] == "EC201"


# --- Colour ------------------------------------------------------------------------------------------------


def test_no_color_environment_gives_plain_text(owner_case: Path) -> None:
    result = run("validate", "catalog", NO_COLOR="1")
    assert ESCAPE not in result.stdout
    assert "error[EC201]" in result.stdout


def test_force_color_paints_even_without_a_terminal(owner_case: Path) -> None:
    result = run("validate", "catalog", FORCE_COLOR="1")
    assert "\x1b[1;31merror[EC201]\x1b[0m" in result.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", result.stdout) == run("validate", "catalog").stdout


def test_no_color_flag_beats_force_color(owner_case: Path) -> None:
    assert ESCAPE not in run("validate", "catalog", "--no-color", FORCE_COLOR="1").stdout


def test_colour_never_goes_into_an_output_file(owner_case: Path) -> None:
    target = owner_case / "report.txt"
    run("validate", "catalog", "--output", str(target), FORCE_COLOR="1")
    assert ESCAPE not in target.read_text(encoding="utf-8")


# --- Severity overrides from mkdocs.yml --------------------------------------------------------------------


def test_override_turns_an_error_into_a_warning(owner_case: Path) -> None:
    write_config(owner_case, "{EC201: warning}")
    result = run("validate", "catalog")
    assert result.exit_code == 0
    assert "warning[EC201]" in result.stdout
    assert run("validate", "catalog", "--strict").exit_code == 1


def test_override_silences_a_family(owner_case: Path) -> None:
    write_config(owner_case, "{EC2: off}")
    result = run("validate", "catalog")
    assert result.exit_code == 0
    assert result.stdout.startswith("✔ no problems found")


def test_code_override_wins_over_family(owner_case: Path) -> None:
    write_config(owner_case, "{EC2: off, EC201: error}")
    assert run("validate", "catalog").exit_code == 1


def test_override_applies_to_the_catalog_given_on_the_command_line(owner_case: Path) -> None:
    write_config(owner_case, "{EC201: info}")
    assert run("validate", "catalog", "--strict").exit_code == 0


@pytest.mark.parametrize(("rules", "message"), [
    ("{EC999: warning}", "evcat: error: rules: 'EC999' is not a rule code or family (see `evcat rules`)"),
    ("{EC201: fatal}", "evcat: error: rules: EC201: unknown severity 'fatal'; use error, warning, info or off"),
])
def test_invalid_override_is_a_usage_error(owner_case: Path, rules: str, message: str) -> None:
    write_config(owner_case, rules)
    result = run("validate", "catalog")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [message]


def test_missing_catalog_folder_is_a_usage_error(owner_case: Path) -> None:
    result = run("validate", "no-such-catalog")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["evcat: error: catalog folder 'no-such-catalog' does not exist"]


def test_explicit_config_that_does_not_exist_is_a_usage_error(owner_case: Path) -> None:
    result = run("validate", "catalog", "--config", "missing.yml")
    assert result.exit_code == 2
    assert "missing.yml does not exist" in result.stderr


# --- Files that exist but cannot be read, envelopes that cannot be used -----------------------------------


def test_unreadable_index_files_are_reported(owner_case: Path) -> None:
    events = owner_case / "catalog" / "events"
    (events / "OrderShipped" / "index.mdx").mkdir(parents=True)  # a folder named like the file
    (events / "OrderCancelled").mkdir()
    (events / "OrderCancelled" / "index.mdx").symlink_to("OrderCancelled.mdx")  # nothing there
    (events / "OrderPlaced" / "changelog.mdx").symlink_to("/etc/hostname")  # outside the catalog
    result = run("validate", "catalog", "--format", "json")
    found = {d["file"]: (d["code"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]
             if d["code"] in ("EC001", "EC009", "EC010")}
    assert found == {
        "events/OrderShipped/index.mdx": ("EC010", "cannot read file: it is a folder, not a regular file"),
        "events/OrderCancelled/index.mdx":
            ("EC001", "cannot read file: it is a broken symbolic link to 'OrderCancelled.mdx'"),
        "events/OrderPlaced/changelog.mdx":
            ("EC009", "cannot read file: it is a symbolic link to '/etc/hostname', outside the catalog folder"),
    }


@pytest.mark.parametrize(("envelope", "message"), [
    ("x-envelope: eventbridge", "x-envelope must be a mapping, not str; it is ignored"),
    ("x-envelope:\n  payload: /detail/payload", "x-envelope has no schemaPath; the envelope is ignored"),
    ("x-envelope:\n  schemaPath: envelope.json\n  payloadPointer: /detail",
     "x-envelope has no payload; the envelope is ignored"),
])
def test_unusable_envelopes_are_reported(owner_case: Path, envelope: str, message: str) -> None:
    channel = owner_case / "catalog" / "channels" / "orders-bus" / "index.mdx"
    channel.parent.mkdir(parents=True)
    channel.write_text(f"---\nid: orders-bus\nname: Orders bus\nversion: 1.0.0\n{envelope}\n---\n",
                       encoding="utf-8")
    found = [d for d in json.loads(run("validate", "catalog", "--format", "json").stdout)["diagnostics"]
             if d["code"] == "EC308"]
    assert [d["message"] for d in found] == [message]
    assert found[0]["file"] == "channels/orders-bus/index.mdx"


# --- evcat rules -------------------------------------------------------------------------------------------


def test_rules_lists_every_code() -> None:
    result = run("rules")
    assert result.exit_code == 0
    listed = dict(re.findall(r"^\s+(EC\d{3})\s+\w+\s+(\S+)", result.stdout, re.MULTILINE))
    assert listed == {code: rule.slug for code, rule in RULES.items()}


def test_rules_as_json() -> None:
    result = run("rules", "--json")
    assert [r["code"] for r in json.loads(result.stdout)] == list(RULES)


# --- Conformance: EventCatalog's own example catalogs ------------------------------------------------------


def _conformance(name: str) -> Path:
    catalog = CONFORMANCE / name
    if not catalog.is_dir():
        pytest.skip(f"conformance catalog {catalog} is not available (it lives in shared/conformance beside "
                    "the project)")
    return catalog


@pytest.fixture(scope="module")
def v3_findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    catalog = _conformance("v3-default")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("cwd"))  # no ./mkdocs.yml may change the settings
        result = run("validate", str(catalog), "--format", "json")
    assert result.exit_code == 1
    return json.loads(result.stdout)["diagnostics"]


def _line(d: dict) -> str:
    where = d["file"] + (f":{d['line']}" if d["line"] else "") + (f":{d['column']}" if d["column"] else "")
    return f"{where}: {d['severity']}[{d['code']}] {d['message']}"


def _where(findings: list[dict], code: str, folder: str, text: str = "") -> list[dict]:
    return [d for d in findings if d["code"] == code and f"/{folder}/" in f"/{d['file']}" and text in d["message"]]


def test_v3_findings_match_the_reviewed_list(v3_findings: list[dict], request: pytest.FixtureRequest) -> None:
    text = "".join(_line(d) + "\n" for d in v3_findings)
    if request.config.getoption("--update-golden"):
        V3_GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        V3_GOLDEN.write_text(text, encoding="utf-8")
    assert text == V3_GOLDEN.read_text(encoding="utf-8")


def test_v3_examples_missing_required_fields(v3_findings: list[dict]) -> None:
    shipment = _where(v3_findings, "EC401", "ShipmentCreated/examples", "'address' is a required property")
    assert sorted(d["file"].rsplit("/", 1)[1] for d in shipment) == ["multi-package.json", "single-package.json"]
    cancelled = _where(v3_findings, "EC401", "OrderCancelled/examples", "'totalAmount' is a required property")
    assert sorted(d["file"].rsplit("/", 1)[1] for d in cancelled) == [
        "customer-request.json", "out-of-stock.json", "payment-failed.json"]


def test_v3_enum_case_mismatch(v3_findings: list[dict]) -> None:
    (found,) = _where(v3_findings, "EC401", "PaymentProcessed/examples", "'credit_card' is not one of")
    assert "'CreditCard'" in found["message"]
    assert found["file"].endswith("successful-payment.json")
    assert found["line"] is not None


def test_v3_thirteen_json_examples_fail_their_schema(v3_findings: list[dict]) -> None:
    """catalog-format.md §8: of 24 JSON examples that have a JSON Schema, 13 fail it."""
    failing = {d["file"] for d in v3_findings
               if d["code"] == "EC401" and "/examples/" in d["file"] and ".json'" in d["message"]
               and "does not match 'schema.json'" in d["message"]}
    assert len(failing) == 13


def test_v3_missing_schema_files(v3_findings: list[dict]) -> None:
    missing = {d["file"].split("/")[-2] for d in v3_findings if d["code"] == "EC301"}
    assert missing == {"InventoryGenerated", "DeleteInventory"}


def test_v3_dangling_pointers(v3_findings: list[dict]) -> None:
    messages = {(d["file"].split("/")[-2], re.search(r"'(\w+)'", d["message"]).group(1))
                for d in v3_findings if d["code"] == "EC202"}
    assert messages == {("InventoryService", "UserSignedUp"), ("NotificationService", "NotificationSent")}
    owners = {re.search(r"'([\w-]+)'", d["message"]).group(1) for d in v3_findings if d["code"] == "EC201"}
    assert owners == {"inventory-team", "orders-team", "fulfillment-team", "payments-team"}
    assert all("/flows/" in d["file"] for d in v3_findings if d["code"] == "EC201")


def test_v3_staging_binding_outside_the_enum(v3_findings: list[dict]) -> None:
    versioned = _where(v3_findings, "EC209", "InventoryService/versioned/0.0.1", "value 'staging'")
    assert {re.search(r"channel '([^']+)'", d["message"]).group(1) for d in versioned} == {
        "orders.{env}.events", "inventory.{env}.events"}
    assert all("dev, sit, prod" in d["message"] for d in versioned)


def test_v3_inventory_adjusted_examples_fail_the_employee_schema(v3_findings: list[dict]) -> None:
    found = [d for d in v3_findings if "InventoryAdjusted/examples/" in d["file"]]
    assert {d["file"].rsplit("/", 1)[1] for d in found} == {"stock-decrease.json", "stock-increase.json"}
    assert {d["code"] for d in found} == {"EC401", "EC402"}
    assert all("Tutorialspoint.Employee" in d["message"] for d in found)
    assert any("missing required field 'Name'" in d["message"] for d in found)


def test_v3_data_product_outputs_count_as_producers(v3_findings: list[dict]) -> None:
    """OrderMetricsCalculated is published by the order-analytics data product (its ``outputs``)."""
    assert not [d for d in v3_findings if d["code"] == "EC210" and "OrderMetricsCalculated" in d["message"]]


def test_v4_has_no_reference_errors_nor_schema_or_example_errors(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = _conformance("v4-default")
    monkeypatch.chdir(tmp_path)
    result = run("validate", str(catalog), "--format", "json")
    report = json.loads(result.stdout)
    found = report["diagnostics"]
    assert not [_line(d) for d in found if d["code"].startswith("EC2")]
    assert not [_line(d) for d in found if d["code"][:3] in ("EC3", "EC4") and d["severity"] == "error"]
    assert report["summary"]["errors"] == 0, [_line(d) for d in found if d["severity"] == "error"][:10]
    assert result.exit_code == 0
