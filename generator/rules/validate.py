"""The validate run: load, check, apply severity overrides. Shared by `evcat validate`, the site and the
MkDocs plugin, so the site never hides what validation reports."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog.load import ParsedDocuments, load_catalog
from generator.catalog.model import Catalog
from generator.diagnostics import Diagnostics
from generator.rules.checks import run_checks
from generator.settings import Settings


@dataclass(frozen=True)
class Outcome:
    catalog: Catalog
    diagnostics: Diagnostics
    files_read: int


def validate_catalog(settings: Settings, *, workers: int = 1, parsed: ParsedDocuments | None = None) -> Outcome:
    """Every finding for the catalog in ``settings``, with the configured severity overrides applied.

    ``workers`` > 1 spreads reading and checking of large catalogs over that many processes; ``parsed``
    keeps parsed files between validations of the same catalog (``evcat serve``).
    """
    loaded = load_catalog(settings.catalog, title=settings.title, workers=workers, parsed=parsed)
    found = Diagnostics()
    found.extend(loaded.diagnostics)
    found.extend(run_checks(loaded.catalog, workers=workers, compatibility_mode=settings.compatibility,
                          ignored_components=settings.ignore_components))
    return Outcome(loaded.catalog, found.with_overrides(settings.rules), loaded.files_read)
