"""Load JSON or YAML text and keep where every key and value sits.

Pointers are RFC 6901 JSON pointers (``/a/0/b``, with ``~0``/``~1`` escapes); positions are 1-based. JSON
positions come from a small scanner that runs over text ``json`` has already accepted, so it can assume the
text is valid. (``json_source_map`` was the first choice, but it neither escapes ``/``/``~`` nor decodes
``\\u`` escapes in keys, and it keeps only the last of duplicate keys.)
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Literal

import yaml

from generator.catalog.yamlbounds import exceeds_bounds
from generator.schemas.model import (
    DuplicateKey,
    Position,
    SyntaxProblem,
    escape_token,
    json_pointer,
    pointer_parts,
)

_WS = re.compile(r"[ \t\n\r]*")
# numbers and the literals true/false/null (and json's NaN/Infinity extensions)
_TOKEN = re.compile(r"[^ \t\n\r,\]}:]*")
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Loaded:
    """Parsed data with positions; on a syntax error ``data`` is None and ``error`` says why."""

    data: object
    positions: Mapping[str, Position] = field(default_factory=dict)
    error: SyntaxProblem | None = None
    duplicate_keys: list[DuplicateKey] = field(default_factory=list)


class _JsonishLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: an unquoted ``2025-01-01`` stays a string, as in JSON."""


_JsonishLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_with_positions(text: str, syntax: Literal["json", "yaml"]) -> Loaded:
    """Parse ``text`` as JSON or YAML; never raises on bad input (the problem is in ``.error``)."""
    if syntax == "json":
        return _load_json(text)
    if syntax == "yaml":
        return _load_yaml(text)
    raise ValueError(f"unknown syntax {syntax!r}; use 'json' or 'yaml'")


def position_of(loaded: Loaded, pointer: str) -> Position | None:
    """The position of ``pointer``, or of its nearest ancestor that has one; None if nothing has."""
    parts = pointer_parts(pointer)
    while True:
        found = loaded.positions.get(json_pointer(parts))
        if found is not None or not parts:
            return found
        parts.pop()


class _Lines:
    """Offset → 1-based line/column."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(self, offset: int) -> Position:
        line = bisect_right(self._starts, offset)
        return Position(line, offset - self._starts[line - 1] + 1)


def _load_json(text: str) -> Loaded:
    # editors do not count a byte-order mark as a column, and json refuses it
    text = text.removeprefix("\ufeff")
    repeated: list[bool] = []

    def note_repeats(pairs: list[tuple[str, object]]) -> dict:
        result = dict(pairs)
        if len(result) != len(pairs):
            repeated.append(True)
        return result

    try:
        data = json.loads(text, object_pairs_hook=note_repeats)
    except json.JSONDecodeError as error:
        return Loaded(None, error=SyntaxProblem(error.msg, error.lineno, error.colno))
    except RecursionError:
        return Loaded(None, error=SyntaxProblem("nesting is too deep", None, None))
    except ValueError:
        # An integer beyond Python's int-from-text limit; its own message advises sys.set_int_max_str_digits(),
        # no help to a catalog author.
        return Loaded(None, error=SyntaxProblem("a number has more than 4300 digits", None, None))
    if not repeated:
        # Positions cost ~15x the parse and most files never need one: map them on first use.
        return Loaded(data, _LazyPositions(text))
    mapper = _map_json(text)
    return Loaded(data, mapper.positions, duplicate_keys=mapper.duplicates)


def _map_json(text: str) -> _JsonMapper:
    mapper = _JsonMapper(text)
    try:
        start = _WS.match(text, 0).end()
        mapper.positions[""] = mapper.lines.position(start)
        mapper.value(start, "")
    except RecursionError:
        pass  # json accepted it, so only the positions are incomplete; position_of walks up
    return mapper


class _LazyPositions(Mapping):
    """JSON pointer → position, computed from the text the first time a position is asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: dict[str, Position] | None = None

    def _mapped(self) -> dict[str, Position]:
        if self._positions is None:
            self._positions = _map_json(self._text).positions
        return self._positions

    def __getitem__(self, pointer: str) -> Position:
        return self._mapped()[pointer]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapped())

    def __len__(self) -> int:
        return len(self._mapped())


class _JsonMapper:
    """Walks text that ``json`` accepted, recording the position of each key (or array item)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _Lines(text)
        self.positions: dict[str, Position] = {}
        self.duplicates: list[DuplicateKey] = []

    def value(self, pos: int, pointer: str) -> int:
        """Map the value starting at or after ``pos``; return the offset just after it."""
        pos = _WS.match(self.text, pos).end()
        first = self.text[pos]
        if first == "{":
            return self._object(pos + 1, pointer)
        if first == "[":
            return self._array(pos + 1, pointer)
        if first == '"':
            return scanstring(self.text, pos + 1)[1]
        return _TOKEN.match(self.text, pos).end()

    def _object(self, pos: int, pointer: str) -> int:
        seen: set[str] = set()
        while True:
            pos = _WS.match(self.text, pos).end()
            char = self.text[pos]
            if char == "}":
                return pos + 1
            if char == ",":
                pos += 1
                continue
            key, end = scanstring(self.text, pos + 1)
            child = f"{pointer}/{escape_token(key)}"
            where = self.lines.position(pos)
            if key in seen:
                self.duplicates.append(DuplicateKey(child, where.line, where.column))
            seen.add(key)
            self.positions[child] = where  # json keeps the last value, so the last key wins here too
            colon = _WS.match(self.text, end).end()
            pos = self.value(colon + 1, child)

    def _array(self, pos: int, pointer: str) -> int:
        index = 0
        while True:
            pos = _WS.match(self.text, pos).end()
            char = self.text[pos]
            if char == "]":
                return pos + 1
            if char == ",":
                pos += 1
                continue
            child = f"{pointer}/{index}"
            self.positions[child] = self.lines.position(pos)
            pos = self.value(pos, child)
            index += 1


def _load_yaml(text: str) -> Loaded:
    too_big = exceeds_bounds(text)
    if too_big is not None:  # an alias bomb or a too deep text is never composed, let alone expanded
        return Loaded(None, error=SyntaxProblem(too_big.message, too_big.line + 1, None))
    loader = _JsonishLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None)
        positions: dict[str, Position] = {"": _mark(node.start_mark)}
        duplicates: list[DuplicateKey] = []
        # walk before constructing: construction flattens merge keys (<<) in place
        _walk_yaml(node, "", positions, duplicates, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        return Loaded(None, error=_yaml_problem(error))
    except yaml.YAMLError as error:
        return Loaded(None, error=SyntaxProblem(str(error), None, None))
    except RecursionError:
        return Loaded(None, error=SyntaxProblem("nesting is too deep", None, None))
    finally:
        loader.dispose()
    return Loaded(data, positions, duplicate_keys=duplicates)


def _mark(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _yaml_problem(error: yaml.MarkedYAMLError) -> SyntaxProblem:
    message = error.problem or error.context or "invalid YAML"
    if error.problem and error.context:
        message = f"{error.problem} ({error.context})"
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return SyntaxProblem(message, None, None)
    return SyntaxProblem(message, mark.line + 1, mark.column + 1)


def _walk_yaml(node: yaml.Node, pointer: str, positions: dict[str, Position],
               duplicates: list[DuplicateKey], active: set[int]) -> None:
    if id(node) in active:  # a recursive alias (&a [*a]); the data has no end, the positions do
        return
    active.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[tuple[str, str]] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue
            child = f"{pointer}/{escape_token(key_node.value)}"
            identity = (key_node.tag, key_node.value)
            if identity in seen:
                where = _mark(key_node.start_mark)
                duplicates.append(DuplicateKey(child, where.line, where.column))
            seen.add(identity)
            positions[child] = _mark(key_node.start_mark)
            _walk_yaml(value_node, child, positions, duplicates, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{pointer}/{index}"
            positions[child] = _mark(item.start_mark)
            _walk_yaml(item, child, positions, duplicates, active)
    active.discard(id(node))
