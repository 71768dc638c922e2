r"""Catalog text that tries to break out of generated code: it stays a literal or a comment.

A message named X\"\"\" + __import__("os").system("id") + \"\"\" once closed the docstring of the Python
snippet and became code. Every value a catalog controls (names, ids, versions, service and channel ids,
addresses, parameter names and descriptions, binding settings, example payload keys and values) is
filled with payloads here; Python snippets must parse and contain no call the templates did not write,
JavaScript snippets must pass ``node --check``.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.snippets import ChannelInfo, ParameterInfo, SnippetInput, generate

PY_BREAKOUT = 'X""" + __import__("os").system("id") + """'
JS_BREAKOUT = "X*/ require('child_process').execSync('id') /*\n// `${process.exit(1)}` \u2028 \\"
HOSTILE = PY_BREAKOUT + JS_BREAKOUT


def _inputs(protocol: str) -> SnippetInput:
    bindings = {
        "amqp": {"exchange": HOSTILE, "exchangeType": HOSTILE, "queue": HOSTILE},
        "eventbridge": {"source": HOSTILE},
        "http": {"method": 'POST(self): pass\n    import os  #', "signatureHeader": HOSTILE},
    }
    channel = ChannelInfo(
        id=HOSTILE, address=f"{HOSTILE}/{{tenant{HOSTILE}}}/x", protocols=(protocol,),
        parameters={f"tenant{HOSTILE}": ParameterInfo(enum=(HOSTILE,), default=HOSTILE, description=HOSTILE)},
        bindings=bindings)
    return SnippetInput(
        message_id=HOSTILE, message_name=HOSTILE, message_version=HOSTILE,
        schema={"type": "object", "properties": {HOSTILE: {"type": "string", "description": HOSTILE}}},
        schema_format="json-schema", payload={HOSTILE: HOSTILE, "nested": {HOSTILE: [HOSTILE]}},
        key_field=HOSTILE, detail_type=HOSTILE, channel=channel, producer=HOSTILE, consumer=HOSTILE)


SNIPPETS = [s for protocol in ("kafka", "amqp", "eventbridge", "http") for s in generate(_inputs(protocol))]

# The calls the shipped templates make; a call to anything else would be injected code.
_INJECTED = {"__import__", "system", "exec", "eval", "execSync"}


def _called_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if s.language == "python"], ids=lambda s: s.title)
def test_python_snippet_parses_and_the_name_is_only_text(snippet) -> None:
    tree = ast.parse(snippet.code)
    assert not _called_names(tree) & _INJECTED, snippet.code
    docstring = ast.get_docstring(tree)
    assert docstring is not None and "__import__" in docstring  # the name is still shown, as text


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if s.language == "javascript"], ids=lambda s: s.title)
def test_javascript_snippet_passes_node_check(snippet, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    path = tmp_path / "snippet.mjs"
    path.write_text(snippet.code, encoding="utf-8")
    done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{done.stderr}\n{snippet.code}"
    # Outside string literals and comments the payload never appears: strip both and look.
    assert "execSync('id')" not in _code_only(snippet.code), snippet.code


def _code_only(code: str) -> str:
    """JavaScript with comments and string/template literals blanked (a small scanner; no JS parser here)."""
    out, index, quote = [], 0, None
    while index < len(code):
        char = code[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = None
        elif code.startswith("//", index):
            index = code.find("\n", index) if "\n" in code[index:] else len(code)
            continue
        elif code.startswith("/*", index):
            index = code.find("*/", index) + 2
            continue
        elif char in "\"'`":
            quote = char
        else:
            out.append(char)
        index += 1
    return "".join(out)


def test_every_protocol_and_language_was_generated() -> None:
    assert {(s.protocol, s.language) for s in SNIPPETS} == {
        (p, lang) for p in ("kafka", "amqp", "eventbridge", "http") for lang in ("python", "javascript")}
