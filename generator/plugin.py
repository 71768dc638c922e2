"""The MkDocs plugin ``evcat``: validate the catalog, generate its pages, add them to the site.

Pages are real Markdown files in a generator-owned folder (``pages_dir``, outside the hand-written
docs), written only when changed, and added to MkDocs' file list here; so ``mkdocs build`` and
``mkdocs serve`` with the repository's ``mkdocs.yml`` render docs/ plus the catalog.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import posixpath
import re
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.catalog.load import ParsedDocuments, catalog_title, read_catalog_file
from generator.diagnostics import Severity
from generator.escaping import html_text
from generator.render import outputs
from generator.render.generate import generate
from generator.render.incremental import SiteState
from generator.render.mkdocs_build import DEFAULT_PAGES_DIR
from generator.render.prerender import prerender
from generator.render.progress import Progress
from generator.render.serving import CatalogEdits, CatchUpTrigger, source_signature
from generator.render.spill import SpilledPages
from generator.rules.validate import validate_catalog
from generator.settings import ConfigError, settings_from_block

log = logging.getLogger("mkdocs.plugins.evcat")
ASSETS = Path(__file__).parent / "assets"
_ASSET_FILES = {"assets/evcat/mermaid.min.js": ASSETS / "javascripts" / "mermaid.min.js",
                "assets/evcat/evcat.css": ASSETS / "stylesheets" / "evcat.css",
                "assets/evcat/iframe-worker-shim.js": ASSETS / "javascripts" / "iframe-worker-shim.js"}
# Material's `offline` plugin adds this shim from a CDN unless a polyfill named like it is already listed.
_WORKER_SHIM = "assets/evcat/iframe-worker-shim.js"


class EvcatPluginConfig(base.Config):
    catalog = c.Type(str, default="catalog")
    prefix = c.Type(str, default="catalog")
    pages_dir = c.Type(str, default=DEFAULT_PAGES_DIR)
    compatibility = c.Type(str, default="BACKWARD")
    rules = c.Type(dict, default={})
    templates = c.Optional(c.Type(str))
    title = c.Optional(c.Type(str))
    trusted_html = c.Type(bool, default=False)
    ignore_components = c.Optional(c.Type(list))
    # When set, the catalog is the site's home (its pages published at the site root, the site named after
    # the catalog) and the hand-written docs become one navigation section of this name, under /<slug>/.
    docs_section = c.Optional(c.Type(str))


class EvcatPlugin(BasePlugin[EvcatPluginConfig]):
    """Runs the evcat pipeline on every build and serves the generated pages."""

    # Set by `evcat build` on the loaded plugin to show how far the build is; None under `mkdocs` itself.
    progress: Progress | None = None
    # Under `evcat serve` (set in on_startup, which `evcat build` does not call): what the pages folder
    # holds between rebuilds, edits seen while a catch-up runs, and the way to ask for the catch-up.
    state: SiteState | None = None
    edits: CatalogEdits | None = None
    catch_up: CatchUpTrigger | None = None
    parsed: ParsedDocuments | None = None  # parsed catalog files kept between `serve` rebuilds
    sources: tuple | None = None  # the files the last complete `serve` pass was made from
    outcome = None  # that pass's validation outcome

    @event_priority(50)  # before Material's `offline` plugin looks for a worker shim
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.base = Path(config.config_file_path or ".").resolve().parent
        block: dict[str, Any] = {k: self.config[k] for k in ("catalog", "compatibility", "rules", "templates",
                                                               "title", "trusted_html", "ignore_components")
                                 if self.config[k] is not None}
        try:
            # The catalog's own title (eventcatalog.config.js) names its section, not the site's name.
            self.settings = settings_from_block(block, self.base, None, None)
        except ConfigError as error:
            raise base.ValidationError(f"evcat: {error}") from None
        try:
            # evcat's folder rules: never the catalog, the repository root or a folder evcat did not make.
            self.pages_dir = outputs.prepare_pages_folder(self.base / self.config.pages_dir, base=self.base,
                                                          catalog=self.settings.catalog)
        except outputs.UnsafeOutput as error:
            raise PluginError(f"evcat: {error}") from None
        if self.config.docs_section:
            # The catalog is the home: the site carries the catalog's name, not the docs' site_name.
            config.site_name = html_text(catalog_title(self.settings.catalog))
        if "assets/evcat/evcat.css" not in config.extra_css:
            config.extra_css.append("assets/evcat/evcat.css")
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is not None and offline.config.get("enabled", True):
            # Search from file:// runs its worker through the vendored shim, not one from a CDN.
            polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
            config.extra["polyfills"] = [*polyfills, _WORKER_SHIM]
        if not any(str(s) == "assets/evcat/mermaid.min.js" for s in config.extra_javascript):
            # A global `mermaid` stops Material from loading it from a CDN: the site works offline.
            config.extra_javascript.append("assets/evcat/mermaid.min.js")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.progress:
            self.progress.stage("reading and checking the catalog")
        state = self.state
        sources = None
        if state is not None:
            # A rebuild with no catalog, template or configuration file changed since the last complete one
            # (the server saw a write twice, or a hand-written page changed) reuses the catalog's pages.
            sources = source_signature([self.settings.catalog, self.settings.templates, config.config_file_path])
            if sources == self.sources and not state.stale and self.outcome is not None:
                return self._add_generated(files, config, self.outcome,
                                           dataclasses.replace(self.generated, mode="unchanged", written=0,
                                                               nav_changed=False))
        outcome = validate_catalog(self.settings, parsed=self.parsed)
        # With Material's search, the catalog's entries come from the model (see render/searchindex.py):
        # its pages tell the search plugin to skip their HTML.
        search_from_model = _search_plugin(config) is not None
        started = time.monotonic()
        try:
            generated = generate(outcome.catalog, outcome.diagnostics, self.pages_dir, prefix=self.config.prefix,
                                 templates=self.settings.templates, trusted_html=self.settings.trusted_html,
                                 compatibility=self.settings.compatibility,
                                 ignored_components=self.settings.ignore_components,
                                 read=lambda path: read_catalog_file(self.settings.catalog, path),
                                 search_from_model=search_from_model, progress=self.progress,
                                 state=state, stop=lambda: self.edits.since(started) if self.edits else False)
        except outputs.UnsafeOutput as error:
            raise PluginError(f"evcat: {error}") from None
        if state is not None:
            self.outcome = outcome
            self.sources = sources if generated.complete else None
        return self._add_generated(files, config, outcome, generated)

    def _add_generated(self, files: Files, config: MkDocsConfig, outcome, generated) -> Files:
        """Report what generating found and add the generated pages, assets and navigation to the site."""
        self.generated = generated
        for problem in generated.diagnostics:
            log.warning("evcat: %s", problem.message)
        errors = outcome.diagnostics.count(Severity.ERROR)
        if errors:
            # A warning makes `mkdocs build --strict` fail, as a CI gate should.
            log.warning("evcat: the catalog has %d validation error(s); run `evcat validate %s`", errors,
                        self.settings.catalog)
        log.info("evcat: %d pages and files generated, %d written", len(generated.files), generated.written)
        section = self.config.docs_section
        if section:
            _move_docs(files, config, section_folder(section))
        urls: dict[str, str] = {}
        self.generated_pages = {path for path in generated.files if path.endswith(".md")}
        for path in generated.files:
            file = File(path, str(self.pages_dir), config.site_dir, config.use_directory_urls)
            if section:
                file = File(path, str(self.pages_dir), config.site_dir, config.use_directory_urls,
                            dest_uri=_strip_prefix(file.dest_uri, self.config.prefix))
            files.append(file)
            urls[path] = file.url
        if self.state is not None:
            _mark_for_rebuild(files, self.generated_pages, every_page=generated.nav_changed)
        self.search_entries = [entry.as_index_entry(urls[entry.page]) for entry in generated.search
                               if entry.page in urls]
        for uri, source in _ASSET_FILES.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        if config.nav is None and section:
            config.nav = generated.nav + [{section: _docs_pages(files, self.config.prefix)}]
        elif config.nav is None:
            config.nav = _navigation(files, self.config.prefix, generated.nav, html_text(outcome.catalog.title))
        elif generated.nav:
            config.nav = list(config.nav) + [{html_text(outcome.catalog.title): generated.nav}]
        return files

    def on_startup(self, command: str, dirty: bool) -> None:
        # Under `serve` a rebuild converts few pages and a live-reload server thread runs: no forking.
        self.serving = command == "serve"
        # `evcat serve` builds dirty: the pages of an edit first, the rest in a catch-up (render/incremental.py).
        self.state = SiteState() if self.serving and dirty else None
        self.edits = None
        self.catch_up = None
        self.parsed = ParsedDocuments() if self.state is not None else None
        self.sources = self.outcome = None

    @event_priority(-100)  # after every other plugin has shaped the navigation
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if self.progress:
            self.progress.stage("rendering pages", total=_pages_to_build(files, dirty=self.state is not None))
        if getattr(self, "serving", False) or getattr(self, "spill", None) is None:
            return nav
        pages = []
        for file in files.documentation_pages():
            if file.src_uri in self.generated_pages:
                pages.append(file.page if file.page is not None else Page(None, file, config))
        if prerender(pages, config, files, progress=self.progress):
            for page in pages:
                self.spill.adopt(page.file.src_uri)
        return nav

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if getattr(self, "serving", False):
            # Under `serve` nobody hands the plugin a Progress: each build reports its own stages — in a log
            # (not a terminal) only the first build's, rebuilds keep to their one "site updated" line.
            self.progress = Progress()
            self.progress.quiet = not self.progress.tty and getattr(self, "served_builds", 0) > 0
            self.served_builds = getattr(self, "served_builds", 0) + 1
        self._close_spill()
        self.spill = SpilledPages()
        self.build_started = time.monotonic()
        self.pages_built = 0

    # The catalog pages' HTML waits on disk between MkDocs' two passes (render/spill.py): it is handed over
    # after every other plugin has seen it and taken back before any needs it again.
    @event_priority(-100)
    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        if getattr(page, "evcat_converted", False):
            return html  # converted already (render/prerender.py): its HTML is in the spill folder
        if self.progress and os.getpid() == self.progress.pid:
            self.progress.advance()  # helpers' pages are counted by prerender as their slices come back
        if page.file.src_uri in getattr(self, "generated_pages", ()):
            html = resolve_graph_links(html, page.file, files)
        if page.file.src_uri in getattr(self, "generated_pages", ()) and getattr(self, "spill", None) is not None:
            self.spill.keep(page.file.src_uri, html)
            page.markdown = ""  # converted; the source stays in the pages folder
            return ""
        return html

    @event_priority(100)
    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        kept = self.spill.take(page.file.src_uri) if getattr(self, "spill", None) is not None else None
        if kept is not None:
            page.content = kept
        return context

    def on_env(self, env, config: MkDocsConfig, files: Files):
        if self.progress:
            self.progress.stage("writing pages", total=_pages_to_build(files, dirty=self.state is not None))
        return env

    @event_priority(-100)
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        if page.file.src_uri in getattr(self, "generated_pages", ()):
            page.content = ""  # written: nothing needs this page's HTML any more
        self.pages_built = getattr(self, "pages_built", 0) + 1
        if self.progress:
            self.progress.advance()
        return output

    def on_build_error(self, error: Exception) -> None:
        self._close_spill()

    def on_shutdown(self) -> None:
        self._close_spill()
        if self.catch_up is not None:
            self.catch_up.close()
            self.catch_up = None

    def _close_spill(self) -> None:
        if getattr(self, "spill", None) is not None:
            self.spill.close()
            self.spill = None

    @event_priority(-50)  # after the search plugin has written its index, before `offline` inlines it
    def on_post_build(self, config: MkDocsConfig) -> None:
        self._close_spill()
        self._add_search_entries(config)
        if getattr(self, "serving", False) and self.progress is not None:
            self.progress.finish()
        if self.state is not None:
            self._report_rebuild()

    def _report_rebuild(self) -> None:
        """Under `evcat serve`: say what this build did, and start the catch-up after a quick pass."""
        generated = self.generated
        seconds = time.monotonic() - self.build_started
        if generated.mode == "quick":
            what = "the edited resources' pages first; pages that mention them follow"
        elif generated.mode == "unchanged":
            what = "no catalog file changed"
        elif generated.mode == "catch-up":
            what = "every page that mentions the edit" if generated.complete else "stopped early for a new edit"
        else:
            what = "the whole catalog"
        log.info("evcat: site updated in %.1f s — %d pages rendered (%s)", seconds, self.pages_built, what,
                 extra={"evcat_serve": True})
        if self.state.stale and self.catch_up is not None and generated.complete:
            self.catch_up.request()

    def _add_search_entries(self, config: MkDocsConfig) -> None:
        if not getattr(self, "search_entries", None) or _search_plugin(config) is None:
            return
        path = os.path.join(config.site_dir, "search", "search_index.json")
        try:
            with open(path, encoding="utf-8") as index_file:
                index = json.load(index_file)
        except (OSError, ValueError) as error:
            raise PluginError(f"evcat: cannot add the catalog to the search index {path}: {error}") from None
        # The hand-written pages' entries (the search plugin's), then the catalog's, latest versions first.
        index["docs"] = list(index.get("docs", ())) + self.search_entries
        outputs.write_file(Path(path).parent, "search_index.json",
                           json.dumps(index, separators=(",", ":"), ensure_ascii=False))

    def on_serve(self, server, config: MkDocsConfig, builder):
        server.watch(str(self.settings.catalog))
        if self.settings.templates:
            server.watch(str(self.settings.templates))
        if self.state is not None:
            # A catch-up pass stops early when the catalog is edited again; it is started by a file the
            # server watches, the only way a plugin can ask MkDocs' server for another build.
            self.edits = CatalogEdits.watch(server.observer, self.settings.catalog)
            self.catch_up = CatchUpTrigger()
            server.watch(str(self.catch_up.folder), recursive=False)
        return server


def _mark_for_rebuild(files: Files, generated_pages: set[str], *, every_page: bool) -> None:
    """In a dirty build (`evcat serve`) MkDocs renders only pages whose source is newer than their HTML.
    Generated pages are written only when their Markdown changed, so that is right for them unless the
    navigation changed (``every_page``); hand-written pages are few and always rendered, so their titles
    and search entries are never missing from a build."""
    for file in files.documentation_pages():
        if every_page or file.src_uri not in generated_pages:
            file.is_modified = _always  # type: ignore[method-assign]


def _pages_to_build(files: Files, *, dirty: bool) -> int:
    """How many pages MkDocs will render: all of them, or in a dirty build those it sees as modified."""
    pages = files.documentation_pages()
    return sum(1 for file in pages if file.is_modified()) if dirty else len(pages)


def _always() -> bool:
    return True


_GRAPH_CLICK = re.compile(r'(click \S+ href (?:"|&quot;))([^"&\s]+?\.md)((?:#[^"&\s]*)?(?:"|&quot;))')


def resolve_graph_links(html: str, page_file: File, files: Files) -> str:
    """Point the ``click … href`` lines of Mermaid graphs at the pages' published URLs.

    Graph links are written as relative ``.md`` paths like every other link between generated pages, but
    MkDocs only rewrites the links of Markdown: inside a diagram they would reach the browser as ``….md``.
    Resolved here with MkDocs' own file list, they follow ``use_directory_urls`` (off for ``offline``).
    """
    def resolve(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file.src_uri), match.group(2)))
        found = files.get_file_from_path(target)
        if found is None:
            return match.group(0)
        return match.group(1) + found.url_relative_to(page_file) + match.group(3)

    return _GRAPH_CLICK.sub(resolve, html) if "click " in html else html


def _search_plugin(config: MkDocsConfig) -> BasePlugin | None:
    """Material's search plugin, when the site has it (configured as ``search``)."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def section_folder(section: str) -> str:
    """The URL folder of the docs section: its name as a lower-case slug (``evcat docs`` → ``evcat-docs``)."""
    return re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-") or "docs"


def _strip_prefix(dest_uri: str, prefix: str) -> str:
    root = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
    return dest_uri[len(root):] if root and dest_uri.startswith(root) else dest_uri


def _move_docs(files: Files, config: MkDocsConfig, folder: str) -> None:
    """Publish the hand-written docs (every file from docs_dir) under ``folder/``, leaving the site root to
    the catalog. Links between pages are resolved by source path, so they keep working."""
    docs_dir = Path(config.docs_dir).resolve()
    for file in list(files):
        if file.abs_src_path and docs_dir in Path(file.abs_src_path).resolve().parents:
            moved = File(file.src_uri, file.src_dir, config.site_dir, config.use_directory_urls,
                         dest_uri=posixpath.join(folder, file.dest_uri))
            files.remove(file)
            files.append(moved)


def _docs_pages(files: Files, prefix: str) -> list[str]:
    """The hand-written pages, index first, then by path."""
    generated_root = f"{prefix}/" if prefix else ""
    return sorted((f.src_uri for f in files.documentation_pages()
                   if not (generated_root and f.src_uri.startswith(generated_root))
                   and not (not prefix and f.abs_src_path and ".evcat" in f.abs_src_path)),
                  key=lambda uri: (uri != "index.md", uri.count("/"), uri))


def _navigation(files: Files, prefix: str, catalog_nav: list[Any], title: str) -> list[Any]:
    """Hand-written docs first (index first, then by path), then the catalog as one section, so
    per-version pages stay out of the navigation."""
    docs = _docs_pages(files, prefix)
    if not prefix:
        return catalog_nav
    return docs + [{title: catalog_nav}]
