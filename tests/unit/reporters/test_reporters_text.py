"""The text reporter: line format, hint lines, colour and the summary sentence."""

from __future__ import annotations

import re

import pytest

from generator.diagnostics import Diagnostic, Location, Severity
from generator.diagnostics.codes import rule
from generator.reporters import text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(diagnostics, *, color=False, checked_files=None) -> str:
    return text.render(
        diagnostics, tool_version="0.1.0", catalog_root="catalog", color=color, checked_files=checked_files
    )


def test_findings_in_report_order_with_hint_and_summary(mixed):
    assert render(mixed, checked_files=12) == (
        "<catalog>: error[EC001] cannot read 'catalog': permission denied\n"
        "events/OrderPlaced/index.mdx:4:10: warning[EC104] version '1.0' is not semver\n"
        "events/OrderPlaced/index.mdx:7:5: error[EC201] unknown owner 'msmiht' in owners\n"
        "  = hint: did you mean 'msmith'?\n"
        "  = see also: users/msmith/index.mdx:2:1\n"
        "services/Stock/index.mdx: info[EC307] schema 'schema.proto' is Protobuf; evcat does not check it\n"
        "services/Stock/index.mdx:12: error[EC202] unknown message 'StockReserved'\n"
        "paths are relative to the catalog folder\n"
        "✖ 3 errors, 1 warning, 1 info in 2 files (12 files checked)\n"
    )


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"file": "a/index.mdx", "line": 3, "column": 7}, "a/index.mdx:3:7: "),
        ({"file": "a/index.mdx", "line": 3}, "a/index.mdx:3: "),
        ({"file": "a/index.mdx"}, "a/index.mdx: "),
        ({"file": "a/index.mdx", "column": 7}, "a/index.mdx: "),  # a column alone locates nothing
        ({}, "<catalog>: "),
    ],
)
def test_unknown_location_parts_are_left_out(build, where, expected):
    output = render(build(rule("EC201")("unknown owner 'x'", **where)))
    assert output.splitlines()[0] == f"{expected}error[EC201] unknown owner 'x'"


def test_no_hint_line_without_a_hint(build):
    output = render(build(rule("EC201")("unknown owner 'x'", file="a/index.mdx", line=1, column=1)))
    assert "hint" not in output
    assert output.splitlines() == ["a/index.mdx:1:1: error[EC201] unknown owner 'x'",
                                   "paths are relative to the catalog folder", "✖ 1 error in 1 file"]


def test_empty_hint_gives_no_hint_line(build):
    output = render(build(rule("EC201")("unknown owner 'x'", file="a/index.mdx", hint="")))
    assert "= hint" not in output


def test_multiline_message_keeps_continuation_lines_indented(build):
    output = render(
        build(rule("EC005")("invalid YAML:\nfound a tab", file="a/index.mdx", line=2, hint="a\nb"))
    )
    assert output.splitlines()[:4] == [
        "a/index.mdx:2: error[EC005] invalid YAML:",
        "  found a tab",
        "  = hint: a",
        "    b",
    ]


def test_duplicates_are_reported_once(build):
    finding = rule("EC201")("unknown owner 'x'", file="a/index.mdx", line=1)
    assert render(build(finding, finding)).count("EC201") == 1


def test_no_colour_means_no_escape_codes(mixed):
    assert "\x1b" not in render(mixed, color=False)


def test_colour_marks_severity_and_path_and_changes_nothing_else(mixed):
    coloured = render(mixed, color=True, checked_files=12)
    assert ANSI.sub("", coloured) == render(mixed, checked_files=12)
    assert "\x1b[1mevents/OrderPlaced/index.mdx:7:5\x1b[0m" in coloured  # path bold
    assert "\x1b[1;31merror[EC201]\x1b[0m" in coloured  # red
    assert "\x1b[1;33mwarning[EC104]\x1b[0m" in coloured  # yellow
    assert "\x1b[1;34minfo[EC307]\x1b[0m" in coloured  # blue
    assert coloured.splitlines()[-1].startswith("\x1b[1;31m✖\x1b[0m ")


def test_clean_run_summary_is_green_when_coloured(build):
    assert (
        render(build(), color=True, checked_files=3)
        == "\x1b[1;32m✔\x1b[0m no problems found (3 files checked)\n"
    )


def _findings(errors=0, warnings=0, info=0, files=1) -> list[Diagnostic]:
    severities = [Severity.ERROR] * errors + [Severity.WARNING] * warnings + [Severity.INFO] * info
    return [
        Diagnostic(code="EC201", severity=severity, message=f"finding {i}", file=f"f{i % files}/index.mdx")
        for i, severity in enumerate(severities)
    ]


@pytest.mark.parametrize(
    ("counts", "checked", "expected"),
    [
        ({"errors": 1}, None, "✖ 1 error in 1 file"),
        ({"errors": 3, "warnings": 1, "files": 2}, None, "✖ 3 errors, 1 warning in 2 files"),
        (
            {"errors": 2, "warnings": 2, "info": 1, "files": 2},
            9,
            "✖ 2 errors, 2 warnings, 1 info in 2 files (9 files checked)",
        ),
        ({"warnings": 1}, None, "⚠ 1 warning in 1 file"),
        ({"warnings": 2, "files": 2}, 1, "⚠ 2 warnings in 2 files (1 file checked)"),
        ({"info": 2}, None, "✔ 2 info in 1 file"),
        ({}, 12, "✔ no problems found (12 files checked)"),
        ({}, 1, "✔ no problems found (1 file checked)"),
        ({}, 0, "✔ no problems found (0 files checked)"),
        ({}, None, "✔ no problems found"),
    ],
)
def test_summary_wording(build, counts, checked, expected):
    output = render(build(*_findings(**counts)), checked_files=checked)
    assert output.splitlines()[-1] == expected


def test_summary_leaves_out_files_when_no_finding_has_one(build):
    output = render(build(rule("EC001")("cannot read 'x'"), rule("EC001")("cannot read 'y'")))
    assert output.splitlines()[-1] == "✖ 2 errors"


def test_related_location_without_line(build):
    finding = rule("EC207")(
        "duplicate version '1.0.0'", file="a/index.mdx", line=1, related=(Location("b/index.mdx"),)
    )
    assert "  = see also: b/index.mdx" in render(build(finding)).splitlines()


# --- Paths that open from the working directory -------------------------------------------------------------


def render_from(diagnostics, catalog_root: str, working_dir: str) -> list[str]:
    return text.render(diagnostics, tool_version="0.1.0", catalog_root=catalog_root, color=False,
                       working_dir=working_dir).splitlines()


def test_paths_open_from_the_working_directory(mixed, tmp_path):
    lines = render_from(mixed, str(tmp_path / "catalog"), str(tmp_path))
    assert "catalog/events/OrderPlaced/index.mdx:7:5: error[EC201] unknown owner 'msmiht' in owners" in lines
    assert "  = see also: catalog/users/msmith/index.mdx:2:1" in lines
    assert "<catalog>: error[EC001] cannot read 'catalog': permission denied" in lines  # no file: no path
    assert lines[-2:] == ["paths are relative to the current folder", "✖ 3 errors, 1 warning, 1 info in 2 files"]


@pytest.mark.parametrize(
    ("catalog", "working_dir", "shown"),
    [
        ("repo/catalog", "repo", "catalog/a/index.mdx"),
        ("repo/catalog", "repo/catalog", "a/index.mdx"),  # standing in the catalog
        ("repo/catalog", "repo/docs", "../catalog/a/index.mdx"),
        ("repo/catalog", "repo/docs/deep", "../../catalog/a/index.mdx"),  # two levels up: still short
        ("repo/cat", "repo/x/y/z", "{tmp}/repo/cat/a/index.mdx"),  # further: absolute
        ("repo/../repo/./catalog", "repo", "catalog/a/index.mdx"),  # spelled oddly, shown plainly
    ],
)
def test_relative_while_short_else_absolute(build, tmp_path, catalog, working_dir, shown):
    finding = build(rule("EC201")("unknown owner 'x'", file="a/index.mdx", line=3, column=1))
    lines = render_from(finding, str(tmp_path / catalog), str(tmp_path / working_dir))
    assert lines[0] == f"{shown.format(tmp=tmp_path)}:3:1: error[EC201] unknown owner 'x'"
    note = "paths are absolute" if shown.startswith("{tmp}") else "paths are relative to the current folder"
    assert lines[1] == note


def test_hostile_file_names_are_joined_not_resolved(build, tmp_path):
    """A finding's path is shown as the catalog reader recorded it; '..' or markup in a name is not
    collapsed into a path outside the catalog folder nor interpreted."""
    finding = build(rule("EC201")("x", file="events/<script>/../\"\"\"/index.mdx", line=1))
    lines = render_from(finding, str(tmp_path / "catalog"), str(tmp_path))
    assert lines[0].startswith('catalog/events/<script>/../"""/index.mdx:1: error[EC201]')


def test_a_clean_run_has_no_paths_note(build, tmp_path):
    assert render_from(build(), str(tmp_path), str(tmp_path)) == ["✔ no problems found"]
