"""EC112 and EC213: ids that cannot name a page, and ids whose pages would land on one file.

The site never overwrites a page because of an id (``catalog.pagenames.page_names`` gives colliding ids distinct page
names); these findings say why a page is not where its id suggests, and that the ids are likely a mistake.
"""

from __future__ import annotations

import re
from collections import defaultdict

from generator.catalog.model import Catalog, Resource
from generator.catalog.pagenames import page_names, slug
from generator.diagnostics import Diagnostic, at
from generator.diagnostics.codes import rule

MAX_ID_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check(catalog: Catalog) -> list[Diagnostic]:
    """EC112 for each resource file with an unusable id; EC213 for each id that collides with another."""
    found: list[Diagnostic] = []
    by_collection: dict[str, dict[str, list[Resource]]] = defaultdict(lambda: defaultdict(list))
    for resource in catalog.resources:
        if not resource.id:
            continue  # a missing id is EC101
        problem = id_problem(resource.id)
        if problem:
            found.append(rule("EC112")(f"id {_shown(resource.id)} {problem}",
                                       **at(resource.document.where("id", value=True)),
                                       hint="use letters, digits, '.', '-' and '_' (at most "
                                            f"{MAX_ID_LENGTH} characters)"))
        by_collection[resource.kind.plural][resource.id].append(resource)
    for plural, ids in by_collection.items():
        found += _collisions(plural, ids)
    return found


def id_problem(ident: str) -> str | None:
    """Why ``ident`` cannot name a page, or None when it can."""
    if ident in (".", ".."):
        return "is a folder name ('.' and '..' mean this folder and the one above)"
    if "/" in ident or "\\" in ident:
        return "contains a slash, which would make its page a folder path"
    if _CONTROL.search(ident):
        return "contains a control character"
    if len(ident) > MAX_ID_LENGTH:
        return f"is {len(ident):,} characters long, more than {MAX_ID_LENGTH}"
    return None


def _collisions(plural: str, ids: dict[str, list[Resource]]) -> list[Diagnostic]:
    names = page_names(ids)
    groups: dict[str, list[str]] = defaultdict(list)
    for ident in sorted(ids):
        groups[slug(ident).casefold()].append(ident)
    found = []
    for group in groups.values():
        if len(group) < 2:
            continue
        for ident in group:
            others = ", ".join(_shown(other) for other in group if other != ident)
            resource = ids[ident][0]  # one finding per id, not one per version of it
            found.append(rule("EC213")(
                f"id {_shown(ident)} and {others} differ only by case or punctuation, so their pages would "
                f"collide; this one's page is '{plural}/{names[ident]}'",
                **at(resource.document.where("id", value=True)),
                hint="give each resource a distinct id (pointers name ids exactly)"))
    return found


def _shown(ident: str) -> str:
    """An id quoted for a message, shortened when it is very long."""
    return repr(ident if len(ident) <= 60 else f"{ident[:40]}…{ident[-10:]}")
