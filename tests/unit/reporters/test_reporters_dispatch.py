"""The reporters package: format choice, dispatch and the shared contract of every reporter."""

from __future__ import annotations

import copy

import pytest

from generator import reporters

COMMON = {"tool_version": "0.1.0", "catalog_root": "catalog", "color": False}


@pytest.mark.parametrize(
    ("requested", "env", "expected"),
    [
        (None, {}, "text"),
        (None, {"GITHUB_ACTIONS": "true"}, "github"),
        (None, {"GITHUB_ACTIONS": "false"}, "text"),
        (None, {"GITHUB_ACTIONS": ""}, "text"),
        (None, {"CI": "true"}, "text"),
        ("json", {"GITHUB_ACTIONS": "true"}, "json"),  # an explicit choice wins
        ("text", {"GITHUB_ACTIONS": "true"}, "text"),
        ("sarif", {}, "sarif"),
    ],
)
def test_choose_format(requested, env, expected):
    assert reporters.choose_format(requested, env) == expected


def test_choose_format_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown report format 'xml'.*text, json, junit, sarif, github"):
        reporters.choose_format("xml", {})


def test_registered_formats():
    assert list(reporters.REPORTERS) == ["text", "json", "junit", "sarif", "github"]


def test_render_dispatches_to_the_named_reporter(mixed):
    for name, reporter in reporters.REPORTERS.items():
        assert reporters.render(name, mixed, checked_files=3, **COMMON) == reporter(
            mixed, checked_files=3, **COMMON
        )


def test_render_rejects_unknown_formats(mixed):
    with pytest.raises(ValueError, match="unknown report format"):
        reporters.render("yaml", mixed, **COMMON)


@pytest.mark.parametrize("name", list(reporters.REPORTERS))
def test_reporters_are_pure(name, mixed, capsys):
    before = copy.deepcopy(mixed.items)
    first = reporters.render(name, mixed, **COMMON)
    assert reporters.render(name, mixed, **COMMON) == first  # deterministic
    assert mixed.items == before  # input untouched
    assert capsys.readouterr() == ("", "")  # returns, never prints
    assert first.endswith("\n") and not first.endswith("\n\n")


@pytest.mark.parametrize("name", list(reporters.REPORTERS))
def test_every_reporter_accepts_every_option(name, build):
    output = reporters.REPORTERS[name](
        build(),
        checked_files=None,
        rules_uri="https://x.example/r",
        information_uri="https://x.example/",
        **COMMON,
    )
    assert isinstance(output, str)
