"""The check stage: run every rule family over the assembled catalog."""

from __future__ import annotations

from generator.diagnostics import Diagnostic
from generator.model import Catalog
from generator.rules import shape


def run_checks(catalog: Catalog) -> list[Diagnostic]:
    """Every rule family's findings for ``catalog`` (reference findings come from assembling it)."""
    found: list[Diagnostic] = []
    found += shape.check(catalog)
    return found
