"""``diff_catalogs``: two catalogs written at test time, loaded with the normal loader, and what differs."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.catalog.load import load_catalog
from generator.compat.catalogdiff import CatalogDiff, diff_catalogs


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n\nText.\n"


def make(root: Path, messages: dict[str, dict[str, object]], consumers: dict[str, str] | None = None,
         folder: str = "events/Placed", message_id: str = "Placed", avro: bool = False,
         owners: tuple[str, ...] = ("jdoe",), extra: dict | None = None) -> Path:
    """A catalog with one event ``message_id`` in ``messages`` (version -> schema, oldest first) under
    ``folder``, and a service per entry of ``consumers`` (name -> version or range it receives)."""
    write(root / "users/jdoe.mdx", page(id="jdoe", name="Jane Doe"))
    write(root / "users/asmith.mdx", page(id="asmith", name="Ann Smith"))
    for name, wanted in (consumers or {}).items():
        write(root / f"services/{name}/index.mdx", page(
            id=name, name=name, version="1.0.0", owners=["jdoe"],
            receives=[{"id": message_id, "version": wanted}]))
    schema_file = "schema.avsc" if avro else "schema.json"
    versions = list(messages)
    for version, schema in messages.items():
        place = root / folder if version == versions[-1] else root / folder / "versioned" / version
        write(place / "index.mdx", page(id=message_id, name="Placed", version=version, owners=list(owners),
                                        schemaPath=schema_file, **(extra or {})))
        write(place / schema_file, json.dumps(schema))
    return root


def diff(old: Path, new: Path, mode: str = "BACKWARD") -> CatalogDiff:
    return diff_catalogs(load_catalog(old).catalog, load_catalog(new).catalog, mode)


def obj(*required: str, **properties: object) -> dict:
    return {"type": "object", "properties": {"id": {"type": "string"}, **properties},
            "required": ["id", *required], "additionalProperties": False}


def record(*fields: dict) -> dict:
    return {"type": "record", "name": "Placed", "namespace": "t",
            "fields": [{"name": "id", "type": "string"}, *fields]}


def test_identical_catalogs_have_no_differences(tmp_path: Path) -> None:
    found = diff(make(tmp_path / "a", {"1.0.0": obj()}), make(tmp_path / "b", {"1.0.0": obj()}))
    assert found.empty and not found.breaking
    assert found.as_dict()["version"] == 1


def test_a_new_version_is_added_and_compared_with_the_old_latest(tmp_path: Path) -> None:
    old = make(tmp_path / "a", {"1.0.0": obj()})
    new = make(tmp_path / "b", {"1.0.0": obj(), "1.1.0": obj(note={"type": "string"})})
    found = diff(old, new)
    assert [(e.key.id, e.key.version, e.after) for e in found.added] == [("Placed", "1.1.0", "1.0.0")]
    assert found.as_dict()["added"][0]["new_version_after"] == "1.0.0"
    assert not found.removed
    [schema] = found.schemas
    assert (schema.old.key.version, schema.new.key.version) == ("1.0.0", "1.1.0")
    # An optional property added to a closed model: new readers read old data.
    assert [c.id for c in schema.changes] == ["OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"]
    assert not schema.breaking and not found.breaking


def test_a_removed_version_is_a_removal(tmp_path: Path) -> None:
    found = diff(make(tmp_path / "a", {"1.0.0": obj(), "2.0.0": obj()}), make(tmp_path / "b", {"2.0.0": obj()}))
    assert [e.key.version for e in found.removed] == ["1.0.0"]
    assert not found.added


def test_a_moved_resource_is_a_move_not_a_removal_and_addition(tmp_path: Path) -> None:
    old = make(tmp_path / "a", {"1.0.0": obj()})
    new = make(tmp_path / "b", {"1.0.0": obj()}, folder="domains/Sales/events/Placed")
    found = diff(old, new)
    assert not found.added and not found.removed
    [edited] = found.edited
    assert edited.moved
    assert (edited.old.path, edited.new.path) == ("events/Placed/index.mdx",
                                                   "domains/Sales/events/Placed/index.mdx")


def test_owners_and_pointers_are_changed_fields(tmp_path: Path) -> None:
    old = make(tmp_path / "a", {"1.0.0": obj()}, consumers={"Billing": "1.0.0"})
    new = make(tmp_path / "b", {"1.0.0": obj()}, consumers={"Billing": "latest"}, owners=("asmith",))
    found = diff(old, new)
    groups = {(e.new.key.id, f.field, f.group, str(f.new)) for e in found.edited for f in e.fields}
    assert ("Placed", "owners", "owners", "['asmith']") in groups
    assert ("Billing", "receives", "pointers", "[{'id': 'Placed', 'version': 'latest'}]") in groups
    assert not any(e.moved for e in found.edited)


def test_json_breaking_change_lists_the_consumers_its_range_hits(tmp_path: Path) -> None:
    consumers = {"Billing": "^1.0.0", "Archive": "1.0.0", "Audit": "^2.0.0"}
    old = make(tmp_path / "a", {"1.0.0": obj()}, consumers=consumers)
    new = make(tmp_path / "b", {"1.0.0": obj(), "1.1.0": obj("total", total={"type": "number"})},
               consumers=consumers)
    found = diff(old, new)
    [schema] = found.breaking
    assert "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL" in [c.id for c in schema.breaking]
    # ^1.0.0 reaches 1.1.0; an exact 1.0.0 and ^2.0.0 do not.
    assert [c.name for c in schema.consumers] == ["Billing"]
    assert (schema.required_bump, schema.actual_bump, schema.bump_honest) == ("major", "minor", False)


def test_a_major_bump_is_honest_and_a_range_on_the_old_major_is_not_hit(tmp_path: Path) -> None:
    consumers = {"Billing": "^1.0.0", "Reports": "latest"}
    old = make(tmp_path / "a", {"1.0.0": obj()}, consumers=consumers)
    new = make(tmp_path / "b", {"1.0.0": obj(), "2.0.0": obj(id={"type": "integer"})}, consumers=consumers)
    [schema] = diff(old, new).breaking
    assert [c.id for c in schema.breaking] == ["TYPE_CHANGED"]
    assert schema.bump_honest
    assert [c.name for c in schema.consumers] == ["Reports"]


def test_avro_breaking_and_safe_changes(tmp_path: Path) -> None:
    old = make(tmp_path / "a", {"1.0.0": record({"name": "qty", "type": "long"})}, avro=True)
    breaking = make(tmp_path / "b", {"1.0.0": record({"name": "qty", "type": "long"}),
                                     "1.1.0": record({"name": "qty", "type": "int"})}, avro=True)
    [schema] = diff(old, breaking).breaking
    assert [c.id for c in schema.breaking] == ["TYPE_MISMATCH"]
    safe = make(tmp_path / "c", {"1.0.0": record({"name": "qty", "type": "long"}),
                                 "1.1.0": record({"name": "qty", "type": "long"},
                                                 {"name": "note", "type": "string", "default": ""})}, avro=True)
    found = diff(old, safe)
    assert not found.breaking
    [schema] = found.schemas
    assert [(c.id, c.pointer, c.classification) for c in schema.changes] == [
        ("FIELD_ADDED_WITH_DEFAULT", "/fields/2", "safe")]


def test_the_message_mode_decides_what_breaks(tmp_path: Path) -> None:
    old = make(tmp_path / "a", {"1.0.0": obj()})
    changed = {"1.0.0": obj(), "1.1.0": obj("total", total={"type": "number"})}
    assert diff(old, make(tmp_path / "b", changed)).breaking
    assert not diff(old, make(tmp_path / "c", changed, extra={"x-compatibility": "none"})).breaking
    assert not diff(old, make(tmp_path / "d", changed), mode="NONE").breaking


def test_a_schema_edited_in_place_is_compared_with_its_old_self(tmp_path: Path) -> None:
    old = make(tmp_path / "a", {"1.0.0": obj(), "1.1.0": obj()})
    new = make(tmp_path / "b", {"1.0.0": obj(id={"type": "integer"}), "1.1.0": obj()})
    [schema] = diff(old, new).schemas
    assert (schema.old.key.version, schema.new.key.version) == ("1.0.0", "1.0.0")
    assert [c.id for c in schema.breaking] == ["TYPE_CHANGED"]


def test_hostile_ids_and_field_names_are_data(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>"""|../x'
    old = make(tmp_path / "a", {"1.0.0": obj(**{hostile: {"type": "string"}})}, message_id=hostile)
    new = make(tmp_path / "b", {"1.0.0": obj(**{hostile: {"type": "string"}}),
                                "1.1.0": obj(hostile, **{hostile: {"type": "string"}})}, message_id=hostile)
    found = diff(old, new)
    [schema] = found.breaking
    assert schema.new.key.id == hostile
    assert any(hostile in c.message for c in schema.breaking)
    assert json.loads(json.dumps(found.as_dict()))["schemas"][0]["id"] == hostile
