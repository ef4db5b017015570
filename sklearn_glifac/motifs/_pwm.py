"""Filter PWMs by activation-based alignment, and the information content of PWMs."""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterator

import numpy as np
from numpy.typing import ArrayLike

from ..models import BaseReadout
from ..utils import check_onehot, check_unit_interval, progress

__all__ = ["filter_pwms", "information_content"]


def information_content(pwm: ArrayLike, background: ArrayLike | None = None) -> np.ndarray:
    """Information content of every column of a probability matrix, in bits.

    The relative entropy ``sum_b p_b log2(p_b / q_b)`` of each column to the background ``q``
    (uniform by default, so at most 2 bits). Zero probabilities contribute nothing.

    Parameters
    ----------
    pwm : array-like of shape (4, width)
        Probability matrix, rows A, C, G, T (:data:`ALPHABET`).
    background : array-like of shape (4,), default=None
        Base frequencies; None for uniform (0.25 each).

    Returns
    -------
    ic : ndarray of shape (width,)

    Examples
    --------
    >>> import numpy as np
    >>> information_content(np.array([[1, .25], [0, .25], [0, .25], [0, .25]]))
    array([2., 0.])
    """
    pwm = np.asarray(pwm, dtype=np.float64)
    if pwm.ndim != 2 or pwm.shape[0] != 4:
        raise ValueError(f"pwm must have shape (4, width), got {pwm.shape}.")
    q = np.full(4, 0.25) if background is None else np.asarray(background, dtype=np.float64)
    if q.shape != (4,):
        raise ValueError(f"background must have shape (4,), got {q.shape}.")
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(pwm > 0, pwm * np.log2(pwm / q[:, None]), 0.0)
    return terms.sum(axis=0)


def _check_readout_for_pwms(readout: BaseReadout) -> tuple[np.ndarray, int]:
    if not isinstance(readout, BaseReadout):
        raise TypeError(
            "readout must be a read-out of a fitted network (ConvAttentionClassifier.transform(X) "
            f"or an ArrayReadout), got {type(readout).__name__}."
        )
    if getattr(readout, "X", None) is None:
        raise ValueError(
            "readout has no sequences (X is None); filter PWMs align the sequence windows, so "
            "build the read-out with X=..."
        )
    k = getattr(readout, "kernel_size", None)
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(
            f"readout.kernel_size must be the first-layer filter width (a positive integer), got "
            f"{k!r}."
        )
    return check_onehot(readout.X, name="readout.X", allow_unknown=True), int(k)


def filter_pwms(
    readout: BaseReadout,
    *,
    activity_threshold: float = 0.5,
    pseudocount: float = 0.1,
    verbose: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Position weight matrices of first-layer filters, by activation-based alignment.

    For each filter, every sequence window whose activation (first-layer output before pooling)
    exceeds ``activity_threshold`` times the filter's maximum activation over the read-out's
    sequences is aligned; the PWM is the base frequency at each window column plus a pseudocount.
    Two passes over the read-out (first the maxima, then the counts), so memory does not grow
    with the number of sequences.

    The convolution uses "same" padding (PyTorch's convention: ``(kernel_size - 1) // 2`` zeros on
    the left, the rest on the right), so the window of the activation at position ``p`` starts at
    ``p - (kernel_size - 1) // 2``. Windows that run off either end of the sequence are kept; the
    columns that fall outside are padding and count no base, so each PWM column is normalised by
    the number of sites that cover it (``n_sites`` counts every window).

    Parameters
    ----------
    readout : BaseReadout
        Read-out of a fitted network with sequences (``readout.X``), unpooled activations
        (``batches(activations=True)``) and ``kernel_size``, e.g.
        ``ConvAttentionClassifier.transform(X)`` or an ``ArrayReadout`` built with ``X=``,
        ``activations=`` and ``kernel_size=``.
    activity_threshold : float in [0, 1], default=0.5
        Fraction of the filter's maximum activation a window must exceed (strictly) to be
        aligned; 0.5 as in the GLIFAC paper (SATORI's code used 0.65).
    pseudocount : float >= 0, default=0.1
        Added to each base count of each column before normalising (in counts, so it matters
        only for filters with few sites).
    verbose : bool, default=False
        Show a progress bar over batches.

    Returns
    -------
    pwms : ndarray of shape (n_filters, 4, kernel_size)
        Probability matrices, rows A, C, G, T; every column sums to 1. A filter that is never
        positively activated has no site and a uniform PWM (a warning lists such filters).
    n_sites : ndarray of shape (n_filters,), int
        Number of aligned windows per filter.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> X = np.eye(4, dtype=np.float32)[[0, 1, 2, 3, 0, 1]].T[None]  # ACGTAC
    >>> act = np.zeros((1, 6, 1)); act[0, 2, 0] = 1.0  # filter 0 fires at position 2
    >>> r = ArrayReadout(np.zeros((1, 2, 1)), np.full((1, 1, 2, 2), .5), X=X,
    ...                  activations=act, kernel_size=3)
    >>> pwms, n_sites = filter_pwms(r, pseudocount=0)
    >>> pwms[0].argmax(axis=0), n_sites  # window CGT centred on position 2
    (array([1, 2, 3]), array([1]))
    """
    activity_threshold = check_unit_interval(activity_threshold, name="activity_threshold")
    if (
        isinstance(pseudocount, bool)
        or not isinstance(pseudocount, numbers.Real)
        or not np.isfinite(pseudocount)
        or pseudocount < 0
    ):
        raise ValueError(f"pseudocount must be a finite number >= 0, got {pseudocount!r}.")
    X, k = _check_readout_for_pwms(readout)
    n_filters = readout.n_filters
    left = (k - 1) // 2

    def batches(desc: str) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        kinds = dict(features=False, attention=False, activations=True)
        total = math.ceil(readout.n_samples / max(int(readout.batch_size), 1))
        for batch in progress(readout.batches(**kinds), total=total, verbose=verbose, desc=desc,
                              unit="batch"):  # fmt: skip
            act = np.asarray(batch.activations)
            if act.ndim != 3 or act.shape[1:] != (X.shape[2], n_filters):
                raise ValueError(
                    f"readout activations must have shape (batch, seq_len={X.shape[2]}, "
                    f"n_filters={n_filters}) ('same' convolution), got {act.shape}."
                )
            if not np.isfinite(act).all():
                raise ValueError("readout activations contain NaN or infinite values.")
            yield batch.indices, act

    max_act = np.full(n_filters, -np.inf)
    for _, act in batches("filter maxima"):
        max_act = np.maximum(max_act, act.max(axis=(0, 1)))
    dead = max_act <= 0
    if dead.any():
        warnings.warn(
            f"{int(dead.sum())} filter(s) are never positively activated (e.g. filter "
            f"{int(np.flatnonzero(dead)[0])}); they get no site and a uniform PWM.",
            UserWarning,
            stacklevel=2,
        )
    cutoff = np.where(dead, np.inf, activity_threshold * max_act)

    counts = np.zeros((n_filters, 4 * k))
    n_sites = np.zeros(n_filters, dtype=np.int64)
    for idx, act in batches("filter PWMs"):
        mask = act > cutoff  # (b, L, F)
        xb = np.pad(X[idx], ((0, 0), (0, 0), (left, k - 1 - left)))
        windows = np.lib.stride_tricks.sliding_window_view(xb, k, axis=2)  # (b, 4, L, k)
        windows = windows.transpose(0, 2, 1, 3).reshape(-1, 4 * k)  # (b * L, 4 * k)
        flat = mask.reshape(-1, n_filters).astype(np.float32)
        # exact: float32 integer sums below 2**24 per batch. (windows.T @ flat).T, not
        # flat.T @ windows: OpenBLAS is 10-30x slower on the latter's (F, b*L) @ (b*L, 4k) shape.
        counts += (windows.T @ flat).T
        n_sites += mask.sum(axis=(0, 1))
    counts = counts.reshape(n_filters, 4, k) + pseudocount
    totals = counts.sum(axis=1, keepdims=True)
    pwms = np.divide(counts, totals, out=np.full_like(counts, 0.25), where=totals > 0)
    return pwms, n_sites
