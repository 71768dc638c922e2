"""The snippet generator's API: protocol mapping, address resolution, literals, generated examples,
envelopes, template discovery and catalog overrides."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import fastavro
import pytest
from jsonschema import Draft7Validator, Draft202012Validator
from snippet_harness import (
    AVRO_SCHEMA,
    BIN_EXAMPLE,
    BIN_SCHEMA,
    CASES,
    EVENTBRIDGE_ENVELOPE,
    INVENTORY_SCHEMA,
    WEBHOOK_ENVELOPE,
    skip_or_fail,
)

from generator.snippets import (
    ChannelInfo,
    EnvelopeInfo,
    ParameterInfo,
    compose,
    example_from_schema,
    generate,
    literal,
    protocol_of,
    resolve_address,
)


@pytest.mark.parametrize(
    ("protocols", "expected"),
    [
        (("kafka",), "kafka"),
        (("rabbitmq",), "amqp"),
        (("AMQP",), "amqp"),
        (("amqps",), "amqp"),
        (("https",), "http"),
        (("http",), "http"),
        (("eventbridge",), "eventbridge"),
        (("mqtt", "kafka"), "kafka"),  # the first protocol evcat has templates for
        (("mqtt",), None),
        (("amqp1",), None),  # AMQP 1.0: pika and amqplib speak 0-9-1 only
        ((), None),
    ],
)
def test_protocol_of(protocols: tuple[str, ...], expected: str | None) -> None:
    assert protocol_of(ChannelInfo(id="c", address="a", protocols=protocols)) == expected


def test_protocol_of_a_channel_without_protocols_follows_its_binding() -> None:
    channel = ChannelInfo(id="c", address="q", bindings={"amqp": {"exchange": ""}})
    assert protocol_of(channel) == "amqp"


def test_resolve_address() -> None:
    channel = ChannelInfo(
        id="orders-events",
        address="{region}.orders.{env}",
        protocols=("kafka",),
        parameters={"env": ParameterInfo(default="dev"), "region": ParameterInfo()},
    )
    assert resolve_address(channel, {"env": "prod", "region": "eu"}) == ("eu.orders.prod", {})
    assert resolve_address(channel, {"env": "prod"}) == ("{region}.orders.prod", {"region": "ORDERS_EVENTS_REGION"})
    assert resolve_address(replace(channel, address=None), {}) == ("orders-events", {})


def test_unbound_parameter_without_default_is_required(tmp_path: Path) -> None:
    channel = ChannelInfo(
        id="t",
        address="orders.{tenant}",
        protocols=("kafka",),
        parameters={"tenant": ParameterInfo(description="Tenant id")},
    )
    code = next(
        s.code
        for s in generate(
            replace(CASES["kafka-bound"], channel=channel, bound_parameters={}),
            languages=("python",),
            roles=("producer",),
        )
    )
    assert (
        '# Channel parameter {tenant}: Tenant id.\nTENANT = os.environ["T_TENANT"]\nTOPIC = f"orders.{TENANT}"' in code
    )


VALUES = [
    {"quote": 'say "hi"', "backslash": "a\\b", "newline": "x\ny", "unicode": "Grüße ✓", "brace": "{env}"},
    [None, True, False, 0, -1.5, 1e100, [], {}],
    {"nested": {"deeper": [{"k": "v" * 90}]}, "detail-type": "x", "valid_id": 1, "$schema": "s"},
]


@pytest.mark.parametrize("value", VALUES)
def test_python_literal_is_the_value(value: object) -> None:
    assert ast.literal_eval(literal(value, "python")) == value


@pytest.mark.parametrize("value", VALUES)
def test_javascript_literal_is_the_value(value: object, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node is not installed")
    script = f"process.stdout.write(JSON.stringify({literal(value, 'javascript')}));"
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == value


@pytest.mark.parametrize(
    "schema", [INVENTORY_SCHEMA, BIN_SCHEMA, WEBHOOK_ENVELOPE, EVENTBRIDGE_ENVELOPE], ids=["d7", "2020", "hook", "eb"]
)
def test_json_schema_example_is_valid(schema: dict) -> None:
    validator = Draft7Validator if "draft-07" in schema.get("$schema", "") else Draft202012Validator
    validator(schema).validate(example_from_schema(schema, "json-schema"))


def test_json_schema_example_follows_refs_and_combinators() -> None:
    schema = {
        "$defs": {
            "money": {
                "type": "object",
                "required": ["amount"],
                "properties": {"amount": {"type": "number", "minimum": 1}},
            }
        },
        "type": "object",
        "required": ["price", "kind", "tags"],
        "properties": {
            "price": {"$ref": "#/$defs/money"},
            "kind": {"oneOf": [{"const": "a"}, {"const": "b"}]},
            "tags": {"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 2},
        },
    }
    example = example_from_schema(schema, "json-schema")
    assert example == {"price": {"amount": 1}, "kind": "a", "tags": ["user@example.com"] * 2}
    Draft202012Validator(schema).validate(example)


def test_avro_example_is_valid() -> None:
    parsed = fastavro.parse_schema(AVRO_SCHEMA)
    example = example_from_schema(AVRO_SCHEMA, "avro")
    assert fastavro.validation.validate(example, parsed)


def test_generated_payload_is_used_when_there_is_no_example() -> None:
    inp = CASES["kafka-generated"]
    (code,) = [s.code for s in generate(inp, languages=("python",), roles=("producer",))]
    assert '"sku": "AAA-0"' in code  # from the schema's pattern, so it validates


def test_bare_example_on_an_envelope_channel_is_wrapped() -> None:
    inp = replace(CASES["http"], payload=BIN_EXAMPLE)  # the bare payload, not the whole envelope
    (code,) = [s.code for s in generate(inp, languages=("python",), roles=("producer",))]
    assert '"data": {"object": payload}' in code
    assert '"type": "inventory.bin.created"' in code  # the envelope's const, from its schema


def test_unknown_protocol_without_templates_yields_nothing() -> None:
    inp = replace(CASES["kafka-bound"], channel=ChannelInfo(id="m", address="a/b", protocols=("mqtt",)))
    assert generate(inp) == []


def test_titles_tags_and_order() -> None:
    got = [(s.role, s.language, s.variant, s.title, s.lang_tag) for s in generate(CASES["kafka-avro"])]
    assert got[0] == ("producer", "python", None, "Kafka producer — Python (confluent-kafka)", "python")
    assert got[1][:3] == ("producer", "python", "avro")
    assert "Schema Registry" in got[1][3]
    assert [g[:3] for g in got][2:] == [
        ("producer", "javascript", None),
        ("consumer", "python", None),
        ("consumer", "python", "avro"),
        ("consumer", "javascript", None),
    ]
    assert generate(CASES["http"], languages=("python",), roles=("consumer",))[0].role == "consumer"


def test_catalog_templates_override_and_add(tmp_path: Path) -> None:
    kafka = tmp_path / "snippets" / "kafka"
    kafka.mkdir(parents=True)
    # Override: a catalog's own producer, reusing the shipped macros and the computed context.
    (kafka / "python-producer.j2").write_text(
        '{% import "snippets/_python.j2" as m with context %}\n'
        "# house style for {{ message_id }}\n{{ m.address('TOPIC') }}\nPAYLOAD = {{ payload_literal }}\n"
    )
    (kafka / "go-producer.j2").write_text("// {{ address }} {{ payload_json | replace('\\n', '') }}\n")  # new language
    (kafka / "python-consumer-faust.j2").write_text("# faust consumer of {{ address }}\n")  # new variant
    mqtt = tmp_path / "snippets" / "mqtt"
    mqtt.mkdir()
    (mqtt / "python-producer.j2").write_text("# publish to {{ address }}\n")  # new protocol

    inp = CASES["kafka-bound"]
    got = {
        (s.language, s.role, s.variant): s for s in generate(inp, languages=("python", "go"), template_dirs=[tmp_path])
    }
    assert got[("python", "producer", None)].code.startswith("# house style for inventory-adjusted\n")
    assert 'TOPIC = "inventory.prod.events"' in got[("python", "producer", None)].code
    compile(got[("python", "producer", None)].code, "override", "exec")
    assert got[("go", "producer", None)].code.startswith("// inventory.prod.events {")
    assert got[("go", "producer", None)].lang_tag == "go"
    assert got[("python", "consumer", "faust")].code == "# faust consumer of inventory.prod.events\n"
    assert "def parse(" in got[("python", "consumer", None)].code  # not overridden: the shipped one

    mqtt_inp = replace(inp, channel=ChannelInfo(id="m", address="factory/{line}", protocols=("mqtt",)))
    (only,) = generate(mqtt_inp, template_dirs=[tmp_path])
    assert (only.protocol, only.code) == ("mqtt", "# publish to factory/{line}\n")
    assert generate(inp, languages=("go",)) == []  # without the catalog folder there is no Go template


def test_shipped_templates_are_found_without_the_package_mapping() -> None:
    root = compose._shipped_templates_dir()
    assert (root / "snippets" / "kafka" / "python-producer.j2").is_file()


def test_envelope_schema_of_another_dialect_gets_its_own_validator() -> None:
    (code,) = [s.code for s in generate(CASES["http"], languages=("javascript",), roles=("consumer",))]
    assert "new Ajv2020(" in code and "new Ajv(" in code  # payload 2020-12, envelope draft-07
    assert 'import Ajv2020 from "ajv/dist/2020.js";' in code and 'import Ajv from "ajv";' in code


def test_envelope_without_schema_is_built_from_the_pointer() -> None:
    channel = ChannelInfo(
        id="hooks",
        address="https://example.com/h",
        protocols=("http",),
        envelope=EnvelopeInfo(schema=None, payload_pointer="/data"),
    )
    inp = replace(CASES["http"], channel=channel, payload=BIN_EXAMPLE)
    produced = generate(inp, languages=("python",), roles=("producer",))[0].code
    assert 'return {"data": payload}' in produced
