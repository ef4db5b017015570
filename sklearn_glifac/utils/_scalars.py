"""Checks of scalar arguments (integers in a range, numbers in the unit interval) and seeds."""

from __future__ import annotations

import numbers
from typing import Literal, overload

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["check_int", "check_unit_interval", "derive_seed"]


def derive_seed(random_state: int | np.random.RandomState | None) -> int:
    """One integer seed from ``random_state`` (int, RandomState or None), as sklearn does.

    A RandomState advances by one draw, so consecutive calls give a sub-stream each.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.utils import derive_seed
    >>> derive_seed(0) == np.random.RandomState(0).randint(np.iinfo(np.int32).max)
    True
    """
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


def check_unit_interval(
    value: object, *, name: str, closed_left: bool = True, closed_right: bool = True
) -> float:
    """Check that a scalar lies in [0, 1] (bounds optionally open) and return it as float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in [0, 1], got {value!r}.")
    value = float(value)
    lo_ok = value >= 0 if closed_left else value > 0
    hi_ok = value <= 1 if closed_right else value < 1
    if not (lo_ok and hi_ok and np.isfinite(value)):
        lb = "[" if closed_left else "("
        rb = "]" if closed_right else ")"
        raise ValueError(f"{name} must be in {lb}0, 1{rb}, got {value!r}.")
    return value


class _NotAnInteger(TypeError, ValueError):
    """A non-integer where an integer is expected (a TypeError, and a ValueError as before)."""


@overload
def check_int(
    value: object,
    *,
    name: str,
    low: int = ...,
    high: int | None = ...,
    allow_none: Literal[False] = ...,
) -> int: ...
@overload
def check_int(
    value: object, *, name: str, low: int = ..., high: int | None = ..., allow_none: bool
) -> int | None: ...
def check_int(
    value: object, *, name: str, low: int = 1, high: int | None = None, allow_none: bool = False
) -> int | None:
    """Check that a scalar is an integer in ``[low, high]`` and return it as ``int``.

    The one integer validator of the package (counts, sizes, numbers of columns). Booleans are
    not integers here.

    Parameters
    ----------
    value : object
        Candidate value.
    name : str
        Argument name used in error messages.
    low : int, default=1
        Smallest allowed value.
    high : int, default=None
        Largest allowed value; None for no upper bound.
    allow_none : bool, default=False
        Whether ``None`` is accepted (and returned).

    Returns
    -------
    value : int or None

    Raises
    ------
    TypeError
        If ``value`` is not an integer (the exception is also a ``ValueError``).
    ValueError
        If it is out of range.

    Examples
    --------
    >>> check_int(3, name="n_top")
    3
    >>> check_int(None, name="max_sequences", allow_none=True) is None
    True
    """
    if value is None and allow_none:
        return None
    if high is None:
        what = "a positive integer" if low == 1 else f"an integer >= {low}"
    else:
        what = f"an integer in [{low}, {high}]"
    if allow_none:
        what += " or None"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _NotAnInteger(f"{name} must be {what}, got {value!r}.")
    if int(value) < low or (high is not None and int(value) > high):
        raise ValueError(f"{name} must be {what}, got {value!r}.")
    return int(value)
