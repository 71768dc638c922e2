"""The bounds every YAML text passes before it is loaded: alias bombs and deep nesting are refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.catalog.yamlbounds import MAX_YAML_DEPTH, exceeds_bounds
from generator.schemas.jsontext import load_with_positions
from generator.settings import ConfigError, read_mkdocs_yml


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    """The classic alias bomb: each level refers to the one before ``width`` times."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_at_its_line_without_expanding_it():
    started = time.perf_counter()
    problem = exceeds_bounds(billion_laughs())
    assert time.perf_counter() - started < 1  # the bound the issue asks for: a fraction of a second
    assert problem is not None and "alias bomb" in problem.message
    assert problem.line == 5  # 0-based: l5 stands for over a million values


def test_ordinary_yaml_and_modest_aliases_pass():
    assert exceeds_bounds("id: a\nname: A\nowners: [jdoe]\n") is None
    assert exceeds_bounds(billion_laughs(levels=3)) is None  # about a thousand values


def test_a_self_referring_alias_is_refused():
    problem = exceeds_bounds("a: &a\n  - x\n  - *a\n")
    assert problem is not None and problem.line == 2 and "own anchor" in problem.message


def test_depth_beyond_the_limit_is_refused_at_the_first_deep_line():
    text = "".join("  " * level + f"k{level}:\n" for level in range(MAX_YAML_DEPTH + 5)) + "end\n"
    problem = exceeds_bounds(text)
    assert problem is not None and problem.line == MAX_YAML_DEPTH  # the mapping that opens level 201


def test_a_schema_or_example_bomb_is_a_syntax_problem_at_its_line():
    loaded = load_with_positions("type: object\n" + billion_laughs(), "yaml")
    assert loaded.data is None
    assert loaded.error is not None and loaded.error.line == 7 and "alias bomb" in loaded.error.message


def test_a_bomb_in_mkdocs_yml_is_a_config_error(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n" + billion_laughs(), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mkdocs.yml:7: aliases expand to more than"):
        read_mkdocs_yml(config)
