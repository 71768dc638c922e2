"""Where each generated page lives, and relative Markdown links between pages.

Pages are real Markdown files; links between them are relative ``.md`` paths so MkDocs (and any other
Markdown site generator) resolves and checks them.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

from generator.model import Catalog, Kind, Resource

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# File systems allow 255 bytes a name; a page name stays far below, with room for a hash suffix.
MAX_SLUG_LENGTH = 100


def slug(text: str) -> str:
    """A file-name-safe form of an id: ``orders.{env}.events`` → ``orders.-env-.events``.

    A name longer than ``MAX_SLUG_LENGTH`` is cut and followed by a hash of the whole text, so a
    50,000-character id still makes a valid, distinct file name."""
    cleaned = _UNSAFE.sub("-", text).strip("-.")
    if len(cleaned) > MAX_SLUG_LENGTH:
        cleaned = f"{cleaned[:MAX_SLUG_LENGTH - 9].rstrip('-.')}-{_short_hash(text)}"
    return cleaned or "unnamed"


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def page_names(names: Iterable[str]) -> dict[str, str]:
    """A distinct page name for each of ``names`` (ids of one collection, or versions of one resource).

    Names whose slugs are equal ignoring case (``a/b``, ``a b`` and ``a-b``; ``Orders`` and ``orders``)
    would write one file, or two that a case-insensitive file system or web server cannot tell apart.
    In such a group the name that already is its slug (else the first in sorted order) keeps the slug;
    every other one gets the slug followed by a hash of its own text. That depends on nothing but the
    names, so a page keeps its address from one build to the next."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        groups[slug(name).casefold()].append(name)
    chosen: dict[str, str] = {}
    for group in groups.values():
        first = min(group, key=lambda name: (slug(name) != name, name))
        for name in group:
            chosen[name] = slug(name) if name == first else f"{slug(name)}-{_short_hash(name)}"
    return chosen


class Urls:
    """Page paths under a prefix (``catalog`` inside a docs site, empty for a standalone catalog)."""

    def __init__(self, prefix: str = "", catalog: Catalog | None = None) -> None:
        """With ``catalog``, ids and versions whose page names collide get distinct ones (``page_names``)."""
        self.prefix = prefix.strip("/")
        self._ids: dict[tuple[str, str], str] = {}
        self._versions: dict[tuple[str, str, str], str] = {}
        if catalog is not None:
            ids: dict[str, set[str]] = defaultdict(set)
            versions: dict[tuple[str, str], set[str]] = defaultdict(set)
            for resource in catalog.resources:
                ids[resource.kind.plural].add(resource.id)
                versions[(resource.kind.plural, resource.id)].add(resource.version)
            for plural, found in ids.items():
                self._ids.update(((plural, id_), name) for id_, name in page_names(found).items())
            for (plural, id_), found in versions.items():
                self._versions.update(((plural, id_, v), name) for v, name in page_names(found).items())

    def _id(self, resource: Resource) -> str:
        return self._ids.get((resource.kind.plural, resource.id)) or slug(resource.id)

    def _version(self, resource: Resource) -> str:
        name = self._versions.get((resource.kind.plural, resource.id, resource.version)) or slug(resource.version)
        # A version folder named index.md would collide with the latest version's page file.
        return f"{name}-{_short_hash(resource.version)}" if name.casefold() == "index.md" else name

    def _join(self, *parts: str) -> str:
        return posixpath.join(*(p for p in (self.prefix, *parts) if p))

    def home(self) -> str:
        return self._join("index.md")

    def browse(self, name: str) -> str:
        """Browse tables and other catalog-wide pages: ``messages``, ``services``, ``map`` …"""
        return self._join(f"{name}.md")

    def resource(self, resource: Resource, *, latest: bool = True) -> str:
        """The page of ``resource``: the latest version at ``<plural>/<id>/``, others below it."""
        if resource.kind in (Kind.TEAM, Kind.USER):
            return self._join(resource.kind.plural, f"{self._id(resource)}.md")
        base = self._join(resource.kind.plural, self._id(resource))
        if latest:
            return posixpath.join(base, "index.md")
        return posixpath.join(base, self._version(resource), "index.md")

    def diff(self, resource: Resource) -> str:
        """The page showing what changed from the previous version to ``resource``'s version."""
        return posixpath.join(self._join(resource.kind.plural, self._id(resource)), self._version(resource),
                              "changes.md")

    def asset(self, page: str, name: str) -> str:
        """A file published beside ``page`` (e.g. a schema for download)."""
        return posixpath.join(posixpath.dirname(page), name)


def relative(from_page: str, to_path: str) -> str:
    """The relative link from one generated file to another."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
