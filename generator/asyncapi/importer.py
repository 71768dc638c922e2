"""``evcat import asyncapi``: one document in, one service with its channels and messages written (or shown)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.asyncapi import layout, writing
from generator.asyncapi.normalise import normalise
from generator.asyncapi.source import DocumentError, load_source
from generator.catalog.files import CatalogReader
from generator.catalog.load import load_catalog
from generator.catalog.model import Kind
from generator.catalog.yamlbounds import exceeds_bounds
from generator.diagnostics import Diagnostic, Diagnostics, Severity

_KINDS = {"event": Kind.EVENT, "command": Kind.COMMAND, "query": Kind.QUERY}


@dataclass
class ImportReport:
    """What the import did (or, with ``dry_run``, would do), line by line, and what it found wrong."""

    lines: list[str] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    outcomes: list[writing.Outcome] = field(default_factory=list)


def import_asyncapi(document: Path, catalog: Path, *, dry_run: bool = False,
                    service_id: str | None = None, v2_client: bool = False) -> ImportReport:
    """Import ``document`` into ``catalog``. Nothing is written when the document has errors."""
    report = ImportReport()
    try:
        source = load_source(document)
        service = normalise(source, service_id, v2_client=v2_client)
    except DocumentError as error:
        report.diagnostics.add(error.diagnostic)
        return report
    report.diagnostics.extend(source.problems)
    if report.diagnostics.errors:
        report.lines.append("nothing written: the document has errors")
        return report
    report.diagnostics.extend(service.findings)
    report.lines += [f"note: {note}" for note in service.notes]
    from_info = sorted(m.id for m in service.messages.values() if m.version_source == "info.version")
    if from_info:
        report.lines.append(f"note: {len(from_info)} message(s) take their version from info.version "
                            f"({service.version}); set x-eventcatalog-message-version to version them apart")
    folders = _existing_folders(catalog)
    reader = CatalogReader(catalog)
    verb = "would write" if dry_run else "wrote"
    work: list[tuple[writing.Outcome, dict[str, str]]] = []

    def add(kind: Kind, resource_id: str, default_folder: str, version: str, render) -> writing.Outcome:
        folder = folders.get((kind, resource_id), default_folder)
        outcome = writing.plan(reader, folder, version, render)
        work.append((outcome, render(outcome.version) if outcome.action in ("new", "versioned") else {}))
        return outcome

    for channel in service.channels.values():
        version = str(channel.raw.get("x-eventcatalog-channel-version") or service.version)
        add(Kind.CHANNEL, channel.id, f"channels/{channel.id}", version,
            lambda v, c=channel: layout.channel_files(c, v))
    versions: dict[str, str] = {}
    for message in service.messages.values():
        outcome = add(_KINDS[message.kind], message.id, f"{layout.folder_of(message.kind)}/{message.id}",
                      message.version, lambda v, m=message: layout.message_files(m, v))
        versions[message.id] = outcome.previous if outcome.action == "conflict" and outcome.previous else \
            outcome.version
    previous_messages = _previous_messages(reader, folders.get((Kind.SERVICE, service.id),
                                                               f"services/{service.id}"))
    add(Kind.SERVICE, service.id, f"services/{service.id}", service.version,
        lambda v: layout.service_files(service, v, versions, document.name))
    for outcome, files in work:
        report.outcomes.append(outcome)
        if outcome.action == "conflict":
            report.diagnostics.add(Diagnostic(outcome.refused or "EC207",
                                              Severity.ERROR if outcome.refused else Severity.WARNING,
                                              f"not imported: {outcome.reason}", file=f"{outcome.folder}/index.mdx"))
            continue
        if outcome.action == "unchanged":
            report.lines.append(f"unchanged {outcome.folder} ({outcome.version})")
            continue
        if outcome.action == "versioned":
            report.lines.append(f"versioned {outcome.folder}: {outcome.previous} -> {outcome.version} "
                                f"(previous kept in {outcome.folder}/versioned/)")
        if not dry_run:
            writing.apply(catalog, outcome, files)
        report.lines += [f"{verb} {outcome.folder}/{name}" for name in sorted(files)]
    for removed in sorted(set(previous_messages) - set(service.messages)):
        report.lines.append(f"removed from the document: message {removed} — kept in the catalog and no longer "
                            f"listed by service {service.id}; delete or deprecate it yourself")
    return report


def _existing_folders(catalog: Path) -> dict[tuple[Kind, str], str]:
    """Where each current resource of the catalog lives, so an import updates it in place."""
    if not catalog.is_dir():
        return {}
    loaded = load_catalog(catalog)
    found: dict[tuple[Kind, str], str] = {}
    for resource in loaded.catalog.resources:
        if not resource.is_versioned_copy:
            found.setdefault((resource.kind, resource.id), resource.folder)
    return found


def _previous_messages(reader: CatalogReader, folder: str) -> list[str]:
    text = reader.read(f"{folder}/index.mdx")
    match = re.match(r"\A---\r?\n(.*?)\r?\n---", text, re.S) if isinstance(text, str) else None
    if match is None or exceeds_bounds(match.group(1)) is not None:
        return []
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return []
    kept = data.get("x-asyncapi") if isinstance(data, dict) else None
    return [str(m) for m in kept.get("messages", [])] if isinstance(kept, dict) else []
