"""``evcat init`` and ``evcat new`` through the real CLI: what a user sees, and what lands on disk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

HOSTILE_SERVICE = """---
# The order service. Keep this comment!
id: 'OrderService'   # quoted on purpose
name: "Order Service"
version: 0.0.1

owners: [orders-team]    # flow style stays flow style
sends:
    -   id: OrderPlaced     # four-space lists
        to:
            -   id: orders.events
repository:
   language: Python   # three spaces
---

## Overview

Body with {braces}, <b>HTML</b>,   odd   spacing and a trailing line without newline"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    code, output = run("init", str(tmp_path / "repo"))
    assert code == 0, output
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_writes_a_repository_that_validates_and_builds(repo: Path) -> None:
    for name in ("mkdocs.yml", "README.md", ".pre-commit-config.yaml", ".github/workflows/catalog.yml",
                 ".gitignore", "catalog/events/OrderPlaced/schema.json",
                 "catalog/events/OrderPlaced/examples/order-placed.json", "catalog/teams/orders-team.mdx",
                 "catalog/users/jane.mdx", "catalog/channels/orders.events/index.mdx",
                 "catalog/domains/Orders/index.mdx", "catalog/services/OrderService/index.mdx"):
        assert (repo / name).is_file(), name
    assert "evcat validate --format github" in (repo / ".github/workflows/catalog.yml").read_text()
    assert "- evcat:" in (repo / "mkdocs.yml").read_text()
    code, output = run("validate")
    assert (code, output.strip()) == (0, "✔ no problems found (6 files checked)")
    code, output = run("build", "--strict")
    assert code == 0, output
    page = (repo / "site/catalog/events/OrderPlaced/index.html").read_text()
    assert "Order placed" in page


def test_init_prints_what_it_wrote_and_dry_run_writes_nothing(tmp_path: Path) -> None:
    code, output = run("init", str(tmp_path / "dry"), "--dry-run")
    assert code == 0
    assert "dry run, nothing written" in output and "created mkdocs.yml" in output
    assert not (tmp_path / "dry").exists()
    code, output = run("init", str(tmp_path / "real"))
    assert "created .github/workflows/catalog.yml" in output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("my notes")
    code, output = run("init", str(tmp_path))
    assert code == 2 and "is not empty" in output
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


@pytest.mark.parametrize("kind", ["event", "command", "query"])
@pytest.mark.parametrize("schema", ["json", "avro"])
def test_new_message_validates_and_is_pointed_at_by_its_service(repo: Path, kind: str, schema: str) -> None:
    code, output = run("new", kind, "OrderShipped", "--service", "OrderService", "--channel", "orders.events",
                       "--schema", schema)
    assert code == 0, output
    folder = repo / "catalog" / {"event": "events", "command": "commands", "query": "queries"}[kind] / "OrderShipped"
    schema_name = "schema.avsc" if schema == "avro" else "schema.json"
    assert f"created {folder.parent.name}/OrderShipped/{schema_name}" in output
    assert (folder / "examples/example.json").is_file()
    field, direction = ("sends", "to") if kind == "event" else ("receives", "from")
    assert f"edited services/OrderService/index.mdx ({field} += OrderShipped)" in output
    service = (repo / "catalog/services/OrderService/index.mdx").read_text()
    assert f"  - id: OrderShipped\n    {direction}:\n      - id: orders.events\n" in service
    code, output = run("validate", "--strict")
    assert (code, output.strip()) == (0, "✔ no problems found (7 files checked)")


@pytest.mark.parametrize("kind,listed", [("service", "services"), ("flow", "flows"), ("domain", "domains")])
def test_new_resource_in_a_domain(repo: Path, kind: str, listed: str) -> None:
    code, output = run("new", kind, "Shipping", "--domain", "Orders")
    assert code == 0, output
    frontmatter = yaml.safe_load((repo / "catalog/domains/Orders/index.mdx").read_text().split("---")[1])
    assert {"id": "Shipping"} in frontmatter[listed]
    code, output = run("validate")
    assert code == 0, output


@pytest.mark.parametrize("kind", ["team", "user", "channel"])
def test_new_resources_without_pointers_validate(repo: Path, kind: str) -> None:
    code, output = run("new", kind, "fresh-one")
    assert code == 0, output
    code, output = run("validate", "--strict")
    assert code == 0, output


def test_service_frontmatter_edit_keeps_comments_formatting_and_the_body(repo: Path) -> None:
    service = repo / "catalog/services/OrderService/index.mdx"
    service.write_text(HOSTILE_SERVICE)
    code, output = run("new", "event", "OrderShipped", "--service", "OrderService")
    assert code == 0, output
    after = service.read_text()
    head, added, rest = HOSTILE_SERVICE.partition("repository:")
    assert after == head.replace("            -   id: orders.events\n",
                                 "            -   id: orders.events\n    -   id: OrderShipped\n") + added + rest
    assert after.endswith("trailing line without newline")


def test_frontmatter_it_cannot_keep_is_refused_untouched(repo: Path) -> None:
    service = repo / "catalog/services/OrderService/index.mdx"
    # A spacing ruamel.yaml cannot reproduce: the edit is refused, not reformatted.
    odd = HOSTILE_SERVICE.replace("name: \"Order Service\"", "name:      \"Order Service\"")
    service.write_text(odd)
    code, output = run("new", "event", "OrderShipped", "--service", "OrderService")
    assert code == 2 and "without changing its formatting" in output
    assert service.read_text() == odd
    assert not (repo / "catalog/events/OrderShipped").exists()  # nothing half-done


def test_a_pointer_field_that_is_not_a_list_stops_before_anything_is_written(repo: Path) -> None:
    service = repo / "catalog/services/OrderService/index.mdx"
    service.write_text(service.read_text().replace("owners:\n  - orders-team\n", "receives: everything\n"))
    before = snapshot(repo)
    code, output = run("new", "command", "Cancel", "--service", "OrderService")
    assert code == 2 and "'receives' is not a list; add 'Cancel' by hand" in output
    assert snapshot(repo) == before


@pytest.mark.parametrize("ident", ["<script>alert(1)", '"""', "O'Brien: {x}"])
def test_hostile_ids_are_written_as_data(repo: Path, ident: str) -> None:
    code, output = run("new", "event", ident, "--service", "OrderService")
    assert code == 0, output
    index = repo / "catalog/events" / ident / "index.mdx"
    assert index.is_file()
    code, output = run("validate", "--strict")
    assert code == 0, output
    code, output = run("build")
    assert code == 0, output
    pages = "".join(p.read_text() for p in (repo / "site").rglob("*.html"))
    assert "<script>alert(1)" not in pages


@pytest.mark.parametrize("ident", ["../escape", "a/b", "..", "bad\x07id", "x" * 201, " "])
def test_ids_that_cannot_name_a_page_are_refused(repo: Path, ident: str) -> None:
    before = snapshot(repo)
    code, output = run("new", "event", ident)
    assert code == 2 and "evcat: error: the id" in output
    assert snapshot(repo) == before


def test_new_never_overwrites(repo: Path) -> None:
    before = snapshot(repo)
    for args in (("event", "OrderPlaced"), ("service", "OrderService"), ("team", "orders-team"),
                 ("user", "jane")):
        code, output = run("new", *args)
        assert code == 2 and "already exists" in output, output
    assert snapshot(repo) == before
    (repo / "catalog/events/Untracked").mkdir()
    (repo / "catalog/events/Untracked/notes.txt").write_text("mine")
    code, output = run("new", "event", "Untracked")
    assert code == 2 and "already exists" in output
    assert (repo / "catalog/events/Untracked/notes.txt").read_text() == "mine"


def test_new_dry_run_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    code, output = run("new", "event", "OrderShipped", "--service", "OrderService", "--dry-run")
    assert code == 0 and "dry run, nothing written" in output
    assert "created events/OrderShipped/index.mdx" in output
    assert "edited services/OrderService/index.mdx (sends += OrderShipped)" in output
    assert snapshot(repo) == before


def test_unknown_service_domain_or_channel_is_a_clear_error(repo: Path) -> None:
    before = snapshot(repo)
    for args, said in ((("event", "A", "--service", "Nope"), "no service with that id"),
                       (("service", "A", "--domain", "Nope"), "no domain with that id"),
                       (("event", "A", "--service", "OrderService", "--channel", "nope"), "no channel"),
                       (("team", "A", "--domain", "Orders"), "--domain names the domain"),
                       (("event", "A", "--channel", "orders.events"), "--channel goes with")):
        code, output = run("new", *args)
        assert code == 2 and said in output, output
    assert snapshot(repo) == before


def test_created_files_have_the_usual_permissions(repo: Path) -> None:
    run("new", "event", "OrderShipped")
    mask = os.umask(0)
    os.umask(mask)
    assert (repo / "catalog/events/OrderShipped/index.mdx").stat().st_mode & 0o777 == 0o666 & ~mask
    assert json.loads((repo / "catalog/events/OrderShipped/examples/example.json").read_text())["id"]
