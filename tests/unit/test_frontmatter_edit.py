"""The in-place frontmatter edit: the user's bytes kept, or the edit refused."""

from __future__ import annotations

import pytest

from generator.authoring.frontmatter_edit import edit_frontmatter
from generator.authoring.writes import AuthoringError


def add_b(data: dict) -> None:
    data.setdefault("sends", []).append({"id": "B"})


@pytest.mark.parametrize("style", ["  - id: A\n", "- id: A\n", "    - id: A\n", "    -   id: A\n"])
def test_each_list_style_is_kept(style: str) -> None:
    text = f"---\nid: S  # c\nsends:\n{style}---\nbody\n"
    edited = edit_frontmatter(text, add_b, file="s.mdx")
    assert edited == text.replace(style, style + style.replace("A", "B"))


def test_a_missing_list_is_added_at_the_end_and_the_body_is_untouched() -> None:
    body = "\n---\nnot frontmatter: {x}\n\r\n"
    edited = edit_frontmatter("---\nid: S\n---" + body, add_b, file="s.mdx")
    assert edited == "---\nid: S\nsends:\n  - id: B\n---" + body


def test_windows_line_ends_in_the_body_are_kept() -> None:
    edited = edit_frontmatter("---\nid: S\n---\r\nline\r\n", add_b, file="s.mdx")
    assert edited.endswith("---\r\nline\r\n")


@pytest.mark.parametrize("text,said", [
    ("no frontmatter\n", "no frontmatter block"),
    ("---\n- a list\n---\n", "not a mapping"),
    ("---\nid: [unclosed\n---\n", "not valid YAML"),
    ("---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n",
     "too deep or too large"),
])
def test_what_cannot_be_edited_is_refused(text: str, said: str) -> None:
    with pytest.raises(AuthoringError, match=said):
        edit_frontmatter(text, add_b, file="s.mdx")
