"""Walk a catalog folder and classify its files by the EventCatalog layout.

Only locations matter here (no file is parsed): each ``index.md(x)`` becomes a ``SourceFile`` whose kind
comes from the nearest collection folder above its resource folder (``events/``, ``services/`` …), with
``versioned/<v>/`` copies recognised anywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.catalog.model import Kind
from generator.diagnostics.codes import rule

COLLECTIONS: dict[str, Kind] = {
    "events": Kind.EVENT, "commands": Kind.COMMAND, "queries": Kind.QUERY,
    "services": Kind.SERVICE, "domains": Kind.DOMAIN, "subdomains": Kind.DOMAIN,
    "channels": Kind.CHANNEL, "flows": Kind.FLOW, "entities": Kind.ENTITY,
    "containers": Kind.CONTAINER, "adrs": Kind.ADR, "data-products": Kind.DATA_PRODUCT,
    "agents": Kind.AGENT, "systems": Kind.SYSTEM, "diagrams": Kind.DIAGRAM,
}
FLAT_COLLECTIONS: dict[str, Kind] = {"teams": Kind.TEAM, "users": Kind.USER}
INDEX_NAMES = ("index.mdx", "index.md")
CHANGELOG_NAMES = ("changelog.mdx", "changelog.md")
# Folders of an EventCatalog project root that hold code, assets or build output, never catalog content.
_SKIPPED_AT_ROOT = {"public", "components", "pages", "snippets", "dist", "site"}
_SKIPPED_ANYWHERE = {"node_modules"}


@dataclass(frozen=True)
class SourceFile:
    """One resource file: where it is, what kind it is and which resource folder it belongs to."""

    path: str  # catalog-relative POSIX path of the index / flat file
    kind: Kind
    folder: str  # the resource folder (for versioned copies: the versioned/<v>/ folder)
    resource_folder: str  # the folder of the resource itself (without versioned/<v>)
    version_dir: str | None = None  # the <v> of versioned/<v>/, when a versioned copy
    changelog: str | None = None  # catalog-relative path of its changelog, when present
    examples_dir: str | None = None  # catalog-relative path of its examples/ folder, when present


@dataclass(frozen=True)
class Discovery:
    files: tuple[SourceFile, ...]
    diagnostics: tuple[Diagnostic, ...]


def discover(root: Path) -> Discovery:
    """Find every resource file under ``root``. Unreadable folders and stray files become diagnostics."""
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []

    def on_error(error: OSError) -> None:
        where = _relative(root, Path(error.filename)) if error.filename else None
        problems.append(rule("EC001")(f"cannot read folder: {error.strerror}", file=where))

    # Folders are handled as tuples of names, not Path objects: a catalog has thousands of folders.
    top = os.fspath(root)
    real_top = os.path.realpath(top)
    for current, dirs, names in os.walk(top, onerror=on_error, followlinks=False):
        relative = current[len(top):].strip(os.sep)
        here = tuple(relative.split(os.sep)) if relative else ()
        has_examples = "examples" in dirs
        # A folder named index.mdx still marks a resource: reading it reports (EC001) that it is no file.
        names = sorted(names + [d for d in dirs if d in INDEX_NAMES])
        index = next((n for n in INDEX_NAMES if n in names), None)
        dirs[:] = sorted(d for d in dirs if d not in INDEX_NAMES and not _skipped(d, here, index is not None))
        problems.extend(_linked_out(real_top, current, here, dirs))
        if index is not None:
            found = _classify(here, index, names, has_examples)
            if found is not None:
                files.append(found)
        files.extend(_flat_files(here, names))
        problems.extend(_stray_files(here, names))
    return Discovery(tuple(files), tuple(problems))


def _linked_out(real_top: str, current: str, here: tuple[str, ...], dirs: list[str]) -> list[Diagnostic]:
    """EC009 for each folder here that is a symbolic link out of the catalog: it is not walked (links are
    never followed while walking), and a whole resource must not vanish without a word."""
    found = []
    for name in dirs:
        path = os.path.join(current, name)
        if not os.path.islink(path):
            continue
        real = os.path.realpath(path)
        if real != real_top and not real.startswith(real_top + os.sep):
            relative = "/".join((*here, name))
            found.append(rule("EC009")(f"cannot read folder: it is a symbolic link to '{os.readlink(path)}', "
                                       "outside the catalog folder", file=relative,
                                       hint="evcat reads only files inside the catalog folder; copy the "
                                            "folder into it"))
    return found


def _skipped(name: str, parent: tuple[str, ...], parent_is_resource: bool) -> bool:
    """Hidden folders, dependencies, root-level project folders and a resource's examples/ folder."""
    if name.startswith(".") or name in _SKIPPED_ANYWHERE:
        return True
    if not parent and name in _SKIPPED_AT_ROOT:
        return True
    return parent_is_resource and name == "examples"


def _relative(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return "" if relative == "." else relative


def _classify(parts: tuple[str, ...], index: str, names: list[str], has_examples: bool) -> SourceFile | None:
    version_dir = None
    resource_parts = parts
    if len(parts) >= 2 and parts[-2] == "versioned":
        version_dir, resource_parts = parts[-1], parts[:-2]
    kind = next((COLLECTIONS[p] for p in reversed(resource_parts[:-1]) if p in COLLECTIONS), None)
    if kind is None:
        return None
    changelog = next((n for n in CHANGELOG_NAMES if n in names), None)
    folder = "/".join(parts)
    prefix = f"{folder}/" if parts else ""
    return SourceFile(
        path=f"{prefix}{index}",
        kind=kind,
        folder=folder or ".",
        resource_folder="/".join(resource_parts) or ".",
        version_dir=version_dir,
        changelog=f"{prefix}{changelog}" if changelog else None,
        examples_dir=f"{prefix}examples" if has_examples else None,
    )


def _flat_files(parts: tuple[str, ...], names: list[str]) -> list[SourceFile]:
    """Teams and users are flat ``teams/<x>.mdx`` files at the catalog root (or under federated/<src>/)."""
    if not parts or parts[-1] not in FLAT_COLLECTIONS:
        return []
    if len(parts) not in (1, 3) or (len(parts) == 3 and parts[0] != "federated"):
        return []
    kind = FLAT_COLLECTIONS[parts[-1]]
    folder = "/".join(parts)
    return [
        SourceFile(path=f"{folder}/{name}", kind=kind, folder=folder, resource_folder=folder)
        for name in names
        if name.endswith((".md", ".mdx"))
    ]


def _stray_files(parts: tuple[str, ...], names: list[str]) -> list[Diagnostic]:
    """``events/Foo.mdx`` instead of ``events/Foo/index.mdx`` is ignored by EventCatalog: say so."""
    if not parts or parts[-1] not in COLLECTIONS:
        return []
    folder = "/".join(parts)
    found = []
    for name in names:
        if name.endswith((".md", ".mdx")) and name not in INDEX_NAMES + CHANGELOG_NAMES:
            stem = name.rsplit(".", 1)[0]
            found.append(rule("EC007")(
                f"'{name}' is not read: resources live in a folder with an index.mdx",
                file=f"{folder}/{name}", hint=f"did you mean '{folder}/{stem}/index.mdx'?"))
    return found
