"""Per-pair significance of attention-linked filter pairs: p-values and q-values.

GLIFAC's correlation and local attention's counts are scores, not tests. This module turns the
statistic both reduce to (a sum over attended position pairs of a product of filter values) into
a per-sequence statistic, and compares its foreground distribution with that on background
sequences read out by the same network, one two-sample test per filter pair, then
Benjamini-Hochberg.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.stats import false_discovery_control, mannwhitneyu
from sklearn.utils import Bunch, check_random_state

from ..models import ArrayReadout, BaseReadout
from ..utils import derive_seed
from ._base import (
    background_readout,
    check_readout,
    iter_batches,
    per_sequence_pair_sums,
    significant_pairs,
)

__all__ = ["attention_pair_test", "permute_queries", "swap_attention"]

_KINDS = ("correlation", "activity")
_ALTERNATIVES = ("two-sided", "greater", "less")


def _sequence_statistics(readout, *, kind, threshold, head_reduction, cutoffs, exclude_self,
                         verbose, desc):  # fmt: skip
    """Per-sequence unordered-pair statistic, unscaled, for the sequences with attended pairs.

    Returns ``(values, sum_sq, n_positions)``: ``values`` (n_kept, n_pairs) holds
    ``(s[a, b] + s[b, a]) / 2`` for the pairs ``a < b`` (``np.triu_indices(F, 1)`` order),
    ``s[a, b]`` the mean over attended pairs ``(i, j)`` of ``xc[i, a] * xc[j, b]``, ``xc`` the
    values centred within the sequence; ``sum_sq`` (F,) and ``n_positions`` give the pooled
    variance of ``xc`` over the whole read-out (for the scale).
    """
    n_filters = readout.n_filters
    upper = np.triu_indices(n_filters, k=1)
    chunks = []
    sum_sq = np.zeros(n_filters)
    n_positions = 0
    for batch in iter_batches(readout, verbose=verbose, desc=desc):
        x = batch.features.astype(np.float64)
        if kind == "activity":
            x = (x > cutoffs).astype(np.float64)
        xc = x - x.mean(axis=1, keepdims=True)  # within-sequence centring
        sum_sq += np.einsum("nia,nia->a", xc, xc)
        n_positions += xc.shape[0] * xc.shape[1]
        mask = significant_pairs(batch.attention, threshold, head_reduction)
        if exclude_self:
            mask &= ~np.eye(mask.shape[1], dtype=bool)
        k = mask.sum(axis=(1, 2))
        keep = k > 0
        if not keep.any():
            continue
        s = per_sequence_pair_sums(mask[keep], xc[keep], xc[keep]) / k[keep, None, None]
        s = (s + s.transpose(0, 2, 1)) / 2
        chunks.append(s[:, upper[0], upper[1]])
    n_pairs = len(upper[0])
    values = np.concatenate(chunks) if chunks else np.zeros((0, n_pairs))
    return values, sum_sq, n_positions


def _check_options(kind, threshold, head_reduction, alternative, activity_cutoffs, n_filters):
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'correlation' or 'activity', got {kind!r}.")
    if not isinstance(threshold, Real) or isinstance(threshold, bool) or not 0 <= threshold <= 1:
        raise ValueError(f"threshold must be a real number in [0, 1], got {threshold!r}.")
    if head_reduction not in ("max", "mean"):
        raise ValueError(f"head_reduction must be 'max' or 'mean', got {head_reduction!r}.")
    if alternative is None:
        alternative = "two-sided" if kind == "correlation" else "greater"
    if alternative not in _ALTERNATIVES:
        raise ValueError(
            f"alternative must be None, 'two-sided', 'greater' or 'less', got {alternative!r}."
        )
    if activity_cutoffs is not None:
        if kind != "activity":
            raise ValueError(
                f"activity_cutoffs applies to kind='activity' only, got kind={kind!r}."
            )
        activity_cutoffs = np.asarray(activity_cutoffs, dtype=np.float64)
        if activity_cutoffs.shape != (n_filters,) or np.isnan(activity_cutoffs).any():
            raise ValueError(
                f"activity_cutoffs must be an array of shape ({n_filters},) (one cutoff per "
                f"filter, no NaN), got shape {activity_cutoffs.shape}."
            )
    return alternative, activity_cutoffs


def attention_pair_test(
    readout: BaseReadout,
    background: Any,
    *,
    kind: str = "correlation",
    threshold: float = 0.1,
    head_reduction: str = "max",
    activity_cutoffs: npt.ArrayLike | None = None,
    alternative: str | None = None,
    exclude_self: bool = True,
    random_state: int | np.random.RandomState | None = None,
    verbose: bool | int = False,
) -> Bunch:
    """Test every filter pair for attention-linked co-activity against a background.

    For each sequence ``n`` and ordered filter pair ``(a, b)``, the statistic is the mean, over
    the sequence's attended position pairs ``(i, j)`` (head-combined attention ``> threshold``,
    ``i != j``), of ``xc[n, i, a] * xc[n, j, b]``, where ``xc`` are the filter values centred
    *within the sequence* (each filter minus its mean over the sequence's positions) and divided
    by the filter's standard deviation (of the centred values over the foreground read-out). The
    value of an unordered pair is ``(s[a, b] + s[b, a]) / 2``. Within-sequence centring removes
    how often a filter is active in a sequence (composition, co-occurrence of motifs): a random
    set of position pairs gives 0 in expectation; only *which* positions attention links counts.
    Leaving out ``i == j`` removes the same-position correlation of redundant filters.
    Sequences without an attended position pair have no statistic and are left out.

    The null is the same statistic on ``background`` (the same network on other sequences). Each
    unordered pair of distinct filters gets a two-sample Mann-Whitney U test (foreground against
    background sequences; two-sided for ``kind="correlation"``, since a negative interaction
    such as XOR gives negative values, one-sided "greater" for ``kind="activity"``), and the
    p-values of the tested pairs get Benjamini-Hochberg q-values
    (:func:`scipy.stats.false_discovery_control`). A pair is tested when both samples have at
    least 2 sequences and its values are not all equal (e.g. a filter never active, or constant);
    otherwise its p- and q-value are NaN.

    What it controls: the false discovery rate over filter pairs under the null that attention
    links the pair's filters no differently on the foreground than on the background read-out.
    That null is *not* "the motifs do not interact": on real sequences, attention follows the
    motifs, which dinucleotide-shuffled sequences lack, so pairs of motif detectors are called
    whether or not their motifs interact. Measured on networks trained on data without
    interactions (user guide, ``glifac.rst``, "Per-pair test"), a shuffled background gives
    calls on 35-40 % of the pairs with independent motifs; a q-value here is evidence of
    attention-linked co-activity relative to the background, not of an interaction. A
    background with the same motif content (e.g. confident negatives, or the foreground's
    features with the attention maps of other sequences) is the closer null.

    Parameters
    ----------
    readout : BaseReadout
        Foreground read-out of a convolution-attention network.
    background : {"queries", "swap"}, array-like of shape (n_background, 4, seq_len) or BaseReadout
        ``"queries"`` (the transformers' default, ``test_null="queries"``): each sequence's
        attention maps with their query positions permuted
        (:func:`permute_queries`): which positions are attended is kept, which positions
        attend them is not. Measured: no call in 8 networks trained without interactions and
        5 with permuted labels (user guide, "Per-pair test"). ``"swap"``: the foreground's own
        feature maps with the attention maps of other foreground sequences
        (:func:`swap_attention`). Both are seeded by ``random_state`` and hold one copy of the
        read-out's features and attention in memory. Otherwise background sequences, read out
        by the same network (``readout.with_sequences``), or a read-out of them (e.g. of
        dinucleotide-shuffled copies of ``readout.X``, or of confident negatives).
    kind : {"correlation", "activity"}, default="correlation"
        Filter values: the pooled feature maps (GLIFAC) or the boolean activity
        ``features > activity_cutoffs`` as 0/1 (local attention).
    threshold : float, default=0.1
        Attention threshold in [0, 1]; pairs with head-combined attention strictly above it are
        attended.
    head_reduction : {"max", "mean"}, default="max"
        How the heads of a map are combined.
    activity_cutoffs : array-like of shape (n_filters,), default=None
        Per-filter activity cutoffs (``kind="activity"`` only). ``None``: half of each filter's
        maximum over the foreground (local attention's default; filters whose maximum is
        ``<= 0`` are never active). The same cutoffs apply to the background.
    alternative : {None, "two-sided", "greater", "less"}, default=None
        Alternative of the test; ``None``: "two-sided" for ``kind="correlation"``, "greater"
        (foreground larger) for ``kind="activity"``.
    exclude_self : bool, default=True
        Leave out the position pairs with ``i == j``.
    random_state : int, RandomState instance or None, default=None
        Seeds the permutations of ``background="queries"`` and ``"swap"``.
    verbose : bool, default=False
        Show progress bars.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        statistic : ndarray of shape (n_filters, n_filters)
            Mean per-sequence statistic on the foreground minus that on the background
            (symmetric; NaN on the diagonal and for pairs without observations).
        pvalues, qvalues : ndarray of shape (n_filters, n_filters)
            Mann-Whitney p-values and Benjamini-Hochberg q-values (symmetric; NaN on the
            diagonal and for untested pairs).
        tested : ndarray of bool, shape (n_filters, n_filters)
            The tested pairs (symmetric, False on the diagonal).
        n_foreground, n_background : ndarray of int, shape (n_filters, n_filters)
            Numbers of foreground / background sequences entering each pair's test (0 on the
            diagonal).
        alternative : str
            The alternative used.

    Raises
    ------
    ValueError
        Bad ``kind``, ``threshold``, ``head_reduction``, ``alternative`` or
        ``activity_cutoffs``; ``background`` is None; the background has another number of
        filters.

    See Also
    --------
    GLIFACInteractions : ``test=True`` runs this test with ``kind="correlation"``.
    LocalAttentionInteractions : ``test=True`` runs it with ``kind="activity"``.

    Examples
    --------
    Filter 0 at position 1 attends filter 1 at position 4 in every foreground sequence; in the
    background the attention links random positions:

    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> from sklearn_glifac.interactions import attention_pair_test
    >>> rng = np.random.default_rng(0)
    >>> features = rng.random((40, 6, 3))
    >>> features[:, 1, 0] = features[:, 4, 1] = 3.0
    >>> attention = np.full((40, 1, 6, 6), 0.01)
    >>> attention[:, 0, 1, 4] = 0.9
    >>> bg_attention = np.full((40, 1, 6, 6), 0.01)
    >>> bg_attention[np.arange(40), 0, rng.integers(0, 6, 40), rng.integers(0, 6, 40)] = 0.9
    >>> res = attention_pair_test(ArrayReadout(features, attention),
    ...                           ArrayReadout(features, bg_attention))
    >>> bool(res.qvalues[0, 1] < 1e-6), bool(res.tested[0, 0]), int(res.n_foreground[0, 1])
    (True, False, 40)
    """
    readout = check_readout(readout)
    if background is None:
        raise ValueError(
            "background must be background sequences or their read-out (e.g. "
            "dinucleotide-shuffled copies of readout.X), got None."
        )
    n_filters = readout.n_filters
    alternative, cutoffs = _check_options(
        kind, threshold, head_reduction, alternative, activity_cutoffs, n_filters
    )
    if isinstance(background, str):
        nulls = {"queries": permute_queries, "swap": swap_attention}
        if background not in nulls:
            raise ValueError(
                "background must be 'queries', 'swap', sequences or a read-out, got "
                f"{background!r}."
            )
        background = nulls[background](readout, random_state=random_state)
    background = background_readout(readout, background)
    if kind == "activity" and cutoffs is None:
        fmax = np.full(n_filters, -np.inf)
        for batch in iter_batches(readout, verbose=verbose, desc="filter max", attention=False):
            fmax = np.maximum(fmax, batch.features.max(axis=(0, 1)))
        cutoffs = np.where(fmax > 0, 0.5 * fmax, np.inf)
    options = dict(kind=kind, threshold=threshold, head_reduction=head_reduction,
                   cutoffs=cutoffs, exclude_self=exclude_self, verbose=verbose)  # fmt: skip
    fg, sum_sq, n_pos = _sequence_statistics(readout, desc="pair test", **options)
    bg, _, _ = _sequence_statistics(background, desc="pair test (background)", **options)

    # Scale by the foreground SD of the centred values: the statistic reads like a correlation.
    # The scale is positive and shared by both samples, so it does not change the p-values.
    sd = np.sqrt(sum_sq / max(n_pos, 1))
    sd = np.where(sd > 0, sd, 1.0)
    a, b = np.triu_indices(n_filters, k=1)
    scale = sd[a] * sd[b]
    fg = fg / scale
    bg = bg / scale

    n_fg, n_bg = len(fg), len(bg)
    pair_stat = np.full(len(a), np.nan)
    pair_p = np.full(len(a), np.nan)
    if n_fg and n_bg:
        pair_stat = fg.mean(axis=0) - bg.mean(axis=0)
    both = np.concatenate([fg, bg])
    informative = (both.max(axis=0) > both.min(axis=0)) if len(both) else np.zeros(len(a), bool)
    keep = np.flatnonzero(informative) if min(n_fg, n_bg) >= 2 else np.zeros(0, dtype=np.int64)
    if len(keep):
        pair_p[keep] = mannwhitneyu(
            fg[:, keep], bg[:, keep], alternative=alternative, axis=0
        ).pvalue
    pair_q = np.full(len(a), np.nan)
    if len(keep):
        pair_q[keep] = false_discovery_control(pair_p[keep], method="bh")

    def _matrix(values, fill, dtype=np.float64):
        out = np.full((n_filters, n_filters), fill, dtype=dtype)
        out[a, b] = out[b, a] = values
        return out

    tested = np.zeros(len(a), dtype=bool)
    tested[keep] = True
    return Bunch(
        statistic=_matrix(pair_stat, np.nan),
        pvalues=_matrix(pair_p, np.nan),
        qvalues=_matrix(pair_q, np.nan),
        tested=_matrix(tested, False, bool),
        n_foreground=_matrix(np.full(len(a), n_fg), 0, np.int64),
        n_background=_matrix(np.full(len(a), n_bg), 0, np.int64),
        alternative=alternative,
    )


def permute_queries(
    readout: BaseReadout, *, random_state: int | np.random.RandomState | None = None
) -> ArrayReadout:
    """The read-out with the query positions (rows) of each attention map permuted.

    The default null of :func:`attention_pair_test` (``background="queries"``): in each
    sequence, the rows of every head's map are permuted by one random permutation of the
    positions (seeded by ``random_state``), so *which* positions are attended, and how much,
    is kept (a motif site that every position attends stays attended), while *which* positions
    attend them is not. The test then asks whether the filter at the query position matters
    for which keys it attends: a filter pair is called only when attention links its filters
    specifically, not because one of them is attended by everything (an attention hub).
    Feature maps are unchanged.

    Parameters
    ----------
    readout : BaseReadout
        Foreground read-out (held in memory once: features and attention).
    random_state : int, RandomState instance or None, default=None
        Seeds the permutations.

    Returns
    -------
    permuted : ArrayReadout

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> att = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> permuted = permute_queries(ArrayReadout(np.zeros((1, 3, 1)), att), random_state=0)
    >>> sorted(permuted.attention[0, 0].tolist()) == sorted(att[0, 0].tolist())  # same rows
    True
    """
    readout = check_readout(readout)
    cached = readout if isinstance(readout, ArrayReadout) else ArrayReadout.from_readout(readout)
    att = cached.attention
    rng = check_random_state(derive_seed(random_state))
    perms = np.argsort(rng.random_sample((att.shape[0], att.shape[2])), axis=1)
    index = np.broadcast_to(perms[:, None, :, None], att.shape)
    permuted = np.take_along_axis(att, index, axis=2)
    return ArrayReadout(cached.features, permuted, batch_size=readout.batch_size)


def swap_attention(
    readout: BaseReadout, *, random_state: int | np.random.RandomState | None = None
) -> ArrayReadout:
    """The read-out's feature maps with the attention maps of other sequences.

    The null read-out of :func:`attention_pair_test` (``background="swap"``): sequence ``n``
    keeps its own features and gets the attention of sequence ``perm[n]``, ``perm`` a random
    permutation seeded by ``random_state``. Motif content is unchanged; only the alignment of
    attention with it is broken.

    Parameters
    ----------
    readout : BaseReadout
        Foreground read-out (held in memory once: features and attention).
    random_state : int, RandomState instance or None, default=None
        Seeds the permutation.

    Returns
    -------
    swapped : ArrayReadout

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> att = np.arange(3.0)[:, None, None, None] * np.ones((3, 1, 2, 2))
    >>> swapped = swap_attention(ArrayReadout(np.zeros((3, 2, 1)), att), random_state=0)
    >>> sorted(swapped.attention[:, 0, 0, 0].tolist())  # the same maps, other sequences
    [0.0, 1.0, 2.0]
    """
    readout = check_readout(readout)
    cached = readout if isinstance(readout, ArrayReadout) else ArrayReadout.from_readout(readout)
    perm = check_random_state(derive_seed(random_state)).permutation(readout.n_samples)
    return ArrayReadout(cached.features, cached.attention[perm], batch_size=readout.batch_size)


def pair_test_background(estimator, readout, background):
    """The null of an estimator's ``test=True``: ``"queries"`` or ``"swap"`` (its
    ``test_null``), else (``test_null="background"``) the fit argument, else the ``background``
    parameter, else dinucleotide-shuffled ``readout.X`` seeded by ``random_state``."""
    if estimator.test_null in ("queries", "swap"):
        return estimator.test_null
    return background_readout(
        readout,
        estimator.background if background is None else background,
        random_state=derive_seed(estimator.random_state),
        needed_by="test=True",
    )


def fit_pair_test(estimator, readout, background, *, kind, threshold, cutoffs=None):
    """Run :func:`attention_pair_test` for an estimator with ``test=True`` and set its
    ``pvalues_``, ``qvalues_``, ``significant_`` (q < ``alpha``) and ``pair_statistic_``."""
    result = attention_pair_test(
        readout,
        background,
        kind=kind,
        threshold=threshold,
        head_reduction=estimator.head_reduction,
        activity_cutoffs=cutoffs,
        random_state=estimator.random_state,
        verbose=estimator.verbose,
    )
    set_test_attributes(estimator, result.pvalues, result.qvalues, result.statistic)
    return result


def set_test_attributes(estimator, pvalues, qvalues, statistic):
    """The fitted attributes of ``test=True``; NaN q-values (untested pairs) are not calls."""
    estimator.pvalues_ = pvalues
    estimator.qvalues_ = qvalues
    estimator.significant_ = np.nan_to_num(qvalues, nan=1.0) < estimator.alpha
    estimator.pair_statistic_ = statistic
