"""The one pair rule: how an ordered filter-by-filter matrix becomes scores of unordered pairs.

Every place that turns ``W[i, j]`` and ``W[j, i]`` into one value for the filter pair
``{i, j}`` calls :func:`symmetrize_interactions`: GLIFAC's symmetrised correlation, the
interaction metrics, the motif-level matrices, the figures and the demo report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from sklearn.utils import Bunch

__all__ = ["filter_pair_scores", "symmetrize_interactions"]

_HOW = ("max_abs", "mean", "none")


def symmetrize_interactions(W: ArrayLike, how: str = "max_abs") -> np.ndarray:
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


def _check_filter_matrix(W: Any, n_filters: int, *, name: str, boolean: bool) -> np.ndarray:
    if hasattr(W, "detach"):  # torch tensor
        W = W.detach().cpu().numpy()
    W = np.asarray(W)
    if W.dtype == object or not (np.issubdtype(W.dtype, np.number) or W.dtype == bool):
        raise TypeError(f"{name} must be a numeric (n_filters, n_filters) array, got {W.dtype}.")
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"{name} must be a square (n_filters, n_filters) array, got {W.shape}.")
    if W.shape[0] != n_filters:
        raise ValueError(
            f"{name} is {W.shape[0]} x {W.shape[1]} but filter_labels has {n_filters} labels; "
            "they must match."
        )
    W = W.astype(float)
    if not np.isfinite(W).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    if boolean and not np.isin(W, (0.0, 1.0)).all():
        raise ValueError(f"{name} must be boolean (reported interactions), found other values.")
    return W


def _check_filter_labels(filter_labels: Iterable[str]) -> np.ndarray:
    if isinstance(filter_labels, str) or not isinstance(filter_labels, Iterable):
        raise TypeError(
            "filter_labels must be a sequence of strings (one per filter, '' when unlabelled), "
            f"got {type(filter_labels).__name__}."
        )
    labels = list(filter_labels)
    bad = [lab for lab in labels if not isinstance(lab, str)]
    if bad:
        raise TypeError(
            f"filter_labels must hold strings ('' when unlabelled); found {bad[0]!r} "
            f"({type(bad[0]).__name__})."
        )
    return np.array(labels, dtype=object)


def filter_pair_scores(
    W: ArrayLike,
    filter_labels: Sequence[str] | None = None,
    *,
    boolean: bool = False,
    name: str = "W",
) -> Bunch:
    """Validate a filter matrix and score every unordered filter pair ``i < j``.

    The score of pair ``(i, j)`` is entry ``(i, j)`` of :func:`symmetrize_interactions` of ``W``
    (the entry of larger magnitude, ties to the larger value). Every interaction metric and
    :func:`~sklearn_glifac.motifs.motif_interaction_matrix` start from these pairs.

    Parameters
    ----------
    W : array-like of shape (n_filters, n_filters)
        Filter-by-filter scores, or booleans of reported interactions; no NaN or infinity.
    filter_labels : sequence of str of length n_filters, default=None
        Motif label per filter (``""`` when none); None for ``n_filters`` empty labels.
    boolean : bool, default=False
        Require ``W`` to hold only 0/1 (reported interactions).
    name : str, default="W"
        Argument name used in error messages.

    Returns
    -------
    pairs : Bunch
        ``i``, ``j`` (int arrays, ``i < j``), ``score`` (float array) and ``labels`` (object
        array of the filter labels, length n_filters).

    Examples
    --------
    >>> import numpy as np
    >>> pairs = filter_pair_scores(np.array([[0, .2, -.9], [.1, 0, .4], [.3, .5, 0]]))
    >>> pairs.i, pairs.j, pairs.score
    (array([0, 0, 1]), array([1, 2, 2]), array([ 0.2, -0.9,  0.5]))
    """
    if filter_labels is None:
        n = np.shape(W)[0] if np.ndim(W) == 2 else 0
        filter_labels = [""] * n
    labels = _check_filter_labels(filter_labels)
    W = _check_filter_matrix(W, len(labels), name=name, boolean=boolean)
    i, j = np.triu_indices(len(labels), k=1)
    return Bunch(i=i, j=j, score=symmetrize_interactions(W)[i, j], labels=labels)
