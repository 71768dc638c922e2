"""Backstage TechDocs: a catalog repository whose mkdocs.yml lists ``techdocs-core`` and ``evcat`` builds
the way ``techdocs-cli generate --no-docker`` builds it (``mkdocs build`` with mkdocs-techdocs-core).

mkdocs-techdocs-core pins exact versions (mkdocs-material 9.7.7, pymdown-extensions 11.0.1, Markdown < 3.11
in its 1.7 release), older than the suite's own, so it is not in the test extras: the test installs evcat
and it into a virtual environment of its own, from the package registry, and skips when it cannot.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

REPO_ROOT = Path(__file__).resolve().parents[2]
TECHDOCS_CONFIG = (REPO_ROOT / "docs/techdocs-mkdocs.yml").read_text()


@pytest.fixture(scope="module")
def techdocs_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("techdocs") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
                           str(REPO_ROOT), "mkdocs-techdocs-core"], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.skip(f"cannot install evcat and mkdocs-techdocs-core from the registry: {done.stderr[-300:]}")
    return python


@pytest.mark.slow
def test_techdocs_build_renders_pages_and_mermaid(techdocs_python: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    assert CliRunner().invoke(cli, ["init", str(repo)]).exit_code == 0
    (repo / "mkdocs.yml").write_text(TECHDOCS_CONFIG)
    env = {**os.environ, "PATH": f"{techdocs_python.parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([str(techdocs_python), "-m", "mkdocs", "build"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "evcat:" in done.stderr  # the evcat plugin ran beside techdocs-core
    site = repo / "site"
    metadata = json.loads((site / "techdocs_metadata.json").read_text())  # written by techdocs-core
    assert metadata["site_name"] == "Event catalog"
    page = (site / "catalog/events/OrderPlaced/index.html").read_text()
    assert "Order placed" in page and "orderId" in page  # the page and its schema table
    # The graph reaches the page as a Mermaid block: evcat's init line (natural size), then the flowchart.
    assert re.search(r'<pre class="mermaid"><code>%%\{init: .*\}%%\nflowchart (LR|TD)\n', page)
    assert (site / "assets/evcat/mermaid.min.js").is_file()
    assert (site / "catalog/services/OrderService/index.html").is_file()
