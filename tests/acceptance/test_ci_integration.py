"""The GitHub Action's shell steps and the pre-commit hook, run for real.

The action's steps are run one by one with bash, as the runner would: inputs reach them through ``env:``,
``GITHUB_STEP_SUMMARY`` and ``GITHUB_OUTPUT`` are files the test reads back. The install step and
``actions/setup-python`` are not run (the suite's own environment has evcat); ``evcat diff`` is stood in for
by a small shim when this evcat has no ``diff`` command, since only the step's handling of its exit codes is
under test here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

REPO_ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
STEPS = {step.get("id") or step.get("name"): step for step in ACTION["runs"]["steps"]}
VENV_BIN = Path(sys.executable).parent


def step_env(step: dict, inputs: dict[str, str]) -> dict[str, str]:
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    env = {}
    for key, expression in (step.get("env") or {}).items():
        expression = expression.replace("${{ github.action_path }}", str(REPO_ROOT))
        env[key] = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: values[m.group(1)], expression)
    return env


def run_step(name: str, cwd: Path, tmp: Path, path: str | None = None, **inputs: str):
    """Run one step's script with bash; returns (exit code, stdout, summary text, outputs dict)."""
    summary, outputs, runner_temp = tmp / "summary.md", tmp / "outputs.txt", tmp / "runner"
    runner_temp.mkdir(exist_ok=True)
    for file in (summary, outputs):
        file.write_text("")
    env = {"PATH": path or f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs), "RUNNER_TEMP": str(runner_temp),
           "GITHUB_ACTIONS": "true", **step_env(STEPS[name], {k.replace("_", "-"): v for k, v in inputs.items()})}
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", STEPS[name]["run"]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    pairs = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return done.returncode, done.stdout + done.stderr, summary.read_text(), pairs


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "repo")]).exit_code == 0
    return tmp_path / "repo"


def test_no_step_puts_an_expression_inside_its_script() -> None:
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
        assert step.get("shell", "bash") == "bash"


def test_validate_step_on_a_clean_catalog(repo: Path, tmp_path: Path) -> None:
    code, log, summary, outputs = run_step("validate", repo, tmp_path)
    assert code == 0, log
    assert summary == "## evcat validate\n\n✅ No problems found (6 files checked).\n"
    assert outputs["errors"] == "0" and outputs["warnings"] == "0"
    assert Path(outputs["report"]).is_file()


def test_validate_step_annotates_summarises_and_fails(repo: Path, tmp_path: Path) -> None:
    event = repo / "catalog/events/OrderPlaced/index.mdx"
    event.write_text(event.read_text().replace("  - jane", "  - '<img src=x onerror=alert(1)>|x'"))
    code, log, summary, outputs = run_step("validate", repo, tmp_path)
    assert code == 1
    assert "::error file=" in log and "EC201" in log
    assert outputs["errors"] == "1"
    assert "<img" not in summary and "&lt;img src=x onerror=alert(1)&gt;" in summary
    row = [line for line in summary.splitlines() if "EC201" in line][0]
    assert row.count(" | ") == 3  # the '|' in the owner id did not split the row
    code, log, summary, outputs = run_step("validate", repo, tmp_path, catalog="nowhere")
    assert code == 2 and "could not check the catalog" in summary and outputs["errors"] == ""


def test_strict_input_fails_on_warnings(repo: Path, tmp_path: Path) -> None:
    service = repo / "catalog/services/OrderService/index.mdx"
    service.write_text(service.read_text().replace("sends:\n  - id: OrderPlaced\n    to:\n      - id: orders.events\n", ""))
    assert run_step("validate", repo, tmp_path)[0] == 0
    code, _, summary, outputs = run_step("validate", repo, tmp_path, strict="true")
    assert code == 1 and outputs["warnings"] != "0" and "EC210" in summary


def test_build_step(repo: Path, tmp_path: Path) -> None:
    code, log, _, _ = run_step("Build the site", repo, tmp_path, site_dir="public")
    assert code == 0, log
    assert (repo / "public/catalog/events/OrderPlaced/index.html").is_file()


@pytest.mark.parametrize("exit_code,breaking,step_fails", [(0, "false", False), (1, "true", False), (2, "", True)])
def test_diff_step(repo: Path, tmp_path: Path, exit_code: int, breaking: str, step_fails: bool) -> None:
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "evcat").write_text(f"#!/bin/sh\necho \"args: $*\"\necho '| change | class |'\nexit {exit_code}\n")
    (shim / "evcat").chmod(0o755)
    code, log, summary, outputs = run_step("diff", repo, tmp_path, path=f"{shim}{os.pathsep}{os.environ['PATH']}",
                                           diff="true", base_ref="main")
    assert (code != 0) == step_fails, log
    body = Path(outputs["diff-file"]).read_text()
    assert body == "args: diff origin/main HEAD --format markdown\n| change | class |\n"
    if not step_fails:
        assert outputs["breaking"] == breaking
        assert body in summary


@pytest.mark.slow
def test_pre_commit_hook_from_a_clone(repo: Path, tmp_path: Path) -> None:
    """``pre-commit try-repo`` against a clone of this repository: it installs evcat from the clone."""
    git = shutil.which("git")
    pre_commit = VENV_BIN / "pre-commit"
    if git is None or not pre_commit.exists():
        pytest.skip("needs git and pre-commit (the test extras)")
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "evcat-validate" and hooks[0]["language"] == "python"
    assert hooks[0]["pass_filenames"] is False
    clone = tmp_path / "evcat-clone"
    # The clone has what is committed; the hook file must be committed for this test to see it.
    subprocess.run([git, "clone", "--quiet", str(REPO_ROOT), str(clone)], check=True)
    subprocess.run([git, "init", "--quiet"], cwd=repo, check=True)
    subprocess.run([git, "add", "-A"], cwd=repo, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}

    def try_repo() -> subprocess.CompletedProcess:
        return subprocess.run([str(pre_commit), "try-repo", str(clone), "evcat-validate", "--all-files"],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    done = try_repo()
    if "Installing environment" in done.stdout and "An unexpected error has occurred" in done.stdout + done.stderr:
        pytest.skip("pre-commit could not create evcat's environment (no package registry?): "
                    + (done.stdout + done.stderr)[-300:])
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"evcat validate\.+Passed", done.stdout)
    (repo / "catalog/events/OrderPlaced/schema.json").unlink()
    subprocess.run([git, "add", "-A"], cwd=repo, check=True)
    done = try_repo()
    assert done.returncode == 1
    assert re.search(r"evcat validate\.+Failed", done.stdout) and "EC301" in done.stdout
