from __future__ import annotations

import pytest

from generator.asyncapi.source import DocumentError, load_source


def write(tmp_path, text, name="doc.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_local_refs_resolve_within_the_document_and_to_files_beside_it(tmp_path):
    (tmp_path / "Foo.avsc").write_text('{"type": "record", "name": "Foo", "fields": []}')
    source = load_source(write(tmp_path, "asyncapi: 3.0.0\nx: {$ref: '#/components/schemas/A'}\n"
                                         "y: {$ref: './Foo.avsc'}\ncomponents: {schemas: {A: {type: string}}}\n"))
    resolved = source.resolved(source.document)
    assert resolved["x"] == {"type": "string"}
    assert resolved["y"]["name"] == "Foo"
    assert source.problems == []


def test_a_recursive_ref_stays_a_ref(tmp_path):
    source = load_source(write(tmp_path, "asyncapi: 3.0.0\ncomponents: {schemas: {Node: {properties: "
                                         "{next: {$ref: '#/components/schemas/Node'}}}}}\n"))
    node = source.resolved(source.document)["components"]["schemas"]["Node"]
    assert node["properties"]["next"]["properties"]["next"] == {"$ref": "#/components/schemas/Node"}


def test_a_ref_leaving_the_folder_is_refused(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "secret.json").write_text("{}")
    source = load_source(write(inner, "asyncapi: 3.0.0\nx: {$ref: '../secret.json'}\n"))
    assert source.resolved(source.document)["x"] == {"$ref": "../secret.json"}
    assert [p.code for p in source.problems] == ["EC009"]


def test_a_remote_ref_is_a_warning_and_kept(tmp_path):
    source = load_source(write(tmp_path, "asyncapi: 3.0.0\nx: {$ref: 'https://example.com/a.json'}\n"))
    assert source.resolved(source.document)["x"] == {"$ref": "https://example.com/a.json"}
    assert [(p.code, p.severity.label) for p in source.problems] == [("EC305", "warning")]


def test_dangling_ref_is_an_error(tmp_path):
    source = load_source(write(tmp_path, "asyncapi: 3.0.0\nx: {$ref: '#/nope'}\n"))
    source.resolved(source.document)
    assert [p.code for p in source.problems] == ["EC305"]


@pytest.mark.parametrize(("text", "code"), [
    ("asyncapi: 1.2.0\n", "EC106"),
    ("openapi: 3.0.0\n", "EC102"),
    ("asyncapi: [\n", "EC005"),
])
def test_unusable_documents_are_refused(tmp_path, text, code):
    with pytest.raises(DocumentError) as refused:
        load_source(write(tmp_path, text))
    assert refused.value.diagnostic.code == code


def test_json_documents_and_dates_kept_as_written(tmp_path):
    source = load_source(write(tmp_path, '{"asyncapi": "3.0.0", "info": {"version": "1.0.0"}}', "doc.json"))
    assert source.document["info"]["version"] == "1.0.0"
    dated = load_source(write(tmp_path, "asyncapi: 3.0.0\nwhen: 2024-01-01\n"))
    assert dated.document["when"] == "2024-01-01"
