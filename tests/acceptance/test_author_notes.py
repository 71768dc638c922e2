"""What a reader of a page must not see: notes meant for the catalog's author ("(no graph)", "add examples",
"Unsupported component"), and a custom component such as a site ``<Footer>`` the catalog lists in
``ignore_components`` — which then is no finding either. Driven through the real CLI."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "fixtures" / "catalogs" / "good" / "minimal-env-channel" / "catalog"
EVENT = "events/OrderPlaced/index.mdx"
BODY = """
import Footer from '@catalog/components/footer.astro';

<Footer />

<Banner>Kept **text** of an unknown component.</Banner>

<NodeGraph id="Nowhere" type="services" />

<MessageTable />

<MermaidFileLoader file="missing.mmd" />
"""


def run(cwd: Path, *arguments: str) -> Result:
    with contextlib.chdir(cwd):
        return CliRunner().invoke(cli, list(arguments))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of a minimal catalog whose event body uses a custom Footer, an unknown component and
    components with nothing to show."""
    shutil.copytree(MINIMAL, tmp_path / "catalog")
    event = tmp_path / "catalog" / EVENT
    event.write_text(event.read_text(encoding="utf-8") + BODY, encoding="utf-8")
    return tmp_path


def write_config(project: Path, ignore: object) -> None:
    text = "site_name: t\nplugins:\n  - evcat:\n      catalog: catalog\n"
    text += f"      ignore_components: {json.dumps(ignore)}\n"
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")


def generated_event_page(project: Path) -> str:
    result = run(project, "generate", "--out", "pages")
    assert result.exit_code == 0, result.output
    return (project / "pages" / "events" / "OrderPlaced" / "index.md").read_text(encoding="utf-8")


def without_findings_box(page: str) -> str:
    """The page without its folded validation box (which names the findings on purpose)."""
    head, _, rest = page.partition(' "Validation: ')
    head = head.rsplit("\n", 1)[0]
    lines = rest.splitlines()[1:]
    while lines and (lines[0].startswith("    ") or not lines[0].strip()):
        lines.pop(0)
    return head + "\n".join(lines)


def test_pages_carry_no_author_notes(project: Path) -> None:
    page = without_findings_box(generated_event_page(project))
    for note in ("(no graph)", "not found", "No example payloads", "Unsupported component", "(no messages)",
                 "missing.mmd", "Nowhere"):
        assert note not in page
    assert "Kept **text** of an unknown component." in page


def test_a_warning_is_shown_as_a_warning_not_an_error(project: Path) -> None:
    event = project / "catalog" / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace(BODY, "\n<Footer />\n"), encoding="utf-8")
    page = generated_event_page(project)
    assert '??? warning "Validation: ' in page
    assert "!!! failure" not in page


def test_ignored_component_is_no_finding_and_renders_as_nothing(project: Path) -> None:
    before = run(project, "validate", "catalog", "--format", "json")
    assert "<Footer>" in before.output
    write_config(project, ["Footer"])
    after = run(project, "validate", "catalog", "--format", "json")
    assert "<Footer>" not in after.output
    assert "<Banner>" in after.output  # only the listed component is ignored
    page = generated_event_page(project)
    assert "Footer" not in page


@pytest.mark.parametrize("hostile", ["<script>", "Foo bar", "../x", '"""', 7, {"a": 1}, "Footer"])
def test_ignore_components_accepts_only_component_names(project: Path, hostile: object) -> None:
    write_config(project, hostile if hostile == "Footer" else [hostile])
    result = run(project, "validate", "catalog")
    assert result.exit_code == 2
    assert "ignore_components" in result.output
    assert "Traceback" not in result.output


def test_a_failing_snippet_template_is_ec602_on_its_page_and_not_swallowed(project: Path) -> None:
    """A snippet template override that fails: `evcat generate` reports EC602 naming the page, the page shows
    the finding, and every other page still renders."""
    overrides = project / "overrides" / "snippets" / "kafka"
    overrides.mkdir(parents=True)
    (overrides / "python-producer.j2").write_text("{{ payload_validator.nothing.here }}\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - evcat:\n      catalog: catalog\n      templates: overrides\n", encoding="utf-8")
    result = run(project, "generate", "--out", "pages")
    assert "EC602" in result.output and "events/OrderPlaced/index.md" in result.output, result.output
    page = (project / "pages" / "events" / "OrderPlaced" / "index.md").read_text(encoding="utf-8")
    assert '!!! failure "Validation: ' in page and "snippet template failed on page" in page
