from __future__ import annotations

import pytest

from generator.asyncapi.names import distinct, safe_id


@pytest.mark.parametrize(("raw", "expected"), [
    ("OrderCreated", "OrderCreated"),
    ("../../etc/passwd", "etc-passwd"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ('"""', None),
    ("..", None),
    ("smartylighting/streetlights/1/0/event/{streetlightId}", "smartylighting-streetlights-1-0-event-streetlightId"),
    ("schema.json", "schema.json"),
    ("a...b", "a.b"),
])
def test_safe_id_keeps_only_folder_safe_characters(raw, expected):
    assert safe_id(raw) == expected


def test_safe_id_is_bounded():
    assert len(safe_id("x" * 1000)) == 120


def test_distinct_numbers_ids_that_collide_ignoring_case():
    taken: set[str] = set()
    assert [distinct("a", taken), distinct("A", taken), distinct("a", taken)] == ["a", "A-2", "a-3"]
