"""Scores of recovered motif interactions against a ground-truth grammar.

Every metric here compares a filter-by-filter matrix (interaction scores, or booleans of reported
interactions) with the ground-truth motif pairs, through the filters' motif labels. All of them go
through one private helper, :func:`_filter_pairs` (over the public
:func:`~sklearn_glifac.metrics.filter_pair_scores`), which applies the pair rules of the GLIFAC
paper (see ``METHODS.md`` section 5):

* every unordered filter pair ``(i, j)`` with ``i < j`` is one candidate (the diagonal, a filter
  with itself, is never a pair);
* its score is the entry of larger magnitude of ``W[i, j]`` and ``W[j, i]`` (ties go to the larger
  value, as in the original ``absmaxND``); for booleans this is ``W[i, j] or W[j, i]``
  (:func:`~sklearn_glifac.metrics.symmetrize_interactions`, the library's one pair rule);
* pairs whose two filters carry the same non-empty label are excluded (a motif with itself, or a
  motif learned by two filters, says nothing about an interaction);
* a pair is positive iff its two labels form a ground-truth pair; pairs with an unlabelled filter
  (label ``""``) or with a label outside the ground truth (a "random hit") are negatives.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import average_precision_score, roc_auc_score

from ..utils import check_int
from ._pairs import filter_pair_scores

__all__ = [
    "ground_truth_pairs",
    "interaction_pair_table",
    "interaction_roc_auc_score",
    "interaction_average_precision_score",
    "interaction_snr_score",
    "interaction_tpr_score",
    "interaction_ppv_score",
    "tf_pair_precision_recall_f1",
    "tf_pair_precision_recall_curve",
]


#: A ground truth: a motif x motif DataFrame (nonzero = interacting) or (a, b) name pairs.
_TrueInteractions: TypeAlias = pd.DataFrame | Iterable[tuple[str, str]]


@dataclass(frozen=True)
class _FilterPairs:
    """The scored filter pairs after the pair rules (one entry per kept pair)."""

    i: np.ndarray  # first filter index (i < j)
    j: np.ndarray  # second filter index
    score: np.ndarray  # float scores (0/1 for booleans)
    positive: np.ndarray  # bool: the two labels form a ground-truth pair
    label_a: np.ndarray  # object array of str, label of filter i
    label_b: np.ndarray  # object array of str, label of filter j
    true_pairs: frozenset[frozenset[str]]  # ground-truth motif pairs, each a frozenset of two names

    def label_pair(self, k: int | np.integer) -> frozenset[str] | None:
        """Unordered motif pair of kept pair ``k``, or None when a filter is unlabelled."""
        a, b = self.label_a[k], self.label_b[k]
        return frozenset((a, b)) if a and b else None


def ground_truth_pairs(true_interactions: _TrueInteractions) -> frozenset[frozenset[str]]:
    """The ground-truth motif pairs every interaction metric counts as positives.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        A square labelled matrix (motif x motif, nonzero = interacting; the sign, AND or XOR, is
        ignored) or ``(a, b)`` name pairs. Self pairs (the diagonal) can never be scored,
        because same-label filter pairs are excluded, and are ignored.

    Returns
    -------
    pairs : frozenset of frozenset
        Each pair ``{a, b}`` with ``a != b``.

    Raises
    ------
    ValueError, TypeError
        For a malformed ground truth or one without any interacting pair.

    Examples
    --------
    >>> sorted(sorted(p) for p in ground_truth_pairs([("A", "B"), ("B", "A"), ("C", "C"),
    ...                                                ("B", "C")]))
    [['A', 'B'], ['B', 'C']]
    """
    if isinstance(true_interactions, pd.DataFrame):
        df = true_interactions
        if df.shape[0] != df.shape[1] or list(map(str, df.index)) != list(map(str, df.columns)):
            raise ValueError(
                "true_interactions must be a square DataFrame with the same motif names as index "
                f"and columns, got shape {df.shape} with index {list(df.index)[:5]}... and "
                f"columns {list(df.columns)[:5]}..."
            )
        values = df.to_numpy()
        if not (np.issubdtype(values.dtype, np.number) or values.dtype == bool):
            raise TypeError(
                f"true_interactions must hold numbers (nonzero = interacting), got dtype "
                f"{values.dtype}."
            )
        values = values.astype(float)
        if np.isnan(values).any():
            raise ValueError("true_interactions contains NaN; use 0 for non-interacting pairs.")
        names = [str(n) for n in df.index]
        rows, cols = np.nonzero(values)
        pairs = {frozenset((names[r], names[c])) for r, c in zip(rows, cols) if r != c}
    elif isinstance(true_interactions, Iterable) and not isinstance(true_interactions, str):
        pairs = set()
        for item in true_interactions:
            if isinstance(item, str) or not isinstance(item, Iterable):
                raise TypeError(
                    "true_interactions must be a DataFrame or an iterable of (a, b) motif-name "
                    f"pairs; found the element {item!r}."
                )
            item = tuple(item)
            if len(item) != 2 or not all(isinstance(n, str) and n for n in item):
                raise ValueError(
                    "true_interactions pairs must be (a, b) with two non-empty motif names, "
                    f"got {item!r}."
                )
            if item[0] != item[1]:
                pairs.add(frozenset(item))
    else:
        raise TypeError(
            "true_interactions must be a DataFrame (motif x motif) or an iterable of (a, b) "
            f"motif-name pairs, got {type(true_interactions).__name__}."
        )
    if not pairs:
        raise ValueError(
            "true_interactions contains no interacting pair of two different motifs; every "
            "score would be undefined."
        )
    return frozenset(pairs)


_true_pairs = ground_truth_pairs  # the name the metrics use internally


def _filter_pairs(
    true_interactions: _TrueInteractions,
    W: ArrayLike,
    filter_labels: Sequence[str],
    *,
    absolute: bool = False,
    boolean: bool = False,
    name: str = "W",
) -> _FilterPairs:
    """Apply the pair rules: (F, F) matrix + labels -> scored, labelled filter pairs.

    The one place that maps filter matrices onto motif pairs; every metric calls it.
    """
    true_pairs = _true_pairs(true_interactions)
    pairs = filter_pair_scores(W, filter_labels, boolean=boolean, name=name)
    i, j, score, labels = pairs.i, pairs.j, pairs.score, pairs.labels
    if absolute and not boolean:
        score = np.abs(score)
    la, lb = labels[i], labels[j]
    keep = ~((la == lb) & (la != ""))
    i, j, score, la, lb = i[keep], j[keep], score[keep], la[keep], lb[keep]
    if len(i) == 0:
        raise ValueError(
            f"No filter pair to score: {len(labels)} filter(s), and pairs of filters with the same "
            "label are excluded. Need at least two filters with different (or no) labels."
        )
    # Vectorised membership: index the labels into a boolean motif-by-motif truth matrix.
    names = sorted({n for p in true_pairs for n in p})
    code = {n: k for k, n in enumerate(names)}
    truth = np.zeros((len(names), len(names)), dtype=bool)
    for p in true_pairs:
        a, b = (code[n] for n in p)
        truth[a, b] = truth[b, a] = True
    ca = np.array([code.get(x, -1) for x in la], dtype=int)
    cb = np.array([code.get(x, -1) for x in lb], dtype=int)
    positive = (ca >= 0) & (cb >= 0) & truth[np.maximum(ca, 0), np.maximum(cb, 0)]
    return _FilterPairs(i, j, score, positive, la, lb, true_pairs)


def interaction_pair_table(
    true_interactions: _TrueInteractions,
    W: ArrayLike,
    filter_labels: Sequence[str],
    *,
    absolute: bool = False,
) -> pd.DataFrame:
    """The filter pairs every interaction metric scores, as a table.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth: a labelled motif-by-motif matrix (nonzero = interacting; the sign is
        ignored), as in ``make_motif_interactions(...).true_interactions``, or motif-name pairs.
        Self pairs (the diagonal) are ignored.
    W : array-like of shape (n_filters, n_filters)
        Filter-by-filter interaction scores (or booleans of reported interactions).
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when the filter matched no motif.
    absolute : bool, default=False
        Score a pair by the magnitude of its entry instead of its signed value. GLIFAC
        correlations are signed: interacting filters co-activate at attended pairs (positive
        correlation, for AND and XOR pairs alike), while motifs competing for the same sites
        anti-correlate, so magnitudes rank such non-interacting pairs high.

    Returns
    -------
    table : DataFrame
        One row per kept filter pair ``i < j`` with columns ``filter_a``, ``filter_b``,
        ``label_a``, ``label_b``, ``score`` and ``positive``. Pairs whose filters share a
        non-empty label are left out.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0, .9, .1], [.2, 0, .3], [.1, .3, 0]])
    >>> interaction_pair_table([("A", "B")], W, ["A", "B", ""])
       filter_a  filter_b label_a label_b  score  positive
    0         0         1       A       B    0.9      True
    1         0         2       A            0.1     False
    2         1         2       B            0.3     False
    """
    p = _filter_pairs(true_interactions, W, filter_labels, absolute=absolute)
    return pd.DataFrame(
        {
            "filter_a": p.i,
            "filter_b": p.j,
            "label_a": p.label_a.astype(str),
            "label_b": p.label_b.astype(str),
            "score": p.score,
            "positive": p.positive,
        }
    )


def interaction_roc_auc_score(
    true_interactions: _TrueInteractions,
    W: ArrayLike,
    filter_labels: Sequence[str],
    *,
    absolute: bool = False,
) -> float:
    """Area under the ROC curve of filter-pair scores against ground-truth motif pairs.

    Filter pairs are built by the pair rules of this module (see :func:`interaction_pair_table`):
    each unordered pair is scored by the entry of larger magnitude of ``W[i, j]`` and
    ``W[j, i]``, same-label pairs are excluded, and a pair is positive iff its two labels form a
    ground-truth pair (unlabelled filters give negatives). The AUROC is that of
    :func:`sklearn.metrics.roc_auc_score` on these pairs.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting), e.g. ``make_motif_interactions().true_interactions``.
    W : array-like of shape (n_filters, n_filters)
        Filter-interaction scores (e.g. ``GLIFACInteractions().transform(readout)``). NaN or
        infinite values raise ``ValueError``.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled (``filter_motifs_``).
    absolute : bool, default=False
        Score pairs by magnitude instead of signed value (see :func:`interaction_pair_table`:
        signed scores are the default because interacting filters co-activate, positively
        correlated, while competing motifs anti-correlate).

    Returns
    -------
    score : float
        AUROC in [0, 1]; ``nan`` with an :class:`~sklearn.exceptions.UndefinedMetricWarning`
        when no pair is positive or none is negative (as :func:`sklearn.metrics.roc_auc_score`).

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0, .9, .1], [.2, 0, .3], [.1, .3, 0]])
    >>> float(interaction_roc_auc_score([("A", "B")], W, ["A", "B", ""]))
    1.0
    """
    p = _filter_pairs(true_interactions, W, filter_labels, absolute=absolute)
    return float(roc_auc_score(p.positive, p.score))


def interaction_average_precision_score(
    true_interactions: _TrueInteractions,
    W: ArrayLike,
    filter_labels: Sequence[str],
    *,
    absolute: bool = False,
) -> float:
    """Average precision (AUPR) of filter-pair scores against ground-truth motif pairs.

    Same pairs as :func:`interaction_roc_auc_score`; the value is
    :func:`sklearn.metrics.average_precision_score` on them (the step-wise average precision, not
    the trapezoidal area the original GLIFAC code computed).

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    W : array-like of shape (n_filters, n_filters)
        Filter-interaction scores.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled.
    absolute : bool, default=False
        Score pairs by magnitude.

    Returns
    -------
    score : float
        Average precision in [0, 1]. With no positive pair it is 0.0 with an
        :class:`~sklearn.exceptions.UndefinedMetricWarning`, as in scikit-learn.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0, .1, .9], [.2, 0, .3], [.1, .3, 0]])
    >>> float(interaction_average_precision_score([("A", "B")], W, ["A", "B", ""]))
    0.3333333333333333
    """
    p = _filter_pairs(true_interactions, W, filter_labels, absolute=absolute)
    if not p.positive.any():
        # sklearn's own warning for this case is a plain UserWarning; make it catchable as the
        # other undefined-metric cases.
        warnings.warn(
            "No filter pair maps to a ground-truth motif pair; average precision is 0.0.",
            UndefinedMetricWarning,
            stacklevel=2,
        )
        return 0.0
    return float(average_precision_score(p.positive, p.score))


def interaction_snr_score(
    true_interactions: _TrueInteractions,
    W: ArrayLike,
    filter_labels: Sequence[str],
    *,
    absolute: bool = True,
    denominator: str = "mean",
    n_top: int = 100,
) -> float:
    """Signal-to-noise ratio: mean positive-pair score over a summary of negative-pair scores.

    Same pairs as :func:`interaction_roc_auc_score`.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    W : array-like of shape (n_filters, n_filters)
        Filter-interaction scores.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled.
    absolute : bool, default=True
        Score pairs by magnitude (unlike the ranking metrics, whose default is signed): a ratio
        of means is meaningless when the negatives average below zero, as signed GLIFAC
        correlations can. With ``absolute=False`` and negative scores it is returned as
        computed.
    denominator : {"mean", "top100"}, default="mean"
        ``"mean"``: mean score of all negative pairs (the paper's definition). ``"top100"``: the
        original GLIFAC code's noise estimate, the mean of the ``n_top`` highest-scoring negative
        pairs, keeping only those with a score above 0 (the original also added machine epsilon
        to the denominator; we do not).
    n_top : int, default=100
        Number of top negatives for ``denominator="top100"``.

    Returns
    -------
    score : float
        The ratio. ``nan`` with an :class:`~sklearn.exceptions.UndefinedMetricWarning` when there
        is no positive or no negative pair (or, for ``"top100"``, no negative above 0); ``inf``
        with the same warning when the denominator is 0 and the signal positive.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0, .9, .1], [.2, 0, .3], [.1, .3, 0]])
    >>> float(interaction_snr_score([("A", "B")], W, ["A", "B", ""]))  # 0.9 / mean(.1, .3)
    4.5
    """
    if denominator not in ("mean", "top100"):
        raise ValueError(f"denominator must be 'mean' or 'top100', got {denominator!r}.")
    check_int(n_top, name="n_top")
    p = _filter_pairs(true_interactions, W, filter_labels, absolute=absolute)
    pos, neg = p.score[p.positive], p.score[~p.positive]
    if denominator == "top100":
        neg = np.sort(neg)[::-1][:n_top]
        neg = neg[neg > 0]
    if len(pos) == 0 or len(neg) == 0:
        what = "positive" if len(pos) == 0 else "negative"
        warnings.warn(
            f"No {what} filter pair for the SNR (denominator={denominator!r}); returning nan.",
            UndefinedMetricWarning,
            stacklevel=2,
        )
        return float("nan")
    signal, noise = float(pos.mean()), float(neg.mean())
    if noise == 0:
        warnings.warn(
            "Every negative filter pair scores 0; the SNR is infinite (or nan for a zero signal).",
            UndefinedMetricWarning,
            stacklevel=2,
        )
        return float("nan") if signal == 0 else float(np.sign(signal) * np.inf)
    return signal / noise


def _check_zero_division(zero_division: str | float) -> None:
    if isinstance(zero_division, str) and zero_division == "warn":
        return
    if isinstance(zero_division, numbers.Real) and not isinstance(zero_division, bool):
        if np.isnan(zero_division) or zero_division in (0, 1):
            return
    raise ValueError(f"zero_division must be 'warn', 0.0, 1.0 or np.nan, got {zero_division!r}.")


def _safe_ratio(num: float, den: float, zero_division: str | float, what: str) -> float:
    if den > 0:
        return num / den
    if isinstance(zero_division, str):  # "warn"
        warnings.warn(
            f"{what} is ill-defined and set to 0.0 (no reported interaction). Use zero_division "
            "to control this.",
            UndefinedMetricWarning,
            stacklevel=3,
        )
        return 0.0
    return float(zero_division)


def interaction_tpr_score(
    true_interactions: _TrueInteractions, reported: ArrayLike, filter_labels: Sequence[str]
) -> float:
    """True-positive rate: fraction of ground-truth motif pairs recovered.

    A ground-truth pair is recovered when at least one reported filter pair (kept by the pair
    rules of :func:`interaction_pair_table`) has those two motif labels. The denominator is the
    number of ground-truth pairs, including those whose motifs no filter learned.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    reported : array-like of bool, shape (n_filters, n_filters)
        Reported interactions (e.g. ``transformer.reported_interactions(W)``); a filter pair is
        reported if either ``reported[i, j]`` or ``reported[j, i]`` is true.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled.

    Returns
    -------
    score : float
        TPR in [0, 1] (the recall of :func:`tf_pair_precision_recall_f1`).

    Examples
    --------
    >>> import numpy as np
    >>> R = np.array([[0, 1, 1], [0, 0, 0], [0, 0, 0]], dtype=bool)
    >>> interaction_tpr_score([("A", "B"), ("B", "C")], R, ["A", "B", ""])
    0.5
    """
    # Recall does not depend on zero_division; 0.0 only silences the precision warning.
    return tf_pair_precision_recall_f1(
        true_interactions, reported, filter_labels, zero_division=0.0
    )[1]


def interaction_ppv_score(
    true_interactions: _TrueInteractions,
    reported: ArrayLike,
    filter_labels: Sequence[str],
    *,
    zero_division: str | float = "warn",
) -> float:
    """Positive predictive value: fraction of reported filter pairs that map to a true pair.

    Counts filter pairs (not unique motif pairs; see :func:`tf_pair_precision_recall_f1` for
    those), after the pair rules of :func:`interaction_pair_table`: reported pairs with an
    unlabelled filter count as false positives, same-label pairs are left out.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    reported : array-like of bool, shape (n_filters, n_filters)
        Reported interactions; a filter pair is reported if either orientation is true.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Value when nothing is reported; "warn" gives 0.0 with an
        :class:`~sklearn.exceptions.UndefinedMetricWarning`, as
        :func:`sklearn.metrics.precision_score` does.

    Returns
    -------
    score : float
        PPV in [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> R = np.array([[0, 1, 1], [0, 0, 0], [0, 0, 0]], dtype=bool)
    >>> interaction_ppv_score([("A", "B")], R, ["A", "B", ""])
    0.5
    """
    _check_zero_division(zero_division)
    p = _filter_pairs(true_interactions, reported, filter_labels, boolean=True, name="reported")
    rep = p.score > 0
    return _safe_ratio(int((rep & p.positive).sum()), int(rep.sum()), zero_division, "PPV")


def tf_pair_precision_recall_f1(
    true_interactions: _TrueInteractions,
    reported: ArrayLike,
    filter_labels: Sequence[str],
    *,
    zero_division: str | float = "warn",
) -> tuple[float, float, float]:
    """Precision, recall and F1 of unique motif (TF) pairs, as in SATORI-v2.

    The reported filter pairs (kept by the pair rules of :func:`interaction_pair_table`) whose two
    filters are labelled are mapped to unordered motif pairs; duplicates collapse. Then precision
    = |reported motif pairs in the ground truth| / |reported motif pairs|, recall = the same
    numerator / |ground-truth pairs|, F1 their harmonic mean (0 when both are 0). Reported pairs
    with an unlabelled filter have no motif pair and are not counted; "random hits" (labels that
    are not in the ground truth) count as false positives.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    reported : array-like of bool, shape (n_filters, n_filters)
        Reported interactions; a filter pair is reported if either orientation is true.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        Precision when no motif pair is reported; "warn" gives 0.0 with an
        :class:`~sklearn.exceptions.UndefinedMetricWarning`.

    Returns
    -------
    precision, recall, f1 : float

    Examples
    --------
    >>> import numpy as np
    >>> R = np.array([[0, 1, 1], [0, 0, 1], [0, 0, 0]], dtype=bool)
    >>> tf_pair_precision_recall_f1([("A", "B"), ("A", "D")], R, ["A", "B", "C"])
    (0.3333333333333333, 0.5, 0.4)
    """
    _check_zero_division(zero_division)
    p = _filter_pairs(true_interactions, reported, filter_labels, boolean=True, name="reported")
    found = {p.label_pair(k) for k in np.flatnonzero(p.score > 0)} - {None}
    n_hit = len(found & p.true_pairs)
    precision = _safe_ratio(n_hit, len(found), zero_division, "Precision")
    recall = n_hit / len(p.true_pairs)
    if np.isnan(precision):
        f1 = float("nan")
    elif precision + recall == 0:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return float(precision), float(recall), float(f1)


def tf_pair_precision_recall_curve(
    true_interactions: _TrueInteractions,
    pvalues: ArrayLike,
    filter_labels: Sequence[str],
    *,
    cutoffs: ArrayLike | None = None,
) -> pd.DataFrame:
    """Sweep a cutoff on filter-pair (adjusted) p-values: TF-pair precision, recall and F1.

    A filter pair is reported at cutoff ``c`` when ``pvalues[i, j] <= c`` or
    ``pvalues[j, i] <= c``; each cutoff is scored with :func:`tf_pair_precision_recall_f1`
    (precision is ``nan`` where nothing with two labels is reported, without a warning).

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    pvalues : array-like of shape (n_filters, n_filters)
        Adjusted p-values (e.g. SATORI's Benjamini-Hochberg q-values); NaN means "not tested"
        and is never reported.
    filter_labels : sequence of str of length n_filters
        Motif label of each filter, ``""`` when unlabelled.
    cutoffs : array-like of float, default=None
        Cutoffs to evaluate; by default every distinct finite p-value (where the reported set
        changes), in increasing order.

    Returns
    -------
    curve : DataFrame
        Columns ``cutoff``, ``n_reported`` (reported filter pairs, both orientations merged, before
        the pair rules), ``precision``, ``recall``, ``f1``; one row per cutoff.

    Examples
    --------
    >>> import numpy as np
    >>> P = np.array([[1, .01, .2], [1, 1, .04], [1, 1, 1]])
    >>> tf_pair_precision_recall_curve([("A", "B")], P, ["A", "B", "C"], cutoffs=[.01, .05])
       cutoff  n_reported  precision  recall        f1
    0    0.01           1        1.0     1.0  1.000000
    1    0.05           2        0.5     1.0  0.666667
    """
    pvalues = np.asarray(pvalues, dtype=float)
    if pvalues.ndim != 2 or pvalues.shape[0] != pvalues.shape[1]:
        raise ValueError(
            f"pvalues must be a square (n_filters, n_filters) array, got {pvalues.shape}."
        )
    if cutoffs is None:
        cutoffs = np.unique(pvalues[np.isfinite(pvalues)])
    cutoffs = np.atleast_1d(np.asarray(cutoffs, dtype=float))
    if cutoffs.ndim != 1 or not np.isfinite(cutoffs).all():
        raise ValueError("cutoffs must be a 1-D array of finite numbers.")
    rows = []
    upper = np.triu(np.ones_like(pvalues, dtype=bool), k=1)
    for c in cutoffs:
        reported = np.nan_to_num(pvalues, nan=np.inf) <= c
        n_reported = int(((reported | reported.T) & upper).sum())
        prec, rec, f1 = tf_pair_precision_recall_f1(
            true_interactions, reported, filter_labels, zero_division=np.nan
        )
        rows.append((float(c), n_reported, prec, rec, f1))
    return pd.DataFrame(rows, columns=["cutoff", "n_reported", "precision", "recall", "f1"])
