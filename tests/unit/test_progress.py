"""The build progress reporter: an updating line on a terminal, sparse plain lines in logs, nothing when quiet.

The clock is injected: throttling is checked by moving a fake clock, never by sleeping.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.render.progress import Progress, build_summary, folder_size, human_size


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def make(stream: io.StringIO, clock: FakeClock, **options) -> Progress:
    return Progress(stream, clock=clock, **options)


# --- not a terminal: plain lines -----------------------------------------------------------------------------


def test_a_log_gets_a_line_per_stage_start_and_per_tenth():
    log, clock = io.StringIO(), FakeClock()
    progress = make(log, clock)
    assert not progress.tty  # a StringIO is no terminal
    progress.stage("reading and checking the catalog")
    progress.stage("rendering pages", total=100)
    for _ in range(100):
        progress.advance()
    progress.finish("evcat: built 100 pages in 1.0 s — site 2 MB at site/")
    lines = log.getvalue().splitlines()
    assert lines[:3] == ["evcat: reading and checking the catalog", "evcat: rendering pages 0/100",
                         "evcat: rendering pages 10/100"]
    assert lines[-2:] == ["evcat: rendering pages 100/100", "evcat: built 100 pages in 1.0 s — site 2 MB at site/"]
    assert len(lines) == 2 + 10 + 1  # starts, one per tenth, the summary
    assert "\r" not in log.getvalue() and "\x1b" not in log.getvalue()


def test_a_long_slow_stage_still_shows_a_line_every_ten_seconds():
    log, clock = io.StringIO(), FakeClock()
    progress = make(log, clock)
    progress.stage("rendering pages", total=10_000)
    progress.advance()  # 1/10000: no new tenth, no time passed
    clock.now += 9.9
    progress.advance()
    assert log.getvalue().splitlines() == ["evcat: rendering pages 0/10000"]
    clock.now += 0.2
    progress.advance()
    assert log.getvalue().splitlines()[-1] == "evcat: rendering pages 3/10000"


def test_a_small_stage_does_not_repeat_lines():
    log, clock = io.StringIO(), FakeClock()
    progress = make(log, clock)
    progress.stage("writing pages", total=3)
    for _ in range(3):
        progress.advance()
    assert log.getvalue().splitlines() == ["evcat: writing pages 0/3", "evcat: writing pages 1/3",
                                           "evcat: writing pages 2/3", "evcat: writing pages 3/3"]


# --- a terminal: one updating line ---------------------------------------------------------------------------


def test_a_terminal_gets_one_line_rewritten_at_most_ten_times_a_second():
    screen, clock = Terminal(), FakeClock()
    progress = make(screen, clock)
    assert progress.tty
    progress.stage("rendering pages", total=1000)
    for _ in range(999):
        progress.advance()  # the clock does not move: no redraw until the stage completes
    assert screen.getvalue() == "\r\x1b[Kevcat: rendering pages 0/1000"
    clock.now += 0.05
    progress.advance()  # the last item is always drawn
    assert screen.getvalue().endswith("\r\x1b[Kevcat: rendering pages 1000/1000")
    assert "\n" not in screen.getvalue()


def test_terminal_redraws_follow_the_clock():
    screen, clock = Terminal(), FakeClock()
    progress = make(screen, clock)
    progress.stage("writing pages", total=500)
    for _ in range(400):
        clock.now += 0.01  # 100 items a second for 4 s: at most ten redraws a second
        progress.advance()
    draws = screen.getvalue().count("\r\x1b[K")
    assert 1 + 38 <= draws <= 1 + 40  # the start, then one per 0.1 s of the 4 s (not one per item)


def test_the_summary_replaces_the_progress_line_on_a_terminal():
    screen, clock = Terminal(), FakeClock()
    progress = make(screen, clock)
    progress.stage("rendering pages", total=2)
    progress.advance(2)
    progress.finish("evcat: built 2 pages in 0.1 s — site 40 B at site/")
    assert screen.getvalue().endswith("\r\x1b[Kevcat: built 2 pages in 0.1 s — site 40 B at site/\n")


def test_tty_can_be_forced_either_way():
    assert make(io.StringIO(), FakeClock(), tty=True).tty
    assert not make(Terminal(), FakeClock(), tty=False).tty


# --- quiet, counts, time -------------------------------------------------------------------------------------


@pytest.mark.parametrize("stream", [io.StringIO(), Terminal()], ids=["log", "terminal"])
def test_quiet_writes_nothing_but_still_counts(stream):
    clock = FakeClock()
    progress = make(stream, clock, quiet=True)
    progress.stage("writing pages", total=5)
    progress.advance(5)
    clock.now += 2.5
    progress.finish()
    assert stream.getvalue() == ""
    assert progress.counts == {"writing pages": 5}
    assert progress.elapsed() == 2.5


def test_advance_outside_a_stage_is_ignored():
    log = io.StringIO()
    progress = make(log, FakeClock())
    progress.advance()
    assert log.getvalue() == "" and progress.counts == {}


def test_hostile_stage_names_are_written_as_text():
    log = io.StringIO()
    progress = make(log, FakeClock())
    progress.stage('generating <script>alert(1)</script> """ ../', total=1)
    assert log.getvalue() == 'evcat: generating <script>alert(1)</script> """ ../ 0/1\n'


# --- the summary line ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "shown"), [(0, "0 B"), (999, "999 B"), (1000, "1.0 kB"), (9_250, "9.2 kB"),
                                              (812_000, "812 kB"), (57_300_000, "57 MB"),
                                              (9_200_000, "9.2 MB"), (3_000_000_000_000, "3000 GB")])
def test_human_size(size, shown):
    assert human_size(size) == shown


def test_build_summary():
    assert build_summary(547, 9.24, 57_000_000, "site") == "evcat: built 547 pages in 9.2 s — site 57 MB at site/"
    assert build_summary(1, 0.0, 10, "out/x") == "evcat: built 1 page in 0.0 s — site 10 B at out/x/"


def test_folder_size_counts_regular_files_and_not_links(tmp_path: Path):
    (tmp_path / "a").write_bytes(b"x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"y" * 5)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.write_bytes(b"z" * 1000)
    (tmp_path / "link").symlink_to(outside)
    assert folder_size(tmp_path) == 15


def test_interrupt_erases_the_terminal_line_for_a_warning_and_the_next_update_redraws():
    screen, clock = Terminal(), FakeClock()
    progress = make(screen, clock)
    progress.stage("rendering pages", total=10)
    progress.interrupt()
    screen.write("WARNING - a warning\n")
    progress.advance()  # no time passed, yet drawn again: the line was erased
    assert screen.getvalue() == ("\r\x1b[Kevcat: rendering pages 0/10\r\x1b[KWARNING - a warning\n"
                                 "\r\x1b[Kevcat: rendering pages 1/10")


def test_interrupt_writes_nothing_to_a_log():
    log = io.StringIO()
    progress = make(log, FakeClock())
    progress.stage("rendering pages", total=10)
    progress.interrupt()
    assert log.getvalue() == "evcat: rendering pages 0/10\n"
