"""SATORI's statistics and test of filter pairs, conditional on co-occurrence.

The per-sequence maximum attention linking two filters (:func:`sequence_max_attention`, shared
with the library's own local-attention statistic), SATORI's activity rule (cutoffs at
``mean + 0.65 (max - mean)``, k-mers inside the sequence, pooled), its per-sequence pair maxima
and :func:`cooccurrence_test`, the Mann-Whitney test over sequences where a pair co-occurs with
Benjamini-Hochberg, which :class:`LocalAttentionInteractions` and the mutation methods run.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import false_discovery_control, mannwhitneyu

from ._base import iter_batches, per_sequence_pair_sums

__all__ = [
    "SATORI_ACTIVITY",
    "SATORI_ATTENTION_LIMIT",
    "cooccurrence_test",
    "satori_active",
    "satori_activity_cutoffs",
    "satori_pair_max",
    "sequence_max_attention",
]

# Elements of the (chunk, L', L', F) temporary of the per-sequence maximum (about 16 MB float32).
_MAX_CHUNK_ELEMENTS = 4_000_000


def sequence_max_attention(attention_sig, active):
    """Per sequence, the largest attention linking each filter pair, in one batch.

    ``attention_sig`` (b, L', L') holds the head-combined attention where significant and 0
    elsewhere; ``active`` (b, L', F) is the boolean filter activity. Returns ``max_att``
    (b, F, F): the largest ``attention_sig[n, i, j]`` over the position pairs with filter ``a``
    active at ``i`` and ``b`` at ``j`` (0 when there is none). The maximum is separable because
    activity is 0/1: ``max_ij act[i,a] w[i,j] act[j,b] = max_i act[i,a] (max_j w[i,j] act[j,b])``;
    sequences are processed in chunks to bound the (chunk, L', L', F) temporary.
    """
    act = active.astype(np.float32)
    b, length, n_filters = act.shape
    chunk = max(1, _MAX_CHUNK_ELEMENTS // max(1, length * length * n_filters))
    max_att = np.empty((b, n_filters, n_filters), dtype=np.float32)
    for s in range(0, b, chunk):
        w = attention_sig[s : s + chunk].astype(np.float32)
        a = act[s : s + chunk]
        t = (w[:, :, :, None] * a[:, None, :, :]).max(axis=2)  # (c, L', F): best key j per b
        max_att[s : s + chunk] = (a[:, :, :, None] * t[:, :, None, :]).max(axis=1)
    return max_att


# SATORI's published constants (fahadahaf/satori): the activity rule of extract_motifs.py
# (activation > mean + 0.65 (max - mean)) and analyze_interactions' first attnLimit
# (--attncutoff 0.04).
SATORI_ACTIVITY = 0.65
SATORI_ATTENTION_LIMIT = 0.04


def satori_pair_max(combined, active):
    """SATORI's per-sequence statistic (``score_individual_head``), in one batch.

    ``combined`` (b, L', L') is the head-combined attention, ``active`` (b, L', F) the boolean
    activity. Returns (b, F, F): for each ordered pair ``(a, b)``, the largest
    ``combined[n, i, j]`` over the position pairs ``i != j`` with ``a`` active at ``i`` and ``b``
    at ``j``, with no attention cutoff; NaN where there is no such position pair.
    """
    off = ~np.eye(combined.shape[1], dtype=bool)
    # attention is >= 0, so zeroing the diagonal does not change a maximum over i != j
    max_att = sequence_max_attention(np.where(off, combined, 0), active)
    present = per_sequence_pair_sums(np.broadcast_to(off, combined.shape), active, active) > 0
    return np.where(present, max_att, np.nan)


def satori_activity_cutoffs(readout, *, verbose=False):
    """SATORI's activity cutoffs: ``mean + 0.65 (max - mean)`` of each filter's activations.

    The mean and maximum run over every unpooled activation (all sequences and positions) of
    the read-out, as SATORI's ``extract_motifs.plot_filter_logo`` computes its ``raw_t``.

    Parameters
    ----------
    readout : BaseReadout
        Read-out with unpooled activations (``batches(activations=True)``).
    verbose : bool, default=False
        Show a progress bar.

    Returns
    -------
    cutoffs : ndarray of shape (n_filters,)
    """
    total = np.zeros(readout.n_filters)
    count = 0
    fmax = np.full(readout.n_filters, -np.inf)
    for batch in iter_batches(readout, verbose=verbose, desc="activity cutoffs",
                              features=False, attention=False, activations=True):  # fmt: skip
        act = np.asarray(batch.activations, dtype=np.float64)
        total += act.sum(axis=(0, 1))
        count += act.shape[0] * act.shape[1]
        fmax = np.maximum(fmax, act.max(axis=(0, 1)))
    mean = total / count
    return mean + SATORI_ACTIVITY * (fmax - mean)


def _pool_size(readout, seq_len):
    pool = getattr(getattr(readout, "module", None), "pool_size", None)
    return int(pool) if pool is not None else seq_len // readout.pooled_len


def satori_active(readout, activations, cutoffs):
    """Pooled boolean activity from unpooled activations (b, L, F), SATORI's way.

    A filter is active at convolution position ``p`` when its activation exceeds its cutoff
    and its k-mer lies inside the sequence (SATORI skips incomplete k-mers; "same" padding
    centres the k-mer of ``p`` at ``p``); it is active at pooled position ``p // pool_size``.
    """
    act = np.asarray(activations) > cutoffs
    b, length, n_filters = act.shape
    k = readout.kernel_size
    if k is not None:
        left = (int(k) - 1) // 2
        start = np.arange(length) - left
        act &= ((start >= 0) & (start + int(k) <= length))[None, :, None]
    pool = _pool_size(readout, length)
    n_pooled = readout.pooled_len
    act = act[:, : n_pooled * pool].reshape(b, n_pooled, pool, n_filters)
    return act.any(axis=2)


def cooccurrence_test(
    foreground,
    background,
    *,
    min_foreground=1,
    min_background=2,
    attention_limit=0.0,
    background_fill=None,
    absent=0.0,
):
    """SATORI's test of filter pairs, conditional on co-occurrence, with Benjamini-Hochberg.

    For each unordered pair ``{a, b}`` of distinct filters, a sequence's value is
    ``max(values[n, a, b], values[n, b, a])`` over the orientations present; sequences where
    the pair is absent (both orientations equal ``absent``) are dropped. The remaining
    foreground values are compared with the background values by a one-sided Mann-Whitney U
    test (foreground greater; scipy's default continuity correction and method, the call of
    SATORI's ``analyze_interactions``), then Benjamini-Hochberg over the tested pairs.

    The defaults are the library's rules (``satori_statistic="cooccurrence"``). SATORI's
    published rules (``process_attention.analyze_interactions``) are ``min_foreground=2,
    min_background=2, attention_limit=0.04, background_fill="zeros", absent=np.nan``.

    Parameters
    ----------
    foreground : ndarray of shape (n_foreground, n_filters, n_filters)
        Per-sequence statistic of every ordered filter pair (e.g. the maximum attention linking
        them), ``absent`` where the pair does not occur.
    background : ndarray of shape (n_background, n_filters, n_filters)
        The same statistic on background sequences.
    min_foreground : int, default=1
        A pair is tested only with at least this many foreground observations.
    min_background : int, default=2
        With ``background_fill=None``, a pair is tested only with at least this many background
        observations; with ``"zeros"``, a background with fewer observations is replaced by as
        many zeros as the pair has foreground observations and the pair is tested (SATORI).
    attention_limit : float, default=0.0
        A pair is tested only when its largest foreground value is ``>= attention_limit``
        (SATORI's ``attnLimit``, its ``--attncutoff`` 0.04).
    background_fill : {None, "zeros"}, default=None
        What to do with a pair observed fewer than ``min_background`` times in the background.
    absent : float, default=0.0
        The value marking an absent pair (``np.nan`` when 0 is a valid observation).

    Returns
    -------
    pvalues, adjusted : ndarray of shape (n_filters, n_filters)
        Raw and Benjamini-Hochberg adjusted p-values (over the tested pairs), symmetric, 1 on
        the diagonal and for untested pairs.
    tested : ndarray of bool, shape (n_filters, n_filters)
        The tested pairs (symmetric).

    Examples
    --------
    >>> import numpy as np
    >>> fg = np.zeros((6, 2, 2)); fg[:, 0, 1] = 0.9
    >>> bg = np.zeros((6, 2, 2)); bg[:, 1, 0] = 0.2
    >>> p, adj, tested = cooccurrence_test(fg, bg)
    >>> bool(tested[0, 1]), bool(adj[0, 1] < 0.01), bool(tested[0, 0])
    (True, True, False)

    With SATORI's rules a pair never seen in the background is tested against zeros:

    >>> bg = np.full((6, 2, 2), np.nan)
    >>> fg[fg == 0] = np.nan
    >>> p, adj, tested = cooccurrence_test(fg, bg, min_foreground=2, attention_limit=0.04,
    ...                                    background_fill="zeros", absent=np.nan)
    >>> bool(tested[0, 1]), bool(adj[0, 1] < 0.01)
    (True, True)
    """
    if background_fill not in (None, "zeros"):
        raise ValueError(f"background_fill must be None or 'zeros', got {background_fill!r}.")
    foreground = np.asarray(foreground, dtype=np.float64)
    background = np.asarray(background, dtype=np.float64)
    n_filters = foreground.shape[1]
    a, b = np.triu_indices(n_filters, k=1)

    def unordered(values):
        present = ~np.isnan(values) if np.isnan(absent) else values != absent
        ab = np.where(present[:, a, b], values[:, a, b], -np.inf)
        ba = np.where(present[:, b, a], values[:, b, a], -np.inf)
        both = np.maximum(ab, ba)
        return both, np.isfinite(both)

    fg, fg_seen = unordered(foreground)
    bg, bg_seen = unordered(background)
    n_fg, n_bg = fg_seen.sum(axis=0), bg_seen.sum(axis=0)
    fg_max = np.where(fg_seen, fg, -np.inf).max(axis=0, initial=-np.inf)
    ok = (n_fg >= max(min_foreground, 1)) & (fg_max >= attention_limit)
    if background_fill is None:
        ok &= n_bg >= min_background
    keep = np.flatnonzero(ok)
    pair_p = np.ones(len(a))
    for k in keep:  # sample sizes differ per pair: one small test each (<= F(F-1)/2)
        x = fg[fg_seen[:, k], k]
        y = bg[bg_seen[:, k], k] if n_bg[k] >= min_background else np.zeros(len(x))
        pair_p[k] = mannwhitneyu(x, y, alternative="greater").pvalue
    pair_adj = np.ones(len(a))
    if len(keep):
        pair_adj[keep] = false_discovery_control(pair_p[keep], method="bh")
    pvalues = np.ones((n_filters, n_filters))
    adjusted = np.ones((n_filters, n_filters))
    tested = np.zeros((n_filters, n_filters), dtype=bool)
    for out, values in ((pvalues, pair_p), (adjusted, pair_adj)):
        out[a, b] = out[b, a] = values
    tested[a[keep], b[keep]] = tested[b[keep], a[keep]] = True
    return pvalues, adjusted, tested
