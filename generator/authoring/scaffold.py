"""``evcat init``: a catalog repository that validates and builds at once.

The files are those of ``templates/init/`` (shipped as ``generator.templates``), copied as they are;
names starting with ``dot-`` become dot files (``dot-github`` → ``.github``), since package data globs
skip names that start with a dot.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from generator.authoring.writes import AuthoringError, Plan, create_folder


def _template_files() -> dict[str, str]:
    """Every file of the repository template, by its path in the new repository."""
    found: dict[str, str] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            name = "." + item.name[4:] if item.name.startswith("dot-") else item.name
            if item.is_dir():
                walk(item, f"{prefix}{name}/")
            elif not name.endswith((".pyc", ".j2")):
                found[prefix + name] = item.read_text(encoding="utf-8")

    walk(resources.files("generator.templates") / "init", "")
    return found


def init_repository(folder: Path, *, dry_run: bool = False) -> Plan:
    """Write a new catalog repository into ``folder``, which must not exist or be empty.

    The files are staged in a folder beside it and renamed into place: an interrupted run leaves no
    half-made repository."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise AuthoringError(f"{folder} is not empty; evcat init writes only into a new or empty folder")
    plan = Plan(folder, dry_run)
    files = _template_files()
    if not dry_run:
        create_folder(folder, files)
    for name in files:
        plan.note("created", folder / name)
    return plan
