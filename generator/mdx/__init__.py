"""MDX bodies → Markdown for Python-Markdown + pymdownx (catalog-format.md §7).

EventCatalog pages are MDX: Markdown plus ESM ``import``/``export`` lines, JSX comments, ``{expressions}``,
JSX components and Docusaurus-style ``:::`` directives. :func:`translate` turns one body into Markdown for
the extensions site.md configures (admonition, attr_list, md_in_html, tables, pymdownx.details,
superfences, tabbed with ``alternate_style``). Everything that needs the catalog (graphs, schema tables,
resource links, files) is asked of a :class:`ComponentContext`; this module does no I/O and keeps no state
between calls. Problems never raise: they come back as :class:`MdxFinding` records and are also shown on
the page, so nothing the author wrote disappears silently.

Why a hand-written parser: no maintained Python MDX parser exists. MDX's own parser is JavaScript
(micromark + acorn); the Python Markdown engines (Python-Markdown, markdown-it-py, mistletoe) have no
JSX/MDX extension, and the PyPI packages named ``mdx_*`` are Python-Markdown extensions, not MDX parsers.
Catalogs use a small subset of MDX, so a lexer (fences, code spans, tags, braces, directives) plus a
stack-based tree builder is enough and lets nested components (Tabs > Admonition, Accordion > Tiles) work.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import json
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

from generator.escaping import md_quoted, md_text, md_url
from generator.mdx.body_html import safe_link_targets, sanitize_body_html, sanitize_tag

__all__ = ["ComponentContext", "MdxFinding", "MdxResult", "translate"]


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


class ComponentContext(Protocol):
    """What the translator asks the page builder for; every method returns Markdown (or None when it cannot).

    ``resource_link`` receives the singular resource type as EventCatalog writes it in ``type`` props and
    wiki-links (``event``, ``service``, ``domain``, ``channel``, ``flow``, ``entity``, ``team`` …; plural
    route segments such as ``services`` are singularised first) and a version, or None for the latest.
    """

    def node_graph(self) -> str | None:
        """NodeGraph / ComponentDiagram / ContextDiagram / SystemContextMap of this resource: a Mermaid fence."""

    def schema_table(self, file: str | None) -> str | None:
        """SchemaViewer: a field table of ``file``, or of the default schema when None."""

    def schema_source(self, file: str | None) -> str | None:
        """Schema / File: ``file`` (or the default schema) as a fenced code block."""

    def channel_information(self) -> str | None:
        """ChannelInformation: address, protocols and parameters of this channel."""

    def message_table(self, props: dict) -> str | None:
        """MessageTable: sent/received messages; ``props`` are the component's evaluated props."""

    def resource_link(self, collection: str, id: str, version: str | None) -> tuple[str, str] | None:
        """(title, relative url) of a resource page, or None when there is no such resource."""

    def flow_graph(self) -> str | None:
        """Flow of this flow resource: a Mermaid fence."""

    def entity_map(self) -> str | None:
        """EntityMap of this resource: a Mermaid ER diagram."""

    def file_text(self, file: str) -> str | None:
        """The text of a file beside the resource (MermaidFileLoader), or None when missing."""


@dataclass(frozen=True)
class MdxFinding:
    """One problem found in a body; evcat turns these into diagnostics."""

    kind: str  # "unsupported-component" | "unresolved-link" | "bad-expression"
    message: str
    line: int  # 1-based line within the body
    component: str | None = None


@dataclass(frozen=True)
class MdxResult:
    """The Markdown for a body and what was wrong with it, in line order."""

    markdown: str
    findings: tuple[MdxFinding, ...]


def translate(body: str, *, frontmatter: Mapping[str, Any], context: ComponentContext) -> MdxResult:
    """Translate an MDX body (the text after the frontmatter) into Markdown.

    ``frontmatter`` answers ``{frontmatter.x}`` expressions and the components that render frontmatter
    (Attachments, CustomProperties, EntityPropertiesTable, AgentTools, ResourceGroupTable). Malformed input
    never raises: it is rendered as visible text and reported as a finding.
    """
    translator = _Translator(frontmatter, context)
    return translator.run(body.replace("\r\n", "\n").replace("\r", "\n"))


UNSUPPORTED = "unsupported-component"
UNRESOLVED = "unresolved-link"
BAD_EXPRESSION = "bad-expression"


# --------------------------------------------------------------------------------------------------
# Tokens and tree
# --------------------------------------------------------------------------------------------------


@dataclass
class _Expr:
    """A ``{…}`` JavaScript expression, evaluated only when needed (unused props cause no findings)."""

    source: str
    line: int


_Prop = str | bool | _Expr


@dataclass
class _Text:
    text: str
    line: int
    verbatim: bool = False  # an inline code span: no wiki-links, no expressions


@dataclass
class _Code:
    """A fenced code block. Kept apart so nothing inside it is ever read as MDX."""

    indent: int
    fence: str
    info: str
    lines: list[str]
    line: int


@dataclass
class _Tag:
    """An opening or closing JSX tag, or a ``:::`` directive line (name ``:::``)."""

    name: str
    props: dict[str, _Prop]
    line: int
    raw: str
    start: int
    end: int
    closing: bool = False
    self_closing: bool = False
    block: bool = False
    html: bool = False  # a lower-case container such as <div>, tracked only to nest components inside it


@dataclass
class _Element:
    name: str
    props: dict[str, _Prop]
    line: int
    raw: str
    block: bool
    children: list[_Node] = field(default_factory=list)
    inner_start: int = 0
    source: str = ""  # the raw text between the tags (Prompt shows it as code)
    html: bool = False
    close_raw: str = ""


_Node = _Text | _Code | _Expr | _Element
_Report = Callable[..., None]


# --------------------------------------------------------------------------------------------------
# Lexer
# --------------------------------------------------------------------------------------------------

_SPECIAL = re.compile(r"[\\`{<\n]")
_BACKTICKS = re.compile(r"`+")
_MAX_TEMPLATE_NESTING = 50
_MAX_IMPORT_LINES = 50
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE_OPEN = re.compile(r"([ \t]*)(`{3,}|~{3,})([^\n]*)")
# The comment body may not contain "*/", so one match never swallows the text between two comments.
# A JSX comment is {/* … */}; its body may not contain "*/", so one never swallows the text between two.
# The pieces are matched apart and the "*/" found once for many comments: one pattern matching the whole
# comment rescanned the rest of the body from every unclosed "{/*".
_COMMENT_OPEN = re.compile(r"\{\s*/\*")
_COMMENT_CLOSE = re.compile(r"\s*\}")
_BLANKS = re.compile(r"[ \t]*")
_LINE_END = re.compile(r"[ \t]*(?:\n|\Z)")
_ESM = re.compile(
    r"(?:import\s+(?:[\w*{$]|['\"])|export\s+(?:const|let|var|function|class|default|async|\{|\*))"
)
_IMPORT_NAME = re.compile(r"import\s+(\w+)\s+from\s+['\"]([^'\"]+)['\"]")
_DIRECTIVE_OPEN = re.compile(
    r"[ \t]*:{3,}([A-Za-z][\w-]*)(?:\[([^\]\n]*)\])?(?:\{[^}\n]*\})?[ \t]*([^\n]*)(?:\n|\Z)"
)
# A real import names a module in quotes; "import the data" in prose is text, not ESM.
_IMPORT_OK = re.compile(r"import\s+(?:[\w*{$][^;]*?\bfrom\s*)?['\"][^'\"\n]+['\"]", re.DOTALL)
_DIRECTIVE_CLOSE = re.compile(r"[ \t]*:{3,}[ \t]*(?:\n|\Z)")
_TAG_NAME = re.compile(r"[A-Za-z][\w.:-]*")
_ATTR_NAME = re.compile(r"[A-Za-z_$][\w:.$-]*")
_CLOSE_TAG = re.compile(r"</([A-Za-z][\w.:-]*)?\s*>")
# HTML containers are nested like components so that a component inside one can be rendered: Python-Markdown
# leaves a raw <div> block alone unless it carries md_in_html's `markdown` attribute.
_HTML_CONTAINERS = {
    "div", "section", "article", "aside", "main", "header", "footer", "nav", "figure", "blockquote",
    "details",
}


class _Lexer:
    """Splits a body into text, code, expression and tag tokens, tracking 1-based lines."""

    def __init__(self, body: str, report: _Report) -> None:
        self.body = body
        self.report = report
        self.pos = 0
        self.tokens: list[_Text | _Code | _Expr | _Tag] = []
        self.imports: dict[str, str] = {}
        self._buf: list[str] = []
        self._buf_start = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self._paragraph_end = -1  # where the paragraph of the last code span ends
        self._no_closing: dict[int, int] = {}  # backtick run length -> paragraph end it has no closer in
        self._braces: dict[int, int | None] = {}  # offset of a "{" -> just past its "}" (None: unclosed)
        self._comment_close = (len(body) + 1, -1)  # (searched from, first "*/" there or -1)

    def line_of(self, offset: int) -> int:
        """1-based line of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def run(self) -> list[_Text | _Code | _Expr | _Tag]:
        """Tokenise the whole body."""
        body = self.body
        while self.pos < len(body):
            if (self.pos == 0 or body[self.pos - 1] == "\n") and self._line_construct():
                continue
            match = _SPECIAL.search(body, self.pos)
            stop = match.start() if match else len(body)
            if stop > self.pos:
                self._add_text(body[self.pos : stop])
                self.pos = stop
                continue
            self._special(body[self.pos])
        self._flush()
        return self.tokens

    # -- text buffer ------------------------------------------------------------------------------

    def _add_text(self, text: str) -> None:
        if not self._buf:
            self._buf_start = self.pos
        self._buf.append(text)

    def _flush(self) -> None:
        if self._buf:
            self.tokens.append(_Text("".join(self._buf), self.line_of(self._buf_start)))
            self._buf = []

    def _emit(self, token: _Text | _Code | _Expr | _Tag) -> None:
        self._flush()
        self.tokens.append(token)

    # -- constructs that only exist at the start of a line ---------------------------------------

    def _line_construct(self) -> bool:
        """Consume a fence, comment line, ESM block or directive starting at ``pos``; False if none."""
        for handler in (self._fence, self._comment_line, self._esm, self._directive):
            if handler():
                return True
        return False

    def _fence(self) -> bool:
        match = _FENCE_OPEN.match(self.body, self.pos)
        if not match:
            return False
        indent, fence, info = match.groups()
        if fence[0] == "`" and "`" in info:
            return False  # CommonMark: a backtick fence's info string has no backticks
        closing = re.compile(rf"[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*(?:\n|\Z)")
        lines: list[str] = []
        cursor = match.end() + 1
        while cursor < len(self.body):
            end_match = closing.match(self.body, cursor)
            if end_match:
                cursor = end_match.end()
                break
            newline = self.body.find("\n", cursor)
            line_end = len(self.body) if newline < 0 else newline
            lines.append(self.body[cursor:line_end])
            cursor = line_end + 1  # an unclosed fence runs to the end of the body, as in CommonMark
        token = _Code(len(indent.expandtabs(4)), fence, info, lines, self.line_of(self.pos))
        self._emit(token)
        self.pos = min(cursor, len(self.body))
        return True

    def _comment_line(self) -> bool:
        # A line holding only a JSX comment goes entirely, so it leaves no blank line in a paragraph.
        end = self._comment_end(_BLANKS.match(self.body, self.pos).end())
        line_end = _LINE_END.match(self.body, end) if end is not None else None
        if not line_end:
            return False
        self._flush()
        self.pos = line_end.end()
        return True

    def _comment_end(self, pos: int) -> int | None:
        """The offset just past the ``{/* … */}`` comment at ``pos``, or None when there is none."""
        opening = _COMMENT_OPEN.match(self.body, pos)
        if not opening:
            return None
        searched_from, found = self._comment_close
        if opening.end() < searched_from or 0 <= found < opening.end():
            found = self.body.find("*/", opening.end())
            self._comment_close = (opening.end(), found)
        if found < 0:
            return None
        closing = _COMMENT_CLOSE.match(self.body, found + 2)
        return closing.end() if closing else None

    def _esm(self) -> bool:
        if not _ESM.match(self.body, self.pos):
            return False
        end = _esm_end(self.body, self.pos)
        statement = self.body[self.pos : end]
        if statement.startswith("import") and not _IMPORT_OK.match(statement):
            return False
        for name, module in _IMPORT_NAME.findall(statement):
            self.imports[name] = module
        self._flush()
        self.pos = end
        return True

    def _directive(self) -> bool:
        body, pos = self.body, self.pos
        close = _DIRECTIVE_CLOSE.match(body, pos)
        opening = None if close else _DIRECTIVE_OPEN.match(body, pos)
        match = close or opening
        if not match:
            return False
        raw = body[pos : match.end()].rstrip("\n")
        props: dict[str, _Prop] = {}
        if opening:
            kind, bracket, rest = opening.groups()
            props = {"type": kind, "title": (bracket if bracket is not None else rest).strip()}
        tag = _Tag(":::", props, self.line_of(pos), raw, pos, match.end(), closing=bool(close), block=True)
        self._emit(tag)
        self.pos = match.end()
        return True

    # -- inline constructs -------------------------------------------------------------------------

    def _special(self, char: str) -> None:
        if char == "\\":
            # MDX's "\<" is a literal "<"; Python-Markdown does not treat "\<" as an escape.
            pair = self.body[self.pos : self.pos + 2]
            self._add_text("&lt;" if pair == "\\<" else pair)
            self.pos += 2
        elif char == "`":
            self._code_span()
        elif char == "{":
            self._brace()
        elif char == "<":
            self._angle()
        else:
            self._add_text(char)
            self.pos += 1

    def _code_span(self) -> None:
        # Everything here looks only forward from ``pos`` and remembers what it found, so a body with
        # many code spans (or many lone backticks) is lexed in linear time, not by rescanning the rest.
        body, pos = self.body, self.pos
        run = _BACKTICKS.match(body, pos).end() - pos
        ticks = "`" * run
        if self._paragraph_end <= pos:
            paragraph_end = _BLANK_LINE.search(body, pos)
            self._paragraph_end = paragraph_end.start() if paragraph_end else len(body)
        limit = self._paragraph_end
        # A run of this length that found no closing run up to ``limit`` will not find one later either.
        closing = None
        if self._no_closing.get(run, -1) != limit:
            closing = re.compile(rf"(?<!`){ticks}(?!`)").search(body, pos + run, limit)
            if closing is None:
                self._no_closing[run] = limit
        if not closing:
            self._add_text(ticks)
            self.pos += run
            return
        self._flush()
        self.tokens.append(_Text(body[pos : closing.end()], self.line_of(pos), verbatim=True))
        self.pos = closing.end()

    def _brace(self) -> None:
        body, pos = self.body, self.pos
        comment_end = self._comment_end(pos)
        if comment_end is not None:
            self._flush()
            self.pos = comment_end
            return
        end = _match_brace(body, pos, self._braces)
        if end is None:
            self.report(BAD_EXPRESSION, "unclosed '{' (MDX reads '{' as the start of an expression)",
                        self.line_of(pos))
            self._add_text("{")
            self.pos += 1
            return
        self._emit(_Expr(body[pos + 1 : end - 1], self.line_of(pos)))
        self.pos = end

    def _angle(self) -> None:
        body, pos = self.body, self.pos
        if body.startswith("<!--", pos):
            end = body.find("-->", pos + 4)
            end = len(body) if end < 0 else end + 3
            self._add_text(body[pos:end])  # HTML comments pass through; nothing inside is a component
            self.pos = end
            return
        if body.startswith("</", pos):
            self._close_tag()
            return
        if body.startswith("<>", pos):
            self._emit(self._make_tag("", {}, pos + 2, self_closing=False))
            return
        if pos + 1 < len(body) and body[pos + 1].isalpha():
            self._open_tag()
            return
        self._add_text("<")
        self.pos += 1

    def _close_tag(self) -> None:
        match = _CLOSE_TAG.match(self.body, self.pos)
        name = (match.group(1) or "") if match else None
        html = bool(name) and name.lower() in _HTML_CONTAINERS
        if match is None or (name and not name[0].isupper() and not html):
            end = match.end() if match else self.pos + 1
            self._add_text(self.body[self.pos : end])  # lower-case HTML passes through unchanged
            self.pos = end
            return
        line = self.line_of(self.pos)
        self._emit(_Tag(name, {}, line, match.group(0), self.pos, match.end(), closing=True, html=html))
        self.pos = match.end()

    def _open_tag(self) -> None:
        parsed = _parse_tag(self.body, self.pos, self._braces)
        if parsed is None:
            if self.body[self.pos + 1].isupper():
                snippet = self.body[self.pos : self.pos + 30].split("\n")[0]
                self.report(UNSUPPORTED, f"malformed tag {snippet!r}; shown as text", self.line_of(self.pos))
                self._add_text("&lt;")
            else:
                self._add_text("<")
            self.pos += 1
            return
        name, props, self_closing, end = parsed
        if not name[0].isupper():
            if any(isinstance(value, _Expr) for value in props.values()):
                self.report(BAD_EXPRESSION, f"<{name}>: {{expression}} attributes on HTML tags are dropped",
                            self.line_of(self.pos))
            raw = _html_tag(self.body[self.pos : end], name, props, self_closing)
            if name.lower() in _HTML_CONTAINERS and not self_closing:
                tag = self._make_tag(name, props, end, self_closing)
                tag.raw, tag.html = raw, True
                self._emit(tag)
                return
            self._add_text(raw)
            self.pos = end
            return
        self._emit(self._make_tag(name, props, end, self_closing))

    def _make_tag(self, name: str, props: dict[str, _Prop], end: int, self_closing: bool) -> _Tag:
        start = self.pos
        line_start = self._line_starts[self.line_of(start) - 1]
        block = not self.body[line_start:start].strip()
        self.pos = end
        raw = self.body[start:end]
        return _Tag(name, props, self.line_of(start), raw, start, end, self_closing=self_closing, block=block)


def _esm_end(body: str, pos: int) -> int:
    """End offset of the ESM statement starting at ``pos``: up to a blank line or a complete statement."""
    cursor, depth = pos, 0
    is_import = body.startswith("import", pos)
    # An import lists names: it never runs on for pages. Without this bound, prose lines that start with
    # "import" were each scanned to the next blank line, which is quadratic in a long paragraph.
    lines_left = _MAX_IMPORT_LINES if is_import else len(body)
    while cursor < len(body) and lines_left > 0:
        lines_left -= 1
        newline = body.find("\n", cursor)
        line_end = len(body) if newline < 0 else newline
        line = body[cursor:line_end]
        if cursor > pos and not line.strip():
            return cursor
        depth += sum(line.count(c) for c in "{[(") - sum(line.count(c) for c in "}])")
        cursor = min(line_end + 1, len(body))
        stripped = line.rstrip()
        complete = depth <= 0 and not stripped.endswith((",", "{", "(", "[", "="))
        if complete and (not is_import or re.search(r"['\"][^'\"]*['\"]\s*;?$", stripped)):
            return cursor
    return cursor if lines_left <= 0 else len(body)


def _skip_string(text: str, pos: int) -> int | None:
    """Offset after the JS string literal starting at ``pos``; None if it is not closed on its line."""
    quote, cursor = text[pos], pos + 1
    while cursor < len(text):
        char = text[cursor]
        if char == "\\":
            cursor += 2
            continue
        if char == quote:
            return cursor + 1
        if char == "\n":
            return None
        cursor += 1
    return None


def _skip_template(text: str, pos: int, depth: int = 0) -> int | None:
    """Offset after the JS template literal starting at ``pos`` (``${…}`` may nest, up to a limit: the
    nesting is followed by recursion, which thousands of unclosed ``${`` would exhaust)."""
    if depth > _MAX_TEMPLATE_NESTING:
        return None
    cursor = pos + 1
    while cursor < len(text):
        if text[cursor] == "\\":
            cursor += 2
        elif text[cursor] == "`":
            return cursor + 1
        elif text.startswith("${", cursor):
            end = _match_brace(text, cursor + 1, None, depth + 1)
            if end is None:
                return None
            cursor = end
        else:
            cursor += 1
    return None


def _match_brace(text: str, pos: int, memo: dict[int, int | None] | None = None,
                 depth: int = 0) -> int | None:
    """Offset just past the ``}`` matching ``text[pos] == "{"``, skipping strings and comments.

    With ``memo``, the answer for every ``{`` the scan passes is remembered: a body with thousands of
    unclosed ``{`` would otherwise be rescanned to its end from each one (quadratic). A scan that reaches
    a ``{`` reaches it in code, as a scan starting there would, so their answers are the same."""
    if memo is not None and pos in memo:
        return memo[pos]
    opened: list[int] = []
    cursor = pos
    while cursor < len(text):
        char = text[cursor]
        if char in "\"'`":
            end = _skip_string(text, cursor) if char != "`" else _skip_template(text, cursor, depth)
            if end is None:
                break
            cursor = end
            continue
        if text.startswith("/*", cursor):
            # memo[-1]: where a search for "*/" last found none, so it is not repeated to the end
            unclosed_from = memo.get(-1, len(text) + 1) if memo is not None else len(text) + 1
            close = text.find("*/", cursor + 2) if cursor < unclosed_from else -1
            if close < 0:
                if memo is not None:
                    memo[-1] = min(cursor, unclosed_from)
                break
            cursor = close + 2
            continue
        if char == "{":
            opened.append(cursor)
        elif char == "}":
            start = opened.pop()
            if memo is not None:
                memo[start] = cursor + 1
            if not opened:
                return cursor + 1
        cursor += 1
    if memo is not None:
        memo.update(dict.fromkeys(opened))
    return None


def _parse_tag(body: str, pos: int, braces: dict[int, int | None] | None = None,
               ) -> tuple[str, dict[str, _Prop], bool, int] | None:
    """Parse ``<Name prop="x" prop={expr} flag />`` at ``pos``; None when it is not a well-formed tag."""
    name_match = _TAG_NAME.match(body, pos + 1)
    if not name_match:
        return None
    name, cursor, props = name_match.group(0), name_match.end(), {}
    while True:
        after_ws = _skip_ws(body, cursor)
        if body.startswith("/>", after_ws):
            return name, props, True, after_ws + 2
        if body.startswith(">", after_ws):
            return name, props, False, after_ws + 1
        if after_ws == cursor and cursor != name_match.end() and body[cursor - 1] not in "\"'}":
            return None  # attributes must be separated by white space
        parsed = _parse_prop(body, after_ws, braces)
        if parsed is None:
            return None
        key, value, cursor = parsed
        props[key] = value


def _parse_prop(body: str, pos: int, braces: dict[int, int | None] | None = None,
                ) -> tuple[str, _Prop, int] | None:
    """Parse one attribute at ``pos``: ``a="x"``, ``a='x'``, ``a={expr}``, bare ``a`` or ``{...spread}``."""
    if body.startswith("{", pos):
        end = _match_brace(body, pos, braces)
        return None if end is None else ("...", _Expr(body[pos + 1 : end - 1], 0), end)
    name_match = _ATTR_NAME.match(body, pos)
    if not name_match:
        return None
    key, cursor = name_match.group(0), _skip_ws(body, name_match.end())
    if not body.startswith("=", cursor):
        return key, True, name_match.end()
    cursor = _skip_ws(body, cursor + 1)
    if cursor >= len(body):
        return None
    if body[cursor] in "\"'":
        close = body.find(body[cursor], cursor + 1)
        return None if close < 0 else (key, body[cursor + 1 : close], close + 1)
    if body[cursor] == "{":
        end = _match_brace(body, cursor, braces)
        return None if end is None else (key, _Expr(body[cursor + 1 : end - 1], 0), end)
    return None


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _html_tag(raw: str, name: str, props: dict[str, _Prop], self_closing: bool) -> str:
    """A lower-case HTML tag: unchanged unless it has ``{expr}`` props, which HTML cannot carry."""
    if not any(isinstance(value, _Expr) for value in props.values()):
        return raw
    parts = [name]
    for key, value in props.items():
        if value is True:
            parts.append(key)
        elif isinstance(value, str):
            parts.append(f'{key}="{value}"')
        # expression props are dropped: plain HTML cannot evaluate them and MDX would
    return "<" + " ".join(parts) + (" />" if self_closing else ">")


# --------------------------------------------------------------------------------------------------
# Tree builder
# --------------------------------------------------------------------------------------------------


def _build_tree(tokens: list[_Text | _Code | _Expr | _Tag], body: str, report: _Report) -> list[_Node]:
    """Nest tokens into elements; unclosed and stray tags degrade to visible text plus a finding."""
    root = _Element("#root", {}, 1, "", True)
    stack = [root]
    for token in tokens:
        if not isinstance(token, _Tag):
            stack[-1].children.append(token)
        elif token.closing:
            _close(stack, token, body, report)
        else:
            element = _Element(token.name, token.props, token.line, token.raw, token.block,
                               inner_start=token.end, html=token.html)
            stack[-1].children.append(element)
            if not token.self_closing:
                stack.append(element)
    while len(stack) > 1:
        _degrade(stack, report)
    return root.children


def _close(stack: list[_Element], tag: _Tag, body: str, report: _Report) -> None:
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].name == tag.name:
            while len(stack) - 1 > depth:
                _degrade(stack, report)
            element = stack.pop()
            element.source = body[element.inner_start : tag.start]
            element.close_raw = tag.raw
            return
    if tag.html:
        stack[-1].children.append(_Text(tag.raw, tag.line))  # stray HTML is the browser's business
        return
    shown = tag.raw if tag.name == ":::" else f"</{tag.name}>"
    report(UNSUPPORTED, f"{shown} closes nothing; shown as text", tag.line, tag.name or None)
    stack[-1].children.append(_Text(_escape(tag.raw), tag.line))


def _degrade(stack: list[_Element], report: _Report) -> None:
    """Replace the innermost open element by its opening tag as text followed by its children."""
    element = stack.pop()
    parent = stack[-1]
    parent.children.pop()  # an open element is always its parent's last child
    parent.children.extend([_Text(element.raw if element.html else _escape(element.raw), element.line)])
    parent.children.extend(element.children)
    if element.html:
        return  # unclosed HTML passes through as written, as it would without this parser
    label = element.raw.split("\n")[0] if element.name == ":::" else f"<{element.name}>"
    report(UNSUPPORTED, f"{label} is never closed; its tag is shown as text", element.line,
           element.name or None)


# --------------------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------------------


class _EvalError(Exception):
    """An expression this translator cannot evaluate (internal; becomes a bad-expression finding)."""


_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None, "undefined": None}
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH = re.compile(r"frontmatter((?:\??\.[A-Za-z_$][\w$]*|\[\s*(?:\"[^\"]*\"|'[^']*'|\d+)\s*\])+)")
_SEGMENT = re.compile(r"\??\.([A-Za-z_$][\w$]*)|\[\s*(?:\"([^\"]*)\"|'([^']*)'|(\d+))\s*\]")


def _evaluate(source: str, frontmatter: Mapping[str, Any]) -> Any:
    """Evaluate a literal, array, template literal or ``frontmatter.a.b`` path; raise _EvalError otherwise."""
    text = source.strip()
    if not text:
        raise _EvalError("empty expression")
    if len(text) >= 2 and text[0] in "\"'" and _skip_string(text, 0) == len(text):
        return _unquote(text)
    if len(text) >= 2 and text[0] == "`" and _skip_template(text, 0) == len(text):
        return _template(text[1:-1], frontmatter)
    if text in _LITERALS:
        return _LITERALS[text]
    if _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    if text.startswith("[") and text.endswith("]"):
        return [_evaluate(item, frontmatter) for item in _split_top(text[1:-1])]
    path = _PATH.fullmatch(text)
    if path:
        return _lookup(frontmatter, path.group(1), text)
    if text.startswith("{") and text.endswith("}"):
        try:
            return json.loads(text)
        except ValueError:
            pass
    raise _EvalError(f"cannot evaluate {{{_one_line(text)}}}: only literals and frontmatter fields work")


def _lookup(frontmatter: Mapping[str, Any], path: str, text: str) -> Any:
    value: Any = frontmatter
    for match in _SEGMENT.finditer(path):
        key = next(group for group in match.groups() if group is not None)
        if isinstance(value, Mapping) and key in value:
            value = value[key]
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif key == "length" and isinstance(value, list | str):
            value = len(value)
        else:
            raise _EvalError(f"{{{text}}}: the frontmatter has no such field")
    return value


def _unquote(text: str) -> str:
    inner = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), inner)


def _template(inner: str, frontmatter: Mapping[str, Any]) -> str:
    parts, cursor = [], 0
    while cursor < len(inner):
        if inner.startswith("${", cursor):
            end = _match_brace(inner, cursor + 1)
            if end is None:
                raise _EvalError("unclosed ${ in a template literal")
            parts.append(_to_text(_evaluate(inner[cursor + 2 : end - 1], frontmatter)))
            cursor = end
        elif inner[cursor] == "\\" and cursor + 1 < len(inner):
            parts.append(inner[cursor + 1])
            cursor += 2
        else:
            parts.append(inner[cursor])
            cursor += 1
    return "".join(parts)


def _split_top(text: str) -> list[str]:
    """Split an array body at top-level commas."""
    items, depth, start, cursor = [], 0, 0, 0
    while cursor < len(text):
        char = text[cursor]
        if char in "\"'`":
            end = _skip_string(text, cursor) if char != "`" else _skip_template(text, cursor)
            if end is None:
                raise _EvalError("unclosed string in an array")
            cursor = end
            continue
        if char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[start:cursor])
            start = cursor + 1
        cursor += 1
    items.append(text[start:])
    return [item for item in items if item.strip()]


def _to_text(value: Any) -> str:
    """How JSX prints a value (lists joined with ", " for readability)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_to_text(item) for item in value)
    if isinstance(value, Mapping):
        return json.dumps(value, default=str)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------------------------------
# Rendering helpers
# --------------------------------------------------------------------------------------------------

_Rendered = tuple[str, bool]  # (markdown, is a block)

_ADMONITION_TYPES = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
}
_ADMONITION_ALIASES = {"alert": "danger", "secondary": "note", "default": "note"}
_SINGULAR = {
    "events": "event", "commands": "command", "queries": "query", "services": "service",
    "domains": "domain", "subdomains": "domain", "channels": "channel", "flows": "flow",
    "entities": "entity", "teams": "team", "users": "user", "containers": "container",
    "data-products": "data-product", "dataproducts": "data-product", "diagrams": "diagram",
    "systems": "system", "agents": "agent", "messages": "message", "docs": "doc", "adrs": "adr",
}
_DOCS_ROUTE = re.compile(r"/docs/([\w-]+)/([^/#?]+)(?:/(\d[^/#?]*))?/?")
_WIKI_LINK = re.compile(r"\[\[([^\[\]\n]+?)\]\]")
_GRAPHS = ("NodeGraph", "ComponentDiagram", "ContextDiagram", "SystemContextMap")
_EMBEDS = ("Miro", "Lucid", "DrawIO", "FigJam", "IcePanel", "LikeC4View", "Design")
# EventCatalog components that need catalog-wide data the context does not offer (yet).
_KNOWN_UNRENDERED = {"ADRTable"}


def _escape(text: str) -> str:
    """A tag shown as text: a '<' would otherwise start raw HTML (values use ``md_text``, which does more)."""
    return text.replace("<", "&lt;")


def _one_line(text: str) -> str:
    return " ".join(text.split())


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


# --------------------------------------------------------------------------------------------------
# Translator
# --------------------------------------------------------------------------------------------------


class _Translator:
    """One translation: holds the frontmatter, the context and the findings collected so far."""

    def __init__(self, frontmatter: Mapping[str, Any], context: ComponentContext) -> None:
        self.fm = frontmatter if isinstance(frontmatter, Mapping) else {}
        self.ctx = context
        self.findings: list[MdxFinding] = []
        self.imports: dict[str, str] = {}
        # Raw HTML is sanitised unless the site declares its authors trusted (`trusted_html: true`).
        self.trusted_html = bool(getattr(context, "trusted_html", False))

    def report(self, kind: str, message: str, line: int, component: str | None = None) -> None:
        """Record a finding (line is 1-based within the body)."""
        self.findings.append(MdxFinding(kind, message, max(line, 1), component))

    def run(self, body: str) -> MdxResult:
        """Lex, build the tree and render it."""
        lexer = _Lexer(body, self.report)
        tokens = lexer.run()
        self.imports = lexer.imports
        tree = _build_tree(tokens, body, self.report)
        markdown = self.render(tree, dedent=0).strip("\n")
        findings = tuple(sorted(self.findings, key=lambda finding: finding.line))
        return MdxResult(markdown + "\n" if markdown else "", findings)

    # -- generic rendering -------------------------------------------------------------------------

    def render(self, nodes: list[_Node], dedent: int) -> str:
        """Render sibling nodes, removing ``dedent`` columns from the start of each source line."""
        out = _Out()
        at_start = False
        for node in nodes:
            if isinstance(node, _Text):
                out.inline(self._text(node, dedent, at_start))
                at_start = node.text.endswith("\n")
            elif isinstance(node, _Code):
                out.fence(self._code(node, dedent), flush_left=node.indent <= dedent)
                at_start = True
            elif isinstance(node, _Expr):
                out.inline(self._expression_text(node))
                at_start = False
            else:
                markdown, is_block = self._element(node)
                (out.block if is_block else out.inline)(markdown)
                at_start = is_block
        return out.text

    def children(self, element: _Element) -> str:
        """The element's children as Markdown, their common JSX indentation removed."""
        return self.render(element.children, _dedent_amount(element.children))

    def _text(self, node: _Text, dedent: int, at_start: bool) -> str:
        text = node.text
        if dedent:
            lines = text.split("\n")
            text = "\n".join(
                line if number == 0 and not at_start else _drop_indent(line, dedent)
                for number, line in enumerate(lines)
            )
        if node.verbatim:
            return text
        if not self.trusted_html:
            text = sanitize_body_html(text)
        text = safe_link_targets(text)
        return _WIKI_LINK.sub(lambda match: self._wiki_link(match, node), text)

    def _code(self, node: _Code, dedent: int) -> str:
        language = node.info.strip().split(" ")[0].lower() if node.info.strip() else ""
        if language in ("plantuml", "puml"):
            self.report(UNSUPPORTED, "PlantUML diagram shown as source: there is no offline renderer",
                        node.line, "plantuml")
        pad = " " * max(node.indent - dedent, 0)
        info = node.info.strip() if language == "mermaid" else _fence_info(node.info)
        lines = [pad + node.fence + info]
        lines += [_drop_indent(line, dedent) for line in node.lines]
        lines.append(pad + node.fence)  # same indent as the opening fence, or superfences ignores it
        return "\n".join(lines) + "\n"

    def _expression_text(self, node: _Expr) -> str:
        try:
            return md_text(_to_text(_evaluate(node.source, self.fm)))
        except _EvalError as error:
            self.report(BAD_EXPRESSION, str(error), node.line)
            return _code_span("{" + _one_line(node.source) + "}")

    def prop(self, element: _Element, name: str, default: Any = None) -> Any:
        """A prop's value, evaluating ``{expr}`` props (failures are findings and yield ``default``)."""
        value = element.props.get(name, default)
        if not isinstance(value, _Expr):
            return value
        try:
            return _evaluate(value.source, self.fm)
        except _EvalError as error:
            self.report(BAD_EXPRESSION, f"<{element.name} {name}>: {error}", element.line, element.name)
            return default

    def text_prop(self, element: _Element, name: str) -> str | None:
        """A prop as text, or None when absent or empty."""
        value = self.prop(element, name)
        text = _to_text(value).strip() if value is not None and value is not True else ""
        return text or None

    def _element(self, element: _Element) -> _Rendered:
        if element.html:
            return self._html(element)
        handler = _HANDLERS.get(element.name)
        if handler is None:
            return self._unsupported(element)
        return handler(self, element)

    # -- dispatch table ----------------------------------------------------------------------------

    @classmethod
    def handler_table(cls) -> dict[str, Callable[[_Translator, _Element], _Rendered]]:
        """Component name → unbound handler. Built once for the class: a table of bound methods kept on
        each translator would tie it into a reference cycle that only the garbage collector frees."""
        table: dict[str, Callable[[_Translator, _Element], _Rendered]] = {
            "": cls._fragment, ":::": cls._directive, "Admonition": cls._admonition,
            "Flow": cls._flow, "EntityMap": cls._entity_map, "SchemaViewer": cls._schema_viewer,
            "Schema": cls._schema, "File": cls._schema, "RemoteSchema": cls._remote_schema,
            "ChannelInformation": cls._channel_information, "MessageTable": cls._message_table,
            "Tiles": cls._tiles, "Tile": cls._tile_alone, "Attachments": cls._attachments,
            "Steps": cls._steps, "Step": cls._step_alone, "Tabs": cls._tabs, "TabItem": cls._tab_alone,
            "Accordion": cls._accordion, "AccordionGroup": cls._fragment, "Visibility": cls._visibility,
            "ResourceLink": cls._resource_link, "ResourceRef": cls._resource_link, "Link": cls._link,
            "MermaidFileLoader": cls._mermaid_file, "Prompt": cls._prompt, "OpenAPI": cls._spec,
            "AsyncAPI": cls._spec, "CustomProperties": cls._custom_properties,
            "CustomProperty": cls._custom_property, "EntityPropertiesTable": cls._entity_properties,
            "AgentTools": cls._agent_tools, "ResourceGroupTable": cls._resource_group_table,
        }
        table.update({name: cls._graph for name in _GRAPHS})
        table.update({name: cls._embed for name in _EMBEDS})
        return table

    # -- containers --------------------------------------------------------------------------------

    def _html(self, element: _Element) -> _Rendered:
        """An HTML container: as written, unless MDX inside it needs md_in_html's ``markdown`` attribute."""
        opening = element.raw if self.trusted_html else sanitize_tag(element.raw)
        closing = element.close_raw if self.trusted_html or opening else ""
        if not (element.block and _has_mdx(element.children)):
            return opening + self.render(element.children, 0) + closing, False
        if not opening:
            return self.children(element), True
        if "markdown" not in element.props:
            opening = opening[:-1].rstrip() + " markdown>"
        # Dedenting matters here: inside a markdown block, 4-space indented lines would become code.
        return f"{opening}\n\n{self.children(element).strip(chr(10))}\n\n{closing}", True

    def _fragment(self, element: _Element) -> _Rendered:
        return self.children(element), element.block

    def _visibility(self, element: _Element) -> _Rendered:
        # for="agents" is content written for AI agents only; the site is for humans.
        if self.text_prop(element, "for") == "agents":
            return "", element.block
        return self._fragment(element)

    def _admonition(self, element: _Element) -> _Rendered:
        kind = _admonition_type(self.text_prop(element, "type"))
        return self._callout("!!!", kind, self.text_prop(element, "title"), self.children(element)), True

    def _directive(self, element: _Element) -> _Rendered:
        kind = _admonition_type(self.text_prop(element, "type"))
        return self._callout("!!!", kind, self.text_prop(element, "title"), self.children(element)), True

    def _accordion(self, element: _Element) -> _Rendered:
        title = self.text_prop(element, "title") or "Details"
        return self._callout("???", "note", title, self.children(element)), True

    @staticmethod
    def _callout(marker: str, kind: str, title: str | None, content: str) -> str:
        header = f"{marker} {kind}" + (f" {_quoted(title)}" if title else "")
        return _container(header, content)

    def _tabs(self, element: _Element) -> _Rendered:
        out = _Out()
        for child in element.children:
            if isinstance(child, _Element) and child.name == "TabItem":
                out.block(self._tab_alone(child)[0])
            elif not (isinstance(child, _Text) and not child.text.strip()):
                out.block(self.render([child], _dedent_amount([child])))
        return out.text, True

    def _tab_alone(self, element: _Element) -> _Rendered:
        label = self.text_prop(element, "label") or self.text_prop(element, "title") or "Tab"
        return _container(f"=== {_quoted(label)}", self.children(element)), True

    def _steps(self, element: _Element) -> _Rendered:
        out = _Out()
        title = self.text_prop(element, "title")
        if title:
            out.block(f"**{md_text(title)}**")
        number = 0
        for child in element.children:
            if isinstance(child, _Element) and child.name == "Step":
                number += 1
                out.block(self._step(child, number))
            elif not (isinstance(child, _Text) and not child.text.strip()):
                out.block(self.render([child], _dedent_amount([child])))
        return out.text, True

    def _step(self, element: _Element, number: int) -> str:
        title = self.text_prop(element, "title")
        content = self.children(element).strip("\n")
        head = f"{number}. " + (f"**{md_text(title)}**" if title else "")
        if not title:
            first, _, content = content.partition("\n")
            head += first.strip()
        return head + ("\n\n" + _indent(content) if content.strip() else "")

    def _step_alone(self, element: _Element) -> _Rendered:
        return self._step(element, 1), True

    # -- links -------------------------------------------------------------------------------------

    def _resolve(self, collection: str | None, rid: str | None, version: str | None,
                 where: tuple[int, str]) -> tuple[str, str] | None:
        """Ask the context for a resource page; report an unresolved link."""
        line, component = where
        kind = _singular(collection or "")
        wanted = None if version in (None, "", "latest") else version
        found = self.ctx.resource_link(kind, rid, wanted) if rid and kind else None
        if found is not None:
            found = (md_text(found[0]), found[1])  # a resource's name is catalog text
        if found is None:
            what = f"{kind or '(no type)'} '{rid or '(no id)'}'" + (f" version {wanted}" if wanted else "")
            self.report(UNRESOLVED, f"{component}: no {what} in the catalog", line, component)
        return found

    def _resource_link(self, element: _Element) -> _Rendered:
        rid = self.text_prop(element, "id")
        collection = self.text_prop(element, "type") or self.text_prop(element, "collection")
        version = self.text_prop(element, "version")
        label = self.children(element).strip()
        found = self._resolve(collection, rid, version, (element.line, element.name))
        if found is None:
            return label or md_text(rid or ""), False
        return _link(label or found[0], found[1]), False

    def _link(self, element: _Element) -> _Rendered:
        href = self.text_prop(element, "href")
        if href is None:
            return self._resource_link(element)
        label = self.children(element).strip() or href
        return _link(label, self._route(href, element.line, element.name)), False

    def _route(self, href: str, line: int, component: str) -> str:
        """Map an EventCatalog ``/docs/<collection>/<id>[/<version>]`` route to our page when we can."""
        match = _DOCS_ROUTE.fullmatch(href)
        if not match or match.group(1) not in _SINGULAR:
            return href
        found = self._resolve(match.group(1), match.group(2), match.group(3), (line, component))
        return found[1] if found else href

    def _wiki_link(self, match: re.Match[str], node: _Text) -> str:
        # Inside a Markdown table the separator is written "\|".
        parts = [part.strip() for part in re.split(r"\\?\|", match.group(1))]
        collection, target = ("entity", parts[0]) if len(parts) == 1 else (parts[0], parts[1])
        label = parts[2] if len(parts) > 2 else None
        rid, _, version = target.partition("@")
        line = node.line + node.text.count("\n", 0, match.start())
        found = self._resolve(collection, rid, version or None, (line, "wiki-link"))
        if found is None:
            return md_text(label or rid)
        return _link(md_text(label) if label else found[0], found[1])

    # -- catalog views -----------------------------------------------------------------------------

    def _other_resource(self, element: _Element, default_type: str | None) -> _Rendered | None:
        """A graph of *another* resource becomes a link to its page, which carries that graph."""
        rid = self.text_prop(element, "id")
        if rid is None or rid == _to_text(self.fm.get("id")):
            return None
        collection = self.text_prop(element, "type") or default_type
        if collection is None:
            return None
        version = self.text_prop(element, "version")
        found = self._resolve(collection, rid, version, (element.line, element.name))
        if found is None:
            return f"*({element.name} of {md_text(rid)}: not found)*", True
        return f"*{element.name}: see {_link(found[0], found[1])}.*", True

    def _graph(self, element: _Element) -> _Rendered:
        other = self._other_resource(element, None)
        if other:
            return other
        return self.ctx.node_graph() or "*(no graph)*", True

    def _flow(self, element: _Element) -> _Rendered:
        other = self._other_resource(element, "flow")
        if other:
            return other
        return self.ctx.flow_graph() or "*(no flow diagram)*", True

    def _entity_map(self, element: _Element) -> _Rendered:
        return self._titled(element, self.ctx.entity_map() or "*(no entity map)*"), True

    def _schema_viewer(self, element: _Element) -> _Rendered:
        table = self.ctx.schema_table(self.text_prop(element, "file"))
        return self._titled(element, table or "*(no schema)*"), True

    def _schema(self, element: _Element) -> _Rendered:
        source = self.ctx.schema_source(self.text_prop(element, "file"))
        return self._titled(element, source or "*(no schema)*"), True

    def _titled(self, element: _Element, markdown: str) -> str:
        title = self.text_prop(element, "title")
        return f"**{md_text(title)}**\n\n{markdown}" if title else markdown

    def _remote_schema(self, element: _Element) -> _Rendered:
        url = self.text_prop(element, "url") or self.text_prop(element, "src")
        if url is None:
            return "*(remote schema without a url)*", True
        title = md_text(self.text_prop(element, "title") or "Remote schema")
        # No network access at build time: the schema is linked, never fetched.
        return f"{_link(title, url)} *(remote schema, not fetched)*", True

    def _channel_information(self, element: _Element) -> _Rendered:
        return self.ctx.channel_information() or "*(no channel information)*", True

    def _message_table(self, element: _Element) -> _Rendered:
        props = {name: self.prop(element, name) for name in element.props if name != "..."}
        return self.ctx.message_table(props) or "*(no messages)*", True

    def _mermaid_file(self, element: _Element) -> _Rendered:
        file = self.text_prop(element, "file")
        text = self.ctx.file_text(file) if file else None
        if text is None:
            self.report(UNRESOLVED, f"MermaidFileLoader: file {file!r} not found", element.line, element.name)
            return f"*(Mermaid file {md_text(file or '(no file prop)')} not found)*", True
        fence = _fence_for(text)
        return f"{fence}mermaid\n{text.rstrip()}\n{fence}", True

    def _prompt(self, element: _Element) -> _Rendered:
        text = textwrap.dedent(element.source).strip("\n")
        fence = _fence_for(text)
        return self._titled(element, f"{fence}text\n{text}\n{fence}"), True

    def _embed(self, element: _Element) -> _Rendered:
        url = self._embed_url(element)
        title = self.text_prop(element, "title") or f"{element.name} diagram"
        if url is None:
            message = f"<{element.name}> has no link evcat can show"
            self.report(UNSUPPORTED, message, element.line, element.name)
            return f"*({md_text(title)}: embedded {element.name} diagrams are not rendered)*", True
        description = self.text_prop(element, "description")
        # An iframe would make the site depend on a third-party host; a link keeps it offline-safe.
        return _link(md_text(title), url) + (f" — {md_text(description)}" if description else ""), True

    def _embed_url(self, element: _Element) -> str | None:
        if element.name == "Miro" and self.text_prop(element, "boardId"):
            return f"https://miro.com/app/board/{quote(self.text_prop(element, 'boardId') or '', safe='=/')}"
        if element.name == "Lucid" and self.text_prop(element, "documentId"):
            return f"https://lucid.app/lucidchart/{quote(self.text_prop(element, 'documentId') or '', safe='')}/view"
        for name in ("url", "src", "href", "link"):
            value = self.text_prop(element, name)
            if value:
                return value
        return None

    def _spec(self, element: _Element) -> _Rendered:
        self.report(UNSUPPORTED, f"<{element.name}> is deprecated in EventCatalog; link the specification "
                    "file from the frontmatter's specifications instead", element.line, element.name)
        paths = _spec_paths(self.fm.get("specifications"), element.name.lower())
        where = ", ".join(_code_span(path) for path in paths) if paths else "the frontmatter's specifications"
        return _container(f'!!! note "{element.name}"', f"The {element.name} specification: {where}."), True

    # -- tables built from the frontmatter ----------------------------------------------------------

    def _tiles(self, element: _Element) -> _Rendered:
        items, rest = [], []
        for child in element.children:
            if isinstance(child, _Element) and child.name == "Tile":
                items.append(self._tile(child))
            elif not (isinstance(child, _Text) and not child.text.strip()):
                rest.append(child)
        grid = '<div class="grid cards" markdown>\n\n' + "\n".join(items) + "\n\n</div>" if items else ""
        extra = self.render(rest, _dedent_amount(rest)).strip("\n") if rest else ""
        return "\n\n".join(part for part in (grid, extra) if part), True

    def _tile(self, element: _Element) -> str:
        title = md_text(self.text_prop(element, "title") or "")
        href = self.text_prop(element, "href")
        description = self.text_prop(element, "description")
        head = _link(title or md_text(href or ""), self._route(href, element.line, "Tile")) if href else title
        return f"- **{head}**" + (f" — {md_text(_one_line(description))}" if description else "")

    def _tile_alone(self, element: _Element) -> _Rendered:
        return '<div class="grid cards" markdown>\n\n' + self._tile(element) + "\n\n</div>", True

    def _attachments(self, element: _Element) -> _Rendered:
        entries = self.fm.get("attachments")
        items = [_attachment(entry) for entry in (entries if isinstance(entries, list) else [])]
        body = "\n".join(item for item in items if item) or "*(no attachments)*"
        description = self.text_prop(element, "description")
        return self._titled(element, (f"{md_text(description)}\n\n" if description else "") + body), True

    def _custom_properties(self, element: _Element) -> _Rendered:
        rows = [[key, value] for key, value in self.fm.items() if str(key).startswith("x-")]
        table = _table(["Property", "Value"], rows) if rows else "*(no custom properties)*"
        return self._titled(element, table), True

    def _custom_property(self, element: _Element) -> _Rendered:
        name = self.text_prop(element, "name") or ""
        label = self.text_prop(element, "label") or name
        if name not in self.fm:
            return f"**{md_text(label)}:** *(not set)*", True
        return f"**{md_text(label)}:** {_cell(self.fm[name])}", True

    def _entity_properties(self, element: _Element) -> _Rendered:
        props = self.fm.get("properties")
        rows = [
            [item.get("name"), item.get("type"), "yes" if item.get("required") else "no",
             item.get("description"), item.get("references")]
            for item in (props if isinstance(props, list) else []) if isinstance(item, Mapping)
        ]
        table = _table(["Name", "Type", "Required", "Description", "References"], rows) if rows else None
        return self._titled(element, table or "*(no properties)*"), True

    def _agent_tools(self, element: _Element) -> _Rendered:
        tools = self.fm.get("tools")
        rows = [
            [item.get("name"), item.get("type"), item.get("description"), item.get("url")]
            for item in (tools if isinstance(tools, list) else []) if isinstance(item, Mapping)
        ]
        table = _table(["Tool", "Type", "Description", "URL"], rows) if rows else None
        return self._titled(element, table or "*(no tools)*"), True

    def _resource_group_table(self, element: _Element) -> _Rendered:
        group_id = self.text_prop(element, "id")
        groups = self.fm.get("resourceGroups")
        group = next((g for g in groups if isinstance(g, Mapping) and g.get("id") == group_id), None) \
            if isinstance(groups, list) else None
        if group is None:
            message = f"ResourceGroupTable: the frontmatter has no resourceGroups entry {group_id!r}"
            self.report(UNRESOLVED, message, element.line, element.name)
            return f"*(no resource group {md_text(group_id or '')})*", True
        rows = []
        for item in group.get("items") or []:
            if isinstance(item, Mapping):
                rows.append(self._group_row(item, element.line))
        table = "| Resource | Type |\n|---|---|\n" + "\n".join(rows) if rows else "*(empty resource group)*"
        description = self.text_prop(element, "description")
        return self._titled(element, (f"{md_text(description)}\n\n" if description else "") + table), True

    def _group_row(self, item: Mapping[str, Any], line: int) -> str:
        rid, kind = _to_text(item.get("id")), _to_text(item.get("type"))
        found = self._resolve(kind, rid, _to_text(item.get("version")) or None, (line, "ResourceGroupTable"))
        name = _link(found[0], found[1]) if found else _cell(rid)
        return f"| {name} | {_cell(kind)} |"

    # -- everything else ---------------------------------------------------------------------------

    def _unsupported(self, element: _Element) -> _Rendered:
        module = self.imports.get(element.name)
        if module:
            why = f"a custom component (imported from {md_text(module)}) that evcat cannot render"
        elif element.name in _KNOWN_UNRENDERED:
            why = "an EventCatalog component evcat does not render yet"
        else:
            why = "not a component evcat knows"
        self.report(UNSUPPORTED, f"<{element.name}> is {why}", element.line, element.name)
        message = f"`<{element.name}>` is {why}."
        content = message + ("\n\n" + self.children(element).strip("\n") if element.children else "")
        return _container('!!! warning "Unsupported component"', content), True


_HANDLERS = _Translator.handler_table()


def _has_mdx(nodes: list[_Node]) -> bool:
    """Whether nodes hold a component or wiki-link, whose Markdown a raw HTML block would not render."""
    for node in nodes:
        if isinstance(node, _Element) and (not node.html or _has_mdx(node.children)):
            return True
        if isinstance(node, _Text) and not node.verbatim and _WIKI_LINK.search(node.text):
            return True
    return False


def _admonition_type(kind: str | None) -> str:
    kind = (kind or "note").lower()
    kind = _ADMONITION_ALIASES.get(kind, kind)
    return kind if kind in _ADMONITION_TYPES else "note"


def _attachment(entry: Any) -> str:
    """One Attachments bullet from a frontmatter entry (a url, or a mapping with url/title/description)."""
    meta = entry if isinstance(entry, Mapping) else {}
    url = entry if isinstance(entry, str) else _to_text(meta.get("url"))
    if not url:
        return ""
    item = "- " + _link(md_text(_to_text(meta.get("title")) or url), url)
    description = _one_line(_to_text(meta.get("description")))
    return item + (f" — {md_text(description)}" if description else "")


def _singular(collection: str) -> str:
    name = collection.strip().lower()
    return _SINGULAR.get(name, name)


def _fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _spec_paths(specifications: Any, kind: str) -> list[str]:
    """Specification file paths of ``kind`` (openapi/asyncapi) from either frontmatter shape."""
    if isinstance(specifications, Mapping):
        value = specifications.get(f"{kind}Path")
        return [str(value)] if value else []
    paths = []
    for item in specifications if isinstance(specifications, list) else []:
        if isinstance(item, Mapping) and str(item.get("type", "")).lower() == kind and item.get("path"):
            paths.append(str(item["path"]))
    return paths
