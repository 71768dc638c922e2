"""EC6xx: what MDX bodies and changelogs name that evcat cannot render or find.

The same translation the site runs (``generator.mdx``), asked through a context that resolves links and
reads files but renders nothing: a page never hides what validation reports, and validation needs no
templates. Files a component loads are read through the catalog reader, as the site reads them; a
refused file gets the refusal's own code.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from generator import mdx
from generator.catalog.files import CatalogReader, Refusal
from generator.catalog.links import resolve_link
from generator.catalog.model import Catalog, Resource
from generator.diagnostics import Diagnostic
from generator.diagnostics.codes import rule


def check(catalog: Catalog, resources: list[Resource], ignored_components: tuple[str, ...] = ()) -> list[Diagnostic]:
    """EC601/EC603 (and the reader's codes for refused files) for the bodies and changelogs of ``resources``;
    components in ``ignored_components`` render as nothing and are no finding."""
    files = _ComponentFiles(CatalogReader(Path(catalog.root)))
    found: list[Diagnostic] = []
    for resource in resources:
        files.failed.clear()
        found += [_with_refusal(finding, files.failed)
                  for finding in _findings(catalog, resource, files, ignored_components)]
    return found


def _findings(catalog: Catalog, resource: Resource, files: _ComponentFiles,
              ignored_components: tuple[str, ...]) -> list[Diagnostic]:
    found = []
    sources = [(resource.path, resource.body, resource.document.body_line)]
    if resource.changelog:
        sources.append((resource.changelog.path, resource.changelog.body, resource.changelog.body_line))
    for path, body, first_line in sources:
        context = _CheckingContext(catalog, resource, files, ignored_components)
        result = mdx.translate(body, frontmatter=resource.data, context=context)
        for finding in result.findings:
            code = "EC603" if finding.kind == mdx.UNRESOLVED else "EC601"
            found.append(rule(code)(finding.message, file=path, line=first_line + finding.line - 1,
                                    hint=_hint(finding)))
    return found


class _CheckingContext:
    """An ``mdx.ComponentContext`` that answers only what findings depend on: links and files."""

    trusted_html = False  # sanitising raw HTML changes the page, never the findings

    def __init__(self, catalog: Catalog, resource: Resource, read: _ComponentFiles,
                 ignored_components: tuple[str, ...] = ()) -> None:
        self.catalog, self.resource, self.read = catalog, resource, read
        self.ignored_components = ignored_components

    def resource_link(self, collection: str, id: str, version: str | None) -> tuple[str, str] | None:
        key = resolve_link(self.catalog, collection, id, version)
        resource = self.catalog.get(key) if key else None
        return (resource.name, "#") if resource else None

    def file_text(self, file: str) -> str | None:
        return self.read(posixpath.normpath(posixpath.join(self.resource.folder, file)))

    # Rendered sections: present (so no "missing" note is composed) but empty; they never make findings.
    def node_graph(self) -> str | None:
        return ""

    def schema_table(self, file: str | None) -> str | None:
        return ""

    def schema_source(self, file: str | None) -> str | None:
        return ""

    def channel_information(self) -> str | None:
        return ""

    def message_table(self, props: dict) -> str | None:
        return ""

    def flow_graph(self) -> str | None:
        return ""

    def entity_map(self) -> str | None:
        return ""


class _ComponentFiles:
    """The ``read`` of body components: the catalog reader, remembering every failed read in order.

    A failed read becomes the component's "not found" finding (EC603); when the file exists but was
    refused, that finding is replaced by the refusal's own (outside the catalog, not a regular file …)."""

    def __init__(self, reader: CatalogReader) -> None:
        self.reader = reader
        self.failed: list[Refusal] = []

    def __call__(self, relative: str) -> str | None:
        found = self.reader.read(relative)
        if isinstance(found, Refusal):
            self.failed.append(found)
            return None
        return found


def _with_refusal(finding: Diagnostic, failed: list[Refusal]) -> Diagnostic:
    if finding.code != "EC603" or not finding.message.startswith("MermaidFileLoader") or not failed:
        return finding
    refusal = failed.pop(0)  # findings come in body order, as the component read its files
    if refusal.kind == "missing":
        return finding
    return refusal.diagnostic(finding.file or "", what=finding.message.removesuffix(" not found"),
                              line=finding.line, column=finding.column)


def _hint(finding: mdx.MdxFinding) -> str:
    if finding.kind == mdx.UNRESOLVED:
        return "check the id and version; the page shows the link as plain text, or nothing for a component"
    if finding.kind == mdx.BAD_EXPRESSION:
        return "only {frontmatter.<field>} expressions are evaluated"
    return ("the page shows only the component's text; list a site-wide component in ignore_components "
            "to render it as nothing")
