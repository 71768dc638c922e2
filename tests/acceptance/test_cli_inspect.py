"""`evcat` CLI through click's CliRunner: --version, --help, `inspect`, and conformance counts on the two
real EventCatalog example catalogs (catalog-format.md §10)."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import cli

CONFORMANCE = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "eventcatalog"


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    # Run from an empty folder so that no ./mkdocs.yml of the working directory changes the settings.
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return CliRunner()


def write_catalog(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


SMALL = {
    "events/OrderPlaced/index.mdx": """
        ---
        id: OrderPlaced
        name: Order placed
        version: 1.1.0
        ---
        """,
    "events/OrderPlaced/versioned/1.0.0/index.mdx": """
        ---
        id: OrderPlaced
        name: Order placed
        version: 1.0.0
        ---
        """,
    "services/Orders/index.mdx": """
        ---
        id: Orders
        name: Orders
        version: 1.0.0
        owners: [core]
        sends:
          - id: OrderPlaced
          - id: OrderShipped
        ---
        """,
    "teams/core.mdx": """
        ---
        id: core
        name: Core
        ---
        """,
}


# --- basics -------------------------------------------------------------------------------------------


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"evcat, version {__version__}"


def test_help_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)\s", result.output.split("Commands:")[1], flags=re.MULTILINE)
    assert sorted(listed) == sorted(cli.commands)
    assert {"inspect", "validate", "rules"} <= set(listed)
    assert "Exit codes" in result.output


def test_inspect_help(runner):
    result = runner.invoke(cli, ["inspect", "--help"])
    assert result.exit_code == 0
    assert "--json" in result.output
    assert "--config" in result.output


def test_inspect_text_summary(runner, tmp_path):
    root = write_catalog(tmp_path / "small", SMALL)
    result = runner.invoke(cli, ["inspect", str(root)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert ": 4 resource files" in out.splitlines()[0]
    assert re.search(r"^\s+event\s+1\s+2$", out, re.MULTILINE)
    assert re.search(r"^\s+service\s+1\s+1$", out, re.MULTILINE)
    assert re.search(r"^\s+team\s+1\s+1$", out, re.MULTILINE)
    assert "1 send and 0 receive relationships" in out
    assert "Unresolved pointers (1):" in out
    assert "services/Orders/index.mdx:8: [EC202] unknown message 'OrderShipped' in sends.1" in out
    assert "(did you mean 'OrderPlaced'?)" in out


def test_inspect_json_summary(runner, tmp_path):
    root = write_catalog(tmp_path / "small", SMALL)
    result = runner.invoke(cli, ["inspect", "--json", str(root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["files"] == 4
    assert data["kinds"] == {"event": {"resources": 1, "versions": 2}, "service": {"resources": 1, "versions": 1},
                             "team": {"resources": 1, "versions": 1}}
    assert data["edges"] == {"sends": 1, "receives": 0}
    assert [(u["code"], u["file"], u["line"]) for u in data["unresolved"]] == [
        ("EC202", "services/Orders/index.mdx", 8)]
    assert data["problems"] == {"errors": 1, "warnings": 0}


def test_inspect_clean_catalog_says_every_pointer_resolves(runner, tmp_path):
    files = dict(SMALL)
    files["services/Orders/index.mdx"] = re.sub(r"\n *- id: OrderShipped", "", files["services/Orders/index.mdx"])
    root = write_catalog(tmp_path / "small", files)
    result = runner.invoke(cli, ["inspect", str(root)])
    assert result.exit_code == 0
    assert "Every pointer resolves." in result.stdout


def test_inspect_does_not_list_findings_that_are_not_pointers(runner, tmp_path):
    # A message nobody sends (EC210) and a duplicate id+version (EC207) are reference findings, but no
    # pointer is unresolved.
    root = write_catalog(tmp_path / "small", {
        "events/A/index.mdx": "---\nid: A\nname: A\nversion: 1.0.0\n---\n",
        "events/B/index.mdx": "---\nid: A\nname: A\nversion: 1.0.0\n---\n",
    })
    result = runner.invoke(cli, ["inspect", "--json", str(root)])
    data = json.loads(result.stdout)
    assert data["unresolved"] == []
    assert data["problems"] == {"errors": 1, "warnings": 2}  # EC207 once; EC210 for each copy
    text = runner.invoke(cli, ["inspect", str(root)]).stdout
    assert "Every pointer resolves." in text


def test_inspect_missing_folder_is_exit_2_with_one_line(runner, tmp_path):
    missing = tmp_path / "nope"
    result = runner.invoke(cli, ["inspect", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"evcat: error: catalog folder '{missing}' does not exist"]
    assert "Traceback" not in result.output


def test_inspect_missing_config_is_exit_2(runner, tmp_path):
    root = write_catalog(tmp_path / "small", SMALL)
    result = runner.invoke(cli, ["inspect", "--config", str(tmp_path / "missing.yml"), str(root)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "does not exist" in result.stderr


def test_inspect_reads_catalog_from_mkdocs_yml_in_working_directory(runner, tmp_path):
    write_catalog(tmp_path / "cwd" / "cat", SMALL)
    (tmp_path / "cwd" / "mkdocs.yml").write_text("site_name: Docs\nplugins:\n  - evcat:\n      catalog: cat\n",
                                                 encoding="utf-8")
    result = runner.invoke(cli, ["inspect", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Docs"
    assert data["files"] == 4


# --- conformance --------------------------------------------------------------------------------------

# Where each resource kind may live (catalog-format.md §1.2), written as globs relative to the catalog
# root. Deliberately independent of generator.catalog.discovery: the file system is the referee.
_INDEX = ("index.md", "index.mdx")
_GLOBS: dict[str, tuple[str, ...]] = {
    "event": ("**/events/*/",),
    "command": ("**/commands/*/",),
    "query": ("**/queries/*/",),
    "service": ("**/services/*/",),
    "domain": ("domains/*/", "domains/*/subdomains/*/"),
    "channel": ("**/channels/**/",),
    "flow": ("**/flows/*/",),
    "entity": ("**/entities/*/",),
    "container": ("**/containers/**/",),
    "adr": ("**/adrs/*/",),
    "data-product": ("**/data-products/*/",),
    "agent": ("**/agents/*/",),
    "system": ("**/systems/*/",),
    "diagram": ("**/diagrams/**/",),
}
_ID = re.compile(r"^id:\s*['\"]?(?P<id>[^'\"\n]+?)['\"]?\s*$", re.MULTILINE)


def _index_files(folder: Path) -> list[Path]:
    return [folder / name for name in _INDEX if (folder / name).is_file()][:1]


def independent_count(root: Path) -> dict:
    """Count resource files per kind with globs, and distinct ids with a regex on the `id:` line."""
    files: dict[str, set[Path]] = defaultdict(set)
    for kind, patterns in _GLOBS.items():
        for pattern in patterns:
            for folder in root.glob(pattern):
                files[kind].update(_index_files(folder))
                files[kind].update(f for v in folder.glob("versioned/*/") for f in _index_files(v))
    # A versioned copy of a channel (…/channels/x/versioned/1.0.0/) matches `channels/**` itself.
    every_index = {p for p in root.rglob("index.md*") if p.name in _INDEX}
    claimed = Counter(p for paths in files.values() for p in paths)
    flat = {kind: sorted(p for p in (root / folder).glob("*.md*")) for kind, folder in
            (("team", "teams"), ("user", "users"))}
    kinds = {}
    for kind in list(files) + list(flat):
        paths = files.get(kind) or flat.get(kind) or set()
        if not paths:
            continue
        ids = {m.group("id") for p in paths if (m := _ID.search(p.read_text(encoding="utf-8-sig")))}
        kinds[kind] = {"resources": len(ids), "versions": len(paths)}
    return {"kinds": kinds, "every_index": every_index, "claimed": claimed,
            "flat": sum(len(v) for v in flat.values())}


def _inspect_json(runner: CliRunner, catalog: Path) -> dict:
    if not catalog.is_dir():
        pytest.skip(f"conformance catalog {catalog} is absent (expected beside the project in "
                    "shared/conformance/eventcatalog)")
    result = runner.invoke(cli, ["inspect", "--json", str(catalog)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


V3_COUNTS = {
    "event": {"resources": 33, "versions": 40},
    "command": {"resources": 12, "versions": 12},
    "query": {"resources": 7, "versions": 8},
    "service": {"resources": 12, "versions": 14},
    "domain": {"resources": 5, "versions": 7},  # E-Commerce + 4 subdomains
    "channel": {"resources": 13, "versions": 13},
    "flow": {"resources": 8, "versions": 9},
    "team": {"resources": 4, "versions": 4},
    "user": {"resources": 23, "versions": 23},
    "entity": {"resources": 22, "versions": 22},
    "container": {"resources": 10, "versions": 10},
    "adr": {"resources": 21, "versions": 25},
    "data-product": {"resources": 4, "versions": 4},
    "agent": {"resources": 6, "versions": 10},
    "diagram": {"resources": 2, "versions": 4},
}


@pytest.mark.parametrize("name", ["v3-default", "v4-default"])
def test_conformance_every_resource_file_is_found(runner, name):
    catalog = CONFORMANCE / name
    data = _inspect_json(runner, catalog)
    counted = independent_count(catalog)
    # Every index file sits under exactly one collection kind (the globs do not overlap on these catalogs).
    assert set(counted["claimed"]) == counted["every_index"]
    assert max(counted["claimed"].values()) == 1
    assert data["files"] == len(counted["every_index"]) + counted["flat"]
    assert data["kinds"] == counted["kinds"]


def test_conformance_v3_counts(runner):
    catalog = CONFORMANCE / "v3-default"
    data = _inspect_json(runner, catalog)
    # The fixture itself, counted without evcat, is what these numbers claim …
    assert independent_count(catalog)["kinds"] == V3_COUNTS
    # … and evcat reads exactly that.
    assert data["kinds"] == V3_COUNTS
    assert data["files"] == 178 + 27


def test_conformance_v3_known_dangling_pointers(runner):
    data = _inspect_json(runner, CONFORMANCE / "v3-default")
    unresolved = {(u["code"], u["file"], u["message"]) for u in data["unresolved"]}
    orders = "domains/E-Commerce/subdomains/Orders"
    # Dangling sends/receives, checked by hand against the files.
    assert ("EC202", f"{orders}/services/InventoryService/index.mdx",
            "unknown message 'UserSignedUp' in receives.0") in unresolved
    assert ("EC202", f"{orders}/services/NotificationService/index.mdx",
            "unknown message 'NotificationSent' in sends.1") in unresolved
    assert ("EC206", "domains/E-Commerce/services/Snowflake/index.mdx",
            "message 'PaymentComplete' has no version matching '0.0.1'") in unresolved
    # catalog-format.md §8: 4 flow owners are unknown.
    flow_owners = {f for code, f, _ in unresolved if code == "EC201" and "/flows/" in f}
    assert len(flow_owners) == 4
    # §10: `{env: staging}` is bound by the old InventoryService version, outside the enum dev/sit/prod.
    staging = "value 'staging' for parameter 'env' of channel 'orders.{env}.events' is not one of dev, sit, prod"
    assert ("EC209", f"{orders}/services/InventoryService/versioned/0.0.1/index.mdx", staging) in unresolved
    assert not {code for code, _, _ in unresolved} & {"EC207", "EC210"}
    assert data["problems"]["errors"] > 0


def test_conformance_v4_counts(runner):
    catalog = CONFORMANCE / "v4-default"
    data = _inspect_json(runner, catalog)
    kinds = data["kinds"]
    assert kinds["domain"]["resources"] == 7
    assert kinds["system"]["resources"] == 15
    assert kinds["service"]["resources"] == 27
    assert kinds["event"] == {"resources": 39, "versions": 41}
    assert kinds["command"]["resources"] == 19
    assert kinds["query"]["resources"] == 6
    assert kinds["channel"]["resources"] == 5
    assert kinds["flow"]["resources"] == 5
    assert kinds["team"]["resources"] == 8
    assert data["unresolved"] == []
    assert data["problems"]["errors"] == 0
    assert data["schemas"] == 66
    assert data["examples"] == 0
