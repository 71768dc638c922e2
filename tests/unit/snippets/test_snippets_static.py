"""Every generated snippet is valid code: Python compiles and passes ruff, JavaScript passes node --check."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from snippet_harness import RUFF_ARGS, generated_snippets, ruff_command, skip_or_fail, snippet_id

from generator.snippets import Snippet

SNIPPETS = generated_snippets()
PYTHON = [s for s in SNIPPETS if s[1].language == "python"]
JAVASCRIPT = [s for s in SNIPPETS if s[1].language == "javascript"]


def test_every_case_yields_both_languages_and_roles() -> None:
    for case in {name for name, _ in SNIPPETS}:
        kinds = {(s.language, s.role) for name, s in SNIPPETS if name == case}
        assert kinds == {(lang, role) for lang in ("python", "javascript") for role in ("producer", "consumer")}


@pytest.mark.parametrize("item", PYTHON, ids=snippet_id)
def test_python_snippet_compiles_and_passes_ruff(item: tuple[str, Snippet], tmp_path: Path) -> None:
    _, s = item
    compile(s.code, f"<{s.title}>", "exec")
    path = tmp_path / "snippet.py"
    path.write_text(s.code, encoding="utf-8")
    done = subprocess.run([*ruff_command(), *RUFF_ARGS, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"ruff on {s.title}:\n{done.stdout}{done.stderr}\n{s.code}"


@pytest.mark.parametrize("item", JAVASCRIPT, ids=snippet_id)
def test_javascript_snippet_passes_node_check(item: tuple[str, Snippet], tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node is not installed")
    _, s = item
    path = tmp_path / "snippet.mjs"  # the snippets are ES modules (import, top-level await)
    path.write_text(s.code, encoding="utf-8")
    done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"node --check on {s.title}:\n{done.stderr}\n{s.code}"


@pytest.mark.parametrize("item", SNIPPETS, ids=snippet_id)
def test_snippet_never_repeats_known_bugs(item: tuple[str, Snippet]) -> None:
    """Bugs found in hand-written snippets: deprecated utcnow, a serializer on the consuming side."""
    _, s = item
    assert "utcnow" not in s.code
    if s.role == "consumer":
        assert "value_serializer" not in s.code and "valueSerializer" not in s.code
    assert s.lang_tag == s.language
