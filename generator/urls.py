"""Where each generated page lives, and relative Markdown links between pages.

Pages are real Markdown files; links between them are relative ``.md`` paths so MkDocs (and any other
Markdown site generator) resolves and checks them.
"""

from __future__ import annotations

import posixpath
import re

from generator.model import Kind, Resource

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """A file-name-safe form of an id: ``orders.{env}.events`` → ``orders.env.events``."""
    cleaned = _UNSAFE.sub("-", text).strip("-.")
    return cleaned or "unnamed"


class Urls:
    """Page paths under a prefix (``catalog`` inside a docs site, empty for a standalone catalog)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix.strip("/")

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
            return self._join(resource.kind.plural, f"{slug(resource.id)}.md")
        base = self._join(resource.kind.plural, slug(resource.id))
        if latest:
            return posixpath.join(base, "index.md")
        return posixpath.join(base, slug(resource.version), "index.md")

    def diff(self, resource: Resource) -> str:
        """The page showing what changed from the previous version to ``resource``'s version."""
        return posixpath.join(self._join(resource.kind.plural, slug(resource.id)), slug(resource.version),
                              "changes.md")

    def asset(self, page: str, name: str) -> str:
        """A file published beside ``page`` (e.g. a schema for download)."""
        return posixpath.join(posixpath.dirname(page), name)


def relative(from_page: str, to_path: str) -> str:
    """The relative link from one generated file to another."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
