"""EVOLVE: pairs of versions of a message schema -> changes with a class per direction; modes; the
semver bump a change requires; the consumers a breaking change hits.

In: schema data (already loaded, Avro or JSON Schema) and, for impact, the assembled ``Catalog``.
Out: ``Change`` values. Nothing here reads files, prints or decides a diagnostic's severity: the rules
(``generator.rules.compatibility``), ``evcat diff`` and the site's change pages build on these functions.

- ``compare(old, new, format)``: every change between two versions, each classified for both directions.
- ``check_pair(reader, writer, format)``: the changes that stop ``reader`` from reading ``writer``'s data.
- ``pairs_for(mode, versions)``: which (older, newer, direction) pairs a Confluent mode checks.
- ``required_bump(changes, mode, old_version)``: the smallest honest semver bump.
"""

from __future__ import annotations

from generator.compat.change import Change, breaks
from generator.compat.compare import check_pair, compare, compare_versions, schema_changed
from generator.compat.modes import MODES, Pair, pairs_for
from generator.compat.semver import actual_bump, allows, required_bump

__all__ = ["MODES", "Change", "Pair", "actual_bump", "allows", "breaks", "check_pair", "compare", "compare_versions",
           "pairs_for", "required_bump", "schema_changed"]
