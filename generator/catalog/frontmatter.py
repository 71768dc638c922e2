"""Split an ``index.mdx`` into frontmatter and body, load the YAML safely and locate any entry of it.

python-frontmatter's fence pattern decides where the frontmatter starts and ends; the YAML itself is
composed with PyYAML so that every key and value can be located by line and column (python-frontmatter
returns plain data without positions) and duplicate keys are reported instead of silently overwritten.

Positions are worked out when first asked for: only a finding needs one, and a clean catalog of thousands
of files has none, so each document keeps its YAML text and composes it again on demand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import frontmatter as _python_frontmatter
import yaml

from generator.diagnostics import Diagnostic, Location
from generator.diagnostics.codes import rule
from generator.catalog.yamlbounds import MAX_YAML_DEPTH, MAX_YAML_NODES, exceeds_bounds

__all__ = ["MAX_YAML_DEPTH", "MAX_YAML_NODES", "Document", "FrontmatterLocation", "ParseResult", "Span",
           "decode", "load_yaml", "parse_document", "positions_of"]

Path_ = tuple[str | int, ...]

# The fence python-frontmatter recognises: a line of three or more dashes.
_FENCE = _python_frontmatter.YAMLHandler.FM_BOUNDARY


class Span(NamedTuple):
    """1-based positions of a mapping key (when the value has one) and of its value.

    A named tuple, not a dataclass: a document that needs its positions gets one per entry at once.
    """

    key: tuple[int, int] | None
    value: tuple[int, int]


@dataclass(frozen=True)
class Document:
    """A parsed catalog file: frontmatter data, its YAML text (for positions) and the body."""

    path: str
    data: Mapping[str, Any]
    body: str = ""
    body_line: int = 1
    yaml_text: str = field(default="", repr=False, compare=False)
    yaml_line_offset: int = field(default=0, repr=False, compare=False)  # file lines before yaml_text

    @cached_property
    def positions(self) -> Mapping[Path_, Span]:
        """Where each entry of the frontmatter sits, by its path of keys and list indexes."""
        return positions_of(self.yaml_text, self.yaml_line_offset)

    def where(self, *path: str | int, value: bool = False) -> Location:
        """Location of the frontmatter entry at ``path`` (key position unless ``value``).

        Falls back to the nearest ancestor that has a position, then to the file alone.
        """
        current: Path_ = tuple(path)
        while True:
            span = self.positions.get(current)
            if span is not None:
                line, column = (span.value if value or span.key is None else span.key)
                return Location(self.path, line, column)
            if not current:
                return Location(self.path, 1, 1)
            current = current[:-1]

    def where_later(self, *path: str | int, value: bool = False) -> FrontmatterLocation:
        """``where``, worked out only when the location is read (for locations kept in the model)."""
        return FrontmatterLocation(self, tuple(path), value)


class FrontmatterLocation:
    """A ``Location`` in a document's frontmatter that is looked up when first read.

    The model keeps one for every pointer and schema path; almost none is ever shown.
    """

    __slots__ = ("document", "path", "value", "_found")

    def __init__(self, document: Document, path: Path_, value: bool) -> None:
        self.document, self.path, self.value = document, path, value
        self._found: Location | None = None

    def resolved(self) -> Location:
        if self._found is None:
            self._found = self.document.where(*self.path, value=self.value)
        return self._found

    @property
    def file(self) -> str:
        return self.document.path

    @property
    def line(self) -> int | None:
        return self.resolved().line

    @property
    def column(self) -> int | None:
        return self.resolved().column

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrontmatterLocation):
            if self._same_place(other):
                return True  # same entry of the same text: no need to work out where it is
            other = other.resolved()
        return self.resolved() == other if isinstance(other, Location) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.resolved())

    def _same_place(self, other: FrontmatterLocation) -> bool:
        mine, theirs = self.document, other.document
        return (self.path == other.path and self.value == other.value and mine.path == theirs.path
                and mine.yaml_line_offset == theirs.yaml_line_offset and mine.yaml_text == theirs.yaml_text)

    def __repr__(self) -> str:
        return repr(self.resolved())

    def __getstate__(self) -> tuple:
        return self.document, self.path, self.value, self._found

    def __setstate__(self, state: tuple) -> None:
        self.document, self.path, self.value, self._found = state


@dataclass(frozen=True)
class ParseResult:
    document: Document | None
    diagnostics: tuple[Diagnostic, ...] = ()


def decode(path: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    """Decode file bytes as UTF-8 (a BOM is tolerated); report EC002 with the offending line."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, rule("EC002")(
            f"not valid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded",
            file=path,
            line=line,
            hint="save the file as UTF-8",
        )


def parse_document(path: str, text: str, *, require_frontmatter: bool = True) -> ParseResult:
    """Parse a resource file's text. Never raises: problems come back as diagnostics."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        if not require_frontmatter:
            return ParseResult(Document(path, {}, text, 1))
        return ParseResult(
            None,
            (rule("EC003")("no frontmatter: the file must start with a '---' line", file=path, line=1,
                           column=1, hint="add '---', the YAML fields (id, name, version …), and '---'"),),
        )
    closing = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n"))), None)
    if closing is None:
        return ParseResult(
            None,
            (rule("EC004")("the frontmatter fence opened on line 1 is never closed", file=path, line=1,
                           column=1, hint="add a '---' line after the last frontmatter field"),),
        )
    yaml_text = "".join(lines[1:closing])
    data, problems = load_yaml(path, yaml_text, line_offset=1)
    body = "".join(lines[closing + 1:])
    if data is None:
        return ParseResult(None, problems)
    if not isinstance(data, Mapping):
        return ParseResult(None, problems + (
            rule("EC008")(f"frontmatter is a {type(data).__name__}, not a mapping of fields", file=path,
                          line=2, column=1, hint="write one 'key: value' per line"),))
    return ParseResult(Document(path, data, body, closing + 2, yaml_text, 1), problems)


# libyaml's parser is several times faster than PyYAML's pure-Python one and gives the same marks.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _unconstructible_scalar(loader: yaml.SafeLoader, node: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first scalar below ``node`` whose value the loader cannot construct, to point the finding at it.

    Walked with a list: nesting is already bounded, but a walk never needs the call stack."""
    pending = [node] if node is not None else []
    loader.constructed_objects, loader.recursive_objects = {}, {}  # left half-filled by the failed pass
    while pending:
        current = pending.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                loader.construct_object(current, deep=True)
            except (ValueError, yaml.YAMLError):
                return current
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            pending.extend(item for pair in current.value for item in pair)
    return None


def load_yaml(path: str, text: str, *, line_offset: int = 0) -> tuple[Any, tuple[Diagnostic, ...]]:
    """Load YAML safely, reporting duplicate keys. ``line_offset`` is the number of file lines before
    ``text``. Returns ``(data, diagnostics)``; ``data`` is None when the YAML does not parse."""
    too_big = exceeds_bounds(text)
    if too_big is not None:
        return None, (rule("EC005")(f"invalid YAML: {too_big.message}", file=path,
                                    line=too_big.line + 1 + line_offset,
                                    hint=too_big.hint),)
    loader = _SafeLoader(text)
    duplicates: list[Diagnostic] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            # Look before constructing: the constructor merges `<<: *anchor` keys into the node in place,
            # which would make a key that overrides a merged one look like a duplicate.
            _report_duplicates(node, duplicates, path, line_offset)
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        problem = " ".join(p for p in (error.context, error.problem) if p) or str(error)
        return None, (rule("EC005")(f"invalid YAML: {problem}", file=path, line=line, column=column,
                                    hint="check indentation, colons and quoting around this line"),)
    except yaml.YAMLError as error:  # e.g. a reader error on control characters
        return None, (rule("EC005")(f"invalid YAML: {error}", file=path, hint="check the YAML syntax"),)
    except ValueError as error:  # a scalar PyYAML parses but Python cannot hold: 2024-13-45, a 5,000-digit int
        where = _unconstructible_scalar(loader, node)
        return None, (rule("EC005")(f"invalid YAML: a value cannot be read ({error})", file=path,
                                    line=where.start_mark.line + 1 + line_offset if where else None,
                                    column=where.start_mark.column + 1 if where else None,
                                    hint="quote the value to keep it as text"),)
    except RecursionError:  # a last resort: the depth check above keeps nesting far from Python's limit
        return None, (rule("EC005")("invalid YAML: nested too deeply to be read", file=path,
                                    line=1 + line_offset, hint="flatten the structure"),)
    finally:
        loader.dispose()
    return data, tuple(duplicates)


def positions_of(text: str, line_offset: int = 0) -> dict[Path_, Span]:
    """Where every key and value of the YAML ``text`` sits (empty when it does not parse)."""
    loader = _SafeLoader(text)
    positions: dict[Path_, Span] = {}
    try:
        node = loader.get_single_node()
        if node is not None:
            _walk(node, (), None, positions, line_offset)
    except (yaml.YAMLError, RecursionError):
        return {}
    finally:
        loader.dispose()
    return positions


def _report_duplicates(root: yaml.Node, duplicates: list[Diagnostic], file: str, line_offset: int) -> None:
    """EC006 for each key repeated in one mapping (every value but the last is lost)."""
    pending, walked = [root], set()
    while pending:  # a loop: nested aliases would make a recursive walk exponential ("billion laughs")
        node = pending.pop()
        if id(node) in walked:
            continue
        walked.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            children = []
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else repr(key.value)
                line = key.start_mark.line + 1 + line_offset
                if name in seen:
                    duplicates.append(rule("EC006")(
                        f"duplicate key '{name}' (first on line {seen[name]}); only the last value is kept",
                        file=file, line=line, column=key.start_mark.column + 1,
                        hint=f"remove one of the '{name}' entries"))
                seen[name] = line
                children.append(value)
            pending.extend(reversed(children))  # reported in document order
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))


def _mark(node: yaml.Node, line_offset: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1


def _walk(node, path: Path_, key_node, positions, line_offset: int, walked: set[int] | None = None) -> None:
    key_pos = _mark(key_node, line_offset) if key_node is not None else None
    positions[path] = Span(key_pos, _mark(node, line_offset))
    # An alias is the anchored node itself: walking it again would recurse forever on a recursive anchor
    # and grow exponentially on nested aliases ("billion laughs"). Its inside keeps the anchor's positions.
    walked = set() if walked is None else walked
    if id(node) in walked:
        return
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else repr(key.value)
            _walk(value, path + (name,), key, positions, line_offset, walked)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), None, positions, line_offset, walked)
