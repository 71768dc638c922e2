"""What `evcat serve` adds to MkDocs' live-reload server (render/serving.py)."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from watchdog.observers.polling import PollingObserver

from generator.render.serving import CatalogEdits, CatchUpTrigger


def test_edits_are_known_by_when_they_happened() -> None:
    edits = CatalogEdits()
    assert not edits.since(0.0)
    edits.touched(at=10.0)
    assert edits.since(9.0) and not edits.since(10.0) and not edits.since(11.0)


def test_a_file_written_in_the_watched_catalog_is_an_edit(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "events" / "A").mkdir(parents=True)
    observer = PollingObserver(timeout=0.1)
    edits = CatalogEdits.watch(observer, catalog)
    observer.start()
    try:
        started = time.monotonic()
        time.sleep(0.3)
        assert not edits.since(started)
        (catalog / "events" / "A" / "index.mdx").write_text("---\nid: A\n---\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not edits.since(started) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert edits.since(started)
    finally:
        observer.stop()
        observer.join()


def test_the_catch_up_trigger_writes_a_new_content_each_time_in_a_private_folder() -> None:
    trigger = CatchUpTrigger()
    try:
        assert stat.S_IMODE(trigger.folder.stat().st_mode) == 0o700
        trigger.request()
        first = (trigger.folder / "catch-up").read_text(encoding="utf-8")
        trigger.request()
        assert (trigger.folder / "catch-up").read_text(encoding="utf-8") != first
    finally:
        trigger.close()
    assert not trigger.folder.exists()


def test_the_source_signature_changes_with_any_write_addition_or_removal(tmp_path: Path) -> None:
    from generator.render.serving import source_signature

    catalog = tmp_path / "catalog"
    (catalog / "events" / "A").mkdir(parents=True)
    index = catalog / "events" / "A" / "index.mdx"
    index.write_text("---\nid: A\n---\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    first = source_signature([catalog, None, config])
    assert first == source_signature([catalog, None, config])
    index.write_text("---\nid: B\n---\n", encoding="utf-8")
    second = source_signature([catalog, None, config])
    assert second != first
    (catalog / "events" / "A" / "schema.json").write_text("{}", encoding="utf-8")
    third = source_signature([catalog, None, config])
    assert third != second
    (catalog / "events" / "A" / "schema.json").unlink()
    assert source_signature([catalog, None, config]) != third
    before = source_signature([catalog, None, config])
    config.write_text("site_name: yy\n", encoding="utf-8")
    assert source_signature([catalog, None, config]) != before
