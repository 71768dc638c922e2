"""Rebuilding a large catalog's pages after an edit: what changed first, everything else after.

``evcat serve`` keeps a ``SiteState`` between rebuilds. The pages are made in *units* — one non-message
resource version (its page and full-graph page), one message id (every version's page, change pages and
schema files), the catalog-wide pages (home, browse tables, map, tags) — and the state remembers, per unit,
the model records it was made from (with their findings) and the files it wrote.

After an edit, a *quick* pass regenerates only the units whose own records changed: the edited page is
current within a second or two, whatever the catalog's size. Other pages may still show the old text where
they mention the edited resource (a service's list of the messages it sends, the browse tables, graphs), so
the state is marked ``stale`` and the next pass — a *catch-up*, started straight after — regenerates every
unit, writing only the files whose content changed. Working out exactly which pages mention what would
need every page's reads tracked; regenerating everything after the quick pass is simpler and cannot miss a
page. A quick pass is taken only when the navigation and the set of units are unchanged: a new, removed or
renamed resource changes the navigation every page shows, page names may change with the set of ids, and
the whole site is regenerated at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic, Diagnostics

# ("resource", Key) | ("message", kind, id) | ("catalog",)
UnitKey = tuple[Any, ...]
CATALOG_UNIT: UnitKey = ("catalog",)


@dataclass(frozen=True)
class Unit:
    """Pages made together from the same records; ``inputs`` is None when they depend on the whole catalog."""

    key: UnitKey
    inputs: tuple[Any, ...] | None
    pages: Callable[[], Iterable[Any]]  # PageSpec | Asset, built when called


@dataclass
class SiteState:
    """What the pages folder holds, unit by unit, between the rebuilds of one ``evcat serve``."""

    inputs: dict[UnitKey, tuple[Any, ...] | None] = field(default_factory=dict)
    files: dict[UnitKey, tuple[str, ...]] = field(default_factory=dict)
    nav: list[Any] | None = None
    # Some units were not regenerated after a change that their pages may mention: a catch-up is due.
    stale: bool = False
    # Costly things that stay the same between rebuilds, by what they were made from (compiled templates).
    kept: dict[Any, Any] = field(default_factory=dict, repr=False)

    def environment(self, key: Any, make: Callable[[], Any]) -> Any:
        """The template environment made for ``key`` by an earlier rebuild, else ``make()``'s."""
        if key not in self.kept:
            self.kept[key] = make()
        return self.kept[key]

    @property
    def empty(self) -> bool:
        return not self.files


def findings_by_file(diagnostics: Diagnostics) -> Mapping[str, tuple[Diagnostic, ...]]:
    """The findings of every file, for units' inputs (a page shows the findings of its resource's files)."""
    found: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.file:
            found[diagnostic.file].append(diagnostic)
    return {file: tuple(items) for file, items in found.items()}


def changed_units(units: Iterable[Unit], state: SiteState) -> set[UnitKey]:
    """Keys of the units made from records that differ from those their files were made from (new units
    included); the catalog-wide unit, made from everything, is left to the full passes."""
    return {unit.key for unit in units if unit.inputs is not None and state.inputs.get(unit.key) != unit.inputs}


def quick_pass_possible(units: list[Unit], state: SiteState, nav: list[Any]) -> bool:
    """Whether regenerating only the changed units leaves every other page's links and navigation valid."""
    return (not state.empty and state.nav == nav
            and {unit.key for unit in units} == set(state.files))
