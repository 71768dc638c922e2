"""The ``evcat`` command line: options → ``Settings``; outcome → exit code.

Commands stay thin: they call the pipeline and a renderer and turn the result into an exit code.
Every expected failure (bad configuration, missing folder) is a one-line message and exit 2, never a
traceback."""

from __future__ import annotations

# Importing the command modules adds their commands to the group.
from generator.cli import authoring_commands, catalog_commands, evolution_commands, site_commands  # noqa: F401
from generator.cli.common import resolve_settings
from generator.cli.entry import collect_garbage_rarely, exit_now, main
from generator.cli.group import cli

__all__ = ["cli", "collect_garbage_rarely", "exit_now", "main", "resolve_settings"]
