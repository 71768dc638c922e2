"""The check stage: run every rule family over the assembled catalog."""

from __future__ import annotations

from functools import partial

from generator import parallel
from generator.components import PageComponents
from generator.diagnostics import Diagnostic
from generator.model import Catalog, Resource
from generator.rules import compatibility, examples, schemas, shape
from generator.urls import Urls


def run_checks(catalog: Catalog, *, workers: int = 1, compatibility_mode: str = "BACKWARD") -> list[Diagnostic]:
    """Every rule family's findings for ``catalog`` (reference findings come from assembling it).

    Every family here checks one resource at a time; with ``workers`` > 1 they run in that many processes
    on large catalogs.
    """
    found: list[Diagnostic] = []
    work = partial(_check_part, compatibility_mode=compatibility_mode)
    for part in parallel.map_slices(work, catalog, len(catalog.resources), workers):
        found += part
    return found


def _check_part(catalog: Catalog, start: int, stop: int, compatibility_mode: str = "BACKWARD") -> list[Diagnostic]:
    resources = catalog.resources[start:stop]
    return (shape.check(catalog, resources) + schemas.check(catalog, resources)
            + examples.check(catalog, resources) + bodies(catalog, resources)
            + compatibility.check(catalog, resources, compatibility_mode))


def bodies(catalog: Catalog, resources: list[Resource] | None = None) -> list[Diagnostic]:
    """EC6xx: MDX components evcat cannot render and links that point at nothing — the same translation
    the site runs, so a page never hides what validation reports."""
    components = PageComponents(catalog, Urls())
    found: list[Diagnostic] = []
    for resource in catalog.resources if resources is None else resources:
        found += components.findings(resource)
    return found
