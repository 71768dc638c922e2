"""Stopping evcat: Ctrl-C and SIGTERM end a run by unwinding, so a build being published removes its
temporary folder and never swaps in a run that was asked to stop."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator

_stop_requested: int | None = None


def stop_on_signals() -> None:
    """Make Ctrl-C raise KeyboardInterrupt and SIGTERM (a cancelled CI job) raise SystemExit(143), and
    remember either: an exception raised while Python runs a finaliser or callback is only printed, and
    ``publish`` must still not swap in a run that was asked to stop. For the ``evcat`` script only."""
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    default_hook = sys.unraisablehook

    def quiet_about_stops(unraisable) -> None:  # the stop is remembered: no traceback for it
        if not isinstance(unraisable.exc_value, (KeyboardInterrupt, SystemExit)):
            default_hook(unraisable)

    sys.unraisablehook = quiet_about_stops


def _stop(number: int, _frame: object) -> None:
    global _stop_requested  # noqa: PLW0603 - set from a signal handler, read by raise_if_requested
    _stop_requested = number
    _raise_stop(number)


def raise_if_requested() -> None:
    """Raise the stop a signal asked for, if one did (even when Python swallowed its exception)."""
    if _stop_requested is not None:
        _raise_stop(_stop_requested)


def _raise_stop(number: int) -> None:
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + number)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM while the block runs (a swap is two renames), then deliver them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {number: signal.signal(number, lambda got, _frame: received.append(got))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(received):
            if callable(previous[number]):
                previous[number](number, None)
