"""The check stage: run every rule family over the assembled catalog."""

from __future__ import annotations

from functools import partial

from generator import parallel
from generator.catalog.model import Catalog
from generator.diagnostics import Diagnostic
from generator.rules import bodies, compatibility, examples, ids, schemas, shape


def run_checks(catalog: Catalog, *, workers: int = 1, compatibility_mode: str = "BACKWARD",
               ignored_components: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Every rule family's findings for ``catalog`` (reference findings come from assembling it).

    Every family here checks one resource at a time; with ``workers`` > 1 they run in that many processes
    on large catalogs. ``ignored_components`` are body components the site renders as nothing (no EC601).
    """
    found: list[Diagnostic] = ids.check(catalog)  # collisions are between resources: one pass over all
    work = partial(_check_part, compatibility_mode=compatibility_mode, ignored_components=ignored_components)
    for part in parallel.map_slices(work, catalog, len(catalog.resources), workers):
        found += part
    return found


def _check_part(catalog: Catalog, start: int, stop: int, compatibility_mode: str = "BACKWARD",
                ignored_components: tuple[str, ...] = ()) -> list[Diagnostic]:
    resources = catalog.resources[start:stop]
    return (shape.check(catalog, resources) + schemas.check(catalog, resources)
            + examples.check(catalog, resources) + bodies.check(catalog, resources, ignored_components)
            + compatibility.check(catalog, resources, compatibility_mode))
