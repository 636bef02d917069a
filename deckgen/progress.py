"""Progress of a build: a bar on a terminal once the build takes a while, nothing in pipes and CI."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

Progress = Callable[[int, int, str], None]
"""progress(done, total, stage): DONE of TOTAL steps are complete; STAGE names the work under way.

Called when a step ends and when a stage begins; DONE never decreases and the last call has DONE == TOTAL.
"""

BAR_DELAY = 1.5
"""Seconds a build runs before its bar appears: a quick build shows none."""


def no_progress(done: int, total: int, stage: str) -> None:
    """Ignore a progress report."""


def running_in_ci() -> bool:
    """Return whether the CI variable is set (to anything but 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def wants_bar(stream: TextIO) -> bool:
    """Return whether STREAM is a terminal outside CI: the only place where a bar helps and disturbs nothing."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not running_in_ci()


class DelayedBar:
    """A progress callback that draws a click progress bar on FILE once DELAY seconds have passed."""

    def __init__(self, file: TextIO, delay: float = BAR_DELAY, clock: Callable[[], float] = time.monotonic):
        self._file = file
        self._delay = delay
        self._clock = clock
        self._start = clock()
        self._bar: ProgressBar[int] | None = None

    def __call__(self, done: int, total: int, stage: str) -> None:
        if self._bar is None:
            if self._clock() - self._start < self._delay:
                return
            self._bar = click.progressbar(length=total, label=stage, file=self._file, show_pos=True)
        self._bar.label = stage
        if done > self._bar.pos:
            self._bar.update(done - self._bar.pos)
        else:
            self._bar.render_progress()

    def close(self) -> None:
        """End the bar's line, so what is printed next starts on a line of its own."""
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None


@contextmanager
def progress_bar(
    file: TextIO | None = None, delay: float = BAR_DELAY, clock: Callable[[], float] = time.monotonic
) -> Iterator[Progress | None]:
    """Yield a progress callback showing a bar on FILE (default stderr) after DELAY seconds, or None off a terminal."""
    file = file if file is not None else sys.stderr  # looked up now: tests and click swap sys.stderr
    if not wants_bar(file):
        yield None
        return
    bar = DelayedBar(file, delay, clock)
    try:
        yield bar
    finally:
        bar.close()
