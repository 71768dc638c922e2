"""Fixtures of the snippet tests; the cases and helpers live in snippet_harness.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from snippet_harness import SnippetRunner


@pytest.fixture
def runner(tmp_path: Path) -> SnippetRunner:
    """Runs generated snippets in a fresh interpreter, the recording fakes first on its path."""
    return SnippetRunner(tmp_path)
