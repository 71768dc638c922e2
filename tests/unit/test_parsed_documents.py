"""Parsed files kept between loads of one catalog (`evcat serve`): unchanged text is not parsed again,
changed text is, and the loaded catalog is the same as without the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.catalog.load import ParsedDocuments, load_catalog

ROOT = Path(__file__).resolve().parents[2]
EVENT = "domains/Inventory/services/InventoryService/events/OutOfStock/index.mdx"


def test_unchanged_text_gives_the_kept_result_and_changed_text_a_new_one() -> None:
    parsed = ParsedDocuments()
    first = parsed.parse("a/index.mdx", "---\nid: a\n---\nbody\n")
    parsed.end_of_load()
    assert parsed.parse("a/index.mdx", "---\nid: a\n---\nbody\n") is first
    changed = parsed.parse("a/index.mdx", "---\nid: b\n---\nbody\n")
    assert changed is not first and changed.document.data["id"] == "b"
    # The same text at another path is another document (its findings and locations name the path).
    assert parsed.parse("b/index.mdx", "---\nid: a\n---\nbody\n").document.path == "b/index.mdx"


def test_files_not_seen_in_a_load_are_forgotten_after_it() -> None:
    parsed = ParsedDocuments()
    first = parsed.parse("a/index.mdx", "---\nid: a\n---\n")
    parsed.end_of_load()
    parsed.end_of_load()  # a load that did not read a/index.mdx
    assert parsed.parse("a/index.mdx", "---\nid: a\n---\n") is not first


def test_a_bad_file_keeps_its_findings_on_every_load() -> None:
    parsed = ParsedDocuments()
    bomb = "---\na: &a [1, 2]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: *c\n---\n"
    first = parsed.parse("x/index.mdx", bomb)
    parsed.end_of_load()
    again = parsed.parse("x/index.mdx", bomb)
    assert first.diagnostics and again.diagnostics == first.diagnostics


def test_a_catalog_loaded_with_kept_files_equals_one_loaded_afresh(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    parsed = ParsedDocuments()
    load_catalog(catalog, parsed=parsed)
    path = catalog / EVENT
    path.write_text(path.read_text(encoding="utf-8") + "\nAn added line <script>alert(1)</script>.\n",
                    encoding="utf-8")
    kept = load_catalog(catalog, parsed=parsed)
    fresh = load_catalog(catalog)
    assert list(kept.catalog) == list(fresh.catalog)
    assert list(kept.diagnostics) == list(fresh.diagnostics)
    assert any("An added line <script>" in r.document.body for r in kept.catalog)
