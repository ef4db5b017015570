"""Every interaction score of one filter matrix at once, NaN where a score is undefined."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ._scorer import _METRICS, _check_metric_params

__all__ = ["interaction_scores"]

_DEFAULT = ("auroc", "aupr", "snr")
_DECISION = ("tpr", "ppv")


def _check_error_score(error_score: object) -> None:
    if isinstance(error_score, str) and error_score == "raise":
        return
    if isinstance(error_score, numbers.Real) and not isinstance(error_score, bool):
        return
    raise ValueError(f"error_score must be 'raise' or a number, got {error_score!r}.")


def interaction_scores(
    true_interactions: Any,
    W: Any,
    filter_labels: Sequence[str],
    *,
    reported: Any = None,
    metrics: Iterable[str] | None = None,
    error_score: float | str = np.nan,
    **params: Mapping[str, Any],
) -> dict[str, float]:
    """Interaction-recovery scores of one filter x filter matrix, ``error_score`` when undefined.

    The one scoring path of the experiments: each metric of :func:`make_interaction_scorer`
    computed from a matrix ``W`` (and, for the decision metrics, the reported interactions) and
    the filters' motif labels. A model whose filters match no ground-truth pair, a matrix
    without a positive pair or a method that reports nothing leaves some scores undefined;
    with a numeric ``error_score`` those scores take that value and their warnings are
    silenced, so one table row per model or threshold can always be written.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    W : array-like of shape (n_filters, n_filters)
        Filter interaction scores (higher = more interacting).
    filter_labels : sequence of str of length n_filters
        Motif label per filter ("" for an unlabelled filter).
    reported : array-like of bool of shape (n_filters, n_filters), default=None
        Reported interactions, needed by the decision metrics ``"tpr"``, ``"ppv"``,
        ``"precision"``, ``"recall"`` and ``"f1"``.
    metrics : iterable of str, default=None
        Metric names of :func:`make_interaction_scorer`. Default: ``auroc, aupr, snr`` and,
        with ``reported``, ``tpr, ppv``.
    error_score : float or "raise", default=np.nan
        Value of a score that raises ``ValueError`` or ``ZeroDivisionError`` (undefined);
        ``"raise"`` lets the error (and every warning) through.
    **params : dict
        ``<metric>=dict(...)`` keyword arguments of one metric, e.g.
        ``ppv=dict(zero_division=0.0)``.

    Returns
    -------
    scores : dict of str -> float
        One value per metric, in the order of ``metrics``.

    See Also
    --------
    score_interactions : The same scores from a fitted interaction transformer.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0.0, 0.9, 0.1], [0.9, 0.0, 0.2], [0.1, 0.2, 0.0]])
    >>> interaction_scores([("A", "B")], W, ["A", "B", "C"], metrics=["auroc", "aupr"])
    {'auroc': 1.0, 'aupr': 1.0}
    >>> interaction_scores([("A", "B")], W, ["", "", ""], metrics=["auroc"])  # no labelled pair
    {'auroc': nan}
    """
    _check_error_score(error_score)
    if metrics is None:
        metrics = _DEFAULT + (_DECISION if reported is not None else ())
    elif isinstance(metrics, str):
        metrics = (metrics,)
    metrics = list(metrics)
    _check_metric_params(metrics, params)
    needs_reported = [m for m in metrics if _METRICS[m][1]]
    if needs_reported and reported is None:
        raise ValueError(f"metrics {needs_reported} need the reported interactions; got None.")
    labels = list(filter_labels)
    scores = {}
    for m in metrics:
        fn, boolean = _METRICS[m]
        values = reported if boolean else W
        kwargs = dict(params.get(m, {}))
        if isinstance(error_score, str):  # "raise"
            scores[m] = float(fn(true_interactions, values, labels, **kwargs))
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                scores[m] = float(fn(true_interactions, values, labels, **kwargs))
            except (ValueError, ZeroDivisionError):
                scores[m] = float(error_score)
    return scores
