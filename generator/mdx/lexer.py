"""MDX body text → tokens (text, fenced code, {expressions}, tags, directives), in one pass."""

from __future__ import annotations

import bisect
import re

from generator.mdx.model import BAD_EXPRESSION, UNSUPPORTED, _Code, _Expr, _Prop, _Report, _Tag, _Text

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
