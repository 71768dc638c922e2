"""Which resource a link in a body names: ``(collection, id, version)`` → its ``Key``.

One answer for the check stage (is the link dangling?) and the site (where does it point?).
"""

from __future__ import annotations

from generator.catalog import versions
from generator.catalog.model import Catalog, Key, Kind

_KINDS_BY_NAME = {k.value: k for k in Kind} | {k.plural: k for k in Kind} | {"message": Kind.EVENT}


def resolve_link(catalog: Catalog, collection: str, id: str, version: str | None) -> Key | None:
    """The key of the resource ``collection``/``id`` at ``version`` (a range or ``latest``), or None.

    A message link finds the id among events, commands and queries alike: bodies often say "message".
    """
    kind = _KINDS_BY_NAME.get(collection.lower())
    if kind is None:
        return None
    available = catalog.versions_of(kind, id)
    chosen = versions.resolve(version, available) if available else None
    if chosen is None:
        return None
    for candidate in (kind, Kind.EVENT, Kind.COMMAND, Kind.QUERY) if kind.is_message else (kind,):
        key = Key(candidate, id, chosen)
        if catalog.get(key) is not None:
            return key
    return None
