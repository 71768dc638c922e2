"""Every snippet the example catalog's message pages show is valid code: all Python files pass ruff (and
compile), all JavaScript files pass node --check, and every protocol the issue names is covered."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from snippet_harness import REPO, RUFF_ARGS, ruff_command, skip_or_fail

CATALOG = REPO / "catalog"


@pytest.fixture(scope="module")
def catalog_snippets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """Write every snippet of every message page of the example catalog to a folder."""
    from generator.cli import resolve_settings
    from generator.render.context.messages import first_payload
    from generator.rules.validate import validate_catalog
    from generator.snippets.view import snippet_groups

    catalog = validate_catalog(resolve_settings(CATALOG, None)).catalog
    folder = tmp_path_factory.mktemp("catalog-snippets")
    written: list[dict[str, Any]] = []
    for message in catalog.messages:
        for group in snippet_groups(catalog, message, first_payload(catalog, message)):
            for tab in group["tabs"]:
                for role in tab["roles"]:
                    suffix = ".py" if role["lang"] == "python" else ".mjs"
                    path = folder / f"snippet_{len(written)}{suffix}"
                    path.write_text(role["code"], encoding="utf-8")
                    written.append({"path": path, "protocol": group["protocol"], "title": role["title"]})
    return folder, written


def test_catalog_covers_every_protocol(catalog_snippets: tuple[Path, list[dict[str, Any]]]) -> None:
    _, written = catalog_snippets
    protocols = {w["protocol"] for w in written}
    assert {"Kafka", "RabbitMQ (AMQP)", "HTTP webhook"} <= protocols
    assert any("EventBridge" in p for p in protocols)


def test_catalog_python_snippets_pass_ruff(catalog_snippets: tuple[Path, list[dict[str, Any]]]) -> None:
    folder, written = catalog_snippets
    for item in written:
        if item["path"].suffix == ".py":
            compile(item["path"].read_text(), str(item["path"]), "exec")
    done = subprocess.run([*ruff_command(), *RUFF_ARGS, str(folder)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_catalog_javascript_snippets_pass_node_check(catalog_snippets: tuple[Path, list[dict[str, Any]]]) -> None:
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node is not installed")
    _, written = catalog_snippets
    failures = []
    for item in written:
        if item["path"].suffix == ".mjs":
            done = subprocess.run([node, "--check", str(item["path"])], capture_output=True, text=True, check=False)
            if done.returncode:
                failures.append(f"{item['title']}: {done.stderr}")
    assert not failures, "\n".join(failures)
