"""EC1xx frontmatter shape rules (catalog-format.md §3) over catalogs loaded from tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.catalog.load import load_catalog
from generator.diagnostics import Diagnostic, Severity
from generator.rules import shape


def check(tmp_path: Path, files: dict[str, str]) -> list[Diagnostic]:
    """Shape findings for a catalog made of ``files`` (path → frontmatter YAML without fences)."""
    for relative, yaml_text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + textwrap.dedent(yaml_text).strip("\n") + "\n---\n\nBody.\n", encoding="utf-8")
    loaded = load_catalog(tmp_path)
    # A file that does not parse would hide its shape findings: make sure every file was read.
    assert [d for d in loaded.diagnostics if d.family == "EC0"] == []
    return sorted(shape.check(loaded.catalog), key=lambda d: d.sort_key)


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def only(found: list[Diagnostic], code: str) -> Diagnostic:
    matches = [d for d in found if d.code == code]
    assert len(matches) == 1, found
    return matches[0]


VALID_EVENT = """
    id: OrderPlaced
    name: Order placed
    version: 1.0.0
    summary: An order was placed
    owners:
      - dboyne
    badges:
      - content: New
        backgroundColor: blue
        textColor: white
        url: https://example.com
    x-team-notes: anything goes
    """


def test_valid_resources_have_no_shape_findings(tmp_path):
    assert check(tmp_path, {
        "events/OrderPlaced/index.mdx": VALID_EVENT,
        "channels/orders.{env}/index.mdx": """
            id: orders.{env}
            name: Orders
            version: 1.0.0
            address: orders.{env}
            deliveryGuarantee: at-least-once
            protocols: [kafka]
            parameters:
              env:
                enum: [dev, prod]
                description: Environment
            """,
        "teams/core.mdx": "id: core\nname: Core team\nmembers: [dboyne]",
        "users/dboyne.mdx": "id: dboyne\nname: David",
        "flows/Checkout/index.mdx": """
            id: Checkout
            name: Checkout
            version: 1.0.0
            steps:
              - id: 1
                title: Start
            """,
    }) == []


# --- EC101 required fields ----------------------------------------------------------------------------


def test_ec101_missing_required_fields(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nsummary: no name or version"})
    assert codes(found) == ["EC101", "EC101"]
    assert {d.message for d in found} == {"required field 'name' is missing",
                                         "required field 'version' is missing"}
    assert all(d.severity is Severity.ERROR and d.file == "events/A/index.mdx" and d.line == 2 for d in found)
    assert {d.hint for d in found} == {"add 'name:' to the frontmatter", "add 'version:' to the frontmatter"}


def test_ec101_empty_value_counts_as_missing(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: ''\nversion: 1.0.0"})
    assert only(found, "EC101").message == "required field 'name' is missing"


def test_ec101_teams_and_users_need_no_version(tmp_path):
    found = check(tmp_path, {"teams/t.mdx": "id: t", "users/u.mdx": "id: u\nname: U"})
    assert [(d.code, d.file, d.message) for d in found] == [
        ("EC101", "teams/t.mdx", "required field 'name' is missing")]


def test_ec101_flow_needs_steps(tmp_path):
    found = check(tmp_path, {"flows/F/index.mdx": "id: F\nname: F\nversion: 1.0.0"})
    assert only(found, "EC101").message == "required field 'steps' is missing"


# --- EC102 wrong types --------------------------------------------------------------------------------


def test_ec102_unquoted_integer_version(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1"})
    problem = only(found, "EC102")
    assert problem.message == "'version' must be a string, not int 1"
    assert problem.hint == 'quote it: version: "1"'
    assert (problem.line, problem.column) == (4, 10)
    assert "EC104" not in codes(found)


def test_ec102_unquoted_float_version(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1.5"})
    assert only(found, "EC102").message == "'version' must be a string, not float 1.5"


def test_ec102_owners_not_a_list(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1.0.0\nowners: dboyne"})
    problem = only(found, "EC102")
    assert problem.message == "'owners' must be a list, not str 'dboyne'"
    assert problem.hint == "write 'owners' as a list"
    assert (problem.line, problem.column) == (5, 9)


@pytest.mark.parametrize(("yaml_line", "message"), [
    ("hidden: 'yes'", "'hidden' must be true or false, not str 'yes'"),
    ("draft: 3", "'draft' must be true/false or a mapping, not int 3"),
    ("schemaPath: 5", "'schemaPath' must be a string, not int 5"),
    ("summary: [a, b]", "'summary' must be a string, not list ['a', 'b']"),
])
def test_ec102_other_types(tmp_path, yaml_line, message):
    found = check(tmp_path, {"events/A/index.mdx": f"id: A\nname: A\nversion: 1.0.0\n{yaml_line}"})
    assert only(found, "EC102").message == message


def test_ec102_channel_parameters_must_be_a_mapping(tmp_path):
    found = check(tmp_path, {"channels/c/index.mdx": "id: c\nname: c\nversion: 1.0.0\nparameters: [env]"})
    assert only(found, "EC102").message == "'parameters' must be a mapping of name → spec, not list ['env']"


# --- EC103 / EC107 badges -----------------------------------------------------------------------------


def test_ec103_badge_missing_colours(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": """
        id: A
        name: A
        version: 1.0.0
        badges:
          - content: New
            backgroundColor: blue
          - content: Old
        """})
    badge_problems = [d for d in found if d.code == "EC103"]
    assert [(d.message, d.line) for d in badge_problems] == [
        ("badge 1 lacks textColor", 6), ("badge 2 lacks backgroundColor, textColor", 8)]
    assert badge_problems[0].hint == "a badge needs content, backgroundColor and textColor"


def test_ec103_badge_not_a_mapping(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1.0.0\nbadges:\n  - New"})
    assert only(found, "EC103").message == "badge 1 must be a mapping, not 'New'"


def test_ec107_badge_link_hints_url(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": """
        id: A
        name: A
        version: 1.0.0
        badges:
          - content: Docs
            backgroundColor: blue
            textColor: white
            link: https://example.com
        """})
    problem = only(found, "EC107")
    assert problem.severity is Severity.WARNING
    assert problem.message == "unknown key 'link' in badge; it is ignored"
    assert problem.hint == "did you mean 'url'?"
    assert (problem.line, problem.column) == (9, 5)


def test_ec107_nested_keys_in_sends_and_channel_pointers_and_parameters(tmp_path):
    found = check(tmp_path, {
        "services/S/index.mdx": """
            id: S
            name: S
            version: 1.0.0
            sends:
              - id: E
                versoin: 1.0.0
                to:
                  - id: c
                    param: {}
            """,
        "channels/c/index.mdx": """
            id: c
            name: c
            version: 1.0.0
            address: c.{env}
            parameters:
              env:
                descripton: x
            """,
    })
    nested = [(d.file, d.message, d.hint) for d in found if d.code == "EC107"]
    assert nested == [
        ("channels/c/index.mdx", "unknown key 'descripton' in parameter; it is ignored",
         "did you mean 'description'?"),
        ("services/S/index.mdx", "unknown key 'versoin' in sends entry; it is ignored", "did you mean 'version'?"),
        ("services/S/index.mdx", "unknown key 'param' in channel pointer; it is ignored",
         "did you mean 'parameters'?"),
    ]


# --- EC104 non-semver ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "hint"), [("'1.0'", "write '1.0.0'"), ("v2", "write '2.0.0'"),
                                               ("draft", "use MAJOR.MINOR.PATCH, e.g. 1.0.0")])
def test_ec104_non_semver_version_is_a_warning(tmp_path, version, hint):
    found = check(tmp_path, {"events/A/index.mdx": f"id: A\nname: A\nversion: {version}"})
    problem = only(found, "EC104")
    assert problem.severity is Severity.WARNING
    assert problem.message.startswith(f"version '{version.strip(chr(39))}' is not semantic versioning")
    assert problem.hint == hint
    assert (problem.line, problem.column) == (4, 10)
    assert codes(found) == ["EC104"]


def test_ec104_not_raised_for_prerelease_semver(tmp_path):
    assert check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1.0.0-rc.1"}) == []


# --- EC105 / EC109 unknown and computed keys ----------------------------------------------------------


def test_ec105_unknown_top_level_key_with_suggestion(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1.0.0\nsumary: typo"})
    problem = only(found, "EC105")
    assert problem.severity is Severity.ERROR
    assert problem.message.startswith("unknown field 'sumary'")
    assert problem.hint == "did you mean 'summary'?"
    assert (problem.line, problem.column) == (5, 1)


def test_ec105_unknown_key_without_close_match_suggests_x_prefix(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1.0.0\nteamSlack: '#orders'"})
    assert only(found, "EC105").hint == "custom fields must start with 'x-' (x-teamSlack)"


def test_ec105_x_prefixed_keys_are_allowed(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": """
        id: A
        name: A
        version: 1.0.0
        x-foo: 1
        x-nested:
          anything: [1, 2]
        """})
    assert found == []


def test_ec105_keys_are_per_kind(tmp_path):
    # `sends` is a service field, not an event field; `address` is a channel field.
    found = check(tmp_path, {
        "events/A/index.mdx": "id: A\nname: A\nversion: 1.0.0\nsends: []",
        "services/S/index.mdx": "id: S\nname: S\nversion: 1.0.0\nsends: []\naddress: x",
    })
    assert [(d.code, d.file) for d in found] == [("EC105", "events/A/index.mdx"),
                                                 ("EC105", "services/S/index.mdx")]
    assert "'address'" in found[1].message


def test_ec109_computed_field(tmp_path):
    found = check(tmp_path, {"events/A/index.mdx": "id: A\nname: A\nversion: 1.0.0\nproducers: []"})
    problem = only(found, "EC109")
    assert problem.severity is Severity.WARNING
    assert problem.message.startswith("'producers' is computed")
    assert problem.hint == "remove 'producers'"
    assert "EC105" not in codes(found)


# --- EC106 enums --------------------------------------------------------------------------------------


def test_ec106_invalid_delivery_guarantee(tmp_path):
    found = check(tmp_path, {"channels/c/index.mdx": "id: c\nname: c\nversion: 1.0.0\n"
                                                     "deliveryGuarantee: exactly-onc"})
    problem = only(found, "EC106")
    assert problem.message == ("'deliveryGuarantee' is 'exactly-onc', not one of at-most-once, at-least-once, "
                               "exactly-once")
    assert problem.hint == "did you mean 'exactly-once'?"
    assert (problem.line, problem.column) == (5, 20)


def test_ec106_adr_status(tmp_path):
    found = check(tmp_path, {"adrs/a/index.mdx": "id: a\nname: a\nversion: 1.0.0\nstatus: acepted\ndate: x"})
    assert only(found, "EC106").hint == "did you mean 'accepted'?"


def test_ec106_enum_field_only_checked_on_its_kind(tmp_path):
    # `status` on a channel is not an ADR status: it is an unknown key, not an enum violation.
    found = check(tmp_path, {"channels/c/index.mdx": "id: c\nname: c\nversion: 1.0.0\nstatus: whatever"})
    assert codes(found) == ["EC105"]


# --- EC111 address placeholders -----------------------------------------------------------------------


def test_ec111_placeholder_without_parameter(tmp_path):
    found = check(tmp_path, {"channels/c/index.mdx": """
        id: c
        name: c
        version: 1.0.0
        address: orders.{env}.{region}
        parameters:
          env:
            enum: [dev]
        """})
    problem = only(found, "EC111")
    assert problem.severity is Severity.WARNING
    assert problem.message == "address 'orders.{env}.{region}' uses '{region}' but parameters do not declare 'region'"
    assert (problem.line, problem.column) == (5, 10)


def test_ec111_parameter_not_in_address(tmp_path):
    found = check(tmp_path, {"channels/c/index.mdx": """
        id: c
        name: c
        version: 1.0.0
        address: orders.events
        parameters:
          env:
            description: unused
        """})
    problem = only(found, "EC111")
    assert problem.message == "parameter 'env' does not appear in address 'orders.events'"
    assert problem.line == 7


def test_ec111_channel_without_address_is_not_checked(tmp_path):
    found = check(tmp_path, {"channels/c/index.mdx": "id: c\nname: c\nversion: 1.0.0\nparameters:\n  env: {}"})
    assert found == []


@pytest.mark.parametrize("owners", ["x-team: &team [[jdoe, asmith]]\nowners: *team", "owners:\n  - [jdoe]",
                                    "owners:\n  - {name: jdoe}", "owners:\n  - true"])
def test_an_owner_that_is_no_id_is_reported_not_dropped(tmp_path: Path, owners: str) -> None:
    found = check(tmp_path, {"services/S/index.mdx": f"id: S\nname: S\nversion: 1.0.0\n{owners}"})
    finding = only(found, "EC102")
    assert finding.message.startswith("'owners[0]' must be an id or {id: …}") and finding.line is not None


def test_members_that_are_ids_or_pointers_pass(tmp_path: Path) -> None:
    found = check(tmp_path, {"teams/t.mdx": "id: t\nname: T\nmembers:\n  - jdoe\n  - {id: asmith}\n  - {id: 42}"})
    assert "EC102" not in codes(found)
