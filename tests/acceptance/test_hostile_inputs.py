"""Hostile catalogs through the real CLI: files outside the catalog, alias bombs, huge bodies, bad ids.

Each case copies a folder of ``tests/fixtures/hostile/`` and adds what cannot be committed (symbolic links
out of the catalog, FIFOs, UTF-16 and oversized files, a 64k-line body, a 50,000-character id). Every run
must end in findings with the right codes and exit 1, never a traceback, and nothing from outside the
catalog may reach a generated page or the search index. Time bounds are generous and count this process's
CPU time (the commands run in-process), so a busy machine does not make them fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
PASSWD = Path("/etc/passwd")
CLEAN_ENV = {"GITHUB_ACTIONS": None, "NO_COLOR": "1", "FORCE_COLOR": None}


def run(cwd: Path, *arguments: str) -> Result:
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, list(arguments), env=CLEAN_ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    return result


def findings(cwd: Path) -> tuple[Result, list[dict]]:
    result = run(cwd, "validate", "catalog", "--format", "json")
    return result, json.loads(result.stdout)["diagnostics"]


def by_file(found: list[dict]) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    for finding in found:
        codes.setdefault(finding["file"], set()).add(finding["code"])
    return codes


def case(name: str, tmp_path: Path) -> Path:
    copy = tmp_path / name
    shutil.copytree(HOSTILE / name, copy, symlinks=True)
    return copy


def published_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())


# --- Reading outside the catalog ----------------------------------------------------------------------------


@pytest.fixture
def reading(tmp_path: Path) -> Path:
    """The reading case plus examples that are a link out of the catalog, a FIFO, UTF-16 and too large, and a
    200 MB $ref target (all sparse or tiny on disk)."""
    root = case("reading", tmp_path)
    event = root / "catalog" / "events" / "OrderPlaced"
    examples = event / "examples"
    examples.mkdir()
    (examples / "leak.json").symlink_to(PASSWD if PASSWD.exists() else root / "outside.json")
    os.mkfifo(examples / "pipe.json")
    (examples / "utf16.json").write_bytes('{"orderId": "o-1"}'.encode("utf-16"))
    with (examples / "huge.json").open("wb") as huge:
        huge.truncate(11 * 1024 * 1024)
    with (event / "big.json").open("wb") as big:
        big.truncate(200 * 1024 * 1024)
    schema = json.loads((event / "schema.json").read_text(encoding="utf-8"))
    schema["properties"]["big"] = {"$ref": "big.json"}
    (event / "schema.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return root


def test_every_refused_file_has_its_own_code(reading: Path) -> None:
    started = time.process_time()
    result, found = findings(reading)
    assert time.process_time() - started < 30  # the 200 MB file is never read (generous bound)
    assert result.exit_code == 1
    codes = by_file(found)
    examples = "events/OrderPlaced/examples"
    assert codes[f"{examples}/leak.json"] == {"EC009"}
    assert codes[f"{examples}/pipe.json"] == {"EC010"}
    assert codes[f"{examples}/utf16.json"] == {"EC002"}
    assert codes[f"{examples}/huge.json"] == {"EC011"}
    mermaid = [f for f in found if "MermaidFileLoader" in f["message"]]
    assert {(f["file"], f["code"]) for f in mermaid} == {("events/OrderPlaced/index.mdx", "EC009"),
                                                         ("services/OrdersService/index.mdx", "EC009")}
    refs = {f["pointer"]: f["message"] for f in found if f["code"] == "EC305"}
    assert "it points outside the catalog folder" in refs["/properties/secret/$ref"]
    assert "it points outside the catalog folder" in refs["/properties/sibling/$ref"]
    assert "more than the 10 MiB limit" in refs["/properties/big/$ref"]
    assert not any("remote" in message for message in refs.values())


def test_nothing_outside_the_catalog_reaches_a_page(reading: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(reading, "generate", "catalog", "--out", str(out))
    assert result.exit_code in (0, 1), result.output
    text = published_text(out)
    assert "outside the catalog\"" not in text and '"description": "outside the catalog"' not in text
    if PASSWD.exists():
        secret = PASSWD.read_text(encoding="utf-8", errors="replace").splitlines()[0]
        assert secret not in text
    assert "root:x:0:0" not in text


def test_nothing_outside_the_catalog_reaches_the_search_index(tmp_path: Path) -> None:
    root = case("reading", tmp_path)
    site = tmp_path / "site"
    result = run(root, "build", "catalog", "--site-dir", str(site))
    assert result.exit_code in (0, 1), result.output
    index = site / "search" / "search_index.json"
    assert index.is_file(), result.output
    text = index.read_text(encoding="utf-8") + published_text(site)
    assert "root:x:0:0" not in text
    if PASSWD.exists():
        assert PASSWD.read_text(encoding="utf-8", errors="replace").splitlines()[0] not in text


# --- Unbounded work -----------------------------------------------------------------------------------------


def test_alias_bombs_are_findings_at_their_line_in_a_fraction_of_the_time(tmp_path: Path) -> None:
    root = case("bounds", tmp_path)
    started = time.process_time()
    result, found = findings(root)
    assert time.process_time() - started < 10  # expanded, each bomb would take minutes and gigabytes
    assert result.exit_code == 1
    bombs = {(f["file"], f["code"], f["line"]) for f in found if "alias bomb" in f["message"]}
    assert bombs == {
        ("events/OrderShipped/index.mdx", "EC005", 9),  # frontmatter, used as the name
        ("services/OrdersService/index.mdx", "EC005", 10),  # owners: reported, not dropped
        ("teams/orders.mdx", "EC005", 8),  # members
        ("events/OrderPlaced/examples/examples.config.yaml", "EC005", 6),
        ("events/OrderPlaced/examples/bomb.yaml", "EC403", 6),
        ("events/OrderPlaced/schema.yaml", "EC306", 7),
        ("events/OrderPlaced/index.mdx", "EC403", 18),  # a YAML block of the body
    }
    out = tmp_path / "out"
    generated = run(root, "generate", "catalog", "--out", str(out))
    assert generated.exit_code in (0, 1), generated.output
    text = published_text(out)
    assert text.count("lol") < 100 and len(text) < 1_000_000  # shown as written at most, never expanded


def test_a_64k_line_body_is_validated_and_generated_in_seconds(tmp_path: Path) -> None:
    root = case("bounds", tmp_path)
    big = root / "catalog" / "events" / "Big"
    big.mkdir()
    section = ("## Part {i}\n\nText with `code`, a [link](https://example.com/{i}), {{frontmatter.name}} and\n"
               "<b>bold</b> <Tile title=\"t{i}\" /> and an unclosed {{ brace.\n\n"
               "<Callout type=\"info\">\nNote {i}\n</Callout>\n\n```json\n{{\"n\": {i}}}\n```\n")
    body = "".join(section.format(i=i) for i in range(64_000 // 12 + 1))
    assert body.count("\n") >= 64_000
    (big / "index.mdx").write_text(f"---\nid: Big\nname: Big\nversion: 1.0.0\n---\n{body}", encoding="utf-8")
    started = time.process_time()
    result, found = findings(root)
    validated = time.process_time() - started
    assert any(f["file"] == "events/Big/index.mdx" for f in found)  # the unclosed braces, reported
    started = time.process_time()
    generated = run(root, "generate", "catalog", "--out", str(tmp_path / "out"))
    assert generated.exit_code in (0, 1), generated.output
    # The issue asks for a bound: 64k lines took 36 s per command when body processing was quadratic.
    assert validated < 10 and time.process_time() - started < 10
    assert "Part 5333" in (tmp_path / "out" / "events" / "Big" / "index.md").read_text(encoding="utf-8")


# --- Ids ----------------------------------------------------------------------------------------------------


def test_bad_and_colliding_ids_are_findings_and_every_page_survives(tmp_path: Path) -> None:
    root = case("ids", tmp_path)
    long_id = "x" * 50_000
    long_event = root / "catalog" / "events" / "e10"
    long_event.mkdir()
    (long_event / "index.mdx").write_text(f"---\nid: {long_id}\nname: Event 10\nversion: 1.0.0\n---\n\n"
                                          "Page of event 10.\n", encoding="utf-8")
    result, found = findings(root)
    assert result.exit_code == 1
    codes = by_file(found)
    for folder in ("e1", "e2", "e3", "e8", "e10"):  # '.', '..', 'a/b', '<script>…</script>', 50,000 x
        assert "EC112" in codes[f"events/{folder}/index.mdx"], folder
    for folder in ("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e9"):  # ./../""", a/b a b a-b, Orders orders
        assert "EC213" in codes[f"events/{folder}/index.mdx"], folder

    out = tmp_path / "out"
    generated = run(root, "generate", "catalog", "--out", str(out))
    assert generated.exit_code in (0, 1), generated.output  # not 3: no "File name too long"
    pages = sorted((out / "events").glob("*/index.md"))
    assert len(pages) == 10  # one page per event: none written over another
    shown = sorted(text.split("Page of event ")[1].split(".")[0]
                   for text in (p.read_text(encoding="utf-8") for p in pages))
    assert shown == sorted(str(n) for n in range(1, 11))
    assert all(len(p.parent.name) <= 100 for p in pages)
    assert all(p.resolve().is_relative_to(out.resolve() / "events") for p in pages)


def test_a_schema_or_config_that_leads_out_of_the_catalog_is_ec009_not_missing(tmp_path: Path) -> None:
    root = case("reading", tmp_path)
    event = root / "catalog" / "events" / "OrderPlaced"
    (event / "schema.json").unlink()
    (event / "schema.json").symlink_to(root / "outside.json")
    os.mkfifo(root / "catalog" / "eventcatalog.config.js")  # read for the title: must not block
    result, found = findings(root)
    assert result.exit_code == 1
    assert by_file(found)["events/OrderPlaced/schema.json"] == {"EC009"}
    assert not any(f["code"] == "EC301" for f in found)
