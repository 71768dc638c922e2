"""Reading an AsyncAPI document: bounded YAML or JSON, and its ``$ref``s resolved without leaving its folder.

The document's folder is treated like a catalog: every file is read through ``CatalogReader``, so a ``$ref``
to ``../../etc/passwd`` (or a link that leads out) is refused (EC009) and nothing outside is read. Remote
``$ref``s (``https://…``) are never fetched: they stay in place and are reported (EC305, a warning).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.catalog.files import CatalogReader, Refusal
from generator.catalog.yamlbounds import exceeds_bounds
from generator.diagnostics import Diagnostic, Severity
from generator.diagnostics.codes import rule

_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
MAX_RESOLVED_NODES = 1_000_000  # what resolving may produce: refs can multiply a document like aliases


class _StringDates(yaml.SafeLoader):
    """PyYAML without timestamp conversion: ``2024-01-01`` in a document stays the string it was written as."""


_StringDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()}


class DocumentError(Exception):
    """A document that cannot be used at all; carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def parse_text(text: str, name: str) -> Any:
    """JSON or YAML ``text`` (of file ``name``) as data; YAML passes the alias and depth bounds first."""
    if name.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise DocumentError(rule("EC005")(f"not valid JSON: {error.msg}", file=name, line=error.lineno)) \
                from None
    problem = exceeds_bounds(text)
    if problem is not None:
        raise DocumentError(rule("EC005")(f"YAML refused: {problem.message}", file=name, line=problem.line + 1,
                                          hint=problem.hint))
    try:
        return yaml.load(text, Loader=_StringDates)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DocumentError(rule("EC005")(f"not valid YAML: {getattr(error, 'problem', error)}", file=name,
                                          line=mark.line + 1 if mark else None)) from None


@dataclass
class Source:
    """A loaded document and the reader of its folder; ``deref`` and ``resolved`` follow its ``$ref``s."""

    path: Path
    document: dict
    reader: CatalogReader
    problems: list[Diagnostic] = field(default_factory=list)
    _files: dict[str, Any] = field(default_factory=dict)
    _produced: int = 0

    @property
    def name(self) -> str:
        return self.path.name

    def deref(self, node: Any, file: str | None = None) -> tuple[Any, str | None, str]:
        """``node`` with a ``$ref`` followed (once, to a non-ref): (target, the last ref text, its file)."""
        file = file or self.name
        ref_text = None
        for _ in range(50):  # a chain of refs longer than this is a loop
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node, ref_text, file
            ref_text = node["$ref"]
            target = self._target(ref_text, file)
            if target is None:
                return node, ref_text, file
            node, file = target
        return node, ref_text, file

    def resolved(self, node: Any, file: str | None = None, _stack: tuple[str, ...] = ()) -> Any:
        """``node`` with every resolvable ``$ref`` replaced by its target; a recursive ref stays a ref."""
        file = file or self.name
        self._produced += 1
        if self._produced > MAX_RESOLVED_NODES:
            raise DocumentError(rule("EC005")(f"resolving $refs produces more than {MAX_RESOLVED_NODES:,} "
                                              "values; not imported", file=self.name))
        if isinstance(node, list):
            return [self.resolved(item, file, _stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref_text = node.get("$ref")
        if isinstance(ref_text, str):
            key = f"{file}|{ref_text}"
            if key in _stack:
                return dict(node)
            target = self._target(ref_text, file)
            if target is None:
                return dict(node)
            return self.resolved(target[0], target[1], (*_stack, key))
        return {key: self.resolved(value, file, _stack) for key, value in node.items()}

    def _target(self, ref_text: str, file: str) -> tuple[Any, str] | None:
        """What ``ref_text`` (written in ``file``) points at, with the file it is in; None (reported) when
        it is remote, outside the folder, missing or dangling."""
        if _REMOTE.match(ref_text):
            self._report(Diagnostic("EC305", Severity.WARNING, f"remote $ref '{ref_text}' not fetched: evcat "
                                    "never reads the network; the reference is kept as written",
                                    file=file, hint="copy the file beside the document and refer to it as ./name"))
            return None
        path_part, _, pointer = ref_text.partition("#")
        target_file = file
        if path_part:
            target_file = posixpath.normpath(posixpath.join(posixpath.dirname(file), path_part))
            if target_file not in self._files:
                self._files[target_file] = self._load(target_file, ref_text, file)
        elif target_file not in self._files:
            self._files[target_file] = self.document
        data = self._files[target_file]
        if data is None:
            return None
        for part in [p for p in pointer.split("/") if p] if pointer else []:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(data, dict) and part in data:
                data = data[part]
            elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
                data = data[int(part)]
            else:
                self._report(rule("EC305")(f"$ref '{ref_text}' points at nothing", file=file))
                return None
        return data, target_file

    def _load(self, target_file: str, ref_text: str, file: str) -> Any:
        text = self.reader.read(target_file)
        if isinstance(text, Refusal):
            if text.kind == "missing":
                self._report(rule("EC305")(f"$ref '{ref_text}': no such file", file=file))
            else:
                self._report(text.diagnostic(file, what=f"$ref '{ref_text}' refused"))
            return None
        try:
            return parse_text(text, target_file)
        except DocumentError as error:
            self._report(error.diagnostic)
            return None

    def _report(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.problems:
            self.problems.append(diagnostic)


def load_source(path: Path) -> Source:
    """The document at ``path``; raises DocumentError when it cannot be read or is not an AsyncAPI document."""
    reader = CatalogReader(path.parent)
    text = reader.read(path.name)
    if isinstance(text, Refusal):
        raise DocumentError(text.diagnostic(path.name))
    document = parse_text(text, path.name)
    if not isinstance(document, dict) or not isinstance(document.get("asyncapi"), str):
        raise DocumentError(rule("EC102")("not an AsyncAPI document: no 'asyncapi: <version>' field at the top",
                                          file=path.name))
    if not re.match(r"^(2\.6|3\.[01])\.\d+$", document["asyncapi"]):
        raise DocumentError(rule("EC106")(f"AsyncAPI {document['asyncapi']} is not supported; evcat imports "
                                          "2.6, 3.0 and 3.1", file=path.name,
                                          hint="convert it first: asyncapi convert FILE -t 3.0.0"))
    return Source(path, document, reader)
