"""The JUnit reporter, read back with lxml: structure, counts, escaping."""

from __future__ import annotations

import os

from lxml import etree

from generator.diagnostics.codes import rule
from generator.reporters import junit


def render(diagnostics, **options) -> str:
    return junit.render(diagnostics, tool_version="0.1.0", catalog_root="catalog", color=True, **options)


def parse(output: str) -> etree._Element:
    # lxml refuses str input that carries an encoding declaration; bytes is what a CI server reads anyway.
    return etree.fromstring(output.encode("utf-8"))


def test_counts_match_the_elements(mixed):
    root = parse(render(mixed))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    failures = suite.findall("testcase/failure")
    assert root.tag == "testsuites"
    assert suite.get("name") == "evcat"
    for element in (root, suite):
        assert int(element.get("tests")) == len(cases) == 3
        assert int(element.get("failures")) == len(failures) == 3
        assert element.get("errors") == "0"


def test_one_testcase_per_file_with_findings(mixed):
    cases = parse(render(mixed)).findall("testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("evcat", "<catalog>"),
        ("evcat.events.OrderPlaced.index.mdx", "events/OrderPlaced/index.mdx"),
        ("evcat.services.Stock.index.mdx", "services/Stock/index.mdx"),
    ]


def test_errors_fail_and_warnings_and_info_only_print(mixed):
    cases = {c.get("name"): c for c in parse(render(mixed)).findall("testsuite/testcase")}
    order = cases["events/OrderPlaced/index.mdx"]
    (failure,) = order.findall("failure")
    assert failure.get("type") == "EC201"
    assert failure.get("message") == "unknown owner 'msmiht' in owners"
    assert "= hint: did you mean 'msmith'?" in failure.text
    assert "warning[EC104]" in order.findtext("system-out")

    stock = cases["services/Stock/index.mdx"]
    assert [f.get("type") for f in stock.findall("failure")] == ["EC202"]
    assert "info[EC307]" in stock.findtext("system-out")


def test_file_with_only_warnings_passes(build):
    root = parse(render(build(rule("EC104")("version 'x' is not semver", file="a/index.mdx", line=1))))
    (case,) = root.findall("testsuite/testcase")
    assert case.find("failure") is None
    assert root.get("failures") == "0"
    assert "warning[EC104]" in case.findtext("system-out")


def test_clean_run_is_one_passing_test(build):
    root = parse(render(build(), checked_files=7))
    (case,) = root.findall("testsuite/testcase")
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    assert case.find("failure") is None
    assert case.findtext("system-out") == "no problems found (7 files checked)"


def test_markup_and_control_characters_are_escaped(build):
    message = "unknown owner '<a & \"b\">' \x07 \ud800 ]]>"
    output = render(
        build(rule("EC201")(message, file="events/a&b <c>/index.mdx", line=1, hint="use 'x' & 'y'"))
    )
    root = parse(output)  # would raise on unescaped markup or on characters XML cannot hold
    (failure,) = root.findall("testsuite/testcase/failure")
    assert failure.get("message") == "unknown owner '<a & \"b\">' \ufffd \ufffd ]]>"
    assert root.find("testsuite/testcase").get("name") == "events/a&b <c>/index.mdx"
    assert "use 'x' & 'y'" in failure.text
    output.encode("utf-8")  # no lone surrogate left


def test_tool_version_and_catalog_are_properties(mixed):
    properties = parse(render(mixed)).findall("testsuite/properties/property")
    assert {p.get("name"): p.get("value") for p in properties} == {
        "evcat.version": "0.1.0",
        "catalog": "catalog",
        "base": os.path.abspath("catalog"),  # testcase names are relative to it
    }
