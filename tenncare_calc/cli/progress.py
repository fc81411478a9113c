"""Progress indicators for work that takes more than a moment (command line only; stdlib only).

Library functions never print: a long computation or reader takes a ``progress`` callback (a
function of the amount of work just done) and the command line passes :meth:`Progress.advance`.
Work that reports nothing while it runs (the computing after a file is read) gets a
:class:`Working` indicator instead: a spinner and the seconds elapsed, redrawn by a thread.
The indicator draws nothing until ``delay`` seconds have passed (quick work stays silent), redraws
at most ten times a second, erases itself when the work ends, and is off entirely when its stream is
not a terminal (output piped to a file or another program).

>>> import io
>>> with Progress("reading spans.csv", total=100, stream=io.StringIO()) as progress:
...     progress.advance(60)
...     progress.advance(40)
>>> progress.done, progress.enabled
(100, False)
"""

from __future__ import annotations

__all__ = ["Progress", "Working"]

import sys
import threading
import time
from typing import TYPE_CHECKING, Self, TextIO

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

BAR_WIDTH = 28
KILO = 1000
REDRAW_SECONDS = 0.1


class Progress:
    """A context manager that shows a progress bar (known total) or a running count (unknown).

    Parameters
    ----------
    label
        What is being done, e.g. ``"reading spans.csv"``.
    total
        The amount of work in the same unit as :meth:`advance` (bytes, rows), or ``None``.
    unit
        ``"bytes"`` shows sizes in kB/MB; any other unit is shown after a count, e.g. ``"rows"``.
    stream
        Where to draw (standard error by default).
    enabled
        Force the indicator on or off; by default it is on only when ``stream`` is a terminal.
    delay
        Seconds of work before anything is drawn.
    then
        What to start when this work ends (the command line starts a :class:`Working` indicator
        for the computing that follows a read).
    """

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "",
        stream: TextIO | None = None,
        enabled: bool | None = None,
        delay: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        then: Callable[[], object] | None = None,
    ) -> None:
        self.label = label
        self.then = then
        self.total = total
        self.unit = unit
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.delay = delay
        self.clock = clock
        self.done = 0
        self.started = clock()
        self._drawn_at: float | None = None
        self._width = 0

    def __enter__(self) -> Self:
        """Start timing the work."""
        self.started = self.clock()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Erase the indicator, if it was drawn; start what follows when the work succeeded."""
        self.close()
        if kind is None and self.then is not None:
            self.then()

    def advance(self, amount: int = 1) -> None:
        """Record ``amount`` more work done and redraw when it is time to."""
        self.done += amount
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self._drawn_at is not None and now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        self._draw(self.render())

    def render(self) -> str:
        """Return the indicator's current text (without the carriage return).

        >>> progress = Progress("reading", total=200, unit="bytes", enabled=False)
        >>> progress.advance(50)
        >>> progress.render()
        'reading [#######.....................]  25% 50 B / 200 B'
        """
        if self.total:
            fraction = min(self.done / self.total, 1.0)
            filled = int(fraction * BAR_WIDTH)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            return (
                f"{self.label} [{bar}] {fraction:4.0%} "
                f"{self._amount(self.done)} / {self._amount(self.total)}"
            )
        return f"{self.label} {self._amount(self.done)}"

    def _amount(self, amount: int) -> str:
        if self.unit != "bytes":
            return f"{amount:,} {self.unit}".rstrip()
        size = float(amount)
        for suffix in ("B", "kB", "MB", "GB"):
            if size < KILO or suffix == "GB":
                return f"{size:.0f} {suffix}" if suffix == "B" else f"{size:.1f} {suffix}"
            size /= KILO
        return f"{size:.1f} GB"  # pragma: no cover - the loop always returns

    def _draw(self, text: str) -> None:
        padding = " " * max(self._width - len(text), 0)
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        """Erase the indicator (if drawn) so that what follows starts on a clean line."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


SPINNER = "|/-\\"


class Working(Progress):
    """A context manager showing that work goes on: ``computing… |  4 s``, redrawn by a thread.

    For work that cannot report how far it is (a computation over a table just read). Like
    :class:`Progress` it draws nothing for ``delay`` seconds, only on a terminal (or when
    ``enabled``), and erases itself when the work ends.

    >>> import io
    >>> with Working("computing member-months", stream=io.StringIO()) as working:
    ...     pass
    >>> working.render(seconds=4.2, turn=1)
    'computing member-months… /  4 s'
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        delay: float = 0.5,
        interval: float = 0.25,
    ) -> None:
        super().__init__(label, stream=stream, enabled=enabled, delay=delay)
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        """Start the clock and, on a terminal, the thread that draws."""
        super().__enter__()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="tenncare-calc-working")
            self._thread.daemon = True
            self._thread.start()
        return self

    def render(self, *, seconds: float | None = None, turn: int = 0) -> str:
        """Return the indicator's text after ``seconds`` (by default, since it started)."""
        elapsed = self.clock() - self.started if seconds is None else seconds
        return f"{self.label}… {SPINNER[turn % len(SPINNER)]} {elapsed:2.0f} s"

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        turn = 0
        while not self._stop.is_set():
            self._draw(self.render(turn=turn))
            turn += 1
            self._stop.wait(self.interval)

    def close(self) -> None:
        """Stop the drawing thread and erase the indicator."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        super().close()
