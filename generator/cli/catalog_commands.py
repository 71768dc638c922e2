"""Commands that read and check a catalog: inspect, validate, rules."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.cli.common import CATALOG_ARG, CONFIG_OPT, fail_usage, require_resources, resolve_settings
from generator.cli.group import cli
from generator.settings import ConfigError


@cli.command()
@CATALOG_ARG
@CONFIG_OPT
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def inspect(catalog: Path | None, config_file: Path | None, as_json: bool) -> None:
    """Summarise what evcat read from CATALOG: resources per kind, versions, unresolved pointers."""
    from generator.catalog.load import load_catalog  # noqa: PLC0415
    from generator.catalog.summary import summary, summary_text  # noqa: PLC0415 - keeps `--help` fast

    try:
        settings = resolve_settings(catalog, config_file)
    except ConfigError as error:
        fail_usage(str(error))
    loaded = load_catalog(settings.catalog, title=settings.title)
    require_resources(loaded.files_read, settings.catalog)
    data = summary(loaded)
    click.echo(json.dumps(data, indent=2) if as_json else summary_text(data))


@cli.command()
@CATALOG_ARG
@CONFIG_OPT
@click.option("--format", "format_name", type=click.Choice(["text", "json", "junit", "sarif", "github"]),
              help="Report format (default: text, or github when GITHUB_ACTIONS=true).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--no-color", is_flag=True, help="Plain text output (also when NO_COLOR is set).")
def validate(catalog: Path | None, config_file: Path | None, format_name: str | None, output: Path | None,
             strict: bool, no_color: bool) -> None:
    """Check CATALOG: frontmatter, references, schema files and example payloads.

    Every finding has a code (see `evcat rules`), a file, a line and column, and a hint.
    """
    from generator import reporters  # noqa: PLC0415
    from generator.parallel import default_workers  # noqa: PLC0415
    from generator.rules.validate import validate_catalog  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, config_file)
    except ConfigError as error:
        fail_usage(str(error))
    outcome = validate_catalog(settings, workers=default_workers())
    require_resources(outcome.files_read, settings.catalog)
    chosen = reporters.choose_format(format_name, os.environ)
    # Colour only text on the terminal: FORCE_COLOR=1 (CI logs) beats NO_COLOR and a pipe, --no-color beats
    # both, and a report file never gets escape codes.
    color = output is None and chosen == "text" and not no_color and (
        os.environ.get("FORCE_COLOR") == "1" or "NO_COLOR" not in os.environ and sys.stdout.isatty())
    report = reporters.render(chosen, outcome.diagnostics, tool_version=__version__,
                              catalog_root=str(settings.catalog), color=bool(color),
                              checked_files=outcome.files_read, working_dir=os.getcwd())
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report, encoding="utf-8")
        click.echo(reporters.render("text", outcome.diagnostics, tool_version=__version__,
                                    catalog_root=str(settings.catalog), color=False,
                                    checked_files=outcome.files_read).splitlines()[-1], err=True)
    else:
        # color=True keeps the escape codes click would strip when stdout is not a terminal.
        click.echo(report, nl=not report.endswith("\n"), color=color or None)
    sys.exit(outcome.diagnostics.exit_code(strict))


@cli.command("rules")
@click.option("--json", "as_json", is_flag=True, help="Print the registry as JSON.")
def rules_command(as_json: bool) -> None:
    """List every diagnostic code evcat can report, with its default severity."""
    from generator.diagnostics.codes import FAMILIES, RULES  # noqa: PLC0415

    if as_json:
        click.echo(json.dumps([{"code": r.code, "slug": r.slug, "severity": r.severity.label,
                                "summary": r.summary} for r in RULES.values()], indent=2))
        return
    family = None
    for code, found in RULES.items():
        if code[:3] != family:
            family = code[:3]
            click.echo(f"\n{family}xx  {FAMILIES[family]}")
        click.echo(f"  {code}  {found.severity.label:<7}  {found.slug:<28} {found.summary}")
