"""The ``evcat check-messages`` stage: a catalog and message sources in, findings and a summary out."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.catalog.load import load_catalog
from generator.diagnostics import Diagnostic, Diagnostics
from generator.diagnostics.codes import rule
from generator.drift import amqp
from generator.drift.lines import DEFAULT_MAX_LINE
from generator.drift.model import Observed, Unreadable
from generator.drift.sources import read_source
from generator.drift.summary import Tally
from generator.drift.verdict import Judge
from generator.settings import Settings


@dataclass(frozen=True)
class AmqpSample:
    """``--amqp URL --exchange X [--binding KEY …] --count N --timeout S``."""

    url: str
    exchange: str
    bindings: tuple[str, ...] = ()
    count: int = 100
    timeout: float = 10.0


@dataclass(frozen=True)
class Request:
    """What to check: capture files or folders, and/or a live AMQP sample."""

    sources: tuple[Path, ...] = ()
    source_format: str = "auto"
    webhook_path: str | None = None
    max_line: int = DEFAULT_MAX_LINE
    amqp: AmqpSample | None = None
    ready: Callable[[str], None] = field(default=lambda _queue: None)


@dataclass(frozen=True)
class Outcome:
    """The findings (overrides applied), the per-message tally and how many catalog files were read."""

    diagnostics: Diagnostics
    tally: Tally
    files_read: int


def check_messages(settings: Settings, request: Request) -> Outcome:
    """Check every message of the request against the catalog of ``settings``. Finding paths are relative
    to the working directory, where the capture paths the user gave are.

    Raises ``amqp.AmqpUnavailable`` when a live sample cannot be taken.
    """
    loaded = load_catalog(settings.catalog, title=settings.title)
    diagnostics = Diagnostics()
    # A catalog file that could not be read makes every verdict doubtful: say so with the findings.
    diagnostics.extend(_from_working_dir(d, settings.catalog) for d in loaded.diagnostics if d.family == "EC0")
    judge, tally = Judge(loaded.catalog), Tally(loaded.catalog)
    for item in _items(request):
        if isinstance(item, Unreadable):
            tally.skipped()
            origin = item.origin
            diagnostics.add(rule(item.code)(origin.label + item.reason, file=origin.file, line=origin.line,
                                            hint=item.hint or None))
            continue
        verdict = judge.judge(item)
        tally.add(verdict)
        diagnostics.extend(verdict.findings)
    return Outcome(diagnostics.with_overrides(settings.rules), tally, loaded.files_read)


def _from_working_dir(diagnostic: Diagnostic, catalog: Path) -> Diagnostic:
    # A catalog finding's path is catalog-relative; capture findings carry the path the user typed. One
    # report has one base: the working directory.
    if not diagnostic.file:
        return diagnostic
    try:
        folder = os.path.relpath(catalog).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        folder = catalog.absolute().as_posix()
    return replace(diagnostic, file=posixpath.normpath(posixpath.join(folder, diagnostic.file)))


def split_catalog(paths: Sequence[Path], catalog: Path | None) -> tuple[Path | None, list[Path]]:
    """``[CATALOG] SOURCE…``: the first path is the catalog when it is a folder holding catalog folders."""
    sources = list(paths)
    if catalog is None and sources and sources[0].is_dir() and any(
            (sources[0] / kind).is_dir() for kind in ("channels", "events", "domains", "services")):
        catalog = sources.pop(0)
    return catalog, sources


def _items(request: Request) -> Iterator[Observed | Unreadable]:
    for source in request.sources:
        yield from read_source(source, source_format=request.source_format, webhook_path=request.webhook_path,
                               max_line=request.max_line)
    if request.amqp is not None:
        live = request.amqp
        yield from amqp.sample(live.url, live.exchange, live.bindings, count=live.count, timeout=live.timeout,
                               max_bytes=request.max_line, ready=request.ready)

