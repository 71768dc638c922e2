"""Contexts for message pages (events, commands, queries): one per version, plus a change page per
version that has a predecessor."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any

import jinja2

from generator.catalog.model import Catalog, Channel, Edge, Example, Key, Message, SchemaFile
from generator.compat.change import breaks
from generator.compat.verdict import VersionVerdict, version_verdict
from generator.diagnostics import Diagnostic, Diagnostics
from generator.diagnostics.codes import rule
from generator.render import graphs
from generator.render.components import PageComponents
from generator.render.pages import (
    Asset,
    Linker,
    PageSpec,
    badge_chips,
    diagnostic_row,
    diagnostics_for,
    graph_edges,
    mermaid,
    notice_context,
    resource_files,
    tags_of,
)
from generator.render.urls import Urls, relative
from generator.schemas import diff as schemadiff
from generator.schemas.view import SchemaView, view_of
from generator.snippets.view import first_payload, snippet_groups

EXAMPLE_CODES = {"EC401", "EC402", "EC403", "EC405"}


class MessagePages:
    """Builds every page of one message id (all its versions)."""

    def __init__(self, catalog: Catalog, diagnostics: Diagnostics, urls: Urls, components: PageComponents,
                 template_dirs: Sequence[Any] = (), compatibility: str = "BACKWARD") -> None:
        self.catalog = catalog
        self.compatibility = compatibility
        self._verdicts: dict[Key, VersionVerdict] = {}
        self.diagnostics = diagnostics
        self.urls = urls
        self.linker = Linker(catalog, urls)
        self.components = components
        self.template_dirs = template_dirs
        self.problems: list[Diagnostic] = []

    def build(self, versions: Sequence[Message]) -> tuple[list[PageSpec], list[Asset]]:
        pages: list[PageSpec] = []
        assets: list[Asset] = []
        views = {m.version: view_of(m.schema) for m in versions}
        for index, message in enumerate(versions):
            latest = index == len(versions) - 1
            page = self.urls.resource(message, latest=latest)
            previous = versions[index - 1] if index else None
            context = self.context(message, page, versions, views[message.version], previous)
            pages.append(PageSpec(page, "message.md.j2", context))
            assets += self._schema_assets(message, page)
            if previous is not None:
                pages.append(self._changes(previous, message, views, versions))
        return pages, assets

    def context(self, message: Message, page: str, versions: Sequence[Message], view: SchemaView | None,
                previous: Message | None) -> dict[str, Any]:
        latest = versions[-1]
        producers = self._parties(page, self.catalog.producers(message.key))
        consumers = self._parties(page, self.catalog.consumers(message.key))
        edges = self.catalog.producers(message.key) + self.catalog.consumers(message.key)
        focus = f"message:{message.id}"
        graph = graphs.flowchart(graph_edges(self.catalog, self.linker, page, edges), focus=focus)
        body, shown = self.components.translate_used(message, page)
        examples = self._examples(message)
        snippets: list[dict[str, Any]] = []
        snippet_problems: list[Diagnostic] = []
        if message is latest:
            # Code is generated for the latest version only: older pages stay light (schema, examples,
            # what changed) instead of repeating near-identical snippets once per version.
            snippets, snippet_problems = self._snippets(message, page, first_payload(self.catalog, message))
            self.problems += snippet_problems
        return {
            "kind": message.kind.value, "id": message.id, "name": message.name, "version": message.version,
            "summary": message.summary, "is_latest": message is latest, "latest_version": latest.version,
            "latest_url": relative(page, self.urls.resource(latest)),
            "badges": badge_chips(message), "tags": tags_of(message),
            "owners": [self.linker.link(page, k) for k in self.catalog.owner_of.get(message.key, ())],
            "draft": notice_context(message.draft), "deprecated": notice_context(message.deprecated),
            "producers": producers, "consumers": consumers, "graph": mermaid(graph),
            "schema": self._schema(message, page, view), "envelopes": self._envelopes(message, page),
            "examples": examples,
            "versions": self._versions(page, versions, message),
            "changes_url": relative(page, self.urls.diff(message)) if previous else None,
            "previous_version": previous.version if previous else None,
            "changelog": self.components.changelog(message, page),
            "body": body, "body_shows": sorted(shown), "snippets": snippets,
            "diagnostics": diagnostics_for(self.diagnostics, resource_files(message))
            + [diagnostic_row(d) for d in snippet_problems],
            "source": message.path,
        }

    def _snippets(self, message: Message, page: str, payload: Any) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
        """Snippet tabs, and the EC602 findings of templates that failed for this page.

        No template error is swallowed: each is an EC602 naming the page (and shown on it). When the
        catalog's example made a template fail, the snippets are rendered again from a payload generated
        from the schema, so the page still has its code.
        """
        problems: list[Diagnostic] = []
        seen: set[str] = set()
        for attempt in (payload, None) if payload is not None else (None,):
            try:
                return snippet_groups(self.catalog, message, attempt, self.template_dirs), problems
            except jinja2.TemplateError as error:
                if str(error) in seen:  # the same failure again: not the payload's fault
                    continue
                seen.add(str(error))
                what = "with the catalog's example" if attempt is not None else "with a generated payload"
                problems.append(rule("EC602")(
                    f"snippet template failed on page {page} for {message.kind.value} '{message.id}' "
                    f"{message.version} ({what}): {error}",
                    file=message.path, hint="check the snippet templates (and any template override folder)"))
        return [], problems

    def _parties(self, page: str, edges: Sequence[Edge]) -> list[dict[str, Any]]:
        parties = []
        for edge in edges:
            channels = []
            for key, parameters in edge.channels:
                channel = self.catalog.get(key)
                link = self.linker.link(page, key)
                address = channel.address if isinstance(channel, Channel) else None
                channels.append(link | {"address": _bind(address, parameters), "parameters": dict(parameters),
                                        "protocols": list(getattr(channel, "protocols", ()))})
            parties.append(self.linker.link(page, edge.service) | {"channels": channels})
        return parties

    def _schema(self, message: Message, page: str, view: SchemaView | None) -> dict[str, Any] | None:
        schema = message.schema
        if schema is None:
            return None
        others = [s for s in message.schemas if s is not schema]
        return _schema_context(schema, view, page) | {
            "others": [_schema_context(s, view_of(s), page) for s in others]}

    def _schema_assets(self, message: Message, page: str) -> list[Asset]:
        return [Asset(self.urls.asset(page, posixpath.basename(s.path)), s.text)
                for s in message.schemas if s.path and s.text is not None]

    def _envelopes(self, message: Message, page: str) -> list[dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for edge in self.catalog.producers(message.key) + self.catalog.consumers(message.key):
            for key, _ in edge.channels:
                channel = self.catalog.get(key)
                if isinstance(channel, Channel) and channel.envelope and key.id not in found:
                    envelope = channel.envelope
                    found[key.id] = _schema_context(envelope.schema, view_of(envelope.schema), page) | {
                        "name": envelope.name or f"{channel.name} envelope", "pointer": envelope.payload_pointer,
                        "channel": self.linker.link(page, key)}
        return list(found.values())

    def _examples(self, message: Message) -> list[dict[str, Any]]:
        found = []
        for example in message.examples:
            problems = [d for d in diagnostics_for(self.diagnostics, [example.path])
                        if d["code"] in EXAMPLE_CODES and _within(example, d["line"])]
            found.append({"name": example.name, "summary": example.summary, "usage": example.usage,
                          "text": example.text.strip("\n"), "lang": example.syntax,
                          "file": example.path, "valid": not problems, "problems": problems})
        return found

    def _versions(self, page: str, versions: Sequence[Message], current: Message) -> list[dict[str, Any]]:
        rows = []
        for index, message in enumerate(reversed(versions)):
            target = self.urls.resource(message, latest=index == 0)
            has_previous = message is not versions[0]
            rows.append({"version": message.version, "url": relative(page, target),
                         "is_current": message is current, "is_latest": index == 0,
                         "changes_url": relative(page, self.urls.diff(message)) if has_previous else None,
                         "created_at": message.changelog.created_at if message.changelog else None,
                         "deprecated": message.deprecated is not None, "draft": message.draft is not None,
                         "breaking": has_previous and not self._verdict(message).compatible})
        return rows

    def _verdict(self, message: Message) -> VersionVerdict:
        """The version judged against earlier ones under its mode (worked out once per version)."""
        if message.key not in self._verdicts:
            self._verdicts[message.key] = version_verdict(self.catalog, message, self.compatibility)
        return self._verdicts[message.key]

    def _changes(self, previous: Message, message: Message, views, versions) -> PageSpec:
        page = self.urls.diff(message)
        latest = message is versions[-1]
        changes = schemadiff.diff(views.get(previous.version), views.get(message.version))
        context = {
            "kind": message.kind.value, "id": message.id, "name": message.name,
            "old_version": previous.version, "new_version": message.version,
            "old_url": relative(page, self.urls.resource(previous, latest=False)),
            "new_url": relative(page, self.urls.resource(message, latest=latest)),
            "changes": changes, "old_schema": previous.schema.declared if previous.schema else None,
            "new_schema": message.schema.declared if message.schema else None,
            "changelog": self.components.changelog(message, page),
            **self._compatibility(page, self._verdict(message)),
        }
        return PageSpec(page, "changes.md.j2", context)

    def _compatibility(self, page: str, verdict: VersionVerdict) -> dict[str, Any]:
        """The mode, the verdict of each pair it checks, the classified changes from the previous version
        and the consumers a break hits."""
        previous = verdict.previous
        rows = [{"id": change.id, "pointer": change.pointer, "class": change.classification,
                 "breaks_mode": breaks(change, verdict.mode), "message": change.message}
                for change in (previous.changes if previous else ())]
        return {
            "mode": verdict.mode, "mode_source": verdict.mode_source, "compatible": verdict.compatible,
            "checked": [{"older": p.older, "breaking": len(p.breaking), "honest": p.honest,
                         "required_bump": p.required_bump, "actual_bump": p.actual_bump, "problem": p.problem}
                        for p in verdict.pairs],
            "compat_changes": rows, "compared": previous is not None and previous.problem is None,
            "affected": [self.linker.link(page, c.reader) | {"requested": c.requested, "domains": list(c.domains)}
                         for c in verdict.consumers],
        }


def _bind(address: str | None, parameters) -> str | None:
    if address is None:
        return None
    for name, value in parameters.items():
        address = address.replace("{" + name + "}", str(value))
    return address


def _within(example: Example, line: int | None) -> bool:
    """Body examples share the index file: only findings inside the example's block count."""
    if example.line_offset == 0 or line is None:
        return True
    return example.line_offset < line <= example.line_offset + example.text.count("\n") + 1


def _schema_context(schema: SchemaFile, view: SchemaView | None, page: str) -> dict[str, Any]:
    return {
        "declared": schema.declared, "format": schema.format, "name": schema.name,
        "rows": view.rows if view else [], "raw": schema.text, "lang": view.lang if view else "text",
        "download": posixpath.basename(schema.path) if schema.path and schema.text is not None else None,
        "missing": schema.text is None, "title": view.title if view else None,
        "description": view.description if view else None,
    }
