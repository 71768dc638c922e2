"""`evcat diff OLD NEW` through the CLI: catalog folders and git revisions, every format, exit codes, usage
errors, hostile names, and a repository whose work tree and index stay exactly as they were."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
CLEAN_ENV = {"GITHUB_ACTIONS": None, "NO_COLOR": None, "FORCE_COLOR": None}
HOSTILE = '<script>alert(1)</script>"""|../x'
EVENT = "domains/Inventory/services/InventoryService/events/InventoryAdjusted"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n\nText.\n"


def make(root: Path, versions: dict[str, dict], message_id: str = "Placed", folder: str = "events/Placed",
         consumer_range: str = "^1.0.0") -> Path:
    """A catalog: event ``message_id`` with ``versions`` (version -> JSON Schema) and one consumer."""
    write(root / "users/jdoe.mdx", page(id="jdoe", name="Jane Doe"))
    write(root / "services/Billing/index.mdx", page(id="Billing", name="Billing", version="1.0.0", owners=["jdoe"],
                                                    receives=[{"id": message_id, "version": consumer_range}]))
    ordered = list(versions)
    for version, schema in versions.items():
        place = root / folder if version == ordered[-1] else root / folder / "versioned" / version
        write(place / "index.mdx", page(id=message_id, name="Placed", version=version, owners=["jdoe"],
                                        schemaPath="schema.json"))
        write(place / "schema.json", json.dumps(schema))
    return root


def obj(*required: str, **properties: object) -> dict:
    return {"type": "object", "properties": {"id": {"type": "string"}, **properties},
            "required": ["id", *required], "additionalProperties": False}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["diff", *args], env=CLEAN_ENV)


@pytest.fixture
def breaking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    old = make(tmp_path / "old", {"1.0.0": obj()})
    new = make(tmp_path / "new", {"1.0.0": obj(), "1.1.0": obj("total", total={"type": "number"})})
    return old, new


def test_folders_text_names_the_breaking_change_and_the_consumer(breaking: tuple[Path, Path]) -> None:
    result = run("old", "new")
    assert result.exit_code == 1, result.output
    assert "+ event 'Placed' 1.1.0 (new version after 1.0.0)" in result.stdout
    assert "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL [breaks the mode]" in result.stdout
    assert "consumers hit: Billing 1.0.0 via '^1.0.0'" in result.stdout
    assert "requires a major bump (got minor)" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("✖ 1 breaking schema change")
    assert result.stdout.rstrip().splitlines()[-3] == "paths are relative to each side's catalog folder"


def test_nothing_breaking_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path / "old", {"1.0.0": obj()})
    make(tmp_path / "new", {"1.0.0": obj(), "1.1.0": obj(note={"type": "string"})}, folder="domains/D/events/Placed")
    result = run("old", "new")
    assert result.exit_code == 0, result.output
    assert "~ event 'Placed' 1.0.0: moved from events/Placed/index.mdx" in result.stdout
    assert "1 added, 0 removed, 0 changed, 1 moved" in result.stdout


def test_json_is_a_versioned_contract(breaking: tuple[Path, Path]) -> None:
    result = run("old", "new", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (data["version"], data["old"], data["new"], data["breaking"]) == (1, "old", "new", True)
    [schema] = data["schemas"]
    assert (schema["old_version"], schema["new_version"], schema["mode"]) == ("1.0.0", "1.1.0", "BACKWARD")
    assert [c["name"] for c in schema["consumers"]] == ["Billing"]
    assert {c["class"] for c in schema["changes"]} == {"breaks readers and writers"}


def test_markdown_is_a_pull_request_comment(breaking: tuple[Path, Path]) -> None:
    result = run("old", "new", "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("❌ **evcat diff** <code>old</code> → <code>new</code>: 1 breaking schema change")
    assert "| Message | Versions | Mode | Bump | Breaking changes | Consumers hit |" in lines
    assert any(line.startswith("| event <code>Placed</code> | 1.0.0 → 1.1.0 | BACKWARD |") and "Billing" in line
               for line in lines)
    assert "<details><summary>Details</summary>" in lines and lines[-1] == "</details>"


def test_github_annotations(breaking: tuple[Path, Path]) -> None:
    result = run("old", "new", "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=new/events/Placed/index.mdx,line=4,title=evcat diff%3A Placed breaking")
    assert "%0A" in lines[0] and len(lines) == 2
    automatic = CliRunner().invoke(cli, ["diff", "old", "new"], env={**CLEAN_ENV, "GITHUB_ACTIONS": "true"})
    assert automatic.stdout == result.stdout


def test_hostile_names_stay_text_in_every_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path / "old", {"1.0.0": obj(**{HOSTILE: {"type": "string"}})}, message_id=HOSTILE)
    make(tmp_path / "new", {"1.0.0": obj(**{HOSTILE: {"type": "string"}}),
                            "1.1.0": obj(HOSTILE, **{HOSTILE: {"type": "string"}})}, message_id=HOSTILE)
    markdown = run("old", "new", "--format", "markdown")
    assert markdown.exit_code == 1
    assert "<script>" not in markdown.stdout and "&lt;script&gt;" in markdown.stdout
    [row] = [line for line in markdown.stdout.splitlines() if line.startswith("| event")]
    # Seven unescaped pipes: six cells, whatever the id holds.
    assert len(re.findall(r"(?<!\\)\|", row)) == 7
    github = run("old", "new", "--format", "github")
    assert all(line.startswith("::") for line in github.stdout.splitlines()[:-1])
    data = json.loads(run("old", "new", "--format", "json").stdout)
    assert data["schemas"][0]["id"] == HOSTILE
    assert HOSTILE in run("old", "new").stdout


def test_an_alias_bomb_in_either_catalog_is_refused_not_expanded(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    make(tmp_path / "old", {"1.0.0": obj()})
    make(tmp_path / "new", {"1.0.0": obj()})
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    write(tmp_path / "new/events/Placed/index.mdx", "---\nid: Placed\nversion: 1.0.0\n" + bomb + "---\nText.\n")
    result = run("old", "new", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    # The bombed page is not read as a resource: the event's 1.0.0 is gone from the new side.
    assert [(e["id"], e["version"]) for e in data["removed"]] == [("Placed", "1.0.0")]


def test_usage_errors_exit_2_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    make(tmp_path / "new", {"1.0.0": obj()})
    not_catalog = run("empty", "new")
    assert not_catalog.exit_code == 2 and "no catalog resources found in 'empty'" in not_catalog.stderr
    no_git = run("main", "new")
    assert no_git.exit_code == 2
    assert no_git.stderr.strip().count("\n") == 0 and "neither a catalog folder nor a git revision" in no_git.stderr
    bad_format = run("new", "new", "--format", "xml")
    assert bad_format.exit_code == 2


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def snapshot(repo: Path) -> dict[str, str]:
    """A checksum of every file, the index included."""
    return {str(p.relative_to(repo)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(repo.rglob("*")) if p.is_file() and "objects" not in p.parts}


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "T")
    write(repo / "mkdocs.yml", "site_name: t\nplugins:\n  - evcat:\n      catalog: docs/catalog\n")
    make(repo / "docs/catalog", {"1.0.0": obj()})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "one")
    git(repo, "checkout", "-qb", "change")
    make(repo / "docs/catalog", {"1.0.0": obj(), "1.1.0": obj("total", total={"type": "number"})})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two")
    # Uncommitted work in the tree and in the index must survive untouched.
    write(repo / "docs/catalog/users/jdoe.mdx", page(id="jdoe", name="Jane Edited"))
    write(repo / "notes.txt", "staged\n")
    git(repo, "add", "notes.txt")
    monkeypatch.chdir(repo)
    return repo


def test_git_revisions_are_read_without_touching_the_work_tree_or_index(repository: Path) -> None:
    status, files = git(repository, "status", "--porcelain"), snapshot(repository)
    result = run("main", "HEAD")
    assert result.exit_code == 1, result.output
    assert "+ event 'Placed' 1.1.0" in result.stdout and "consumers hit: Billing 1.0.0" in result.stdout
    github = run("main", "HEAD", "--format", "github")
    assert github.stdout.startswith("::error file=docs/catalog/events/Placed/index.mdx,line=4,")
    assert run("main", "main").stdout.rstrip().endswith("no differences")
    assert git(repository, "status", "--porcelain") == status
    assert snapshot(repository) == files


def test_a_revision_against_the_work_tree_folder(repository: Path) -> None:
    result = run("HEAD", "docs/catalog", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(c["id"], [f["field"] for f in c["fields"]]) for c in data["changed"]] == [("jdoe", ["name"])]


def test_unknown_revision_and_missing_catalog_are_usage_errors(repository: Path) -> None:
    unknown = run("no-such-branch", "HEAD")
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == f"evcat: error: unknown revision 'no-such-branch' in {repository}"
    option = run("--", "--upload-pack=touch x", "HEAD")  # never handed to git as an option
    assert option.exit_code == 2 and "'--upload-pack=touch x' is not a revision" in option.stderr
    assert not (repository / "x").exists()
    write(repository / "mkdocs.yml", "site_name: t\nplugins:\n  - evcat:\n      catalog: elsewhere\n")
    (repository / "elsewhere").mkdir()
    missing = run("main", "HEAD")
    assert missing.exit_code == 2 and "has no catalog folder 'elsewhere'" in missing.stderr


def test_example_catalog_against_itself_has_no_differences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "copy")
    monkeypatch.chdir(REPO)
    result = run("catalog", str(tmp_path / "copy"))
    assert result.exit_code == 0 and result.stdout.rstrip().endswith("no differences")


def test_the_markdown_example_in_the_docs_is_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/compatibility.md shows `evcat diff catalog catalog-changed --format markdown` after the change it
    describes: 1.0.1 kept as a versioned copy, a 1.1.0 that narrows a field and adds two."""
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    changed = shutil.copytree(REPO / "catalog", tmp_path / "catalog-changed") / EVENT
    (changed / "versioned/1.0.1").mkdir()
    for name in ("index.mdx", "schema.avsc"):
        shutil.copy(changed / name, changed / "versioned/1.0.1" / name)
    index = changed / "index.mdx"
    index.write_text(index.read_text(encoding="utf-8").replace("\nversion: 1.0.1\n", "\nversion: 1.1.0\n"),
                     encoding="utf-8")
    schema = json.loads((changed / "schema.avsc").read_text(encoding="utf-8"))
    for field in schema["fields"]:
        if field["name"] == "quantityDelta":
            field["type"] = "int"
    schema["fields"] += [{"name": "reasonCode", "type": "string", "doc": "Why"},
                         {"name": "shelf", "type": ["null", "string"], "default": None}]
    (changed / "schema.avsc").write_text(json.dumps(schema, indent=2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("catalog", "catalog-changed", "--format", "markdown")
    assert result.exit_code == 1
    docs = (REPO / "docs/compatibility.md").read_text(encoding="utf-8")
    shown = docs.split("exit 1):\n\n```markdown\n", 1)[1].split("\n```\n", 1)[0]
    assert result.stdout.rstrip("\n") == shown
