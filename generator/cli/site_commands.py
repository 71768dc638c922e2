"""Commands that render a catalog: build, serve, generate, snippet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import (
    CATALOG_ARG,
    CONFIG_OPT,
    QUIET_OPT,
    fail_usage,
    require_resources,
    resolve_settings,
)
from generator.cli.group import cli
from generator.diagnostics import ExitCode
from generator.settings import ConfigError


@cli.command()
@CATALOG_ARG
@CONFIG_OPT
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where to write the site (default: site/). Replaced whole: a new or empty folder, or one "
                   "evcat made.")
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning, including catalog errors.")
@click.option("--offline", is_flag=True,
              help="A site that works opened from disk (file://): links end in .html, search needs no server.")
@QUIET_OPT
def build(catalog: Path | None, config_file: Path | None, site_dir: Path | None, strict: bool,
          offline: bool, quiet: bool) -> None:
    """Build the static site of CATALOG (default: the catalog of ./mkdocs.yml, or catalog/).

    Uses the repository's mkdocs.yml when it has an `evcat` plugin block, else an embedded default.
    Validation findings appear on the pages; the build fails only with --strict.
    """
    from mkdocs.exceptions import MkDocsException  # noqa: PLC0415

    from generator.catalog.discovery import discover  # noqa: PLC0415
    from generator.render.mkdocs_build import build_site  # noqa: PLC0415
    from generator.render.progress import Progress  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, config_file)
        require_resources(len(discover(settings.catalog).files), settings.catalog)
        # The stages, then one summary line (pages, time, site size) on standard error.
        build_site(settings, site_dir, catalog is not None, strict=strict, offline=offline,
                   progress=Progress(quiet=quiet))
    except ConfigError as error:
        fail_usage(str(error))
    except MkDocsException as error:
        click.echo(f"evcat: build failed: {error}", err=True)
        sys.exit(ExitCode.FINDINGS)


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
@QUIET_OPT
def generate(catalog: Path | None, config_file: Path | None, out_dir: Path, prefix: str, quiet: bool) -> None:
    """Write the catalog's Markdown pages only (for any Markdown site generator, e.g. Zensical)."""
    from generator.catalog.discovery import discover  # noqa: PLC0415
    from generator.catalog.load import read_catalog_file  # noqa: PLC0415
    from generator.render import outputs  # noqa: PLC0415
    from generator.render.generate import generate as generate_pages  # noqa: PLC0415
    from generator.render.progress import Progress  # noqa: PLC0415
    from generator.rules.validate import validate_catalog  # noqa: PLC0415

    try:
        settings = resolve_settings(catalog, config_file)
        target = outputs.check_output(out_dir, option="--out", catalog=settings.catalog,
                                      config_file=settings.config_file)
    except ConfigError as error:
        fail_usage(str(error))
    require_resources(len(discover(settings.catalog).files), settings.catalog)  # before any progress line
    progress = Progress(quiet=quiet)
    progress.stage("reading and checking the catalog")
    outcome = validate_catalog(settings)
    try:
        # Written beside OUT and swapped in when complete; unchanged files keep their inode and time.
        with outputs.publish(target, seed=True) as staging:
            generated = generate_pages(outcome.catalog, outcome.diagnostics, staging, prefix=prefix,
                                       templates=settings.templates, trusted_html=settings.trusted_html,
                                       compatibility=settings.compatibility,
                                       ignored_components=settings.ignore_components,
                                       read=lambda p: read_catalog_file(settings.catalog, p),
                                       progress=progress)
    except outputs.UnsafeOutput as error:
        progress.finish()
        fail_usage(str(error))
    progress.finish()
    problems = generated.diagnostics.with_overrides(settings.rules)
    for problem in problems.sorted():
        click.echo(f"evcat: {problem.severity.label}[{problem.code}] {problem.message}", err=True)
    click.echo(f"evcat: {len(generated.files)} files in {out_dir}/ ({generated.written} written, "
               f"{outcome.diagnostics.errors} validation errors) in {progress.elapsed():.1f} s", err=True)
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
