"""Golden files: the generated Markdown of a fixed set of example-catalog pages, compared byte for byte.

The pages are produced as a docs site would produce them, ``evcat generate --out TMP --prefix catalog`` from
the repository root (so the repository's mkdocs.yml settings apply). After an intended change to templates
or page contexts, rewrite the files with ``pytest tests/acceptance/test_golden.py --update-golden`` and
review the diff like code.

Besides the byte comparison, the generated pages are checked for sense: relative links resolve, tables
are well formed, no section is empty.
"""

from __future__ import annotations

import contextlib
import difflib
import posixpath
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
PAGES = [
    "catalog/index.md",
    "catalog/events/InventoryAdjusted/index.md",
    "catalog/events/InventoryAdjusted/1.0.0/changes.md",
    "catalog/events/OutOfStock/index.md",
    "catalog/channels/inventory-events/index.md",
    "catalog/channels/inventory.-env-.events/index.md",
    "catalog/services/InventoryService/index.md",
    "catalog/services/InventoryService/graph/index.md",
    "catalog/map/index.md",
    "catalog/domains/Inventory/index.md",
    "catalog/teams/full-stack.md",
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    with contextlib.chdir(REPO):
        result = CliRunner().invoke(cli, ["generate", "--out", str(out), "--prefix", "catalog"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("page", PAGES)
def test_generated_markdown_matches_golden(generated: Path, page: str, request: pytest.FixtureRequest) -> None:
    actual = (generated / page).read_bytes()
    golden = GOLDEN / page
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        if not golden.is_file() or golden.read_bytes() != actual:
            golden.write_bytes(actual)
        return
    assert golden.is_file(), f"no golden file for {page}: run pytest with --update-golden"
    expected = golden.read_bytes()
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.decode("utf-8").splitlines(keepends=True), actual.decode("utf-8").splitlines(keepends=True),
            f"golden/{page}", f"generated/{page}", n=2))
        pytest.fail(f"{page} differs from its golden file (rewrite with --update-golden if intended):\n"
                    f"{diff[:6000]}", pytrace=False)


def test_no_stale_golden_files() -> None:
    present = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert present == sorted(PAGES)


# --- sense checks on the same pages -------------------------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"\]\(([^)\s]+)\)")
MERMAID_CLICK = re.compile(r'^\s*click \S+ href "([^"]+)"')


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside code fences and front matter."""
    lines = text.split("\n")
    found, fenced, start = [], False, 0
    if lines and lines[0] == "---":
        start = lines.index("---", 1) + 1
    for number, line in enumerate(lines[start:], start + 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            found.append((number, line))
    return found


def cells(row: str) -> int:
    """Cells of a Markdown table row: unescaped pipes outside inline code, minus the outer two."""
    row = re.sub(r"`[^`]*`", "code", row.replace("\\|", ""))
    return row.strip().strip("|").count("|") + 1


def broken_links(root: Path, page: str) -> tuple[int, list[str]]:
    """(links checked, relative links of ``page`` whose target is not a generated file)."""
    text = (root / page).read_text(encoding="utf-8")
    targets = [m.group(1) for _, line in prose_lines(text) for m in LINK.finditer(line)]
    targets += [m.group(1) for line in text.split("\n") if (m := MERMAID_CLICK.match(line))]
    broken = []
    for target in targets:
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        target_path = target.split("#", 1)[0]
        # Diagram links name a page's folder (MkDocs does not rewrite links inside a diagram): its index.md.
        if target_path.endswith("/"):
            target_path += "index.md"
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target_path))
        if not (root / path).is_file():
            broken.append(target)
    return len(targets), broken


def table_problems(text: str) -> list[str]:
    """Tables without a delimiter row, and rows whose cell count differs from the header's."""
    problems = []
    table: list[tuple[int, str]] = []
    for number, line in [*prose_lines(text), (0, "")]:
        stripped = line.strip()
        if stripped.startswith("|"):
            table.append((number, stripped))
            continue
        if table:
            header = cells(table[0][1])
            if len(table) < 2 or not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", table[1][1]):
                problems.append(f"line {table[0][0]}: table without a delimiter row")
            for row_number, row in table:
                if cells(row) != header:
                    problems.append(f"line {row_number}: {cells(row)} cells, header has {header}: {row[:80]}")
            table = []
    return problems


def empty_sections(text: str) -> list[str]:
    """Headings with no content (text, table, code block or sub-section) before the next heading of the same
    or a higher level."""
    all_lines = text.split("\n")
    headings = [(number - 1, len(m.group(1)), line) for number, line in prose_lines(text)
                if (m := re.match(r"^(#{1,6}) \S", line))]
    empty = []
    for position, (index, level, line) in enumerate(headings):
        following = headings[position + 1] if position + 1 < len(headings) else None
        if following is not None and following[1] > level:
            continue  # a sub-section follows: checked on its own
        end = following[0] if following else len(all_lines)
        if not any(content.strip() for content in all_lines[index + 1:end]):
            empty.append(line)
    return empty


def test_sense_checks_catch_bad_markdown(tmp_path: Path) -> None:
    """The checks below pass on the real pages only because those are right: on bad input they fire."""
    bad = (
        "---\ntitle: x\n---\n\n# Page\n\n## Empty\n\n## Table\n\n"
        "| A | B |\n| --- | --- |\n| 1 | 2 | 3 |\n| `a\\|b` | c |\n\n"
        "| No | Delimiter |\n| x | y |\n\n"
        "[gone](missing/index.md) [ok](other.md) [web](https://example.com) [anchor](#table)\n\n"
        "```mermaid\nflowchart LR\n  click a href \"nowhere.md\"\n```\n\n"
        "## Last\n\n```\n## not a heading inside a fence\n```\n"
    )
    (tmp_path / "page.md").write_text(bad, encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n", encoding="utf-8")
    assert broken_links(tmp_path, "page.md") == (5, ["missing/index.md", "nowhere.md"])
    assert table_problems(bad) == ["line 13: 3 cells, header has 2: | 1 | 2 | 3 |",
                                   "line 16: table without a delimiter row"]
    assert empty_sections(bad) == ["## Empty"]


@pytest.mark.parametrize("page", PAGES)
def test_relative_links_resolve(generated: Path, page: str) -> None:
    checked, broken = broken_links(generated, page)
    assert checked, "a catalog page without a single link"
    assert broken == []


@pytest.mark.parametrize("page", PAGES)
def test_tables_are_well_formed(generated: Path, page: str) -> None:
    assert table_problems((generated / page).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("page", PAGES)
def test_no_empty_sections(generated: Path, page: str) -> None:
    text = (generated / page).read_text(encoding="utf-8")
    assert len(re.findall(r"(?m)^#{1,6} ", text)) >= 2
    assert empty_sections(text) == []
