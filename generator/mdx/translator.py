"""One translation: lex, build the tree, render every node to Markdown through the component
handlers, collect findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.escaping import md_text
from generator.mdx.body_html import safe_link_targets, sanitize_body_html
from generator.mdx.components import _EMBEDS, _GRAPHS, _WIKI_LINK, ComponentHandlers, _Rendered
from generator.mdx.expressions import _EvalError, _evaluate, _one_line, _to_text
from generator.mdx.lexer import _Lexer
from generator.mdx.markdown import _code_span, _dedent_amount, _drop_indent, _fence_info, _Out
from generator.mdx.model import (
    BAD_EXPRESSION,
    UNSUPPORTED,
    ComponentContext,
    MdxFinding,
    MdxResult,
    _Code,
    _Element,
    _Expr,
    _Node,
    _Text,
)
from generator.mdx.tree import _build_tree


def translate(body: str, *, frontmatter: Mapping[str, Any], context: ComponentContext) -> MdxResult:
    """Translate an MDX body (the text after the frontmatter) into Markdown.

    ``frontmatter`` answers ``{frontmatter.x}`` expressions and the components that render frontmatter
    (Attachments, CustomProperties, EntityPropertiesTable, AgentTools, ResourceGroupTable). Malformed input
    never raises: it is rendered as visible text and reported as a finding.
    """
    translator = _Translator(frontmatter, context)
    return translator.run(body.replace("\r\n", "\n").replace("\r", "\n"))


class _Translator(ComponentHandlers):
    """One translation: holds the frontmatter, the context and the findings collected so far."""

    def __init__(self, frontmatter: Mapping[str, Any], context: ComponentContext) -> None:
        self.fm = frontmatter if isinstance(frontmatter, Mapping) else {}
        self.ctx = context
        self.findings: list[MdxFinding] = []
        self.imports: dict[str, str] = {}
        # Raw HTML is sanitised unless the site declares its authors trusted (`trusted_html: true`).
        self.trusted_html = bool(getattr(context, "trusted_html", False))
        # Custom components the site renders as nothing (setting `ignore_components`), e.g. a <Footer>.
        ignored = getattr(context, "ignored_components", ())
        self.ignored_components = frozenset(
            name for name in ignored if isinstance(name, str)) if isinstance(ignored, tuple | list | frozenset) else frozenset()

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


_HANDLERS = _Translator.handler_table()
