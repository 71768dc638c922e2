"""Tokens → a tree of elements: tags matched by a stack, unclosed or stray tags degraded to text."""

from __future__ import annotations

from generator.mdx.markdown import _escape
from generator.mdx.model import UNSUPPORTED, _Code, _Element, _Expr, _Node, _Report, _Tag, _Text


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
