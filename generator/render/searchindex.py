"""The site's search entries, built from the catalog model instead of from rendered HTML.

What engineers look for in a catalog is in the model: names, summaries, owners, channels, who sends and
receives a message, badges and the schema's field names and descriptions. Building the entries from it
keeps snippet code and raw schemas out of the index, ranks latest versions above older ones, and costs a
fraction of parsing every page's HTML again (which was about half of a build).

Entries name their page by its generated path; the plugin turns that into the page's URL. Titles, text and
tags are HTML-escaped: Material's search shows them as HTML (it wraps matches in ``<mark>``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.catalog.model import Catalog, Channel, Message, Resource, Service
from generator.escaping import html_text
from generator.render.urls import Urls
from generator.schemas.view import view_of

# Older versions are found, but below the latest one (lunr multiplies a document's score by its boost).
OLDER_VERSION_BOOST = 0.2
BODY_CHARACTERS = 2_000  # enough of a body for its words to be found; the page has the rest
SCHEMA_ANCHOR = "schema"  # the id of the schema heading on message pages (templates/message.md.j2)

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_IMPORT = re.compile(r"^\s*(import|export)\s.*$", re.MULTILINE)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_MARKUP = re.compile(r"[#*_`>|\[\]]+|:?-{3,}:?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchEntry:
    """One search result: a page (generated path) or a section of it (``anchor``)."""

    page: str
    title: str
    text: str
    anchor: str = ""
    tags: tuple[str, ...] = ()
    boost: float | None = None

    def as_index_entry(self, url: str) -> dict[str, object]:
        """The entry in Material's ``search_index.json`` form, for the page published at ``url``."""
        entry: dict[str, object] = {"location": f"{url}#{self.anchor}" if self.anchor else url,
                                    "title": self.title, "text": self.text}
        if self.tags:
            entry["tags"] = list(self.tags)
        if self.boost is not None:
            entry["boost"] = self.boost
        return entry


def search_entries(catalog: Catalog, urls: Urls) -> list[SearchEntry]:
    """Every resource page's entries: latest versions at full weight, older ones lowered."""
    entries: list[SearchEntry] = []
    for resource in catalog:
        entries += _entries(catalog, urls, resource)
    return entries


def _entries(catalog: Catalog, urls: Urls, resource: Resource) -> Iterator[SearchEntry]:
    latest = catalog.latest(resource) or not resource.version
    page = urls.resource(resource, latest=latest)
    boost = None if latest else OLDER_VERSION_BOOST
    title = resource.name if latest else f"{resource.name} {resource.version}"
    # Material shows tags in the results as HTML too.
    tags = tuple(html_text(t) for t in sorted({b.content.strip() for b in resource.badges if b.content.strip()}))
    yield SearchEntry(page, html_text(title), html_text(_words(_facts(catalog, resource, latest))),
                      tags=tags, boost=boost)
    if isinstance(resource, Message):
        fields = _schema_words(resource)
        if fields:
            yield SearchEntry(page, html_text(f"{title} · schema"), html_text(fields), anchor=SCHEMA_ANCHOR,
                              boost=boost)


def _facts(catalog: Catalog, resource: Resource, latest: bool) -> Iterable[str]:
    """The words of a resource page that are worth finding it by."""
    kind = resource.kind.value
    yield f"{kind} {resource.id}" + (f" v{resource.version}" + (" latest" if latest else "")
                                     if resource.version else "")
    yield resource.summary
    owners = catalog.owner_of.get(resource.key, ())
    if owners:
        yield "Owners: " + ", ".join(_name(catalog, key) for key in owners)
    if isinstance(resource, Message):
        senders = {_name(catalog, e.service) for e in catalog.producers(resource.key)}
        readers = {_name(catalog, e.service) for e in catalog.consumers(resource.key)}
        channels = {_name(catalog, key) for e in catalog.producers(resource.key) + catalog.consumers(resource.key)
                    for key, _ in e.channels}
        if senders:
            yield "Producers: " + ", ".join(sorted(senders))
        if readers:
            yield "Consumers: " + ", ".join(sorted(readers))
        if channels:
            yield "Channels: " + ", ".join(sorted(channels))
    elif isinstance(resource, Service):
        edges = catalog.edges_of(resource.key)
        for direction in ("sends", "receives"):
            names = sorted({_name(catalog, e.message) for e in edges if e.direction == direction})
            if names:
                yield f"{direction.capitalize()}: " + ", ".join(names)
    elif isinstance(resource, Channel):
        if resource.address:
            yield f"Address: {resource.address}"
        if resource.protocols:
            yield "Protocols: " + ", ".join(resource.protocols)
    yield plain_text(resource.document.body)[:BODY_CHARACTERS]


def _schema_words(message: Message) -> str:
    """Field names with their types and descriptions: what an engineer types to find a payload."""
    view = view_of(message.schema)
    if view is None:
        return ""
    parts = []
    for row in view.rows:
        description = f" {row['description']}" if row["description"] else ""
        constraints = "".join(f" {c}" for c in row["constraints"])
        # Spaced so that each enum symbol of ``enum<A|B>`` is a word of its own for the search.
        words = f"{row['path'] or row['name']} ({row['type']}){constraints}{description}".replace("|", " | ")
        parts.append(words)
    return "; ".join(parts)


def _name(catalog: Catalog, key) -> str:
    found = catalog.get(key)
    return found.name if found is not None else key.id


def plain_text(body: str) -> str:
    """The words of an MDX body: no code blocks, components, HTML tags or Markdown punctuation.

    Hand-written because no Markdown library reads MDX; the result only feeds search, where a stray
    character costs nothing.
    """
    text = _FENCE.sub(" ", body)
    text = _IMPORT.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _LINK_TARGET.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _words(parts: Iterable[str]) -> str:
    return " · ".join(p.strip() for p in parts if p and p.strip())

