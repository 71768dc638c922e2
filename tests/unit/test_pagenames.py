"""Page names: long ids are cut and hashed, colliding ids get distinct names, and which ids are unusable."""

from __future__ import annotations

import pytest

from generator.catalog.pagenames import MAX_SLUG_LENGTH, page_names, slug
from generator.rules.ids import id_problem


def test_ordinary_ids_keep_their_page_names() -> None:
    assert slug("OrderPlaced") == "OrderPlaced"
    assert slug("orders.{env}.events") == "orders.-env-.events"
    assert page_names(["OrderPlaced", "OrderShipped"]) == {"OrderPlaced": "OrderPlaced",
                                                          "OrderShipped": "OrderShipped"}


def test_a_50000_character_id_makes_a_short_distinct_file_name() -> None:
    first, second = slug("x" * 50_000), slug("x" * 49_999 + "y")
    assert len(first) <= MAX_SLUG_LENGTH and first != second


@pytest.mark.parametrize("ids", [
    ["a/b", "a b", "a-b"], [".", "..", '"""', "<script>"], ["Orders", "orders", "ORDERS"],
])
def test_colliding_ids_get_distinct_page_names_that_ignore_case(ids: list[str]) -> None:
    names = page_names(ids)
    assert len({name.casefold() for name in names.values()}) == len(ids)


def test_the_id_that_is_its_own_page_name_keeps_it_whatever_the_order() -> None:
    for ids in (["a/b", "a b", "a-b"], ["a-b", "a b", "a/b"]):
        names = page_names(ids)
        assert names["a-b"] == "a-b"
        assert names["a/b"].startswith("a-b-") and names["a b"].startswith("a-b-")
    assert page_names(["a/b", "a b", "a-b"]) == page_names(["a b", "a-b", "a/b"])


@pytest.mark.parametrize(("ident", "problem"), [
    (".", "folder name"), ("..", "folder name"), ("a/b", "slash"), ("a\\b", "slash"),
    ("a\x00b", "control character"), ("x" * 201, "201 characters"),
])
def test_unusable_ids(ident: str, problem: str) -> None:
    assert problem in (id_problem(ident) or "")


@pytest.mark.parametrize("ident", ["OrderPlaced", "orders.{env}.events", "a b", "x" * 200, "<b>"])
def test_usable_ids(ident: str) -> None:
    assert id_problem(ident) is None


def test_a_version_named_index_md_does_not_collide_with_the_latest_page() -> None:
    from types import SimpleNamespace

    from generator.catalog.model import Kind
    from generator.render.urls import Urls

    old = SimpleNamespace(kind=Kind.EVENT, id="A", version="index.md")
    latest = Urls().resource(old)  # type: ignore[arg-type]
    older = Urls().resource(old, latest=False)  # type: ignore[arg-type]
    assert latest == "events/A/index.md"
    assert not older.startswith(latest + "/")
