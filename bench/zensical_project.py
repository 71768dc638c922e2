#!/usr/bin/env python3
"""Write a Zensical project around a catalog's generated pages, to compare Zensical with evcat's MkDocs build.

Zensical reads mkdocs.yml but runs no MkDocs plugin, so evcat's plugin does not run in it: the pages come from
`evcat generate CATALOG --out PROJECT/docs`, and this script adds what the plugin adds in an MkDocs build:
the navigation (the same one the plugin gives MkDocs), evcat.css and the vendored Mermaid. Those two assets go
to a theme folder (`PROJECT/overrides/assets/evcat/`), not into docs/: `evcat generate` replaces its output
folder whole and removes files it did not write. The rest of the configuration is evcat's embedded default
without the `evcat` plugin block. Findings: docs/zensical-evaluation.md.

Usage:
  .venv/bin/evcat generate CATALOG --out PROJECT/docs
  .venv/bin/python bench/zensical_project.py CATALOG PROJECT
  cd PROJECT && ../.venv/bin/zensical build -f mkdocs.yml --clean      # site in PROJECT/site/
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from generator.catalog.load import load_catalog
from generator.escaping import html_text
from generator.render.generate import navigation
from generator.render.mkdocs_build import DEFAULT_CONFIG
from generator.render.urls import Urls

ASSETS = Path(__file__).resolve().parents[1] / "generator" / "assets"


def project_config(title: str, nav: list) -> str:
    """evcat's embedded MkDocs configuration without the plugin block, plus the nav and evcat's assets."""
    head, rest = DEFAULT_CONFIG.split("plugins:\n", 1)
    extensions = "markdown_extensions:" + rest.split("markdown_extensions:", 1)[1]
    text = head.format(title=json.dumps(html_text(title)), docs_dir="docs", site_dir="site")
    text = text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    return (text + "plugins:\n  - search\n  - tags\n" + extensions
            + "extra_css:\n  - assets/evcat/evcat.css\nextra_javascript:\n  - assets/evcat/mermaid.min.js\n"
            + "nav: " + json.dumps(nav) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalog", type=Path)
    parser.add_argument("project", type=Path, help="holds docs/ (from `evcat generate`); gets mkdocs.yml")
    args = parser.parse_args()
    catalog = load_catalog(args.catalog).catalog
    assets = args.project / "overrides" / "assets" / "evcat"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy(ASSETS / "stylesheets" / "evcat.css", assets)
    shutil.copy(ASSETS / "javascripts" / "mermaid.min.js", assets)
    config = project_config(catalog.title, navigation(catalog, Urls("", catalog)))
    (args.project / "mkdocs.yml").write_text(config, encoding="utf-8")


if __name__ == "__main__":
    main()
