"""The Jinja environment for pages, and writing generated files only when their content changed.

Template lookup order: the user's override folder first, then the templates shipped with evcat, so a
catalog can replace any single template (``message.md.j2``, ``snippets/kafka/python-producer.j2`` …).
"""

from __future__ import annotations

import html
import importlib.resources
import json
import os
from collections.abc import Iterable
from pathlib import Path

import jinja2


def shipped_templates() -> Path:
    """The folder of templates shipped with evcat (inside the wheel, or templates/ in a checkout)."""
    try:
        found = importlib.resources.files("generator.templates")
        path = Path(str(found))
        if (path / "message.md.j2").is_file():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "templates"


def environment(override: Path | None = None) -> jinja2.Environment:
    """A Jinja environment for Markdown output: no autoescape (Markdown, not HTML), strict undefined."""
    folders = [str(p) for p in (override, shipped_templates()) if p is not None]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = table_cell
    env.filters["code"] = code_cell
    env.filters["tojson_compact"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["indent_block"] = lambda text, width=4: "\n".join(
        (" " * width + line) if line.strip() else "" for line in str(text).splitlines())
    env.filters["yaml_string"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def table_cell(value: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, newlines folded."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def code_cell(value: object) -> str:
    """Inline code safe inside a Markdown table cell (a backslash-escaped pipe would show in code)."""
    text = html.escape("" if value is None else str(value)).replace("|", "&#124;").replace("\n", " ")
    return f"<code>{text}</code>"


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write ``content`` unless the file already holds exactly that; True when written.

    Unchanged files keep their modification time, so live reload and dirty builds see only real changes.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True


def remove_orphans(root: Path, keep: Iterable[str]) -> int:
    """Delete files under ``root`` (a generator-owned folder) that the current run did not produce."""
    wanted = {Path(p).as_posix() for p in keep}
    removed = 0
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed
