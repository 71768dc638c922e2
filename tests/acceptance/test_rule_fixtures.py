"""Every registered rule has a bad fixture catalog that triggers exactly that rule, with reviewed output.

``tests/fixtures/catalogs/bad/<EC###-slug>/`` holds ``catalog/`` (the catalog), ``expected.txt`` (the exact
``evcat validate catalog --format text --no-color`` output, run from inside the case folder so paths are
catalog-relative) and, when a case needs settings, ``mkdocs.yml``. A case with a ``templates/`` folder (a
broken template override, EC602) is checked through ``evcat generate``: its ``expected.txt`` holds the
finding lines that command prints (its closing page-count line changes with every new page type). A case
with a ``messages/`` folder (a live-message rule, EC7xx) holds captured messages: its catalog validates
clean and ``evcat check-messages catalog messages/…`` (plus the options in ``args.txt``, if any) finds the
code; ``expected.txt`` is that command's text output, summary table included. ``tests/fixtures/catalogs/good/<case>/catalog/``
must validate clean, warnings included.

``pytest --update-golden`` rewrites the expected files from the current output; review the diff.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.diagnostics import Severity
from generator.diagnostics.codes import RULES

CATALOGS = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs"
BAD = CATALOGS / "bad"
GOOD = CATALOGS / "good"
RULE_CASE = re.compile(r"^(EC\d{3})-(.+)$")

BAD_CASES = sorted(p for p in BAD.iterdir() if p.is_dir()) if BAD.is_dir() else []
RULE_CASES = [p for p in BAD_CASES if RULE_CASE.match(p.name)]
GOOD_CASES = sorted(p for p in GOOD.iterdir() if p.is_dir()) if GOOD.is_dir() else []
# Bad cases that are not about one rule, with the codes they must find.
OTHER_CASES = {"seed-page-drift": {"EC401", "EC402"}}
# The environment a developer's shell or CI may set, cleared for every run.
CLEAN_ENV = {"GITHUB_ACTIONS": None, "NO_COLOR": None, "FORCE_COLOR": None}


def expected_codes(case: Path) -> set[str]:
    match = RULE_CASE.match(case.name)
    return {match.group(1)} if match else OTHER_CASES[case.name]


def invoke(case: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """Run the real CLI from inside ``case`` (so ./mkdocs.yml of the case, if any, is used)."""
    monkeypatch.chdir(case)
    result = CliRunner().invoke(cli, list(args), env=CLEAN_ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def codes_of(result: Result) -> set[str]:
    return {d["code"] for d in json.loads(result.stdout)["diagnostics"]}


def check_golden(path: Path, actual: str, update: bool) -> None:
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing; run pytest --update-golden and review it"
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}"


def generate_output(case: Path, monkeypatch: pytest.MonkeyPatch, out: Path) -> tuple[Result, str]:
    result = invoke(case, monkeypatch, "generate", "catalog", "--out", str(out))
    assert f"files in {out}/" in result.stderr, result.stderr
    return result, "".join(line for line in result.stderr.splitlines(keepends=True) if "[EC" in line)


def check_messages_args(case: Path) -> list[str]:
    """``check-messages catalog messages/<file>…`` and the case's extra options (``args.txt``)."""
    extra = (case / "args.txt").read_text(encoding="utf-8").split() if (case / "args.txt").is_file() else []
    captures = [f"messages/{p.name}" for p in sorted((case / "messages").iterdir())]
    return ["check-messages", "catalog", *captures, *extra]


def _skip_unless_symlinks_kept(case: Path) -> None:
    links = [p for p in (case / "catalog").rglob("*") if p.is_symlink()]
    if case.name.startswith(("EC001", "EC009")) and not links:
        pytest.skip("this checkout turned the fixture's symbolic link into a plain file (core.symlinks=false)")


def _with_generated_files(case: Path, copy: Path) -> Path:
    """``case`` itself, or a copy of it holding the files its ``generated.txt`` lists (``<path> <bytes>``
    per line): files too big to commit are made, sparse, when the test runs."""
    recipe = case / "generated.txt"
    if not recipe.is_file():
        return case
    shutil.copytree(case, copy, symlinks=True)
    for line in recipe.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, size = line.split()
            target = copy / "catalog" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as file:
                file.truncate(int(size))
    return copy


# --- Meta-tests --------------------------------------------------------------------------------------------


def test_every_registered_code_has_a_bad_fixture() -> None:
    missing = [f"{code}-{rule.slug}" for code, rule in RULES.items() if not (BAD / f"{code}-{rule.slug}").is_dir()]
    assert not missing, f"no bad fixture for: {', '.join(missing)}"


def test_every_rule_fixture_names_a_registered_rule() -> None:
    wrong = []
    for case in RULE_CASES:
        code, slug = RULE_CASE.match(case.name).groups()
        if code not in RULES or RULES[code].slug != slug:
            wrong.append(case.name)
    assert not wrong, f"fixture folders that are not <code>-<slug> of a registered rule: {wrong}"


def test_every_bad_case_is_known() -> None:
    unknown = [p.name for p in BAD_CASES if not RULE_CASE.match(p.name) and p.name not in OTHER_CASES]
    assert not unknown, f"bad cases without expected codes (add them to OTHER_CASES): {unknown}"


# --- Bad cases ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda p: p.name)
def test_bad_case_finds_exactly_its_code(case: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                         request: pytest.FixtureRequest) -> None:
    _skip_unless_symlinks_kept(case)
    case_name = case.name
    case = _with_generated_files(case, tmp_path / case.name)
    update = request.config.getoption("--update-golden")
    wanted = expected_codes(case)
    worst = max(RULES[code].severity for code in wanted)
    if (case / "templates").is_dir():
        # A template override only matters when pages are rendered: validation stays clean.
        assert codes_of(invoke(case, monkeypatch, "validate", "catalog", "--format", "json")) == set()
        result, output = generate_output(case, monkeypatch, tmp_path / "out")
        assert set(re.findall(r"\[(EC\d{3})\]", output)) == wanted, output
    elif (case / "messages").is_dir():
        assert codes_of(invoke(case, monkeypatch, "validate", "catalog", "--format", "json")) == set()
        as_json = invoke(case, monkeypatch, *check_messages_args(case), "--format", "json")
        assert codes_of(as_json) == wanted, as_json.stdout
        result = invoke(case, monkeypatch, *check_messages_args(case), "--format", "text")
        output = result.stdout
    else:
        as_json = invoke(case, monkeypatch, "validate", "catalog", "--format", "json")
        assert codes_of(as_json) == wanted, as_json.stdout
        result = invoke(case, monkeypatch, "validate", "catalog", "--format", "text", "--no-color")
        output = result.stdout
    assert result.exit_code == (1 if worst is Severity.ERROR else 0), output
    check_golden(case / "expected.txt", output, update)
    if case.is_relative_to(tmp_path) and update:
        shutil.copyfile(case / "expected.txt", BAD / case_name / "expected.txt")


@pytest.mark.parametrize("case", [c for c in RULE_CASES if RULES[expected_codes(c).pop()].severity
                                  is not Severity.ERROR], ids=lambda p: p.name)
def test_strict_fails_on_warnings_only(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = expected_codes(case)
    command = check_messages_args(case) if (case / "messages").is_dir() else ["validate", "catalog", "--no-color"]
    result = invoke(case, monkeypatch, *command, "--strict")
    assert result.exit_code == (1 if RULES[code].severity is Severity.WARNING else 0), result.stdout


def test_seed_page_drift_points_at_the_keys_in_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The product brief's original page: an employee record as the 'Payload example' of an inventory event.
    Every foreign key is reported on its own line of the .mdx; the missing fields at the object's '{'."""
    case = BAD / "seed-page-drift"
    page = "events/InventoryAdjusted/index.mdx"
    lines = (case / "catalog" / page).read_text(encoding="utf-8").splitlines()
    fence = next(i for i, line in enumerate(lines, 1) if line.startswith('```json title="Payload example"'))
    key_lines = {m.group(1): i for i, line in enumerate(lines, 1) if (m := re.match(r'\s*"(\w+)":', line))}
    result = invoke(case, monkeypatch, "validate", "catalog", "--format", "json")
    found = json.loads(result.stdout)["diagnostics"]
    assert result.exit_code == 1
    assert {d["file"] for d in found} == {page}
    unknown = {d["pointer"].lstrip("/"): (d["line"], d["column"]) for d in found if d["code"] == "EC402"}
    assert unknown == {key: (line, 3) for key, line in key_lines.items()}
    assert set(unknown) >= {"Name", "Age", "Department", "Salary"}
    missing = {re.search(r"missing required field '(\w+)'", d["message"]).group(1): d["line"]
               for d in found if d["code"] == "EC401"}
    assert set(missing) == {"adjustmentId", "sku", "warehouseId", "quantityDelta", "quantityOnHand", "reason",
                            "adjustedAt"}  # adjustedBy has a default
    assert set(missing.values()) == {fence + 1}


# --- Good cases --------------------------------------------------------------------------------------------


def test_there_are_good_cases() -> None:
    assert {"minimal-env-channel", "avro-versions", "json-schema-local-ref", "eventbridge-envelope"} <= {
        p.name for p in GOOD_CASES}


@pytest.mark.parametrize("case", GOOD_CASES, ids=lambda p: p.name)
def test_good_case_is_clean(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(case, monkeypatch, "validate", "catalog", "--strict", "--format", "json")
    assert json.loads(result.stdout)["diagnostics"] == []
    assert result.exit_code == 0


# --- docs/rules.md -----------------------------------------------------------------------------------------

RULES_DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def _sections() -> dict[str, str]:
    """Heading id → section text of docs/rules.md, ids made by Python-Markdown's toc as MkDocs does."""
    import markdown  # noqa: PLC0415

    text = RULES_DOC.read_text(encoding="utf-8")
    converter = markdown.Markdown(extensions=["toc", "attr_list", "tables", "pymdownx.superfences"])
    converter.convert(text)
    ids = [token["id"] for token in _flatten(converter.toc_tokens)]  # type: ignore[attr-defined]
    chunks = _h2_chunks(text)
    h2 = [t for t in _flatten(converter.toc_tokens) if t["level"] == 2]  # type: ignore[attr-defined]
    assert len(h2) == len(chunks) and len(set(ids)) == len(ids)
    return {token["id"]: chunk for token, chunk in zip(h2, chunks, strict=True)}


def _h2_chunks(text: str) -> list[str]:
    """The text after each level-2 heading, up to the next one; headings inside code fences do not count."""
    chunks: list[list[str]] = []
    fence = None
    for line in text.splitlines(keepends=True):
        marker = re.match(r"^(`{3,}|~{3,})", line)
        if marker and (fence is None or line.strip() == fence):
            fence = marker.group(1) if fence is None else None
        if fence is None and line.startswith("## "):
            chunks.append([line[3:]])
        elif chunks:
            chunks[-1].append(line)
    return ["".join(chunk) for chunk in chunks]


def _flatten(tokens: list[dict]) -> list[dict]:
    return [t for token in tokens for t in (token, *_flatten(token["children"]))]


def test_every_rule_has_its_section_in_docs_rules_md() -> None:
    sections = _sections()
    missing = [rule.anchor for rule in RULES.values() if rule.anchor not in sections]
    assert not missing, f"docs/rules.md lacks sections (## EC201 unknown-owner) for: {missing}"
    for code, rule in RULES.items():
        section = sections[rule.anchor]
        assert section.startswith(f"{code} {rule.slug}\n")
        assert f"Default severity: **{rule.severity.label}**" in section, code
        assert f"rules: {{{code}: " in section, f"{code}: say how to override it"
        assert "```" in section, f"{code}: show a bad example"


def test_docs_rules_md_starts_with_exit_codes_overrides_and_families() -> None:
    sections = _sections()
    assert list(sections)[:3] == ["exit-codes", "severities-and-overrides", "families"]
    assert all(f"| {family}xx |" in sections["families"] for family in
               {rule.family for rule in RULES.values()})
