"""Validating on several cores finds exactly what one process finds, in the same order.

A catalog above `parallel.MIN_ITEMS` resources (the benchmark's generator, 150 events × 3 versions) with
defects planted in examples, schemas and references, checked with one and with two worker processes.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from generator import parallel
from generator.rules.validate import validate_catalog
from generator.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def _make_catalog(out: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_catalog", REPO_ROOT / "bench" / "make_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(150, str(out))


def _plant_defects(root: Path) -> None:
    examples = sorted(root.rglob("examples/*.json"))
    for index, path in enumerate(examples[::40]):
        data = json.loads(path.read_text())
        data[f"unexpected{index}"] = True  # EC401/EC402 in some JSON Schema and some Avro examples
        path.write_text(json.dumps(data, indent=2))
    schemas = sorted(root.rglob("schema.json"))
    schemas[3].write_text(schemas[3].read_text().replace('"type": "object"', '"type": "objekt"', 1))  # EC304
    schemas[7].write_text('{"type": ')  # EC306
    index = sorted(root.rglob("services/*/index.mdx"))[2]
    index.write_text(index.read_text().replace("owners:\n", "owners:\n  - nobody-here\n", 1))  # EC201


@pytest.mark.skipif(not parallel._can_fork(), reason="needs fork")
def test_two_workers_report_what_one_does(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    _make_catalog(root)
    _plant_defects(root)
    settings = Settings(catalog=root)

    alone = validate_catalog(settings, workers=1)
    shared = validate_catalog(settings, workers=2)

    assert len(alone.catalog.resources) >= parallel.MIN_ITEMS
    assert [r.path for r in shared.catalog.resources] == [r.path for r in alone.catalog.resources]
    codes = {d.code for d in alone.diagnostics}
    assert {"EC201", "EC304", "EC306", "EC401", "EC402"} <= codes
    assert shared.diagnostics.sorted() == alone.diagnostics.sorted()  # reports list findings sorted
    assert shared.files_read == alone.files_read
