"""Where each generated page lives, and relative Markdown links between pages.

Pages are real Markdown files; links between them are relative ``.md`` paths so MkDocs (and any other
Markdown site generator) resolves and checks them.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from generator.catalog.model import Catalog, Kind, Resource
from generator.catalog.pagenames import page_names, short_hash, slug

# Pages whose diagrams link to other pages: links inside a diagram are not rewritten by the site generator, so
# the page is a folder's index.md, and a link relative to its file is also right relative to its URL.
_FOLDER_PAGES = frozenset({"map"})
_RESERVED = frozenset({"index.md", "graph"})  # names inside a resource's folder that versions may not take


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
        # A version folder named index.md would collide with the latest version's page file, one named graph
        # with the latest version's full-graph folder.
        return f"{name}-{short_hash(resource.version)}" if name.casefold() in _RESERVED else name

    def _join(self, *parts: str) -> str:
        return posixpath.join(*(p for p in (self.prefix, *parts) if p))

    def home(self) -> str:
        return self._join("index.md")

    def browse(self, name: str) -> str:
        """Browse tables and other catalog-wide pages: ``messages``, ``services``, ``map`` …"""
        if name in _FOLDER_PAGES:
            return self._join(name, "index.md")
        return self._join(f"{name}.md")

    def resource(self, resource: Resource, *, latest: bool = True) -> str:
        """The page of ``resource``: the latest version at ``<plural>/<id>/``, others below it."""
        if resource.kind in (Kind.TEAM, Kind.USER):
            return self._join(resource.kind.plural, f"{self._id(resource)}.md")
        base = self._join(resource.kind.plural, self._id(resource))
        if latest:
            return posixpath.join(base, "index.md")
        return posixpath.join(base, self._version(resource), "index.md")

    def graph(self, resource: Resource, *, latest: bool = True) -> str:
        """The full-graph page of ``resource``'s page: a ``graph`` folder beside it, so links relative to it
        are the same in Markdown and in a site with directory URLs."""
        return posixpath.join(posixpath.dirname(self.resource(resource, latest=latest)), "graph", "index.md")

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
