"""Commands that compare the catalog with something else: another revision (diff) or real traffic (check-messages)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from generator import __version__
from generator.cli.common import CONFIG_OPT, fail_usage, require_resources, resolve_settings
from generator.cli.group import cli
from generator.diagnostics import ExitCode
from generator.settings import ConfigError, find_config, load_settings


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
    # Findings are mostly in the capture files, named as given: paths are relative to the working directory.
    report = reporters.render(chosen, outcome.diagnostics, tool_version=__version__,
                              catalog_root=os.getcwd(), color=False, messages=outcome.tally.record(),
                              working_dir=os.getcwd())
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
