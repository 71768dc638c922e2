"""Per catalog message: how many messages were seen, conformed, failed, and which versions they matched.

Documented messages never seen in the sample are listed too (as information: a sample rarely holds
every message type).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.catalog.model import Catalog, Kind, Message
from generator.drift.verdict import Verdict


@dataclass
class Row:
    """The counts of one catalog message (all its versions together)."""

    kind: str
    id: str
    latest: str
    seen: int = 0
    conforming: int = 0
    failing: int = 0
    versions: Counter[str] = field(default_factory=Counter)

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "latest": self.latest, "seen": self.seen,
                "conforming": self.conforming, "failing": self.failing,
                "versions_matched": dict(sorted(self.versions.items()))}


class Tally:
    """Counts verdicts as they come; ``rows`` lists every catalog message, seen or not."""

    def __init__(self, catalog: Catalog) -> None:
        self.rows: dict[tuple[Kind, str], Row] = {}
        for message in sorted(catalog.messages, key=lambda m: (m.kind.value, m.id)):
            if isinstance(message, Message) and catalog.latest(message):
                self.rows[(message.kind, message.id)] = Row(message.kind.value, message.id, message.version)
        self.total = 0
        self.undocumented = 0
        self.unreadable = 0

    def add(self, verdict: Verdict) -> None:
        self.total += 1
        row = self.rows.get(verdict.message) if verdict.message else None
        if row is None:
            self.undocumented += 1
            return
        row.seen += 1
        row.conforming += verdict.conforming
        row.failing += not verdict.conforming
        row.versions.update(verdict.versions)

    def skipped(self) -> None:
        """A line or delivery that was not a checkable message."""
        self.total += 1
        self.unreadable += 1

    def record(self) -> dict[str, Any]:
        """The ``messages`` block of the JSON report."""
        seen = [r for r in self.rows.values() if r.seen]
        return {"total": self.total, "undocumented": self.undocumented, "unreadable": self.unreadable,
                "catalog": [r.record() for r in seen],
                "never_seen": [{"kind": r.kind, "id": r.id, "latest": r.latest}
                               for r in self.rows.values() if not r.seen]}

    def table(self) -> str:
        """The summary as a plain-text table for the terminal."""
        seen = [r for r in self.rows.values() if r.seen]
        header = ("message", "seen", "ok", "failing", "versions matched")
        body = [(f"{r.kind} {r.id}", str(r.seen), str(r.conforming), str(r.failing),
                 ", ".join(f"{v}×{n}" for v, n in sorted(r.versions.items())) or "-") for r in seen]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in [header, *body]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append(f"{self.total} messages: {sum(r.seen for r in seen)} documented, {self.undocumented} "
                     f"undocumented, {self.unreadable} unreadable")
        never = [f"{r.kind} {r.id}" for r in self.rows.values() if not r.seen]
        if never:
            lines.append(f"info: never seen in this sample ({len(never)}): {', '.join(never)}")
        return "\n".join(lines) + "\n"
