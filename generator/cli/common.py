"""What every command shares: the CATALOG argument, --config, settings resolution, usage errors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

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


QUIET_OPT = click.option("--quiet", "-q", is_flag=True,
                         help="No progress lines on standard error; only the closing line and problems.")


KIND_ARG = click.argument("kind", type=click.Choice(["event", "command", "query", "service", "domain", "channel",
                                                     "flow", "team", "user"]))


DRY_RUN_OPT = click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")


def report_plan(plan, title: str) -> None:
    """Print what an authoring command wrote (or, with --dry-run, would write), one line per file."""
    click.echo(("evcat: dry run, nothing written; " if plan.dry_run else "evcat: ") + title)
    for line in plan.lines:
        click.echo(f"  {line}")
