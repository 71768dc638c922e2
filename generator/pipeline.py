"""The shared front of every command: discover → read → parse → assemble.

This is the only module that reads catalog files. It hands the rest of evcat a ``Catalog`` (with schema
and example text inside) plus the diagnostics found on the way.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import build_resources, parallel
from generator.assemble import assemble
from generator.diagnostics import Diagnostic, Diagnostics
from generator.discovery import SourceFile, discover
from generator.frontmatter import Document, decode, load_yaml, parse_document
from generator.model import Catalog, Changelog
from generator.rules.registry import rule

MAX_FILE_BYTES = 10 * 1024 * 1024  # larger "catalog files" are almost surely not hand-written content
# Opening never follows a final symbolic link (its target is checked first) and never blocks on a FIFO.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_SYMLINK_ERRNOS = {errno.ELOOP, errno.EMLINK}  # what open(O_NOFOLLOW) says of a link (Linux, BSD)
_EXAMPLE_CONFIGS = ("examples.config.yaml", "examples.config.yml", "examples.config.json")


@dataclass
class _Reader:
    """Reads catalog-relative files, refusing anything that resolves outside the catalog root."""

    root: Path
    problems: list[Diagnostic] = field(default_factory=list)
    _real_root: str = ""
    _real_dirs: dict[str, str] = field(default_factory=dict)
    _listings: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._root = str(self.root)
        self._real_root = os.path.realpath(self.root)

    def inside(self, relative: str) -> Path | None:
        """The path of ``relative`` when it resolves inside the catalog, following symbolic links."""
        path = os.path.join(self._root, relative)
        # Resolving every path costs a system call per path component: resolve each folder once, and
        # the last name only when it is a link.
        folder, name = os.path.split(path)
        real = os.path.join(self._real_folder(folder), name)
        if os.path.islink(real):
            real = os.path.realpath(real)
        return Path(path) if self._contains(real) else None

    def _real_folder(self, folder: str) -> str:
        """realpath(folder), built from the parent's: one lstat per folder, not one per path component."""
        known = self._real_dirs.get(folder)
        if known is not None:
            return known
        parent, name = os.path.split(folder)
        if not name or folder == self._root:
            real = os.path.realpath(folder)
        else:
            real = os.path.join(self._real_folder(parent), name)
            if os.path.islink(real):
                real = os.path.realpath(real)
        self._real_dirs[folder] = real
        return real

    def text(self, relative: str, *, report: bool = False) -> str | None:
        """The file's text, or None. With ``report``, read problems become diagnostics: a name that exists
        but cannot be read (a folder, a broken or escaping symbolic link, no permission) is EC001."""
        raw = self._bytes(relative)
        if raw is None or isinstance(raw, OSError):
            if report:
                self.problems.append(rule("EC001")(
                    f"cannot read file: {_why_unreadable(self.root / relative, outside=raw is None)}",
                    file=relative, hint="replace it with a regular file inside the catalog folder"))
            return None
        if isinstance(raw, int):
            if report:
                self.problems.append(rule("EC001")(
                    f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not read", file=relative))
            return None
        text, problem = decode(relative, raw)
        if problem is not None and report:
            self.problems.append(problem)
        return text

    def _bytes(self, relative: str) -> bytes | int | OSError | None:
        """The file's bytes; its size when too large; the error when it is no readable regular file; None
        when it resolves outside the catalog.

        Catalogs have tens of thousands of small files, so this costs one open (which also tells whether
        the name is a symbolic link), one fstat and the reads: no path resolution per file.
        """
        path = os.path.join(self._root, relative)
        folder, name = os.path.split(path)
        real_folder = self._real_folder(folder)
        if not self._contains(real_folder):
            return None
        try:
            descriptor = os.open(path, _OPEN_FLAGS)
        except OSError as error:
            if error.errno not in _SYMLINK_ERRNOS:
                return error
            real = os.path.realpath(os.path.join(real_folder, name))  # a link: follow it, then check
            if not self._contains(real):
                return None
            try:
                descriptor = os.open(real, _OPEN_FLAGS & ~_NOFOLLOW)
            except OSError as link_error:
                return link_error
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                return OSError(errno.EINVAL, "not a regular file")
            if status.st_size > MAX_FILE_BYTES:
                return status.st_size
            chunks = []
            while chunk := os.read(descriptor, max(status.st_size, 1 << 16)):
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError as error:
            return error
        finally:
            os.close(descriptor)

    def _contains(self, real: str) -> bool:
        return real == self._real_root or real.startswith(self._real_root + os.sep)

    def list_dir(self, relative: str) -> list[str]:
        """Names of the regular files in a catalog folder (none when it is missing or outside)."""
        if relative in self._listings:
            return self._listings[relative]
        path = self.inside(relative)
        names: list[str] = []
        if path is not None:
            try:
                with os.scandir(path) as entries:
                    names = sorted(e.name for e in entries if e.is_file())
            except OSError:
                names = []
        self._listings[relative] = names
        return names


def _why_unreadable(path: Path, *, outside: bool) -> str:
    """Why a name found in the catalog is not a readable file, for EC001."""
    if path.is_symlink():
        target = os.readlink(path)
        if outside:
            return f"it is a symbolic link to '{target}', outside the catalog folder"
        if not path.exists():
            return f"it is a broken symbolic link to '{target}'"
    if path.is_dir():
        return "it is a folder, not a file"
    try:
        path.stat()
    except OSError as error:
        return error.strerror or str(error)
    return "it is not a regular file"


@dataclass(frozen=True)
class Loaded:
    """The result of loading a catalog: the model, the findings so far and how many files were read."""

    catalog: Catalog
    diagnostics: Diagnostics
    files_read: int


def read_catalog_file(root: Path, relative: str) -> str | None:
    """The text of a catalog-relative file, or None when it is missing, unreadable or outside ``root``."""
    return _Reader(Path(root)).text(relative)


def load_catalog(root: Path, *, title: str | None = None, workers: int = 1) -> Loaded:
    """Read the catalog folder ``root`` into a ``Catalog``. Never raises on bad content.

    With ``workers`` > 1, large catalogs are read and parsed in that many processes.
    """
    root = Path(root)
    found = discover(root)
    problems: list[Diagnostic] = list(found.diagnostics)
    resources: list = []
    for part_resources, part_problems in parallel.map_slices(_read_part, (root, found.files),
                                                             len(found.files), workers):
        resources += part_resources
        problems += part_problems
    catalog, reference_problems = assemble(str(root), title or catalog_title(root), resources)
    diagnostics = Diagnostics()
    diagnostics.extend(problems + reference_problems)
    return Loaded(catalog, diagnostics, len(found.files))


def _read_part(shared: tuple[Path, Sequence[SourceFile]], start: int, stop: int) -> tuple[list, list[Diagnostic]]:
    """Read, parse and build the resources of the source files ``start:stop``."""
    root, sources = shared
    reader = _Reader(root)
    problems: list[Diagnostic] = []
    resources = []
    for source in sources[start:stop]:
        document = _document(source, reader, problems)
        if document is None:
            continue
        changelog = _changelog(source, reader, problems)
        config = _example_config(source, reader, problems)
        resources.append(build_resources.build(source, document, changelog, reader.text, reader.list_dir,
                                               config))
    return resources, reader.problems + problems


def _document(source: SourceFile, reader: _Reader, problems: list[Diagnostic]) -> Document | None:
    text = reader.text(source.path, report=True)
    if text is None:
        return None
    result = parse_document(source.path, text)
    problems.extend(result.diagnostics)
    return result.document


def _changelog(source: SourceFile, reader: _Reader, problems: list[Diagnostic]) -> Changelog | None:
    if source.changelog is None:
        return None
    text = reader.text(source.changelog, report=True)
    if text is None:
        return None
    result = parse_document(source.changelog, text, require_frontmatter=False)
    problems.extend(result.diagnostics)
    if result.document is None:
        return None
    created = result.document.data.get("createdAt")
    return Changelog(path=source.changelog, body=result.document.body,
                     created_at=str(created) if created is not None else None,
                     body_line=result.document.body_line)


def _example_config(source: SourceFile, reader: _Reader, problems: list[Diagnostic]) -> tuple[Mapping, str | None]:
    if source.examples_dir is None:
        return {}, None
    names = reader.list_dir(source.examples_dir)
    name = next((n for n in _EXAMPLE_CONFIGS if n in names), None)
    if name is None:
        return {}, None
    path = f"{source.examples_dir}/{name}"
    text = reader.text(path, report=True)
    if text is None:
        return {}, path
    data, yaml_problems = load_yaml(path, text)
    problems.extend(yaml_problems)
    return (data if isinstance(data, Mapping) else {}), path


def catalog_title(root: Path) -> str:
    """The catalog's title: ``title`` from eventcatalog.config.js when present, else the folder name."""
    config = root / "eventcatalog.config.js"
    try:
        text = config.read_text(encoding="utf-8") if config.is_file() else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    match = re.search(r"""\btitle\s*:\s*(['"`])(.+?)\1""", text)
    if match:
        return match.group(2)
    name = root.resolve().name
    return name.replace("-", " ").replace("_", " ").title() if name else "Event Catalog"
