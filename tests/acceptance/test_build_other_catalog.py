"""Another catalog built from the repository root keeps its own title.

The repository's mkdocs.yml has an ``evcat`` block for ``catalog/`` with ``docs_section: evcat``: built
there, the site is named after ``catalog/`` ("Acme Inventory"). ``evcat build OTHER`` run from the same
folder must build OTHER's site with the embedded configuration, named after OTHER — never after the
repository's catalog or its ``site_name``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
GOOD = REPO / "tests" / "fixtures" / "catalogs" / "good"
EVCAT = Path(sys.executable).with_name("evcat")
# A title written to break HTML, YAML and a quoted string, all at once.
HOSTILE_TITLE = 'Payments <script>alert(1)</script> """ &amp; *anchor'


def site_name(page: Path) -> str:
    """The site name Material prints in the header of ``page``."""
    root = html.parse(str(page)).getroot()
    (name,) = root.xpath("//header//*[contains(@class, 'md-header__topic')][1]/span")
    return name.text_content().strip()


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    base = tmp_path_factory.mktemp("other")
    other = base / "payments-catalog"
    shutil.copytree(GOOD / "minimal-env-channel" / "catalog", other)
    (other / "eventcatalog.config.js").write_text(f"export default {{\n  title: '{HOSTILE_TITLE}',\n}};\n",
                                                  encoding="utf-8")
    site = base / "site"
    env = {**os.environ, "XDG_CACHE_HOME": str(base / "cache")}
    result = subprocess.run([str(EVCAT), "build", str(other), "--site-dir", str(site)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    return result, site


def test_the_repository_builds_with_its_catalog_title() -> None:
    """The premise: the repository's mkdocs.yml is the one described above."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_section: evcat" in text and "catalog: catalog" in text
    assert "title: 'Acme Inventory'" in (REPO / "catalog" / "eventcatalog.config.js").read_text(encoding="utf-8")


def test_another_catalog_keeps_its_own_title(other_site) -> None:
    result, site = other_site
    assert result.returncode == 0, result.stderr[-3000:]
    home = site / "index.html"
    assert site_name(home) == HOSTILE_TITLE  # shown as text, escaped once
    raw = home.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    assert "Acme Inventory" not in raw
    title = html.parse(str(home)).getroot().findtext(".//title")
    assert HOSTILE_TITLE in title and "evcat" not in title.replace(HOSTILE_TITLE, "")


def test_another_catalog_is_not_mixed_with_the_repository_docs(other_site) -> None:
    result, site = other_site
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "evcat").exists()  # the docs section of the repository's site
    assert not (site / "architecture").exists()  # a page of docs/
