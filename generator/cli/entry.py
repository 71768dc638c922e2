"""The `evcat` script: process-wide settings, the exit code, crashes turned into exit 3."""

from __future__ import annotations

import contextlib
import gc
import os
import sys

import click

from generator.cli.group import cli
from generator.diagnostics import ExitCode


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
