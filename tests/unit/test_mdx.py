"""MDX body → Markdown translation (generator/mdx.py, catalog-format.md §7)."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from generator.mdx import MdxFinding, MdxResult, translate

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "eventcatalog"
EXTENSIONS = [
    "admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", "pymdownx.superfences",
    "pymdownx.tabbed",
]
EXTENSION_CONFIGS = {"pymdownx.tabbed": {"alternate_style": True}}
MERMAID = "```mermaid\nflowchart LR\n  A --> B\n```"


class FakeContext:
    """Answers every question with recognisable Markdown and records what was asked."""

    def __init__(self, *, known: dict[tuple[str, str], str] | None = None, empty: bool = False) -> None:
        self.known = known if known is not None else {("service", "Orders"): "Orders Service"}
        self.empty = empty
        self.calls: list[tuple[str, Any]] = []

    def _answer(self, name: str, arg: Any, text: str) -> str | None:
        self.calls.append((name, arg))
        return None if self.empty else text

    def node_graph(self) -> str | None:
        return self._answer("node_graph", None, MERMAID)

    def schema_table(self, file: str | None) -> str | None:
        return self._answer("schema_table", file, "| Field | Type |\n|---|---|\n| id | string |")

    def schema_source(self, file: str | None) -> str | None:
        return self._answer("schema_source", file, '```json\n{"type": "object"}\n```')

    def channel_information(self) -> str | None:
        return self._answer("channel_information", None, "| Address | orders |\n|---|---|")

    def message_table(self, props: dict) -> str | None:
        return self._answer("message_table", props, "| Message |\n|---|\n| OrderPlaced |")

    def resource_link(self, collection: str, id: str, version: str | None) -> tuple[str, str] | None:
        self.calls.append(("resource_link", (collection, id, version)))
        title = self.known.get((collection, id))
        if title is None:
            return None
        return title, f"../{collection}s/{id}/" + (f"{version}/" if version else "")

    def flow_graph(self) -> str | None:
        return self._answer("flow_graph", None, "```mermaid\nflowchart TD\n  S --> E\n```")

    def entity_map(self) -> str | None:
        return self._answer("entity_map", None, "```mermaid\nerDiagram\n  A ||--o{ B : has\n```")

    def file_text(self, file: str) -> str | None:
        return self._answer("file_text", file, "sequenceDiagram\n  A->>B: hi")


def run(body: str, frontmatter: dict | None = None, context: FakeContext | None = None) -> MdxResult:
    return translate(body, frontmatter=frontmatter or {"id": "Orders", "version": "1.0.0"},
                     context=context or FakeContext())


def html(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def kinds(result: MdxResult) -> list[str]:
    return [finding.kind for finding in result.findings]


# -- ESM, comments, expressions ---------------------------------------------------------------------


def test_import_and_export_lines_are_dropped():
    body = (
        "import Footer from '@catalog/components/footer.astro';\n"
        "import {\n  A,\n  B,\n} from './x';\n"
        "export const meta = { a: 1 };\n\n"
        "# Title\n"
    )
    result = run(body)
    assert result.markdown == "# Title\n"
    assert result.findings == ()


def test_prose_starting_with_import_is_kept():
    assert "import the data nightly" in run("import the data nightly.\n").markdown


def test_jsx_comments_are_dropped_inline_and_on_their_own_line():
    body = "{/* a comment\n spanning lines */}\nBefore {/* inline */}after.\n"
    result = run(body)
    assert result.markdown == "Before after.\n"
    assert result.findings == ()


def test_two_comments_on_a_line_keep_the_text_between_them():
    assert run("{/* a */} kept {/* b */}\n").markdown.strip() == "kept"


def test_frontmatter_expressions_are_evaluated():
    frontmatter = {"id": "Orders", "owner": {"team": "checkout"}, "sends": [1, 2, 3]}
    body = "Id {frontmatter.id}, team {frontmatter.owner.team}, sends {frontmatter.sends.length}."
    assert run(body, frontmatter).markdown == "Id Orders, team checkout, sends 3.\n"


def test_missing_frontmatter_field_is_a_finding_and_stays_visible():
    result = run("Line one\nThe {frontmatter.nope.deeper} field.\n")
    assert "`{frontmatter.nope.deeper}`" in result.markdown
    assert result.findings == (
        MdxFinding("bad-expression", "{frontmatter.nope.deeper}: the frontmatter has no such field", 2),
    )


def test_unsupported_expression_is_a_finding():
    result = run("Value {props.title} here")
    assert kinds(result) == ["bad-expression"]
    assert "`{props.title}`" in result.markdown


def test_template_literal_prop():
    href = "{`/visualiser/services/${frontmatter.id}/${frontmatter.version}`}"
    body = f'<Tiles>\n  <Tile href={href} title="V" />\n</Tiles>'
    assert "[V](/visualiser/services/Orders/1.0.0)" in run(body).markdown


# -- code ---------------------------------------------------------------------------------------------


def test_code_fences_are_untouched():
    body = (
        "```tsx\n<NodeGraph />\nimport X from 'y'\n{frontmatter.id} [[service|Orders]]\n```\n\n"
        "~~~\n<Footer />\n:::info\n~~~\n"
    )
    result = run(body)
    assert result.markdown == body
    assert result.findings == ()


def test_inline_code_is_untouched():
    result = run("Use `<NodeGraph />` and `{frontmatter.id}` and ``[[x]]``.\n")
    assert result.markdown == "Use `<NodeGraph />` and `{frontmatter.id}` and ``[[x]]``.\n"
    assert result.findings == ()


def test_mermaid_fence_passes_through_and_plantuml_is_reported():
    body = "```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\nText\n\n```plantuml\n@startuml\n@enduml\n```\n"
    result = run(body)
    assert "```mermaid\nsequenceDiagram\n  A->>B: hi\n```" in result.markdown
    assert "```plantuml\n@startuml\n@enduml\n```" in result.markdown
    found = [(f.kind, f.line, f.component) for f in result.findings]
    assert found == [("unsupported-component", 8, "plantuml")]


def test_expressive_code_meta_is_dropped_from_the_info_string():
    body = '```python title="Produce" frame="terminal"\nprint(1)\n```\n'
    md = run(body).markdown
    assert md == '```python title="Produce"\nprint(1)\n```\n'
    assert '<span class="filename">Produce</span>' in html(md)


def test_unclosed_fence_runs_to_the_end_and_is_closed():
    md = run("Text\n\n```js\nconst a = '<Foo>';\n").markdown
    assert md.endswith("```js\nconst a = '<Foo>';\n```\n")


# -- catalog views --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["NodeGraph", "ComponentDiagram", "ContextDiagram", "SystemContextMap"])
def test_graph_components_ask_for_the_node_graph(name):
    result = run(f"Intro\n<{name} />\nOutro")
    assert result.markdown == f"Intro\n\n{MERMAID}\n\nOutro\n"


def test_node_graph_of_another_resource_links_to_it():
    context = FakeContext(known={("domain", "Payments"): "Payments"})
    md = run('<NodeGraph id="Payments" type="domain" version="0.0.1" />', context=context).markdown
    assert md == "*NodeGraph: see [Payments](../domains/Payments/0.0.1/).*\n"


def test_flow_entity_map_schema_and_channel_components():
    context = FakeContext()
    body = (
        "<Flow />\n\n<EntityMap title=\"Entities\" />\n\n<SchemaViewer file={frontmatter.schemaPath} />\n\n"
        "<Schema file=\"schema.avro\" />\n\n<File file=\"x.json\" />\n\n<ChannelInformation />\n"
    )
    md = run(body, {"id": "Orders", "schemaPath": "schema.json"}, context).markdown
    assert "flowchart TD" in md and "erDiagram" in md and "**Entities**" in md
    assert ("schema_table", "schema.json") in context.calls
    assert ("schema_source", "schema.avro") in context.calls and ("schema_source", "x.json") in context.calls
    assert "| Address | orders |" in md


def test_schema_viewer_without_file_prop():
    context = FakeContext()
    run("<SchemaViewer />", context=context)
    assert context.calls == [("schema_table", None)]


def test_message_table_receives_evaluated_props():
    context = FakeContext()
    run('<MessageTable format="all" limit={4} collapsed {...rest} columns={["a", "b"]} />', context=context)
    assert context.calls == [("message_table", {"format": "all", "limit": 4, "collapsed": True,
                                                 "columns": ["a", "b"]})]


def test_context_returning_none_shows_readers_nothing():
    tags = ["NodeGraph", "SchemaViewer", "Schema", "ChannelInformation", "MessageTable", "Flow", "EntityMap"]
    body = "Before.\n\n" + "\n".join(f'<{tag} title="Some title" />' for tag in tags) + "\n\nAfter.\n"
    md = run(body, context=FakeContext(empty=True)).markdown
    assert md.split() == ["Before.", "After."]


def test_unsupported_component_keeps_its_text_without_a_box():
    result = run("import Footer from '@/components/Footer.astro'\n\n<Footer>Made by **us**</Footer>\n\nEnd.\n")
    assert "Made by **us**" in result.markdown
    assert "!!!" not in result.markdown and "Unsupported" not in result.markdown
    assert [f.component for f in result.findings] == ["Footer"]


class _IgnoringContext(FakeContext):
    ignored_components = ("Footer", "<script>")


@pytest.mark.parametrize("body", ["<Footer />", "<Footer>text <b>bold</b></Footer>", "<Footer><Footer /></Footer>"])
def test_ignored_components_render_as_nothing_and_are_no_finding(body):
    result = run(f"Top.\n\n{body}\n\nEnd.\n", context=_IgnoringContext())
    assert result.markdown.split() == ["Top.", "End."]
    assert result.findings == ()


def test_remote_schema_is_a_link_only():
    md = run('<RemoteSchema url="https://example.com/s.json" title="Payments schema" />').markdown
    assert md.startswith("[Payments schema](https://example.com/s.json)")


def test_mermaid_file_loader_inlines_the_file():
    context = FakeContext()
    md = run('<MermaidFileLoader file="flow.mmd" />', context=context).markdown
    assert md == "```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n"
    missing = run('<MermaidFileLoader file="gone.mmd" />', context=FakeContext(empty=True))
    assert kinds(missing) == ["unresolved-link"] and missing.markdown == ""


# -- layout components ------------------------------------------------------------------------------------


def test_tiles_become_grid_cards():
    body = (
        "<Tiles >\n"
        '    <Tile icon="DocumentIcon" href="https://x.example/a" title="Changelog"\n'
        '          description="History" />\n'
        "    <Tile\n        icon=\"BoltIcon\"\n        href={`#anchor`}\n        title=\"Anchor\"\n    />\n"
        "</Tiles>\n"
    )
    md = run(body).markdown
    assert md == (
        '<div class="grid cards" markdown>\n\n'
        "- **[Changelog](https://x.example/a)** — History\n"
        "- **[Anchor](#anchor)**\n\n"
        "</div>\n"
    )
    assert '<div class="grid cards">' in html(md) and '<a href="#anchor">Anchor</a>' in html(md)


def test_tile_docs_route_is_mapped_to_our_page():
    context = FakeContext(known={("team", "full-stack"): "Full stack"})
    md = run('<Tiles><Tile href="/docs/teams/full-stack" title="Team" /></Tiles>', context=context).markdown
    assert "[Team](../teams/full-stack/)" in md


def test_attachments_from_frontmatter():
    frontmatter = {"attachments": ["https://a.example/adr", {"url": "https://b.example", "title": "ADR-2",
                                                              "description": "Why Kafka"}]}
    md = run('<Attachments title="Docs" />', frontmatter).markdown
    assert md == (
        "**Docs**\n\n- [https://a.example/adr](https://a.example/adr)\n"
        "- [ADR-2](https://b.example) — Why Kafka\n"
    )


def test_steps_become_an_ordered_list_with_code():
    body = (
        '<Steps title="Connect">\n'
        '  <Step title="Install">\n'
        "    Run this:\n"
        "    ```bash\n"
        "    npm install x\n"
        "    ```\n"
        "  </Step>\n"
        '  <Step title="Use">\n'
        "  Call it.\n"
        "  </Step>\n"
        "</Steps>\n"
    )
    md = run(body).markdown
    assert md == (
        "**Connect**\n\n1. **Install**\n\n    Run this:\n\n    ```bash\n    npm install x\n    ```\n\n"
        "2. **Use**\n\n    Call it.\n"
    )
    rendered = html(md)
    assert "<ol>" in rendered and "npm" in rendered and "<code>" in rendered


def test_tabs_become_content_tabs():
    body = (
        "<Tabs>\n"
        '  <TabItem title="Python">\n\n'
        "    ```python\n    print(1)\n    ```\n"
        "  </TabItem>\n"
        '  <TabItem label="Text">\n'
        "    Hello **there**\n"
        "  </TabItem>\n"
        "</Tabs>\n"
    )
    md = run(body).markdown
    assert md == (
        '=== "Python"\n\n    ```python\n    print(1)\n    ```\n\n'
        '=== "Text"\n\n    Hello **there**\n'
    )
    rendered = html(md)
    assert "tabbed-set" in rendered and "<strong>there</strong>" in rendered


def test_accordion_becomes_details():
    body = (
        "<AccordionGroup>\n"
        '  <Accordion title="Notification">\n'
        "    - Description: a message\n"
        "    - Attributes: id\n"
        "  </Accordion>\n"
        "</AccordionGroup>\n"
    )
    md = run(body).markdown
    assert md == '??? note "Notification"\n\n    - Description: a message\n    - Attributes: id\n'
    assert "<details class=\"note\">" in html(md)


@pytest.mark.parametrize(("given", "expected"), [
    ("info", "info"), ("note", "note"), ("tip", "tip"), ("warning", "warning"), ("danger", "danger"),
    ("alert", "danger"), ("weird", "note"),
])
def test_admonition_types(given, expected):
    md = run(f'<Admonition type="{given}" title="Heads up">\nBe careful.\n</Admonition>').markdown
    assert md == f'!!! {expected} "Heads up"\n\n    Be careful.\n'


def test_admonition_without_title():
    assert run("<Admonition>Plain</Admonition>").markdown == "!!! note\n\n    Plain\n"


def test_directives_become_admonitions():
    body = (":::warning\nThis is **deprecated**.\n:::\n\n:::info[Read me]\nBody\n:::\n\n"
            ":::tip Quick tip\nHi\n:::\n")
    md = run(body).markdown
    assert md == (
        "!!! warning\n\n    This is **deprecated**.\n\n"
        '!!! info "Read me"\n\n    Body\n\n'
        '!!! tip "Quick tip"\n\n    Hi\n'
    )
    assert html(md).count('<div class="admonition ') == 3


def test_visibility():
    body = ('<Visibility for="humans">\nFor people.\n</Visibility>\n\n'
            '<Visibility for="agents">\nFor bots.\n</Visibility>')
    md = run(body).markdown
    assert "For people." in md and "For bots." not in md


def test_embeds_become_plain_links():
    md = run('<Miro boardId="uXjVIHCImos=/" title="Board" />\n\n'
             '<IcePanel url="https://s.icepanel.io/x" />').markdown
    assert "[Board](https://miro.com/app/board/uXjVIHCImos=/)" in md
    assert "[IcePanel diagram](https://s.icepanel.io/x)" in md
    assert "<iframe" not in md
    result = run('<LikeC4View viewId="index" />')
    assert kinds(result) == ["unsupported-component"] and "LikeC4View" in result.markdown


def test_prompt_becomes_a_code_block():
    body = '<Prompt title="Ask">\n  Summarise {the} <b>events</b>.\n</Prompt>'
    md = run(body).markdown
    assert md == "**Ask**\n\n```text\nSummarise {the} <b>events</b>.\n```\n"


def test_openapi_is_reported_with_a_note():
    result = run("<OpenAPI />", {"id": "x", "specifications": {"openapiPath": "openapi.yml"}})
    assert kinds(result) == ["unsupported-component"]
    assert result.markdown.startswith('!!! note "OpenAPI"') and "`openapi.yml`" in result.markdown


def test_frontmatter_tables():
    frontmatter = {
        "id": "x", "x-tier": "gold", "x-backup": {"frequency": "hourly"},
        "properties": [{"name": "id", "type": "UUID", "required": True, "description": "Key | id"}],
        "tools": [{"name": "Lookup", "type": "mcp", "description": "Finds", "url": "https://t.example"}],
    }
    md = run('<CustomProperties title="Meta" />\n\n<CustomProperty name="x-backup" label="Backup" />\n\n'
             "<EntityPropertiesTable />\n\n<AgentTools />", frontmatter).markdown
    assert "| x-tier | gold |" in md and "**Backup:** frequency: hourly" in md
    assert "| id | UUID | yes | Key \\| id |  |" in md
    assert "| Lookup | mcp | Finds | https://t.example |" in md


def test_resource_group_table():
    frontmatter = {"id": "x", "resourceGroups": [{"id": "core", "items": [{"id": "Orders", "type": "service"},
                                                                           {"id": "Nope", "type": "event"}]}]}
    result = run('<ResourceGroupTable id="core" />', frontmatter)
    assert "| [Orders Service](../services/Orders/) | service |" in result.markdown
    assert "| Nope | event |" in result.markdown
    assert kinds(result) == ["unresolved-link"]


# -- links -----------------------------------------------------------------------------------------------


def test_resource_links():
    body = (
        'The <ResourceLink id="Orders" type="service">orders</ResourceLink> and '
        '<ResourceRef id="Orders" collection="services" version="2.0.0" /> and '
        '<Link href="https://example.com">site</Link>.'
    )
    md = run(body).markdown
    assert md == (
        "The [orders](../services/Orders/) and [Orders Service](../services/Orders/2.0.0/) and "
        "[site](https://example.com).\n"
    )


def test_wiki_links():
    context = FakeContext(known={("service", "Orders"): "Orders", ("event", "Placed"): "Order placed",
                                 ("entity", "Customer"): "Customer"})
    md = run("See [[service|Orders]], [[event|Placed@1.0.0]] and [[Customer]].", context=context).markdown
    assert md == ("See [Orders](../services/Orders/), [Order placed](../events/Placed/1.0.0/) and "
                  "[Customer](../entitys/Customer/).\n")
    assert ("resource_link", ("event", "Placed", "1.0.0")) in context.calls


def test_wiki_link_in_a_table_cell_uses_an_escaped_pipe():
    md = run("| Name |\n|---|\n| [[service\\|Orders]] |\n").markdown
    assert md == "| Name |\n|---|\n| [Orders Service](../services/Orders/) |\n"
    assert '<td><a href="../services/Orders/">Orders Service</a></td>' in html(md)


def test_unresolved_links_are_findings_and_stay_visible():
    body = 'Line 1\nA [[service|Ghost]] here.\n<ResourceLink id="Ghost" type="domain">ghosts</ResourceLink>'
    result = run(body)
    assert result.markdown == "Line 1\nA Ghost here.\nghosts\n"
    assert [(f.kind, f.line) for f in result.findings] == [("unresolved-link", 2), ("unresolved-link", 3)]


# -- nesting ---------------------------------------------------------------------------------------------


def test_tabs_containing_admonition():
    body = (
        "<Tabs>\n"
        '  <TabItem title="One">\n'
        '    <Admonition type="warning" title="Careful">\n'
        "      Inner text with [[service|Orders]].\n"
        "    </Admonition>\n"
        "  </TabItem>\n"
        "</Tabs>\n"
    )
    md = run(body).markdown
    assert md == (
        '=== "One"\n\n    !!! warning "Careful"\n\n'
        "        Inner text with [Orders Service](../services/Orders/).\n"
    )
    rendered = html(md)
    assert re.search(r'tabbed-block">\s*<div class="admonition warning">', rendered)


def test_tiles_inside_accordion():
    body = (
        '<Accordion title="Links">\n'
        "  <Tiles>\n"
        '    <Tile href="https://a.example" title="A" description="First" />\n'
        "  </Tiles>\n"
        "</Accordion>\n"
    )
    md = run(body).markdown
    assert md == (
        '??? note "Links"\n\n    <div class="grid cards" markdown>\n\n'
        "    - **[A](https://a.example)** — First\n\n    </div>\n"
    )
    # md_in_html does not reach into indented blocks, but the list still renders inside the grid div,
    # which is all Material's card styles (.grid.cards > ul > li) need.
    rendered = html(md)
    pattern = r'<details class="note">.*<div class="grid cards"[^>]*>\s*<ul>\s*<li>'
    assert re.search(pattern, rendered, re.DOTALL)


def test_component_inside_html_container_gets_markdown_attribute():
    # A raw <div> block is left alone by Python-Markdown; md_in_html's attribute makes the link render.
    body = '<div class="grid">\n    See <ResourceLink id="Orders" type="service" />.\n</div>\n'
    md = run(body).markdown
    assert md == '<div class="grid" markdown>\n\nSee [Orders Service](../services/Orders/).\n\n</div>\n'
    assert '<div class="grid">\n<p>See <a href="../services/Orders/">Orders Service</a>.</p>' in html(md)


def test_lowercase_html_passes_through_unchanged():
    body = ('<div class="note">\n    <p>Hi<br/>there</p>\n    <img src="a.png" alt="A">\n</div>\n\n'
            "A <span>b</span> c\n")
    result = run(body)
    assert result.markdown == body
    assert result.findings == ()


# -- unsupported and malformed ---------------------------------------------------------------------------


def test_unknown_component_is_reported_with_its_line_and_shows_readers_nothing():
    body = "import Footer from '@catalog/components/footer.astro';\n\n# Title\n\n<Footer />\n"
    result = run(body)
    assert result.markdown == "# Title\n"
    assert "footer.astro" in result.findings[0].message
    found = [(f.kind, f.line, f.component) for f in result.findings]
    assert found == [("unsupported-component", 5, "Footer")]


def test_unknown_component_keeps_its_children():
    body = "Text\n\n<Callout kind=\"x\">\n  Keep **me**.\n</Callout>\n"
    result = run(body)
    assert result.markdown == "Text\n\nKeep **me**.\n"
    assert [(f.kind, f.line) for f in result.findings] == [("unsupported-component", 3)]


def test_unclosed_tag_degrades_to_text():
    result = run("Before\n<Admonition type=\"info\">\nInside\n")
    assert "&lt;Admonition type=\"info\">" in result.markdown and "Inside" in result.markdown
    assert [(f.kind, f.line) for f in result.findings] == [("unsupported-component", 2)]
    html(result.markdown)


def test_stray_closing_tag_and_mismatched_nesting():
    result = run("<Tabs>\n<TabItem title=\"a\">\nx\n</Tabs>\n</Steps>\n")
    assert sorted(f.line for f in result.findings) == [2, 5]
    assert "&lt;TabItem" in result.markdown and "&lt;/Steps>" in result.markdown


@pytest.mark.parametrize("body", [
    "a < b and c > d", "x <= 3", "<", "{", "}", "{ unclosed", "<Foo", "<Foo bar=", "<Foo bar=\"x", "</",
    "List<String, String> values", "<<>>", "<>fragment</>", "```", ":::", ":::info\nno end", "{/* open",
    "<Tile title={`${frontmatter.", "[[", "[[|]]", "\\", "<A><B></A></B>", "<div><Foo></div>",
])
def test_malformed_input_never_raises(body):
    result = run(body)
    assert isinstance(result.markdown, str)
    html(result.markdown)


def test_backslash_escapes():
    result = run("Literal \\{braces} and \\<Tag>.")
    assert result.markdown == "Literal \\{braces} and &lt;Tag>.\n"
    assert result.findings == ()
    assert "<p>Literal {braces} and &lt;Tag&gt;.</p>" in html(result.markdown)


def test_stray_brace_is_a_bad_expression():
    result = run("Price is { unclear\n")
    assert kinds(result) == ["bad-expression"] and "{ unclear" in result.markdown


def test_random_garbage_never_raises():
    alphabet = list("<>{}/\"'`=:|[]@*-\\ \n\tabAB") + ["<Tabs>", "</Tabs>", "<TabItem title='x'>", "```",
                                                       ":::info", "{frontmatter.id}", "[[service|Orders]]"]
    rng = random.Random(20240601)
    for _ in range(400):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        result = run(body)
        html(result.markdown)


def test_translate_is_pure():
    body = "<NodeGraph />\n<Footer />\n[[service|Ghost]]"
    assert run(body) == run(body)


def test_findings_are_in_line_order():
    result = run("<Footer />\n[[service|Ghost]]\n{frontmatter.none}\n")
    assert [f.line for f in result.findings] == [1, 2, 3]


# -- the conformance catalogs --------------------------------------------------------------------------------


def _catalog_bodies() -> list[Path]:
    return sorted(CONFORMANCE.rglob("index.mdx")) if CONFORMANCE.is_dir() else []


def _split(text: str) -> tuple[dict, str]:
    """Split a simple ``---`` frontmatter fence from the body."""
    if text.startswith("---"):
        parts = text.split("---", 2)
        if len(parts) == 3:
            try:
                loaded = yaml.safe_load(parts[1])
            except yaml.YAMLError:
                loaded = None
            return (loaded if isinstance(loaded, dict) else {}), parts[2]
    return {}, text


@pytest.mark.skipif(not CONFORMANCE.is_dir(), reason=f"conformance catalogs not found at {CONFORMANCE}")
@pytest.mark.parametrize("path", _catalog_bodies(), ids=lambda p: str(p.relative_to(CONFORMANCE)))
def test_conformance_bodies_translate_and_render(path: Path):
    frontmatter, body = _split(path.read_text(encoding="utf-8"))
    result = translate(body, frontmatter=frontmatter, context=FakeContext())
    html(result.markdown)
    for finding in result.findings:
        assert finding.kind in {"unsupported-component", "unresolved-link", "bad-expression"}
        assert 1 <= finding.line <= body.count("\n") + 1


def test_conformance_catalogs_present_or_skipped():
    if not CONFORMANCE.is_dir():
        pytest.skip(f"conformance catalogs not found at {CONFORMANCE}")
    assert _catalog_bodies()
