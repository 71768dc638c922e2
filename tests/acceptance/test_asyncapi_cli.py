"""evcat import asyncapi / export asyncapi, driven through the CLI on the conformance documents."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.asyncapi.source import load_source
from generator.cli import cli
from tests.acceptance.asyncapi_specs import validator_3_0

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "asyncapi"
# The README marks every document valid except adeo-kafka-request-reply @ 3.0.0 (a kafka binding oneOf clash).
VALID = sorted([p for p in CONFORMANCE.glob("*.y*ml") if "adeo-kafka-request-reply" not in p.name]
               + [CONFORMANCE / "website-adeo" / "asyncapi.yaml"])


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def x_keys(node) -> set[str]:
    if isinstance(node, dict):
        return {k for k in node if str(k).startswith("x-")} | set().union(*map(x_keys, node.values()))
    if isinstance(node, list):
        return set().union(set(), *map(x_keys, node))
    return set()


@pytest.fixture(scope="module")
def validator():
    return validator_3_0()


@pytest.mark.skipif(not CONFORMANCE.is_dir(), reason="conformance documents not present")
@pytest.mark.parametrize("document", VALID, ids=lambda p: p.name)
def test_round_trip_keeps_addresses_parameters_payloads_examples_and_extensions(document, tmp_path, validator):
    catalog = tmp_path / "catalog"
    imported = run("import", "asyncapi", str(document), str(catalog))
    assert imported.exit_code == 0, imported.output
    assert "wrote services/" in imported.output
    validated = run("validate", str(catalog), "--no-color")
    assert validated.exit_code == 0, validated.output  # warnings only (e.g. a message nobody sends)

    service = next((catalog / "services").iterdir()).name
    exported = run("export", "asyncapi", service, str(catalog))
    assert exported.exit_code == 0, exported.output
    out = yaml.safe_load(exported.output)
    errors = sorted(validator.iter_errors(out), key=str)
    assert not errors, errors[0].message

    source = load_source(document)
    original = source.resolved(source.document)
    out_addresses = sorted(str(c["address"]) for c in out["channels"].values())
    if original["asyncapi"].startswith("2."):
        assert out_addresses == sorted(original["channels"])
    else:
        assert out_addresses == sorted(str(c.get("address")) for c in original["channels"].values())
        for key, channel in original["channels"].items():
            assert sorted(out["channels"][key].get("parameters", {})) == sorted(channel.get("parameters", {}))
        for key, message in original.get("components", {}).get("messages", {}).items():
            exported_message = out["components"]["messages"][key]
            assert exported_message.get("payload") == message.get("payload")
            assert [e.get("payload") for e in exported_message.get("examples", [])] == \
                   [e.get("payload") for e in message.get("examples", [])]
    assert x_keys(source.document) <= x_keys(out)

    # a second cycle (import the export, export again) gives the same bytes
    (tmp_path / "exported.yaml").write_text(exported.output)
    assert run("import", "asyncapi", str(tmp_path / "exported.yaml"), str(tmp_path / "again")).exit_code == 0
    assert run("export", "asyncapi", service, str(tmp_path / "again")).output == exported.output


def test_export_to_a_json_file(tmp_path, validator):
    catalog = tmp_path / "catalog"
    run("import", "asyncapi", str(CONFORMANCE / "spec-v3.0.0_websocket-gemini-asyncapi.yml"), str(catalog))
    service = next((catalog / "services").iterdir()).name
    result = run("export", "asyncapi", service, str(catalog), "--output", str(tmp_path / "out.json"))
    assert result.exit_code == 0
    assert not list(validator.iter_errors(json.loads((tmp_path / "out.json").read_text())))


def test_v2_publish_means_the_service_receives(tmp_path):
    catalog = tmp_path / "catalog"
    result = run("import", "asyncapi", str(CONFORMANCE / "spec-v2.6.0_streetlights-kafka.yml"), str(catalog))
    assert "'publish' = the service receives" in result.output
    front = yaml.safe_load((catalog / "services" / "Streetlights-Kafka-API" / "index.mdx").read_text()
                           .split("---")[1])
    assert [m["id"] for m in front["receives"]] == ["lightMeasured"]  # the 2.6 file's only `publish`
    assert {m["id"] for m in front["sends"]} == {"turnOnOff", "dimLight"}


def test_dry_run_writes_nothing(tmp_path):
    result = run("import", "asyncapi", str(CONFORMANCE / "spec-v3.0.0_rpc-server-asyncapi.yml"),
                 str(tmp_path / "catalog"), "--dry-run")
    assert result.exit_code == 0
    assert "would write services/RPC-Server-Example/index.mdx" in result.output
    assert not (tmp_path / "catalog").exists()


DOC = """asyncapi: 3.0.0
info: {{title: Orders, version: '{version}'}}
channels:
  orders:
    address: orders.{{env}}
    parameters: {{env: {{enum: [dev, prod]}}}}
    messages:
      created: {{$ref: '#/components/messages/OrderCreated'}}
      {extra_ref}
operations:
  publishCreated:
    action: send
    channel: {{$ref: '#/channels/orders'}}
components:
  messages:
    OrderCreated:
      payload: {{type: object, properties: {{id: {{type: {id_type}}}}}}}
      examples: [{{name: one, payload: {{id: {example}}}}}]
    {extra}
"""


def write_doc(folder: Path, version: str, id_type: str = "string", example: str = "'a'", extra: bool = True):
    path = folder / "orders.yaml"
    path.write_text(DOC.format(version=version, id_type=id_type, example=example,
                               extra_ref="cancelled: {$ref: '#/components/messages/OrderCancelled'}" if extra else "",
                               extra="OrderCancelled: {payload: {type: object}}" if extra else ""))
    return path


def test_reimport_versions_changed_messages_and_reports_removed_ones(tmp_path):
    catalog = tmp_path / "catalog"
    first = run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0")), str(catalog))
    assert first.exit_code == 0, first.output
    again = run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0")), str(catalog))
    assert "unchanged events/OrderCreated (1.0.0)" in again.output and "wrote" not in again.output

    newer = run("import", "asyncapi", str(write_doc(tmp_path, "2.0.0", "integer", "1", extra=False)), str(catalog))
    assert newer.exit_code == 0, newer.output
    assert "versioned events/OrderCreated: 1.0.0 -> 2.0.0" in newer.output
    assert "removed from the document: message OrderCancelled" in newer.output
    assert (catalog / "events/OrderCreated/versioned/1.0.0/schema.json").read_text().count('"string"') == 1
    assert '"integer"' in (catalog / "events/OrderCreated/schema.json").read_text()
    assert (catalog / "events/OrderCancelled/index.mdx").is_file()  # kept, not silently deleted
    assert "versioned channels/orders: 1.0.0 -> 2.0.0" in newer.output  # it lost a message
    assert run("validate", str(catalog)).exit_code == 0


def test_changed_message_with_the_same_version_is_not_overwritten(tmp_path):
    catalog = tmp_path / "catalog"
    run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0")), str(catalog))
    schema = catalog / "events/OrderCreated/schema.json"
    before = schema.read_text()
    result = run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0", "integer", "1")), str(catalog))
    assert "not imported: events/OrderCreated changed but its version 1.0.0 did not" in result.output
    assert schema.read_text() == before


HOSTILE = """asyncapi: 3.0.0
info: {title: '<script>alert(1)</script>', version: 1.0.0, description: '<script>x</script> \"\"\"'}
channels:
  '../../escape':
    address: '../<script>'
    messages:
      '""\"': {$ref: '#/components/messages/..~1..~1evil'}
operations:
  op:
    action: receive
    channel: {$ref: '#/channels/..~1..~1escape'}
components:
  messages:
    ../../evil:
      name: '<script>'
      payload: {type: object}
"""


def test_hostile_names_become_safe_folders_inside_the_catalog(tmp_path):
    (tmp_path / "doc.yaml").write_text(HOSTILE)
    catalog = tmp_path / "sub" / "catalog"
    result = run("import", "asyncapi", str(tmp_path / "doc.yaml"), str(catalog))
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert all(p == "doc.yaml" or p.startswith("sub/catalog/") for p in written), written
    assert (catalog / "events" / "evil" / "index.mdx").is_file()
    assert (catalog / "channels" / "escape" / "index.mdx").is_file()
    body = (catalog / "services" / "script-alert-1-script" / "index.mdx").read_text()
    assert "<script>" not in body.split("---", 2)[2]  # the description is shown as text
    assert run("validate", str(catalog)).exit_code == 0


def test_alias_bomb_is_refused(tmp_path):
    lines = ["asyncapi: 3.0.0", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    result = run("import", "asyncapi", str(tmp_path / "bomb.yaml"), str(tmp_path / "catalog"))
    assert result.exit_code == 1
    assert "EC005" in result.output and "alias bomb" in result.output
    assert not (tmp_path / "catalog").exists()


def test_ref_outside_the_document_folder_is_refused(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (tmp_path / "secret.json").write_text('{"type": "string"}')
    doc = DOC.format(version="1.0.0", id_type="string", example="'a'", extra_ref="", extra="")
    doc = doc.replace("{type: object, properties: {id: {type: string}}}", "{$ref: '../../etc/passwd'}")
    (folder / "orders.yaml").write_text(doc.replace("examples: [{name: one, payload: {id: 'a'}}]", ""))
    result = run("import", "asyncapi", str(folder / "orders.yaml"), str(tmp_path / "catalog"))
    assert result.exit_code == 1
    assert "EC009" in result.output and "../../etc/passwd" in result.output
    assert "nothing written" in result.output and not (tmp_path / "catalog").exists()


def test_remote_ref_is_reported_and_never_fetched(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the import opened a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    doc = DOC.format(version="1.0.0", id_type="string", example="'a'", extra_ref="", extra="")
    doc = doc.replace("{type: object, properties: {id: {type: string}}}",
                      "{$ref: 'https://example.com/schemas/order.json'}")
    (tmp_path / "orders.yaml").write_text(doc)
    result = run("import", "asyncapi", str(tmp_path / "orders.yaml"), str(tmp_path / "catalog"))
    assert result.exit_code == 0, result.output
    assert "warning[EC305] remote $ref 'https://example.com/schemas/order.json' not fetched" in result.output
    front = (tmp_path / "catalog/events/OrderCreated/index.mdx").read_text()
    assert "https://example.com/schemas/order.json" in front  # kept as written for the export


def test_unchanged_messages_keep_their_version_when_the_document_version_moves(tmp_path):
    catalog = tmp_path / "catalog"
    run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0")), str(catalog))
    result = run("import", "asyncapi", str(write_doc(tmp_path, "1.1.0")), str(catalog))
    assert "unchanged events/OrderCreated (1.0.0)" in result.output
    assert "versioned services/Orders: 1.0.0 -> 1.1.0" in result.output
    assert "version: 1.0.0" in (catalog / "events/OrderCreated/index.mdx").read_text()
    assert run("validate", str(catalog)).exit_code == 0


def test_an_interrupted_versioning_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    catalog = tmp_path / "catalog"
    run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0")), str(catalog))
    before = {p.relative_to(catalog): p.read_bytes() for p in catalog.rglob("*") if p.is_file()}
    real_write = Path.write_text

    def fail_on_schema(self, *args, **kwargs):
        if self.name == "schema.json":
            raise OSError("disk full")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", fail_on_schema)
    with pytest.raises(OSError):
        run("import", "asyncapi", str(write_doc(tmp_path, "2.0.0", "integer", "1")), str(catalog))
    monkeypatch.undo()
    after = {p.relative_to(catalog): p.read_bytes() for p in catalog.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in catalog.rglob(".evcat-*")]


def test_message_type_hint_makes_commands_and_an_unknown_one_is_reported(tmp_path):
    doc = DOC.format(version="1.0.0", id_type="string", example="'a'",
                     extra_ref="cancel: {$ref: '#/components/messages/CancelOrder'}",
                     extra="CancelOrder: {x-eventcatalog-message-type: command, payload: {type: object}}\n"
                           "    Odd: {x-eventcatalog-message-type: rumour, payload: {type: object}}")
    (tmp_path / "orders.yaml").write_text(doc)
    result = run("import", "asyncapi", str(tmp_path / "orders.yaml"), str(tmp_path / "catalog"))
    assert (tmp_path / "catalog/commands/CancelOrder/index.mdx").is_file()
    assert "x-eventcatalog-message-type 'rumour' is not event, command or query" in result.output
    assert result.exit_code == 1  # reported as an error, but not an abort:
    assert (tmp_path / "catalog/events/Odd/index.mdx").is_file()


def test_v2_client_perspective_flips_the_direction(tmp_path):
    catalog = tmp_path / "catalog"
    run("import", "asyncapi", str(CONFORMANCE / "spec-v2.6.0_streetlights-kafka.yml"), str(catalog),
        "--v2-perspective", "client")
    front = yaml.safe_load((catalog / "services" / "Streetlights-Kafka-API" / "index.mdx").read_text()
                           .split("---")[1])
    assert [m["id"] for m in front["sends"]] == ["lightMeasured"]


def test_avro_files_beside_the_document_are_inlined(tmp_path, validator):
    import fastavro  # noqa: PLC0415

    folder = tmp_path / "adeo"
    folder.mkdir()
    for avsc in (CONFORMANCE / "website-adeo").glob("*.avsc"):
        (folder / avsc.name).write_bytes(avsc.read_bytes())
    text = (CONFORMANCE / "website-adeo" / "asyncapi.yaml").read_text()
    import re  # noqa: PLC0415

    (folder / "asyncapi.yaml").write_text(re.sub(r"https://[^'\"\s]*/(\w+\.avsc)", r"./\1", text))
    catalog = tmp_path / "catalog"
    result = run("import", "asyncapi", str(folder / "asyncapi.yaml"), str(catalog))
    assert result.exit_code == 0 and "EC305" not in result.output, result.output
    schemas = sorted(catalog.glob("events/*/schema.avsc"))
    assert schemas
    for schema in schemas:
        fastavro.parse_schema(json.loads(schema.read_text()))
    service = next((catalog / "services").iterdir()).name
    out = yaml.safe_load(run("export", "asyncapi", service, str(catalog)).output)
    assert not list(validator.iter_errors(out))
    payloads = [m["payload"] for m in out["components"]["messages"].values() if "payload" in m]
    assert any(p["schemaFormat"].startswith("application/vnd.apache.avro") and p["schema"]["type"] == "record"
               for p in payloads)


def test_export_of_an_unknown_service_is_a_usage_error(tmp_path):
    run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0")), str(tmp_path / "catalog"))
    result = run("export", "asyncapi", "Nope", str(tmp_path / "catalog"))
    assert result.exit_code == 2 and "no service 'Nope'" in result.output


def test_export_of_a_hand_written_service(tmp_path, validator):
    """The example catalog's services were never imported: operations come from sends/receives."""
    catalog = Path(__file__).resolve().parents[2] / "catalog"
    result = run("export", "asyncapi", "InventoryService", str(catalog))
    assert result.exit_code == 0, result.output
    out = yaml.safe_load(result.output)
    assert not list(validator.iter_errors(out)), best(validator, out)
    assert any("{env}" in str(c["address"]) for c in out["channels"].values())


def best(validator, document) -> str:
    from jsonschema.exceptions import best_match  # noqa: PLC0415

    error = best_match(validator.iter_errors(document))
    return f"{list(error.absolute_path)}: {error.message}" if error else ""


def test_a_key_with_no_usable_characters_is_refused(tmp_path):
    (tmp_path / "doc.yaml").write_text("asyncapi: 3.0.0\ninfo: {title: T, version: 1.0.0}\n"
                                       "channels: {c: {address: c, messages: {'\"\"\"': {payload: {type: string}}}}}\n")
    result = run("import", "asyncapi", str(tmp_path / "doc.yaml"), str(tmp_path / "catalog"))
    assert result.exit_code == 1
    assert "error[EC112] the message key '\"\"\"' leaves no usable id" in result.output
    assert not (tmp_path / "catalog").exists()


def test_a_json_document_imports_like_its_yaml_twin(tmp_path):
    yaml_doc = CONFORMANCE / "spec-v3.0.0_streetlights-kafka-asyncapi.yml"
    (tmp_path / "doc.json").write_text(json.dumps(yaml.safe_load(yaml_doc.read_text())))
    from_yaml = run("import", "asyncapi", str(yaml_doc), str(tmp_path / "a"))
    from_json = run("import", "asyncapi", str(tmp_path / "doc.json"), str(tmp_path / "b"))
    assert from_json.exit_code == 0
    assert from_json.output == from_yaml.output
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    for name in files:
        if name.name != "index.mdx" or "services" not in name.parts:  # the service names its source file
            assert (tmp_path / "b" / name).read_text() == (tmp_path / "a" / name).read_text()


def test_a_catalog_folder_linking_outside_is_not_written_through(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "events").symlink_to(outside, target_is_directory=True)
    result = run("import", "asyncapi", str(write_doc(tmp_path, "1.0.0")), str(catalog))
    assert "error[EC009] not imported: events/OrderCreated/index.mdx: it is in a folder that links outside" \
        in result.output
    assert result.exit_code == 1
    assert list(outside.iterdir()) == []
