"""The catalog reader: the one way evcat reads a file a catalog names.

Every file (resource, changelog, example, schema, a schema's ``$ref`` target, a file a body component
loads) is read here, by its catalog-relative path. A file that cannot be used comes back as a ``Refusal``
saying why, and each kind of refusal has its own diagnostic code, so a CI job can tell a file outside the
catalog from one that is merely missing:

=============  =======  ====================================================================
kind           code     when
=============  =======  ====================================================================
missing        (caller) no such file: the caller knows what the name was for (EC301, EC603 …)
outside        EC009    the path, or the symbolic link it is, leads out of the catalog folder
not-regular    EC010    a folder, FIFO, device or socket
too-large      EC011    more than ``MAX_FILE_BYTES`` (checked by fstat, before reading)
not-utf8       EC002    the bytes are not UTF-8 (UTF-16 files included)
unreadable     EC001    anything else the system refuses (no permission, a broken link …)
=============  =======  ====================================================================
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.diagnostics.codes import rule

MAX_FILE_BYTES = 10 * 1024 * 1024  # larger "catalog files" are almost surely not hand-written content
# Opening never follows a final symbolic link (its target is checked first) and never blocks on a FIFO.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_SYMLINK_ERRNOS = {errno.ELOOP, errno.EMLINK}  # what open(O_NOFOLLOW) says of a link (Linux, BSD)
_MISSING_ERRNOS = {errno.ENOENT, errno.ENOTDIR}
_DRIVE = re.compile(r"[A-Za-z]:(?:/|$)")  # C:/… names a Windows drive, never a catalog file
_CODES = {"outside": "EC009", "not-regular": "EC010", "too-large": "EC011", "not-utf8": "EC002",
          "unreadable": "EC001", "missing": "EC001"}
_HINTS = {
    "outside": "evcat reads only files inside the catalog folder; copy the file into it",
    "not-regular": "replace it with a regular file",
    "too-large": f"catalog files are limited to {MAX_FILE_BYTES // (1024 * 1024)} MiB; split or shrink it",
    "not-utf8": "save the file as UTF-8",
    "unreadable": "replace it with a readable regular file inside the catalog folder",
    "missing": "check the file name",
}


@dataclass(frozen=True)
class Refusal:
    """Why a named file was not read: ``kind`` (see the module docstring) and the reason in words."""

    kind: str
    reason: str
    line: int | None = None  # for not-utf8: the line of the first undecodable byte

    @property
    def code(self) -> str:
        return _CODES[self.kind]

    def diagnostic(self, file: str, *, what: str = "cannot read file", line: int | None = None,
                   column: int | None = None) -> Diagnostic:
        """This refusal as a finding on ``file`` (the file read, or the file that named it); ``what`` is
        the message's start (a UTF-8 problem says it itself)."""
        message = self.reason if self.kind == "not-utf8" and what == "cannot read file" else f"{what}: {self.reason}"
        return rule(self.code)(message, file=file, line=line or self.line, column=column, hint=_HINTS[self.kind])


@dataclass
class CatalogReader:
    """Reads catalog-relative files, refusing anything that resolves outside the catalog root."""

    root: Path
    problems: list[Diagnostic] = field(default_factory=list)
    _real_root: str = ""
    _real_dirs: dict[str, str] = field(default_factory=dict)
    _listings: dict[str, list[str]] = field(default_factory=dict)
    _reported: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._root = str(self.root)
        self._real_root = os.path.realpath(self.root)

    def read(self, relative: str) -> str | Refusal:
        """The text of the catalog-relative file ``relative``, or why it was not read."""
        raw = self._bytes(relative)
        if isinstance(raw, Refusal):
            return raw
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return Refusal("not-utf8", f"not valid UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded",
                           raw[: error.start].count(b"\n") + 1)

    def text(self, relative: str, *, report: bool = False) -> str | None:
        """The file's text, or None. With ``report``, every refusal (a missing file too) becomes a
        diagnostic on the file itself."""
        found = self.read(relative)
        if isinstance(found, Refusal):
            if report:
                self.problems.append(found.diagnostic(relative))
            return None
        return found

    def named(self, relative: str) -> str | None:
        """The text of a file a resource names (a schema, an example), or None. Every refusal but a
        missing file (whose code the caller knows) becomes a diagnostic on the file, once per file."""
        found = self.read(relative)
        if not isinstance(found, Refusal):
            return found
        if found.kind != "missing" and relative not in self._reported:
            self._reported.add(relative)
            self.problems.append(found.diagnostic(relative))
        return None

    def inside(self, relative: str) -> Path | None:
        """The path of ``relative`` when it resolves inside the catalog, following symbolic links."""
        normal = _normal(relative)
        if normal is None:
            return None
        path = os.path.join(self._root, normal)
        folder, name = os.path.split(path)
        real = os.path.join(self._real_folder(folder), name)
        if os.path.islink(real):
            real = os.path.realpath(real)
        return Path(path) if self._contains(real) else None

    def _real_folder(self, folder: str) -> str:
        """realpath(folder), built from the parent's: one lstat per folder, not one per path component.

        ``folder`` never holds ``..`` (paths are normalised first), so joining names is exact."""
        known = self._real_dirs.get(folder)
        if known is not None:
            return known
        parent, name = os.path.split(folder)
        if not name or folder == self._root or not folder.startswith(self._root + os.sep):
            real = os.path.realpath(folder)
        else:
            real = os.path.join(self._real_folder(parent), name)
            if os.path.islink(real):
                real = os.path.realpath(real)
        self._real_dirs[folder] = real
        return real

    def _bytes(self, relative: str) -> bytes | Refusal:
        """The file's bytes, or why not. Catalogs have tens of thousands of small files, so this costs one
        open (which also tells whether the name is a symbolic link), one fstat and the reads."""
        normal = _normal(relative)
        if normal is None:
            return Refusal("outside", "it points outside the catalog folder")
        path = os.path.join(self._root, normal)
        folder, name = os.path.split(path)
        real_folder = self._real_folder(folder)
        if not self._contains(real_folder):
            return Refusal("outside", "it is in a folder that links outside the catalog folder")
        try:
            descriptor = os.open(path, _OPEN_FLAGS)
        except OSError as error:
            if error.errno not in _SYMLINK_ERRNOS:
                return _refusal_of(error, path)
            real = os.path.realpath(os.path.join(real_folder, name))  # a link: follow it, then check
            if not self._contains(real):
                return Refusal("outside", f"it is a symbolic link to '{os.readlink(path)}', outside the "
                                          "catalog folder")
            try:
                descriptor = os.open(real, _OPEN_FLAGS & ~_NOFOLLOW)
            except OSError as link_error:
                return _refusal_of(link_error, path)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                return Refusal("not-regular", f"it is {_file_type(status.st_mode)}, not a regular file")
            if status.st_size > MAX_FILE_BYTES:
                return Refusal("too-large", f"it is {status.st_size:,} bytes, more than the "
                                            f"{MAX_FILE_BYTES // (1024 * 1024)} MiB limit; not read")
            # Read at most one byte past the limit: a file that grows after fstat is still bounded.
            chunks, left = [], MAX_FILE_BYTES + 1
            while left > 0 and (chunk := os.read(descriptor, min(max(status.st_size, 1 << 16), left))):
                chunks.append(chunk)
                left -= len(chunk)
            if left <= 0:
                return Refusal("too-large", f"it is more than the {MAX_FILE_BYTES // (1024 * 1024)} MiB "
                                            "limit; not read")
            return b"".join(chunks)
        except OSError as error:
            return _refusal_of(error, path)
        finally:
            os.close(descriptor)

    def _contains(self, real: str) -> bool:
        return real == self._real_root or real.startswith(self._real_root + os.sep)

    def list_dir(self, relative: str) -> list[str]:
        """Names of everything but folders in a catalog folder (none when it is missing or outside).

        Links, FIFOs and devices are listed too: reading them reports why they cannot be used, instead
        of leaving them out without a word."""
        if relative in self._listings:
            return self._listings[relative]
        path = self.inside(relative)
        names: list[str] = []
        if path is None and os.path.lexists(os.path.join(self._root, relative)):
            self.problems.append(Refusal("outside", "it leads outside the catalog folder").diagnostic(
                relative, what="cannot read folder"))
        if path is not None:
            try:
                with os.scandir(path) as entries:
                    names = sorted(e.name for e in entries if not e.is_dir(follow_symlinks=False))
            except OSError:
                names = []
        self._listings[relative] = names
        return names


def _normal(relative: str) -> str | None:
    """``relative`` without ``.``/``..`` steps; None when it is absolute or climbs out of the root.

    Normalising before opening means the path that is checked is the path that is opened."""
    posix = relative.replace("\\", "/")
    if posix.startswith("/") or _DRIVE.match(posix):
        return None
    normal = posixpath.normpath(posix)
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def _refusal_of(error: OSError, path: str) -> Refusal:
    if error.errno in _MISSING_ERRNOS:
        if os.path.islink(path):
            return Refusal("unreadable", f"it is a broken symbolic link to '{os.readlink(path)}'")
        return Refusal("missing", "no such file")
    if error.errno == errno.EISDIR:
        return Refusal("not-regular", "it is a folder, not a regular file")
    if error.errno in (errno.ENXIO, errno.ENODEV):  # opening a socket or a device without a driver
        return Refusal("not-regular", "it is a socket or device, not a regular file")
    return Refusal("unreadable", error.strerror or str(error))


def _file_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
