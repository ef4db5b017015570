"""Every interaction method of the two studies on one fitted network, scored side by side."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.utils import Bunch, check_random_state

from ..utils import check_int, derive_seed

if TYPE_CHECKING:
    from ..models import ConvAttentionClassifier

__all__ = ["INTERACTION_METHODS", "COMPARISON_COLUMNS", "compare_interaction_methods"]

#: Methods of :func:`compare_interaction_methods`, in table order.
INTERACTION_METHODS = (
    "local_attention",
    "local_attention_attribution",
    "satori",
    "glifac",
    "glifac_attribution",
    "fis",
    "dfim",
    "gia",
)
#: Columns of the comparison table.
COMPARISON_COLUMNS = [
    "method", "auroc", "aupr", "snr", "tpr", "ppv", "precision", "recall", "f1",
    "n_sequences", "seconds", "relative_cost",
]  # fmt: skip
# Methods that run on the subsample (integrated gradients or mutations per sequence).
_SLOW = {"local_attention_attribution", "glifac_attribution", "fis", "dfim"}


def _scores(true_interactions, W, reported, labels, *, absolute=False):
    """The comparison's scores (NaN where undefined); GIA's signed effects as ``|W|``."""
    from ..metrics import interaction_scores

    zero = {"zero_division": 0.0}
    return interaction_scores(
        true_interactions,
        np.abs(W) if absolute else W,
        labels,
        reported=reported,
        metrics=("auroc", "aupr", "snr", "tpr", "ppv", "precision", "recall", "f1"),
        ppv=zero,
        precision=zero,
        recall=zero,
        f1=zero,
    )


def _check_methods(methods):
    if isinstance(methods, str):
        methods = [methods]
    methods = list(methods)
    unknown = [m for m in methods if m not in INTERACTION_METHODS]
    if unknown or not methods:
        raise ValueError(
            f"methods must be a non-empty list of {list(INTERACTION_METHODS)}, got "
            f"{unknown or methods}."
        )
    return methods


def compare_interaction_methods(
    clf: ConvAttentionClassifier,
    X: npt.ArrayLike,
    true_interactions: pd.DataFrame,
    motifs: Mapping[str, npt.ArrayLike],
    *,
    methods: Sequence[str] = INTERACTION_METHODS,
    threshold: float = 0.1,
    qvalue_threshold: float = 0.05,
    max_sequences: int | None = None,
    n_steps: int = 20,
    gia_params: Mapping[str, Any] | None = None,
    random_state: int | np.random.RandomState | None = 0,
) -> Bunch:
    """Run every interaction method on one fitted network and score them in one table.

    One read-out of ``X`` and one filter-to-motif annotation (filter PWMs, Tomtom against
    ``motifs``) feed every filter-level method; each method's wall time excludes them. Methods:

    - ``"local_attention"``: aggregated local attention (counts), reported = count > 0;
    - ``"local_attention_attribution"``: the same on attention attributions
      (:class:`~sklearn_glifac.models.AttributionReadout`);
    - ``"satori"``: SATORI's test (co-occurrence statistic) against dinucleotide shuffles;
    - ``"glifac"`` / ``"glifac_attribution"``: GLIFAC on attention / on attributions;
    - ``"fis"`` / ``"dfim"``: :class:`~sklearn_glifac.interactions.FISInteractions` /
      :class:`~sklearn_glifac.interactions.DFIMInteractions`;
    - ``"gia"``: :class:`~sklearn_glifac.interactions.GIAInteractions` on the motifs of the
      ground truth (motif level: its "filters" are the motifs, scored by ``|effect|`` since
      inhibitions give negative interaction terms).

    Parameters
    ----------
    clf : ConvAttentionClassifier
        A fitted classifier.
    X : ndarray of shape (n_samples, 4, seq_len)
        Sequences to analyse (e.g. the test split).
    true_interactions : DataFrame of shape (n_motifs, n_motifs)
        Ground truth (nonzero = interacting).
    motifs : dict of str -> ndarray of shape (4, width)
        The motifs: database of the filter labels, and what GIA embeds.
    methods : sequence of str, default=INTERACTION_METHODS
        Methods to run (:data:`INTERACTION_METHODS`).
    threshold : float, default=0.1
        Attention threshold of the attention-based methods.
    qvalue_threshold : float, default=0.05
        Tomtom q-value cutoff of a filter label.
    max_sequences : int, default=None
        Sequences analysed by the slow methods (attributions, FIS, DFIM): a seeded subsample;
        ``None``: all of ``X``.
    n_steps : int, default=20
        Integrated-gradients steps of the attribution methods.
    gia_params : dict, default=None
        Extra :class:`~sklearn_glifac.interactions.GIAInteractions` parameters (defaults
        here: ``n_background=50``, ``spacings=(4, 10)``, ``n_bootstrap=200``).
    random_state : int, default=0
        Seeds subsamples, shuffles, random pairs, mutations and GIA backgrounds.

    Returns
    -------
    result : Bunch
        ``table``: DataFrame with one row per method, columns :data:`COMPARISON_COLUMNS`
        (``seconds``: wall time; ``relative_cost``: that time over the time of one forward
        pass over the same number of sequences); ``estimators``: the fitted transformers;
        ``labels``: the filter labels; ``forward_seconds_per_sequence``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.datasets import make_motif_interactions
    >>> from sklearn_glifac.motifs import load_motifs
    >>> from sklearn_glifac.experiments import compare_interaction_methods
    >>> from sklearn_glifac.models import ConvAttentionClassifier
    >>> pool = load_motifs()
    >>> motifs = {k: pool[k] for k in ("ELF1", "SIX3", "GATA1", "TAL1")}
    >>> data = make_motif_interactions(60, seq_len=100, n_sites=(2, 4), motifs=motifs,
    ...     interactions=[("ELF1", "SIX3", "and"), ("GATA1", "TAL1", "and")], pair_rate=0,
    ...     random_state=0)
    >>> clf = ConvAttentionClassifier(module__n_filters=4, module__n_heads=2,
    ...     module__dense_units=8, max_epochs=1, verbose=0, random_state=0).fit(data.X, data.y)
    >>> res = compare_interaction_methods(clf, data.X[:20], data.true_interactions,
    ...     data.motifs, methods=["local_attention", "glifac"], qvalue_threshold=1.0)
    >>> res.table["method"].tolist()
    ['local_attention', 'glifac']
    """
    from ..interactions import (
        DFIMInteractions,
        FISInteractions,
        GIAInteractions,
        GLIFACInteractions,
        LocalAttentionInteractions,
    )
    from ..models import ArrayReadout, AttributionReadout, NetReadout
    from ..motifs import filter_pwms, match_filters

    methods = _check_methods(methods)
    if not isinstance(true_interactions, pd.DataFrame):
        raise TypeError(
            "true_interactions must be a motif x motif DataFrame (e.g. "
            f"make_motif_interactions(...).true_interactions), got {type(true_interactions)!r}."
        )
    if not isinstance(motifs, dict) or not motifs:
        raise TypeError(
            f"motifs must be a non-empty dict name -> (4, width) matrix, got {type(motifs)!r}."
        )
    check_int(max_sequences, name="max_sequences", allow_none=True)
    lazy = clf.transform(X)
    X = cast("npt.NDArray[Any]", lazy.X)  # validated by transform
    n = len(X)
    start = time.perf_counter()
    readout = ArrayReadout.from_readout(lazy)  # one forward pass, shared by the fast methods
    fwd = (time.perf_counter() - start) / n
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # small-database note of memelite
        pwms, _ = filter_pwms(lazy)
        labels, _ = match_filters(pwms, motifs, qvalue_threshold=qvalue_threshold)
    labels = [str(lab) for lab in labels]
    rng = check_random_state(random_state)
    rows = np.arange(n)
    if max_sequences is not None and max_sequences < n:
        rows = np.sort(rng.choice(n, size=max_sequences, replace=False))
    sub = NetReadout(clf, X[rows])
    seed = derive_seed(rng)
    gia_kw = {"n_background": 50, "spacings": (4, 10), "n_bootstrap": 200, "random_state": seed}
    gia_kw.update(gia_params or {})
    names = [str(m) for m in true_interactions.index if str(m) in motifs]

    def build(method):
        if method == "local_attention":
            return LocalAttentionInteractions(threshold), lazy, n
        if method == "local_attention_attribution":
            return LocalAttentionInteractions(threshold), _attr(sub), len(rows)
        if method == "satori":
            est = LocalAttentionInteractions(threshold, method="satori", random_state=seed)
            return est, lazy, n
        if method == "glifac":
            return GLIFACInteractions(threshold, random_state=seed), readout, n
        if method == "glifac_attribution":
            return GLIFACInteractions(threshold, random_state=seed), _attr(sub), len(rows)
        if method in ("fis", "dfim"):
            cls = FISInteractions if method == "fis" else DFIMInteractions
            return cls(threshold, n_steps=n_steps, random_state=seed), sub, len(rows)
        est = GIAInteractions({k: motifs[k] for k in names}, **gia_kw)
        return est, lazy, est.n_background

    def _attr(r):
        return AttributionReadout(r, n_steps=n_steps)

    table, estimators = [], {}
    for method in methods:
        est, data, n_seq = build(method)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            est.fit(data)
        seconds = time.perf_counter() - start
        gia = method == "gia"
        scores = _scores(
            true_interactions,
            est.filter_interactions_,
            est.interactions_,
            est.filter_motifs_ if gia else labels,
            absolute=gia,
        )
        table.append(
            {
                "method": method,
                **scores,
                "n_sequences": int(n_seq),
                "seconds": seconds,
                "relative_cost": seconds / (fwd * n_seq),
            }  # fmt: skip
        )
        estimators[method] = est
    return Bunch(
        table=pd.DataFrame(table, columns=COMPARISON_COLUMNS),
        estimators=estimators,
        labels=labels,
        forward_seconds_per_sequence=fwd,
    )
