"""The catalog reader: every refusal has its kind and code; nothing outside the catalog is ever read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.catalog.files import MAX_FILE_BYTES, CatalogReader, Refusal


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    (root / "events" / "A").mkdir(parents=True)
    (root / "events" / "A" / "flow.mmd").write_text("flowchart LR\n  a --> b\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("root:x:0:0:secret\n", encoding="utf-8")
    return root


def refusal(root: Path, relative: str) -> Refusal:
    found = CatalogReader(root).read(relative)
    assert isinstance(found, Refusal), found
    return found


def test_a_file_inside_is_read_also_through_dot_dot_steps_that_stay_inside(catalog: Path) -> None:
    reader = CatalogReader(catalog)
    assert reader.read("events/A/flow.mmd").startswith("flowchart")
    assert reader.read("events/A/../A/./flow.mmd").startswith("flowchart")


@pytest.mark.parametrize("relative", [
    "../secret.txt", "events/A/../../../secret.txt", "events/../../secret.txt", "/etc/passwd",
    "../../../../../../../../etc/passwd", "..", "C:/Windows/win.ini", "events\\..\\..\\secret.txt",
])
def test_paths_that_climb_out_are_ec009_and_never_opened(catalog: Path, relative: str) -> None:
    found = refusal(catalog, relative)
    assert (found.kind, found.code) == ("outside", "EC009")


def test_a_symbolic_link_out_of_the_catalog_is_ec009_naming_its_target(catalog: Path) -> None:
    (catalog / "events" / "A" / "leak.json").symlink_to(catalog.parent / "secret.txt")
    found = refusal(catalog, "events/A/leak.json")
    assert found.code == "EC009" and "secret.txt" in found.reason and "outside" in found.reason


def test_a_folder_linked_from_outside_is_ec009(catalog: Path) -> None:
    (catalog / "linked").symlink_to(catalog.parent)
    assert refusal(catalog, "linked/secret.txt").code == "EC009"


def test_a_link_inside_the_catalog_is_followed(catalog: Path) -> None:
    (catalog / "events" / "A" / "copy.mmd").symlink_to("flow.mmd")
    assert CatalogReader(catalog).read("events/A/copy.mmd").startswith("flowchart")


def test_a_fifo_is_ec010_and_does_not_block(catalog: Path) -> None:
    os.mkfifo(catalog / "events" / "A" / "pipe.json")
    found = refusal(catalog, "events/A/pipe.json")
    assert found.code == "EC010" and "FIFO" in found.reason


def test_a_folder_is_ec010(catalog: Path) -> None:
    assert refusal(catalog, "events/A").code == "EC010"


def test_a_device_is_ec010_or_outside(catalog: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (catalog / "zero.json").symlink_to("/dev/zero")
    assert refusal(catalog, "zero.json").code == "EC009"  # a link to a device leads out of the catalog


def test_a_file_over_the_limit_is_ec011_without_reading_it(catalog: Path) -> None:
    with (catalog / "big.json").open("wb") as big:
        big.truncate(MAX_FILE_BYTES + 1)
    found = refusal(catalog, "big.json")
    assert found.code == "EC011" and f"{MAX_FILE_BYTES + 1:,} bytes" in found.reason


def test_utf16_is_ec002_with_the_line(catalog: Path) -> None:
    (catalog / "u.json").write_bytes("{}\n".encode("utf-16"))
    found = refusal(catalog, "u.json")
    assert (found.code, found.line) == ("EC002", 1)
    diagnostic = found.diagnostic("u.json")
    assert diagnostic.message.startswith("not valid UTF-8: byte 0xff") and diagnostic.line == 1


def test_missing_and_broken_links(catalog: Path) -> None:
    assert refusal(catalog, "events/A/none.json").kind == "missing"
    (catalog / "broken.json").symlink_to("nothing-here.json")
    found = refusal(catalog, "broken.json")
    assert found.code == "EC001" and "broken symbolic link" in found.reason


def test_named_reports_every_refusal_but_a_missing_file_once(catalog: Path) -> None:
    reader = CatalogReader(catalog)
    (catalog / "leak.json").symlink_to(catalog.parent / "secret.txt")
    assert reader.named("leak.json") is None and reader.named("leak.json") is None
    assert reader.named("missing.json") is None
    assert [(d.code, d.file) for d in reader.problems] == [("EC009", "leak.json")]


def test_listing_shows_links_and_fifos_so_they_are_reported_not_skipped(catalog: Path) -> None:
    examples = catalog / "events" / "A"
    os.mkfifo(examples / "pipe.json")
    (examples / "leak.json").symlink_to(catalog.parent / "secret.txt")
    (examples / "sub").mkdir()
    assert CatalogReader(catalog).list_dir("events/A") == ["flow.mmd", "leak.json", "pipe.json"]


def test_a_folder_linked_out_of_the_catalog_is_reported_when_listed(catalog: Path) -> None:
    (catalog / "events" / "A" / "examples").symlink_to(catalog.parent)
    reader = CatalogReader(catalog)
    assert reader.list_dir("events/A/examples") == []
    assert [(d.code, d.file) for d in reader.problems] == [("EC009", "events/A/examples")]
