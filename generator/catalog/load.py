"""The shared front of every command: discover → read → parse → assemble.

This is the only module that reads catalog files. It hands the rest of evcat a ``Catalog`` (with schema
and example text inside) plus the diagnostics found on the way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.catalog import documents as build_resources
from generator import parallel
from generator.catalog.assemble import assemble
from generator.diagnostics import Diagnostic, Diagnostics
from generator.catalog.discovery import SourceFile, discover
from generator.catalog.files import MAX_FILE_BYTES, CatalogReader, Refusal
from generator.catalog.frontmatter import Document, ParseResult, load_yaml, parse_document
from generator.catalog.model import Catalog, Changelog

_EXAMPLE_CONFIGS = ("examples.config.yaml", "examples.config.yml", "examples.config.json")
_Reader = CatalogReader  # the name the rest of this module (and its tests) knows the reader by


@dataclass(frozen=True)
class Loaded:
    """The result of loading a catalog: the model, the findings so far and how many files were read."""

    catalog: Catalog
    diagnostics: Diagnostics
    files_read: int


def read_catalog_file(root: Path, relative: str) -> str | None:
    """The text of a catalog-relative file, or None when it is missing, unreadable or outside ``root``."""
    return _Reader(Path(root)).text(relative)


def catalog_file(root: Path, relative: str) -> str | Refusal:
    """The text of a catalog-relative file, or the ``Refusal`` saying why it was not read."""
    return _Reader(Path(root)).read(relative)


__all__ = ["MAX_FILE_BYTES", "Loaded", "ParsedDocuments", "Refusal", "catalog_file", "catalog_title", "load_catalog",
           "read_catalog_file"]


class ParsedDocuments:
    """Parsed catalog files kept from one load of a catalog to the next (`evcat serve` reloads it after
    every edit): a file whose text is unchanged is not parsed again. Parsing is a pure function of the path
    and the text, so a kept result is the result; files not seen in a load are forgotten after it."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str, bool], ParseResult] = {}
        self._seen: dict[tuple[str, str, bool], ParseResult] = {}

    def parse(self, path: str, text: str, *, require_frontmatter: bool = True) -> ParseResult:
        key = (path, text, require_frontmatter)
        found = self._kept.get(key) or self._seen.get(key)
        if found is None:
            found = parse_document(path, text, require_frontmatter=require_frontmatter)
        self._seen[key] = found
        return found

    def end_of_load(self) -> None:
        self._kept, self._seen = self._seen, {}


def load_catalog(root: Path, *, title: str | None = None, workers: int = 1,
                 parsed: ParsedDocuments | None = None) -> Loaded:
    """Read the catalog folder ``root`` into a ``Catalog``. Never raises on bad content.

    With ``workers`` > 1, large catalogs are read and parsed in that many processes. ``parsed`` keeps
    parsed files for the next load of the same catalog (used in one process only).
    """
    root = Path(root)
    found = discover(root)
    problems: list[Diagnostic] = list(found.diagnostics)
    resources: list = []
    if parsed is not None:
        workers = 1
    for part_resources, part_problems in parallel.map_slices(_read_part, (root, found.files, parsed),
                                                             len(found.files), workers):
        resources += part_resources
        problems += part_problems
    if parsed is not None:
        parsed.end_of_load()
    catalog, reference_problems = assemble(str(root), title or catalog_title(root), resources)
    diagnostics = Diagnostics()
    diagnostics.extend(problems + reference_problems)
    return Loaded(catalog, diagnostics, len(found.files))


def _read_part(shared: tuple[Path, Sequence[SourceFile], ParsedDocuments | None], start: int,
               stop: int) -> tuple[list, list[Diagnostic]]:
    """Read, parse and build the resources of the source files ``start:stop``."""
    root, sources, parsed = shared
    parse = parsed.parse if parsed is not None else parse_document
    reader = _Reader(root)
    problems: list[Diagnostic] = []
    resources = []
    for source in sources[start:stop]:
        document = _document(source, reader, problems, parse)
        if document is None:
            continue
        changelog = _changelog(source, reader, problems, parse)
        config = _example_config(source, reader, problems)
        resources.append(build_resources.build(source, document, changelog, reader.named, reader.list_dir,
                                               config))
    return resources, reader.problems + problems


def _document(source: SourceFile, reader: _Reader, problems: list[Diagnostic],
              parse=parse_document) -> Document | None:
    text = reader.text(source.path, report=True)
    if text is None:
        return None
    result = parse(source.path, text)
    problems.extend(result.diagnostics)
    return result.document


def _changelog(source: SourceFile, reader: _Reader, problems: list[Diagnostic],
               parse=parse_document) -> Changelog | None:
    if source.changelog is None:
        return None
    text = reader.text(source.changelog, report=True)
    if text is None:
        return None
    result = parse(source.changelog, text, require_frontmatter=False)
    problems.extend(result.diagnostics)
    if result.document is None:
        return None
    created = result.document.data.get("createdAt")
    return Changelog(path=source.changelog, body=result.document.body,
                     created_at=str(created) if created is not None else None,
                     body_line=result.document.body_line)


def _example_config(source: SourceFile, reader: _Reader, problems: list[Diagnostic]) -> tuple[Mapping, str | None]:
    if source.examples_dir is None:
        return {}, None
    names = reader.list_dir(source.examples_dir)
    name = next((n for n in _EXAMPLE_CONFIGS if n in names), None)
    if name is None:
        return {}, None
    path = f"{source.examples_dir}/{name}"
    text = reader.text(path, report=True)
    if text is None:
        return {}, path
    data, yaml_problems = load_yaml(path, text)
    problems.extend(yaml_problems)
    return (data if isinstance(data, Mapping) else {}), path


def catalog_title(root: Path) -> str:
    """The catalog's title: ``title`` from eventcatalog.config.js when present, else the folder name."""
    # Read like any catalog file: a link out of the catalog, a FIFO or a huge file gives no title.
    found = _Reader(Path(root)).read("eventcatalog.config.js")
    text = found if isinstance(found, str) else ""
    match = re.search(r"""\btitle\s*:\s*(['"`])(.+?)\1""", text)
    if match:
        return match.group(2)
    name = root.resolve().name
    return name.replace("-", " ").replace("_", " ").title() if name else "Event Catalog"
