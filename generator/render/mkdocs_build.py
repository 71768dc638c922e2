"""`evcat build` / `evcat serve`: run MkDocs with the repository's mkdocs.yml, or with an embedded default
configuration when a catalog folder has none."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from generator.escaping import html_text
from generator.render import outputs, workfolder
from generator.render.progress import Progress, build_summary, folder_size
from generator.settings import Settings, plugin_block, read_mkdocs_yml

# Material for MkDocs, configured for a catalog: offline (no web fonts, vendored Mermaid added by the
# plugin), pruned navigation, linked content tabs, search, tags from badges.
# Where the plugin writes the generated Markdown when the evcat block names no pages_dir.
DEFAULT_PAGES_DIR = ".evcat/pages"

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


def default_config_file(settings: Settings, work: Path) -> Path:
    """Write the embedded configuration for ``settings.catalog`` into the work folder; return its path.

    Its ``site_dir`` is a folder in the work folder: ``evcat build`` always names the real one.
    """
    docs = work / "docs"  # MkDocs needs a docs folder: an empty one, all pages come from the plugin
    docs.mkdir(exist_ok=True)
    options = []
    if settings.templates:
        options.append(f"      templates: {json.dumps(str(settings.templates.resolve()))}")
    if settings.trusted_html:
        options.append("      trusted_html: true")
    if settings.ignore_components:
        options.append(f"      ignore_components: {json.dumps(list(settings.ignore_components))}")
    if settings.rules:
        rules = {code: severity.label for code, severity in settings.rules.items()}
        options.append(f"      rules: {json.dumps(rules)}")
    text = DEFAULT_CONFIG.format(
        # MkDocs themes print the site name as HTML; the catalog's title is text.
        title=json.dumps(html_text(settings.title or _title(settings.catalog))),
        docs_dir=json.dumps(str(docs)), site_dir=json.dumps(str(work / "site")),
        catalog=json.dumps(str(settings.catalog.resolve())), pages_dir=json.dumps(str(work / "pages")),
        extra_plugin_options="\n".join(options))
    outputs.write_file(work, "mkdocs.yml", text)
    return work / "mkdocs.yml"


def _title(catalog: Path) -> str:
    from generator.catalog.load import catalog_title  # noqa: PLC0415

    return catalog_title(catalog)


def config_file_for(settings: Settings, work: Path, catalog_given: bool) -> Path:
    """The MkDocs configuration to build with: the repository's when it has an ``evcat`` plugin block for
    this catalog, else the embedded default written for the catalog into the work folder."""
    config_file = settings.config_file
    if config_file is not None:
        block = plugin_block(read_mkdocs_yml(config_file))
        if block is not None:
            configured = (config_file.parent / str(block.get("catalog", "catalog"))).resolve()
            if not catalog_given or configured == settings.catalog.resolve():
                return config_file
    return default_config_file(settings, work)


def prepare_pages(settings: Settings, config_file: Path) -> Path:
    """Check, create and mark the pages folder ``config_file`` names (as the plugin will): a bad one is a
    usage error here, before MkDocs starts."""
    block = plugin_block(read_mkdocs_yml(config_file)) or {}
    pages_dir = config_file.parent / str(block.get("pages_dir", DEFAULT_PAGES_DIR))
    return outputs.prepare_pages_folder(pages_dir, base=config_file.parent, catalog=settings.catalog)


def _wait_message() -> None:
    logging.getLogger("mkdocs").warning("evcat: another build of this catalog is running; waiting for it")


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


def build_site(settings: Settings, site_dir: Path | None, catalog_given: bool, *, strict: bool = False,
               offline: bool = False, progress: Progress | None = None) -> Path:
    """Run a full MkDocs build of the catalog into a fresh folder and swap it in for the site folder, which
    is returned. Builds of one catalog take turns; a failed or interrupted build leaves the old site whole.
    ``progress`` shows the stages and ends with the summary line (pages, time, site size).

    Raises ``outputs.UnsafeOutput`` (a ``ConfigError``) for a site, pages or work folder evcat must not use.
    """
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config import load_config  # noqa: PLC0415

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    show_warnings()
    work = workfolder.work_folder(settings.catalog)
    with workfolder.exclusive(work / "build.lock", on_wait=_wait_message):
        config_file = config_file_for(settings, work, catalog_given)
        config = load_config(config_file=str(config_file))
        pages = prepare_pages(settings, config_file)
        docs = Path(config.docs_dir)
        embedded = config_file.parent == work
        given = site_dir if site_dir is not None else Path("site") if embedded else Path(config.site_dir)
        target = outputs.check_output(given, option="--site-dir", catalog=settings.catalog,
                                      config_file=settings.config_file,
                                      others=[(pages, "the generated pages folder"), (work, "evcat's work folder"),
                                              (docs, "the docs folder")])
        if docs.resolve() in target.parents:
            raise outputs.UnsafeOutput(f"--site-dir '{given}' is inside the docs folder '{docs}'; pick a new folder")
        if strict:
            config.strict = True
        if offline:
            _add_offline_plugin(config)
        progress = progress or Progress.silent()
        # As `mkdocs build` does. MkDocs keeps a plugin that has on_startup for the whole process, so this also
        # clears what an earlier `serve` in the same process left on it.
        config.plugins.on_startup(command="build", dirty=False)
        plugin = config.plugins.get("evcat")
        if plugin is not None:
            plugin.progress = progress  # the plugin reports the stages it runs
        try:
            with outputs.publish(target) as staging, _warnings_clear(progress):
                config["site_dir"] = str(staging)
                build(config)
                progress.stage("writing the site")
        except BaseException:
            progress.finish()  # a failure's message starts on a line of its own
            raise
        finally:
            config.plugins.on_shutdown()  # temporary folders go even on Ctrl-C (MkDocs' CLI does the same)
    shown = given.as_posix().rstrip("/") or "."
    progress.finish(build_summary(progress.counts.get("writing pages", 0), progress.elapsed(),
                                  folder_size(target), shown))
    return target


@contextlib.contextmanager
def _warnings_clear(progress: Progress) -> Iterator[None]:
    """While the build runs, a warning shown by ``show_warnings`` first erases the progress line."""

    def clear(_record: logging.LogRecord) -> bool:
        progress.interrupt()
        return True

    handlers = [h for h in logging.getLogger("mkdocs").handlers if getattr(h, "_evcat", False)]
    for handler in handlers:
        handler.addFilter(clear)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(clear)


def _add_offline_plugin(config) -> None:
    """Turn on Material's ``offline`` plugin: page links end in ``.html`` and the search index is inlined
    into a script, so the site works opened from disk (the evcat plugin supplies the worker shim)."""
    from material.plugins.offline.plugin import OfflinePlugin  # noqa: PLC0415

    present = config.plugins.get("material/offline")
    if present is not None:
        present.config["enabled"] = True
        return
    plugin = OfflinePlugin()
    plugin.load_config({})
    config.plugins["material/offline"] = plugin


def serve_site(settings: Settings, catalog_given: bool, address: str) -> None:
    """Serve the catalog with live reload. Builds are dirty: after an edit the pages made from the edited
    records are rendered first and the browser reloads; a catch-up pass then brings every page that
    mentions them up to date (render/incremental.py)."""
    from mkdocs.commands.serve import serve  # noqa: PLC0415

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    show_warnings()
    announce = _ServeAnnouncements()
    loggers = [logging.getLogger("mkdocs.livereload"), logging.getLogger("mkdocs.plugins.evcat")]
    for logger in loggers:
        logger.addHandler(announce)
    quiet = _DirtyWarningFilter()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    config_file = config_file_for(settings, workfolder.work_folder(settings.catalog), catalog_given)
    prepare_pages(settings, config_file)
    try:
        serve(config_file=str(config_file), dev_addr=address, livereload=True, build_type="dirty")
    finally:
        for logger in loggers:
            logger.removeHandler(announce)
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)


class _ServeAnnouncements(logging.Handler):
    """Prints the site's URL once MkDocs' server listens, and one line per rebuild (MkDocs logs both at
    INFO, which evcat hides)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "evcat_serve", False):
            print(record.getMessage(), file=sys.stderr, flush=True)
            return
        # MkDocs' live-reload logger puts the time first: "[12:00:00] Serving on http://127.0.0.1:8000/".
        found = re.search(r"Serving on (\S+)", record.getMessage())
        if found:
            print(f"evcat: serving the site at {found.group(1)} (Ctrl-C to stop)", file=sys.stderr, flush=True)


class _DirtyWarningFilter(logging.Filter):
    """MkDocs warns on every dirty build that links may be stale; `evcat serve`'s catch-up pass keeps them
    right, so the warning would only be noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()
