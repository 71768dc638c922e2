"""The GitHub Actions reporter: workflow-command syntax and escaping."""

from __future__ import annotations

import pytest

from generator.diagnostics import Location
from generator.diagnostics.codes import rule
from generator.reporters import github


def render(diagnostics, *, catalog_root="catalog", checked_files=None) -> str:
    return github.render(
        diagnostics, tool_version="0.1.0", catalog_root=catalog_root, color=True, checked_files=checked_files
    )


def unescape(text: str) -> str:
    """The runner's reverse mapping, to prove nothing is lost."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Split ``::command k=v,k=v::message`` the way the Actions runner does."""
    assert line.startswith("::")
    head, _, message = line[2:].partition("::")
    command, _, props = head.partition(" ")
    properties = dict(pair.split("=", 1) for pair in props.split(",")) if props else {}
    return command, {k: unescape(v) for k, v in properties.items()}, unescape(message)


def test_one_command_per_finding_then_summary(mixed):
    lines = render(mixed, checked_files=12).splitlines()
    assert lines == [
        # ":" is escaped in properties only, not in the message
        "::error title=EC001::cannot read 'catalog': permission denied",
        (
            "::warning file=catalog/events/OrderPlaced/index.mdx,line=4,col=10,title=EC104::"
            "version '1.0' is not semver"
        ),
        (
            "::error file=catalog/events/OrderPlaced/index.mdx,line=7,col=5,title=EC201::"
            "unknown owner 'msmiht' in owners%0Ahint: did you mean 'msmith'?"
            "%0Asee also: catalog/users/msmith/index.mdx:2:1"
        ),
        (
            "::notice file=catalog/services/Stock/index.mdx,title=EC307::schema 'schema.proto' is Protobuf; "
            "evcat does not check it"
        ),
        "::error file=catalog/services/Stock/index.mdx,line=12,title=EC202::unknown message 'StockReserved'",
        "✖ 3 errors, 1 warning, 1 info in 2 files (12 files checked)",
    ]


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),  # an already-escaped-looking text must not be decoded by the runner
        ("plain text", "plain text", "plain text"),
    ],
)
def test_escaping(raw, data, prop):
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop
    assert unescape(data) == raw and unescape(prop) == raw


def test_file_names_and_messages_with_special_characters_round_trip(build):
    finding = rule("EC201")(
        "owner 'a:b,c' is 100%\nunknown\r",
        file="events/a:b,c %/index.mdx",
        line=3,
        column=2,
        hint="did you mean 'x,y'?",
    )
    (line, _summary) = render(build(finding)).splitlines()
    command, properties, message = parse(line)
    assert command == "error"
    assert properties == {
        "file": "catalog/events/a:b,c %/index.mdx",
        "line": "3",
        "col": "2",
        "title": "EC201",
    }
    assert message == "owner 'a:b,c' is 100%\nunknown\r\nhint: did you mean 'x,y'?"
    assert "file=catalog/events/a%3Ab%2Cc %25/index.mdx," in line


def test_every_command_is_one_physical_line(mixed, build):
    finding = rule("EC005")("bad\nYAML\r\nhere", file="a\nb.mdx", line=1, hint="x\ny")
    output = render(build(*mixed, finding))
    assert len(output.splitlines()) == len(mixed) + 2  # findings + the new one + summary


@pytest.mark.parametrize(("code", "command"), [("EC201", "error"), ("EC104", "warning"), ("EC307", "notice")])
def test_severity_chooses_the_command(build, code, command):
    line = render(build(rule(code)("x", file="a/index.mdx"))).splitlines()[0]
    assert line.startswith(f"::{command} ")


def test_unknown_parts_are_left_out(build):
    lines = render(build(rule("EC001")("x"), rule("EC201")("y", file="a/index.mdx", column=4))).splitlines()
    assert lines[0] == "::error title=EC001::x"
    assert (
        lines[1] == "::error file=catalog/a/index.mdx,title=EC201::y"
    )  # a column without a line says nothing


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ("catalog", "catalog/a/index.mdx"),
        ("./catalog/", "catalog/a/index.mdx"),
        (".", "a/index.mdx"),
        ("", "a/index.mdx"),
        ("/home/runner/work/repo/repo/catalog", "/home/runner/work/repo/repo/catalog/a/index.mdx"),
    ],
)
def test_paths_are_relative_to_the_working_directory(root, expected):
    assert github.annotation_path("a/index.mdx", root) == expected


def test_clean_run_prints_only_the_summary(build):
    assert render(build(), checked_files=4) == "✔ no problems found (4 files checked)\n"


def test_related_locations_are_listed_in_the_message(build):
    finding = rule("EC207")(
        "duplicate version '1.0.0'", file="a/index.mdx", line=1, related=(Location("b/index.mdx", 2),)
    )
    _, _, message = parse(render(build(finding)).splitlines()[0])
    assert message == "duplicate version '1.0.0'\nsee also: catalog/b/index.mdx:2"


def test_an_absolute_catalog_folder_gives_repository_relative_annotations(build, tmp_path):
    """`evcat validate` without CATALOG takes the catalog from ./mkdocs.yml as an absolute path; annotations
    must still name the file as the repository (the job's working directory) does."""
    finding = build(rule("EC201")("x", file="a/index.mdx", line=1))
    output = github.render(finding, tool_version="0.1.0", catalog_root=str(tmp_path / "repo" / "catalog"),
                           color=False, working_dir=str(tmp_path / "repo"))
    assert output.splitlines()[0] == "::error file=catalog/a/index.mdx,line=1,title=EC201::x"
