"""The paper's train / validation / test split."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.validation import _num_samples

__all__ = ["train_val_test_split"]


def train_val_test_split(
    *arrays: Any,
    sizes: tuple[float, float, float] = (0.7, 0.1, 0.2),
    random_state: int | np.random.RandomState | None = None,
    shuffle: bool = True,
) -> list[Any]:
    """Split arrays into train, validation and test subsets (GLIFAC paper: 0.7 / 0.1 / 0.2).

    Two calls of :func:`sklearn.model_selection.train_test_split` with the subset sizes computed
    once from ``sizes`` (rounded; the train set takes the remainder).

    Parameters
    ----------
    *arrays : sequence of indexables with the same first dimension
        Arrays to split (e.g. ``X``, ``y``).
    sizes : tuple of 3 floats, default=(0.7, 0.1, 0.2)
        Train, validation and test fractions; positive, summing to 1.
    random_state : int, RandomState instance or None, default=None
        Controls the shuffling.
    shuffle : bool, default=True
        Whether to shuffle before splitting (``False`` keeps the order: first rows train).

    Returns
    -------
    splitting : list of length 3 * len(arrays)
        ``[a_train, a_val, a_test, b_train, b_val, b_test, ...]``, like ``train_test_split``'s
        flat output.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.datasets import train_val_test_split
    >>> X, y = np.arange(20).reshape(10, 2), np.arange(10)
    >>> X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, random_state=0)
    >>> len(y_tr), len(y_va), len(y_te)
    (7, 1, 2)
    """
    if not arrays:
        raise ValueError("At least one array is required as input.")
    if (
        not isinstance(sizes, (tuple, list))
        or len(sizes) != 3
        or not all(isinstance(s, numbers.Real) and not isinstance(s, bool) for s in sizes)
    ):
        raise ValueError(f"sizes must be 3 fractions (train, val, test), got {sizes!r}.")
    sizes = np.asarray(sizes, dtype=np.float64)
    if not np.isfinite(sizes).all() or (sizes <= 0).any() or abs(sizes.sum() - 1) > 1e-6:
        raise ValueError(f"sizes must be positive and sum to 1, got {sizes.tolist()}.")
    n = _num_samples(arrays[0])
    n_test = int(round(sizes[2] * n))
    n_val = int(round(sizes[1] * n))
    if min(n_test, n_val, n - n_test - n_val) < 1:
        raise ValueError(
            f"sizes={sizes.tolist()} of {n} samples leaves an empty subset "
            f"(train={n - n_test - n_val}, val={n_val}, test={n_test}); use more samples."
        )
    rng = check_random_state(random_state)
    first = train_test_split(*arrays, test_size=n_test, random_state=rng, shuffle=shuffle)
    rest, test = first[0::2], first[1::2]
    second = train_test_split(*rest, test_size=n_val, random_state=rng, shuffle=shuffle)
    out = []
    for i in range(len(arrays)):
        out += [second[2 * i], second[2 * i + 1], test[i]]
    return out
