"""Rebuilds under `evcat serve` (render/incremental.py): a quick pass writes only the edited units' pages,
the catch-up makes the folder exactly what a full generate makes, and nothing is missed or left behind."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.catalog.load import ParsedDocuments
from generator.render import outputs
from generator.render.generate import Generated, generate
from generator.render.incremental import SiteState
from generator.rules.validate import validate_catalog
from generator.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
EVENT = "domains/Inventory/services/InventoryService/events/OutOfStock/index.mdx"
HOSTILE = '<script>alert(1)</script> """ ../../etc/passwd'


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    copy = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", copy)
    return copy


def run(catalog: Path, out: Path, state: SiteState | None = None, stop=None,
        parsed: ParsedDocuments | None = None) -> Generated:
    outcome = validate_catalog(Settings(catalog=catalog), parsed=parsed)
    if not out.exists():
        out.mkdir()
        outputs.mark(out)
    return generate(outcome.catalog, outcome.diagnostics, out, search_from_model=True, state=state, stop=stop)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_as_a_fresh_generate(catalog: Path, served: Path, fresh: Path) -> None:
    """The folder ``served`` holds exactly what a full generate of ``catalog`` into ``fresh`` writes."""
    run(catalog, fresh)
    assert tree(served) == tree(fresh)


def edit(catalog: Path, relative: str, pattern: str, replacement: str) -> None:
    path = catalog / relative
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_an_edit_is_written_quickly_then_the_catch_up_equals_a_full_generate(catalog: Path, tmp_path: Path) -> None:
    served, fresh = tmp_path / "served", tmp_path / "fresh"
    state, parsed = SiteState(), ParsedDocuments()  # as `evcat serve` keeps them
    first = run(catalog, served, state, parsed=parsed)
    assert first.mode == "full" and not state.stale
    before = mtimes(served)

    edit(catalog, EVENT, r"^summary:.*$", f"summary: {HOSTILE!r}")
    quick = run(catalog, served, state, parsed=parsed)
    assert quick.mode == "quick" and state.stale and not quick.nav_changed
    rewritten = {path for path, mtime in mtimes(served).items() if before.get(path) != mtime}
    # Only the edited event's own pages were written: its latest page (other versions show other summaries).
    assert rewritten == {"events/OutOfStock/index.md"}
    page = (served / "events/OutOfStock/index.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    # The search entries are the whole catalog's, with the edit, on the quick pass already.
    assert len(quick.search) == len(first.search)
    assert any("&lt;script&gt;alert(1)" in entry.text for entry in quick.search)
    # Pages that mention the event still show the old summary until the catch-up.
    assert "&lt;script&gt;" not in (served / "messages.md").read_text(encoding="utf-8")

    catch_up = run(catalog, served, state, parsed=parsed)
    assert catch_up.mode == "catch-up" and catch_up.complete and not state.stale
    assert "&lt;script&gt;" in (served / "messages.md").read_text(encoding="utf-8")
    assert_as_a_fresh_generate(catalog, served, fresh)
    assert sorted(catch_up.files) == sorted(p for p in tree(fresh) if p != outputs.MARKER)


def test_a_renamed_resource_changes_the_navigation_and_regenerates_everything(catalog: Path, tmp_path: Path) -> None:
    served, fresh = tmp_path / "served", tmp_path / "fresh"
    state = SiteState()
    run(catalog, served, state)
    service = "domains/Inventory/services/InventoryService/index.mdx"
    edit(catalog, service, r"^name:.*$", "name: 'Stock <b>Service</b>'")
    again = run(catalog, served, state)
    assert again.mode == "full" and again.nav_changed and not state.stale
    assert_as_a_fresh_generate(catalog, served, fresh)


def test_an_added_and_a_removed_resource_leave_no_page_behind(catalog: Path, tmp_path: Path) -> None:
    served, fresh = tmp_path / "served", tmp_path / "fresh"
    state = SiteState()
    run(catalog, served, state)
    added = catalog / "domains/Inventory/services/InventoryService/events/Added/index.mdx"
    added.parent.mkdir(parents=True)
    added.write_text("---\nid: Added\nname: Added\nversion: 1.0.0\nsummary: new\n---\nBody\n", encoding="utf-8")
    assert run(catalog, served, state).mode == "full"
    assert (served / "events/Added/index.md").exists()
    shutil.rmtree(added.parent)
    assert run(catalog, served, state).mode == "full"
    assert not (served / "events/Added/index.md").exists()
    assert_as_a_fresh_generate(catalog, served, fresh)


def test_a_new_edit_stops_the_catch_up_and_the_next_pass_finishes_it(catalog: Path, tmp_path: Path) -> None:
    served, fresh = tmp_path / "served", tmp_path / "fresh"
    state = SiteState()
    run(catalog, served, state)
    edit(catalog, EVENT, r"^summary:.*$", "summary: first edit")
    assert run(catalog, served, state).mode == "quick"
    asked = []

    def stop_after_three() -> bool:
        asked.append(1)
        return len(asked) > 3

    stopped = run(catalog, served, state, stop=stop_after_three)
    assert stopped.mode == "catch-up" and not stopped.complete and state.stale
    # Every page is still listed (the rest from the previous pass) and none was removed as an orphan.
    assert sorted(stopped.files) == sorted(p for p in tree(served) if p != outputs.MARKER)
    edit(catalog, EVENT, r"^summary:.*$", "summary: second edit")
    assert run(catalog, served, state).mode == "quick"
    assert run(catalog, served, state).mode == "catch-up" and not state.stale
    assert_as_a_fresh_generate(catalog, served, fresh)


def test_a_schema_edit_is_a_change_of_its_message(catalog: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    state = SiteState()
    run(catalog, served, state)
    schemas = sorted((catalog / EVENT).parent.glob("schema.*"))
    assert schemas, "the example event has a schema file"
    schema = schemas[0]
    schema.write_text(schema.read_text(encoding="utf-8").replace("{", '{"description": "edited schema",', 1),
                      encoding="utf-8")
    quick = run(catalog, served, state)
    assert quick.mode == "quick"
    assert "edited schema" in (served / "events/OutOfStock/index.md").read_text(encoding="utf-8")


def test_without_a_state_every_call_is_a_full_pass(catalog: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(catalog, out).mode == "full"
    edit(catalog, EVENT, r"^summary:.*$", "summary: edited")
    again = run(catalog, out)
    assert again.mode == "full" and again.complete
