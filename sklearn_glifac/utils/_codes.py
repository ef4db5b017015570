"""The one-hot layout of DNA: the alphabet, base codes and their one-hot columns.

Base codes (one byte per position) index :data:`CODE_TABLE`: 0-3 for A, C, G, T, 4 for an unknown
base encoded as 0.25 per channel, 5 for an all-zero column (an unknown base encoded as zeros, or
padding). The lowest floor of the package: this module imports nothing from it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "ALPHABET",
    "CODE_TABLE",
    "UNIFORM_CODE",
    "ZERO_CODE",
    "codes_to_onehot",
    "onehot_to_codes",
]

#: The DNA alphabet, in the order of axis 1 of one-hot arrays and of the rows of every motif
#: matrix (re-exported as ``sklearn_glifac.motifs.ALPHABET``).
ALPHABET = "ACGT"
#: Code -> one-hot column: A, C, G, T, an unknown base encoded as 0.25 per channel, and an
#: all-zero column (an unknown base encoded as zeros, or padding).
CODE_TABLE = np.array(
    [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0.25] * 4, [0, 0, 0, 0]],
    dtype=np.float32,
)
UNIFORM_CODE = 4
ZERO_CODE = 5


def codes_to_onehot(codes: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.float32]:
    """Float32 one-hot sequences from base codes (the inverse of :func:`onehot_to_codes`).

    Parameters
    ----------
    codes : ndarray of shape (n_samples, seq_len), uint8
        0-3 for A, C, G, T; 4 for an all-0.25 position; 5 for an all-zero position.

    Returns
    -------
    X : ndarray of shape (n_samples, 4, seq_len), float32, C-contiguous

    Examples
    --------
    >>> import numpy as np
    >>> codes_to_onehot(np.array([[0, 4]], dtype=np.uint8))[0].tolist()
    [[1.0, 0.25], [0.0, 0.25], [0.0, 0.25], [0.0, 0.25]]
    """
    return np.ascontiguousarray(CODE_TABLE[codes].transpose(0, 2, 1))


def onehot_to_codes(X: npt.ArrayLike, *, name: str = "X") -> npt.NDArray[np.uint8]:
    """Base codes of one-hot sequences (validated: one-hot, all-0 or all-0.25 positions).

    Parameters
    ----------
    X : ndarray of shape (n_samples, 4, seq_len)
        One-hot DNA; unknown bases as all-0 or all-0.25 positions.
    name : str, default="X"
        Argument name used in error messages.

    Returns
    -------
    codes : ndarray of shape (n_samples, seq_len), uint8
        0-3 for A, C, G, T; 4 for an all-0.25 position; 5 for an all-zero position.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.zeros((1, 4, 3), dtype=np.float32); X[0, 2, 0] = 1; X[0, :, 1] = 0.25
    >>> onehot_to_codes(X).tolist()
    [[2, 4, 5]]
    """
    X = _check_onehot_array(X, name=name, min_length=1, allow_empty=True, allow_unknown=True,
                            dtype=np.float32)  # fmt: skip
    codes = X.argmax(axis=1).astype(np.uint8)
    codes[(X == 0.25).all(axis=1)] = UNIFORM_CODE
    codes[(X == 0).all(axis=1)] = ZERO_CODE
    return codes


def _check_onehot_array(
    X: npt.ArrayLike,
    *,
    name: str,
    min_length: int,
    allow_empty: bool,
    allow_unknown: bool,
    dtype: npt.DTypeLike,
) -> npt.NDArray[Any]:
    """The checks of :func:`~sklearn_glifac.utils.check_onehot` for anything but a store."""
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
