"""The one version resolver (catalog-format.md §2): ordering, latest, exact, ranges, reverse attachment."""

from __future__ import annotations

import pytest

from generator.catalog import versions
from generator.catalog.versions import attaches_to, coerce, is_semver, matching, resolve, sort_versions

AVAILABLE = ["0.0.1", "1.0.0", "1.0.1", "1.2.3", "2.0.0"]


# --- ordering -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unordered", "expected"),
    [
        pytest.param(["0.15.0", "0.2.1"], ["0.2.1", "0.15.0"], id="minor-numbers-not-text (#1048)"),
        pytest.param(["100", "99"], ["99", "100"], id="integers-not-text (generators #405)"),
        pytest.param(["v2", "v1", "v10"], ["v1", "v2", "v10"], id="leading-v"),
        pytest.param(["1.0.1", "1"], ["1", "1.0.1"], id="bare-major-coerced"),
        pytest.param(["1.0.0", "1.0.0-beta"], ["1.0.0-beta", "1.0.0"], id="prerelease-before-release"),
        pytest.param(["1.0.0", "1.0.0-rc.1", "1.0.0-alpha"], ["1.0.0-alpha", "1.0.0-rc.1", "1.0.0"],
                     id="prereleases-by-semver-precedence"),
        pytest.param(["2.0.0", "1.10.0", "1.9.9"], ["1.9.9", "1.10.0", "2.0.0"], id="plain-semver"),
    ],
)
def test_sort_versions_uses_semver_order_when_every_version_coerces(unordered, expected):
    assert sort_versions(unordered) == expected


def test_sort_versions_falls_back_to_string_order_when_one_version_is_not_semver():
    # "draft" does not coerce, so the whole list is sorted as text (the stated fallback), which puts
    # "10.0.0" before "9.0.0".
    assert sort_versions(["9.0.0", "draft", "10.0.0"]) == ["10.0.0", "9.0.0", "draft"]


def test_sort_versions_removes_duplicates_and_keeps_verbatim_strings():
    assert sort_versions(["1.0.0", "v1.1.0", "1.0.0"]) == ["1.0.0", "v1.1.0"]


def test_sort_versions_of_nothing_is_empty():
    assert sort_versions([]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", "1.0.0"), ("v2", "2.0.0"), ("1.2", "1.2.0"), ("0.15.0", "0.15.0"), ("V3.1.4", "3.1.4"),
     ("1.0.0-rc.1", "1.0.0-rc.1")],
)
def test_coerce_reads_short_and_prefixed_versions(text, expected):
    assert str(coerce(text)) == expected


@pytest.mark.parametrize("text", ["", "abc", "latest", "1.0.0abc", "1.2.3.4", "draft-1"])
def test_coerce_rejects_non_versions(text):
    assert coerce(text) is None


def test_is_semver_is_strict():
    assert is_semver("1.0.0")
    assert is_semver("1.0.0-rc.1+build.5")
    assert not is_semver("1.0")
    assert not is_semver("v1.0.0")
    assert not is_semver("1")


# --- latest / missing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("requested", [None, "latest", "", "  "])
def test_latest_or_missing_resolves_to_highest(requested):
    assert resolve(requested, AVAILABLE) == "2.0.0"
    assert matching(requested, AVAILABLE) == ["2.0.0"]


def test_latest_uses_semver_order_not_text_order():
    assert resolve("latest", ["0.2.1", "0.15.0"]) == "0.15.0"
    assert resolve(None, ["99", "100"]) == "100"


def test_latest_attaches_only_to_the_latest_version():
    assert attaches_to("latest", AVAILABLE) == ["2.0.0"]
    assert attaches_to(None, AVAILABLE) == ["2.0.0"]


# --- exact --------------------------------------------------------------------------------------------


def test_exact_version_selects_only_that_version():
    assert resolve("1.0.1", AVAILABLE) == "1.0.1"
    assert matching("1.0.1", AVAILABLE) == ["1.0.1"]
    assert attaches_to("1.0.1", AVAILABLE) == ["1.0.1"]


def test_exact_string_match_wins_over_range_reading_of_v1():
    # As a range "v1" would mean 1.x; an exact string match comes first.
    assert matching("v1", ["v1", "v2"]) == ["v1"]
    assert resolve("v2", ["v1", "v2"]) == "v2"


def test_exact_non_semver_string_matches_verbatim():
    assert resolve("draft", ["1.0.0", "draft"]) == "draft"


def test_exact_prerelease_matches_only_the_prerelease():
    assert matching("1.0.0-beta", ["1.0.0-beta", "1.0.0"]) == ["1.0.0-beta"]


def test_exact_version_written_with_v_prefix_finds_semver():
    assert resolve("v1.0.1", AVAILABLE) == "1.0.1"


# --- ranges -------------------------------------------------------------------------------------------


def test_caret_range_selects_every_satisfying_version_and_resolves_to_highest():
    assert matching("^1.0.0", AVAILABLE) == ["1.0.0", "1.0.1", "1.2.3"]
    assert resolve("^1.0.0", AVAILABLE) == "1.2.3"
    assert attaches_to("^1.0.0", AVAILABLE) == ["1.0.0", "1.0.1", "1.2.3"]


def test_caret_range_on_zero_major_compares_minors_numerically():
    assert matching("^0.2.0", ["0.2.1", "0.15.0", "0.2.9"]) == ["0.2.1", "0.2.9"]


def test_tilde_range_keeps_the_minor():
    assert matching("~1.2.0", ["1.1.9", "1.2.0", "1.2.7", "1.3.0"]) == ["1.2.0", "1.2.7"]
    assert resolve("~1.2.0", AVAILABLE) == "1.2.3"


def test_x_range_selects_the_major():
    assert matching("1.x", AVAILABLE) == ["1.0.0", "1.0.1", "1.2.3"]
    assert resolve("1.x", AVAILABLE) == "1.2.3"


def test_x_range_matches_non_semver_versions_by_prefix():
    assert resolve("1.x", ["1.0.0", "1.7", "2.0.0"]) == "1.7"
    assert matching("1.x", ["1.0.0", "1.7", "2.0.0"]) == ["1.0.0", "1.7"]
    # "1.final" never coerces to semver: only the prefix rule can select it.
    assert matching("1.x", ["1.final", "2.final"]) == ["1.final"]
    assert resolve("1.x", ["1.final", "10.final"]) == "1.final"


def test_greater_or_equal_major_range():
    assert matching(">=1", ["0.9.0", "1.0.0", "2.0.0"]) == ["1.0.0", "2.0.0"]
    assert resolve(">=1", AVAILABLE) == "2.0.0"


def test_zero_zero_x_range():
    assert matching("0.0.x", ["0.0.1", "0.0.2", "0.1.0"]) == ["0.0.1", "0.0.2"]
    assert resolve("0.0.x", AVAILABLE) == "0.0.1"


def test_range_over_v_prefixed_versions():
    assert matching("^1.0.0", ["v1.0.0", "v1.4.0", "v2.0.0"]) == ["v1.0.0", "v1.4.0"]


# --- nothing matches ----------------------------------------------------------------------------------


@pytest.mark.parametrize("requested", ["3.x", "^3.0.0", "9.9.9", "~0.5.0", ">=5", "nonsense"])
def test_nothing_matching_gives_none_and_no_attachment(requested):
    assert resolve(requested, AVAILABLE) is None
    assert matching(requested, AVAILABLE) == []
    assert attaches_to(requested, AVAILABLE) == []


@pytest.mark.parametrize("requested", [None, "latest", "1.0.0", "^1.0.0", "1.x"])
def test_empty_availability_matches_nothing(requested):
    assert resolve(requested, []) is None
    assert matching(requested, []) == []
    assert attaches_to(requested, []) == []


def test_results_are_oldest_first_regardless_of_input_order():
    shuffled = ["1.2.3", "0.0.1", "2.0.0", "1.0.0", "1.0.1"]
    assert matching("^1.0.0", shuffled) == ["1.0.0", "1.0.1", "1.2.3"]
    assert versions.LATEST == "latest"
