"""JUnit XML report: one ``<testcase>`` per file with findings, so CI test views list the broken files.

Errors become ``<failure type="EC201">`` elements (one each). Warnings and info go to the testcase's
``<system-out>``: they are shown but do not fail the test, matching the exit code. ``failures`` counts
``<failure>`` elements; ``errors`` stays 0 because JUnit uses it for tests that crashed, not findings.
A clean run has one passing testcase for the whole catalog, so CI shows a green test rather than none.
Testcase names are file paths relative to the ``base`` property (an absolute folder: the catalog's).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

from generator.diagnostics import Diagnostic, Diagnostics, Severity
from generator.reporters._common import NO_FILE, summary_text
from generator.reporters.text import format_diagnostic

# Characters XML 1.0 cannot carry at all, even escaped (and lone surrogates, which UTF-8 cannot encode);
# ElementTree would write them as they are and break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _classname(file: str | None) -> str:
    if not file:
        return "evcat"
    return "evcat." + file.replace("/", ".")


def _testcase(suite: ET.Element, file: str | None, findings: list[Diagnostic]) -> int:
    """Add the testcase of one file; return how many failures it holds."""
    case = ET.SubElement(suite, "testcase", classname=_clean(_classname(file)), name=_clean(file or NO_FILE))
    notes: list[str] = []
    failures = 0
    for diagnostic in findings:
        body = "\n".join(format_diagnostic(diagnostic))
        if diagnostic.severity is Severity.ERROR:
            failure = ET.SubElement(case, "failure", type=diagnostic.code, message=_clean(diagnostic.message))
            failure.text = _clean(body)
            failures += 1
        else:
            notes.append(body)
    if notes:
        ET.SubElement(case, "system-out").text = _clean("\n".join(notes))
    return failures


def render(
    diagnostics: Diagnostics,
    *,
    tool_version: str,
    catalog_root: str,
    color: bool,
    checked_files: int | None = None,
    rules_uri: str | None = None,
    information_uri: str | None = None,
    working_dir: str | None = None,
) -> str:
    """Render a ``<testsuites>`` document with one ``evcat`` suite; testcases in report order."""
    by_file: dict[str | None, list[Diagnostic]] = {}
    for diagnostic in diagnostics.sorted():
        by_file.setdefault(diagnostic.file, []).append(diagnostic)

    root = ET.Element("testsuites", name="evcat")
    suite = ET.SubElement(root, "testsuite", name="evcat")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="evcat.version", value=_clean(tool_version))
    ET.SubElement(properties, "property", name="catalog", value=_clean(catalog_root))
    # Testcase names are paths relative to this absolute folder.
    ET.SubElement(properties, "property", name="base", value=_clean(os.path.abspath(catalog_root)))

    failures = sum(_testcase(suite, file, findings) for file, findings in by_file.items())
    if not by_file:
        case = ET.SubElement(suite, "testcase", classname="evcat", name="catalog")
        ET.SubElement(case, "system-out").text = summary_text(diagnostics, checked_files)
    tests = max(len(by_file), 1)

    for element in (root, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
    suite.set("skipped", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
