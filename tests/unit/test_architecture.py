"""The house stays as docs/architecture.md draws it: the import contract in pyproject.toml holds, no module
imports itself back through another, no module is named like a standard-library one, none is oversized."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generator"
MAX_MODULE_LINES = 600  # docs/architecture.md: a module past this size wants splitting


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "templates" not in p.relative_to(PACKAGE).parts)


def test_import_contract_holds():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports")
    if lint_imports is None:
        pytest.skip("import-linter is not installed (it is in the test extras)")
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_is_named_like_a_standard_library_module():
    clashing = [str(p.relative_to(ROOT)) for p in _modules()
                if p.stem in sys.stdlib_module_names or (p.name == "__init__.py"
                                                         and p.parent.name in sys.stdlib_module_names)]
    assert clashing == []


def test_no_module_is_oversized():
    oversized = {str(p.relative_to(ROOT)): n for p in _modules()
                 if (n := p.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES}
    assert oversized == {}


def test_every_stage_package_says_what_comes_in_and_what_goes_out():
    undocumented = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if "templates" in init.relative_to(PACKAGE).parts:
            continue
        source = init.read_text(encoding="utf-8").lstrip()
        if not source.startswith(('"""', "'''")) or len(source.split('"""')[1].strip()) < 40:
            undocumented.append(str(init.relative_to(ROOT)))
    assert undocumented == []
