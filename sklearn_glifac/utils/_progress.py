"""Progress reporting that suits both a terminal and a log file.

On a terminal (or in a notebook) :func:`progress` is a tqdm bar. When the output is redirected
(a log file, a pipe, a batch scheduler), a bar would write one long line of carriage returns;
:func:`progress` then gives a :class:`LogProgress`, which writes a newline-terminated line when a
step starts, at most one line every ``interval`` seconds while it runs, and one when it ends.
:func:`log_step` does the same for a step that cannot report partial progress (one Tomtom call,
loading JASPAR).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager
from typing import Any, TextIO

from tqdm.auto import tqdm

__all__ = ["LogProgress", "is_interactive", "log_step", "progress"]

#: Seconds between two progress lines of a long step when the output is not a terminal.
LOG_INTERVAL = 30.0


def is_interactive(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (default: ``sys.stderr``) is a terminal or a Jupyter output.

    Parameters
    ----------
    stream : file-like, default=None
        The stream progress would be written to.

    Returns
    -------
    interactive : bool
    """
    stream = sys.stderr if stream is None else stream
    if "ipykernel" in sys.modules and type(stream).__module__.startswith("ipykernel"):
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed stream
        return False


def _seconds(value):
    value = float(value)
    if value < 60:
        return f"{value:.1f} s"
    minutes, secs = divmod(int(round(value)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    return f"{minutes // 60} h {minutes % 60} min"


class LogProgress:
    """A progress report in newline-terminated lines (the non-terminal face of :func:`progress`).

    Offers the part of tqdm's interface the library uses: iteration, ``update``,
    ``set_postfix_str``, ``set_description``, ``close`` and use as a context manager.

    Parameters
    ----------
    iterable : iterable, default=None
        Items to iterate over (or None, then call ``update``).
    desc : str
        Name of the step, at the start of every line.
    total : int, default=None
        Number of items, when known (``len(iterable)`` by default).
    unit : str, default="it"
        What is counted.
    interval : float, default=LOG_INTERVAL
        Least number of seconds between two progress lines.
    file : file-like, default=None
        Where lines go (default: ``sys.stderr``).

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> for _ in LogProgress(range(3), desc="demo", unit="batch", file=out):
    ...     pass
    >>> out.getvalue().splitlines()[0]
    'demo: started (3 batch)'
    >>> out.getvalue().splitlines()[1].startswith("demo: done, 3/3 batch in ")
    True
    """

    def __init__(
        self,
        iterable: Iterable[Any] | None = None,
        *,
        desc: str,
        total: int | None = None,
        unit: str = "it",
        interval: float = LOG_INTERVAL,
        file: TextIO | None = None,
    ) -> None:
        if total is None and isinstance(iterable, Sized):
            total = len(iterable)
        self.iterable = iterable
        self.desc = desc
        self.total = total
        self.unit = unit
        self.interval = float(interval)
        self.file = file
        self.n = 0
        self.postfix = ""
        self.closed = False
        self._start = self._last = time.perf_counter()
        size = f" ({total} {unit})" if total is not None else ""
        self._write(f"{desc}: started{size}")

    def _write(self, text):
        file = sys.stderr if self.file is None else self.file
        file.write(text + "\n")
        file.flush()

    def _count(self):
        return f"{self.n}/{self.total} {self.unit}" if self.total else f"{self.n} {self.unit}"

    def __iter__(self):
        try:
            for item in self.iterable:
                yield item
                self.update(1)
        finally:
            self.close()

    def __len__(self):
        return self.total

    def update(self, n: int = 1) -> None:
        """Count ``n`` more items; write a line if ``interval`` seconds passed since the last."""
        self.n += n
        now = time.perf_counter()
        if now - self._last >= self.interval and not self.closed:
            self._last = now
            elapsed = now - self._start
            text = f"{self.desc}: {self._count()}"
            if self.total:
                text += f" ({100 * self.n / self.total:.0f}%)"
            text += f", {_seconds(elapsed)}"
            if self.total and 0 < self.n < self.total:
                text += f", about {_seconds(elapsed * (self.total - self.n) / self.n)} left"
            self._write(text + (f" | {self.postfix}" if self.postfix else ""))

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        """Text appended to the next progress lines."""
        self.postfix = str(s)

    def set_description(self, desc: str | None = None, refresh: bool = True) -> None:
        self.desc = str(desc or "")

    def close(self) -> None:
        """Write the closing line (once)."""
        if self.closed:
            return
        self.closed = True
        elapsed = time.perf_counter() - self._start
        self._write(f"{self.desc}: done, {self._count()} in {_seconds(elapsed)}")

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress(
    iterable: Iterable[Any] | None = None,
    *,
    desc: str,
    total: int | None = None,
    unit: str = "it",
    verbose: bool | int = True,
    leave: bool = False,
    file: TextIO | None = None,
    interval: float = LOG_INTERVAL,
) -> tqdm | LogProgress:
    """A progress bar on a terminal, newline-terminated log lines otherwise.

    Parameters
    ----------
    iterable : iterable, default=None
        Items to iterate over (or None, then call ``update``).
    desc : str
        Name of the step.
    total : int, default=None
        Number of items, when known.
    unit : str, default="it"
        What is counted.
    verbose : bool, default=True
        False returns a disabled tqdm bar (silent, same interface).
    leave : bool, default=False
        Whether a terminal bar stays on screen when done.
    file : file-like, default=None
        Where progress goes (default: ``sys.stderr``).
    interval : float, default=LOG_INTERVAL
        Least seconds between two log lines (non-terminal output only).

    Returns
    -------
    bar : tqdm or LogProgress
    """
    if not verbose:
        return tqdm(iterable, total=total, disable=True)
    if is_interactive(file):
        return tqdm(iterable, desc=desc, total=total, unit=unit, leave=leave, file=file)
    return LogProgress(iterable, desc=desc, total=total, unit=unit, interval=interval, file=file)


@contextmanager
def log_step(desc: str, *, verbose: bool = True, file: TextIO | None = None) -> Iterator[None]:
    """Announce a step that reports no partial progress, and its duration when it ends.

    Writes ``"<desc> ..."`` before and ``"<desc>: done in <time>"`` after (through
    ``tqdm.write``, so an open terminal bar is not broken), each on its own line.

    Parameters
    ----------
    desc : str
        Name of the step.
    verbose : bool, default=True
        False writes nothing.
    file : file-like, default=None
        Where lines go (default: ``sys.stderr``).

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> with log_step("Tomtom", file=out):
    ...     pass
    >>> out.getvalue().splitlines()[0]
    'Tomtom ...'
    """
    if not verbose:
        yield
        return
    file = sys.stderr if file is None else file
    tqdm.write(f"{desc} ...", file=file)
    start = time.perf_counter()
    yield
    tqdm.write(f"{desc}: done in {_seconds(time.perf_counter() - start)}", file=file)
