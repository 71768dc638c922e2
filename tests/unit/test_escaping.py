"""The escaping layer, context by context: what goes in hostile comes out as text the reader sees."""

from __future__ import annotations

import ast
import html
import json
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from markupsafe import Markup

from generator import escaping, mdx
from generator.mdx.body_html import safe_link_targets, sanitize_body_html
from generator.render.templating import environment
from generator.settings import ConfigError, settings_from_block

EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "abbr", "def_list"]


def html_of(text: str) -> str:
    """What Python-Markdown, with the extensions evcat enables, makes of ``text``."""
    return markdown.markdown(text, extensions=EXTENSIONS)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements_of(rendered: str) -> list[tuple[str, dict[str, str | None]]]:
    """The (tag, attributes) of every element a browser would build from ``rendered``."""
    parser = _Elements()
    parser.feed(rendered)
    return parser.found


def handlers_of(rendered: str) -> list[str]:
    return [name for _, attrs in elements_of(rendered) for name in attrs if name.startswith("on")]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)", "\x01javascript:x",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd", "jar:x",
])
def test_unsafe_urls_become_harmless(url: str) -> None:
    assert escaping.safe_url(url) == escaping.HARMLESS_URL


@pytest.mark.parametrize("url", [
    "https://example.com/a?b=c#d", "http://x", "mailto:team@example.com", "../events/X/index.md", "#top",
    "/abs/path", "page.md", "?q=1", "//cdn.example.com/x",
])
def test_safe_urls_are_kept(url: str) -> None:
    assert escaping.safe_url(url) == url


def test_html_text_and_attribute() -> None:
    assert escaping.html_text('<img src=x onerror="a">') == "&lt;img src=x onerror=&quot;a&quot;&gt;"
    assert escaping.html_attr('"><svg onload=1>\n') == "&quot;&gt;&lt;svg onload=1&gt;&#10;"


@pytest.mark.parametrize("text", [
    "user:<id> for people", '<img src=x onerror="alert(1)">', "[click](javascript:alert(1))",
    "![x](javascript:1)", "*bold* _em_ `code` {: onclick=\"x\" }", "a | b", "<script>alert(1)</script>",
    "&lt;b&gt; stays as written", "x\\y", "# not a heading\n- not a list\n1. not a list",
])
def test_markdown_text_renders_as_exactly_the_text(text: str) -> None:
    rendered = html_of("Before " + escaping.md_text(text))
    assert [tag for tag, _ in elements_of(rendered)] == ["p"], rendered
    shown = rendered.removeprefix("<p>").removesuffix("</p>").replace("\n", " ")
    assert html.unescape(shown) == "Before " + text.replace("\n", " ")


def test_schema_description_with_angle_brackets_keeps_its_text() -> None:
    rendered = html_of(escaping.md_text("user:<id> for people"))
    assert "user:&lt;id&gt; for people" in rendered


def test_markdown_table_cell_keeps_the_row_together() -> None:
    cell = escaping.md_cell("a | b\nc <script>")
    table = html_of(f"| A | B |\n| --- | --- |\n| {cell} | end |")
    assert table.count("<td>") == 2 and "end</td>" in table and "<script" not in table


def test_markdown_link_label_is_text_and_target_is_allowlisted() -> None:
    assert escaping.md_link("x](javascript:1)", "javascript:alert(1)") == r"[x\](javascript:1)](#)"
    assert 'href="https://a.b/c"' in html_of(escaping.md_link("ok", "https://a.b/c"))


def test_fenced_code_cannot_be_closed_from_inside() -> None:
    block = escaping.fenced("```\n<script>x</script>\n````", "json", 'a "title"')
    assert block.startswith('`````json title="a \'title\'"')
    assert block.endswith("\n`````")


def test_mermaid_label_has_no_syntax_characters() -> None:
    label = escaping.mermaid_label('a|b"c<d>[e]{f}#g\nh')
    assert not set(label) & set('|"<>[]{}\n')
    assert label.startswith("a#124;b#quot;c")


def test_python_and_javascript_literals_round_trip() -> None:
    payload = 'X""" + __import__("os").system("id") + """\n\u2028\'`${x}</script>'
    assert ast.literal_eval(escaping.py_literal(payload)) == payload
    js = escaping.js_literal(payload)
    assert json.loads(js) == payload and "</script>" not in js


def test_comment_text_is_one_inert_line() -> None:
    text = escaping.comment_text('a"""b\n*/ ${x} `\\\u2028c')
    assert "\n" not in text and '"' not in text and "*/" not in text and "${" not in text
    assert "\\" not in text and "`" not in text and "\u2028" not in text


@pytest.mark.parametrize(("name", "expected"), [
    ("order-created", "order_created"), ("1st", "_1st"), ("class", "class_"), ("", "value"),
    ('x"); import os #', "x_import_os"), ("Café", "Cafe"),
])
def test_identifier(name: str, expected: str) -> None:
    assert escaping.identifier(name) == expected
    assert escaping.identifier(name).isidentifier()


def test_sanitize_html_keeps_formatting_and_drops_script() -> None:
    clean = escaping.sanitize_html(
        '<details open><summary>s</summary><table><tr><td colspan="2">t</td></tr></table></details>'
        '<img src="a.png" onerror="x()"><a href="JaVaScRiPt:x()" onclick="y()">l</a>'
        '<iframe src="https://evil"></iframe><script>z()</script><p style="position:fixed">p</p>')
    assert "<details open" in clean and "<summary>" in clean and 'colspan="2"' in clean
    assert 'src="a.png"' in clean and "onerror" not in clean and "onclick" not in clean
    assert "javascript" not in clean.lower() and "iframe" not in clean and "script" not in clean
    assert "style" not in clean


def test_body_html_tags_are_sanitised_in_markdown() -> None:
    body = ('Text <img/src=x onerror=alert(1)> and <b onmouseover="x">bold</b> <https://example.com>\n'
            '<div title=">" onclick="y">z</div>\n<script>\nalert(1)\n</script>\n<!-- <img src=x onerror=a> -->')
    clean = sanitize_body_html(body)
    rendered = html_of(clean)
    assert handlers_of(rendered) == [] and "alert(1)" not in rendered
    assert "<b>bold</b>" in rendered and 'href="https://example.com"' in rendered
    assert {tag for tag, _ in elements_of(rendered)} <= {"p", "img", "b", "a", "div"}


def test_markdown_link_targets_and_attribute_lists_are_cleaned() -> None:
    body = ("[a](javascript:alert(1)) [b]( JaVaScRiPt:x) ![c](data:text/html,x) [ok](https://e.com)\n\n"
            "[ref]: javascript:alert(2)\n\n# Head { onclick=\"alert(3)\" .cls }\n")
    rendered = html_of(safe_link_targets(body))
    assert "javascript" not in rendered.lower() and "data:" not in rendered and "onclick" not in rendered
    assert 'href="https://e.com"' in rendered and 'class="cls"' in rendered


def test_templates_escape_catalog_values_by_default() -> None:
    env = environment()
    template = env.from_string("# {{ name }}\n\n{{ name | cell }} {{ url | url }} {{ body }}")
    out = template.render(name="<img src=x onerror=1> [x](javascript:1)", url="javascript:1",
                          body=Markup("**generated**"))
    rendered = html_of(out)
    assert {tag for tag, _ in elements_of(rendered)} == {"h1", "p", "strong"}, rendered
    assert "<strong>generated</strong>" in rendered and " # " in out  # the unsafe URL became '#'
    assert "&lt;img src=x onerror=1&gt; [x](javascript:1)</h1>" in rendered


def test_schema_field_table_keeps_a_description_with_angle_brackets() -> None:
    row = {"name": "adjustedBy", "type": "union<null, string>", "required": False, "depth": 0,
           "description": "user:<id> for people | <script>x</script>", "default": None, "constraints": []}
    table = environment().get_template("partials/fields.md.j2").render(rows=[row])
    assert "user:&lt;id&gt; for people \\| &lt;script&gt;x&lt;/script&gt;" in table
    rendered = html_of(table)
    assert "user:&lt;id&gt; for people | &lt;script&gt;" in rendered and rendered.count("<td>") == 4


def test_the_golden_message_page_shows_the_schema_description_as_text() -> None:
    golden = Path(__file__).resolve().parents[1] / "golden" / "catalog" / "events" / "InventoryAdjusted"
    page = (golden / "index.md").read_text(encoding="utf-8")
    assert "Who posted the change: user:&lt;id&gt; for people, client:&lt;id&gt; for systems" in page


class _Context:
    """The least a translator needs: no catalog, only the trust setting."""

    def __init__(self, trusted: bool) -> None:
        self.trusted_html = trusted

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: None


BODY = '<p onclick="x()">Hi</p>\n\n<iframe src="https://example.com/embed"></iframe>\n\n[a](javascript:y())\n'


def test_raw_html_in_a_body_is_sanitised_by_default() -> None:
    markdown_text = mdx.translate(BODY, frontmatter={}, context=_Context(False)).markdown
    assert "onclick" not in markdown_text and "iframe" not in markdown_text and "<p>Hi</p>" in markdown_text
    assert "javascript" not in markdown_text


def test_trusted_html_passes_raw_html_but_still_filters_link_targets() -> None:
    markdown_text = mdx.translate(BODY, frontmatter={}, context=_Context(True)).markdown
    assert '<p onclick="x()">Hi</p>' in markdown_text and "<iframe" in markdown_text
    assert "javascript" not in markdown_text


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False)])
def test_trusted_html_setting(tmp_path, value: bool, expected: bool) -> None:
    assert settings_from_block({"trusted_html": value}, tmp_path, None, None).trusted_html is expected
    assert settings_from_block({}, tmp_path, None, None).trusted_html is False


def test_trusted_html_must_be_a_boolean(tmp_path) -> None:
    with pytest.raises(ConfigError, match="trusted_html must be true or false"):
        settings_from_block({"trusted_html": "yes"}, tmp_path, None, None)


@pytest.mark.parametrize(("value", "expected"), [
    ("domains/Inventory/index.mdx", "<code>domains/<wbr>Inventory/<wbr>index.mdx</code>"),
    ("../<script>/x|y", "<code>../<wbr>&lt;script&gt;/<wbr>x&#124;<wbr>y</code>"),
    ('"""', "<code>&quot;&quot;&quot;</code>"),
])
def test_path_code_breaks_only_after_slashes(value: str, expected: str) -> None:
    assert escaping.md_path_code(value) == expected
