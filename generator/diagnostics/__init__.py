"""Problems as data: every finding of every stage is a `Diagnostic`.

Parsing, assembling and rules only *create* diagnostics; reporters only *print* them; severity overrides
and the exit code are decided here, once.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    """Severity of a finding; ``OFF`` means an override silenced it."""

    OFF = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a severity name as written in configuration (``error``, ``warning``, ``info``, ``off``)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; use error, warning, info or off") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class ExitCode(enum.IntEnum):
    """Process exit codes shared by every command."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INCOMPLETE = 3
    INTERRUPTED = 130  # 128 + SIGINT, as shells report an interrupted command


@dataclass(frozen=True, order=True)
class Location:
    """Where something sits: a catalog-relative POSIX path and optional 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Diagnostic:
    """One finding. ``file`` is relative to the catalog root; ``line``/``column`` are 1-based or None."""

    code: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    hint: str | None = None
    related: tuple[Location, ...] = ()

    @property
    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code, self.message)

    @property
    def family(self) -> str:
        """The rule family, e.g. ``EC2`` for ``EC201``."""
        return self.code[:3]


def at(location: Location | None) -> dict:
    """Keyword arguments placing a diagnostic at ``location`` (empty when unknown); anything with a
    ``file``, ``line`` and ``column`` will do, such as a frontmatter location looked up on demand."""
    if location is None:
        return {}
    return {"file": location.file, "line": location.line, "column": location.column}


@dataclass
class Diagnostics:
    """An ordered, de-duplicated collection of findings with severity overrides applied on demand."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def with_overrides(self, overrides: Mapping[str, Severity]) -> Diagnostics:
        """Apply per-code (``EC201``) or per-family (``EC2``) overrides; drop what becomes ``off``.

        A code-level override wins over a family-level one.
        """
        result = Diagnostics()
        for diagnostic in self.items:
            severity = overrides.get(diagnostic.code, overrides.get(diagnostic.family, diagnostic.severity))
            if severity is Severity.OFF:
                continue
            result.add(replace(diagnostic, severity=severity) if severity != diagnostic.severity else diagnostic)
        return result

    def sorted(self) -> list[Diagnostic]:
        """Findings in stable report order, duplicates removed."""
        unique = dict.fromkeys(self.items)
        return sorted(unique, key=lambda d: d.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in dict.fromkeys(self.items) if d.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def for_file(self, file: str) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.file == file]

    def exit_code(self, strict: bool = False) -> ExitCode:
        """0 when clean (warnings allowed unless ``strict``), 1 when there are failing findings."""
        if self.errors or (strict and self.warnings):
            return ExitCode.FINDINGS
        return ExitCode.OK

    def summary(self) -> dict[str, int]:
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "info": self.count(Severity.INFO),
            "files": len({d.file for d in self.items if d.file}),
        }
