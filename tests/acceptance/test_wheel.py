"""The wheel: built from a copy of the sources, it carries the templates and vendored assets, and an installed
copy generates a catalog's pages from its own templates, not from a checkout.

The installed copy runs in a fresh virtual environment that holds only the wheel (``pip install --no-deps``);
evcat's dependencies come from the project venv's site-packages through a ``.pth`` line appended *after* the
new venv's own site-packages, so the wheel's ``generator`` package wins and the editable install of the
checkout (a ``.pth`` hook of the project venv, not processed for a path added this way) stays inactive.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "catalog"
MARKER = "<!-- evcat-wheel-test: rendered from the installed wheel's templates -->"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env.update(PYTHONNOUSERSITE="1", NO_MKDOCS_2_WARNING="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def _can_build_without_isolation() -> bool:
    """True when this venv has the build backend pyproject.toml asks for (setuptools>=68 and wheel)."""
    try:
        setuptools = importlib.metadata.version("setuptools")
        importlib.metadata.version("wheel")
    except importlib.metadata.PackageNotFoundError:
        return False
    return tuple(int(p) for p in setuptools.split(".")[:2] if p.isdigit()) >= (68, 0)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build --wheel`` of a copy of the sources (the checkout gets no build/ or egg-info)."""
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "templates"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist)]
    # Without isolation when this venv already has the backend (fast, offline); otherwise pip fetches
    # setuptools and wheel into an isolated build environment from the package index.
    isolated = not _can_build_without_isolation()
    if not isolated:
        command.append("--no-isolation")
    result = subprocess.run([*command, str(source)], capture_output=True, text=True, env=_clean_env(),
                            timeout=600, check=False)
    if result.returncode != 0:
        output = result.stdout + result.stderr
        if isolated and any(s in output for s in ("No matching distribution", "Could not fetch",
                                                  "NewConnectionError", "Temporary failure in name resolution")):
            pytest.skip("the build backend (setuptools>=68, wheel) is not in this venv and the package index "
                        "cannot be reached for an isolated build")
        pytest.fail(f"python -m build failed:\n{output[-4000:]}", pytrace=False)
    wheels = list(dist.glob("evcat-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_templates_assets_and_every_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "generator/templates/message.md.j2" in names
    assert "generator/templates/partials/macros.j2" in names
    assert "generator/templates/snippets/kafka/python-producer.j2" in names
    assert "generator/assets/javascripts/mermaid.min.js" in names
    assert "generator/assets/stylesheets/evcat.css" in names
    # Nothing of the source tree is left behind: every template, asset and module is packaged.
    templates = {f"generator/templates/{p.relative_to(REPO / 'templates').as_posix()}"
                 for p in (REPO / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assets = {f"generator/{p.relative_to(REPO / 'generator').as_posix()}"
              for p in (REPO / "generator" / "assets").rglob("*") if p.is_file()}
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("*.py")}
    assert sorted(templates - names) == []
    assert sorted(assets - names) == []
    assert sorted(modules - names) == []
    # No tests, catalogs or caches ride along.
    assert not any(n.startswith(("tests/", "catalog/", "templates/")) or "__pycache__" in n for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
    assert b"evcat = generator.cli:main" in metadata
    assert b"evcat = generator.plugin:EvcatPlugin" in metadata


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A fresh venv with only the wheel installed, and evcat's dependencies reachable after it."""
    root = tmp_path_factory.mktemp("wheel-venv")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, env=_clean_env())
    python = venv / "bin" / "python"
    # The project venv's pip installs into the new venv (`pip --python`): no pip bootstrap, no index.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, env=_clean_env(), timeout=300)
    site_packages = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, env=_clean_env()).stdout.strip())
    dependencies = Path(sysconfig.get_paths()["purelib"])
    # The dependency folder must not itself provide `generator` (the checkout is reached only through the
    # editable install's .pth hook, which is not processed for a folder added by a .pth line).
    assert not (dependencies / "generator").exists()
    (site_packages / "zz-evcat-test-dependencies.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    cwd = root / "cwd"
    cwd.mkdir()
    return {"python": python, "site_packages": site_packages, "cwd": cwd, "root": root}


def run_python(installed: dict[str, Path], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(installed["python"]), *arguments], cwd=installed["cwd"], capture_output=True,
                          text=True, env=_clean_env(), timeout=300, check=False)


def test_installed_wheel_resolves_its_own_package_and_templates(installed: dict[str, Path]) -> None:
    probe = run_python(installed, "-c", (
        "import json, sys, generator, generator.render.templating, generator.plugin, generator.snippets.compose\n"
        "print(json.dumps({'package': generator.__file__,"
        " 'templates': str(generator.render.templating.shipped_templates()),"
        " 'snippet_templates': str(generator.snippets.compose._shipped_templates_dir()),"
        " 'assets': str(generator.plugin.ASSETS), 'path': sys.path}))"))
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    site_packages = installed["site_packages"]
    for key in ("package", "templates", "snippet_templates", "assets"):
        assert Path(found[key]).is_relative_to(site_packages), (key, found[key])
    assert Path(found["templates"]) == site_packages / "generator" / "templates"
    assert (Path(found["assets"]) / "javascripts" / "mermaid.min.js").is_file()
    # The checkout is nowhere on the path (cwd is outside it, PYTHONPATH is cleared, no editable hook ran).
    assert not any(p and (Path(p).resolve() == REPO or Path(p).resolve() == REPO / "generator")
                   for p in found["path"]), found["path"]


def test_installed_wheel_generates_pages_from_its_templates(installed: dict[str, Path]) -> None:
    # Mark the installed copy of the home template: the marker can only reach the output from there.
    home = installed["site_packages"] / "generator" / "templates" / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + f"\n{MARKER}\n", encoding="utf-8")
    assert MARKER not in (REPO / "templates" / "home.md.j2").read_text(encoding="utf-8")

    out = installed["root"] / "out"
    result = run_python(installed, "-m", "generator", "generate", str(CATALOG), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "files in" in result.stderr

    assert MARKER in (out / "index.md").read_text(encoding="utf-8")
    page = (out / "events" / "InventoryAdjusted" / "index.md").read_text(encoding="utf-8")
    assert page.startswith("---\n") and "# Inventory adjusted <small>event · v1.0.1</small>" in page
    # Code snippets come from the wheel's snippet templates (generator/templates/snippets/...).
    assert "## Code { data-search-exclude }" in page
    assert 'title="Kafka producer — Python (confluent-kafka)"' in page
    assert (out / "events" / "InventoryAdjusted" / "1.0.0" / "changes.md").is_file()


def test_installed_wheel_inits_a_repository_from_its_templates(installed: dict[str, Path]) -> None:
    target = installed["root"] / "new-catalog"
    result = run_python(installed, "-m", "generator", "init", str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in (".github/workflows/catalog.yml", ".pre-commit-config.yaml", ".gitignore", "mkdocs.yml",
                 "catalog/events/OrderPlaced/schema.json"):
        assert (target / name).is_file(), name
    assert not list(target.rglob("dot-*"))
