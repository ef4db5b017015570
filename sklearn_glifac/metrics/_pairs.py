"""The one pair rule: how an ordered filter-by-filter matrix becomes scores of unordered pairs.

Every place that turns ``W[i, j]`` and ``W[j, i]`` into one value for the filter pair
``{i, j}`` calls :func:`symmetrize_interactions`: GLIFAC's symmetrised correlation, the
interaction metrics, the motif-level matrices, the figures and the demo report.
"""

from __future__ import annotations

import numpy as np

__all__ = ["symmetrize_interactions"]

_HOW = ("max_abs", "mean", "none")


def symmetrize_interactions(W, how="max_abs"):
    """Symmetrise a filter-by-filter matrix: one score per unordered filter pair.

    With ``how="max_abs"`` (the GLIFAC paper's rule, the original code's ``absmaxND``), entry
    ``(i, j)`` and entry ``(j, i)`` of the result are both the entry of larger magnitude of
    ``W[i, j]`` and ``W[j, i]``, sign kept; on an exact tie of magnitudes (``x`` and ``-x``) the
    larger value wins. The rule is a symmetric function of the two entries, so the result is
    symmetric by construction, ties included. For boolean matrices (0/1) it is
    ``W[i, j] or W[j, i]``. The interaction metrics score the filter pair ``i < j`` by entry
    ``(i, j)`` of this matrix.

    Parameters
    ----------
    W : array-like of shape (n_filters, n_filters)
        Filter-by-filter scores (rows: filter at the first position) or booleans.
    how : {"max_abs", "mean", "none"}, default="max_abs"
        ``"max_abs"``: the entry of larger magnitude (ties to the larger value); ``"mean"``:
        ``(W + W.T) / 2``; ``"none"``: a float copy of ``W`` (not symmetric).

    Returns
    -------
    S : ndarray of shape (n_filters, n_filters), float64

    Examples
    --------
    >>> import numpy as np
    >>> symmetrize_interactions(np.array([[1.0, -0.8], [0.3, 1.0]]))
    array([[ 1. , -0.8],
           [-0.8,  1. ]])
    >>> symmetrize_interactions(np.array([[0.0, -0.5], [0.5, 0.0]]))  # a tie: the larger value
    array([[0. , 0.5],
           [0.5, 0. ]])
    """
    if not isinstance(how, str) or how not in _HOW:
        raise ValueError(f"how must be one of {_HOW}, got {how!r}.")
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square (n_filters, n_filters) array, got {W.shape}.")
    if how == "none":
        return W.copy()
    Wt = W.T
    if how == "mean":
        return (W + Wt) / 2
    take_t = (np.abs(Wt) > np.abs(W)) | ((np.abs(Wt) == np.abs(W)) & (Wt > W))
    return np.where(take_t, Wt, W)
