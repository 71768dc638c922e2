"""Discovery: classify index.md(x) files by their collection folder (catalog-format.md §1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog.discovery import SourceFile, discover
from generator.catalog.model import Kind

FM = "---\nid: x\nname: x\nversion: 1.0.0\n---\n"


def write_tree(root: Path, files: dict[str, str] | list[str]) -> Path:
    """Create ``files`` (catalog-relative path → text; a list means frontmatter-only files)."""
    items = files.items() if isinstance(files, dict) else ((p, FM) for p in files)
    for relative, text in items:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def by_path(root: Path) -> dict[str, SourceFile]:
    found = discover(root)
    return {f.path: f for f in found.files}


def kinds(root: Path) -> dict[str, Kind]:
    return {path: f.kind for path, f in by_path(root).items()}


def test_messages_anywhere_are_classified_by_their_collection_folder(tmp_path):
    write_tree(tmp_path, [
        "events/RootEvent/index.mdx",
        "services/Orders/events/OrderCreated/index.mdx",
        "services/Orders/commands/PlaceOrder/index.mdx",
        "services/Orders/queries/GetOrder/index.md",
        "domains/Sales/events/DomainEvent/index.mdx",
        "domains/Sales/subdomains/Billing/services/Invoicing/events/InvoiceSent/index.mdx",
        "systems/Erp/services/Ledger/commands/Post/index.mdx",
    ])
    assert kinds(tmp_path) == {
        "events/RootEvent/index.mdx": Kind.EVENT,
        "services/Orders/events/OrderCreated/index.mdx": Kind.EVENT,
        "services/Orders/commands/PlaceOrder/index.mdx": Kind.COMMAND,
        "services/Orders/queries/GetOrder/index.md": Kind.QUERY,
        "domains/Sales/events/DomainEvent/index.mdx": Kind.EVENT,
        "domains/Sales/subdomains/Billing/services/Invoicing/events/InvoiceSent/index.mdx": Kind.EVENT,
        "systems/Erp/services/Ledger/commands/Post/index.mdx": Kind.COMMAND,
    }
    # The folders above the message (services/Orders …) were not resources here: nothing else found.


def test_services_domains_and_subdomains(tmp_path):
    write_tree(tmp_path, [
        "services/Orders/index.mdx",
        "domains/Sales/index.mdx",
        "domains/Sales/services/Checkout/index.mdx",
        "domains/Sales/subdomains/Billing/index.mdx",
        "domains/Sales/subdomains/Billing/services/Invoicing/index.mdx",
        "systems/Erp/index.mdx",
        "domains/Sales/systems/Pos/services/Till/index.mdx",
    ])
    assert kinds(tmp_path) == {
        "services/Orders/index.mdx": Kind.SERVICE,
        "domains/Sales/index.mdx": Kind.DOMAIN,
        "domains/Sales/services/Checkout/index.mdx": Kind.SERVICE,
        "domains/Sales/subdomains/Billing/index.mdx": Kind.DOMAIN,
        "domains/Sales/subdomains/Billing/services/Invoicing/index.mdx": Kind.SERVICE,
        "systems/Erp/index.mdx": Kind.SYSTEM,
        "domains/Sales/systems/Pos/services/Till/index.mdx": Kind.SERVICE,
    }


def test_source_file_fields_for_a_current_version(tmp_path):
    write_tree(tmp_path, ["services/Orders/events/OrderCreated/index.mdx"])
    [found] = discover(tmp_path).files
    assert found == SourceFile(
        path="services/Orders/events/OrderCreated/index.mdx", kind=Kind.EVENT,
        folder="services/Orders/events/OrderCreated", resource_folder="services/Orders/events/OrderCreated",
        version_dir=None, changelog=None, examples_dir=None)


def test_channels_with_dotted_and_parameterised_ids_nested_in_sub_folders(tmp_path):
    write_tree(tmp_path, [
        "channels/orders.{env}.events/index.mdx",
        "channels/event-buses/cross-account-bus/index.mdx",
        "channels/kafka/eu/payments.{region}.{env}/index.mdx",
        "domains/Sales/channels/sales.bus/index.mdx",
    ])
    found = by_path(tmp_path)
    assert {p: f.kind for p, f in found.items()} == {
        "channels/orders.{env}.events/index.mdx": Kind.CHANNEL,
        "channels/event-buses/cross-account-bus/index.mdx": Kind.CHANNEL,
        "channels/kafka/eu/payments.{region}.{env}/index.mdx": Kind.CHANNEL,
        "domains/Sales/channels/sales.bus/index.mdx": Kind.CHANNEL,
    }
    assert found["channels/kafka/eu/payments.{region}.{env}/index.mdx"].folder == \
        "channels/kafka/eu/payments.{region}.{env}"


def test_flows_teams_and_users(tmp_path):
    write_tree(tmp_path, [
        "flows/Checkout/index.mdx",
        "domains/Sales/flows/Refund/index.mdx",
        "teams/full-stack.mdx",
        "teams/mobile.md",
        "users/dboyne.mdx",
        "users/mSmith.md",
    ])
    found = by_path(tmp_path)
    assert {p: f.kind for p, f in found.items()} == {
        "flows/Checkout/index.mdx": Kind.FLOW,
        "domains/Sales/flows/Refund/index.mdx": Kind.FLOW,
        "teams/full-stack.mdx": Kind.TEAM,
        "teams/mobile.md": Kind.TEAM,
        "users/dboyne.mdx": Kind.USER,
        "users/mSmith.md": Kind.USER,
    }
    assert found["users/dboyne.mdx"].folder == "users"
    assert found["users/dboyne.mdx"].version_dir is None


def test_flat_files_only_at_root_or_under_federated_source(tmp_path):
    write_tree(tmp_path, [
        "federated/partner/teams/partners.mdx",
        "federated/partner/users/pat.mdx",
        "domains/Sales/teams/nested.mdx",  # teams are root-only: not read
        "teams/notes.txt",  # not markdown
    ])
    assert kinds(tmp_path) == {
        "federated/partner/teams/partners.mdx": Kind.TEAM,
        "federated/partner/users/pat.mdx": Kind.USER,
    }


def test_federated_content_is_classified_like_root_content(tmp_path):
    write_tree(tmp_path, ["federated/partner/events/PartnerEvent/index.mdx",
                          "federated/partner/services/PartnerService/index.mdx"])
    assert kinds(tmp_path) == {
        "federated/partner/events/PartnerEvent/index.mdx": Kind.EVENT,
        "federated/partner/services/PartnerService/index.mdx": Kind.SERVICE,
    }


def test_versioned_copies_keep_resource_folder_and_version_dir(tmp_path):
    write_tree(tmp_path, [
        "services/Orders/events/OrderCreated/index.mdx",
        "services/Orders/events/OrderCreated/versioned/0.3.0/index.mdx",
        "services/Orders/events/OrderCreated/versioned/0.6.0/index.md",
        "services/Orders/index.mdx",
        "services/Orders/versioned/0.0.1/index.mdx",
        "channels/orders.{env}.events/versioned/1.0.0/index.mdx",
        "channels/orders.{env}.events/index.mdx",
    ])
    found = by_path(tmp_path)
    old = found["services/Orders/events/OrderCreated/versioned/0.3.0/index.mdx"]
    assert old.kind is Kind.EVENT
    assert old.folder == "services/Orders/events/OrderCreated/versioned/0.3.0"
    assert old.resource_folder == "services/Orders/events/OrderCreated"
    assert old.version_dir == "0.3.0"
    assert found["services/Orders/events/OrderCreated/versioned/0.6.0/index.md"].version_dir == "0.6.0"
    service = found["services/Orders/versioned/0.0.1/index.mdx"]
    assert (service.kind, service.resource_folder, service.version_dir) == (
        Kind.SERVICE, "services/Orders", "0.0.1")
    channel = found["channels/orders.{env}.events/versioned/1.0.0/index.mdx"]
    assert (channel.kind, channel.resource_folder) == (Kind.CHANNEL, "channels/orders.{env}.events")
    assert found["services/Orders/index.mdx"].version_dir is None
    assert len(found) == 7


def test_changelog_detection_for_current_and_versioned(tmp_path):
    write_tree(tmp_path, {
        "events/A/index.mdx": FM, "events/A/changelog.mdx": "# c\n",
        "events/A/versioned/0.0.1/index.mdx": FM, "events/A/versioned/0.0.1/changelog.md": "# c\n",
        "events/A/versioned/0.0.2/index.mdx": FM,
        "events/B/index.md": FM,
    })
    found = by_path(tmp_path)
    assert found["events/A/index.mdx"].changelog == "events/A/changelog.mdx"
    assert found["events/A/versioned/0.0.1/index.mdx"].changelog == "events/A/versioned/0.0.1/changelog.md"
    assert found["events/A/versioned/0.0.2/index.mdx"].changelog is None
    assert found["events/B/index.md"].changelog is None
    # A changelog is not a resource and not a stray file.
    assert len(found) == 4
    assert discover(tmp_path).diagnostics == ()


def test_examples_dir_detection_and_examples_not_walked(tmp_path):
    write_tree(tmp_path, {
        "events/A/index.mdx": FM,
        "events/A/examples/basic.json": "{}",
        "events/A/examples/nested/index.mdx": FM,  # content of examples/ is never a resource
        "events/B/index.mdx": FM,
    })
    found = by_path(tmp_path)
    assert found["events/A/index.mdx"].examples_dir == "events/A/examples"
    assert found["events/B/index.mdx"].examples_dir is None
    assert set(found) == {"events/A/index.mdx", "events/B/index.mdx"}


def test_index_mdx_preferred_over_index_md_in_one_folder(tmp_path):
    write_tree(tmp_path, ["events/A/index.md", "events/A/index.mdx"])
    assert list(by_path(tmp_path)) == ["events/A/index.mdx"]


@pytest.mark.parametrize(("folder", "kind"), [
    ("entities", Kind.ENTITY), ("containers", Kind.CONTAINER), ("adrs", Kind.ADR),
    ("data-products", Kind.DATA_PRODUCT), ("agents", Kind.AGENT), ("systems", Kind.SYSTEM),
    ("diagrams", Kind.DIAGRAM),
])
def test_other_resource_kinds_are_recognised(tmp_path, folder, kind):
    write_tree(tmp_path, [f"{folder}/Thing/index.mdx", f"domains/Sales/{folder}/Nested/index.mdx"])
    assert kinds(tmp_path) == {f"{folder}/Thing/index.mdx": kind,
                               f"domains/Sales/{folder}/Nested/index.mdx": kind}


def test_stray_markdown_file_in_collection_folder_is_ec007_with_hint(tmp_path):
    write_tree(tmp_path, ["events/Foo.mdx", "services/Orders/commands/Bar.md", "events/Ok/index.mdx"])
    found = discover(tmp_path)
    assert [f.path for f in found.files] == ["events/Ok/index.mdx"]
    problems = {d.file: d for d in found.diagnostics}
    assert set(problems) == {"events/Foo.mdx", "services/Orders/commands/Bar.md"}
    foo = problems["events/Foo.mdx"]
    assert foo.code == "EC007"
    assert foo.severity.label == "warning"
    assert "'Foo.mdx' is not read" in foo.message
    assert foo.hint == "did you mean 'events/Foo/index.mdx'?"
    assert problems["services/Orders/commands/Bar.md"].hint == \
        "did you mean 'services/Orders/commands/Bar/index.mdx'?"


def test_non_markdown_and_files_outside_collections_are_ignored_silently(tmp_path):
    write_tree(tmp_path, {"events/schema.json": "{}", "README.md": "# hi\n", "docs/guide/index.mdx": FM,
                          "index.mdx": FM, "events/index.mdx": FM})
    found = discover(tmp_path)
    assert found.files == ()
    assert found.diagnostics == ()


@pytest.mark.parametrize("skipped", ["node_modules", "public", ".eventcatalog-core", ".git", "dist"])
def test_tool_and_build_folders_are_skipped(tmp_path, skipped):
    write_tree(tmp_path, [f"{skipped}/pkg/events/Hidden/index.mdx", f"{skipped}/events/Stray.mdx",
                          "events/Visible/index.mdx"])
    found = discover(tmp_path)
    assert [f.path for f in found.files] == ["events/Visible/index.mdx"]
    assert found.diagnostics == ()


def test_node_modules_skipped_at_any_depth(tmp_path):
    write_tree(tmp_path, ["services/Orders/node_modules/x/events/E/index.mdx", "services/Orders/index.mdx"])
    assert list(by_path(tmp_path)) == ["services/Orders/index.mdx"]


def test_files_come_back_in_a_stable_sorted_order(tmp_path):
    write_tree(tmp_path, ["services/B/index.mdx", "services/A/index.mdx", "events/Z/index.mdx",
                          "events/A/index.mdx"])
    paths = [f.path for f in discover(tmp_path).files]
    assert paths == ["events/A/index.mdx", "events/Z/index.mdx", "services/A/index.mdx",
                     "services/B/index.mdx"]


def test_empty_catalog(tmp_path):
    found = discover(tmp_path)
    assert found.files == ()
    assert found.diagnostics == ()


def test_resource_folders_named_like_project_folders_are_still_read(tmp_path):
    write_tree(tmp_path, ["services/site/index.mdx", "channels/public/index.mdx", "flows/pages/index.mdx"])
    assert kinds(tmp_path) == {"services/site/index.mdx": Kind.SERVICE,
                               "channels/public/index.mdx": Kind.CHANNEL,
                               "flows/pages/index.mdx": Kind.FLOW}


def test_a_resource_folder_linked_out_of_the_catalog_is_ec009_not_skipped(tmp_path):
    outside = tmp_path / "outside" / "Leak"
    outside.mkdir(parents=True)
    (outside / "index.mdx").write_text("---\nid: Leak\n---\n", encoding="utf-8")
    (tmp_path / "catalog" / "events").mkdir(parents=True)
    (tmp_path / "catalog" / "events" / "Leak").symlink_to(outside)
    found = discover(tmp_path / "catalog")
    assert found.files == ()
    assert [(d.code, d.file) for d in found.diagnostics] == [("EC009", "events/Leak")]
