"""The ``evcat`` command line: options → ``Settings``; outcome → exit code.

Commands stay thin: they call the pipeline and a renderer and turn the result into an exit code.
Every expected failure (bad configuration, missing folder) is a one-line message and exit 2, never a
traceback.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.diagnostics import ExitCode
from generator.settings import ConfigError, Settings, find_config, load_settings

CATALOG_ARG = click.argument("catalog", required=False, type=click.Path(path_type=Path, file_okay=False))
CONFIG_OPT = click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
                          help="mkdocs.yml with an `evcat` plugin block (default: ./mkdocs.yml if present).")


def resolve_settings(catalog: Path | None, config_file: Path | None) -> Settings:
    """Settings from the config file (explicit, or ./mkdocs.yml), with the CATALOG argument on top."""
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"config file {config_file} does not exist")
    settings = load_settings(config_file or find_config(Path.cwd()))
    settings = settings.with_catalog(catalog)
    if not settings.catalog.is_dir():
        raise ConfigError(f"catalog folder '{settings.catalog}' does not exist")
    return settings


def fail_usage(message: str) -> None:
    click.echo(f"evcat: error: {message}", err=True)
    sys.exit(ExitCode.USAGE)


def require_resources(resource_files: int, catalog: Path) -> None:
    """An empty catalog, or the wrong folder, is a usage error: a CI job pointed at the wrong path must fail."""
    if resource_files == 0:
        fail_usage(f"no catalog resources found in '{catalog}': expected events/, services/, domains/ … folders "
                   "with an index.mdx per resource (or teams/, users/ files); is it the catalog folder?")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="evcat")
def cli() -> None:
    """evcat — event catalog as code.

    Reads EventCatalog-format catalogs (events, commands, queries, services, domains, channels, flows,
    teams, users), validates them for CI and builds a static mkdocs-material site.

    Exit codes: 0 no errors; 1 error findings (or warnings with --strict); 2 usage or configuration
    error, or an empty catalog; 3 evcat could not complete; 130 interrupted.
    """


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
                              checked_files=outcome.files_read)
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


@cli.command()
@CATALOG_ARG
@CONFIG_OPT
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where to write the site (default: site/). Replaced whole: a new or empty folder, or one "
                   "evcat made.")
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning, including catalog errors.")
def build(catalog: Path | None, config_file: Path | None, site_dir: Path | None, strict: bool) -> None:
    """Build the static site of CATALOG (default: the catalog of ./mkdocs.yml, or catalog/).

    Uses the repository's mkdocs.yml when it has an `evcat` plugin block, else an embedded default.
    Validation findings appear on the pages; the build fails only with --strict.
    """
    from mkdocs.exceptions import MkDocsException  # noqa: PLC0415

    from generator.catalog.discovery import discover  # noqa: PLC0415
    from generator.render.mkdocs_build import build_site  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, config_file)
        require_resources(len(discover(settings.catalog).files), settings.catalog)
        written = build_site(settings, site_dir, catalog is not None, strict=strict)
    except ConfigError as error:
        fail_usage(str(error))
    except MkDocsException as error:
        click.echo(f"evcat: build failed: {error}", err=True)
        sys.exit(ExitCode.FINDINGS)
    click.echo(f"evcat: site written to {written}/", err=True)


@cli.command()
@CATALOG_ARG
@CONFIG_OPT
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(catalog: Path | None, config_file: Path | None, dev_addr: str) -> None:
    """Serve the site of CATALOG locally with live reload when any catalog file changes."""
    from generator.render.mkdocs_build import serve_site  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, config_file)
        serve_site(settings, catalog is not None, dev_addr)
    except ConfigError as error:
        fail_usage(str(error))


@cli.command()
@CATALOG_ARG
@CONFIG_OPT
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the generated Markdown, replaced whole: a new or empty folder, or one evcat "
                   "made.")
@click.option("--prefix", default="", help="Sub-folder of OUT for the catalog pages.")
def generate(catalog: Path | None, config_file: Path | None, out_dir: Path, prefix: str) -> None:
    """Write the catalog's Markdown pages only (for any Markdown site generator, e.g. Zensical)."""
    from generator.catalog.load import read_catalog_file  # noqa: PLC0415
    from generator.render import outputs  # noqa: PLC0415
    from generator.render.generate import generate as generate_pages  # noqa: PLC0415
    from generator.rules.validate import validate_catalog  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, config_file)
        target = outputs.check_output(out_dir, option="--out", catalog=settings.catalog,
                                      config_file=settings.config_file)
    except ConfigError as error:
        fail_usage(str(error))
    outcome = validate_catalog(settings)
    require_resources(outcome.files_read, settings.catalog)
    try:
        # Written beside OUT and swapped in when complete; unchanged files keep their inode and time.
        with outputs.publish(target, seed=True) as staging:
            generated = generate_pages(outcome.catalog, outcome.diagnostics, staging, prefix=prefix,
                                       templates=settings.templates, trusted_html=settings.trusted_html,
                                       compatibility=settings.compatibility,
                                       ignored_components=settings.ignore_components,
                                       read=lambda p: read_catalog_file(settings.catalog, p))
    except outputs.UnsafeOutput as error:
        fail_usage(str(error))
    problems = generated.diagnostics.with_overrides(settings.rules)
    for problem in problems.sorted():
        click.echo(f"evcat: {problem.severity.label}[{problem.code}] {problem.message}", err=True)
    click.echo(f"evcat: {len(generated.files)} files in {out_dir}/ ({generated.written} written, "
               f"{outcome.diagnostics.errors} validation errors)", err=True)
    # Validation findings are shown on the pages; a page that could not be rendered fails the run.
    sys.exit(problems.exit_code())


@cli.command()
@click.argument("arguments", nargs=-1, required=True, metavar="[CATALOG] MESSAGE")
@click.option("--catalog", "catalog", type=click.Path(path_type=Path, file_okay=False),
              help="Catalog folder, like the positional CATALOG (default: from ./mkdocs.yml, or catalog/).")
@CONFIG_OPT
@click.option("--protocol", type=click.Choice(["kafka", "amqp", "eventbridge", "http"]),
              help="Channel protocol (default: the first channel the message uses).")
@click.option("--lang", "language", type=click.Choice(["python", "javascript"]), default="python",
              show_default=True)
@click.option("--role", type=click.Choice(["producer", "consumer"]), help="Only this role (default: both).")
def snippet(arguments: tuple[str, ...], catalog: Path | None, config_file: Path | None, protocol: str | None,
            language: str, role: str | None) -> None:
    """Print producer/consumer code for MESSAGE (an id, or id@version) generated from its channel and
    schema — the same code the site shows. CATALOG comes first, as in every other command."""
    from generator.rules.validate import validate_catalog  # noqa: PLC0415
    from generator.snippets.view import snippets_for  # noqa: PLC0415

    if len(arguments) > 2:
        fail_usage("snippet takes [CATALOG] MESSAGE")
    message = arguments[-1]
    if len(arguments) == 2:
        if catalog is not None and Path(arguments[0]).resolve() != catalog.resolve():
            fail_usage(f"two catalogs given: '{arguments[0]}' and --catalog '{catalog}'")
        catalog = Path(arguments[0])
    try:
        settings = resolve_settings(catalog, config_file)
    except ConfigError as error:
        fail_usage(str(error))
    outcome = validate_catalog(settings)
    try:
        found = snippets_for(outcome.catalog, message, protocol=protocol, language=language, role=role,
                             template_dirs=[settings.templates] if settings.templates else [])
    except LookupError as error:
        fail_usage(str(error))
    for item in found:
        click.echo(f"# --- {item.title} ---" if language == "python" else f"// --- {item.title} ---")
        click.echo(item.code.rstrip("\n") + "\n")


@cli.command("check-messages")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@CONFIG_OPT
@click.option("--catalog", "catalog_opt", type=click.Path(path_type=Path, file_okay=False),
              help="Catalog folder (default: the first argument when it is a catalog, else ./mkdocs.yml's, "
                   "or catalog/).")
@click.option("--source-format", type=click.Choice(["auto", "kcat", "eventbridge", "webhook", "ndjson"]),
              default="auto", show_default=True, help="Format of every capture line (auto: recognised per line).")
@click.option("--webhook-path", help="URL path the webhook bodies were delivered to (e.g. /inventory).")
@click.option("--max-line-bytes", type=click.IntRange(min=1), default=1024 * 1024, show_default=True,
              help="Longest line or AMQP message checked; longer ones are reported (EC707).")
@click.option("--amqp", "amqp_url", help="Sample live messages from this RabbitMQ URL (needs evcat[amqp]).")
@click.option("--exchange", help="Exchange to sample (with --amqp).")
@click.option("--binding", "bindings", multiple=True, help="Binding key of the sampling queue (default: #).")
@click.option("--count", type=click.IntRange(min=1), default=100, show_default=True,
              help="Stop after this many live messages.")
@click.option("--timeout", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help="Stop sampling after this many seconds.")
@click.option("--format", "format_name", type=click.Choice(["text", "json", "junit", "sarif", "github"]),
              help="Report format (default: text, or github when GITHUB_ACTIONS=true).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
def check_messages(paths: tuple[Path, ...], config_file: Path | None, catalog_opt: Path | None,
                   source_format: str, webhook_path: str | None, max_line_bytes: int, amqp_url: str | None,
                   exchange: str | None, bindings: tuple[str, ...], count: int, timeout: float,
                   format_name: str | None, output: Path | None, strict: bool) -> None:
    """Check real messages (capture files SOURCE…, or a live AMQP sample) against the catalog.

    Usage: evcat check-messages [CATALOG] SOURCE… — captures from kcat -C -J, EventBridge events, webhook
    bodies (a file or a folder) or NDJSON with channel + payload. Reports undocumented channels and
    messages, payloads that match no version, producers that lag and values outside an enum, then a
    per-message summary. Exit codes as for validate.
    """
    from generator import reporters  # noqa: PLC0415
    from generator.catalog.discovery import discover  # noqa: PLC0415
    from generator.drift import run  # noqa: PLC0415
    from generator.drift.amqp import AmqpUnavailable  # noqa: PLC0415
    from generator.render.templating import write_if_changed  # noqa: PLC0415

    catalog, sources = run.split_catalog(paths, catalog_opt)
    if not sources and not amqp_url:
        fail_usage("nothing to check: give capture files (SOURCE…) or --amqp URL --exchange X")
    if amqp_url and exchange is None:
        fail_usage("--amqp needs --exchange")
    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        fail_usage(f"no such capture file or folder: {', '.join(missing)}")
    try:
        settings = resolve_settings(catalog, config_file)
        require_resources(len(discover(settings.catalog).files), settings.catalog)  # before any sampling
        live = run.AmqpSample(amqp_url, exchange or "", bindings, count, timeout) if amqp_url else None

        def ready(queue: str) -> None:
            click.echo(f"evcat: sampling exchange {exchange!r} through queue {queue}", err=True)
        outcome = run.check_messages(settings, run.Request(tuple(sources), source_format, webhook_path,
                                                           max_line_bytes, live, ready))
    except (ConfigError, AmqpUnavailable) as error:
        fail_usage(str(error))
    chosen = reporters.choose_format(format_name, os.environ)
    report = reporters.render(chosen, outcome.diagnostics, tool_version=__version__,
                              catalog_root=str(settings.catalog), color=False,
                              messages=outcome.tally.record())
    table = outcome.tally.table()
    if output is not None:
        write_if_changed(output, report)  # atomic: a temporary file beside it, then a rename
        click.echo(table + (report.splitlines()[-1] + "\n" if chosen == "text" else ""), err=True, nl=False)
    elif chosen == "text":
        click.echo(table + report, nl=False)
    else:
        click.echo(table, err=True, nl=False)  # the table for the person; stdout stays machine-readable
        click.echo(report, nl=not report.endswith("\n"))
    sys.exit(outcome.diagnostics.exit_code(strict))


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@CONFIG_OPT
@click.option("--format", "format_name", type=click.Choice(["text", "json", "markdown", "github"]),
              help="Output format (default: text, or github when GITHUB_ACTIONS=true; markdown: a pull-request "
                   "comment).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to FILE instead of standard output.")
def diff_command(old: str, new: str, config_file: Path | None, format_name: str | None, output: Path | None) -> None:
    """Compare two catalogs: OLD and NEW are catalog folders or git revisions of this repository
    (`evcat diff main HEAD`; the catalog folder is the one mkdocs.yml names).

    Lists resources added, removed, moved and changed, and every schema change with its class and the
    consumers it hits. Exit codes: 0 nothing breaks; 1 a breaking schema change; 2 usage error.
    """
    from generator.catalog.load import load_catalog  # noqa: PLC0415
    from generator.catalog.revisions import RevisionError, catalog_at  # noqa: PLC0415
    from generator.compat.catalogdiff import diff_catalogs  # noqa: PLC0415
    from generator.reporters.diff import render  # noqa: PLC0415

    try:
        if config_file is not None and not config_file.is_file():
            raise ConfigError(f"config file {config_file} does not exist")
        settings = load_settings(config_file or find_config(Path.cwd()))
    except ConfigError as error:
        fail_usage(str(error))
    catalogs, prefixes = [], []  # prefix: the catalog folder as the user names it (for annotations)
    with contextlib.ExitStack() as temporary_folders:  # removed once both sides are loaded
        for spec in (old, new):
            try:
                folder, prefix = temporary_folders.enter_context(catalog_at(spec, settings.catalog, Path.cwd()))
            except RevisionError as error:
                fail_usage(str(error))
            side = load_catalog(folder, title=settings.title)
            require_resources(side.files_read, Path(spec if Path(spec).is_dir() else f"{spec}:{prefix}"))
            catalogs.append(side.catalog)
            prefixes.append(prefix)
        result = diff_catalogs(catalogs[0], catalogs[1], settings.compatibility)
    chosen = format_name or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    report = render(chosen, result, old_label=old, new_label=new, new_prefix=prefixes[1])
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report, encoding="utf-8")
    else:
        click.echo(report, nl=False)
    sys.exit(ExitCode.FINDINGS if result.breaking else ExitCode.OK)


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


KIND_ARG = click.argument("kind", type=click.Choice(["event", "command", "query", "service", "domain", "channel",
                                                     "flow", "team", "user"]))
DRY_RUN_OPT = click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")


def report_plan(plan, title: str) -> None:
    """Print what an authoring command wrote (or, with --dry-run, would write), one line per file."""
    click.echo(("evcat: dry run, nothing written; " if plan.dry_run else "evcat: ") + title)
    for line in plan.lines:
        click.echo(f"  {line}")


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


def main() -> None:
    """Entry point of the ``evcat`` script; turns Ctrl-C into exit code 130 and unexpected crashes into 3.

    Process-wide settings (the collector's pace, the fast exit) belong to the script, not to ``cli``,
    which tests and other programs also call in their own process.
    """
    from generator.stops import stop_on_signals  # noqa: PLC0415

    collect_garbage_rarely()
    # SIGTERM (a cancelled CI job) unwinds like Ctrl-C, so a build in progress removes its temporary folder.
    stop_on_signals()
    try:
        # Not standalone: click would turn Ctrl-C into "Aborted!" and exit code 1, the code for findings.
        returned = cli.main(standalone_mode=False)
        code: object = returned if isinstance(returned, int) else 0
    except (KeyboardInterrupt, click.Abort) as stopped:
        interrupted = isinstance(stopped, KeyboardInterrupt) or isinstance(stopped.__cause__, KeyboardInterrupt)
        click.echo("evcat: interrupted" if interrupted else "Aborted!", err=True)
        code = ExitCode.INTERRUPTED if interrupted else 1
    except click.ClickException as error:
        error.show()
        code = error.exit_code
    except SystemExit as done:
        code = done.code
    except Exception as error:  # noqa: BLE001 - last line of defence: one line, exit 3
        click.echo(f"evcat: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("evcat: please report this with the catalog file that triggered it", err=True)
        code = ExitCode.INCOMPLETE
    exit_now(code)


# Allocations between two young-generation collections (Python's default is 700).
_YOUNG_COLLECTION_EVERY = 50_000


def collect_garbage_rarely() -> None:
    """Let the cycle collector run far less often than Python's default.

    A run builds one large model of immutable records that lives to the end and holds no reference
    cycles (tests/unit/test_memory.py keeps it so). With the default thresholds the collector rescans
    that model hundreds of times, which costs about a sixth of a large validation run; garbage without
    cycles is freed by reference counting either way.
    """
    gc.set_threshold(_YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


def exit_now(code: object) -> None:
    """End the process with ``code`` (as ``sys.exit`` reads it) once the output is flushed.

    Everything evcat writes is written and closed by now, so the interpreter's own shutdown — freeing
    every module and cached parsed schema one object at a time, about 0.3 s after validating a thousand
    events — is skipped (type checkers such as mypy exit the same way).
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):
        click.echo(str(code), err=True)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`evcat validate | head`) or stream
            stream.flush()
    os._exit(int(code))
