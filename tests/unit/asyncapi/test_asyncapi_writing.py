from __future__ import annotations

from generator.asyncapi import writing
from generator.catalog.files import CatalogReader


def render(version: str, body: str = "x") -> dict[str, str]:
    return {"index.mdx": f"---\nid: a\nversion: {version}\n---\n{body}\n", "examples/one.json": "{}\n"}


def test_new_then_unchanged_then_versioned(tmp_path):
    outcome = writing.plan(CatalogReader(tmp_path), "events/a", "1.0.0", render)
    assert outcome.action == "new"
    writing.apply(tmp_path, outcome, render("1.0.0"))
    assert writing.plan(CatalogReader(tmp_path), "events/a", "2.0.0", render).action == "unchanged"

    changed = writing.plan(CatalogReader(tmp_path), "events/a", "2.0.0", lambda v: render(v, "y"))
    assert (changed.action, changed.previous) == ("versioned", "1.0.0")
    (tmp_path / "events/a/events/nested").mkdir(parents=True)  # nested resources stay where they are
    writing.apply(tmp_path, changed, render("2.0.0", "y"))
    assert (tmp_path / "events/a/versioned/1.0.0/index.mdx").read_text().endswith("x\n")
    assert (tmp_path / "events/a/versioned/1.0.0/examples/one.json").is_file()
    assert (tmp_path / "events/a/index.mdx").read_text().endswith("y\n")
    assert (tmp_path / "events/a/events/nested").is_dir()


def test_a_changed_folder_with_the_same_version_is_a_conflict(tmp_path):
    writing.apply(tmp_path, writing.plan(CatalogReader(tmp_path), "events/a", "1.0.0", render), render("1.0.0"))
    (tmp_path / "events/a/examples/mine.json").write_text("{}")  # a file the user added
    outcome = writing.plan(CatalogReader(tmp_path), "events/a", "1.0.0", render)
    assert outcome.action == "conflict"
    writing.apply(tmp_path, outcome, render("1.0.0"))
    assert (tmp_path / "events/a/examples/mine.json").is_file()
