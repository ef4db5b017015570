"""Scorer factories: interaction recovery and classification in one ``GridSearchCV``.

The scorers follow scikit-learn's protocol ``scorer(estimator, X, y=None) -> float`` (greater is
better), so they can be passed to ``GridSearchCV(scoring={...})`` or ``cross_validate`` side by
side; ``refit`` may name any of them.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import average_precision_score
from sklearn.pipeline import Pipeline

from ._interaction import (
    _true_pairs,
    _TrueInteractions,
    interaction_average_precision_score,
    interaction_ppv_score,
    interaction_roc_auc_score,
    interaction_snr_score,
    interaction_tpr_score,
    tf_pair_precision_recall_f1,
)

__all__ = [
    "make_interaction_scorer",
    "make_classification_scorer",
    "mean_average_precision_score",
    "score_interactions",
]


def _tf_precision(*args: Any, **kwargs: Any) -> float:
    return tf_pair_precision_recall_f1(*args, **kwargs)[0]


def _tf_recall(*args: Any, **kwargs: Any) -> float:
    return tf_pair_precision_recall_f1(*args, **kwargs)[1]


def _tf_f1(*args: Any, **kwargs: Any) -> float:
    return tf_pair_precision_recall_f1(*args, **kwargs)[2]


# metric name -> (score function, whether it takes reported booleans instead of scores)
_METRICS: dict[str, tuple[Callable[..., float], bool]] = {
    "auroc": (interaction_roc_auc_score, False),
    "aupr": (interaction_average_precision_score, False),
    "snr": (interaction_snr_score, False),
    "tpr": (interaction_tpr_score, True),
    "ppv": (interaction_ppv_score, True),
    "precision": (_tf_precision, True),
    "recall": (_tf_recall, True),
    "f1": (_tf_f1, True),
}
# keyword arguments each metric accepts (the wrappers take those of tf_pair_precision_recall_f1)
_KWARGS = {
    name: inspect.signature(
        tf_pair_precision_recall_f1 if fn in (_tf_precision, _tf_recall, _tf_f1) else fn
    ).parameters
    for name, (fn, _) in _METRICS.items()
}


# One transform per (fitted estimator, X): GridSearchCV calls every scorer of a fold with the same
# estimator and test set, and each interaction scorer needs the same W. The entry keeps the
# estimator, its fitted state and X alive, so identity comparisons cannot be fooled by reused ids.
_CACHE_ENABLED = True
_LAST_TRANSFORM: tuple[Any, list[Any], np.ndarray] | None = None


def _fitted_state(estimator: Any) -> list[tuple[Any, tuple[Any, ...], int]]:
    """The objects (and epoch counts) that change when ``estimator`` or a step is refitted."""
    steps = [s for _, s in estimator.steps] if isinstance(estimator, Pipeline) else [estimator]
    state: list[tuple[Any, tuple[Any, ...], int]] = []
    for step in steps:
        fitted = tuple(
            v for k, v in vars(step).items() if k.endswith("_") and not k.startswith("_")
        )
        state.append((step, fitted, len(getattr(step, "history", None) or ())))
    return state


def _same_state(
    a: Sequence[tuple[Any, tuple[Any, ...], int]], b: Sequence[tuple[Any, tuple[Any, ...], int]]
) -> bool:
    return len(a) == len(b) and all(
        sa is sb and len(fa) == len(fb) and all(x is y for x, y in zip(fa, fb)) and na == nb
        for (sa, fa, na), (sb, fb, nb) in zip(a, b)
    )


def _interaction_transformer(estimator: Any) -> Any:
    transformer = estimator[-1] if isinstance(estimator, Pipeline) else estimator
    for attr in ("filter_motifs_", "transform", "reported_interactions"):
        if not hasattr(transformer, attr):
            raise TypeError(
                f"The interaction scorer needs a fitted interaction transformer (or a Pipeline "
                f"ending in one) with `{attr}`; got {type(transformer).__name__}."
            )
    if getattr(transformer, "motifs", "") is None:
        # A configuration error, unlike a model whose filters matched no motif (which the
        # metrics score as recovering nothing).
        raise ValueError(
            f"{type(transformer).__name__} was fitted with motifs=None, so its filters carry "
            "no motif label; fit it with motifs=... to score interactions."
        )
    return transformer


def _transform_once(estimator: Any, X: Any) -> np.ndarray:
    """``estimator.transform(X)``, computed once for repeated calls on the same fitted state."""
    global _LAST_TRANSFORM
    state = _fitted_state(estimator)
    last = _LAST_TRANSFORM
    if _CACHE_ENABLED and last is not None and last[0] is X and _same_state(last[1], state):
        return last[2]
    W = np.asarray(estimator.transform(X))
    W.setflags(write=False)
    _LAST_TRANSFORM = (X, state, W) if _CACHE_ENABLED else None
    return W


def _metric_value(
    metric: str,
    true_interactions: _TrueInteractions,
    W: np.ndarray,
    transformer: Any,
    kwargs: Mapping[str, Any],
    reported: np.ndarray | None = None,
) -> float:
    fn, boolean = _METRICS[metric]
    if boolean:
        values = transformer.reported_interactions(W) if reported is None else reported
    else:
        values = W
    return float(fn(true_interactions, values, list(transformer.filter_motifs_), **kwargs))


class _InteractionScorer:
    """Callable ``scorer(estimator, X, y=None)`` for one interaction metric (picklable)."""

    def __init__(
        self, metric: str, true_interactions: _TrueInteractions, kwargs: dict[str, Any]
    ) -> None:
        self.metric = metric
        self.true_interactions = true_interactions
        self.kwargs = kwargs

    def __call__(self, estimator: Any, X: Any, y: Any = None) -> float:
        transformer = _interaction_transformer(estimator)
        W = _transform_once(estimator, X)
        return _metric_value(self.metric, self.true_interactions, W, transformer, self.kwargs)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"make_interaction_scorer({self.metric!r}, <true_interactions>{extra})"


def _check_metric_kwargs(metric: str, kwargs: Mapping[str, Any]) -> None:
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {sorted(_METRICS)}, got {metric!r}.")
    params = _KWARGS[metric]
    for key in kwargs:
        if key not in params or params[key].kind != inspect.Parameter.KEYWORD_ONLY:
            allowed = [k for k, p in params.items() if p.kind == inspect.Parameter.KEYWORD_ONLY]
            raise TypeError(
                f"metric {metric!r} does not take the keyword argument {key!r}; it takes {allowed}."
            )


def _check_metric_params(metrics: Sequence[str], params: Mapping[str, Mapping[str, Any]]) -> None:
    """Check ``<metric>=dict(...)`` keyword arguments against the metrics asked for.

    ``TypeError`` for a keyword that names no metric of ``metrics`` or that its metric does not
    take; ``ValueError`` for an unknown metric name.
    """
    unknown = set(params) - set(metrics)
    if unknown:
        raise TypeError(f"keyword arguments {sorted(unknown)} name no metric of {metrics}.")
    for m in metrics:
        _check_metric_kwargs(m, params.get(m, {}))


def score_interactions(
    estimator: Any,
    X: Any,
    true_interactions: _TrueInteractions,
    metrics: str | Sequence[str] = ("auroc", "aupr", "snr", "tpr", "ppv"),
    **params: dict[str, Any],
) -> dict[str, float]:
    """Every interaction metric of a fitted estimator from one ``transform``.

    ``W = estimator.transform(X)`` is computed once (and shared with the scorers of
    :func:`make_interaction_scorer` called on the same fitted estimator and ``X``, as
    ``GridSearchCV`` does for every fold); the reported interactions are derived once from it.

    Parameters
    ----------
    estimator : Pipeline or interaction transformer
        A fitted Pipeline ending in an interaction transformer (``X`` are sequences), or the
        fitted transformer itself (``X`` is a read-out).
    X : array-like of shape (n_samples, 4, seq_len) or BaseReadout
        What ``estimator.transform`` takes.
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    metrics : sequence of str, default=("auroc", "aupr", "snr", "tpr", "ppv")
        Metric names of :func:`make_interaction_scorer`.
    **params : dict
        ``<metric>=dict(...)`` keyword arguments of one metric, e.g.
        ``snr=dict(denominator="top100")``.

    Returns
    -------
    scores : dict of str -> float
        One value per metric, in the order of ``metrics``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.interactions import GLIFACInteractions
    >>> from sklearn_glifac.models import ArrayReadout
    >>> rng = np.random.default_rng(0)
    >>> features = rng.random((100, 6, 3)); features[:, 4, 1] = features[:, 1, 0]
    >>> attention = np.full((100, 1, 6, 6), 0.01); attention[:, :, 1, 4] = 0.9
    >>> X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (100, 12))].transpose(0, 2, 1)
    >>> readout = ArrayReadout(features, attention, X=X, activations=rng.random((100, 12, 3)),
    ...                        kernel_size=3)
    >>> db = {m: rng.dirichlet(np.ones(4), size=6).T for m in "ABC"}
    >>> glifac = GLIFACInteractions(motifs=db, random_state=0).fit(readout)
    >>> import warnings; warnings.simplefilter("ignore")  # no filter matches: undefined scores
    >>> scores = score_interactions(glifac, readout, [("A", "B")], metrics=["aupr", "tpr"])
    >>> scores
    {'aupr': 0.0, 'tpr': 0.0}
    """
    if isinstance(metrics, str):
        metrics = [metrics]
    metrics = list(metrics)
    _check_metric_params(metrics, params)
    _true_pairs(true_interactions)
    transformer = _interaction_transformer(estimator)
    W = _transform_once(estimator, X)
    reported = None
    if any(_METRICS[m][1] for m in metrics):
        reported = transformer.reported_interactions(W)
    return {
        m: _metric_value(m, true_interactions, W, transformer, params.get(m, {}), reported)
        for m in metrics
    }


def make_interaction_scorer(
    metric: str, true_interactions: _TrueInteractions, **kwargs: Any
) -> Callable[..., float]:
    """Make a scorer of interaction recovery for ``GridSearchCV`` and ``cross_validate``.

    The scorer is called as ``scorer(estimator, X, y=None)`` where ``estimator`` is either a
    fitted Pipeline ending in an interaction transformer (``W = estimator.transform(X)``, with the
    transformer ``estimator[-1]``), or the fitted transformer itself (``X`` is then a read-out,
    e.g. ``net.transform(X)``). Filter labels come from ``transformer.filter_motifs_``; the
    boolean metrics use ``transformer.reported_interactions(W)``. ``y`` is ignored.

    Scorers called on the same fitted estimator and ``X`` (the scorers of one ``GridSearchCV``
    fold) share one ``transform``: the network and the interaction method run once per fold,
    whatever the number of interaction metrics (see :func:`score_interactions`).

    A model whose filters match no motif recovers nothing: the metrics' undefined cases apply
    (e.g. AUROC ``nan`` and TPR 0.0, with an
    :class:`~sklearn.exceptions.UndefinedMetricWarning`). A transformer fitted with
    ``motifs=None`` is a configuration error and raises ``ValueError``.

    Parameters
    ----------
    metric : {"auroc", "aupr", "snr", "tpr", "ppv", "precision", "recall", "f1"}
        ``"auroc"``: :func:`interaction_roc_auc_score`; ``"aupr"``:
        :func:`interaction_average_precision_score`; ``"snr"``: :func:`interaction_snr_score`;
        ``"tpr"``/``"ppv"``: :func:`interaction_tpr_score` / :func:`interaction_ppv_score`;
        ``"precision"``/``"recall"``/``"f1"``: the entries of
        :func:`tf_pair_precision_recall_f1` (unique TF pairs).
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting), e.g. ``make_motif_interactions().true_interactions``.
    **kwargs
        Keyword arguments of the metric function (e.g. ``denominator="top100"`` for ``"snr"``,
        ``absolute=False``, ``zero_division=0.0``).

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y=None) -> float``, greater is better.

    Raises
    ------
    ValueError
        For an unknown ``metric``, or a ``true_interactions`` without any interacting pair.
    TypeError
        For a keyword argument the metric does not take.

    Examples
    --------
    >>> scorer = make_interaction_scorer("snr", [("ELF1", "SIX3")], denominator="top100")
    >>> scorer
    make_interaction_scorer('snr', <true_interactions>, denominator='top100')
    """
    _check_metric_kwargs(metric, kwargs)
    _true_pairs(true_interactions)  # fail now, not in the middle of a search
    return _InteractionScorer(metric, true_interactions, dict(kwargs))


def mean_average_precision_score(
    y_true: ArrayLike, y_score: ArrayLike, *, average: str = "macro"
) -> float:
    """Classification AUPR of a multi-label prediction: per-task mean or pooled over tasks.

    Parameters
    ----------
    y_true : array-like of shape (n_samples, n_tasks) or (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples, n_tasks) or (n_samples,)
        Predicted probabilities (or any score) per task.
    average : {"macro", "micro"}, default="macro"
        ``"macro"``: the mean over tasks of each task's average precision. ``"micro"``: one
        average precision over every (sample, task) cell pooled, as
        ``sklearn.metrics.average_precision_score(average="micro")`` computes it; the GLIFAC
        authors' Keras ``AUC(curve="PR")`` metric pools the tasks the same way (it interpolates
        a curve over 200 thresholds instead of using every score, see Notes). Both agree for a
        single task; pooling weighs tasks by their number of positives and lets a task learned
        badly weigh less than ``1 / n_tasks``.

    Returns
    -------
    score : float
        ``"macro"``: mean average precision over the tasks that have at least one positive;
        tasks without a positive are skipped with an
        :class:`~sklearn.exceptions.UndefinedMetricWarning` (``nan`` if no task has one).
        ``"micro"``: average precision of the pooled cells (``nan`` with that warning if no
        cell is positive).

    Notes
    -----
    Keras' ``AUC(curve="PR", num_thresholds=200)`` counts true and false positives at 200
    evenly spaced thresholds and integrates the precision-recall curve between them with the
    Davis & Goadrich interpolation; average precision is the step-wise sum over every distinct
    score. On well-separated scores the two differ in the third decimal place
    (``docs/user_guide/reproduction.rst``); this library reports average precision.

    Examples
    --------
    >>> y = [[1, 0], [0, 1], [1, 0]]
    >>> s = [[0.9, 0.2], [0.1, 0.4], [0.3, 0.5]]
    >>> mean_average_precision_score(y, s)
    0.75
    >>> round(mean_average_precision_score(y, s, average="micro"), 4)
    0.8056
    """
    if average not in ("macro", "micro"):
        raise ValueError(f"average must be 'macro' or 'micro', got {average!r}.")
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score, dtype=float)
    if y_true.ndim == 1:
        y_true = y_true[:, None]
    if y_score.ndim == 1:
        y_score = y_score[:, None]
    if y_true.shape != y_score.shape:
        raise ValueError(
            f"y_true {y_true.shape} and y_score {y_score.shape} must have the same shape."
        )
    has_pos = (y_true == 1).any(axis=0)
    if average == "micro":
        if not has_pos.any():
            warnings.warn(
                "No positive sample in y_true: the pooled average precision is undefined.",
                UndefinedMetricWarning,
                stacklevel=2,
            )
            return float("nan")
        return float(average_precision_score(y_true.ravel(), y_score.ravel()))
    if not has_pos.all():
        warnings.warn(
            f"{int((~has_pos).sum())} task(s) have no positive sample and are left out of the "
            "mean average precision.",
            UndefinedMetricWarning,
            stacklevel=2,
        )
    if not has_pos.any():
        return float("nan")
    aps = [average_precision_score(y_true[:, t], y_score[:, t]) for t in np.flatnonzero(has_pos)]
    return float(np.mean(aps))


class _ClassificationScorer:
    """Callable ``scorer(estimator, X, y)``: classification AUPR of the classifier step."""

    def __init__(self, average: str = "macro") -> None:
        self.average = average

    def __call__(self, estimator: Any, X: Any, y: ArrayLike | None = None) -> float:
        if y is None:
            raise ValueError("The classification scorer needs the labels y.")
        clf, Xt = estimator, X
        if isinstance(estimator, Pipeline):
            for idx, (_, step) in enumerate(estimator.steps):
                if hasattr(step, "predict_proba"):
                    clf = step
                    Xt = estimator[:idx].transform(X) if idx else X
                    break
            else:
                raise TypeError("No step of the Pipeline has predict_proba; nothing to score.")
        elif not hasattr(estimator, "predict_proba"):
            raise TypeError(
                f"{type(estimator).__name__} has no predict_proba; the classification scorer "
                "needs a probabilistic classifier or a Pipeline containing one."
            )
        proba = clf.predict_proba(Xt)
        if isinstance(proba, list):  # sklearn multi-output classifiers: one (n, 2) per task
            proba = np.column_stack([p[:, -1] for p in proba])
        proba = np.asarray(proba)
        y = np.asarray(y)
        if y.ndim == 1 and proba.ndim == 2 and proba.shape[1] == 2:
            proba = proba[:, 1]  # binary classifier: probability of the positive class
        return mean_average_precision_score(y, proba, average=self.average)

    def __repr__(self) -> str:
        if self.average == "macro":
            return "make_classification_scorer()"
        return f"make_classification_scorer(average={self.average!r})"


def make_classification_scorer(*, average: str = "macro") -> Callable[..., float]:
    """Make a scorer of the classifier's AUPR, usable next to interaction scorers.

    ``scorer(estimator, X, y)`` finds the classifier: the first step of a Pipeline that has
    ``predict_proba`` (the steps before it transform ``X`` first), or the estimator itself. The
    value is :func:`mean_average_precision_score` of ``y`` and the predicted probabilities, so a
    ``GridSearchCV`` over a ``make_pipeline(ConvAttentionClassifier(...), GLIFACInteractions(...))``
    reports classification and interpretability side by side.

    Parameters
    ----------
    average : {"macro", "micro"}, default="macro"
        Mean of the per-task AUPRs, or the AUPR of all tasks pooled (the GLIFAC authors'
        number); see :func:`mean_average_precision_score`.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y) -> float``, greater is better.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0, 0, 1, 1])
    >>> make_classification_scorer()(LogisticRegression().fit(X, y), X, y)
    1.0
    """
    if average not in ("macro", "micro"):
        raise ValueError(f"average must be 'macro' or 'micro', got {average!r}.")
    return _ClassificationScorer(average)
