"""Frontmatter splitting, safe YAML with 1-based positions in file coordinates, and EC00x problems."""

from __future__ import annotations

import pickle

import pytest

from generator.catalog.frontmatter import Document, Span, decode, load_yaml, parse_document, positions_of
from generator.catalog.model import Pointer
from generator.diagnostics import Location, Severity

SERVICE = """\
---
id: OrderService
name: Order service
version: 1.0.0
sends:
  - id: OrderCreated
    version: ^1.0.0
    to:
      - id: orders.{env}.events
        parameters:
          env: dev
owners:
  - dboyne
  - full-stack
---

# Order service

Body text.
"""


@pytest.fixture
def doc() -> Document:
    result = parse_document("services/OrderService/index.mdx", SERVICE)
    assert result.diagnostics == ()
    assert result.document is not None
    return result.document


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


# --- data and positions -------------------------------------------------------------------------------


def test_data_is_loaded_as_plain_python(doc):
    assert doc.data["id"] == "OrderService"
    assert doc.data["sends"][0]["to"][0]["parameters"] == {"env": "dev"}
    assert doc.data["owners"] == ["dboyne", "full-stack"]
    assert doc.path == "services/OrderService/index.mdx"


def test_top_level_key_and_value_positions_are_one_based_file_coordinates(doc):
    # Line 1 is the opening fence, so `id:` sits on file line 2.
    assert doc.positions[("id",)] == Span(key=(2, 1), value=(2, 5))
    assert doc.positions[("name",)] == Span(key=(3, 1), value=(3, 7))
    assert doc.positions[("version",)] == Span(key=(4, 1), value=(4, 10))


def test_nested_keys_have_positions(doc):
    assert doc.positions[("sends", 0, "version")] == Span(key=(7, 5), value=(7, 14))
    assert doc.positions[("sends", 0, "to", 0, "parameters", "env")] == Span(key=(11, 11), value=(11, 16))


def test_list_items_have_value_positions_and_no_key(doc):
    assert doc.positions[("owners", 0)] == Span(key=None, value=(13, 5))
    assert doc.positions[("owners", 1)] == Span(key=None, value=(14, 5))
    assert doc.positions[("sends", 0)].key is None


def test_deep_list_value_position_via_where(doc):
    # sends[0].to[0].id: the value `orders.{env}.events` starts at column 13 of line 9.
    assert doc.where("sends", 0, "to", 0, "id", value=True) == Location(doc.path, 9, 13)
    assert SERVICE.splitlines()[8][12:] == "orders.{env}.events"


def test_where_gives_key_position_unless_value_requested(doc):
    assert doc.where("version") == Location(doc.path, 4, 1)
    assert doc.where("version", value=True) == Location(doc.path, 4, 10)


def test_where_on_list_item_returns_value_position_even_without_value_flag(doc):
    assert doc.where("owners", 1) == Location(doc.path, 14, 5)


def test_where_falls_back_to_nearest_ancestor(doc):
    assert doc.where("sends", 0, "to", 0, "missing") == Location(doc.path, 9, 9)
    assert doc.where("sends", 5, "id") == Location(doc.path, 5, 1)


def test_where_for_unknown_top_level_key_falls_back_to_the_frontmatter_start(doc):
    assert doc.where("nothing") == Location(doc.path, 2, 1)
    assert doc.where() == Location(doc.path, 2, 1)


def test_body_and_body_line(doc):
    assert doc.body_line == 16
    assert SERVICE.splitlines()[doc.body_line - 1] == ""
    assert doc.body.startswith("\n# Order service\n")
    assert doc.body.endswith("Body text.\n")


def test_body_line_is_the_line_after_the_closing_fence():
    result = parse_document("x.mdx", "---\nid: a\n---\nfirst body line\n")
    assert result.document.body_line == 4
    assert result.document.body == "first body line\n"


def test_documents_compare_by_content_not_positions():
    a = Document("a.mdx", {"id": "a"}, "", 4, "id: a\n", 1)
    b = Document("a.mdx", {"id": "a"}, "", 4, "\nid:   a\n", 1)
    assert a == b and a.positions != b.positions
    assert a != Document("a.mdx", {"id": "b"}, "", 4)


def test_positions_are_worked_out_only_when_asked_for():
    doc = parse_document("x.mdx", SERVICE).document
    assert "positions" not in vars(doc)
    location = doc.where_later("sends", 0, "version", value=True)
    assert "positions" not in vars(doc)
    assert location == Location("x.mdx", 7, 14) and location.file == "x.mdx"
    assert (location.line, location.column) == (7, 14)
    assert "positions" in vars(doc)


def test_a_later_location_travels_between_processes_with_its_document():
    doc = parse_document("x.mdx", SERVICE).document
    pointer = Pointer("OrderPlaced", "1.0.0", doc.where_later("sends", 0, "id", value=True), "sends.0")
    copy = pickle.loads(pickle.dumps((doc, pointer)))
    assert copy[1].location.document is copy[0]
    assert copy[1] == pointer and copy[1].location.resolved() == Location("x.mdx", 6, 9)


def test_empty_frontmatter_is_an_empty_mapping_without_problems():
    result = parse_document("x.mdx", "---\n---\nbody\n")
    assert result.diagnostics == ()
    assert result.document.data == {}
    assert result.document.body == "body\n"


def test_file_without_frontmatter_allowed_when_not_required():
    result = parse_document("changelog.mdx", "# Changes\n", require_frontmatter=False)
    assert result.diagnostics == ()
    assert result.document.data == {}
    assert result.document.body == "# Changes\n"
    assert result.document.body_line == 1


def test_load_yaml_and_positions_without_offset_use_text_coordinates():
    text = "a.json:\n  name: A\n"
    data, problems = load_yaml("examples/examples.config.yaml", text)
    assert problems == ()
    assert data == {"a.json": {"name": "A"}}
    assert positions_of(text)[("a.json", "name")] == Span(key=(2, 3), value=(2, 9))
    assert positions_of(text, 4)[("a.json", "name")] == Span(key=(6, 3), value=(6, 9))
    assert positions_of("a: [") == {}


# --- problems -----------------------------------------------------------------------------------------


def test_missing_fence_is_ec003_at_line_1():
    result = parse_document("events/A/index.mdx", "id: A\nname: A\n")
    assert result.document is None
    [problem] = result.diagnostics
    assert (problem.code, problem.severity, problem.file, problem.line, problem.column) == (
        "EC003", Severity.ERROR, "events/A/index.mdx", 1, 1)
    assert "---" in problem.hint


def test_empty_file_is_ec003():
    assert codes(parse_document("x.mdx", "")) == ["EC003"]


def test_unclosed_fence_is_ec004():
    result = parse_document("events/A/index.mdx", "---\nid: A\nname: A\n\n# body\n")
    assert result.document is None
    [problem] = result.diagnostics
    assert (problem.code, problem.line, problem.column) == ("EC004", 1, 1)
    assert "never closed" in problem.message


def test_yaml_error_reports_problem_position_in_file_coordinates():
    text = "---\nid: A\nname: [a\nversion: 1.0.0\n---\n"
    result = parse_document("events/A/index.mdx", text)
    assert result.document is None
    [problem] = result.diagnostics
    assert problem.code == "EC005"
    assert problem.message.startswith("invalid YAML:")
    # The parser notices the problem at the ':' of `version:` on file line 4, column 8.
    assert (problem.file, problem.line, problem.column) == ("events/A/index.mdx", 4, 8)
    assert text.splitlines()[3][7] == ":"


def test_yaml_indentation_error_points_at_the_offending_line():
    text = "---\nid: a\n  bad: indent\nname: x\n---\n"
    [problem] = parse_document("x.mdx", text).diagnostics
    assert (problem.code, problem.line, problem.column) == ("EC005", 3, 6)
    assert "mapping values are not allowed" in problem.message


def test_yaml_tab_error_position():
    [problem] = parse_document("x.mdx", "---\nid: a\nk: v\tx: y\n---\n").diagnostics
    assert (problem.code, problem.line) == ("EC005", 3)


def test_yaml_python_tags_are_refused_not_executed():
    result = parse_document("x.mdx", "---\nid: !!python/object/apply:os.system ['true']\n---\n")
    assert result.document is None
    assert codes(result) == ["EC005"]
    assert result.diagnostics[0].line == 2


def test_duplicate_key_is_ec006_with_line_and_last_value_kept():
    text = "---\nid: first\nname: A\nid: second\n---\n"
    result = parse_document("x.mdx", text)
    [problem] = result.diagnostics
    assert (problem.code, problem.line, problem.column) == ("EC006", 4, 1)
    assert "duplicate key 'id'" in problem.message
    assert "first on line 2" in problem.message
    # The document is still usable; YAML semantics keep the last value.
    assert result.document.data["id"] == "second"


def test_duplicate_nested_key_is_reported_at_its_line():
    text = "---\nid: a\nsends:\n  - id: X\n    version: 1.0.0\n    version: 2.0.0\n---\n"
    [problem] = parse_document("x.mdx", text).diagnostics
    assert (problem.code, problem.line, problem.column) == ("EC006", 6, 5)
    assert "first on line 5" in problem.message


@pytest.mark.parametrize(("yaml_text", "kind"), [("- a\n- b\n", "list"), ("just text\n", "str"),
                                                 ("42\n", "int")])
def test_non_mapping_frontmatter_is_ec008(yaml_text, kind):
    result = parse_document("x.mdx", f"---\n{yaml_text}---\n")
    assert result.document is None
    [problem] = result.diagnostics
    assert (problem.code, problem.line) == ("EC008", 2)
    assert f"frontmatter is a {kind}" in problem.message


# --- decoding -----------------------------------------------------------------------------------------


def test_decode_rejects_non_utf8_with_ec002_and_line():
    raw = b"---\nid: a\nname: caf\xe9\n---\n"
    text, problem = decode("events/A/index.mdx", raw)
    assert text is None
    assert (problem.code, problem.file, problem.line) == ("EC002", "events/A/index.mdx", 3)
    assert "0xe9" in problem.message
    assert problem.hint == "save the file as UTF-8"


def test_decode_accepts_utf8_and_strips_bom():
    raw = "\ufeff---\nid: café\n---\n".encode()
    text, problem = decode("x.mdx", raw)
    assert problem is None
    assert text == "---\nid: café\n---\n"
    assert parse_document("x.mdx", text).document.data == {"id": "café"}


def test_bom_before_fence_is_tolerated_end_to_end():
    text, _ = decode("x.mdx", b"\xef\xbb\xbf---\nid: a\n---\n")
    result = parse_document("x.mdx", text)
    assert result.diagnostics == ()
    assert result.document.positions[("id",)] == Span(key=(2, 1), value=(2, 5))


def test_crlf_line_endings():
    text = "---\r\nid: a\r\nname: b\r\nowners:\r\n  - x\r\n---\r\nbody\r\n"
    result = parse_document("x.mdx", text)
    assert result.diagnostics == ()
    doc = result.document
    assert doc.data == {"id": "a", "name": "b", "owners": ["x"]}
    assert doc.positions[("name",)] == Span(key=(3, 1), value=(3, 7))
    assert doc.positions[("owners", 0)].value == (5, 5)
    assert doc.body_line == 7
    assert doc.body.strip() == "body"
    assert all(not isinstance(v, str) or "\r" not in v for v in doc.data.values())


# --- anchors and aliases ------------------------------------------------------------------------------


def test_recursive_alias_is_ec005_at_the_alias():
    # A value that contains itself has no end: anything that prints or validates it would never finish.
    result = parse_document("x.mdx", "---\nid: a\nloop: &x\n  - *x\n---\n")
    assert result.document is None
    [problem] = result.diagnostics
    assert (problem.code, problem.line) == ("EC005", 4)
    assert "*x refers to its own anchor" in problem.message


def test_billion_laughs_is_ec005_at_the_line_that_crosses_the_bound():
    # Nine levels of ten aliases each stand for 10**9 values: refused before anything is composed.
    lines = ["---", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
    result = parse_document("x.mdx", "\n".join(lines) + "\n---\n")
    assert result.document is None
    [problem] = result.diagnostics
    assert problem.code == "EC005" and "aliases expand to more than 1,000,000 values" in problem.message
    assert problem.line == 7  # l5 (file line 7) stands for over a million values: the first past the bound


def test_a_few_aliases_load_and_keep_their_values():
    # A reused list is ordinary YAML: owners written once and referred to stay owners, not dropped.
    text = "---\nid: a\nname: A\nx-team: &team [jdoe, asmith]\nowners: *team\n---\n"
    result = parse_document("x.mdx", text)
    assert result.diagnostics == ()
    assert result.document.data["owners"] == ["jdoe", "asmith"]


def test_merge_key_override_is_not_a_duplicate():
    text = "---\nbase: &b {id: a, version: 1.0.0}\nsends:\n  - *b\n  - <<: *b\n    id: c\n---\n"
    result = parse_document("x.mdx", text)
    assert result.diagnostics == ()
    assert result.document.data["sends"] == [{"id": "a", "version": "1.0.0"}, {"id": "c", "version": "1.0.0"}]
    assert result.document.where("sends", 1, "id", value=True) == Location("x.mdx", 6, 9)


def test_validating_a_clean_catalog_never_composes_frontmatter_twice():
    from pathlib import Path

    from generator.rules.validate import validate_catalog
    from generator.settings import Settings

    outcome = validate_catalog(Settings(catalog=Path(__file__).resolve().parents[2] / "catalog"))
    # The one finding: InventoryAdjusted 1.0.0's deliberate break, which its major bump allows (info).
    assert [d.code for d in outcome.diagnostics] == ["EC502"]
    shown = {d.file for d in outcome.diagnostics} | {r.file for d in outcome.diagnostics for r in d.related}
    assert [r.path for r in outcome.catalog.resources
            if "positions" in vars(r.document) and r.path not in shown] == []


@pytest.mark.parametrize("nested", [
    "x-deep: " + "[" * 50_000 + "]" * 50_000,  # deep enough to crash libyaml's recursive composer
    "x-deep: " + "{a: " * 300 + "1" + "}" * 300,
    "x-deep:\n" + "".join("  " * level + f"k{level}:\n" for level in range(1, 260)) + "  " * 260 + "end\n",
])
def test_yaml_nested_beyond_the_limit_is_ec005_not_a_crash(nested):
    # The message is PyYAML's or evcat's depending on which notices first (libyaml has its own flow
    # depth limit, worded differently across PyYAML releases): the code and the line are the contract.
    result = parse_document("events/Deep/index.mdx", f"---\nid: Deep\nname: Deep\nversion: 1.0.0\n{nested}\n---\n")
    assert result.document is None
    [problem] = result.diagnostics
    assert problem.code == "EC005" and problem.message.startswith("invalid YAML:")
    assert problem.line >= 5


def test_yaml_nested_within_the_limit_loads():
    nested = "x-deep: " + "[" * 150 + "]" * 150
    result = parse_document("x.mdx", f"---\nid: A\n{nested}\n---\n")
    assert result.diagnostics == () and result.document.data["id"] == "A"
    assert result.document.where("x-deep", value=True) == Location("x.mdx", 3, 9)
