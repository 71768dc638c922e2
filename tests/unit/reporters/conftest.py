"""Shared findings for the reporter tests: every severity, with and without file, line, column and hint."""

from __future__ import annotations

import pytest

from generator.diagnostics import Diagnostic, Diagnostics, Location, Severity
from generator.diagnostics.codes import rule


def make(*diagnostics: Diagnostic) -> Diagnostics:
    """A Diagnostics holding ``diagnostics`` in the given order."""
    result = Diagnostics()
    result.extend(diagnostics)
    return result


@pytest.fixture
def build():
    """The ``make`` helper as a fixture, so test modules need not import conftest."""
    return make


@pytest.fixture
def mixed() -> Diagnostics:
    """Two errors, one warning, one info and a file-less error, added out of report order."""
    return make(
        rule("EC104")("version '1.0' is not semver", file="events/OrderPlaced/index.mdx", line=4, column=10),
        rule("EC201")(
            "unknown owner 'msmiht' in owners",
            file="events/OrderPlaced/index.mdx",
            line=7,
            column=5,
            pointer="/owners/0",
            hint="did you mean 'msmith'?",
            related=(Location("users/msmith/index.mdx", 2, 1),),
        ),
        rule("EC307")(
            "schema 'schema.proto' is Protobuf; evcat does not check it", file="services/Stock/index.mdx"
        ),
        rule("EC001")("cannot read 'catalog': permission denied"),
        rule("EC202")("unknown message 'StockReserved'", file="services/Stock/index.mdx", line=12),
    )


@pytest.fixture
def unregistered() -> Diagnostic:
    """A finding whose code the registry does not know (reporters must not crash on it)."""
    return Diagnostic(code="EC999", severity=Severity.WARNING, message="made-up check", file="a/index.mdx")
