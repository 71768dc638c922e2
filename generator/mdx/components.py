"""What each JSX component of a body becomes in Markdown (containers, links, graphs,
schemas, embeds, tiles, frontmatter tables); anything unknown becomes a visible note and a finding."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from generator.escaping import md_text
from generator.mdx.body_html import sanitize_tag
from generator.mdx.expressions import _one_line, _to_text
from generator.mdx.markdown import (
    _cell,
    _code_span,
    _container,
    _dedent_amount,
    _fence_for,
    _indent,
    _link,
    _Out,
    _quoted,
    _table,
)
from generator.mdx.model import UNRESOLVED, UNSUPPORTED, _Element, _Node, _Text

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


class ComponentHandlers:
    """The component handlers of the translator: one method per JSX component, each returning
    (markdown, is_block). Mixed into ``_Translator``, whose ``render``/``prop``/``report`` they use."""

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
            return "", True  # the unresolved link is a finding (EC603); readers see nothing
        return f"*{element.name}: see {_link(found[0], found[1])}.*", True

    def _graph(self, element: _Element) -> _Rendered:
        other = self._other_resource(element, None)
        if other:
            return other
        return self.ctx.node_graph() or "", True

    def _flow(self, element: _Element) -> _Rendered:
        other = self._other_resource(element, "flow")
        if other:
            return other
        return self.ctx.flow_graph() or "", True

    def _entity_map(self, element: _Element) -> _Rendered:
        return self._titled_or_nothing(element, self.ctx.entity_map()), True

    def _schema_viewer(self, element: _Element) -> _Rendered:
        table = self.ctx.schema_table(self.text_prop(element, "file"))
        return self._titled_or_nothing(element, table), True

    def _schema(self, element: _Element) -> _Rendered:
        source = self.ctx.schema_source(self.text_prop(element, "file"))
        return self._titled_or_nothing(element, source), True

    def _titled_or_nothing(self, element: _Element, markdown: str | None) -> str:
        """Readers see nothing where there is nothing: no title over an empty section (validation tells
        the author what is missing)."""
        return self._titled(element, markdown) if markdown else ""

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
        return self.ctx.channel_information() or "", True

    def _message_table(self, element: _Element) -> _Rendered:
        props = {name: self.prop(element, name) for name in element.props if name != "..."}
        return self.ctx.message_table(props) or "", True

    def _mermaid_file(self, element: _Element) -> _Rendered:
        file = self.text_prop(element, "file")
        text = self.ctx.file_text(file) if file else None
        if text is None:
            self.report(UNRESOLVED, f"MermaidFileLoader: file {file!r} not found", element.line, element.name)
            return "", True
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
        body = "\n".join(item for item in items if item)
        if not body:
            return "", True
        description = self.text_prop(element, "description")
        return self._titled(element, (f"{md_text(description)}\n\n" if description else "") + body), True

    def _custom_properties(self, element: _Element) -> _Rendered:
        rows = [[key, value] for key, value in self.fm.items() if str(key).startswith("x-")]
        table = _table(["Property", "Value"], rows) if rows else ""
        return self._titled_or_nothing(element, table), True

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
        return self._titled_or_nothing(element, table), True

    def _agent_tools(self, element: _Element) -> _Rendered:
        tools = self.fm.get("tools")
        rows = [
            [item.get("name"), item.get("type"), item.get("description"), item.get("url")]
            for item in (tools if isinstance(tools, list) else []) if isinstance(item, Mapping)
        ]
        table = _table(["Tool", "Type", "Description", "URL"], rows) if rows else None
        return self._titled_or_nothing(element, table), True

    def _resource_group_table(self, element: _Element) -> _Rendered:
        group_id = self.text_prop(element, "id")
        groups = self.fm.get("resourceGroups")
        group = next((g for g in groups if isinstance(g, Mapping) and g.get("id") == group_id), None) \
            if isinstance(groups, list) else None
        if group is None:
            message = f"ResourceGroupTable: the frontmatter has no resourceGroups entry {group_id!r}"
            self.report(UNRESOLVED, message, element.line, element.name)
            return "", True
        rows = []
        for item in group.get("items") or []:
            if isinstance(item, Mapping):
                rows.append(self._group_row(item, element.line))
        table = "| Resource | Type |\n|---|---|\n" + "\n".join(rows) if rows else ""
        description = self.text_prop(element, "description")
        return self._titled(element, (f"{md_text(description)}\n\n" if description else "") + table), True

    def _group_row(self, item: Mapping[str, Any], line: int) -> str:
        rid, kind = _to_text(item.get("id")), _to_text(item.get("type"))
        found = self._resolve(kind, rid, _to_text(item.get("version")) or None, (line, "ResourceGroupTable"))
        name = _link(found[0], found[1]) if found else _cell(rid)
        return f"| {name} | {_cell(kind)} |"

    def _unsupported(self, element: _Element) -> _Rendered:
        """A component evcat cannot render: its children stay (they are the author's text); the component
        itself is a finding for the author, not a box for the reader. Components the site lists in
        ``ignore_components`` render as nothing and are no finding."""
        if element.name in self.ignored_components:
            return "", True
        module = self.imports.get(element.name)
        if module:
            why = f"a custom component (imported from {md_text(module)}) that evcat cannot render"
        elif element.name in _KNOWN_UNRENDERED:
            why = "an EventCatalog component evcat does not render yet"
        else:
            why = "not a component evcat knows"
        self.report(UNSUPPORTED, f"<{element.name}> is {why}", element.line, element.name)
        return (self.children(element).strip("\n") if element.children else ""), True
