"""One place that validates one-hot DNA and multi-label targets.

Every public entry point that takes sequences calls :func:`check_onehot`; every one that takes
labels calls :func:`check_labels`. Errors name the argument, what was expected and what was given.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._store import OneHotStore

#: The DNA alphabet, in the order of axis 1 of one-hot arrays and of the rows of every motif
#: matrix (re-exported as ``sklearn_glifac.motifs.ALPHABET``).
ALPHABET = "ACGT"


def check_onehot(
    X, *, name="X", min_length=1, allow_empty=False, allow_unknown=False, dtype=np.float32
):
    """Validate one-hot encoded DNA of shape (n_samples, 4, seq_len).

    Parameters
    ----------
    X : array-like of shape (n_samples, 4, seq_len) or OneHotStore
        One-hot DNA, alphabet ACGT along axis 1; every position has exactly one 1. A
        :class:`~sklearn_glifac.utils.OneHotStore` (sequences on disk, validated when written)
        is checked for its shape and unknown bases only and returned as it is, without being
        read.
    name : str, default="X"
        Argument name used in error messages.
    min_length : int, default=1
        Smallest allowed ``seq_len`` (e.g. the convolution kernel width).
    allow_empty : bool, default=False
        Whether ``n_samples == 0`` is accepted.
    allow_unknown : bool, default=False
        Whether positions that are all 0 or all 0.25 (an unknown base such as ``N``, as
        ``read_fasta``/``encode_sequences`` encode it with ``unknown="zero"`` or ``"uniform"``)
        are accepted besides one-hot positions.
    dtype : numpy dtype, default=np.float32
        dtype of the returned array.

    Returns
    -------
    X : ndarray of shape (n_samples, 4, seq_len) or OneHotStore
        The validated array (a view when no conversion was needed), or the store.

    Raises
    ------
    TypeError
        If ``X`` is not numeric.
    ValueError
        If the shape is wrong, values are not 0/1, a position is not exactly one-hot
        (``N`` bases are not allowed), or the sequences are too short.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.zeros((2, 4, 5), dtype=np.float32); X[:, 0, :] = 1
    >>> check_onehot(X).shape
    (2, 4, 5)
    """
    if isinstance(X, OneHotStore):
        return _check_store(X, name=name, min_length=min_length, allow_empty=allow_empty,
                            allow_unknown=allow_unknown, dtype=dtype)  # fmt: skip
    if hasattr(X, "detach"):  # torch tensor
        X = X.detach().cpu().numpy()
    try:
        arr = np.asarray(X)
    except Exception as exc:  # ragged lists and similar
        raise ValueError(
            f"{name} must be an array of shape (n_samples, 4, seq_len); could not convert: {exc}"
        ) from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be a numeric one-hot array, got dtype {arr.dtype}.")
    if arr.ndim != 3:
        raise ValueError(
            f"{name} must be 3-D with shape (n_samples, 4, seq_len), got {arr.ndim}-D array "
            f"of shape {arr.shape}."
        )
    if arr.shape[1] != 4:
        raise ValueError(
            f"{name} must have 4 channels (A, C, G, T) on axis 1, got shape {arr.shape}. "
            "Sequences are (n_samples, 4, seq_len), as in tangermeme."
        )
    if arr.shape[0] == 0 and not allow_empty:
        raise ValueError(f"{name} is empty: got 0 sequences (shape {arr.shape}).")
    if arr.shape[2] < min_length:
        raise ValueError(
            f"{name} sequences are too short: seq_len={arr.shape[2]}, need at least {min_length}."
        )
    if np.issubdtype(arr.dtype, np.floating) and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    if allow_unknown and arr.size:
        onehot = np.isin(arr, (0, 1)).all(axis=1) & (arr.sum(axis=1) == 1)
        unknown = (arr == 0).all(axis=1) | (arr == 0.25).all(axis=1)
        if not (onehot | unknown).all():
            n_bad = int((~(onehot | unknown)).sum())
            raise ValueError(
                f"{name} must be one-hot, with unknown bases as all-0 or all-0.25 positions; "
                f"{n_bad} position(s) are neither."
            )
        return arr.astype(dtype, copy=False)
    if arr.size and not np.isin(arr, (0, 1)).all():
        raise ValueError(f"{name} must be one-hot: all values 0 or 1, found other values.")
    if arr.size:
        col = arr.sum(axis=1)
        if not (col == 1).all():
            n_bad = int((col != 1).sum())
            raise ValueError(
                f"{name} must be one-hot: every position needs exactly one 1 across the 4 "
                f"channels; {n_bad} position(s) do not (N or ambiguous bases are not supported)."
            )
    return arr.astype(dtype, copy=False)


def _check_store(X, *, name, min_length, allow_empty, allow_unknown, dtype):
    """The checks of :func:`check_onehot` that a store's metadata answers (its codes are valid)."""
    if np.dtype(dtype) != X.dtype:
        raise TypeError(
            f"{name} is a OneHotStore, which reads as float32; dtype={np.dtype(dtype)} was asked."
        )
    if X.n_samples == 0 and not allow_empty:
        raise ValueError(f"{name} is empty: got 0 sequences (shape {X.shape}).")
    if X.seq_len < min_length:
        raise ValueError(
            f"{name} sequences are too short: seq_len={X.seq_len}, need at least {min_length}."
        )
    if X.n_unknown and not allow_unknown:
        raise ValueError(
            f"{name} must be one-hot: every position needs exactly one 1 across the 4 "
            f"channels; {X.n_unknown} position(s) do not (N or ambiguous bases are not supported)."
        )
    return X


def check_labels(y, *, n_samples, name="y"):
    """Validate binary multi-label targets of shape (n_samples, n_tasks).

    A 1-D ``y`` is treated as a single task and returned with shape (n_samples, 1).

    Parameters
    ----------
    y : array-like of shape (n_samples, n_tasks) or (n_samples,)
        Binary labels (0/1 or bool).
    n_samples : int
        Expected number of rows (the number of sequences).
    name : str, default="y"
        Argument name used in error messages.

    Returns
    -------
    y : ndarray of shape (n_samples, n_tasks), dtype float32
    """
    arr = np.asarray(y)
    if arr.dtype == object:
        raise TypeError(f"{name} must be a numeric 0/1 array, got dtype object.")
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must have shape (n_samples, n_tasks), got {arr.ndim}-D shape {arr.shape}."
        )
    if arr.shape[0] != n_samples:
        raise ValueError(
            f"{name} has {arr.shape[0]} rows but X has {n_samples} sequences; they must match."
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has no task columns (shape {arr.shape}).")
    if not np.isin(arr, (0, 1)).all():
        bad = np.unique(arr[~np.isin(arr, (0, 1))])[:5]
        raise ValueError(f"{name} must be binary (0/1); found values such as {bad.tolist()}.")
    return arr.astype(np.float32)


def check_unit_interval(value, *, name, closed_left=True, closed_right=True):
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


def check_int(value, *, name, low=1, high=None, allow_none=False):
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
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be {what}, got {value!r}.")
    return int(value)
