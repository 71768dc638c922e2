"""The check stage: run every rule family over the assembled catalog."""

from __future__ import annotations

from generator.components import PageComponents
from generator.diagnostics import Diagnostic
from generator.model import Catalog
from generator.rules import examples, schemas, shape
from generator.urls import Urls


def run_checks(catalog: Catalog) -> list[Diagnostic]:
    """Every rule family's findings for ``catalog`` (reference findings come from assembling it)."""
    found: list[Diagnostic] = []
    found += shape.check(catalog)
    found += schemas.check(catalog)
    found += examples.check(catalog)
    found += bodies(catalog)
    return found


def bodies(catalog: Catalog) -> list[Diagnostic]:
    """EC6xx: MDX components evcat cannot render and links that point at nothing — the same translation
    the site runs, so a page never hides what validation reports."""
    components = PageComponents(catalog, Urls())
    found: list[Diagnostic] = []
    for resource in catalog:
        found += components.findings(resource)
    return found
