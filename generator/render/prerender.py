"""The catalog pages' Markdown converted to HTML on every core, before MkDocs' own (one-core) pass.

MkDocs converts pages one after the other in one process; for a catalog that is half of a build. Between
building its navigation and that pass, the plugin hands the catalog's pages to ``prerender``: they are
converted in slices by this process and forked helpers (``generator.parallel``), each exactly as MkDocs
would (read, ``on_page_markdown``, render, ``on_page_content`` of every plugin). The HTML goes to the
``SpilledPages`` folder; what the theme pass needs of each page (table of contents, title, front matter,
anchors) comes back and is set on the page, and MkDocs' own pass then has nothing left to do for it.
Warnings logged while a helper converted a page are logged again here, so ``--strict`` counts them.
"""

from __future__ import annotations

import logging
import os
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator import parallel

log = logging.getLogger("mkdocs.plugins.evcat")
MIN_PAGES = 200  # below this, forking costs more than it saves


@dataclass(frozen=True)
class Converted:
    """What the theme pass needs of a page converted elsewhere."""

    src_uri: str
    meta: dict[str, Any]
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    warnings: tuple[tuple[str, int, str], ...]
    in_helper: bool = False


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def prerender(pages: Sequence[Any], config: Any, files: Any, workers: int | None = None,
              progress: Any = None) -> int:
    """Convert ``pages`` (MkDocs ``Page`` objects) on every core; return how many were converted.

    Each converted page is marked so that MkDocs' own pass reads and renders nothing for it (its plugins'
    page events still run, on empty text). ``progress`` counts the pages helpers converted (this process's
    own are counted by the plugin as it converts them).
    """
    if len(pages) < MIN_PAGES:
        return 0
    parent = os.getpid()
    results = parallel.map_slices(_convert, (list(pages), config, files, parent), len(pages),
                                  workers or parallel.default_workers())
    by_uri = {page.file.src_uri: page for page in pages}
    if progress is not None:
        progress.advance(sum(1 for chunk in results for done in chunk if done.in_helper))
    for chunk in results:
        for done in chunk:
            page = by_uri[done.src_uri]
            page.meta = done.meta
            page.toc = done.toc
            page._title_from_render = done.title
            page.present_anchor_ids = done.anchors
            if done.links_to_anchors is not None:
                page.links_to_anchors = {files.get_file_from_path(uri): links
                                         for uri, links in done.links_to_anchors.items()
                                         if files.get_file_from_path(uri) is not None}
            for name, level, message in done.warnings:
                logging.getLogger(name).log(level, message)
            _mark_converted(page)
    return len(pages)


def _convert(shared: tuple, start: int, stop: int) -> list[Converted]:
    pages, config, files, parent = shared
    in_helper = os.getpid() != parent
    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    saved = mkdocs_log.handlers[:], mkdocs_log.propagate
    if in_helper:
        # A helper's warnings travel back and are logged by the parent (once, and counted by --strict).
        mkdocs_log.handlers[:] = [collect]
        mkdocs_log.propagate = False
    done = []
    try:
        for page in pages[start:stop]:
            before = len(collect.records)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
            links = page.links_to_anchors
            done.append(Converted(
                page.file.src_uri, dict(page.meta), page.toc, page._title_from_render, page.present_anchor_ids,
                {target.src_uri: dict(found) for target, found in links.items()} if links is not None else None,
                tuple(collect.records[before:]) if in_helper else (), in_helper))
            page.content = ""  # the HTML is in the spill folder
            page.markdown = ""
    finally:
        if in_helper:
            mkdocs_log.handlers[:], mkdocs_log.propagate = saved
    return done


def _already_read(page: Any, config: Any) -> None:
    page.markdown = ""


def _already_rendered(page: Any, config: Any, files: Any) -> None:
    page.content = ""


def _mark_converted(page: Any) -> None:
    """MkDocs' pass reads and renders nothing for ``page``: what it would make is there already."""
    page.read_source = types.MethodType(_already_read, page)
    page.render = types.MethodType(_already_rendered, page)
    page.evcat_converted = True
