"""The change page of a message version (``evcat generate``): the mode it was checked under, whether it is
compatible, each classified change, the consumers affected; the version table marks breaking versions."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import cli

HOSTILE = '<script>alert(1)</script>"""|../x'


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n\nText.\n"


def obj(*required: str, **properties: object) -> dict:
    return {"type": "object", "properties": {"id": {"type": "string"}, **properties},
            "required": ["id", *required], "additionalProperties": False}


def generate(root: Path, versions: dict[str, dict], mode: str | None = None,
             consumer: str = "Billing", extra: dict | None = None) -> Path:
    """A catalog with event Placed in ``versions`` and a consumer on ``^1.0.0``; its generated pages."""
    catalog = root / "catalog"
    write(catalog / "users/jdoe.mdx", page(id="jdoe", name="Jane Doe"))
    write(catalog / "services/Billing/index.mdx", page(id="Billing", name=consumer, version="1.0.0",
                                                       owners=["jdoe"],
                                                       receives=[{"id": "Placed", "version": "^1.0.0"}]))
    ordered = list(versions)
    for version, schema in versions.items():
        place = catalog / "events/Placed" / ("" if version == ordered[-1] else f"versioned/{version}")
        write(place / "index.mdx", page(id="Placed", name="Placed", version=version, owners=["jdoe"],
                                        schemaPath="schema.json", **(extra or {})))
        write(place / "schema.json", json.dumps(schema))
    if mode:
        write(root / "mkdocs.yml", f"site_name: t\nplugins:\n  - evcat:\n      compatibility: {mode}\n")
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["generate", "--out", "out", "--prefix", "c"])
    assert result.exit_code == 0, result.output
    return root / "out/c/events/Placed"


def test_a_breaking_version_names_mode_changes_and_consumers(tmp_path: Path) -> None:
    pages = generate(tmp_path, {"1.0.0": obj(), "1.1.0": obj("total", total={"type": "number"})},
                     mode="FULL", consumer=HOSTILE)
    changes = (pages / "1.1.0/changes.md").read_text(encoding="utf-8")
    assert '!!! danger "Breaking under FULL"' in changes
    assert "Checked under **FULL** (the catalog's mode):" in changes
    assert "against 1.0.0: 1 breaking change; it requires a major bump, not minor" in changes
    assert ("| <code>REQUIRED_<wbr>PROPERTY_<wbr>ADDED_<wbr>TO_<wbr>UNOPEN_<wbr>CONTENT_<wbr>MODEL</code> "
            "| <code>/<wbr>properties/<wbr>total</code> | "
            "breaks readers and writers | **yes** |") in changes
    assert "### Consumers affected" in changes and "reads it via <code>^1.0.0</code>" in changes
    assert "<script>" not in changes and "&lt;script&gt;" in changes
    table = (pages / "index.md").read_text(encoding="utf-8")
    assert "[what changed](1.1.0/changes.md) · **breaking** |" in table


def test_a_compatible_version_says_so_and_the_mode_it_declares(tmp_path: Path) -> None:
    pages = generate(tmp_path, {"1.0.0": obj(), "1.1.0": obj(note={"type": "string"})},
                     extra={"x-compatibility": "backward_transitive"})
    changes = (pages / "1.1.0/changes.md").read_text(encoding="utf-8")
    assert '!!! success "Compatible under BACKWARD_TRANSITIVE"' in changes
    assert "set by this version's" in changes and "1.1.0 is compatible with 1.0.0." in changes
    assert "| <code>OPTIONAL_<wbr>PROPERTY_<wbr>ADDED_<wbr>TO_<wbr>UNOPEN_<wbr>CONTENT_<wbr>MODEL</code> |" in changes
    assert "Consumers affected" not in changes
    assert "**breaking**" not in (pages / "index.md").read_text(encoding="utf-8")


def test_mode_none_checks_nothing_and_hostile_field_names_stay_text(tmp_path: Path) -> None:
    pages = generate(tmp_path, {"1.0.0": obj(), "2.0.0": obj(HOSTILE, **{HOSTILE: {"type": "string"}})},
                     mode="NONE")
    changes = (pages / "2.0.0/changes.md").read_text(encoding="utf-8")
    assert "Checked under **NONE** (the catalog's mode): no compatibility check is asked for." in changes
    assert "<script>" not in changes
    rows = [line for line in changes.splitlines() if line.startswith("| <code>REQUIRED_<wbr>PROPERTY")]
    assert rows and all("&lt;script&gt;" in row for row in rows)
