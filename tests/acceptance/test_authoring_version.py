"""``evcat version``: the current version kept in ``versioned/<old>/``, the new one written, atomically."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert run("init", str(tmp_path / "repo"))[0] == 0
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


@pytest.fixture
def message(repo: Path) -> Path:
    folder = repo / "catalog/events/OrderPlaced"
    # A message folder that holds another resource: it must stay where it is.
    nested = folder / "events/OrderNote"
    nested.mkdir(parents=True)
    (nested / "index.mdx").write_text("---\nid: OrderNote\nname: Order note\nversion: 1.0.0\n---\n")
    (folder / "changelog.mdx").write_text("---\ncreatedAt: 2026-01-01\n---\n\nFirst release.\n")
    return folder


def test_version_moves_the_current_version_and_writes_the_new_one(repo: Path, message: Path) -> None:
    before = snapshot(repo)
    code, output = run("version", "OrderPlaced", "Adds the delivery window", "--minor")
    assert code == 0, output
    assert "OrderPlaced 0.0.1 → 0.1.0 (minor; --minor)" in output
    assert "copied events/OrderPlaced/schema.json (to versioned/0.0.1/schema.json)" in output
    archived = message / "versioned/0.0.1"
    for name in ("index.mdx", "schema.json", "examples/order-placed.json", "changelog.mdx"):
        assert (archived / name).read_bytes() == before[f"catalog/events/OrderPlaced/{name}"]
    assert not (archived / "events").exists()  # the nested resource is not versioned
    assert (message / "events/OrderNote/index.mdx").is_file()
    index = (message / "index.mdx").read_text()
    assert index == before["catalog/events/OrderPlaced/index.mdx"].decode().replace("version: 0.0.1", "version: 0.1.0")
    assert "## 0.1.0\n\nAdds the delivery window\n" in (message / "changelog.mdx").read_text()
    changed = {name for name, data in snapshot(repo).items() if before.get(name) != data}
    assert changed == {"catalog/events/OrderPlaced/index.mdx", "catalog/events/OrderPlaced/changelog.mdx",
                       *(f"catalog/events/OrderPlaced/versioned/0.0.1/{n}" for n in
                         ("index.mdx", "schema.json", "examples/order-placed.json", "changelog.mdx"))}
    code, output = run("validate")
    assert code == 0, output


@pytest.mark.parametrize("bump,expected", [("--major", "1.0.0"), ("--patch", "0.0.2")])
def test_each_bump(repo: Path, bump: str, expected: str) -> None:
    code, output = run("version", "OrderPlaced", "note", bump)
    assert code == 0 and f"0.0.1 → {expected}" in output


def test_dry_run_writes_nothing(repo: Path, message: Path) -> None:
    before = snapshot(repo)
    code, output = run("version", "OrderPlaced", "note", "--minor", "--dry-run")
    assert code == 0 and "dry run, nothing written" in output and "0.0.1 → 0.1.0" in output
    assert snapshot(repo) == before


def test_refusals_leave_the_catalog_as_it_was(repo: Path, message: Path) -> None:
    before = snapshot(repo)
    for args, said in ((("Nope", "n", "--minor"), "no event, command or query"),
                       (("OrderPlaced", "n"), "choose one bump"),
                       (("OrderPlaced", "n", "--major", "--patch"), "choose one bump"),
                       (("OrderPlaced", " ", "--minor"), "changelog message is empty"),
                       (("OrderPlaced", "n", "--auto"), "has none yet")):
        code, output = run("version", *args)
        assert code == 2 and said in output, output
    (message / "versioned/0.0.1").mkdir(parents=True)
    (message / "versioned/0.0.1/mine.txt").write_text("mine")
    code, output = run("version", "OrderPlaced", "n", "--minor")
    assert code == 2 and "already exists" in output
    assert snapshot(repo) == {**before, "catalog/events/OrderPlaced/versioned/0.0.1/mine.txt": b"mine"}


def test_auto_picks_the_bump_the_schema_change_requires(repo: Path, message: Path) -> None:
    assert run("version", "OrderPlaced", "first", "--patch")[0] == 0  # 0.0.1 kept in versioned/
    schema_file = message / "schema.json"
    schema = json.loads(schema_file.read_text())
    schema["properties"]["note"] = {"type": "string"}  # optional field on a closed object: compatible
    schema_file.write_text(json.dumps(schema))
    code, output = run("version", "OrderPlaced", "adds note", "--auto", "--dry-run")
    assert code == 0 and "0.0.2 → 0.1.0 (minor; --auto: 1 schema change(s) since 0.0.1 under BACKWARD)" in output
    schema["required"].append("note")
    schema_file.write_text(json.dumps(schema))
    code, output = run("version", "OrderPlaced", "requires note", "--auto")
    # A breaking change needs a major bump; while the major version is 0 semver lets a minor bump carry it.
    assert code == 0 and "0.0.2 → 0.1.0 (minor; --auto:" in output
    assert run("version", "OrderPlaced", "stable", "--major")[0] == 0
    schema["properties"].pop("total")
    schema["required"].remove("total")
    schema_file.write_text(json.dumps(schema))
    code, output = run("version", "OrderPlaced", "drops total", "--auto")
    assert code == 0 and "1.0.0 → 2.0.0 (major; --auto:" in output


def test_auto_without_a_schema_change_is_a_patch(repo: Path) -> None:
    assert run("version", "OrderPlaced", "first", "--minor")[0] == 0
    code, output = run("version", "OrderPlaced", "docs only", "--auto")
    assert code == 0 and "0.1.0 → 0.1.1 (patch; --auto: no schema change since 0.0.1" in output


@pytest.mark.parametrize("failing_call", range(4))  # index, changelog, then each rename of the swap
def test_a_failure_mid_way_leaves_the_catalog_as_it_was(repo: Path, message: Path,
                                                         monkeypatch: pytest.MonkeyPatch, failing_call: int) -> None:
    before = snapshot(repo)
    calls = {"rename": 0}
    real_rename, real_replace = os.rename, os.replace

    def failing(real):
        def wrapper(*args, **kwargs):
            calls["rename"] += 1
            if calls["rename"] == failing_call + 1:
                raise OSError(28, "No space left on device")
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(os, "rename", failing(real_rename))
    monkeypatch.setattr(os, "replace", failing(real_replace))
    code, output = run("version", "OrderPlaced", "note", "--minor")
    assert code == 2 and "No space left on device" in output
    assert snapshot(repo) == before
    assert not [p.name for p in message.parent.iterdir() if p.name.startswith(".")]


# Counted: 3 copies (the version kept), 2 replaces (index, changelog), 2 renames (the swap; 7 stops between
# them, after the original was renamed aside).
@pytest.mark.parametrize("stop_at", range(1, 8))
def test_interrupted_by_ctrl_c_leaves_the_catalog_as_it_was(repo: Path, message: Path, stop_at: int) -> None:
    """The real evcat script, sent SIGINT at the Nth file operation of the run (a deterministic moment)."""
    before = snapshot(repo)
    script = textwrap.dedent(f"""
        import os, shutil, signal, sys
        from generator.cli import main
        count = 0
        def stopping(real):
            def wrapper(*args, **kwargs):
                global count
                count += 1
                if count == {stop_at}:
                    os.kill(os.getpid(), signal.SIGINT)
                return real(*args, **kwargs)
            return wrapper
        os.rename, os.replace, shutil.copy2 = stopping(os.rename), stopping(os.replace), stopping(shutil.copy2)
        sys.argv = ["evcat", "version", "OrderPlaced", "note", "--minor"]
        main()
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=repo, capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, done.stderr
    assert "evcat: interrupted" in done.stderr
    assert snapshot(repo) == before
    assert not [p.name for p in message.parent.iterdir() if p.name.startswith(".")]
