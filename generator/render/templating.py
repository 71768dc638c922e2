"""The Jinja environment for pages, and writing generated files only when their content changed.

Template lookup order: the user's override folder first, then the templates shipped with evcat, so a
catalog can replace any single template (``message.md.j2``, ``snippets/kafka/python-producer.j2`` …).
"""

from __future__ import annotations

import importlib.resources
import json
import os
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator import escaping


def shipped_templates() -> Path:
    """The folder of templates shipped with evcat (inside the wheel, or templates/ in a checkout)."""
    try:
        found = importlib.resources.files("generator.templates")
        path = Path(str(found))
        if (path / "message.md.j2").is_file():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "templates"


def environment(override: Path | None = None, *, trusted_html: bool = False,
                ignored_components: tuple[str, ...] = ()) -> jinja2.Environment:
    """A Jinja environment for Markdown output in which catalog values are escaped by default.

    Every ``{{ value }}`` that is not ``Markup`` is escaped as Markdown text (``escaping.md_text``);
    filters name the other contexts (``cell``, ``code``, ``url``, ``attr``, ``fenced`` …) and return
    ``Markup``. Markdown the generator built (bodies, graphs, macro output) arrives as ``Markup``.
    """
    folders = [str(p) for p in (override, shipped_templates()) if p is not None]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        # autoescape makes macro output Markup; finalize swaps HTML escaping for Markdown-aware escaping.
        autoescape=True,
        finalize=_escape_by_default,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update({
        "cell": lambda value: Markup(escaping.md_cell(value)),
        "code": lambda value: Markup(escaping.md_code(value)),
        "path": lambda value: Markup(escaping.md_path_code(value)),
        "words": lambda value: Markup(escaping.md_words_code(value)),
        "text": lambda value: Markup(escaping.md_text(value)),
        "url": lambda value: Markup(escaping.md_url(value)),
        "attr": lambda value: Markup(escaping.html_attr(value)),
        "quoted": lambda value: Markup(escaping.md_quoted(value)),
        "fence_title": lambda value: Markup(escaping.fence_title(value)),
        "fenced": lambda value, lang="", title=None, indent=0: Markup(escaping.fenced(value, lang, title, indent)),
        "mdlink": lambda label, url: Markup(escaping.md_link(label, url)),
        "tojson_compact": lambda value: json.dumps(value, ensure_ascii=False, default=str),
        "indent_block": _indent_block,
        # Page titles: MkDocs themes print them as HTML (navigation, header), so entities, inside YAML.
        "yaml_string": lambda value: Markup(json.dumps(escaping.html_text(value), ensure_ascii=False)),
        "join": _join,
    })
    env.globals["trusted_html"] = trusted_html
    env.globals["ignored_components"] = tuple(ignored_components)
    return env


def _escape_by_default(value: object) -> object:
    """Jinja ``finalize``: a value that is not ``Markup`` is catalog text, shown literally."""
    if isinstance(value, Markup) or value is None:
        return value if value is not None else ""
    if isinstance(value, bool | int | float):
        return value
    return Markup(escaping.md_text(value))


def _indent_block(text: object, width: int = 4) -> Markup:
    """Indent Markdown under an admonition or tab; text that is not ``Markup`` is escaped first."""
    markdown = str(text) if isinstance(text, Markup) else escaping.md_text(text)
    return Markup("\n".join((" " * width + line) if line.strip() else "" for line in markdown.splitlines()))


def _join(values: Iterable[object], separator: str = "") -> Markup:
    """Jinja's ``join`` with each item escaped as Markdown text unless it is ``Markup``."""
    return Markup(str(separator).join(str(_escape_by_default(v)) for v in values))


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
