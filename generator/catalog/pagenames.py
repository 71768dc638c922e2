"""Ids → page names: a file-name-safe, distinct name for every id (and version) of a collection.

One answer for the check that reports ids colliding on one page (``rules.ids``) and for the site that
places the pages (``render.urls``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# File systems allow 255 bytes a name; a page name stays far below, with room for a hash suffix.
MAX_SLUG_LENGTH = 100


def slug(text: str) -> str:
    """A file-name-safe form of an id: ``orders.{env}.events`` → ``orders.-env-.events``.

    A name longer than ``MAX_SLUG_LENGTH`` is cut and followed by a hash of the whole text, so a
    50,000-character id still makes a valid, distinct file name."""
    cleaned = _UNSAFE.sub("-", text).strip("-.")
    if len(cleaned) > MAX_SLUG_LENGTH:
        cleaned = f"{cleaned[:MAX_SLUG_LENGTH - 9].rstrip('-.')}-{short_hash(text)}"
    return cleaned or "unnamed"


def short_hash(text: str) -> str:
    """The first 8 hex digits of the SHA-256 of ``text``: a stable suffix that tells names apart."""
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
            chosen[name] = slug(name) if name == first else f"{slug(name)}-{short_hash(name)}"
    return chosen
