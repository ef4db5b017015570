"""torch's intra-op thread count, set for the duration of one operation and restored afterwards."""

from __future__ import annotations

import numbers
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = [
    "DEFAULT_N_THREADS",
    "available_cores",
    "check_n_threads",
    "threaded_iter",
    "torch_threads",
]

#: Default ``n_threads`` of the estimators and the CLI's ``--threads``: one thread, on every
#: machine. Measured with ``benchmarks/bench_threads.py`` (``benchmarks/results/threads.csv``):
#: on 2 cores one thread was faster than two for training and for every read-out (see
#: ``docs/user_guide/reproducibility.rst``). It does not depend on the core count, so a default
#: run gives the same numbers on any machine of the same CPU type.
DEFAULT_N_THREADS = 1

_T = TypeVar("_T")


def available_cores() -> int:
    """Number of CPU cores this process may run on (its affinity mask, else ``os.cpu_count``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def check_n_threads(n_threads: int | None, name: str = "n_threads") -> int | None:
    """Validate a thread count: a positive int, -1 (every available core) or None (leave as is).

    Returns the number of threads to use, or None.
    """
    if n_threads is None:
        return None
    if isinstance(n_threads, bool) or not isinstance(n_threads, numbers.Integral):
        raise TypeError(
            f"{name} must be a positive int, -1 (all cores) or None (torch's current setting), "
            f"got {n_threads!r} of type {type(n_threads).__name__}."
        )
    if n_threads == -1:
        return available_cores()
    if n_threads < 1:
        raise ValueError(
            f"{name} must be a positive int, -1 (all cores) or None (torch's current setting), "
            f"got {n_threads!r}."
        )
    return int(n_threads)


@contextmanager
def torch_threads(n_threads: int | None, name: str = "n_threads") -> Iterator[None]:
    """Run the block with torch's intra-op thread count set to ``n_threads``, then restore it.

    ``None`` leaves the setting alone; -1 uses every available core. The previous count is
    restored even when the block raises, so nothing leaks to the rest of the process. torch's
    count is process-wide: two threads of one process that use different counts at the same
    time would see each other's setting (seeded fits take turns, see ``ConvAttentionClassifier``).

    Examples
    --------
    >>> import torch
    >>> from sklearn_glifac.utils import torch_threads
    >>> before = torch.get_num_threads()
    >>> with torch_threads(1):
    ...     torch.get_num_threads()
    1
    >>> torch.get_num_threads() == before
    True
    """
    import torch  # here, so that the CLI's argument parser does not import torch

    n = check_n_threads(n_threads, name=name)
    before = torch.get_num_threads()
    if n is None or n == before:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def threaded_iter(
    iterator: Iterable[_T], n_threads: int | None, name: str = "n_threads"
) -> Iterator[_T]:
    """Yield from ``iterator``, computing each item under :func:`torch_threads`.

    The thread count is set only while the next item is computed, not while the consumer holds
    it, so a lazy read-out never changes the thread count of the code that iterates over it.
    """
    check_n_threads(n_threads, name=name)  # fail before the first item
    iterator = iter(iterator)
    while True:
        with torch_threads(n_threads, name=name):
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item
