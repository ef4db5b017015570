"""Bootstrap confidence intervals of interaction AUROC and AUPR.

A simulated grammar has a handful of interacting motif pairs, so a network's interaction AUROC or
AUPR rests on a few positive filter pairs and one number says little. :func:`interaction_score_ci`
resamples the scored filter pairs (the pairs of :func:`interaction_pair_table`), positives and
negatives separately, and reports a percentile interval.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.utils import Bunch, check_random_state

from ..utils import check_int
from ._interaction import _filter_pairs, _TrueInteractions

__all__ = ["interaction_score_ci"]

_METRICS = {"auroc": roc_auc_score, "aupr": average_precision_score}


def interaction_score_ci(
    metric: str,
    true_interactions: _TrueInteractions,
    W: ArrayLike,
    filter_labels: Sequence[str],
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    absolute: bool = False,
    random_state: int | np.random.RandomState | None = None,
) -> Bunch:
    """Interaction AUROC or AUPR with a stratified bootstrap confidence interval.

    The filter pairs are those of :func:`interaction_pair_table` (same pair rules as
    :func:`interaction_roc_auc_score`). Each bootstrap sample draws, with replacement, as many
    positive pairs from the positives and as many negative pairs from the negatives as there
    are, so every sample keeps the class balance and both scores stay defined. The interval is
    the percentile interval of the ``n_boot`` resampled scores. It reflects the uncertainty due
    to the finite set of filter pairs of one fitted network, not the spread over training seeds
    (train several seeds for that); with a few positives it is wide, as it should be.

    Parameters
    ----------
    metric : {"auroc", "aupr"}
        ``"auroc"``: :func:`sklearn.metrics.roc_auc_score`; ``"aupr"``:
        :func:`sklearn.metrics.average_precision_score` (as
        :func:`interaction_average_precision_score`).
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    W : array-like of shape (n_filters, n_filters)
        Filter-interaction scores.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled.
    n_boot : int, default=1000
        Number of bootstrap samples.
    confidence : float, default=0.95
        Coverage of the interval, in (0, 1).
    absolute : bool, default=False
        Score pairs by magnitude (see :func:`interaction_pair_table`).
    random_state : int, RandomState instance or None, default=None
        Seeds the resampling.

    Returns
    -------
    result : Bunch
        ``estimate`` (the score on all pairs), ``low`` and ``high`` (the interval bounds),
        ``confidence``, ``n_positive`` and ``n_negative`` (filter pairs), and ``bootstrap``
        (ndarray of shape (n_boot,), the resampled scores).

    Raises
    ------
    ValueError
        If ``metric``, ``n_boot`` or ``confidence`` is invalid, or if no filter pair is positive
        or none is negative (the score is then undefined).

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0, .9, .1], [.2, 0, .3], [.1, .3, 0]])
    >>> ci = interaction_score_ci("auroc", [("A", "B")], W, ["A", "B", ""], random_state=0)
    >>> float(ci.estimate), float(ci.low), float(ci.high)
    (1.0, 1.0, 1.0)
    """
    if not isinstance(metric, str) or metric not in _METRICS:
        raise ValueError(f"metric must be one of {list(_METRICS)}, got {metric!r}.")
    check_int(n_boot, name="n_boot")
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, numbers.Real)
        or not 0 < confidence < 1
    ):
        raise ValueError(f"confidence must be a number in (0, 1), got {confidence!r}.")
    pairs = _filter_pairs(true_interactions, W, filter_labels, absolute=absolute)
    pos, neg = pairs.score[pairs.positive], pairs.score[~pairs.positive]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError(
            f"true_interactions and filter_labels give {len(pos)} positive and {len(neg)} "
            f"negative filter pair(s); the {metric.upper()} and its interval need at least one "
            "of each."
        )
    rng = check_random_state(random_state)
    # Resampling with replacement = multinomial counts per pair; scores from the counts at once.
    n_pos = rng.multinomial(len(pos), np.full(len(pos), 1 / len(pos)), size=int(n_boot))
    n_neg = rng.multinomial(len(neg), np.full(len(neg), 1 / len(neg)), size=int(n_boot))
    boot = _weighted_scores(metric, pos, neg, n_pos, n_neg)
    y = np.r_[np.ones(len(pos), dtype=bool), np.zeros(len(neg), dtype=bool)]
    estimate = _METRICS[metric](y, np.r_[pos, neg])
    alpha = (1 - confidence) / 2
    low, high = np.quantile(boot, [alpha, 1 - alpha])
    return Bunch(
        estimate=float(estimate),
        low=float(low),
        high=float(high),
        confidence=float(confidence),
        n_positive=int(len(pos)),
        n_negative=int(len(neg)),
        bootstrap=boot,
    )


def _weighted_scores(
    metric: str, pos: np.ndarray, neg: np.ndarray, w_pos: np.ndarray, w_neg: np.ndarray
) -> np.ndarray:
    """AUROC or average precision of weighted pairs, one score per row of the weights.

    ``w_pos`` (n_rows, n_pos) and ``w_neg`` (n_rows, n_neg) count how often each positive and
    negative pair is drawn. Equal to :func:`~sklearn.metrics.roc_auc_score` (ties count one
    half) and :func:`~sklearn.metrics.average_precision_score` (one step per distinct score)
    with these sample weights, for all rows in a few matrix products.
    """
    levels, code = np.unique(np.r_[pos, neg], return_inverse=True)
    onehot = np.eye(len(levels))[code][:, ::-1]  # pair -> its distinct score, highest first
    tp = w_pos @ onehot[: len(pos)]  # (n_rows, n_levels): positive weight at each score
    fp = w_neg @ onehot[len(pos) :]
    ctp, cfp = np.cumsum(tp, axis=1), np.cumsum(fp, axis=1)
    P, N = ctp[:, -1], cfp[:, -1]
    if metric == "auroc":
        neg_below = N[:, None] - cfp
        return (tp * (neg_below + 0.5 * fp)).sum(axis=1) / (P * N)
    # One step per distinct score: recall grows by tp / P at precision ctp / (ctp + cfp).
    return (tp / P[:, None] * ctp / np.maximum(ctp + cfp, 1e-300)).sum(axis=1)
