"""The check stage: run every rule family over the assembled catalog."""

from __future__ import annotations

from pathlib import Path

from generator import parallel
from generator.components import PageComponents
from generator.diagnostics import Diagnostic
from generator.files import CatalogReader, Refusal
from generator.model import Catalog, Resource
from generator.rules import examples, ids, schemas, shape
from generator.urls import Urls


def run_checks(catalog: Catalog, *, workers: int = 1) -> list[Diagnostic]:
    """Every rule family's findings for ``catalog`` (reference findings come from assembling it).

    Every family here checks one resource at a time; with ``workers`` > 1 they run in that many processes
    on large catalogs.
    """
    found: list[Diagnostic] = ids.check(catalog)  # collisions are between resources: one pass over all
    for part in parallel.map_slices(_check_part, catalog, len(catalog.resources), workers):
        found += part
    return found


def _check_part(catalog: Catalog, start: int, stop: int) -> list[Diagnostic]:
    resources = catalog.resources[start:stop]
    return (shape.check(catalog, resources) + schemas.check(catalog, resources)
            + examples.check(catalog, resources) + bodies(catalog, resources))


def bodies(catalog: Catalog, resources: list[Resource] | None = None) -> list[Diagnostic]:
    """EC6xx: MDX components evcat cannot render and links that point at nothing — the same translation
    the site runs, so a page never hides what validation reports. Files a component loads are read
    through the catalog reader, as the site reads them; a refused file gets the refusal's own code."""
    files = _ComponentFiles(CatalogReader(Path(catalog.root)))
    components = PageComponents(catalog, Urls(), read=files)
    found: list[Diagnostic] = []
    for resource in catalog.resources if resources is None else resources:
        files.failed.clear()
        found += [_with_refusal(finding, files.failed) for finding in components.findings(resource)]
    return found


class _ComponentFiles:
    """The ``read`` of body components: the catalog reader, remembering every failed read in order.

    A failed read becomes the component's "not found" finding (EC603); when the file exists but was
    refused, that finding is replaced by the refusal's own (outside the catalog, not a regular file …)."""

    def __init__(self, reader: CatalogReader) -> None:
        self.reader = reader
        self.failed: list[Refusal] = []

    def __call__(self, relative: str) -> str | None:
        found = self.reader.read(relative)
        if isinstance(found, Refusal):
            self.failed.append(found)
            return None
        return found


def _with_refusal(finding: Diagnostic, failed: list[Refusal]) -> Diagnostic:
    if finding.code != "EC603" or not finding.message.startswith("MermaidFileLoader") or not failed:
        return finding
    refusal = failed.pop(0)  # findings come in body order, as the component read its files
    if refusal.kind == "missing":
        return finding
    return refusal.diagnostic(finding.file or "", what=finding.message.removesuffix(" not found"),
                              line=finding.line, column=finding.column)
