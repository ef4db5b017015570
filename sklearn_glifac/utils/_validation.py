"""One place that validates one-hot DNA, multi-label targets and result tables.

Every public entry point that takes sequences calls :func:`check_onehot`; every one that takes
labels calls :func:`check_labels`; tables of results are checked by :func:`check_columns`. Errors
name the argument, what was expected and what was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import numpy.typing as npt

from ._codes import _check_onehot_array
from ._store import OneHotStore

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["check_columns", "check_labels", "check_onehot"]


def check_columns(
    table: object, columns: Sequence[str], *, name: str = "table", optional: Iterable[str] = ()
) -> pd.DataFrame:
    """Check that ``table`` is a DataFrame holding ``columns`` (those in ``optional`` aside).

    Parameters
    ----------
    table : object
        The table to check.
    columns : sequence of str
        Columns the table must have.
    name : str, default="table"
        Argument name used in error messages.
    optional : iterable of str, default=()
        Columns of ``columns`` that may be missing (e.g. ones that older tables lack).

    Returns
    -------
    table : pandas.DataFrame
        ``table`` itself.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.
    ValueError
        If columns are missing; all of them are named, with the columns expected and given.

    Examples
    --------
    >>> import pandas as pd
    >>> check_columns(pd.DataFrame({"a": [1]}), ["a", "b"], name="results")
    Traceback (most recent call last):
    ...
    ValueError: results is missing columns ['b']; expected at least ['a', 'b'], got ['a'].
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}.")
    optional = set(optional)
    missing = [c for c in columns if c not in table.columns and c not in optional]
    if missing:
        raise ValueError(
            f"{name} is missing columns {missing}; expected at least {list(columns)}, "
            f"got {list(table.columns)}."
        )
    return table


@overload
def check_onehot(
    X: OneHotStore,
    *,
    name: str = ...,
    min_length: int = ...,
    allow_empty: bool = ...,
    allow_unknown: bool = ...,
    dtype: npt.DTypeLike = ...,
) -> OneHotStore: ...
@overload
def check_onehot(
    X: npt.ArrayLike,
    *,
    name: str = ...,
    min_length: int = ...,
    allow_empty: bool = ...,
    allow_unknown: bool = ...,
    dtype: npt.DTypeLike = ...,
) -> npt.NDArray[Any]: ...
def check_onehot(
    X: npt.ArrayLike | OneHotStore,
    *,
    name: str = "X",
    min_length: int = 1,
    allow_empty: bool = False,
    allow_unknown: bool = False,
    dtype: npt.DTypeLike = np.float32,
) -> npt.NDArray[Any] | OneHotStore:
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
    return _check_onehot_array(X, name=name, min_length=min_length, allow_empty=allow_empty,
                               allow_unknown=allow_unknown, dtype=dtype)  # fmt: skip


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


def check_labels(y: npt.ArrayLike, *, n_samples: int, name: str = "y") -> npt.NDArray[np.float32]:
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
