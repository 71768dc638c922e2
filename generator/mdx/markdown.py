"""Building blocks of the Markdown the translator writes: escaped text, links, tables,
admonition containers, fences, and the output buffer that keeps blocks apart."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.escaping import md_quoted, md_text, md_url
from generator.mdx.expressions import _one_line, _to_text
from generator.mdx.model import _Code, _Node, _Text


def _escape(text: str) -> str:
    """A tag shown as text: a '<' would otherwise start raw HTML (values use ``md_text``, which does more)."""
    return text.replace("<", "&lt;")


def _code_span(text: str) -> str:
    """Inline code whose backtick run is longer than any inside ``text``, so the text cannot end it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    return f"{ticks} {text} {ticks}" if longest else f"`{text}`"


def _link(label: str, url: str) -> str:
    """A link from Markdown ``label`` (already escaped) to ``url``, which must pass the URL allowlist."""
    label = label.replace("[", r"\[").replace("]", r"\]")
    return f"[{label}]({md_url(url)})"


def _indent(markdown: str, width: int = 4) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in markdown.split("\n"))


def _quoted(title: str) -> str:
    return md_quoted(title)


def _container(header: str, content: str) -> str:
    """An admonition/details/tab header with its content indented beneath it."""
    content = content.strip("\n")
    return header + ("\n\n" + _indent(content) if content.strip() else "")


def _cell(value: Any) -> str:
    if isinstance(value, Mapping):
        text = "; ".join(f"{key}: {_to_text(item)}" for key, item in value.items())
    else:
        text = _to_text(value)
    return md_text(_one_line(text))  # md_text escapes "|" as well


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _fence_info(info: str) -> str:
    """Keep what pymdownx understands of an info string (language, title, hl_lines, linenums).

    EventCatalog's Expressive Code meta (``frame="terminal"``, ``ins={…}``, ``lang=``) makes superfences
    reject the whole fence, which then renders as one line of inline code; the code itself is untouched.
    """
    text = info.strip()
    if not text or text.startswith("{"):
        return text
    first, _, rest = text.partition(" ")
    keep = [] if "=" in first else [first]
    rest = text if "=" in first else rest
    keep += re.findall(r"\b(?:title|hl_lines|linenums)=(?:\"[^\"]*\"|'[^']*'|[^\s\"']+)", rest)
    return " ".join(keep)


def _dedent_amount(nodes: list[_Node]) -> int:
    """Common indentation of the children's lines: JSX children are indented, Markdown must not be."""
    best: int | None = None
    at_start = False
    for index, node in enumerate(nodes):
        if isinstance(node, _Code):
            best = node.indent if best is None else min(best, node.indent)
            at_start = True
            continue
        if not isinstance(node, _Text):
            at_start = False
            continue
        segments = node.text.split("\n")
        follower = nodes[index + 1] if index + 1 < len(nodes) else None
        # A blank last segment is the indentation of whatever follows on that line; a fence
        # records its own indentation, and a following newline means the line is empty.
        followed = follower is not None and not isinstance(follower, _Code) and not (
            isinstance(follower, _Text) and follower.text[:1] in "\n"
        )
        for number, segment in enumerate(segments):
            if number == 0 and not at_start:
                continue
            if segment.strip():
                width = len(segment) - len(segment.lstrip(" \t"))
            elif number == len(segments) - 1 and followed:
                width = len(segment)
            else:
                continue
            best = width if best is None else min(best, width)
        at_start = node.text.endswith("\n")
    return best or 0


def _drop_indent(line: str, amount: int) -> str:
    stripped = 0
    while stripped < amount and stripped < len(line) and line[stripped] in " \t":
        stripped += 1
    return line[stripped:]


class _Out:
    """Accumulates Markdown; blocks are set apart by blank lines so they never merge into paragraphs.

    The text is kept as a list of pieces and only the last few characters are ever looked at: adding
    to one growing string (and stripping it) for every block made a long body quadratic."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._has_content = False  # any character that is not white space so far

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def _append(self, markdown: str) -> None:
        if markdown:
            self._parts.append(markdown)
            self._has_content = self._has_content or not markdown.isspace()

    def _ends_with(self, suffix: str) -> bool:
        need, pieces = len(suffix), []
        for part in reversed(self._parts):
            pieces.append(part[-need:])
            need -= len(pieces[-1])
            if need <= 0:
                break
        return "".join(reversed(pieces)).endswith(suffix)

    def _strip_trailing_blanks(self) -> None:
        """Remove spaces and tabs at the end (what ``text.rstrip(" \t")`` did)."""
        while self._parts:
            stripped = self._parts[-1].rstrip(" \t")
            if stripped:
                self._parts[-1] = stripped
                return
            self._parts.pop()

    def inline(self, markdown: str) -> None:
        """Append running text (leading newlines after a block are dropped)."""
        if self._ends_with("\n\n"):
            if not markdown.startswith("\n"):
                markdown = markdown.lstrip(" \t")  # text on the line of a block's closing tag
            markdown = markdown.lstrip("\n")
        self._append(markdown)

    def fence(self, markdown: str, flush_left: bool) -> None:
        """Append a fenced code block that starts a line."""
        # CommonMark lets a fence interrupt a paragraph; Python-Markdown would nest it in the <p>.
        # An indented fence may be a list item's continuation, which a blank line would end.
        if flush_left and self._has_content and not self._ends_with("\n\n"):
            self._append("\n")
        self.inline(markdown)

    def block(self, markdown: str) -> None:
        """Append a block set apart by blank lines."""
        self._strip_trailing_blanks()
        if self._parts and not self._ends_with("\n\n"):
            self._append("\n" if self._ends_with("\n") else "\n\n")
        self._append(markdown.strip("\n") + "\n\n")


def _fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)
