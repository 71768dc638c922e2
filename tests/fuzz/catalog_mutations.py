"""Hypothesis strategies that damage one file of a small valid catalog the way a careless or hostile
contributor would: frontmatter YAML, MDX bodies, JSON Schema and Avro files, example payloads, and the
names and ids of resources.

A catalog is a ``dict`` from a catalog-relative POSIX path to its bytes (or to a ``Symlink``); every
mutator takes hypothesis' interactive ``data`` and that ``dict`` and changes it in place. Every mutation
is small (a few kilobytes at most) so one case stays fast; huge inputs belong to the hostile corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hostile_values import deep, hostile_text, json_values, odd_nodes, yaml_snippets
from hypothesis import strategies as st

GOOD_CATALOGS = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "good"


@dataclass(frozen=True)
class Symlink:
    """A symbolic link to ``target`` (absolute, relative or dangling) in place of a file."""

    target: str


Files = dict[str, "bytes | Symlink"]
Mutator = Callable[[st.DataObject, Files], None]


def base_catalogs() -> dict[str, Files]:
    """Every good fixture catalog, read once: name -> files."""
    found = {}
    for case in sorted(GOOD_CATALOGS.iterdir()):
        root = case / "catalog"
        found[case.name] = {p.relative_to(root).as_posix(): p.read_bytes()
                            for p in sorted(root.rglob("*")) if p.is_file()}
    return found


def write_catalog(files: Files, root: Path) -> None:
    """Write ``files`` under ``root``; a path that cannot exist on disk (too long, a file where a folder
    must be) is left out, as a contributor could not have committed it either."""
    for relative, content in files.items():
        path = root / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Symlink):
                path.symlink_to(content.target)
            else:
                path.write_bytes(content)
        except OSError:
            continue


# --- Frontmatter ------------------------------------------------------------------------------------------

FRONTMATTER_KEYS = ["id", "name", "version", "summary", "owners", "members", "badges", "sends", "receives",
                    "channels", "schemaPath", "specifications", "services", "domains", "entities", "address",
                    "protocols", "parameters", "deprecated", "draft", "tags", "repository", "styles", "hidden",
                    "editUrl", "routes", "steps", "flows", "email", "role", "sidebar", "x-key", "pointer"]


def split_frontmatter(text: str) -> tuple[str, str] | None:
    """(YAML, body) of a document with a ``---`` fenced frontmatter, or None."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    return (text[4:end + 1], text[end + 5:]) if end >= 0 else None


def _text(files: Files, path: str | None) -> str | None:
    """The text of a file an earlier mutation may have made binary or a link: None then."""
    content = files.get(path) if path else None
    if not isinstance(content, bytes):
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parsed(load: Callable[[str], Any], text: str) -> Any:
    """``load(text)``, or None when an earlier mutation already broke the text."""
    try:
        return load(text)
    except (ValueError, yaml.YAMLError, RecursionError):
        return None


def _documents(files: Files) -> list[str]:
    return sorted(p for p, c in files.items() if p.endswith(".mdx") and isinstance(c, bytes))


def _pick(data: st.DataObject, choices: list[str]) -> str | None:
    return data.draw(st.sampled_from(choices)) if choices else None


def _lines_insert(data: st.DataObject, text: str, fragment: str) -> str:
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines)))
    return "\n".join([*lines[:at], fragment, *lines[at:]])


def mutate_frontmatter(data: st.DataObject, files: Files) -> None:
    """Delete, duplicate or retype a key, or splice hostile YAML text into the frontmatter."""
    text = _text(files, path := _pick(data, _documents(files)))
    parts = split_frontmatter(text) if text else None
    if parts is None:
        return
    front, body = parts
    how = data.draw(st.sampled_from(["delete", "duplicate", "retype", "splice", "replace", "unfence"]))
    loaded = _parsed(yaml.safe_load, front)
    keys = list(loaded) if isinstance(loaded, dict) else []
    if how == "delete" and keys:
        loaded.pop(data.draw(st.sampled_from(keys)))
        front = yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True)
    elif how == "retype" and isinstance(loaded, dict):
        key = data.draw(st.sampled_from(keys + FRONTMATTER_KEYS))
        loaded[key] = data.draw(json_values())
        front = yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True)
    elif how == "duplicate":
        lines = front.splitlines()
        line = data.draw(st.sampled_from(lines)) if lines else "id: x"
        front = _lines_insert(data, front, line)
    elif how == "splice":
        front = _lines_insert(data, front, data.draw(yaml_snippets))
    elif how == "replace":
        front = data.draw(st.one_of(yaml_snippets, st.text(max_size=200)))
    else:  # a fence too many or too few
        return _set(files, path, data.draw(st.sampled_from([front + body, f"---\n{front}", f"---\n---\n{front}---\n{body}",
                                                           f"---\n{front}---\n---\n{body}"])))
    _set(files, path, f"---\n{front}---\n{body}")


def _set(files: Files, path: str, text: str) -> None:
    files[path] = text.encode("utf-8", "surrogatepass")


# --- MDX bodies -------------------------------------------------------------------------------------------

COMPONENTS = ["SchemaViewer", "Schema", "MermaidFileLoader", "NodeGraph", "Link", "Tile", "Tiles", "Miro",
              "Tabs", "Tab", "TabItem", "Accordion", "AccordionGroup", "Admonition", "Steps", "Step", "File",
              "Flow", "EntityMap", "MessageTable", "ResourceLink", "ResourceRef", "RemoteSchema", "OpenAPI",
              "AsyncAPI", "ChannelInformation", "Attachments", "CustomProperties", "Details", "Unknown", "div",
              "script", "iframe", "a", "img", "Footer"]
PROP_NAMES = ["file", "id", "version", "href", "url", "title", "type", "search", "schemaPath", "limit",
              "maxHeight", "board", "mode", "name", "onClick", "style", "className", "src", "{...spread}"]
prop_values = st.one_of(
    st.builds('"{}"'.format, hostile_text.filter(lambda s: '"' not in s)),
    st.builds("'{}'".format, hostile_text.filter(lambda s: "'" not in s)),
    st.builds("{{{}}}".format, st.sampled_from(["1+1", "{a: 1}", "[1, 2]", "true", "null", "() => 1", "`x`",
                                                "props.x", "{", "}}", '"x"', "/* c */", ""])),
    st.just(""),
)
props = st.lists(st.builds(lambda n, v: f"{n}={v}" if v else n, st.sampled_from(PROP_NAMES), prop_values),
                 max_size=4).map(" ".join)
components = st.builds(
    lambda name, attrs, inner, shape: {"self": f"<{name} {attrs} />", "pair": f"<{name} {attrs}>{inner}</{name}>",
                                       "open": f"<{name} {attrs}>{inner}", "close": f"</{name}>",
                                       "broken": f"<{name} {attrs}"}[shape],
    st.sampled_from(COMPONENTS), props, hostile_text, st.sampled_from(["self", "pair", "open", "close", "broken"]))
body_fragments = st.one_of(
    components,
    st.sampled_from([
        "```", "```mermaid\ngraph LR\n  a-->|x|b", "````", "~~~", "{", "}", "{/*", "*/}", "{1 + 1}", "{props.x}",
        "<", ">", "<>", "</>", "<!--", "-->", "<div>", "</div>", "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "[x](../../../../etc/passwd)",
        "![x](file:///etc/passwd)", "$$", ":::", "!!! note", "| a | b |\n|---|", "import X from './x'",
        "export const a = 1", "\0", "\t", "\r", "\\", "---", "# " + "h" * 300, "\u202e", "{{ 7*7 }}", "{% raw %}",
    ]),
    st.text(max_size=60),
)


def mutate_body(data: st.DataObject, files: Files) -> None:
    """Insert unbalanced tags, braces, fences, JSX expressions or components with odd props into a body."""
    text = _text(files, path := _pick(data, _documents(files)))
    parts = split_frontmatter(text) if text else None
    if parts is None:
        return
    front, body = parts
    for _ in range(data.draw(st.integers(1, 4))):
        fragment = data.draw(body_fragments)
        body = _lines_insert(data, body, fragment * data.draw(st.sampled_from([1, 1, 2, 50])))
    _set(files, path, f"---\n{front}---\n{body}")


# --- JSON files: schemas (JSON Schema, Avro) and examples -------------------------------------------------

def json_nodes(value: Any, path: tuple = ()) -> list[tuple]:
    """The path of every node of a JSON value (keys and indexes), the root first."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += json_nodes(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += json_nodes(inner, (*path, index))
    return found


def _replace(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    value[path[0]] = _replace(value[path[0]], path[1:], new)
    return value


json_text_damage = st.sampled_from([
    "truncate", "empty", "bom", "nul", "huge-number", "deep-list", "deep-map", "nan", "duplicate-key", "latin1",
    "trailing-comma", "yaml-instead"])


def _damage_text(data: st.DataObject, text: str, how: str) -> bytes:
    if how == "truncate":
        return text[:data.draw(st.integers(0, max(0, len(text) - 1)))].encode()
    if how == "latin1":
        return text.encode() + b"\xff\xfe\xe9"
    replacements = {
        "empty": "", "bom": "\ufeff" + text, "nul": text.replace(":", ":\0", 1), "nan": '{"a": NaN, "b": -Infinity}',
        "huge-number": '{"type": "object", "maxLength": ' + "9" * 5000 + "}",
        "deep-list": deep(data.draw(st.integers(100, 3000)), "list"),
        "deep-map": deep(data.draw(st.integers(100, 3000)), "map"),
        "duplicate-key": text.replace("{", '{"type": "object", "type": "string", ', 1),
        "trailing-comma": text.rstrip().rstrip("}") + ",}", "yaml-instead": "a: &x [1]\nb: *x\n",
    }
    return replacements[how].encode("utf-8")


def _mutate_json(data: st.DataObject, files: Files, wanted: Callable[[str], bool]) -> None:
    path = _pick(data, sorted(p for p, c in files.items() if wanted(p) and isinstance(c, bytes)))
    text = _text(files, path)
    if text is None:
        return
    value = _parsed(json.loads, text)
    if value is None or data.draw(st.booleans()):
        files[path] = _damage_text(data, text, data.draw(json_text_damage))
        return
    node = data.draw(st.sampled_from(json_nodes(value)))
    new = data.draw(odd_nodes)
    _set(files, path, json.dumps(_replace(value, node, new), ensure_ascii=data.draw(st.booleans())))


def mutate_schema(data: st.DataObject, files: Files) -> None:
    """Retype a node of a JSON Schema or Avro file, point a ``$ref`` somewhere odd, or break its syntax."""
    _mutate_json(data, files, lambda p: p.endswith(("schema.json", ".avsc")))


def mutate_example(data: st.DataObject, files: Files) -> None:
    """Give an example payload wrong types or invalid JSON, or damage the examples' YAML config."""
    if data.draw(st.booleans()):
        _mutate_json(data, files, lambda p: "/examples/" in p and p.endswith(".json"))
        return
    path = _pick(data, sorted(p for p in files if p.endswith("examples.config.yaml")))
    text = _text(files, path)
    if text is not None:
        _set(files, path, _lines_insert(data, text, data.draw(yaml_snippets)))


# --- Names, ids and file kinds ----------------------------------------------------------------------------

HOSTILE_NAMES = ["<script>alert(1)</script>", '"""', "a b", "...", ".hidden", "-rf", "ü", "x" * 255, "y" * 300,
                 "{env}", "%2e%2e", "con", "a\nb", "a\tb", "#", "?", "'", "&", "Orders", "orders", "index.mdx",
                 "versioned", "1.0.0"]


def mutate_names(data: st.DataObject, files: Files) -> None:
    """Rename a resource folder, give a resource a hostile id, or replace a file by a link, bytes or nothing."""
    how = data.draw(st.sampled_from(["rename", "id", "clone", "delete", "empty", "binary", "symlink"]))
    path = data.draw(st.sampled_from(sorted(files)))
    parts = path.split("/")
    if how == "rename" and len(parts) > 1:
        at = data.draw(st.integers(0, len(parts) - 2))
        new = data.draw(st.sampled_from(HOSTILE_NAMES))
        old_prefix = "/".join(parts[:at + 1]) + "/"
        new_prefix = "/".join([*parts[:at], new]) + "/"
        for name in [p for p in files if p.startswith(old_prefix)]:
            files[new_prefix + name[len(old_prefix):]] = files.pop(name)
    elif how in ("id", "clone") and path.endswith(".mdx"):
        text = _text(files, path)
        parts_fm = split_frontmatter(text) if text else None
        if parts_fm is None:
            return
        loaded = _parsed(yaml.safe_load, parts_fm[0])
        if not isinstance(loaded, dict):
            return
        loaded["id"] = data.draw(st.one_of(hostile_text, st.sampled_from([str(loaded.get("id", "")).upper(), 1])))
        text = "---\n" + yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True) + "---\n" + parts_fm[1]
        target = path if how == "id" else "/".join([*parts[:-2], data.draw(st.sampled_from(HOSTILE_NAMES)),
                                                     parts[-1]])
        _set(files, target, text)
    elif how == "delete":
        files.pop(path)
    elif how == "empty":
        files[path] = b""
    elif how == "binary":
        files[path] = data.draw(st.binary(max_size=64))
    elif how == "symlink":
        files[path] = Symlink(data.draw(st.sampled_from(["/etc/passwd", "/", "..", "../..", "nowhere", parts[-1],
                                                          "/dev/null", "/proc/self/environ"])))


MUTATORS: dict[str, Mutator] = {"frontmatter": mutate_frontmatter, "body": mutate_body, "schema": mutate_schema,
                                "example": mutate_example, "names": mutate_names}
