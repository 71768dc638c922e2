"""``evcat version``: release a new version of a message, keeping the current one in ``versioned/<old>/``.

The new state of the message folder is built whole in a private folder beside it (a copy, with the
current version's index, schema files, examples and changelog also copied into ``versioned/<old>/``, the
index's ``version`` edited in place and a new ``changelog.mdx``), then swapped in with two renames. If
anything fails or the run is interrupted before the swap, the copy is deleted and the catalog is as it was;
between the two renames a failure renames the original back. Nested resources (folders holding an
``index.mdx``) and ``versioned/`` stay where they are: they are copied along unchanged, never versioned.
"""

from __future__ import annotations

import datetime
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.authoring.frontmatter_edit import edit_frontmatter
from generator.authoring.writes import AuthoringError, Plan, create_file, remove_tree, replace_file, stage_folder
from generator.catalog.load import load_catalog, read_catalog_file
from generator.catalog.model import Catalog, Message
from generator.catalog.versions import coerce
from generator.compat import compare_versions, required_bump
from generator.rules.compatibility import MODE_KEY
from generator.rules.schemas import parse

BUMPS = ("major", "minor", "patch")


@dataclass(frozen=True)
class Release:
    """What ``evcat version`` decided: the message, its old and new version, the bump and why."""

    message: Message
    old: str
    new: str
    bump: str
    reason: str


def plan_release(catalog: Catalog, message_id: str, bump: str | None, *, mode: str = "BACKWARD") -> Release:
    """Which version comes next for ``message_id``: the ``bump`` given, or (None) the one its schema
    change requires — the working copy's default schema against the newest ``versioned/`` copy's."""
    current = _current(catalog, message_id)
    if coerce(current.version) is None:
        raise AuthoringError(f"{message_id}: version {current.version!r} is not a semver version evcat can bump")
    reason = f"--{bump}"
    if bump is None:
        bump, reason = _required(catalog, current, mode)
    parsed = coerce(current.version)
    following = {"major": parsed.next_major, "minor": parsed.next_minor, "patch": parsed.next_patch}[bump]()
    return Release(current, current.version, str(following), bump, reason)


def _current(catalog: Catalog, message_id: str) -> Message:
    found = [m for m in catalog.messages if m.id == message_id and not m.is_versioned_copy]
    if not found:
        raise AuthoringError(f"no event, command or query with id {message_id!r} outside versioned/ folders")
    if len(found) > 1:
        raise AuthoringError(f"{message_id!r} has {len(found)} current folders ({', '.join(m.path for m in found)})")
    return found[0]


def _required(catalog: Catalog, current: Message, mode: str) -> tuple[str, str]:
    released = [m for m in catalog.messages if m.id == current.id and m.is_versioned_copy]
    order = catalog.versions_of(current.kind, current.id)
    released.sort(key=lambda m: order.index(m.version) if m.version in order else -1)
    if not released:
        raise AuthoringError(f"--auto compares the schema with the newest versioned/ copy, and {current.id!r} "
                             "has none yet; give --major, --minor or --patch")
    baseline = released[-1]
    old, new = _schema_data(baseline), _schema_data(current)
    declared = current.data.get(MODE_KEY)
    mode = declared.upper() if isinstance(declared, str) and declared.strip() else mode
    changes = compare_versions(old[1], old[0], new[1], new[0])
    needed = required_bump(changes, mode, current.version) or "patch"
    counted = f"{len(changes)} schema change(s) since {baseline.version}" if changes else (
        f"no schema change since {baseline.version}")
    return needed, f"--auto: {counted} under {mode}"


def _schema_data(message: Message) -> tuple[str, object]:
    schema = message.schema
    parsed = parse(schema) if schema is not None else None
    if parsed is None or not parsed.usable or parsed.loaded.data is None:
        raise AuthoringError(f"--auto needs a readable Avro or JSON Schema default schema in {message.path}")
    return schema.format, parsed.loaded.data


def bump_version(root: Path, message_id: str, note: str, bump: str | None, *, mode: str = "BACKWARD",
                 dry_run: bool = False, today: datetime.date | None = None) -> tuple[Release, Plan]:
    """Release the next version of ``message_id`` with the changelog entry ``note``."""
    root = Path(root)
    if not note.strip():
        raise AuthoringError("the changelog message is empty")
    release = plan_release(load_catalog(root).catalog, message_id, bump, mode=mode)
    folder = root / Path(release.message.path).parent
    archive = Path("versioned") / release.old
    if (folder / archive).exists():
        raise AuthoringError(f"{folder / archive} already exists; evcat never overwrites it")
    index_text = read_catalog_file(root, release.message.path)
    if index_text is None:
        raise AuthoringError(f"cannot read {release.message.path}")
    new_index = edit_frontmatter(index_text, lambda data: _set_version(data, release.new),
                                 file=release.message.path)
    changelog = _changelog(release, note, today or datetime.date.today())
    versioned = _versioned_items(folder)
    plan = Plan(root, dry_run)
    for item in versioned:
        plan.note("copied", folder / item, f"to {(archive / item).as_posix()}")
    plan.note("edited", folder / "index.mdx", f"version {release.old} → {release.new}")
    plan.note("wrote", folder / "changelog.mdx", f"{release.new}: {note.splitlines()[0][:60]}")
    if not dry_run:
        _swap_in(folder, archive, versioned, new_index, changelog)
    return release, plan


def _set_version(data: dict, version: str) -> None:
    old = data.get("version")
    data["version"] = type(old)(version) if isinstance(old, str) and type(old) is not str else version


def _changelog(release: Release, note: str, today: datetime.date) -> str:
    # The note is the user's own Markdown for their own changelog page; only its frontmatter is generated.
    return f"---\ncreatedAt: {today.isoformat()}\n---\n\n## {release.new}\n\n{note.strip()}\n"


def _versioned_items(folder: Path) -> list[Path]:
    """What belongs to the current version: its files and folders, but not ``versioned/`` or a folder
    holding another resource (an ``index.mdx`` at any depth)."""
    items = []
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        if entry.name == "versioned" or entry.name.startswith(".evcat"):
            continue
        if entry.is_dir() and not entry.is_symlink() and any(entry.rglob("index.mdx")):
            continue
        items.append(Path(entry.name))
    return items


def _swap_in(folder: Path, archive: Path, items: list[Path], new_index: str, changelog: str) -> None:
    staged = stage_folder(folder)
    try:
        shutil.copytree(folder, staged, symlinks=True, dirs_exist_ok=True)
        (staged / archive).mkdir(parents=True)
        for item in items:
            source, target = staged / item, staged / archive / item
            if source.is_dir() and not source.is_symlink():
                shutil.copytree(source, target, symlinks=True)
            else:
                shutil.copy2(source, target, follow_symlinks=False)
        replace_file(staged / "index.mdx", new_index)
        changelog_path = staged / "changelog.mdx"
        if changelog_path.exists():
            replace_file(changelog_path, changelog)
        else:
            create_file(changelog_path, changelog)
        _exchange(folder, staged)
    finally:
        remove_tree(staged)


def _exchange(folder: Path, staged: Path) -> None:
    """Put ``staged`` where ``folder`` is; the original goes back if the second rename does not happen."""
    backup = stage_folder(folder)
    os.rmdir(backup)  # only its unique name is wanted
    try:
        os.rename(folder, backup)
        os.rename(staged, folder)
    except BaseException:
        if backup.exists() and not folder.exists():
            os.rename(backup, folder)
        raise
    remove_tree(backup)
