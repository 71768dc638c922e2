"""The `evcat` command group; each command module adds its commands to it."""

from __future__ import annotations

import click

from generator import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="evcat")
def cli() -> None:
    """evcat — event catalog as code.

    Reads EventCatalog-format catalogs (events, commands, queries, services, domains, channels, flows,
    teams, users), validates them for CI and builds a static mkdocs-material site.

    Exit codes: 0 no errors; 1 error findings (or warnings with --strict); 2 usage or configuration
    error, or an empty catalog; 3 evcat could not complete; 130 interrupted.
    """
