"""Confluent modes (which pairs) and semver discipline (which bump)."""

from __future__ import annotations

import pytest

from generator.compat import Change, actual_bump, allows, pairs_for, required_bump
from generator.compat.modes import pairs_ending_at

VERSIONS = ["1.0.0", "1.1.0", "2.0.0"]


def pairs(mode: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(p.older, p.newer, p.directions) for p in pairs_for(mode, VERSIONS)]


def test_non_transitive_modes_check_the_latest_earlier_version_only() -> None:
    assert pairs("BACKWARD") == [("1.0.0", "1.1.0", ("backward",)), ("1.1.0", "2.0.0", ("backward",))]
    assert pairs("FORWARD") == [("1.0.0", "1.1.0", ("forward",)), ("1.1.0", "2.0.0", ("forward",))]
    assert pairs("FULL") == [("1.0.0", "1.1.0", ("backward", "forward")), ("1.1.0", "2.0.0", ("backward", "forward"))]


def test_transitive_modes_check_every_earlier_version() -> None:
    assert pairs("BACKWARD_TRANSITIVE") == [("1.0.0", "1.1.0", ("backward",)), ("1.0.0", "2.0.0", ("backward",)),
                                            ("1.1.0", "2.0.0", ("backward",))]
    assert [(o, n) for o, n, _ in pairs("FULL_TRANSITIVE")] == [("1.0.0", "1.1.0"), ("1.0.0", "2.0.0"),
                                                                ("1.1.0", "2.0.0")]
    assert pairs("FORWARD_TRANSITIVE")[1] == ("1.0.0", "2.0.0", ("forward",))


def test_none_checks_nothing_and_unknown_modes_are_refused() -> None:
    assert pairs("NONE") == []
    with pytest.raises(ValueError, match="SOMETIMES"):
        pairs_for("SOMETIMES", VERSIONS)


def test_pairs_ending_at_one_version() -> None:
    assert [p.older for p in pairs_ending_at("BACKWARD_TRANSITIVE", VERSIONS, "2.0.0")] == ["1.0.0", "1.1.0"]
    assert pairs_ending_at("BACKWARD", VERSIONS, "1.0.0") == []


READERS = Change("REQUIRED_ATTRIBUTE_ADDED", "/required", True, False, "required attribute added")
WRITERS = Change("ENUM_ARRAY_EXTENDED", "/enum", False, True, "enum array extended")
SAFE = Change("DESCRIPTION_CHANGED", "/description", False, False, "description changed")


def test_required_bump_depends_on_the_mode() -> None:
    assert required_bump([READERS], "BACKWARD", "1.2.0") == "major"
    assert required_bump([READERS], "FORWARD", "1.2.0") == "minor"
    assert required_bump([WRITERS], "FORWARD_TRANSITIVE", "1.2.0") == "major"
    assert required_bump([WRITERS], "FULL", "1.2.0") == "major"
    assert required_bump([READERS, WRITERS], "NONE", "1.2.0") == "minor"
    assert required_bump([SAFE], "FULL", "1.2.0") == "minor"
    assert required_bump([], "FULL", "1.2.0") is None


def test_zero_major_versions_may_break_with_a_minor_bump() -> None:
    assert required_bump([READERS], "BACKWARD", "0.3.1") == "minor"
    assert allows("minor", "major", "0.3.1")
    assert not allows("patch", "minor", "0.3.1")
    assert not allows("minor", "major", "1.3.1")
    assert allows("major", "major", "1.3.1")


def test_actual_bump() -> None:
    assert actual_bump("1.0.0", "2.0.0") == "major"
    assert actual_bump("1.0.0", "1.1.0") == "minor"
    assert actual_bump("1.0.0", "1.0.1") == "patch"
    assert actual_bump("0.1.0", "1.0.0") == "major"
    assert actual_bump("1", "2") == "major"
    assert actual_bump("2.0.0", "1.0.0") is None
    assert actual_bump("draft", "1.0.0") is None
    assert not allows(None, "major", "draft")
