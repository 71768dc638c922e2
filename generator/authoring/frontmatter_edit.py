"""Edit a resource's frontmatter in place: the YAML block only, the user's formatting and comments kept.

``ruamel.yaml`` round-trips comments, quoting and key order, but it writes every block with one indentation
of its own choosing and has no way to detect the file's. So the indentation is found by trying the few
styles people write until one reproduces the unedited block byte for byte; a block no style reproduces is
refused (the user adds the line by hand) rather than reformatted. The MDX body after the block is kept as
it was, byte for byte.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.authoring.writes import AuthoringError
from generator.catalog.yamlbounds import exceeds_bounds

_FENCE = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)?(---[ \t]*(?:\r?\n|\Z))", re.S)
# (mapping indent, sequence indent, dash offset): the styles editors and generators write.
_STYLES = [(2, 2, 0), (2, 4, 2), (4, 4, 0), (4, 6, 2), (2, 3, 1), (4, 4, 2)]
_PARENT = re.compile(r"^( *)[^\s#-][^:]*:[ \t]*(?:#.*)?$")
_ITEM = re.compile(r"^( *)(- +)\S")
_KEY = re.compile(r"^( *)[^\s#-][^:]*:")


def _styles(block: str) -> list[tuple[int, int, int]]:
    """The styles to try: the one the block's first nested mapping and list suggest, then the common ones."""
    mapping, sequence = None, None
    previous: re.Match[str] | None = None
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if previous is not None:
            parent = len(previous.group(1))
            item, key = _ITEM.match(line), _KEY.match(line)
            if item and sequence is None and len(item.group(1)) >= parent:
                offset = len(item.group(1)) - parent
                sequence = (offset + len(item.group(2)), offset)
            elif key and not item and mapping is None and len(key.group(1)) > parent:
                mapping = len(key.group(1)) - parent
        previous = _PARENT.match(line)
    # With no list to copy, new lists take the indented style EventCatalog's own examples use.
    guessed = [(mapping or 2, *(sequence or (4, 2)))]
    return guessed + [style for style in _STYLES if style not in guessed]


def _yaml(style: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long summary
    yaml.indent(mapping=style[0], sequence=style[1], offset=style[2])
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def edit_frontmatter(text: str, change: Callable[[Any], None], *, file: str) -> str:
    """``text`` with its frontmatter passed through ``change`` (which edits the mapping in place).

    Raises ``AuthoringError`` when the file has no frontmatter, it is not a mapping, it exceeds the YAML
    bounds, or its formatting cannot be kept."""
    match = _FENCE.match(text)
    if not match:
        raise AuthoringError(f"{file} has no frontmatter block between '---' lines")
    block = match.group(2) or ""
    if exceeds_bounds(block):
        raise AuthoringError(f"{file}: the frontmatter is too deep or too large to edit")
    for style in _styles(block):
        yaml = _yaml(style)
        try:
            data = yaml.load(block)
        except YAMLError as error:
            raise AuthoringError(f"{file}: the frontmatter is not valid YAML ({error.__class__.__name__})") from None
        if not isinstance(data, dict):
            raise AuthoringError(f"{file}: the frontmatter is not a mapping of fields")
        if _dump(yaml, data) != block:
            continue
        change(data)
        edited = _dump(yaml, data)
        return text[:match.start(2) if match.group(2) else match.end(1)] + edited + text[match.start(3):]
    raise AuthoringError(f"{file}: evcat cannot edit this frontmatter without changing its formatting; "
                         "add the line by hand")


def frontmatter_of(text: str, *, file: str) -> dict:
    """The frontmatter mapping of ``text`` (round-trip types), for reading a value before an edit."""
    holder: list[Any] = []
    edit_frontmatter(text, holder.append, file=file)
    return holder[0]
