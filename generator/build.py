"""`evcat build` / `evcat serve`: run MkDocs with the repository's mkdocs.yml, or with an embedded default
configuration when a catalog folder has none."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from generator.escaping import html_text
from generator.settings import Settings, plugin_block, read_mkdocs_yml

# Material for MkDocs, configured for a catalog: offline (no web fonts, vendored Mermaid added by the
# plugin), pruned navigation, linked content tabs, search, tags from badges.
DEFAULT_CONFIG = """\
site_name: {title}
docs_dir: {docs_dir}
site_dir: {site_dir}
use_directory_urls: true
theme:
  name: material
  font: false
  palette:
    - scheme: default
      primary: indigo
      accent: indigo
      toggle: {{icon: material/weather-night, name: Dark mode}}
    - scheme: slate
      primary: indigo
      accent: indigo
      toggle: {{icon: material/weather-sunny, name: Light mode}}
  features:
    - navigation.tracking
    - navigation.indexes
    - navigation.prune
    - navigation.top
    - navigation.sections
    - content.code.copy
    - content.code.annotate
    - content.tabs.link
    - search.suggest
    - search.highlight
    - search.share
plugins:
  - search
  - tags
  - evcat:
      catalog: {catalog}
      prefix: ""
      pages_dir: {pages_dir}
{extra_plugin_options}
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tabbed:
      alternate_style: true
"""


def work_dir(catalog: Path) -> Path:
    """A per-catalog folder for generated pages, kept between runs so unchanged pages are not rewritten."""
    digest = hashlib.sha256(str(catalog.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"evcat-{digest}"


def default_config_file(settings: Settings, site_dir: Path) -> Path:
    """Write the embedded configuration for ``settings.catalog`` and return its path."""
    work = work_dir(settings.catalog)
    (work / "docs").mkdir(parents=True, exist_ok=True)
    options = []
    if settings.templates:
        options.append(f"      templates: {json.dumps(str(settings.templates.resolve()))}")
    if settings.trusted_html:
        options.append("      trusted_html: true")
    if settings.rules:
        rules = {code: severity.label for code, severity in settings.rules.items()}
        options.append(f"      rules: {json.dumps(rules)}")
    text = DEFAULT_CONFIG.format(
        # MkDocs themes print the site name as HTML; the catalog's title is text.
        title=json.dumps(html_text(settings.title or _title(settings.catalog))),
        docs_dir=json.dumps(str(work / "docs")), site_dir=json.dumps(str(site_dir.resolve())),
        catalog=json.dumps(str(settings.catalog.resolve())), pages_dir=json.dumps(str(work / "pages")),
        extra_plugin_options="\n".join(options))
    config = work / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _title(catalog: Path) -> str:
    from generator.pipeline import catalog_title  # noqa: PLC0415

    return catalog_title(catalog)


def config_file_for(settings: Settings, site_dir: Path | None, catalog_given: bool) -> Path:
    """The MkDocs configuration to build with: the repository's when it has an ``evcat`` plugin block for
    this catalog, else the embedded default written for the catalog."""
    config_file = settings.config_file
    if config_file is not None:
        block = plugin_block(read_mkdocs_yml(config_file))
        if block is not None:
            configured = (config_file.parent / str(block.get("catalog", "catalog"))).resolve()
            if not catalog_given or configured == settings.catalog.resolve():
                return config_file
    return default_config_file(settings, site_dir or Path("site"))


def show_warnings() -> None:
    """MkDocs logs through the `mkdocs` logger and only its own CLI attaches a handler: show warnings."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_evcat", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler._evcat = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_site(settings: Settings, site_dir: Path | None, catalog_given: bool, *, strict: bool = False) -> None:
    """Run a full MkDocs build of the catalog."""
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    show_warnings()
    overrides = {"site_dir": str(site_dir.resolve())} if site_dir else {}
    config = load_config(config_file=str(config_file_for(settings, site_dir, catalog_given)), **overrides)
    if strict:
        config.strict = True
    build(config)


def serve_site(settings: Settings, catalog_given: bool, address: str) -> None:
    """Serve the catalog with live reload: any catalog file change rebuilds the changed pages."""
    from mkdocs.commands.serve import serve  # noqa: PLC0415

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    serve(config_file=str(config_file_for(settings, None, catalog_given)), dev_addr=address, livereload=True)
