"""Bunch-returning inspection functions over read-outs of fitted networks."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.utils import Bunch

from .. import metrics
from ..interactions import GLIFACInteractions, LocalAttentionInteractions, combine_heads
from ..models import BaseReadout
from ..utils import check_int, progress

__all__ = ["attention_distribution", "threshold_sensitivity"]


def _scores(
    true_interactions: Any, estimator: Any, labels: Sequence[str], prefix: str
) -> dict[str, float]:
    scores = metrics.interaction_scores(
        true_interactions,
        estimator.filter_interactions_,
        labels,
        reported=estimator.interactions_,
    )
    return {f"{prefix}_{name}": value for name, value in scores.items()}


def threshold_sensitivity(
    readout: BaseReadout,
    true_interactions: pd.DataFrame | Sequence[tuple[str, str]],
    filter_labels: Sequence[str],
    *,
    thresholds: ArrayLike = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    head_reduction: str = "max",
    random_state: int | np.random.RandomState | None = None,
    verbose: bool = False,
) -> Bunch:
    """Interaction recovery of local attention and GLIFAC as a function of the threshold.

    For every attention threshold, :class:`~sklearn_glifac.interactions.LocalAttentionInteractions`
    and :class:`~sklearn_glifac.interactions.GLIFACInteractions` are fitted on ``readout`` and
    scored (AUROC, AUPR, SNR, TPR, PPV) against the ground truth, as in the paper's Figs. 3 and 5.
    Undefined scores (no labelled filter pair, nothing reported) are NaN. For many thresholds,
    pass an in-memory read-out (:meth:`~sklearn_glifac.models.ArrayReadout.from_readout`) so the
    network runs once.

    Parameters
    ----------
    readout : BaseReadout
        Read-out of a fitted network (e.g. on the test sequences).
    true_interactions : DataFrame of shape (n_motifs, n_motifs) or iterable of (str, str)
        Ground truth (nonzero = interacting).
    filter_labels : sequence of str of length n_filters
        Motif label per filter (e.g. ``annotate_filters(readout, motifs).labels``).
    thresholds : sequence of float, default=(0.1, ..., 0.9)
        Attention thresholds in [0, 1].
    head_reduction : {"max", "mean"}, default="max"
        How the heads are combined.
    random_state : int, RandomState instance or None, default=None
        Seeds GLIFAC's random position pairs (the same seed at every threshold).
    verbose : bool, default=False
        Progress over thresholds.

    Returns
    -------
    result : Bunch
        ``table``: DataFrame, one row per threshold with ``threshold``, ``local_<metric>`` and
        ``glifac_<metric>`` for auroc, aupr, snr, tpr, ppv, and ``n_attended_pairs``;
        ``thresholds``: ndarray of the thresholds.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> rng = np.random.default_rng(0)
    >>> features = rng.random((50, 6, 3)); features[:, 4, 1] = features[:, 1, 0]
    >>> attention = np.full((50, 1, 6, 6), 0.01); attention[:, :, 1, 4] = 0.9
    >>> result = threshold_sensitivity(ArrayReadout(features, attention), [("A", "B")],
    ...                                ["A", "B", ""], thresholds=[0.1, 0.5], random_state=0)
    >>> result.table[["threshold", "glifac_auroc", "n_attended_pairs"]]
       threshold  glifac_auroc  n_attended_pairs
    0        0.1           1.0                50
    1        0.5           1.0                50
    """
    thresholds = np.atleast_1d(np.asarray(thresholds, dtype=float))
    if thresholds.ndim != 1 or not len(thresholds):
        raise ValueError("thresholds must be a non-empty 1-D sequence of numbers in [0, 1].")
    labels = list(filter_labels)
    rows = []
    for t in progress(thresholds, desc="threshold sweep", unit="threshold", verbose=verbose):
        entry = {"threshold": float(t)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            local = LocalAttentionInteractions(threshold=float(t), head_reduction=head_reduction)
            entry.update(_scores(true_interactions, local.fit(readout), labels, "local"))
            glifac = GLIFACInteractions(
                threshold=float(t), head_reduction=head_reduction, random_state=random_state
            ).fit(readout)
            entry.update(_scores(true_interactions, glifac, labels, "glifac"))
            entry["n_attended_pairs"] = int(glifac.n_attended_pairs_)
        rows.append(entry)
    return Bunch(table=pd.DataFrame(rows), thresholds=thresholds)


def attention_distribution(
    readout: BaseReadout,
    null_readout: BaseReadout | None = None,
    *,
    max_sequences: int = 1000,
    head_reduction: str = "max",
    alpha: float | None = None,
) -> Bunch:
    """Head-combined attention values of a read-out (and of a null read-out), as in Fig. 1.

    Parameters
    ----------
    readout : BaseReadout
        Read-out of a fitted network, e.g. on the test sequences.
    null_readout : BaseReadout, default=None
        Read-out of null sequences (e.g. dinucleotide-shuffled) of the same network.
    max_sequences : int, default=1000
        Values of (at most) the first this many sequences of each read-out.
    head_reduction : {"max", "mean"}, default="max"
        How the heads are combined.
    alpha : float in (0, 1), default=None
        When given with ``null_readout``, ``null_cutoff`` is the ``1 - alpha`` quantile of the
        null values (the empirical-null threshold, computed from the values kept here).

    Returns
    -------
    result : Bunch
        ``attention`` (1-D float32 array of head-combined values), ``null_attention`` (array or
        None) and ``null_cutoff`` (float or None).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> r = ArrayReadout(np.zeros((3, 2, 1)), np.full((3, 2, 2, 2), 0.5))
    >>> attention_distribution(r, max_sequences=2).attention.shape  # 2 sequences x 2 x 2
    (8,)
    """
    check_int(max_sequences, name="max_sequences")

    def values(r: BaseReadout) -> np.ndarray:
        out: list[np.ndarray] = []
        seen = 0
        for batch in r.batches(features=False, attention=True):
            take = min(len(batch.indices), max_sequences - seen)
            attention = cast(np.ndarray, batch.attention)  # requested above, so never None
            out.append(combine_heads(attention[:take], head_reduction).ravel())
            seen += take
            if seen >= max_sequences:
                break
        return np.concatenate(out)

    null = None if null_readout is None else values(null_readout)
    cutoff = None
    if alpha is not None and null is not None:
        cutoff = float(np.quantile(null, 1 - alpha))
    return Bunch(attention=values(readout), null_attention=null, null_cutoff=cutoff)
