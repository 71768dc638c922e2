"""Raw HTML and link targets inside the Markdown a body author wrote, made safe before MkDocs sees them.

A body is Markdown with HTML mixed in, so it cannot be handed to an HTML sanitiser whole (``>`` quotes,
``<https://…>`` autolinks and code would be mangled). Instead every HTML tag Python-Markdown would pass
through is sanitised on its own with ``escaping.sanitize_html`` (nh3); elements whose content is code or
a frame (``<script>``, ``<style>``, ``<iframe>`` …) are dropped with their content. Markdown link targets
and ``{ attr lists }`` are cleaned here too: Python-Markdown itself allows ``javascript:`` hrefs and
``onclick=`` attributes. The tag pattern is deliberately wider than a browser's, so whatever is left
over is plain text; a ``<`` that could open a tag but does not close as one is written as ``&lt;``.
"""

from __future__ import annotations

import html
import re

from generator.escaping import ALLOWED_TAGS, safe_url, sanitize_html

_DROPPED_ELEMENT = re.compile(
    r"<(script|style|iframe|frame|frameset|object|embed|applet|template|noscript|textarea|title|xmp|"
    r"noembed|noframes|plaintext|svg|math)\b.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Python-Markdown's inline HTML pattern is ``<`` + letter + anything up to ``>``: so is this one.
_TAG = re.compile(r"<(/?)([A-Za-z][^<>\s/@]*)([^<>]*)>")
_TAG_START = re.compile(r"<(/?)([A-Za-z][^<>\s/@]*)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_ANY_TAG = re.compile(_AUTOLINK.pattern + "|" + _TAG.pattern + r"|<(?=[A-Za-z/!?])")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})
# A target may hold balanced parentheses, as in javascript:f(1).
_LINK_TARGET = re.compile(r"(\]\(\s*)(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)")
_REFERENCE = re.compile(r"^([ \t]{0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{[^{}\n]*\}")
_RISKY_ATTR = re.compile(
    r"""(?<![\w-])(?:on[\w:-]*|style|href|src|srcdoc|formaction|action|xlink:href|data)\s*=\s*"""
    r"""(?:"[^"]*"|'[^']*'|[^\s}]*)""", re.IGNORECASE)


def sanitize_tag(tag: str) -> str:
    """One HTML tag (opening, closing or void) with what is not allowed removed; "" if the tag is not."""
    if _AUTOLINK.fullmatch(tag):
        return tag
    match = _TAG_START.match(tag)
    if match is None:
        return html.escape(tag, quote=False)
    closing, name = match.group(1), match.group(2).lower()
    if name not in ALLOWED_TAGS:
        return ""
    if closing:
        return f"</{name}>"
    cleaned = sanitize_html(tag)
    cleaned = cleaned.removesuffix(f"</{name}>").replace('markdown=""', 'markdown="1"')
    # Keep the author's spelling when nothing was removed (``<br/>`` stays ``<br/>``).
    return tag if cleaned == re.sub(r"\s*/>$", ">", tag) else cleaned


def sanitize_body_html(text: str) -> str:
    """Body Markdown with every raw HTML tag sanitised (see the module docstring)."""
    text = _DROPPED_ELEMENT.sub("", text)
    text = _COMMENT.sub("", text)
    open_tags: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "<":
            # A '<' that starts no complete tag here may still start one for a browser, whose quoted
            # attribute values can hold '<' and '>': shown as text.
            return "&lt;"
        cleaned = sanitize_tag(found)
        start = _TAG_START.match(cleaned)
        if start is None:
            return cleaned
        name = start.group(2).lower()
        if start.group(1):
            # A closing tag whose opening was removed or shown as text would close the page's own
            # containers (and break its layout): dropped.
            if not open_tags.get(name):
                return ""
            open_tags[name] -= 1
        elif name not in _VOID and not cleaned.endswith("/>"):
            open_tags[name] = open_tags.get(name, 0) + 1
        return cleaned

    return _ANY_TAG.sub(replace, text)


def safe_link_targets(text: str) -> str:
    """Markdown links, reference definitions and attribute lists with unsafe targets or handlers removed."""
    text = _LINK_TARGET.sub(lambda m: m.group(1) + _target(m.group(2)), text)
    text = _REFERENCE.sub(lambda m: m.group(1) + _target(m.group(2)), text)
    return _ATTR_LIST.sub(lambda m: _RISKY_ATTR.sub("", m.group(0)), text)


def _target(raw: str) -> str:
    inner = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    safe = safe_url(inner)
    return raw if safe == inner else safe
