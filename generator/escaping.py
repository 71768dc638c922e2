"""One escaping layer: every catalog value reaches a page or generated code through a function here.

The rule: text from the catalog (names, ids, summaries, badges, schema descriptions, defaults, example
names …) is *data*. It is escaped for the context it lands in, so the reader sees the literal text and
nothing in it is ever interpreted as HTML, Markdown, Mermaid or code:

- ``html_text`` / ``html_attr``  HTML element text and quoted attribute values.
- ``safe_url``                   a link target: http, https, mailto, relative paths and fragments only;
                                 anything else (``javascript:``, ``data:`` …, however disguised) becomes "#".
- ``md_text``                    Markdown running text (Markdown and HTML metacharacters neutralised).
- ``md_cell``                    a Markdown table cell (``md_text`` plus ``|`` and newlines).
- ``mermaid_label``              the inside of a quoted Mermaid label.
- ``terminal_text``              text for a terminal or CI log (``evcat diff``'s text output).
- ``py_literal`` / ``js_literal`` / ``comment_text`` / ``identifier``   generated source code.
- ``sanitize_html``              raw HTML a body author wrote (nh3 allowlist), unless the site trusts it.

Markdown the generator itself produced (a translated body, a graph, a table from a partial) is wrapped in
``markupsafe.Markup``; the Jinja environment (``render.py``) escapes every other value with ``md_text``
by default, so a template that forgets a filter shows escaped text rather than running it.
"""

from __future__ import annotations

import html
import json
import keyword
import re
import unicodedata
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
HARMLESS_URL = "#"

# Characters Python-Markdown (and the extensions evcat enables) give a meaning to inline: code spans,
# emphasis, links/images/footnotes/abbreviations, attribute lists, tables.
_MD_BACKSLASHED = re.compile(r"([\\`*\[\]{}|])")
# An underscore opens or closes emphasis only next to a non-word character; inside a word it is text.
_MD_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
# Only after a line break: a value's first line continues the template's line.
_MD_LINE_START = re.compile(r"(?<=\n)([ \t]*)(?:([#+\-])|(\d+)\.)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def html_text(value: object) -> str:
    """Text for an HTML element (or a page title MkDocs prints unescaped): ``<``, ``>``, ``&`` and quotes."""
    return html.escape(_text(value), quote=True)


def html_attr(value: object) -> str:
    """A value for a double-quoted HTML attribute."""
    return html.escape(_CONTROL.sub("", _text(value)), quote=True).replace("\n", "&#10;")


def safe_url(value: object) -> str:
    """``value`` if it is an http(s)/mailto URL or a relative/fragment link, else a harmless ``#``.

    Browsers ignore ASCII whitespace and control characters inside a scheme and decode entities in
    attributes, so the scheme is judged on the decoded text with those removed.
    """
    raw = _text(value).strip()
    decoded = html.unescape(raw)
    probe = re.sub(r"[\x00-\x20\x7f]", "", decoded)
    if probe.startswith(("//", "\\\\", "/\\", "\\/")):
        return raw if _scheme_of("https:" + probe.replace("\\", "/")) in SAFE_SCHEMES else HARMLESS_URL
    scheme = _scheme_of(probe)
    if scheme is None or scheme in SAFE_SCHEMES:
        return raw
    return HARMLESS_URL


def _scheme_of(url: str) -> str | None:
    match = re.match(r"([^/?#:]*):", url)
    if match is None:
        return None
    try:
        return urlsplit(url).scheme.lower() or match.group(1).lower() or ""
    except ValueError:
        return "invalid"


def terminal_text(value: object) -> str:
    """Text for a terminal or a CI log: control characters (escape sequences, carriage returns) removed."""
    return _CONTROL.sub("", _text(value)).replace("\r", "")


def md_text(value: object) -> str:
    """Markdown that renders as exactly ``value``: no HTML, no link, no emphasis, no attribute list."""
    text = _CONTROL.sub("", _text(value))
    text = html.escape(text, quote=False)
    text = _MD_BACKSLASHED.sub(r"\\\1", text)
    text = _MD_UNDERSCORE.sub(r"\\_", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    """A heading, list or quote marker at a line start, kept as text."""
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\."


def md_cell(value: object) -> str:
    """``md_text`` for one Markdown table cell: newlines become ``<br>``, so the row stays one line."""
    lines = _text(value).replace("\r", "").split("\n")
    return "<br>".join(md_text(line) for line in lines)


def md_code(value: object) -> str:
    """Inline code as HTML (``<code>``), safe in a table cell: a backtick span cannot hold every text."""
    text = html.escape(_CONTROL.sub("", _text(value)), quote=True)
    # A line may break after each "|" (enum symbols, union branches), never inside a symbol.
    return "<code>" + text.replace("|", "&#124;<wbr>").replace("\n", " ") + "</code>"


def md_path_code(value: object) -> str:
    """``md_code`` for a file path: a line may break after each ``/`` (``<wbr>``), never inside a name."""
    inner = md_code(value)[len("<code>"):-len("</code>")]  # escaped: holds no "/" of its own
    return "<code>" + inner.replace("/", "/<wbr>") + "</code>"


def md_words_code(value: object) -> str:
    """``md_code`` for a long UPPER_SNAKE id (``READER_FIELD_MISSING_DEFAULT_VALUE``): a line may break after
    each ``_``, so a narrow table column still fits; ``_`` never occurs inside a word of such an id."""
    inner = md_code(value)[len("<code>"):-len("</code>")]
    return "<code>" + inner.replace("_", "_<wbr>") + "</code>"


def md_url(url: object) -> str:
    """A Markdown link target: ``safe_url``, in angle brackets when spaces or parentheses would end it."""
    target = safe_url(url)
    if re.search(r"[\s()<>]", target):
        target = "<" + target.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A") + ">"
    return target


def md_link(label: object, url: object) -> str:
    """A Markdown link whose label is literal text and whose target passed the URL allowlist."""
    return f"[{md_text(label)}]({md_url(url)})"


def md_quoted(value: object) -> str:
    """A double-quoted title for an admonition, details block or tab (one line, no quote inside)."""
    return '"' + md_text(" ".join(_text(value).split())).replace('"', "&quot;") + '"'


def fenced(value: object, lang: str = "", title: object = None, indent: int = 0) -> str:
    """A fenced code block holding ``value`` verbatim: the fence is longer than any backtick run in it,
    the language a bare word and the title one quoted line."""
    text = _text(value).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    info = re.sub(r"[^\w+.#-]", "", _text(lang))
    if title:
        info += f' title="{fence_title(title)}"'
    pad = " " * indent
    body = "\n".join((pad + line) if line.strip() else "" for line in text.split("\n"))
    return f"{pad}{fence}{info}\n{body}\n{pad}{fence}"


def fence_title(value: object) -> str:
    """A ``title="…"`` value for a superfences fence: one line, no double quote (superfences escapes HTML)."""
    return " ".join(_CONTROL.sub("", _text(value)).split()).replace('"', "'")


_MERMAID_ESCAPES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;", "{": "#123;", "}": "#125;",
                    "|": "#124;", "[": "#91;", "]": "#93;", "#": "#35;",
                    "&": "#38;", "\\": "#92;"}


def mermaid_label(value: object) -> str:
    """The inside of a quoted Mermaid label: quoting, shape, edge and HTML characters as entity codes."""
    text = " ".join(_CONTROL.sub("", _text(value)).split())
    return "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in text)


def py_literal(value: object) -> str:
    """A Python string literal for ``value`` (``repr``: quotes, backslashes and newlines escaped)."""
    return repr(_text(value))


def js_literal(value: object) -> str:
    """A JavaScript string literal; ``<``, ``>``, ``&`` and line separators escaped as well."""
    text = json.dumps(_text(value), ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def comment_text(value: object) -> str:
    """One line safe inside a comment or docstring of generated Python or JavaScript.

    Line breaks would end a ``#``/``//`` comment; quotes, backslashes and ``*/`` would end a docstring, a
    string or a block comment, ``${`` would open a template-literal hole: all are replaced, so the text can
    only ever be comment (or string) text.
    """
    text = " ".join(_CONTROL.sub("", _text(value)).split())
    text = text.replace("\\", "/").replace("*/", "* /").replace("${", "$ {")
    return re.sub(r"[\"'`]+", "'", text)


def identifier(value: object, fallback: str = "value") -> str:
    """A valid Python/JavaScript identifier derived from ``value`` (ASCII letters, digits, underscores)."""
    ascii_text = unicodedata.normalize("NFKD", _text(value)).encode("ascii", "ignore").decode()
    name = re.sub(r"\W+", "_", ascii_text).strip("_") or fallback
    if name[0].isdigit():
        name = "_" + name
    return name + "_" if keyword.iskeyword(name) or name in _JS_RESERVED else name


_JS_RESERVED = frozenset({
    "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
    "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
    "instanceof", "let", "new", "null", "return", "static", "super", "switch", "this", "throw", "true",
    "try", "typeof", "var", "void", "while", "with", "yield", "arguments", "eval",
})

# What body authors may write as raw HTML: formatting, tables, disclosure, images and links; nothing
# that runs script, loads frames or restyles the page.
ALLOWED_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "center", "footer", "header", "main", "nav",
    "section", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "markdown", "align"},
    "a": {"href", "name", "target"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
    "details": {"open"}, "ol": {"start", "type"}, "col": {"span"},
}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        safe = safe_url(value)
        return None if safe == HARMLESS_URL and value.strip() != HARMLESS_URL else safe
    return value


def sanitize_html(fragment: str) -> str:
    """Raw HTML from a body with scripts, handlers, styles, frames and unsafe URLs removed (nh3)."""
    return nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes=set(SAFE_SCHEMES), link_rel="noopener noreferrer",
                     attribute_filter=_keep_attribute, strip_comments=True)


def markdown(value: str) -> Markup:
    """Mark Markdown the generator produced (never raw catalog text) as ready for a template."""
    return Markup(value)
