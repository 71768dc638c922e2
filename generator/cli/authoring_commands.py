"""Commands that write into a catalog: init, new, version, import asyncapi, and export asyncapi."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import CONFIG_OPT, DRY_RUN_OPT, KIND_ARG, fail_usage, report_plan, resolve_settings
from generator.cli.group import cli
from generator.settings import ConfigError, find_config, load_settings


@cli.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@DRY_RUN_OPT
def init_command(folder: Path, dry_run: bool) -> None:
    """Create a catalog repository in FOLDER (new or empty) that validates and builds at once."""
    from generator.authoring.scaffold import init_repository  # noqa: PLC0415
    from generator.authoring.writes import AuthoringError  # noqa: PLC0415

    try:
        plan = init_repository(folder, dry_run=dry_run)
    except (AuthoringError, OSError) as error:
        fail_usage(str(error))
    report_plan(plan, f"new catalog repository in {folder}/")


@cli.command("new")
@KIND_ARG
@click.argument("ident", metavar="ID")
@click.option("--catalog", "catalog", type=click.Path(path_type=Path, file_okay=False),
              help="Catalog folder (default: from ./mkdocs.yml, or catalog/).")
@CONFIG_OPT
@click.option("--service", help="A message: the service that sends it (event) or receives it (command, query).")
@click.option("--domain", help="A service, flow or domain: the domain it belongs to.")
@click.option("--channel", help="With --service: the channel the message travels on.")
@click.option("--schema", type=click.Choice(["json", "avro"]), default="json", show_default=True,
              help="A message's schema format.")
@DRY_RUN_OPT
def new_command(kind: str, ident: str, catalog: Path | None, config_file: Path | None, service: str | None,
                domain: str | None, channel: str | None, schema: str, dry_run: bool) -> None:
    """Add a KIND resource named ID: a skeleton that validates, and its pointer in --service or --domain.

    Never overwrites a file; the service or domain file is edited in place, keeping its formatting."""
    from generator.authoring.skeletons import new_resource  # noqa: PLC0415
    from generator.authoring.writes import AuthoringError  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, config_file)
        plan = new_resource(settings.catalog, kind, ident, service=service, domain=domain, channel=channel,
                            schema=schema, dry_run=dry_run)
    except (ConfigError, AuthoringError, OSError) as error:
        fail_usage(str(error))
    report_plan(plan, f"new {kind} {ident!r} in {settings.catalog}/")


@cli.command("version")
@click.argument("message")
@click.argument("note", metavar="CHANGELOG")
@click.option("--major", is_flag=True, help="Incompatible change.")
@click.option("--minor", is_flag=True, help="Compatible addition.")
@click.option("--patch", is_flag=True, help="No schema change (docs, examples).")
@click.option("--auto", is_flag=True,
              help="The bump the schema change requires (working copy vs the newest versioned/ copy).")
@click.option("--catalog", "catalog", type=click.Path(path_type=Path, file_okay=False),
              help="Catalog folder (default: from ./mkdocs.yml, or catalog/).")
@CONFIG_OPT
@DRY_RUN_OPT
def version_command(message: str, note: str, major: bool, minor: bool, patch: bool, auto: bool,
                    catalog: Path | None, config_file: Path | None, dry_run: bool) -> None:
    """Release the next version of MESSAGE: the current one moves to versioned/<old>/ with its schema,
    examples and changelog; the new one gets a CHANGELOG entry. Nothing else changes."""
    from generator.authoring.bump import bump_version  # noqa: PLC0415
    from generator.authoring.writes import AuthoringError  # noqa: PLC0415

    chosen = [name for name, on in (("major", major), ("minor", minor), ("patch", patch), ("auto", auto)) if on]
    if len(chosen) != 1:
        fail_usage("choose one bump: --major, --minor, --patch or --auto")
    bump = chosen[0]
    try:
        settings = resolve_settings(catalog, config_file)
        release, plan = bump_version(settings.catalog, message, note, None if bump == "auto" else bump,
                                     mode=settings.compatibility, dry_run=dry_run)
    except (ConfigError, AuthoringError, OSError) as error:
        fail_usage(str(error))
    report_plan(plan, f"{message} {release.old} → {release.new} ({release.bump}; {release.reason})")


@cli.group("import")
def import_group() -> None:
    """Bring descriptions from other formats into the catalog."""


@import_group.command("asyncapi")
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("catalog", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option("--service-id", help="Id of the service (default: info.x-catalog-id, else the title).")
@click.option("--v2-perspective", type=click.Choice(["application", "client"]), default="application",
              show_default=True, help="2.x only: 'client' reads publish as sends (EventCatalog's reading).")
def import_asyncapi_command(document: Path, catalog: Path | None, dry_run: bool, service_id: str | None,
                            v2_perspective: str) -> None:
    """Import an AsyncAPI 2.6/3.0/3.1 DOCUMENT (YAML or JSON) into CATALOG (default: catalog/) as one
    service with its channels and messages. Changed messages get a new version; nothing is overwritten."""
    from generator.asyncapi.importer import import_asyncapi  # noqa: PLC0415

    try:  # the catalog folder may not exist yet: the import creates it
        target = load_settings(find_config(Path.cwd())).with_catalog(catalog).catalog
    except ConfigError as error:
        fail_usage(str(error))
    report = import_asyncapi(document, target, dry_run=dry_run, service_id=service_id,
                             v2_client=v2_perspective == "client")
    for line in report.lines:
        click.echo(f"evcat: {line}")
    for problem in report.diagnostics.sorted():
        where = f" ({problem.file}{f':{problem.line}' if problem.line else ''}{problem.pointer or ''})" \
            if problem.file else ""
        click.echo(f"evcat: {problem.severity.label}[{problem.code}] {problem.message}{where}", err=True)
    sys.exit(report.diagnostics.exit_code())


@cli.group("export")
def export_group() -> None:
    """Write catalog content in other formats."""


@export_group.command("asyncapi")
@click.argument("service")
@click.argument("catalog", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE (.json for JSON, else YAML) instead of standard output.")
def export_asyncapi_command(service: str, catalog: Path | None, output: Path | None) -> None:
    """Print SERVICE of CATALOG as an AsyncAPI 3.0 document."""
    from generator.asyncapi.export import ExportError, export_text  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, None)
        text = export_text(settings.catalog, service, as_json=bool(output and output.suffix == ".json"))
    except (ConfigError, ExportError) as error:
        fail_usage(str(error))
    if output is None:
        click.echo(text, nl=False)
        return
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(output)
    click.echo(f"evcat: wrote {output}", err=True)
