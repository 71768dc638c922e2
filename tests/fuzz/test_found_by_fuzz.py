"""Crashes the pipeline fuzz found, each as its smallest reproducer: a good fixture catalog with one file
changed. Each asserts what the user sees instead of the crash: a diagnostic on the file."""

from __future__ import annotations

import json

from catalog_mutations import Files, base_catalogs
from pipeline_run import Ran, run_pipeline

BASES = base_catalogs()
HUGE_NUMBER = "9" * 5000  # beyond Python's 4,300-digit limit for reading an integer from text


def changed(base: str, **files: str) -> Files:
    """The fixture catalog ``base`` with the files given (path with ``/`` spelled ``__``) replaced."""
    copy = dict(BASES[base])
    copy.update({path.replace("__", "/"): text.encode() for path, text in files.items()})
    return copy


def findings(ran: Ran, file: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in ran.diagnostics if d.file == file]


def test_an_example_with_a_5000_digit_number_is_a_syntax_finding() -> None:
    example = "events/ShipmentBooked/examples/home-delivery.json"
    ran = run_pipeline(changed("json-schema-local-ref", **{example.replace("/", "__"): '{"n": ' + HUGE_NUMBER + "}"}))
    found = findings(ran, example)
    assert found and all("more than 4300 digits" in message for _, message in found), found
    assert ran.diagnostics.errors >= 1


def test_a_schema_with_a_5000_digit_number_is_a_syntax_finding() -> None:
    schema = "events/ShipmentBooked/schema.json"
    text = '{"type": "object", "properties": {"n": {"type": "integer", "maximum": ' + HUGE_NUMBER + "}}}"
    ran = run_pipeline(changed("json-schema-local-ref", **{schema.replace("/", "__"): text}))
    found = findings(ran, schema)
    assert found and any("more than 4300 digits" in message for _, message in found), found
    assert "events/ShipmentBooked/index.md" in ran.pages  # the page is still built, with the finding on it


def test_required_holding_objects_does_not_break_the_code_snippets() -> None:
    """``required`` of the channel's envelope schema with an object among the names: the schema is reported,
    the message page (whose snippets fill the envelope around the payload) is built."""
    envelope_path = "channels/orders-bus/eventbridge-envelope.schema.json"
    envelope = json.loads(BASES["eventbridge-envelope"][envelope_path])
    envelope["required"] = [{"type": "<script>"}, "source"]
    ran = run_pipeline(changed("eventbridge-envelope", **{envelope_path.replace("/", "__"): json.dumps(envelope)}))
    assert findings(ran, envelope_path), "the malformed required list is reported"
    assert "events/OrderPlaced/index.md" in ran.pages



def test_an_envelope_schema_that_is_a_list_does_not_break_the_code_snippets() -> None:
    """The channel's envelope schema is a JSON array, not an object: reported, and the page still built."""
    envelope_path = "channels/orders-bus/eventbridge-envelope.schema.json"
    ran = run_pipeline(changed("eventbridge-envelope", **{envelope_path.replace("/", "__"): "[[1]]"}))
    assert findings(ran, envelope_path), "the envelope schema that is not an object is reported"
    assert "events/OrderPlaced/index.md" in ran.pages



def test_a_schema_nested_900_levels_deep_does_not_break_the_code_snippets() -> None:
    """Python reads it, but walking it recursively would pass the recursion limit: the page and its
    snippets are still built."""
    schema_path = "events/OrderPlaced/schema.json"
    deep = '{"a": ' * 900 + "1" + "}" * 900
    ran = run_pipeline(changed("eventbridge-envelope", **{schema_path.replace("/", "__"): deep}))
    assert "events/OrderPlaced/index.md" in ran.pages
    # Unknown keywords are valid JSON Schema, so the schema itself is no finding; no snippet failed either.
    assert not list(ran.page_problems)


def test_frontmatter_with_a_5000_digit_number_is_a_finding() -> None:
    page = "events/OrderPlaced/index.mdx"
    text = BASES["avro-versions"][page].decode().replace("---\n", f"---\nbig: {HUGE_NUMBER}\n", 1)
    ran = run_pipeline(changed("avro-versions", **{page.replace("/", "__"): text}))
    assert findings(ran, page), "the unreadable number is reported on the page's file"


def test_frontmatter_with_an_impossible_date_is_a_finding() -> None:
    page = "events/OrderPlaced/index.mdx"
    text = BASES["avro-versions"][page].decode().replace("---\n", "---\ndate: 2024-13-45\n", 1)
    ran = run_pipeline(changed("avro-versions", **{page.replace("/", "__"): text}))
    assert findings(ran, page), "the impossible date is reported on the page's file"


def test_a_5000_character_id_is_a_finding_not_a_crash() -> None:
    page = "events/OrderPlaced/index.mdx"
    text = BASES["avro-versions"][page].decode().replace("id: OrderPlaced", "id: " + "y" * 5000, 1)
    ran = run_pipeline(changed("avro-versions", **{page.replace("/", "__"): text}))
    assert findings(ran, page), "the over-long id is reported on the page's file"


def test_an_envelope_schema_whose_properties_is_not_a_mapping_still_builds_the_snippets() -> None:
    """`"properties": true` in the channel's envelope schema: validate reports the schema; the snippet
    code that fills per-message envelope fields must not take it for a mapping."""
    from generator.snippets.envelopes import _dynamic_fields

    assert _dynamic_fields({"detail": {"id": "x"}}, {"properties": True}, {}) == {"detail": {"id": "x"}}
