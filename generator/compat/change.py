"""A ``Change`` between two versions of a schema, classified for each direction of reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.schemas.model import quote

BREAKS_READERS = "breaks readers"
BREAKS_WRITERS = "breaks writers"
BREAKS_BOTH = "breaks readers and writers"
SAFE = "safe"
EFFECTS = {BREAKS_READERS: "new readers reject data the old schema allowed",
           BREAKS_WRITERS: "old readers reject data the new schema allows",
           BREAKS_BOTH: "neither version accepts all of the other's data",
           SAFE: "both versions accept each other's data"}


@dataclass(frozen=True)
class Change:
    """One difference from the old to the new version of a schema.

    ``breaks_readers``: readers on the new schema cannot read data written with the old one (the change is
    not BACKWARD compatible). ``breaks_writers``: data written with the new schema cannot be read by readers
    still on the old one (not FORWARD compatible). ``id`` is a stable UPPER_SNAKE name (Confluent's where it
    has one), ``pointer`` a JSON pointer into the new schema (into the old one for removals).
    """

    id: str
    pointer: str
    breaks_readers: bool
    breaks_writers: bool
    detail: str | None = None  # the checker's own sentence, when it gives one (Avro)
    old: Any = field(default=None, compare=False)
    new: Any = field(default=None, compare=False)

    @property
    def message(self) -> str:
        """A sentence saying what changed, where, and whom it breaks (worked out when asked for: most
        changes of a run are never shown)."""
        if self.detail is not None:
            return self.detail
        old, new = _shown(self.old), _shown(self.new)
        values = (f": {old} → {new}" if self.old is not None and self.new is not None
                  else f": {new}" if self.new is not None
                  else f": was {old}" if self.old is not None else "")
        return f"{self.id.lower().replace('_', ' ')} at {self.pointer}{values}; {EFFECTS[self.classification]}"

    @property
    def classification(self) -> str:
        """``breaks readers``, ``breaks writers``, ``breaks readers and writers`` or ``safe``."""
        if self.breaks_readers and self.breaks_writers:
            return BREAKS_BOTH
        if self.breaks_readers:
            return BREAKS_READERS
        return BREAKS_WRITERS if self.breaks_writers else SAFE

    def as_dict(self) -> dict[str, Any]:
        """The change as plain data (for JSON output)."""
        return {"id": self.id, "pointer": self.pointer, "class": self.classification,
                "breaks_readers": self.breaks_readers, "breaks_writers": self.breaks_writers,
                "old": self.old, "new": self.new, "message": self.message}


def _shown(value: Any) -> str:
    """A value for a sentence: a subschema by its type (the whole of it is in ``old``/``new``)."""
    if isinstance(value, dict):
        kind = value.get("type")
        if not kind:
            return "a schema"
        name = "/".join(map(str, kind)) if isinstance(kind, list) else str(kind)
        return f"{'an' if name[:1] in 'aeiou' else 'a'} {name} schema"
    return quote(value)


def breaks(change: Change, mode: str) -> bool:
    """Whether ``change`` breaks compatibility ``mode`` (a Confluent mode name)."""
    if mode.startswith("BACKWARD"):
        return change.breaks_readers
    if mode.startswith("FORWARD"):
        return change.breaks_writers
    if mode.startswith("FULL"):
        return change.breaks_readers or change.breaks_writers
    return False
