"""GLIFAC: global interactions via filter activity correlations (paper, Appendix C)."""

from __future__ import annotations

import warnings
from numbers import Real
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval, StrOptions

from ..metrics import symmetrize_interactions
from ..utils import derive_seed
from ._base import (
    BaseInteractions,
    check_readout,
    combine_heads,
    iter_batches,
    pair_sums,
    significant_pairs,
)
from ._significance import fit_pair_test, pair_test_background

if TYPE_CHECKING:
    from ..models import BaseReadout

__all__ = ["GLIFACInteractions"]

# Fewer random pairs cannot estimate a correlation null; the decision rule then reports nothing.
_MIN_NULL_PAIRS = 3


class _PearsonSums:
    """Running float64 sums for the Pearson correlation of filters at two positions.

    Holds ``n``, ``sum x``, ``sum y``, ``sum x**2``, ``sum y**2`` (each (F,)) and
    ``sum x y^T`` (F, F) over weighted position pairs, where ``x`` is the feature vector at the
    first position and ``y`` at the second: memory is O(F**2) whatever the number of pairs.
    """

    def __init__(self, n_filters):
        self.n = 0.0
        self.sx = np.zeros(n_filters)
        self.sy = np.zeros(n_filters)
        self.sxx = np.zeros(n_filters)
        self.syy = np.zeros(n_filters)
        self.sxy = np.zeros((n_filters, n_filters))

    def update(self, weights, features):
        """Add the pairs of one batch: ``weights`` (b, L', L'), ``features`` (b, L', F)."""
        row = weights.sum(axis=2)  # multiplicity of each first position i
        col = weights.sum(axis=1)  # multiplicity of each second position j
        self.n += float(row.sum())
        self.sx += np.einsum("ni,nia->a", row, features)
        self.sy += np.einsum("nj,nja->a", col, features)
        sq = features * features
        self.sxx += np.einsum("ni,nia->a", row, sq)
        self.syy += np.einsum("nj,nja->a", col, sq)
        self.sxy += pair_sums(weights, features, features)

    def __add__(self, other):
        out = _PearsonSums(len(self.sx))
        for name in ("n", "sx", "sy", "sxx", "syy", "sxy"):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        return out

    def correlation(self):
        """Pearson matrix C[a, b] = corr(x_a, y_b), and the indices of constant x / y filters.

        Filters with zero variance (up to rounding) get correlation 0.
        """
        n = self.n
        mx, my = self.sx / n, self.sy / n
        vx = self.sxx / n - mx * mx
        vy = self.syy / n - my * my
        # Relative tolerance: E[x^2] - E[x]^2 loses about eps * E[x^2] to cancellation.
        tol = 1e-10
        const_x = vx <= tol * np.maximum(self.sxx / n, np.finfo(np.float64).tiny)
        const_y = vy <= tol * np.maximum(self.syy / n, np.finfo(np.float64).tiny)
        cov = self.sxy / n - np.outer(mx, my)
        sx = np.sqrt(np.where(const_x, 1.0, vx))
        sy = np.sqrt(np.where(const_y, 1.0, vy))
        corr = cov / np.outer(sx, sy)
        corr[const_x, :] = 0.0
        corr[:, const_y] = 0.0
        return np.clip(corr, -1.0, 1.0), np.flatnonzero(const_x), np.flatnonzero(const_y)


def symmetrize(C, how="max_abs"):
    """Symmetrise a filter-by-filter matrix (the library's one pair rule).

    See :func:`sklearn_glifac.metrics.symmetrize_interactions`, which this calls.
    """
    return symmetrize_interactions(C, how)


class GLIFACInteractions(BaseInteractions):
    """Global filter interactions from filter activity correlations (GLIFAC).

    For every sequence the attention heads are combined (element-wise max by default) and the
    position pairs ``(i, j)`` with combined attention above ``threshold`` are attended pairs.
    Random position pairs are added (by default as many as attended ones, so the set is 50 %
    attended and 50 % random; the original code added a single random pair). The feature maps at
    the first and second position of every pair form two matrices ``P1``, ``P2`` of shape
    (n_pairs, n_filters), and ``C[a, b]`` is the Pearson correlation of column ``a`` of ``P1``
    with column ``b`` of ``P2``, symmetrised.

    ``P1`` and ``P2`` are never built: the correlation is computed from running float64 sums
    (``sum x``, ``sum y``, ``sum x**2``, ``sum y**2``, ``sum x y^T``) accumulated batch by batch,
    each batch's cross-product being two matrix products over the pair-weight matrix. Memory is
    one batch of read-outs plus O(n_filters**2): it does not grow with the number of sequences or
    pairs. Features are centred by the first batch's mean before summing (this does not change
    the correlation and avoids cancellation).

    Random pairs are drawn per sequence, within that sequence (uniform over all ``pooled_len**2``
    position pairs, with replacement), from a ``np.random.Generator`` seeded by ``random_state``
    and the sequence's row index, so results do not depend on the batch size and are
    reproducible with a fixed ``random_state``. Sequence ``n`` with ``k_n`` attended pairs gets
    ``k_n * f / (1 - f)`` random pairs (``f = random_pair_fraction``; rounded with a running
    carry so the totals match exactly).

    Decision rule (``interactions_``, ``reported_interactions``): in the same pass, the
    correlation matrix of the random pairs alone is computed (a null with the same sequences and
    marginals, but no attention). It is symmetrised the same way, and a filter pair is reported
    when ``|C|`` exceeds the ``1 - alpha`` quantile of the null ``|C|`` over its pairs of
    distinct filters (``null_cutoff_``; the null diagonal is left out: a filter correlates with
    itself whenever a random pair has ``i == j``). The same cutoff applies to every entry of
    ``W``, the diagonal included. With ``random_pair_fraction=0`` the random pairs still form the
    null but are left out of ``C``. With fewer than 3 random pairs the null is undefined and
    ``null_cutoff_`` is ``inf`` (nothing is reported).

    Degenerate cases are never silent: when no attention value exceeds ``threshold`` (flat maps,
    e.g. an under-trained network), a warning says so and ``C`` is all zeros (nothing reported);
    filters that are constant over the position pairs get correlation 0, with a warning naming
    them.

    Parameters
    ----------
    threshold : float, default=0.1
        Attention threshold in [0, 1]; pairs with head-combined attention strictly above it are
        attended. The paper found results robust over 0.1 to 0.9 (Appendix D).
    head_reduction : {"max", "mean"}, default="max"
        How the heads of a map are combined.
    random_pair_fraction : float, default=0.5
        Fraction of all pairs that are random, in [0, 1).
    symmetrize : {"max_abs", "mean", "none"}, default="max_abs"
        How ``C`` is symmetrised: entry of larger magnitude of ``C`` and ``C.T`` (the paper's
        code), their mean, or not at all (rows = filters at the first position).
    motifs : dict, str or path-like, default=None
        Motif database for the filter-to-motif step of ``fit``: a mapping ``name -> (4, width)``
        probability matrix, a MEME file, or ``"jaspar"`` (JASPAR CORE vertebrates). ``None``
        skips the step: ``filter_motifs_`` is then all ``""``.
    qvalue_threshold : float, default=0.05
        Tomtom q-value cutoff for a filter label.
    alpha : float, default=0.05
        Level of the null-calibrated decision rule, in (0, 1), and FDR level of ``test``.
    test : bool, default=False
        Also test every filter pair (:func:`~sklearn_glifac.interactions.attention_pair_test`,
        ``kind="correlation"``): per sequence, the mean over its attended position pairs
        (``i != j``) of the product of the within-sequence-centred feature maps, compared with
        the same statistic on the background by a two-sided Mann-Whitney U test per pair, then
        Benjamini-Hochberg. Sets ``pvalues_``, ``qvalues_``, ``significant_`` and
        ``pair_statistic_``. Costs one more pass over the read-out and one over the background.
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
    background : array-like of shape (n_background, 4, seq_len), default=None
        Background sequences of ``test`` (e.g. confident negatives), read out by the same
        network (``readout.with_sequences``); as a parameter it reaches ``fit`` inside a
        Pipeline. A ``background`` passed to ``fit`` takes precedence. ``None``:
        dinucleotide-shuffled copies of ``readout.X``. Used only when ``test=True`` and
        ``test_null="background"``.
    random_state : int, RandomState instance or None, default=None
        Seeds the random position pairs and the dinucleotide shuffle of ``test``.
    verbose : bool, default=False
        Show a progress bar.

    Attributes
    ----------
    filter_interactions_ : ndarray of shape (n_filters, n_filters)
        Symmetrised correlation matrix ``C`` (values in [-1, 1]).
    interactions_ : ndarray of bool, shape (n_filters, n_filters)
        Reported interactions, ``|C| > null_cutoff_``. Not error-controlled: this rule reports
        about ``alpha`` of all pairs whatever the data (kept for the paper's scoring).
    pvalues_, qvalues_ : ndarray of shape (n_filters, n_filters)
        Per-pair p-values and Benjamini-Hochberg q-values of ``test`` (symmetric; NaN on the
        diagonal and for untested pairs). Only with ``test=True``.
    significant_ : ndarray of bool, shape (n_filters, n_filters)
        ``qvalues_ < alpha`` (False where untested): error-controlled for the test's null
        (attention links the pair as on the background), which is not "no interaction" (see
        :func:`~sklearn_glifac.interactions.attention_pair_test` and the calibration in the user
        guide). Only with ``test=True``.
    pair_statistic_ : ndarray of shape (n_filters, n_filters)
        Mean per-sequence test statistic on the read-out minus that on the background. Only
        with ``test=True``.
    null_interactions_ : ndarray of shape (n_filters, n_filters)
        Symmetrised correlation matrix of the random pairs alone.
    null_cutoff_ : float
        ``1 - alpha`` quantile of ``|null_interactions_|`` over pairs of distinct filters
        (``inf`` when there are fewer than 3 random pairs).
    n_attended_pairs_, n_random_pairs_ : int
        Numbers of attended and random position pairs in the fitted read-out.
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
    LocalAttentionInteractions : SATORI's local attention interactions.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> from sklearn_glifac.interactions import GLIFACInteractions
    >>> rng = np.random.default_rng(0)
    >>> features = rng.random((200, 6, 3))
    >>> features[:, 4, 1] = features[:, 1, 0]  # filter 1 at 4 copies filter 0 at 1
    >>> attention = np.full((200, 1, 6, 6), 0.01); attention[:, :, 1, 4] = 0.9
    >>> glifac = GLIFACInteractions(random_state=0).fit(ArrayReadout(features, attention))
    >>> bool(glifac.filter_interactions_[0, 1] > 0.5)
    True
    >>> glifac.n_attended_pairs_, glifac.n_random_pairs_
    (200, 200)
    """

    _parameter_constraints: dict = {
        **BaseInteractions._parameter_constraints,
        "random_pair_fraction": [Interval(Real, 0, 1, closed="left")],
        "symmetrize": [StrOptions({"max_abs", "mean", "none"})],
        "test": ["boolean"],
        "test_null": [StrOptions({"queries", "swap", "background"})],
        "background": [None, "array-like"],
    }

    def __init__(
        self,
        threshold: float | str = 0.1,
        *,
        head_reduction: str = "max",
        random_pair_fraction: float = 0.5,
        symmetrize: str | None = "max_abs",
        motifs: Any = None,
        qvalue_threshold: float = 0.05,
        alpha: float = 0.05,
        test: bool = False,
        test_null: Any = "queries",
        background: Any = None,
        random_state: int | np.random.RandomState | None = None,
        verbose: bool | int = False,
    ) -> None:
        self.threshold = threshold
        self.head_reduction = head_reduction
        self.random_pair_fraction = random_pair_fraction
        self.symmetrize = symmetrize
        self.motifs = motifs
        self.qvalue_threshold = qvalue_threshold
        self.alpha = alpha
        self.test = test
        self.test_null = test_null
        self.background = background
        self.random_state = random_state
        self.verbose = verbose

    def fit(
        self, readout: BaseReadout, y: None = None, background: Any = None
    ) -> GLIFACInteractions:
        """Compute the correlation matrix (and, with ``test=True``, per-pair q-values).

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted convolution-attention network.
        y : None
            Ignored.
        background : array-like of shape (n_background, 4, seq_len) or BaseReadout, default=None
            Background sequences of ``test`` (or their read-out by the same network); in a
            Pipeline: ``pipe.fit(X, y, glifacinteractions__background=X_background)``. ``None``:
            the ``background`` parameter, else dinucleotide-shuffled copies of ``readout.X``.
            Used only when ``test=True``.

        Returns
        -------
        self : object
            The fitted transformer.

        Raises
        ------
        ValueError
            With ``test=True``, when there is no background and ``readout.X`` is None.
        """
        return super().fit(readout, y, background=background)

    # ------------------------------------------------------------------ position pairs
    def _iter_pair_weights(self, readout):
        """Yield ``(batch, attended (b, L', L') bool, random (b, L', L') counts)`` per batch."""
        seed = derive_seed(self.random_state)
        frac = self.random_pair_fraction
        # With frac == 0 the random pairs only feed the null: draw as many as attended.
        ratio = frac / (1.0 - frac) if frac > 0 else 1.0
        cum_attended = 0
        cum_random = 0
        length = readout.pooled_len
        n_cells = length * length
        for batch in iter_batches(readout, verbose=self.verbose, desc="GLIFAC"):
            attended = significant_pairs(batch.attention, self.threshold, self.head_reduction)
            k = attended.sum(axis=(1, 2))
            # Running carry: sequence n gets floor(ratio * K_n) - floor(ratio * K_{n-1}) random
            # pairs, K_n the cumulative attended count, so totals match and batching is moot.
            targets = np.floor(ratio * (cum_attended + np.cumsum(k)) + 1e-9).astype(np.int64)
            r = np.diff(targets, prepend=cum_random)
            cum_attended += int(k.sum())
            cum_random = int(targets[-1]) if len(targets) else cum_random
            flat = [
                np.random.default_rng([seed, int(idx)]).integers(0, n_cells, size=int(r_n))
                + row * n_cells
                for row, (idx, r_n) in enumerate(zip(batch.indices, r))
                if r_n > 0
            ]
            flat = np.concatenate(flat) if flat else np.zeros(0, dtype=np.int64)
            random = np.bincount(flat, minlength=len(k) * n_cells).reshape(attended.shape)
            yield batch, attended, random

    def position_pairs(self, readout: BaseReadout) -> pd.DataFrame:
        """The attended and random position pairs GLIFAC uses on ``readout``, in long format.

        The same pairs (same random draws for the same ``random_state``) as ``fit`` and
        ``transform``; meant for inspection and for checking the streaming computation.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a convolution-attention network.

        Returns
        -------
        pairs : pandas.DataFrame
            Columns ``sequence`` (row of ``readout.X``), ``pos1`` (first/query position),
            ``pos2`` (second/key position) and ``random`` (bool). A random pair drawn twice
            appears twice. Random pairs are listed even when ``random_pair_fraction=0`` (then
            they form only the null).
        """
        readout = check_readout(readout)
        self._validate_params()
        frames = []
        for batch, attended, random in self._iter_pair_weights(readout):
            for is_random, w in ((False, attended.astype(np.int64)), (True, random)):
                n, i, j = np.nonzero(w)
                reps = w[n, i, j]
                frames.append(
                    pd.DataFrame(
                        {
                            "sequence": np.repeat(batch.indices[n], reps),
                            "pos1": np.repeat(i, reps),
                            "pos2": np.repeat(j, reps),
                            "random": is_random,
                        }
                    )
                )
        return pd.concat(frames, ignore_index=True)

    # ------------------------------------------------------------------ computation
    def _correlations(self, readout):
        """(C, C_null, n_attended, n_random) for one read-out, both matrices symmetrised."""
        n_filters = readout.n_filters
        att_sums, rnd_sums = _PearsonSums(n_filters), _PearsonSums(n_filters)
        shift = None
        for batch, attended, random in self._iter_pair_weights(readout):
            features = batch.features.astype(np.float64)
            if shift is None:
                shift = features.mean(axis=(0, 1))
            features -= shift
            att_sums.update(attended.astype(np.float64), features)
            rnd_sums.update(random.astype(np.float64), features)
        if att_sums.n == 0:
            largest = max(
                float(combine_heads(b.attention, self.head_reduction).max())
                for b in readout.batches(features=False)
            )
            warnings.warn(
                f"No attended position pair: no head-combined attention value exceeds "
                f"threshold={self.threshold} (largest value {largest:.4g}), so GLIFAC has "
                "nothing to correlate; the interaction matrix is all zeros and no pair is "
                "reported. Lower the threshold (flat attention maps are typical of an untrained "
                "or under-trained network).",
                UserWarning,
                stacklevel=5,
            )
            zeros = np.zeros((n_filters, n_filters))
            return zeros, zeros.copy(), 0, 0
        total = att_sums + rnd_sums if self.random_pair_fraction > 0 else att_sums
        C, const_x, const_y = total.correlation()
        const = np.union1d(const_x, const_y)
        if len(const):
            warnings.warn(
                f"Filter(s) {const.tolist()} are constant over the position pairs (zero "
                "variance): their correlations are set to 0.",
                UserWarning,
                stacklevel=5,
            )
        if rnd_sums.n > 0:
            C_null = rnd_sums.correlation()[0]
        else:
            C_null = np.zeros_like(C)
        how = self.symmetrize
        return symmetrize(C, how), symmetrize(C_null, how), int(att_sums.n), int(rnd_sums.n)

    def _fit_scores(self, readout, background=None):
        if self.test:  # a missing background fails before the long pass
            background = pair_test_background(self, readout, background)
        C, C_null, n_att, n_rnd = self._correlations(readout)
        self.null_interactions_ = C_null
        if n_rnd < _MIN_NULL_PAIRS:  # no usable null: report nothing
            self.null_cutoff_ = np.inf
        else:
            k = 1 if len(C_null) > 1 else 0  # distinct filters (a single filter: its diagonal)
            null_values = np.abs(C_null[np.triu_indices_from(C_null, k=k)])
            self.null_cutoff_ = float(np.quantile(null_values, 1 - self.alpha))
        self.n_attended_pairs_ = n_att
        self.n_random_pairs_ = n_rnd
        if self.test:
            fit_pair_test(self, readout, background, kind="correlation", threshold=self.threshold)
        return C

    def _transform_scores(self, readout):
        return self._correlations(readout)[0]

    def _decision(self, W):
        return np.abs(W) > self.null_cutoff_
