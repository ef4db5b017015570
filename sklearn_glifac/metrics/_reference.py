"""TF pairs against a reference set of known cooperating pairs: precision at k and a
hypergeometric enrichment (the SATORI-v2 evaluation), as functions and as scorers.

Pairs are unordered and compared upper-cased (``("Sox2", "POU5F1")`` is ``("POU5F1", "SOX2")``),
at TF or at family level alike: the functions only see names.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from scipy.stats import hypergeom
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.pipeline import Pipeline
from sklearn.utils import Bunch

__all__ = ["make_reference_scorer", "reference_enrichment", "reference_precision_at_k"]


#: TF pairs: a DataFrame with columns ``tf_a`` and ``tf_b``, or (a, b) name pairs.
_Pairs: TypeAlias = pd.DataFrame | Iterable[tuple[str, str]]


def _pair_list(pairs: _Pairs, argname: str) -> list[frozenset[str]]:
    """Ordered list of unordered pairs (frozensets of upper-cased names), duplicates kept."""
    if isinstance(pairs, pd.DataFrame):
        if not {"tf_a", "tf_b"} <= set(pairs.columns):
            raise ValueError(
                f"{argname}: a DataFrame needs the columns 'tf_a' and 'tf_b', got "
                f"{list(pairs.columns)}."
            )
        pairs = list(zip(pairs["tf_a"], pairs["tf_b"]))
    if isinstance(pairs, str) or not hasattr(pairs, "__iter__"):
        raise TypeError(
            f"{argname} must be an iterable of (tf_a, tf_b) pairs or a DataFrame with columns "
            f"'tf_a' and 'tf_b', got {pairs!r}."
        )
    out = []
    for pair in pairs:
        if isinstance(pair, str) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise ValueError(f"{argname}: every pair must be two names, got {pair!r}.")
        a, b = pair
        if not isinstance(a, str) or not isinstance(b, str) or not a or not b:
            raise TypeError(f"{argname}: pair names must be non-empty strings, got {pair!r}.")
        if a.upper() == b.upper():
            raise ValueError(f"{argname}: {pair!r} pairs a name with itself.")
        out.append(frozenset((a.upper(), b.upper())))
    return out


def _show(pairs: Iterable[frozenset[str]]) -> list[str]:
    return sorted("-".join(sorted(p)) for p in pairs)


def reference_precision_at_k(ranked_pairs: _Pairs, reference: _Pairs, *, k: int = 10) -> float:
    """Fraction of the top ``k`` ranked pairs that are in the reference set.

    Parameters
    ----------
    ranked_pairs : DataFrame with columns ``tf_a``, ``tf_b``, or sequence of (str, str)
        Pairs, best first (e.g. the rows of :func:`sklearn_glifac.inspection.tf_pair_table`).
        A pair listed twice (two methods) counts once, at its first rank.
    reference : DataFrame with columns ``tf_a``, ``tf_b``, or iterable of (str, str)
        Known pairs (e.g. :func:`sklearn_glifac.motifs.load_reference_pairs`).
    k : int >= 1, default=10
        Number of top pairs. With fewer than ``k`` pairs, all of them are used.

    Returns
    -------
    precision : float
        ``|top k ∩ reference| / min(k, n_pairs)``; ``nan`` (with an
        :class:`~sklearn.exceptions.UndefinedMetricWarning`) when there is no pair.

    Examples
    --------
    >>> reference_precision_at_k([("SOX2", "POU5F1"), ("MAF", "CTCF"), ("MAF", "NFE2")],
    ...                          [("Pou5f1", "Sox2"), ("MAF", "NFE2")], k=2)
    0.5
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k!r}.")
    ranked = list(dict.fromkeys(_pair_list(ranked_pairs, "ranked_pairs")))
    ref = set(_pair_list(reference, "reference"))
    if not ranked:
        message = "ranked_pairs is empty: precision at k is undefined."
        warnings.warn(message, UndefinedMetricWarning, stacklevel=2)
        return float("nan")
    top = ranked[: int(k)]
    return sum(p in ref for p in top) / len(top)


def reference_enrichment(called: _Pairs, tested: _Pairs, reference: _Pairs) -> Bunch:
    """Hypergeometric enrichment of reference pairs among the called pairs.

    Of the ``N`` tested pairs, ``K`` are in the reference; the test asks how likely it is that
    ``n`` pairs drawn at random from the tested ones (the calls) contain at least the ``k``
    reference pairs observed: ``p = P(X >= k)``, ``X ~ Hypergeom(N, K, n)``
    (:class:`scipy.stats.hypergeom`). Reference pairs outside the tested universe do not count:
    a method cannot call a pair it did not test.

    Parameters
    ----------
    called : DataFrame with columns ``tf_a``, ``tf_b``, or iterable of (str, str)
        Called pairs; every one must be among ``tested``.
    tested : DataFrame with columns ``tf_a``, ``tf_b``, or iterable of (str, str)
        Every pair that was tested (the universe).
    reference : DataFrame with columns ``tf_a``, ``tf_b``, or iterable of (str, str)
        Known pairs.

    Returns
    -------
    result : Bunch
        ``pvalue`` (1.0 when nothing is called), ``n_tested`` (N), ``n_reference`` (K, reference
        pairs among the tested), ``n_called`` (n), ``n_called_reference`` (k), ``expected``
        (``n K / N``) and ``fold_enrichment`` (``k / expected``, ``nan`` when expected is 0).

    Examples
    --------
    >>> tested = [("A", "B"), ("A", "C"), ("B", "C"), ("C", "D")]
    >>> r = reference_enrichment([("A", "B")], tested, [("A", "B"), ("X", "Y")])
    >>> r.pvalue, r.n_reference, r.expected
    (0.25, 1, 0.25)
    """
    tested_set = set(_pair_list(tested, "tested"))
    called_set = set(_pair_list(called, "called"))
    ref = set(_pair_list(reference, "reference"))
    outside = called_set - tested_set
    if outside:
        raise ValueError(
            f"called: {len(outside)} called pair(s) are not among the tested pairs: "
            f"{_show(outside)[:10]}."
        )
    N, K = len(tested_set), len(tested_set & ref)
    n, k = len(called_set), len(called_set & ref)
    pvalue = float(hypergeom.sf(k - 1, N, K, n)) if n else 1.0
    expected = n * K / N if N else 0.0
    return Bunch(
        pvalue=min(pvalue, 1.0),
        n_tested=N,
        n_reference=K,
        n_called=n,
        n_called_reference=k,
        expected=expected,
        fold_enrichment=k / expected if expected else float("nan"),
    )


class _ReferenceScorer:
    """Callable ``scorer(estimator, X=None, y=None)`` over a fitted interaction transformer."""

    def __init__(self, metric: str, reference: _Pairs | None, kwargs: dict[str, Any]) -> None:
        self.metric = metric
        self.reference = reference
        self.kwargs = kwargs

    def __call__(self, estimator: Any, X: Any = None, y: Any = None) -> float:
        from ..inspection import tf_pair_table  # inspection builds on metrics: imported late

        transformer = estimator[-1] if isinstance(estimator, Pipeline) else estimator
        kw = dict(self.kwargs)
        k = kw.pop("k", 10)
        table = tf_pair_table(transformer, reference=self.reference, **kw)
        candidates = table[~table["same_family"] & (table["n_filter_pairs"] > 0)]
        if self.metric == "precision_at_k":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UndefinedMetricWarning)
                value = reference_precision_at_k(candidates, self.reference, k=k)
            return 0.0 if math.isnan(value) else value
        tested = candidates[candidates["pvalue"].notna()]
        result = reference_enrichment(tested[tested["called"]], tested, self.reference)
        return float(-np.log10(max(result.pvalue, 1e-300))) + 0.0  # no -0.0

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in self.kwargs.items())
        return f"make_reference_scorer({self.metric!r}, reference=<pairs>{extra})"


def make_reference_scorer(
    metric: str = "precision_at_k",
    *,
    reference: str | os.PathLike[str] | pd.DataFrame = "jaspar",
    level: str = "tf",
    k: int = 10,
    alpha: float = 0.05,
) -> Callable[..., float]:
    """Make a scorer of a fitted interaction transformer's TF pairs against a reference set.

    The scorer builds :func:`sklearn_glifac.inspection.tf_pair_table` from the transformer's
    fitted state (``filter_interactions_``, ``filter_annotation_`` and, when fitted with a
    test, ``pvalues_`` / ``qvalues_``); ``X`` and ``y`` are accepted for scikit-learn's protocol
    and not used, so in a ``GridSearchCV`` it scores what each candidate found on its training
    fold. Same-family pairs and composite-only rows are left out.

    Parameters
    ----------
    metric : {"precision_at_k", "enrichment"}, default="precision_at_k"
        ``"precision_at_k"``: :func:`reference_precision_at_k` of the ranked table (0.0 when
        the table is empty); ``"enrichment"``: ``-log10`` of the
        :func:`reference_enrichment` p-value of the called pairs among the tested ones (0.0
        when nothing is called or nothing was tested).
    reference : "jaspar", path-like or DataFrame, default="jaspar"
        Reference pairs (:func:`sklearn_glifac.motifs.load_reference_pairs` at ``level``).
    level : {"tf", "family"}, default="tf"
        TF or TF-family pairs.
    k : int >= 1, default=10
        For ``"precision_at_k"``.
    alpha : float in (0, 1), default=0.05
        q-value cutoff of a call, for ``"enrichment"``.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X=None, y=None) -> float``, greater is better.

    Examples
    --------
    >>> make_reference_scorer("enrichment", level="family")
    make_reference_scorer('enrichment', reference=<pairs>, level='family', alpha=0.05)
    """
    from ..motifs import load_reference_pairs

    if metric not in ("precision_at_k", "enrichment"):
        raise ValueError(f"metric must be 'precision_at_k' or 'enrichment', got {metric!r}.")
    if level not in ("tf", "family"):
        raise ValueError(f"level must be 'tf' or 'family', got {level!r}.")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k!r}.")
    if not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a float in (0, 1), got {alpha!r}.")
    if not isinstance(reference, pd.DataFrame):
        reference = load_reference_pairs(reference, level=level)
    _pair_list(reference, "reference")
    kwargs: dict[str, Any] = {"level": level}
    kwargs.update({"k": int(k)} if metric == "precision_at_k" else {"alpha": float(alpha)})
    return _ReferenceScorer(metric, reference, kwargs)
