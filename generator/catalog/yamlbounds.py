"""Bounds every YAML text evcat loads must keep: nesting depth and size once aliases are expanded.

YAML aliases let a few lines stand for billions of values (``a: &a [x, x]``, ``b: &b [*a, *a]`` … the
"billion laughs"): PyYAML composes them as shared nodes, but anything that later walks, prints or validates
the data expands them, and runs out of memory. So before a text is composed, its event stream is read once
(libyaml's parser keeps its own stack and does not expand aliases) and the size each alias stands for is
counted; past ``MAX_YAML_NODES`` values, or ``MAX_YAML_DEPTH`` levels, the text is refused at the line
where the bound is crossed. Frontmatter, example and schema files, YAML blocks of a body, examples.config
and mkdocs.yml all pass this check first (PyYAML has no such limit of its own).
"""

from __future__ import annotations

from typing import NamedTuple

import yaml

# libyaml's parser is several times faster than PyYAML's pure-Python one and gives the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Far deeper than any frontmatter or schema. libyaml composes nested collections recursively in C and
# crashes the process somewhere below 30,000 levels, so deeper text is refused before composing.
MAX_YAML_DEPTH = 200
# Values once every alias is expanded: a schema of a few MB has well under a million.
MAX_YAML_NODES = 1_000_000
_NESTING = "[{-?:"


class YamlBoundsProblem(NamedTuple):
    """Why a YAML text is refused, and the 0-based line (within the text) where the bound was crossed."""

    message: str
    line: int
    hint: str = "write the values out instead of nesting aliases in aliases"


def exceeds_bounds(text: str) -> YamlBoundsProblem | None:
    """The first bound ``text`` crosses, or None. Syntax errors are left to the loader, which reports
    them with their position."""
    aliased = "*" in text and "&" in text
    if not aliased and sum(map(text.count, _NESTING)) <= MAX_YAML_DEPTH:
        return None  # without aliases the size is bounded by the text; too few nesting marks to be deep
    sizes: dict[str, int] = {}  # anchor -> how many values it stands for
    open_anchors: list[str | None] = []
    counts: list[int] = []  # values inside each open collection, itself included
    total = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            size = 0
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(counts) >= MAX_YAML_DEPTH:
                    return YamlBoundsProblem(f"nested more than {MAX_YAML_DEPTH} levels deep",
                                             event.start_mark.line, "flatten the structure; frontmatter and "
                                             "schemas need only a few levels")
                open_anchors.append(event.anchor)
                counts.append(1)
                total += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = open_anchors.pop(), counts.pop()
                if anchor is not None:
                    sizes[anchor] = size
                if counts:
                    counts[-1] += size
            elif isinstance(event, yaml.ScalarEvent):
                size, total = 1, total + 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                if counts:
                    counts[-1] += 1
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in open_anchors:
                    return YamlBoundsProblem(f"the alias *{event.anchor} refers to its own anchor, so its "
                                             "value never ends", event.start_mark.line)
                size = sizes.get(event.anchor, 1)
                total += size
                if counts:
                    counts[-1] += size
            if total > MAX_YAML_NODES:
                return YamlBoundsProblem(f"aliases expand to more than {MAX_YAML_NODES:,} values "
                                         "(an alias bomb?); not loaded", event.start_mark.line)
    except yaml.YAMLError:
        return None
    return None
