"""`evcat snippet` through the real CLI on the example catalog."""

from __future__ import annotations

import ast
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

CATALOG = str(Path(__file__).resolve().parents[2] / "catalog")


def run(*args: str):
    return CliRunner().invoke(cli, ["snippet", *args, "--catalog", CATALOG])


def test_both_roles_by_default_and_the_code_parses():
    result = run("OutOfStock", "--protocol", "kafka", "--lang", "python")
    assert result.exit_code == 0, result.output
    assert "Kafka producer" in result.output and "Kafka consumer" in result.output
    assert 'f"inventory.{ENV}.events"' in result.output
    for block in result.output.split("# --- ")[1:]:
        ast.parse(block.split("---\n", 1)[1])


def test_one_role_for_javascript_on_the_default_protocol():
    result = run("BinCreated", "--lang", "javascript", "--role", "consumer")
    assert result.exit_code == 0, result.output
    assert "consumer" in result.output.lower() and "producer —" not in result.output.lower()
    assert "inventory.bin.created" in result.output


def test_a_version_can_be_named():
    result = run("InventoryAdjusted@1.0.0", "--protocol", "kafka", "--role", "producer")
    assert result.exit_code == 0, result.output
    assert "1.0.0" in result.output


def test_unknown_message_and_wrong_protocol_are_usage_errors():
    unknown = run("OutOfStok")
    assert unknown.exit_code == 2
    assert "did you mean 'OutOfStock'?" in unknown.output
    wrong = run("BinCreated", "--protocol", "amqp")
    assert wrong.exit_code == 2
    assert "it uses: eventbridge" in wrong.output


def test_snippet_takes_the_catalog_as_a_positional_argument_too(tmp_path) -> None:
    import contextlib as _contextlib

    from click.testing import CliRunner as _Runner

    from generator.cli import cli as _cli

    catalog = str(Path(__file__).resolve().parents[2] / "catalog")
    with _contextlib.chdir(tmp_path):
        positional = _Runner().invoke(_cli, ["snippet", catalog, "OutOfStock", "--role", "producer"])
        option = _Runner().invoke(_cli, ["snippet", "OutOfStock", "--catalog", catalog, "--role", "producer"])
        wrong = _Runner().invoke(_cli, ["snippet", catalog, "OutOfStock", "--protocol", "amqp"])
        both = _Runner().invoke(_cli, ["snippet", catalog, "OutOfStock", "--catalog", str(tmp_path)])
    assert positional.exit_code == 0 and positional.output == option.output
    assert "is not on an amqp channel" in wrong.output
    assert both.exit_code == 2 and "two catalogs" in both.output
