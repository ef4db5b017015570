"""Dinucleotide shuffles for null distributions (tangermeme's Eulerian-path shuffle)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from sklearn.utils import check_random_state

from ..utils import check_int, check_onehot

__all__ = ["dinucleotide_shuffle"]


def dinucleotide_shuffle(
    X: ArrayLike, *, n_shuffles: int = 1, random_state: int | np.random.RandomState | None = None
) -> np.ndarray:
    """Shuffle one-hot sequences while keeping every dinucleotide count exactly.

    Wraps :func:`tangermeme.ersatz.dinucleotide_shuffle` (a uniform random Eulerian path through
    the dinucleotide graph, after Altschul & Erickson; first and last base are kept) with this
    package's shapes and ``random_state`` conventions.

    Parameters
    ----------
    X : array-like of shape (n_samples, 4, seq_len)
        One-hot DNA, rows A, C, G, T (no N).
    n_shuffles : int, default=1
        Number of shuffles of every sequence.
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffles: one seed per sequence and shuffle is drawn from it, so the result is
        reproducible for an int.

    Returns
    -------
    X_shuffled : ndarray of shape (n_shuffles * n_samples, 4, seq_len), float32
        Blocks stacked shuffle-major: rows ``[k * n_samples:(k + 1) * n_samples]`` are shuffle
        ``k`` of all sequences, in the order of ``X``. Sequences with a single possible shuffle
        (such as homopolymers) come back unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.datasets import dinucleotide_shuffle
    >>> X = np.eye(4, dtype=np.float32)[np.random.default_rng(0).integers(0, 4, (3, 50))]
    >>> X = X.transpose(0, 2, 1)
    >>> dinucleotide_shuffle(X, n_shuffles=2, random_state=0).shape
    (6, 4, 50)
    """
    import torch
    from tangermeme.ersatz import dinucleotide_shuffle as _shuffle

    X = check_onehot(X, name="X")
    n_shuffles = check_int(n_shuffles, name="n_shuffles", low=1)
    rng = check_random_state(random_state)
    n = X.shape[0]
    seeds = rng.randint(0, np.iinfo(np.int32).max, size=(n_shuffles, n))
    Xt = torch.from_numpy(np.ascontiguousarray(X))
    out = np.empty((n_shuffles * n,) + X.shape[1:], dtype=np.float32)
    for k in range(n_shuffles):
        # One shuffle per call with explicit per-sequence seeds: tangermeme refuses n > 1 when a
        # sequence has a single possible shuffle, and seeds sequence i with seed + i otherwise.
        shuffled = _shuffle(Xt, n=1, random_state=seeds[k].astype(np.int64))
        out[k * n : (k + 1) * n] = shuffled[:, 0].numpy()
    return out
