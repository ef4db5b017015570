"""Local attention interactions (SATORI, as evaluated in the GLIFAC paper)."""

from __future__ import annotations

import warnings
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control, mannwhitneyu
from sklearn.utils._param_validation import Interval, StrOptions

from ..utils import derive_seed
from ._base import (
    BaseInteractions,
    background_readout,
    combine_heads,
    iter_batches,
    pair_sums,
    per_sequence_pair_sums,
)
from ._satori import (
    SATORI_ATTENTION_LIMIT,
    cooccurrence_test,
    satori_active,
    satori_activity_cutoffs,
    satori_pair_max,
    sequence_max_attention,
)
from ._significance import fit_pair_test, set_test_attributes

if TYPE_CHECKING:
    from ..models import BaseReadout

__all__ = ["LocalAttentionInteractions"]

# Null-threshold histogram over [0, 1]: 1e-5 resolution in 800 kB, whatever the number of values.
_N_BINS = 100_000


def filter_max(readout, *, verbose=False):
    """Maximum pooled activation of each filter over all sequences of a read-out.

    Parameters
    ----------
    readout : BaseReadout
        Read-out to scan (one pass over its feature maps).
    verbose : bool, default=False
        Show a progress bar.

    Returns
    -------
    fmax : ndarray of shape (n_filters,)
    """
    fmax = np.full(readout.n_filters, -np.inf)
    for batch in iter_batches(readout, verbose=verbose, desc="filter max", attention=False):
        fmax = np.maximum(fmax, batch.features.max(axis=(0, 1)))
    return fmax


def attention_quantile(readout, q, *, head_reduction="max", verbose=False):
    """``q`` quantile of the head-combined attention values of a read-out, in constant memory.

    Values are binned into a histogram of 100,000 bins over [0, 1] (values outside are clipped
    into the end bins), so memory does not depend on the number of sequences. The returned cutoff
    ``t`` is the upper edge of the bin in which the cumulative count reaches ``q``: at least a
    fraction ``q`` of the values are ``<= t``; ``t`` is within 1e-5 above the exact quantile.

    Parameters
    ----------
    readout : BaseReadout
        Read-out whose attention maps form the distribution (e.g. of shuffled sequences).
    q : float
        Quantile in [0, 1].
    head_reduction : {"max", "mean"}, default="max"
        How heads are combined before counting.
    verbose : bool, default=False
        Show a progress bar.

    Returns
    -------
    cutoff : float
    """
    hist = np.zeros(_N_BINS, dtype=np.int64)
    for batch in iter_batches(readout, verbose=verbose, desc="null attention", features=False):
        a = combine_heads(batch.attention, head_reduction).ravel()
        idx = np.clip((a.astype(np.float64) * _N_BINS).astype(np.int64), 0, _N_BINS - 1)
        hist += np.bincount(idx, minlength=_N_BINS)
    cum = np.cumsum(hist)
    k = max(int(np.ceil(q * cum[-1])), 1)
    return float(np.searchsorted(cum, k) + 1) / _N_BINS


class LocalAttentionInteractions(BaseInteractions):
    """Filter interactions from local attention maps (SATORI), counted over sequences.

    For every sequence the attention heads are combined (element-wise max by default), position
    pairs ``(i, j)`` with combined attention above the attention threshold are significant, and
    every combination of a filter active at ``i`` with a filter active at ``j`` is an interaction.
    A filter is active at a pooled position when its pooled activation exceeds
    ``activity_threshold`` times its maximum over the analysed read-out (SATORI's definition;
    SATORI's code used 65 % whatever its argument said, we use the argument). Filters whose
    maximum is ``<= 0`` are never active.

    The computation is vectorised per batch: the aggregated count matrix is
    ``counts[a, b] = sum_n sum_ij S[n, i, j] A[n, i, a] A[n, j, b]`` (``S`` significant pairs,
    ``A`` activity), evaluated as two matrix products, never as a loop over sequences.

    Parameters
    ----------
    threshold : float, default=0.1
        Fixed attention threshold in [0, 1] (SATORI's 0.1). Ignored when ``null_alpha`` is set.
    null_alpha : float, default=None
        If set (in (0, 1)), the attention threshold is instead the ``1 - null_alpha`` quantile of
        the head-combined attention values on dinucleotide-shuffled copies of the sequences (the
        paper's empirical-null threshold, Appendix B). The quantile comes from a 100,000-bin
        histogram (resolution 1e-5, constant memory). Computed once in ``fit`` and stored in
        ``attention_threshold_``; ``transform`` reuses it.
    head_reduction : {"max", "mean"}, default="max"
        How the heads of a map are combined.
    activity_threshold : float or "satori", default=0.5
        A float: fraction of a filter's maximum pooled activation (over the analysed read-out;
        the foreground maxima also for the background of ``method="satori"``) above which it is
        active (the GLIFAC paper's rule). ``"satori"`` (``method="satori"`` only): SATORI's rule
        (``extract_motifs.py``): a filter is active where its *unpooled* activation exceeds
        ``mean + 0.65 (max - mean)`` of its activations over the read-out, with separate
        thresholds for the foreground and the background, only where its k-mer lies inside
        the sequence; convolution position ``p`` maps to pooled position ``p // pool_size``
        (SATORI's ``int(pos / CNNfirstpool)``). Needs a read-out
        with unpooled activations (:class:`~sklearn_glifac.models.NetReadout`, or
        :class:`~sklearn_glifac.models.ArrayReadout` built with ``activations=``); the pool size
        is the network's (``readout.module.pool_size``), else ``seq_len // pooled_len``.
    method : {"count", "satori"}, default="count"
        ``"count"``: the score is the number of interactions of each filter pair over all
        sequences (the paper's aggregated local attention); reported interactions are the pairs
        with a count > 0 (what gives local attention its TPR near 1 and low PPV).
        ``"satori"``: SATORI's test (Ullah & Ben-Hur 2021; by default as its published code
        computes it, see ``satori_statistic``). Per sequence, each filter pair gets the maximum
        attention linking it; these foreground values are compared with the same statistic on
        background sequences (dinucleotide-shuffled by default) by a one-sided Mann-Whitney U
        test (foreground greater), then Benjamini-Hochberg. The score is ``-log10`` of the
        adjusted p-value and the reported interactions are the pairs with adjusted p <
        ``alpha`` (``significant_``).
    satori_statistic : {"satori", "cooccurrence", "all_sequences"}, default="satori"
        Statistic and tested-pair rules of ``method="satori"``.
        ``"satori"``: SATORI's published test (``process_attention.py`` of fahadahaf/satori:
        ``score_individual_head``, ``analyze_interactions``). Per sequence and unordered pair
        of distinct filters, the largest head-combined attention over *all* position pairs
        ``i != j`` with one filter active at ``i`` and the other at ``j`` (no attention cutoff:
        ``threshold`` does not enter the test); sequences where the pair does not co-occur
        are left out. A pair is skipped when it has at most one foreground observation or its
        largest foreground value is below 0.04 (SATORI's ``attnLimit``, its ``--attncutoff``);
        a background with at most one observation is replaced by zeros (as many as the
        foreground observations) and the pair is tested, so a pair that co-occurs in the
        foreground and never in the background is a strong call. ``mannwhitneyu(fg, bg,
        alternative="greater")`` with scipy's defaults (continuity correction; SATORI's call),
        then Benjamini-Hochberg over the tested pairs. SATORI also keeps only the foreground
        sequences predicted positive with score > 0.65; here the read-out's sequences are the
        foreground, so pass those.
        ``"cooccurrence"`` (sklearn-glifac 0.2): the same conditional test on the position pairs
        with attention ``> threshold`` only; a pair needs one foreground and two background
        observations (no zero filling).
        ``"all_sequences"`` (sklearn-glifac 0.1): every ordered pair on all sequences, absent
        pairs counting as 0: it measures how often *and* how strongly a pair is attended, so
        every pair of a filter enriched in the foreground becomes significant.
        Memory: the per-sequence values are held for the test, ``2 * n_samples * n_filters**2 *
        4`` bytes (82 MB for 10,000 sequences and 32 filters).
    alpha : float, default=0.05
        FDR level of ``method="satori"`` and of ``test``.
    test : bool, default=False
        Also test every filter pair; sets ``pvalues_``, ``qvalues_``, ``significant_`` and
        ``pair_statistic_``. With ``method="count"``: the per-pair test of
        :func:`~sklearn_glifac.interactions.attention_pair_test` (``kind="activity"``): per
        sequence, the mean over its significant position pairs (``i != j``) of the product of
        the within-sequence-centred activities, against the same statistic on the background by
        a one-sided Mann-Whitney U test per pair (foreground greater), then Benjamini-Hochberg.
        With ``method="satori"``: the attributes come from SATORI's test (NaN where untested).
    test_null : {"queries", "swap", "background"}, default="queries"
        Null of ``test``. ``"queries"``: the read-out with each attention map's query positions
        permuted (:func:`~sklearn_glifac.interactions.permute_queries`): attended positions
        stay attended, but not by the same positions; a pair is called only when attention
        links its filters specifically (not when one filter's sites are attended by
        everything). No call in 8 synthetic and 5 real-peak networks without anything to find
        (independent motifs, permuted labels; user guide).
        ``"swap"``: the read-out's own feature maps with the attention maps of other sequences
        (:func:`~sklearn_glifac.interactions.swap_attention`); it also calls attention hubs.
        ``"background"``: the ``background`` sequences (default: dinucleotide-shuffled
        copies), which lack the motifs, so every pair of motif detectors differs from them
        (measured: calls on about a third of the pairs of networks trained without
        interactions).
    motifs : dict, str or path-like, default=None
        Motif database for the filter-to-motif step of ``fit``: a mapping ``name -> (4, width)``
        probability matrix, a MEME file, or ``"jaspar"`` (JASPAR CORE vertebrates). ``None``
        skips the step: ``filter_motifs_`` is then all ``""``.
    qvalue_threshold : float, default=0.05
        Tomtom q-value cutoff for a filter label.
    background : array-like of shape (n_background, 4, seq_len), default=None
        Background sequences (e.g. confident negatives) for the null threshold and
        ``method="satori"``, read out by the same network as the data
        (``readout.with_sequences``). As a parameter it reaches ``fit`` *and* ``transform``
        inside a Pipeline (``Pipeline([("readout", ...), ("local",
        LocalAttentionInteractions(method="satori", background=X_bg))])``), which fit
        parameters cannot. A ``background`` passed to ``fit``/``transform`` takes precedence.
        ``None``: dinucleotide-shuffled copies of ``readout.X``.
    random_state : int, RandomState instance or None, default=None
        Seeds the dinucleotide shuffles (null threshold, SATORI background). With an int, ``fit``
        and ``transform`` on the same read-out give the same result.
    verbose : bool, default=False
        Show progress bars.

    Attributes
    ----------
    filter_interactions_ : ndarray of shape (n_filters, n_filters)
        Counts (``"count"``; row = filter at the query position ``i``, column = filter at the
        key position ``j``) or ``-log10`` adjusted p-values (``"satori"``).
    interactions_ : ndarray of bool, shape (n_filters, n_filters)
        Reported interactions, ``reported_interactions(filter_interactions_)``. Not
        error-controlled for ``method="count"`` (every pair with a count > 0).
    attention_threshold_ : float
        The attention threshold used (``threshold`` or the null quantile).
    filter_max_ : ndarray of shape (n_filters,)
        Maximum pooled activation of each filter over the fitted read-out.
    n_significant_pairs_ : int
        Number of significant position pairs in the fitted read-out.
    pvalues_, adjusted_pvalues_ : ndarray of shape (n_filters, n_filters)
        Raw and Benjamini-Hochberg adjusted p-values (``method="satori"``; ``pvalues_`` also
        with ``test=True``, from the per-pair test for ``method="count"``). ``pvalues_`` is NaN
        on the diagonal and for untested pairs; ``adjusted_pvalues_`` is 1 there.
    tested_pairs_ : ndarray of bool, shape (n_filters, n_filters) or None
        Pairs tested by the co-occurrence statistic (``method="satori"`` only; ``None`` for
        ``satori_statistic="all_sequences"``, which tests every pair).
    qvalues_ : ndarray of shape (n_filters, n_filters)
        Benjamini-Hochberg q-values of ``test`` (NaN on the diagonal and for untested pairs);
        with ``test=True`` ``pvalues_`` is NaN there too. Set by ``method="satori"`` and by
        ``test=True``.
    significant_ : ndarray of bool, shape (n_filters, n_filters)
        ``qvalues_ < alpha`` (False where untested): error-controlled for the test's null, which
        is not "no interaction" for ``test=True`` (see
        :func:`~sklearn_glifac.interactions.attention_pair_test`). Set by ``method="satori"`` and
        by ``test=True``.
    pair_statistic_ : ndarray of shape (n_filters, n_filters)
        ``method="count"``: mean per-sequence test statistic on the read-out minus that on the
        background; ``method="satori"``: ``filter_interactions_`` where tested, else NaN. Only
        with ``test=True``.
    filter_motifs_ : list of str
        Motif label of each filter (``""`` when unmatched or when ``motifs=None``).
    filter_pwms_ : ndarray of shape (n_filters, 4, kernel_size) or None
        Filter PWMs (when ``motifs`` is given).
    filter_n_sites_ : ndarray of shape (n_filters,) or None
        Number of aligned sites behind each PWM.
    tomtom_ : pandas.DataFrame or None
        Tomtom matches of the filters.
    motif_interactions_ : pandas.DataFrame or None
        Motif x motif scores (max-magnitude filter-pair score, NaN where no filter pair).
    n_filters_ : int
        Number of filters of the fitted read-out.

    See Also
    --------
    GLIFACInteractions : Correlation-based global interactions (the paper's method).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> from sklearn_glifac.interactions import LocalAttentionInteractions
    >>> features = np.zeros((2, 3, 2)); features[:, 0, 0] = 1; features[:, 2, 1] = 1
    >>> attention = np.full((2, 1, 3, 3), 0.05); attention[:, 0, 0, 2] = 0.9
    >>> local = LocalAttentionInteractions(threshold=0.1).fit(ArrayReadout(features, attention))
    >>> local.filter_interactions_  # filter 0 at i=0 attends to filter 1 at j=2, twice
    array([[0., 2.],
           [0., 0.]])
    >>> local.interactions_
    array([[False,  True],
           [False, False]])
    """

    _parameter_constraints: dict = {
        **BaseInteractions._parameter_constraints,
        "null_alpha": [None, Interval(Real, 0, 1, closed="neither")],
        "activity_threshold": [Interval(Real, 0, 1, closed="both"), StrOptions({"satori"})],
        "method": [StrOptions({"count", "satori"})],
        "satori_statistic": [StrOptions({"satori", "cooccurrence", "all_sequences"})],
        "background": [None, "array-like"],
        "test": ["boolean"],
        "test_null": [StrOptions({"queries", "swap", "background"})],
    }

    def __init__(
        self,
        threshold: float | str = 0.1,
        *,
        null_alpha: float | None = None,
        head_reduction: str = "max",
        activity_threshold: float | str = 0.5,
        method: str = "count",
        satori_statistic: str = "satori",
        alpha: float = 0.05,
        motifs: Any = None,
        qvalue_threshold: float = 0.05,
        background: Any = None,
        test: bool = False,
        test_null: Any = "queries",
        random_state: int | np.random.RandomState | None = None,
        verbose: bool | int = False,
    ) -> None:
        self.threshold = threshold
        self.null_alpha = null_alpha
        self.head_reduction = head_reduction
        self.activity_threshold = activity_threshold
        self.method = method
        self.satori_statistic = satori_statistic
        self.alpha = alpha
        self.motifs = motifs
        self.qvalue_threshold = qvalue_threshold
        self.background = background
        self.test = test
        self.test_null = test_null
        self.random_state = random_state
        self.verbose = verbose

    # ------------------------------------------------------------------ public API
    def fit(
        self, readout: BaseReadout, y: None = None, background: Any = None
    ) -> LocalAttentionInteractions:
        """Count (or test) local-attention filter interactions on a read-out.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted convolution-attention network.
        y : None
            Ignored.
        background : array-like of shape (n_background, 4, seq_len) or BaseReadout, default=None
            Background sequences for the null threshold and the SATORI test (e.g. confident
            negatives), read out by the same network (``readout.with_sequences``), so the
            transformer composes in a Pipeline:
            ``pipe.fit(X, y, localattentioninteractions__background=X_background)``. A read-out
            of the same network is accepted too. ``None``: dinucleotide-shuffled copies of
            ``readout.X``, or the ``background`` parameter when set. Used only when
            ``null_alpha`` is set, ``method="satori"`` or ``test=True``.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        return super().fit(readout, y, background=background)

    def transform(  # type: ignore[override]
        self, readout: BaseReadout, background: Any = None
    ) -> np.ndarray | pd.DataFrame:
        """Interaction scores of another read-out with the fitted thresholds.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of the same network.
        background : array-like of shape (n_background, 4, seq_len) or BaseReadout, default=None
            Background sequences (or their read-out) for ``method="satori"`` (default: the
            ``background`` parameter, else shuffled ``readout.X``).

        Returns
        -------
        W : ndarray of shape (n_filters, n_filters)
            Counts, or ``-log10`` adjusted p-values for ``method="satori"``.
        """
        return super().transform(readout, background=background)

    def per_sequence_interactions(self, readout: BaseReadout) -> pd.DataFrame:
        """Interactions of every sequence, in long format.

        Uses the fitted attention threshold; activity is relative to the filter maxima of
        ``readout``. Memory grows with the number of rows (at most ``n_samples * n_filters**2``).

        Parameters
        ----------
        readout : BaseReadout
            Read-out of the same network.

        Returns
        -------
        interactions : pandas.DataFrame
            One row per (sequence, filter_a, filter_b) with at least one interaction, columns
            ``sequence`` (row of ``readout.X``), ``filter_a`` (active at the query position),
            ``filter_b`` (active at the key position), ``count`` (number of significant position
            pairs linking them) and ``max_attention`` (their largest combined attention).
        """
        readout = self._check_fitted_readout(readout)
        cutoffs = self._activity_cutoffs(filter_max(readout, verbose=self.verbose))
        frames = []
        for batch, att_sig, active in self._iter_significant(readout, cutoffs):
            counts = per_sequence_pair_sums(att_sig > 0, active, active)
            max_att = sequence_max_attention(att_sig, active)
            n, a, b = np.nonzero(counts)
            frames.append(
                pd.DataFrame(
                    {
                        "sequence": batch.indices[n],
                        "filter_a": a,
                        "filter_b": b,
                        "count": np.rint(counts[n, a, b]).astype(np.int64),
                        "max_attention": max_att[n, a, b],
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)

    # ------------------------------------------------------------------ internals
    def _activity_cutoffs(self, fmax):
        # A filter that never activates above 0 is never active.
        if isinstance(self.activity_threshold, str):
            raise ValueError(
                "activity_threshold='satori' applies to method='satori' only (SATORI's rule on "
                "unpooled activations); give a fraction of the filter maximum here."
            )
        return np.where(fmax > 0, self.activity_threshold * fmax, np.inf)

    def _background(self, readout, background, seed):
        return background_readout(
            readout,
            self.background if background is None else background,
            random_state=seed,
            needed_by="null_alpha, method='satori' and test=True",
        )

    def _iter_significant(self, readout, cutoffs):
        """Yield (batch, attention where significant else 0, boolean activity) per batch."""
        for batch in iter_batches(readout, verbose=self.verbose, desc="local attention"):
            combined = combine_heads(batch.attention, self.head_reduction)
            att_sig = np.where(combined > self.attention_threshold_, combined, 0)
            yield batch, att_sig, batch.features > cutoffs

    def _counts(self, readout, cutoffs):
        counts = np.zeros((readout.n_filters, readout.n_filters))
        n_sig = 0
        for _, att_sig, active in self._iter_significant(readout, cutoffs):
            sig = att_sig > 0
            n_sig += int(sig.sum())
            counts += pair_sums(sig, active, active)
        return np.rint(counts), n_sig

    def _sequence_max(self, readout, cutoffs):
        """(n_samples, n_filters**2) per-sequence maximum attention of every filter pair."""
        n_filters = readout.n_filters
        out = np.zeros((readout.n_samples, n_filters * n_filters), dtype=np.float32)
        n_sig = 0
        for batch, att_sig, active in self._iter_significant(readout, cutoffs):
            n_sig += int((att_sig > 0).sum())
            max_att = sequence_max_attention(att_sig, active)
            out[batch.indices] = max_att.reshape(len(batch.indices), -1)
        return out, n_sig

    def _satori_statistic(self, readout, cutoffs):
        """(n_samples, F, F) SATORI's per-sequence statistic (NaN: pair absent) and n_sig."""
        n_filters = readout.n_filters
        out = np.full((readout.n_samples, n_filters, n_filters), np.nan, dtype=np.float32)
        satori_rule = isinstance(self.activity_threshold, str)
        if satori_rule:
            cutoffs = satori_activity_cutoffs(readout, verbose=self.verbose)
        n_sig = 0
        for batch in iter_batches(readout, verbose=self.verbose, desc="SATORI statistic",
                                  activations=satori_rule):  # fmt: skip
            combined = combine_heads(batch.attention, self.head_reduction)
            n_sig += int((combined > self.attention_threshold_).sum())
            if satori_rule:
                active = satori_active(readout, batch.activations, cutoffs)
            else:
                active = batch.features > cutoffs
            out[batch.indices] = satori_pair_max(combined, active)
        return out, n_sig

    def _satori_test(self, readout, background, cutoffs):
        if self.satori_statistic == "satori":
            fg, n_sig = self._satori_statistic(readout, cutoffs)
            bg, _ = self._satori_statistic(background, cutoffs)
            pvalues, adjusted, tested = cooccurrence_test(
                fg, bg, min_foreground=2, min_background=2,
                attention_limit=SATORI_ATTENTION_LIMIT, background_fill="zeros", absent=np.nan,
            )  # fmt: skip
            self._tested = tested
            return pvalues, adjusted, n_sig
        fg, n_sig = self._sequence_max(readout, cutoffs)
        bg, _ = self._sequence_max(background, cutoffs)
        if self.satori_statistic == "cooccurrence":
            n_filters = readout.n_filters
            pvalues, adjusted, tested = cooccurrence_test(
                fg.reshape(-1, n_filters, n_filters), bg.reshape(-1, n_filters, n_filters)
            )
            self._tested = tested
            return pvalues, adjusted, n_sig
        self._tested = None
        pvalues = mannwhitneyu(fg, bg, alternative="greater", axis=0).pvalue
        # Pairs never observed in either set are all ties: the test cannot favour foreground.
        pvalues = np.where(np.isnan(pvalues), 1.0, pvalues)
        adjusted = false_discovery_control(pvalues, method="bh")
        shape = (readout.n_filters, readout.n_filters)
        return pvalues.reshape(shape), adjusted.reshape(shape), n_sig

    def _scores(self, readout, background, *, fitting):
        fmax = filter_max(readout, verbose=self.verbose)
        satori_rule = isinstance(self.activity_threshold, str)
        if satori_rule and self.method != "satori":
            raise ValueError(
                "activity_threshold='satori' (SATORI's rule on unpooled activations) needs "
                f"method='satori', got method={self.method!r}."
            )
        cutoffs = None if satori_rule else self._activity_cutoffs(fmax)
        if self.method == "count":
            W, n_sig = self._counts(readout, cutoffs)
        else:
            pvalues, adjusted, n_sig = self._satori_test(readout, background, cutoffs)
            W = -np.log10(np.maximum(adjusted, np.finfo(np.float64).tiny))
            if fitting:
                self.pvalues_ = pvalues
                self.adjusted_pvalues_ = adjusted
                self.tested_pairs_ = self._tested
                self._set_satori_qvalues(pvalues, adjusted)
        if n_sig == 0 and not (self.method == "satori" and self.satori_statistic == "satori"):
            warnings.warn(
                f"No position pair has attention above {self.attention_threshold_:.4g}: no "
                "filter pair interacts (counts 0, p-values 1). Lower threshold (or null_alpha).",
                UserWarning,
                stacklevel=4,
            )
        if fitting:
            self.filter_max_ = fmax
            self.n_significant_pairs_ = n_sig
        return W

    def _set_satori_qvalues(self, pvalues, adjusted):
        """Set ``pvalues_``/``qvalues_`` (NaN: diagonal, untested pairs) and ``significant_``."""
        # "all_sequences" tests every ordered pair, the diagonal included
        untested = np.zeros(pvalues.shape, dtype=bool) if self._tested is None else ~self._tested
        self.pvalues_ = np.where(untested, np.nan, pvalues)
        self.qvalues_ = np.where(untested, np.nan, adjusted)
        self.significant_ = np.nan_to_num(self.qvalues_, nan=1.0) < self.alpha

    def _fit_scores(self, readout, background=None):
        seed = derive_seed(self.random_state)
        need_background = (
            self.null_alpha is not None
            or self.method == "satori"
            or (self.test and self.test_null == "background")
        )
        bg = self._background(readout, background, seed) if need_background else None
        if self.null_alpha is not None:
            self.attention_threshold_ = attention_quantile(
                bg, 1 - self.null_alpha, head_reduction=self.head_reduction, verbose=self.verbose
            )
        else:
            self.attention_threshold_ = float(self.threshold)
        W = self._scores(readout, bg, fitting=True)
        if self.test:
            self._fit_test(readout, bg, W)
        return W

    def _fit_test(self, readout, background, W):
        """``test=True``: the per-pair test (count) or SATORI's test's attributes (satori)."""
        if self.method == "count":
            if self.test_null != "background":
                background = self.test_null
            fit_pair_test(self, readout, background, kind="activity",
                          threshold=self.attention_threshold_,
                          cutoffs=self._activity_cutoffs(self.filter_max_))  # fmt: skip
            return
        tested = getattr(self, "tested_pairs_", None)
        untested = np.eye(len(W), dtype=bool)
        if tested is not None:
            untested |= ~tested
        masked = [np.where(untested, np.nan, m) for m in (self.pvalues_, self.adjusted_pvalues_)]
        set_test_attributes(self, *masked, np.where(untested, np.nan, W))

    def _transform_scores(self, readout, background=None):
        bg = None
        if self.method == "satori":
            bg = self._background(readout, background, derive_seed(self.random_state))
        return self._scores(readout, bg, fitting=False)

    def _decision(self, W):
        if self.method == "count":
            return W > 0
        return W > -np.log10(self.alpha)
