"""`evcat generate --out DIR`: Markdown only, written only when changed, orphans removed, and never into the
catalog itself (site.md §6)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "catalog"
INVENTORY_ADJUSTED = "domains/Inventory/services/InventoryService/events/InventoryAdjusted"


def run(cwd: Path, *arguments: str) -> Result:
    with contextlib.chdir(cwd):
        return CliRunner().invoke(cli, list(arguments))


def summary(result: Result) -> tuple[int, int]:
    """(files, written) from the one-line summary ``evcat: N files in OUT/ (W written, …)``."""
    match = re.search(r"evcat: (\d+) files in .* \((\d+) written", result.output)
    assert match, result.output
    return int(match.group(1)), int(match.group(2))


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``root`` with its inode, modification time and content."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def work(tmp_path: Path) -> dict[str, Path]:
    """A private copy of the example catalog, an output folder and an empty working folder (no mkdocs.yml)."""
    catalog = tmp_path / "catalog"
    shutil.copytree(CATALOG, catalog)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    return {"catalog": catalog, "out": tmp_path / "out", "cwd": cwd}


def test_generate_writes_markdown_then_nothing_when_unchanged(work: dict[str, Path]) -> None:
    catalog, out, cwd = work["catalog"], work["out"], work["cwd"]
    first = run(cwd, "generate", str(catalog), "--out", str(out))
    assert first.exit_code == 0, first.output
    files, written = summary(first)
    assert files == written > 50

    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert "index.md" in pages  # no --prefix: the catalog home is the root page
    assert "events/InventoryAdjusted/index.md" in pages
    assert "events/InventoryAdjusted/1.0.0/index.md" in pages
    assert "events/InventoryAdjusted/1.0.0/changes.md" in pages
    # Markdown with front matter, not HTML.
    page = (out / "events/InventoryAdjusted/index.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: \"Inventory adjusted\"\n")
    assert "\n# Inventory adjusted <small>event · v1.0.1</small>\n" in page
    assert "<html" not in page
    # Schemas are published beside the page for download.
    assert (out / "events/InventoryAdjusted/schema.avsc").read_bytes() == \
        (catalog / INVENTORY_ADJUSTED / "schema.avsc").read_bytes()
    assert len(list(out.rglob("*"))) > files  # folders too: nothing but files and their folders
    assert sum(1 for p in out.rglob("*") if p.is_file() and p.name != ".evcat-output") == files

    before = snapshot(out)
    second = run(cwd, "generate", str(catalog), "--out", str(out))
    assert second.exit_code == 0, second.output
    assert summary(second) == (files, 0)
    # Same inodes, times and bytes: no file was rewritten (a rewrite replaces the inode).
    assert snapshot(out) == before


def test_generate_rewrites_only_the_pages_a_change_affects(work: dict[str, Path]) -> None:
    catalog, out, cwd = work["catalog"], work["out"], work["cwd"]
    assert run(cwd, "generate", str(catalog), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    team = catalog / "teams" / "mobile-devs.mdx"
    team.write_text(team.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nA new first line.\n", 1),
                    encoding="utf-8")

    result = run(cwd, "generate", str(catalog), "--out", str(out))
    assert result.exit_code == 0, result.output
    after = snapshot(out)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert changed == ["teams/mobile-devs.md"]
    assert "A new first line." in (out / "teams/mobile-devs.md").read_text(encoding="utf-8")
    assert summary(result)[1] == 1


def test_generate_removes_pages_of_deleted_resources_and_stray_files(work: dict[str, Path]) -> None:
    catalog, out, cwd = work["catalog"], work["out"], work["cwd"]
    assert run(cwd, "generate", str(catalog), "--out", str(out)).exit_code == 0
    assert (out / "flows/CycleCount/index.md").is_file()
    assert (out / "events/InventoryAdjusted/0.0.1/index.md").is_file()
    assert (out / "events/InventoryAdjusted/0.1.0/changes.md").is_file()
    (out / "notes").mkdir()
    (out / "notes" / "stray.md").write_text("not generated\n", encoding="utf-8")

    shutil.rmtree(catalog / "flows" / "CycleCount")
    shutil.rmtree(catalog / INVENTORY_ADJUSTED / "versioned" / "0.0.1")
    result = run(cwd, "generate", str(catalog), "--out", str(out))
    assert result.exit_code == 0, result.output

    # The deleted flow's page and folder are gone.
    assert not (out / "flows/CycleCount").exists()
    assert (out / "flows/RestockAfterOutOfStock/index.md").is_file()
    # The deleted version's page and schema are gone, and 0.1.0, now the first version, has no change page.
    assert not (out / "events/InventoryAdjusted/0.0.1").exists()
    assert not (out / "events/InventoryAdjusted/0.1.0/changes.md").exists()
    assert (out / "events/InventoryAdjusted/0.1.0/index.md").is_file()
    # The output folder is owned by evcat: a file it did not generate is removed too.
    assert not (out / "notes").exists()
    files, _ = summary(result)
    assert sum(1 for p in out.rglob("*") if p.is_file() and p.name != ".evcat-output") == files
    # No page still links to the deleted pages.
    for page in out.rglob("*.md"):
        assert "CycleCount/index.md" not in page.read_text(encoding="utf-8"), page
    for page in (out / "events/InventoryAdjusted").rglob("*.md"):
        assert "0.0.1/index.md" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("target", ["catalog", "catalog/sub", "."])
def test_generate_refuses_to_write_into_the_catalog_or_the_working_folder(
        work: dict[str, Path], target: str) -> None:
    catalog = work["catalog"]
    cwd = catalog.parent if target != "." else work["cwd"]
    before = snapshot(catalog)
    result = run(cwd, "generate", str(catalog), "--out", target)
    assert result.exit_code == 2, result.output
    assert "evcat: error: --out" in result.output and "pick a new folder" in result.output
    assert snapshot(catalog) == before
    assert not (catalog / "sub").exists()
    assert not (catalog / "index.md").exists()


def test_generate_requires_out(work: dict[str, Path]) -> None:
    result = run(work["cwd"], "generate", str(work["catalog"]))
    assert result.exit_code == 2
    assert "--out" in result.output
    assert os.listdir(work["cwd"]) == []
