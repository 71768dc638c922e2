"""Assembling documents into a Catalog through ``load_catalog``: pointers both ways and EC1xx/EC2xx findings."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.catalog.load import load_catalog
from generator.catalog.model import Channel, Key, Kind, Message
from generator.diagnostics import Diagnostic, Location, Severity


def write_catalog(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (catalog-relative path → text, dedented) under ``root``."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def resource(kind: str, id_: str, version: str = "1.0.0", extra: str = "", body: str = "") -> str:
    """Frontmatter text for a resource; ``extra`` is more YAML (dedented)."""
    more = textwrap.dedent(extra).strip("\n")
    lines = ["---", f"id: {id_}", f"name: {id_} {kind}"]
    if version:
        lines.append(f"version: {version}")
    if more:
        lines.append(more)
    return "\n".join(lines) + "\n---\n" + body


def load(tmp_path: Path, files: dict[str, str]):
    return load_catalog(write_catalog(tmp_path, files))


def found(loaded, code: str) -> list[Diagnostic]:
    return [d for d in loaded.diagnostics.sorted() if d.code == code]


def one(loaded, code: str) -> Diagnostic:
    matches = found(loaded, code)
    assert len(matches) == 1, f"expected one {code}, got {matches}"
    return matches[0]


def ev(id_: str, version: str) -> Key:
    return Key(Kind.EVENT, id_, version)


def svc(id_: str, version: str = "1.0.0") -> Key:
    return Key(Kind.SERVICE, id_, version)


def producer_ids(catalog, key: Key) -> set[str]:
    return {e.service.id for e in catalog.producers(key)}


def consumer_ids(catalog, key: Key) -> set[str]:
    return {e.service.id for e in catalog.consumers(key)}


# A message in three versions and services pointing at it in every way a pointer can be written.
VERSIONED_EVENT = {
    "events/OrderPlaced/index.mdx": resource("event", "OrderPlaced", "2.0.0"),
    "events/OrderPlaced/versioned/1.0.0/index.mdx": resource("event", "OrderPlaced", "1.0.0"),
    "events/OrderPlaced/versioned/1.5.0/index.mdx": resource("event", "OrderPlaced", "1.5.0"),
    "services/Latest/index.mdx": resource("service", "Latest", extra="""
        sends:
          - id: OrderPlaced
        """),
    "services/ExplicitLatest/index.mdx": resource("service", "ExplicitLatest", extra="""
        receives:
          - id: OrderPlaced
            version: latest
        """),
    "services/Caret/index.mdx": resource("service", "Caret", extra="""
        receives:
          - id: OrderPlaced
            version: ^1.0.0
        """),
    "services/Exact/index.mdx": resource("service", "Exact", extra="""
        sends:
          - id: OrderPlaced
            version: 1.5.0
        """),
}


# --- producers and consumers per message version ------------------------------------------------------


def test_latest_pointer_attaches_only_to_the_latest_version(tmp_path):
    catalog = load(tmp_path, VERSIONED_EVENT).catalog
    assert producer_ids(catalog, ev("OrderPlaced", "2.0.0")) == {"Latest"}
    assert consumer_ids(catalog, ev("OrderPlaced", "2.0.0")) == {"ExplicitLatest"}
    assert "Latest" not in producer_ids(catalog, ev("OrderPlaced", "1.5.0"))
    assert "ExplicitLatest" not in consumer_ids(catalog, ev("OrderPlaced", "1.0.0"))


def test_range_pointer_attaches_to_every_satisfying_version(tmp_path):
    catalog = load(tmp_path, VERSIONED_EVENT).catalog
    assert consumer_ids(catalog, ev("OrderPlaced", "1.0.0")) == {"Caret"}
    assert consumer_ids(catalog, ev("OrderPlaced", "1.5.0")) == {"Caret"}
    assert "Caret" not in consumer_ids(catalog, ev("OrderPlaced", "2.0.0"))


def test_exact_pointer_attaches_to_that_version_only(tmp_path):
    catalog = load(tmp_path, VERSIONED_EVENT).catalog
    assert producer_ids(catalog, ev("OrderPlaced", "1.5.0")) == {"Exact"}
    assert producer_ids(catalog, ev("OrderPlaced", "1.0.0")) == set()


def test_edges_know_their_direction_and_the_catalog_is_clean(tmp_path):
    loaded = load(tmp_path, VERSIONED_EVENT)
    edges = {(e.service.id, e.message.version, e.direction) for e in loaded.catalog.edges}
    assert edges == {("Latest", "2.0.0", "sends"), ("ExplicitLatest", "2.0.0", "receives"),
                     ("Caret", "1.0.0", "receives"), ("Caret", "1.5.0", "receives"),
                     ("Exact", "1.5.0", "sends")}
    assert loaded.diagnostics.errors == 0
    assert loaded.diagnostics.warnings == 0
    assert loaded.files_read == 7
    assert loaded.catalog.versions_of(Kind.EVENT, "OrderPlaced") == ("1.0.0", "1.5.0", "2.0.0")
    service = loaded.catalog.get(svc("Caret"))
    assert [e.message.version for e in loaded.catalog.edges_of(service.key)] == ["1.0.0", "1.5.0"]


def test_versions_ordered_by_semver_when_resolving_latest(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", "0.15.0"),
        "events/E/versioned/0.2.1/index.mdx": resource("event", "E", "0.2.1"),
        "services/S/index.mdx": resource("service", "S", extra="sends:\n  - id: E\n"),
    })
    assert producer_ids(loaded.catalog, ev("E", "0.15.0")) == {"S"}
    assert producer_ids(loaded.catalog, ev("E", "0.2.1")) == set()
    assert loaded.catalog.latest(loaded.catalog.get(ev("E", "0.15.0")))


def test_domain_sends_and_receives_create_edges_and_domain_services_resolve(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E"),
        "services/S/index.mdx": resource("service", "S"),
        "domains/D/index.mdx": resource("domain", "D", extra="""
            services:
              - id: S
            sends:
              - id: E
            """),
    })
    catalog = loaded.catalog
    domain = Key(Kind.DOMAIN, "D", "1.0.0")
    assert [e.service for e in catalog.producers(ev("E", "1.0.0"))] == [domain]
    assert catalog.domain_services[domain] == (svc("S"),)
    assert loaded.diagnostics.errors == 0


# --- unresolved pointers ------------------------------------------------------------------------------


def test_unknown_message_is_ec202_at_the_pointer_with_did_you_mean(tmp_path):
    loaded = load(tmp_path, {
        "events/OrderPlaced/index.mdx": resource("event", "OrderPlaced"),
        "services/S/index.mdx": resource("service", "S", extra="""
            sends:
              - id: OrderPlaced
              - id: OrderPlace
            """),
    })
    problem = one(loaded, "EC202")
    assert problem.severity is Severity.ERROR
    assert problem.message == "unknown message 'OrderPlace' in sends.1"
    assert problem.hint == "did you mean 'OrderPlaced'?"
    # Line 7 of the file: `  - id: OrderPlace` (value at column 9).
    assert (problem.file, problem.line, problem.column) == ("services/S/index.mdx", 7, 9)
    assert [e.message.id for e in loaded.catalog.edges] == ["OrderPlaced"]


def test_unknown_message_without_a_close_name_says_it_does_not_exist(tmp_path):
    loaded = load(tmp_path, {
        "services/S/index.mdx": resource("service", "S", extra="receives:\n  - id: Zzz\n"),
    })
    assert one(loaded, "EC202").hint == "no message with this id exists in the catalog"


def test_unknown_channel_is_ec203(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E"),
        "channels/orders/index.mdx": resource("channel", "orders"),
        "services/S/index.mdx": resource("service", "S", extra="""
            sends:
              - id: E
                to:
                  - id: order
            """),
    })
    problem = one(loaded, "EC203")
    assert problem.message == "unknown channel 'order' in sends.0.to.0"
    assert problem.hint == "did you mean 'orders'?"
    assert problem.line == 8
    [edge] = loaded.catalog.edges
    assert edge.channels == ()


def test_unknown_service_in_domain_is_ec204(tmp_path):
    loaded = load(tmp_path, {
        "services/Billing/index.mdx": resource("service", "Billing"),
        "domains/D/index.mdx": resource("domain", "D", extra="""
            services:
              - id: Biling
            """),
    })
    problem = one(loaded, "EC204")
    assert problem.message == "unknown service 'Biling' in services.0"
    assert problem.hint == "did you mean 'Billing'?"
    assert (problem.file, problem.line) == ("domains/D/index.mdx", 6)
    assert loaded.catalog.domain_services[Key(Kind.DOMAIN, "D", "1.0.0")] == ()


def test_unknown_subdomain_is_ec205(tmp_path):
    loaded = load(tmp_path, {
        "domains/D/index.mdx": resource("domain", "D", extra="domains:\n  - id: Payments\n"),
        "domains/D/subdomains/Payment/index.mdx": resource("domain", "Payment"),
    })
    problem = one(loaded, "EC205")
    assert problem.message == "unknown domain 'Payments' in domains.0"
    assert problem.hint == "did you mean 'Payment'?"


def test_range_matching_nothing_is_ec206_listing_versions(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", "1.2.0"),
        "events/E/versioned/0.9.0/index.mdx": resource("event", "E", "0.9.0"),
        "services/S/index.mdx": resource("service", "S", extra="""
            sends:
              - id: E
            receives:
              - id: E
                version: ^2.0.0
            """),
    })
    problem = one(loaded, "EC206")
    assert problem.message == "message 'E' has no version matching '^2.0.0'"
    assert problem.hint == "available versions: 0.9.0, 1.2.0"
    assert (problem.file, problem.line) == ("services/S/index.mdx", 8)
    assert consumer_ids(loaded.catalog, ev("E", "1.2.0")) == set()


def test_unknown_owner_is_ec201_with_case_insensitive_suggestion(tmp_path):
    loaded = load(tmp_path, {
        "users/mSmith.mdx": resource("user", "mSmith", version=""),
        "teams/platform.mdx": resource("team", "platform", version=""),
        "events/E/index.mdx": resource("event", "E", extra="""
            owners:
              - platform
              - msmith
            """),
        "services/S/index.mdx": resource("service", "S", extra="sends:\n  - id: E\n"),
    })
    problem = one(loaded, "EC201")
    assert problem.message == "unknown owner 'msmith' in owners"
    assert problem.hint == "did you mean 'mSmith'?"
    assert (problem.file, problem.line, problem.column) == ("events/E/index.mdx", 7, 5)
    # The resolvable owner is kept.
    assert loaded.catalog.owner_of[ev("E", "1.0.0")] == (Key(Kind.TEAM, "platform", ""),)


def test_owner_as_mapping_with_collection_resolves(tmp_path):
    loaded = load(tmp_path, {
        "users/dboyne.mdx": resource("user", "dboyne", version=""),
        "services/S/index.mdx": resource("service", "S", extra="""
            owners:
              - id: dboyne
                collection: users
            """),
    })
    assert found(loaded, "EC201") == []
    assert loaded.catalog.owner_of[svc("S")] == (Key(Kind.USER, "dboyne", ""),)
    owned = loaded.catalog.owned_by(Key(Kind.USER, "dboyne", ""))
    assert [r.id for r in owned] == ["S"]


def test_unknown_team_member_is_ec212(tmp_path):
    loaded = load(tmp_path, {
        "users/alee.mdx": resource("user", "alee", version=""),
        "teams/core.mdx": resource("team", "core", version="", extra="""
            members:
              - alee
              - aleee
            """),
    })
    problem = one(loaded, "EC212")
    assert problem.message == "unknown user 'aleee' in members"
    assert problem.hint == "did you mean 'alee'?"
    assert (problem.file, problem.line) == ("teams/core.mdx", 6)


def test_duplicate_id_and_version_is_ec207_with_related_location(tmp_path):
    loaded = load(tmp_path, {
        "events/A/index.mdx": resource("event", "Same"),
        "services/S/events/B/index.mdx": resource("event", "Same"),
        "services/S/index.mdx": resource("service", "S", extra="sends:\n  - id: Same\n"),
    })
    problem = one(loaded, "EC207")
    assert problem.severity is Severity.ERROR
    assert problem.file == "services/S/events/B/index.mdx"
    assert problem.line == 4
    assert "also defined in events/A/index.mdx" in problem.message
    assert problem.related == (Location("events/A/index.mdx", 4, 1),)


def test_same_id_in_different_namespaces_is_not_a_duplicate(tmp_path):
    loaded = load(tmp_path, {
        "events/Orders/index.mdx": resource("event", "Orders"),
        "services/Orders/index.mdx": resource("service", "Orders", extra="sends:\n  - id: Orders\n"),
    })
    assert found(loaded, "EC207") == []
    assert producer_ids(loaded.catalog, ev("Orders", "1.0.0")) == {"Orders"}


# --- channel parameters -------------------------------------------------------------------------------

CHANNEL = resource("channel", "orders.{env}.events", extra="""
    address: orders.{env}.events
    parameters:
      env:
        enum: [dev, sit, prod]
        description: Environment
    """)


def test_channel_binding_with_parameters_is_recorded_on_the_edge(tmp_path):
    loaded = load(tmp_path, {
        "channels/orders.{env}.events/index.mdx": CHANNEL,
        "events/E/index.mdx": resource("event", "E"),
        "services/S/index.mdx": resource("service", "S", extra="""
            sends:
              - id: E
                to:
                  - id: orders.{env}.events
                    parameters:
                      env: prod
            """),
    })
    assert loaded.diagnostics.errors == 0
    [edge] = loaded.catalog.edges
    channel_key = Key(Kind.CHANNEL, "orders.{env}.events", "1.0.0")
    assert edge.channels == ((channel_key, {"env": "prod"}),)
    assert loaded.catalog.edges_through(channel_key) == [edge]
    channel = loaded.catalog.get(channel_key)
    assert isinstance(channel, Channel)
    assert channel.parameters["env"].enum == ("dev", "sit", "prod")


def test_undeclared_parameter_is_ec208(tmp_path):
    loaded = load(tmp_path, {
        "channels/orders.{env}.events/index.mdx": CHANNEL,
        "events/E/index.mdx": resource("event", "E"),
        "services/S/index.mdx": resource("service", "S", extra="""
            sends:
              - id: E
                to:
                  - id: orders.{env}.events
                    parameters:
                      envv: dev
            """),
    })
    problem = one(loaded, "EC208")
    assert problem.message == "channel 'orders.{env}.events' has no parameter 'envv' (declared: env)"
    assert problem.hint == "did you mean 'env'?"
    assert problem.file == "services/S/index.mdx"
    assert found(loaded, "EC209") == []


def test_parameter_value_outside_enum_is_ec209(tmp_path):
    loaded = load(tmp_path, {
        "channels/orders.{env}.events/index.mdx": CHANNEL,
        "events/E/index.mdx": resource("event", "E"),
        "services/S/index.mdx": resource("service", "S", extra="""
            receives:
              - id: E
                from:
                  - id: orders.{env}.events
                    parameters:
                      env: staging
            """),
    })
    problem = one(loaded, "EC209")
    assert problem.message == ("value 'staging' for parameter 'env' of channel 'orders.{env}.events' is not "
                               "one of dev, sit, prod")
    assert problem.hint == "use one of: dev, sit, prod"
    assert problem.line == 8
    assert found(loaded, "EC208") == []


# --- messages without producers -----------------------------------------------------------------------


def test_event_without_producer_is_ec210_warning(tmp_path):
    loaded = load(tmp_path, {
        "events/Lonely/index.mdx": resource("event", "Lonely"),
        "services/S/index.mdx": resource("service", "S", extra="receives:\n  - id: Lonely\n"),
    })
    problem = one(loaded, "EC210")
    assert problem.severity is Severity.WARNING
    assert problem.message == "no service or domain sends event 'Lonely' 1.0.0"
    assert problem.file == "events/Lonely/index.mdx"
    assert loaded.diagnostics.exit_code() == 0


def test_received_command_without_producer_is_not_reported(tmp_path):
    loaded = load(tmp_path, {
        "commands/PlaceOrder/index.mdx": resource("command", "PlaceOrder"),
        "queries/GetOrder/index.mdx": resource("query", "GetOrder"),
        "services/S/index.mdx": resource("service", "S", extra="""
            receives:
              - id: PlaceOrder
              - id: GetOrder
            """),
    })
    assert found(loaded, "EC210") == []


def test_command_nobody_sends_or_receives_is_reported(tmp_path):
    loaded = load(tmp_path, {"commands/Orphan/index.mdx": resource("command", "Orphan")})
    assert one(loaded, "EC210").message == "no service or domain sends command 'Orphan' 1.0.0"


def test_only_the_latest_version_needs_a_producer(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", "2.0.0"),
        "events/E/versioned/1.0.0/index.mdx": resource("event", "E", "1.0.0"),
        "services/S/index.mdx": resource("service", "S", extra="sends:\n  - id: E\n"),
    })
    assert found(loaded, "EC210") == []


def test_hidden_event_without_producer_is_not_reported(tmp_path):
    loaded = load(tmp_path, {"events/E/index.mdx": resource("event", "E", extra="hidden: true")})
    assert found(loaded, "EC210") == []


# --- legacy message-level channels --------------------------------------------------------------------


def test_legacy_message_channels_apply_in_memory_with_ec110(tmp_path):
    event_text = resource("event", "E", extra="""
        channels:
          - id: legacy
            parameters:
              env: dev
        """)
    files = {
        "events/E/index.mdx": event_text,
        "channels/legacy/index.mdx": resource("channel", "legacy", extra="""
            parameters:
              env:
                enum: [dev, prod]
            """),
        "channels/explicit/index.mdx": resource("channel", "explicit"),
        "services/P/index.mdx": resource("service", "P", extra="sends:\n  - id: E\n"),
        "services/C/index.mdx": resource("service", "C", extra="receives:\n  - id: E\n"),
        "services/Own/index.mdx": resource("service", "Own", extra="""
            receives:
              - id: E
                from:
                  - id: explicit
            """),
    }
    loaded = load(tmp_path, files)
    legacy = Key(Kind.CHANNEL, "legacy", "1.0.0")
    explicit = Key(Kind.CHANNEL, "explicit", "1.0.0")
    channels_by_service = {e.service.id: e.channels for e in loaded.catalog.edges}
    assert channels_by_service == {"P": ((legacy, {"env": "dev"}),), "C": ((legacy, {"env": "dev"}),),
                                   "Own": ((explicit, {}),)}
    warning = one(loaded, "EC110")
    assert warning.severity is Severity.WARNING
    assert (warning.file, warning.line) == ("events/E/index.mdx", 5)
    assert loaded.diagnostics.errors == 0
    # Never rewrite input files.
    assert (tmp_path / "events/E/index.mdx").read_text(encoding="utf-8") == event_text
    message = loaded.catalog.get(ev("E", "1.0.0"))
    assert isinstance(message, Message)
    assert [c.id for c in message.legacy_channels] == ["legacy"]


def test_legacy_channels_are_checked_like_explicit_ones(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", extra="channels:\n  - id: missing-channel\n"),
        "services/P/index.mdx": resource("service", "P", extra="sends:\n  - id: E\n"),
    })
    assert one(loaded, "EC203").message.startswith("unknown channel 'missing-channel'")
    assert one(loaded, "EC110")


# --- versioned folders --------------------------------------------------------------------------------


def test_versioned_folder_name_mismatch_is_ec108(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", "2.0.0"),
        "events/E/versioned/1.0.0/index.mdx": resource("event", "E", "1.1.0"),
        "events/E/versioned/0.5/index.mdx": resource("event", "E", "0.5.0"),  # same version, shorter
        "services/S/index.mdx": resource("service", "S", extra="sends:\n  - id: E\n"),
    })
    problem = one(loaded, "EC108")
    assert problem.severity is Severity.WARNING
    assert problem.message == "folder 'versioned/1.0.0' holds version '1.1.0'"
    assert problem.hint == "rename the folder to 'versioned/1.1.0'"
    assert (problem.file, problem.line) == ("events/E/versioned/1.0.0/index.mdx", 4)
    # The frontmatter version is the identity, not the folder name.
    assert loaded.catalog.versions_of(Kind.EVENT, "E") == ("0.5.0", "1.1.0", "2.0.0")


# --- schemas and examples -----------------------------------------------------------------------------


def test_schema_text_loaded_and_format_from_extension(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", extra="schemaPath: schema.json"),
        "events/E/schema.json": '{"type": "object"}\n',
        "events/E/versioned/0.1.0/index.mdx": resource("event", "E", "0.1.0", extra="schemaPath: schema.avsc"),
        "events/E/versioned/0.1.0/schema.avsc": '{"type": "record", "name": "E", "fields": []}\n',
    })
    current = loaded.catalog.get(ev("E", "1.0.0"))
    [schema] = current.schemas
    assert (schema.declared, schema.path, schema.format, schema.default) == (
        "schema.json", "events/E/schema.json", "json-schema", True)
    assert schema.text == '{"type": "object"}\n'
    assert current.schema is schema
    assert schema.location == Location("events/E/index.mdx", 5, 13)
    old = loaded.catalog.get(ev("E", "0.1.0"))
    assert old.schema.path == "events/E/versioned/0.1.0/schema.avsc"
    assert old.schema.format == "avro"
    assert '"record"' in old.schema.text


def test_missing_schema_file_has_path_but_no_text(tmp_path):
    loaded = load(tmp_path, {"events/E/index.mdx": resource("event", "E", extra="schemaPath: nope.json")})
    schema = loaded.catalog.get(ev("E", "1.0.0")).schema
    assert schema.path == "events/E/nope.json"
    assert schema.text is None


@pytest.mark.parametrize("declared", ["../../../outside.json", "/etc/passwd", "../../../../etc/passwd"])
def test_schema_path_escaping_the_catalog_has_no_path_and_no_text(tmp_path, declared):
    catalog_root = tmp_path / "catalog"
    (tmp_path / "outside.json").write_text('{"secret": true}', encoding="utf-8")
    loaded = load(catalog_root, {"events/E/index.mdx": resource("event", "E", extra=f"schemaPath: {declared}")})
    schema = loaded.catalog.get(ev("E", "1.0.0")).schema
    assert schema.declared == declared
    assert schema.path is None
    assert schema.text is None


def test_schema_path_inside_the_catalog_via_parent_folder_is_allowed(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", extra="schemaPath: ../../shared/common.json"),
        "shared/common.json": "{}",
    })
    schema = loaded.catalog.get(ev("E", "1.0.0")).schema
    assert schema.path == "shared/common.json"
    assert schema.text == "{}"


def test_schemas_list_default_and_format_override(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E", extra="""
            schemas:
              - file: a.json
                name: A
              - path: b.txt
                format: avro
                default: true
            """),
        "events/E/a.json": "{}",
        "events/E/b.txt": '"string"',
    })
    message = loaded.catalog.get(ev("E", "1.0.0"))
    assert [(s.path, s.format, s.default, s.name) for s in message.schemas] == [
        ("events/E/a.json", "json-schema", False, "A"), ("events/E/b.txt", "avro", True, None)]
    assert message.schema.path == "events/E/b.txt"


def test_examples_folder_with_config_names(tmp_path):
    loaded = load(tmp_path, {
        "events/E/index.mdx": resource("event", "E"),
        "events/E/examples/basic.json": '{"id": 1}\n',
        "events/E/examples/other.yaml": "id: 2\n",
        "events/E/examples/notes.txt": "not an example\n",
        "events/E/examples/examples.config.yaml": """
            basic.json:
              name: Basic order
              summary: The smallest valid order
              usage: "`send(basic)`"
            """,
    })
    message = loaded.catalog.get(ev("E", "1.0.0"))
    by_path = {e.path: e for e in message.examples}
    assert set(by_path) == {"events/E/examples/basic.json", "events/E/examples/other.yaml"}
    basic = by_path["events/E/examples/basic.json"]
    assert (basic.name, basic.summary, basic.usage, basic.syntax, basic.text, basic.line_offset) == (
        "Basic order", "The smallest valid order", "`send(basic)`", "json", '{"id": 1}\n', 0)
    other = by_path["events/E/examples/other.yaml"]
    assert (other.name, other.syntax, other.summary) == ("other.yaml", "yaml", None)
    assert message.example_config_path == "events/E/examples/examples.config.yaml"
    assert set(message.example_config) == {"basic.json"}


def test_body_json_block_titled_example_payload_becomes_an_example(tmp_path):
    body = textwrap.dedent("""
        # E

        Some text.

        ```json title="Example payload"
        {
          "orderId": "123"
        }
        ```

        ```json title="Schema excerpt"
        {"ignored": true}
        ```
        """)
    text = resource("event", "E", body=body)
    loaded = load(tmp_path, {"events/E/index.mdx": text})
    message = loaded.catalog.get(ev("E", "1.0.0"))
    [example] = message.examples
    assert (example.path, example.name, example.syntax) == ("events/E/index.mdx", "Example payload", "json")
    assert example.text == '{\n  "orderId": "123"\n}'
    # line_offset = number of file lines before the example text: text line N is file line offset + N.
    file_lines = (tmp_path / "events/E/index.mdx").read_text(encoding="utf-8").splitlines()
    assert file_lines[example.line_offset - 1] == '```json title="Example payload"'
    assert file_lines[example.line_offset] == "{"
    assert file_lines[example.line_offset + 1] == '  "orderId": "123"'


def test_body_yaml_example_in_indented_block(tmp_path):
    body = "\n<Tabs>\n  ```yaml title='Example'\n  id: 1\n  name: x\n  ```\n</Tabs>\n"
    loaded = load(tmp_path, {"events/E/index.mdx": resource("event", "E", body=body)})
    [example] = loaded.catalog.get(ev("E", "1.0.0")).examples
    assert example.syntax == "yaml"
    assert example.text == "id: 1\nname: x"
    lines = (tmp_path / "events/E/index.mdx").read_text(encoding="utf-8").splitlines()
    assert lines[example.line_offset] == "  id: 1"


# --- parse problems flow through ----------------------------------------------------------------------


def test_unparsable_file_is_skipped_but_reported(tmp_path):
    loaded = load(tmp_path, {
        "events/Good/index.mdx": resource("event", "Good"),
        "events/Bad/index.mdx": "---\nid: [Bad\n---\n",
    })
    assert one(loaded, "EC005").file == "events/Bad/index.mdx"
    assert [m.id for m in loaded.catalog.messages] == ["Good"]
    assert loaded.files_read == 2


def test_non_utf8_file_is_ec002(tmp_path):
    (tmp_path / "events/E").mkdir(parents=True)
    (tmp_path / "events/E/index.mdx").write_bytes(b"---\nid: E\nname: \xff\n---\n")
    loaded = load_catalog(tmp_path)
    assert one(loaded, "EC002").line == 3
    assert loaded.catalog.messages == []


def test_catalog_title_from_eventcatalog_config(tmp_path):
    loaded = load(tmp_path, {"eventcatalog.config.js": "export default {\n  title: 'Acme Events',\n};\n"})
    assert loaded.catalog.title == "Acme Events"


def test_edge_naming_a_channel_twice_is_listed_once_through_that_channel(tmp_path):
    loaded = load(tmp_path, {
        "channels/bus/index.mdx": resource("channel", "bus"),
        "events/E/index.mdx": resource("event", "E"),
        "services/S/index.mdx": resource("service", "S", extra="""
            sends:
              - id: E
                to:
                  - id: bus
                  - id: bus
                    version: 1.0.0
            """),
    })
    [edge] = loaded.catalog.edges
    assert len(edge.channels) == 2
    assert loaded.catalog.edges_through(Key(Kind.CHANNEL, "bus", "1.0.0")) == [edge]


def test_team_listed_as_member_is_ec212_without_echoing_the_team_back(tmp_path):
    loaded = load(tmp_path, {
        "users/alee.mdx": resource("user", "alee", version=""),
        "teams/core.mdx": resource("team", "core", version="", extra="members:\n  - platform\n  - Alee\n"),
        "teams/platform.mdx": resource("team", "platform", version=""),
    })
    problems = {d.message: d.hint for d in found(loaded, "EC212")}
    assert problems == {"unknown user 'platform' in members": "add a users/<id>.mdx file",
                        "unknown user 'Alee' in members": "did you mean 'alee'?"}


@pytest.mark.parametrize("id_line", ["id:", "id: ~", "id: [a, b]"])
def test_missing_or_non_scalar_id_is_not_turned_into_text(tmp_path, id_line):
    loaded = load(tmp_path, {"events/E/index.mdx": f"---\n{id_line}\nname: Named\nversion: 1.0.0\n---\n"})
    [message] = loaded.catalog.messages
    assert message.id == ""
    assert message.name == "Named"


def test_numeric_id_is_kept_as_text(tmp_path):
    loaded = load(tmp_path, {"events/E/index.mdx": "---\nid: 42\nversion: 1.0.0\n---\n"})
    [message] = loaded.catalog.messages
    assert (message.id, message.name) == ("42", "42")
