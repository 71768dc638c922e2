"""Writing imported resources into a catalog: new, unchanged, versioned or refused — never overwritten.

A resource folder is written whole beside its place and renamed into it. A changed resource with a new
version is copied beside its place, its current files moved into ``versioned/<old>/`` in the copy, the new
files written, and the copy swapped in; nested resources and older ``versioned/`` folders stay as they are.
An interrupted run leaves either the old folder or the new one (and at worst a ``.evcat-*`` folder beside it).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.asyncapi.names import safe_id
from generator.catalog.files import CatalogReader, Refusal
from generator.catalog.yamlbounds import exceeds_bounds

_FRONTMATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---", re.S)
# Folders below a resource that are resources of their own (or older versions): never moved when versioning.
_NESTED = {"versioned", "events", "commands", "queries", "services", "channels", "flows", "domains",
           "subdomains", "entities", "containers", "systems"}


@dataclass
class Outcome:
    """What happened (or would happen) to one resource folder."""

    folder: str
    version: str
    action: str  # new | unchanged | versioned | conflict
    files: list[str] = field(default_factory=list)
    previous: str | None = None
    reason: str = ""
    refused: str | None = None  # the catalog reader's code when the folder could not be read (EC009 …)


def current_version(reader: CatalogReader, folder: str) -> str | Refusal | None:
    """The version in ``folder/index.mdx``'s frontmatter; None when there is no such file."""
    text = reader.read(f"{folder}/index.mdx")
    if isinstance(text, Refusal):
        return None if text.kind == "missing" else text
    match = _FRONTMATTER.match(text)
    if match is None or exceeds_bounds(match.group(1)) is not None:
        return Refusal("unreadable", "its frontmatter cannot be read")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return Refusal("unreadable", "its frontmatter is not valid YAML")
    return str(data.get("version")) if isinstance(data, dict) and data.get("version") is not None else \
        Refusal("unreadable", "its frontmatter has no version")


def plan(reader: CatalogReader, folder: str, version: str, render: Callable[[str], dict[str, str]]) -> Outcome:
    """Decide what to do with ``folder`` given the files ``render(version)`` would write."""
    existing = current_version(reader, folder)
    if existing is None:
        return Outcome(folder, version, "new", sorted(render(version)))
    if isinstance(existing, Refusal):
        return Outcome(folder, version, "conflict", reason=f"{folder}/index.mdx: {existing.reason}",
                       refused=existing.code)
    if _same(reader, folder, render(existing)):
        return Outcome(folder, existing, "unchanged")
    if existing == version:
        return Outcome(folder, version, "conflict", previous=existing,
                       reason=f"{folder} changed but its version {version} did not; not overwritten — give it a "
                              "new version (x-eventcatalog-message-version, or info.version)")
    old_folder = safe_id(existing) or "previous"
    if reader.inside(f"{folder}/versioned/{old_folder}") is None or \
            os.path.lexists(reader.root / folder / "versioned" / old_folder):
        return Outcome(folder, version, "conflict", previous=existing,
                       reason=f"{folder}/versioned/{old_folder} already exists")
    return Outcome(folder, version, "versioned", sorted(render(version)), previous=existing)


def _same(reader: CatalogReader, folder: str, files: dict[str, str]) -> bool:
    for name, text in files.items():
        if reader.read(f"{folder}/{name}") != text:
            return False
    wanted = {name.split("/", 1)[1] for name in files if name.startswith("examples/")}
    return set(reader.list_dir(f"{folder}/examples")) == wanted


def apply(root: Path, outcome: Outcome, files: dict[str, str]) -> None:
    """Carry out a ``new`` or ``versioned`` outcome (others write nothing)."""
    if outcome.action not in ("new", "versioned"):
        return
    target = root / outcome.folder
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".evcat-{target.name}.tmp"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        if outcome.action == "versioned":
            shutil.copytree(target, staging, symlinks=True)
            keep = staging / "versioned" / (safe_id(outcome.previous or "") or "previous")
            keep.mkdir(parents=True)
            for entry in sorted(staging.iterdir()):
                if entry.name not in _NESTED:
                    entry.rename(keep / entry.name)
        else:
            staging.mkdir()
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if outcome.action == "versioned":
            backup = target.parent / f".evcat-{target.name}.old"
            target.rename(backup)
            staging.rename(target)
            shutil.rmtree(backup)
        else:
            staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
