"""Hostile values the fuzz mutations put into catalog files: strings (names, ids, URLs, markup), nested
JSON values, YAML snippets (aliases, tags, fences, deep nesting, huge numbers) and odd schema nodes
(``$ref`` to odd places, reference cycles, malformed Avro types). All small: one case must stay fast."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# --- Strings, scalars, YAML ------------------------------------------------------------------------------

HOSTILE_STRINGS = [
    "", ".", "..", "../../../../etc/passwd", "a/b", "a b", "a-b", "A-B", "<script>alert(1)</script>",
    '"""', "'''", '"); __import__("os").system("id"); ("', "javascript:alert(1)", "{{ 7*7 }}", "{% raw %}",
    "|", "]]", "-->", "<!--", "&amp;", "*alias", "&anchor", "%TAG", "ü", "\u202e", "日本語", "\0", "\t",
    "line\nbreak", "\r", "\\", "x" * 300, "y" * 5000, "1.0.0", "latest", "~", "null", "NaN", "0x1F",
    "${HOME}", "{env}", "#", "?", "%2e%2e", "C:\\windows", "/etc/passwd", "file:///etc/passwd",
    "https://example.com/x.json", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(max_size=40))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), hostile_text)


def json_values(leaves: st.SearchStrategy[Any] = scalars) -> st.SearchStrategy[Any]:
    """Nested JSON-like values (lists and string-keyed objects) with hostile leaves."""
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)), max_leaves=12)


def deep(depth: int, kind: str) -> str:
    """Text of a value nested ``depth`` levels deep (flow style, valid YAML and JSON)."""
    return "[" * depth + "1" + "]" * depth if kind == "list" else '{"a": ' * depth + "1" + "}" * depth


def alias_block(levels: int, width: int) -> str:
    """A small "billion laughs" YAML mapping: ``width ** levels`` leaves once expanded (kept small here)."""
    lines = ["l0: &l0 [x]"]
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines)


yaml_snippets = st.one_of(
    st.sampled_from([
        "\t", "\0", "\ufeff", "---", "...", "- ", ": ", "? ", "&a", "*a", "*nope", "!!python/object:os.system",
        "!!binary AAAA", "!custom", "%YAML 1.1", "{", "[", "'", '"', "key: &a [*a]", "<<: *nope",
        "big: " + "9" * 5000, "float: 1e99999", "date: 2024-13-45", "id: 0o777", "version: 1.0",
        "owners: jdoe", "owners: {jdoe: 1}", "badges: [1, 2]", "sends: [{id: [1]}]", "id: [..]",
        "name: !!str", "x: \"\\x00\\uD800\"", "\u2028", "\r\n", "=", "\\",
    ]),
    st.builds(lambda d, k: f"nested: {deep(d, k)}", st.integers(1, 400), st.sampled_from(["list", "map"])),
    st.builds(alias_block, st.integers(1, 4), st.integers(1, 6)),
    st.text(max_size=30),
)


# --- Schema nodes ----------------------------------------------------------------------------------------

ODD_REFS = ["../../../../etc/passwd", "../index.mdx", "../../", "#", "#/", "#/nope", "#/properties",
            "#/properties/a", "schema.json", "schema.avsc", "address.schema.json#/definitions/missing",
            "https://example.com/s.json", "http://127.0.0.1:9/x.json", "file:///etc/passwd", "//evil/x",
            "urn:x", "", "%2e%2e/x", "<script>", "/etc/passwd", "./", ".", "examples/", "index.mdx", "#/$defs/a",
            "#/$defs/b", "nope.json", "\0", "a" * 300]
AVRO_TYPES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string", "record", "enum", "array",
              "map", "fixed", "R", "OrderPlaced", "com.x.Y", "", "<script>", "..", "union"]


odd_nodes = st.one_of(
    json_values(),
    st.builds(lambda r: {"$ref": r}, st.sampled_from(ODD_REFS)),
    st.just({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}),
    st.just({"type": "record", "name": "R", "fields": [{"name": "r", "type": "R"}]}),
    st.builds(lambda t: {"type": t}, st.sampled_from(AVRO_TYPES)),
    st.builds(lambda t: {"type": t, "name": "X", "fields": "nope", "symbols": [1], "items": "R", "values": []},
              st.sampled_from(AVRO_TYPES)),
    st.sampled_from([[], ["null", "null"], ["string", ["int"]], {"logicalType": "decimal", "precision": -1},
                     {"type": "string", "default": 1}, {"type": "string", "pattern": "(a+)+$"},
                     {"type": "string", "pattern": "["}, {"format": "date-time"}, {"enum": []},
                     {"required": ["missing"]}, {"properties": []}, {"$schema": "http://example.com/nope"},
                     {"type": ["object", 1]}, {"minimum": "x"}]),
)
