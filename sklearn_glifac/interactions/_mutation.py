"""Mutation-based interaction scores: SATORI's FIS and DFIM (Greenside et al. 2018).

Both ask how much the input attribution of a *target* filter hit changes when the *source*
filter hit is mutated: the change is large when the network's use of the target depends on the
source. FIS looks only at attended pairs of filter hits (attention above the threshold); DFIM at
every pair of hits of active filters. Per sequence, each filter pair keeps its largest change;
foreground and background (dinucleotide-shuffled) sequences are compared by SATORI's
co-occurrence Mann-Whitney test with Benjamini-Hochberg
(:func:`~sklearn_glifac.interactions.LocalAttentionInteractions` ``method="satori"``).
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions

from ..models import input_attribution
from ..utils import derive_seed
from ._base import BaseInteractions, check_readout, combine_heads
from ._local_attention import filter_max
from ._satori import cooccurrence_test

if TYPE_CHECKING:
    from ..models import BaseReadout

__all__ = ["DFIMInteractions", "FISInteractions", "hit_windows"]


def hit_windows(
    activations: npt.ArrayLike, pooled_len: int, kernel_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sequence window of every filter hit at every pooled position.

    The hit of filter ``a`` at pooled position ``i`` is the unpooled position ``p`` of its
    largest activation inside the pooling window ``[i * pool, (i + 1) * pool)``; its window is
    the filter's receptive field at ``p`` ("same" padding), clipped to the sequence.

    Parameters
    ----------
    activations : ndarray of shape (n_samples, seq_len, n_filters)
        Unpooled first-layer activations.
    pooled_len : int
        Number of pooled positions (``seq_len // pool_size``).
    kernel_size : int
        Filter width.

    Returns
    -------
    start, stop : ndarray of int, shape (n_samples, pooled_len, n_filters)
        Half-open window ``[start, stop)`` of each hit.

    Examples
    --------
    >>> import numpy as np
    >>> act = np.zeros((1, 8, 1)); act[0, 5, 0] = 1.0
    >>> start, stop = hit_windows(act, pooled_len=2, kernel_size=3)
    >>> start[0, :, 0].tolist(), stop[0, :, 0].tolist()
    ([0, 4], [2, 7])
    """
    activations = np.asarray(activations)
    n, seq_len, n_filters = activations.shape
    pool = seq_len // pooled_len
    blocks = activations[:, : pooled_len * pool].reshape(n, pooled_len, pool, n_filters)
    centre = blocks.argmax(axis=2) + (np.arange(pooled_len) * pool)[None, :, None]
    start = centre - (kernel_size - 1) // 2
    return np.clip(start, 0, seq_len), np.clip(start + kernel_size, 0, seq_len)


#: Rows (sequences and their mutated copies) attributed per pass, times ``n_steps * n_filters *
#: seq_len``: about 8 million floats per tensor of the integrated-gradients pass.
_PASS_ELEMENTS = 2**23
#: Mutated copies built and attributed at a time (about 26 MB of float32 at 200 nt).
_SOURCE_CHUNK = 8192


def _mutated_copies(x, owner, start, stop, how, rng):
    """Copies ``x[owner]`` (S, 4, L) with window ``[start, stop)`` of each mutated.

    The random draws are made source by source, in order, exactly as one mutation at a time
    would make them (a permutation of the window, or uniform bases); the copies are filled in
    one vectorised step.
    """
    out = x[owner]
    width = stop - start
    rows = np.repeat(np.arange(len(owner)), width)
    cols = np.repeat(start - np.cumsum(width) + width, width) + np.arange(width.sum())
    if how == "zero":
        out[rows, :, cols] = 0
    elif how == "random":
        bases = np.concatenate([rng.randint(0, 4, w) for w in width] or [np.zeros(0, int)])
        out[rows, :, cols] = np.eye(4, dtype=x.dtype)[bases]
    else:
        offsets = np.concatenate([rng.permutation(w) for w in width] or [np.zeros(0, int)])
        out[rows, :, cols] = x[owner[rows], :, np.repeat(start, width) + offsets]
    return out


class _MutationInteractions(BaseInteractions):
    """Shared machinery of FIS and DFIM (not for direct use)."""

    _attended_only = True

    _parameter_constraints: dict = {
        **BaseInteractions._parameter_constraints,
        "activity_threshold": [Interval(Real, 0, 1, closed="both")],
        "mutation": [StrOptions({"shuffle", "random", "zero"})],
        "n_steps": [Interval(Integral, 1, None, closed="left")],
        "target": "no_validation",
        "max_sequences": [None, Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        threshold: float = 0.1,
        *,
        head_reduction: str = "max",
        activity_threshold: float = 0.5,
        mutation: str = "shuffle",
        n_steps: int = 20,
        target: int | list[int] | None = None,
        max_sequences: int | None = None,
        alpha: float = 0.05,
        motifs: Any = None,
        qvalue_threshold: float = 0.05,
        random_state: int | np.random.RandomState | None = None,
        verbose: bool | int = False,
    ) -> None:
        self.threshold = threshold
        self.head_reduction = head_reduction
        self.activity_threshold = activity_threshold
        self.mutation = mutation
        self.n_steps = n_steps
        self.target = target
        self.max_sequences = max_sequences
        self.alpha = alpha
        self.motifs = motifs
        self.qvalue_threshold = qvalue_threshold
        self.random_state = random_state
        self.verbose = verbose

    # ------------------------------------------------------------------ per-sequence effects
    def _net(self, readout):
        net = getattr(readout, "net", None)
        if net is None or getattr(readout, "X", None) is None or not readout.kernel_size:
            raise TypeError(
                f"{type(self).__name__} needs the read-out of a fitted ConvAttentionClassifier "
                f"(net.transform(X)), got {type(readout).__name__}: mutations need the network."
            )
        return net

    def _rows(self, readout, seed):
        """Sequence rows analysed: all, or a seeded subsample of ``max_sequences``."""
        n = readout.n_samples
        if self.max_sequences is None or self.max_sequences >= n:
            return np.arange(n)
        rng = check_random_state(seed)
        return np.sort(rng.choice(n, size=self.max_sequences, replace=False))

    def per_sequence_effects(self, readout, *, cutoffs=None, random_state=None):
        """Attribution change of every analysed (source hit, target hit) pair, long format.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted classifier (``net.transform(X)``, or with
            ``source="attribution"`` to select pairs by attention attribution).
        cutoffs : ndarray of shape (n_filters,), default=None
            Activity cutoffs; ``None``: ``activity_threshold`` times the filter maxima of
            ``readout``.
        random_state : int, RandomState instance or None, default=None
            Seeds the mutations and the subsample; ``None`` uses the estimator's.

        Returns
        -------
        effects : pandas.DataFrame
            Columns ``sequence``, ``filter_a`` (source), ``pos_a``, ``filter_b`` (target),
            ``pos_b`` (pooled positions) and ``effect`` = ``|sum(attr'[window_b]) -
            sum(attr[window_b])|`` with ``attr'`` the input attribution after mutating
            ``window_a``.
        """
        parts = list(self._iter_effects(readout, cutoffs=cutoffs, random_state=random_state))
        if not parts:
            return pd.DataFrame(
                {c: pd.Series(dtype=t) for c, t in zip(_COLUMNS, [int] * 5 + [float])}
            )
        return pd.DataFrame({c: np.concatenate(values) for c, values in zip(_COLUMNS, zip(*parts))})

    def _iter_effects(self, readout, *, cutoffs=None, random_state=None):
        """Yield the columns of :meth:`per_sequence_effects` (arrays), chunk by chunk.

        Every analysed sequence of a read-out batch and all its mutated copies go through
        :func:`~sklearn_glifac.models.input_attribution` together, in passes of many rows; the
        effects are then gathered for all (source hit, target hit) pairs at once.
        """
        readout = check_readout(readout)
        net = self._net(readout)
        seed = derive_seed(self.random_state if random_state is None else random_state)
        if cutoffs is None:
            fmax = filter_max(readout)
            cutoffs = np.where(fmax > 0, self.activity_threshold * fmax, np.inf)
        rows = self._rows(readout, seed)
        rng = check_random_state(seed + 1)
        length = readout.pooled_len
        pass_rows = max(
            1, _PASS_ELEMENTS // (self.n_steps * readout.n_filters * readout.X.shape[2])
        )

        def attribution(inputs):
            # (rows, L + 1) cumulated attribution of the observed base per position
            attr = input_attribution(
                net, inputs, n_steps=self.n_steps, target=self.target, batch_size=pass_rows
            ).sum(axis=1)
            return np.concatenate([np.zeros((len(attr), 1)), np.cumsum(attr, axis=1)], axis=1)

        for batch in readout.batches(features=True, attention=True, activations=True):
            keep = np.isin(batch.indices, rows)
            if not keep.any():
                continue
            seqs = batch.indices[keep]
            active = batch.features[keep] > cutoffs  # (K, L', F)
            start, stop = hit_windows(batch.activations[keep], length, readout.kernel_size)
            if self._attended_only:
                linked = combine_heads(batch.attention[keep], self.head_reduction) > self.threshold
            else:
                linked = np.ones((len(seqs), length, length), dtype=bool)
            linked &= ~np.eye(length, dtype=bool)[None]
            # source hits (k, i, a): active, with at least one linked, active target
            has_target = (linked & active.any(axis=2)[:, None, :]).any(axis=2)
            src_k, src_i, src_a = np.nonzero(active & has_target[:, :, None])
            if len(src_k) == 0:
                continue
            lo = int(batch.indices[0])
            x = np.asarray(readout.X[lo : int(batch.indices[-1]) + 1], dtype=np.float32)
            x = x[seqs - lo]

            base = attribution(x)
            for c in range(0, len(src_k), _SOURCE_CHUNK):
                k, i, a = (v[c : c + _SOURCE_CHUNK] for v in (src_k, src_i, src_a))
                csum = attribution(
                    _mutated_copies(x, k, start[k, i, a], stop[k, i, a], self.mutation, rng)
                )
                # targets (j, b) of source s: linked to its position and active
                s, j, b = np.nonzero(linked[k, i][:, :, None] & active[k])
                ks = k[s]
                t0, t1 = start[ks, j, b], stop[ks, j, b]
                effect = np.abs((csum[s, t1] - csum[s, t0]) - (base[ks, t1] - base[ks, t0]))
                yield seqs[ks], a[s], i[s], b, j, effect

    def _sequence_max(self, readout, cutoffs, seed):
        """(n_analysed, F, F) per-sequence maximum effect (0 where the pair does not occur)."""
        rows = self._rows(readout, derive_seed(seed))
        out = np.zeros((len(rows), readout.n_filters, readout.n_filters))
        n_pairs = 0
        for sequence, a, _, b, _, effect in self._iter_effects(
            readout, cutoffs=cutoffs, random_state=seed
        ):
            np.maximum.at(out, (np.searchsorted(rows, sequence), a, b), effect)
            n_pairs += len(effect)
        return out, n_pairs

    def _scores(self, readout, background, *, fitting):
        self._net(readout)
        seed = derive_seed(self.random_state)
        fmax = filter_max(readout)
        cutoffs = np.where(fmax > 0, self.activity_threshold * fmax, np.inf)
        if background is None:
            from ..datasets import dinucleotide_shuffle

            rows = self._rows(readout, derive_seed(seed))
            shuffled = dinucleotide_shuffle(np.asarray(readout.X[rows]), random_state=seed)
            background = readout.with_sequences(shuffled)
        else:
            background = check_readout(background, name="background")
            self._check_n_filters(background, name="background")
        fg, n_pairs = self._sequence_max(readout, cutoffs, seed)
        bg, _ = self._sequence_max(background, cutoffs, seed + 2)
        pvalues, adjusted, tested = cooccurrence_test(fg, bg)
        W = -np.log10(np.maximum(adjusted, np.finfo(np.float64).tiny))
        if fitting:
            self.pvalues_, self.adjusted_pvalues_, self.tested_pairs_ = pvalues, adjusted, tested
            counts = (fg > 0).sum(axis=0)
            total = fg.sum(axis=0)
            self.mean_effect_ = np.divide(total, counts, out=np.zeros_like(total), where=counts > 0)
            self.n_sequences_ = len(fg)
            self.n_pairs_ = n_pairs
        return W

    def _fit_scores(self, readout, background=None):
        return self._scores(readout, background, fitting=True)

    def _transform_scores(self, readout, background=None):
        return self._scores(readout, background, fitting=False)

    def _decision(self, W):
        return W > -np.log10(self.alpha)

    def fit(
        self, readout: BaseReadout, y: None = None, background: BaseReadout | None = None
    ) -> _MutationInteractions:
        """Compute the mutation effects and test them against background sequences.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted classifier (``net.transform(X)``).
        y : None
            Ignored.
        background : BaseReadout, default=None
            Read-out of background sequences of the same network; ``None``: dinucleotide
            shuffles of the analysed sequences.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        return super().fit(readout, y, background=background)

    def transform(  # type: ignore[override]
        self, readout: BaseReadout, background: BaseReadout | None = None
    ) -> np.ndarray | pd.DataFrame:
        """``-log10`` adjusted p-values of another read-out, with the fitted settings.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of the same network.
        background : BaseReadout, default=None
            Background read-out (default: shuffles of the analysed sequences).

        Returns
        -------
        W : ndarray of shape (n_filters, n_filters)
        """
        return super().transform(readout, background=background)


_COLUMNS = ["sequence", "filter_a", "pos_a", "filter_b", "pos_b", "effect"]

_PARAMS_DOC = """
    Parameters
    ----------
    threshold : float, default=0.1
        Attention threshold of an attended position pair (FIS only; DFIM ignores it).
    head_reduction : {"max", "mean"}, default="max"
        How attention heads are combined.
    activity_threshold : float, default=0.5
        A filter hits a pooled position when its pooled activation exceeds this fraction of
        its maximum over the read-out.
    mutation : {"shuffle", "random", "zero"}, default="shuffle"
        How the source window is mutated: its bases permuted, replaced by uniform random
        bases, or set to all-zero columns (deterministic).
    n_steps : int, default=20
        Integrated-gradients steps of the input attribution (zero baseline).
    target : int, list of int or None, default=None
        Task(s) attributed; ``None``: the sum of all task logits.
    max_sequences : int, default=None
        Analyse a seeded subsample of this many sequences (and as many background shuffles);
        ``None``: all. Each sequence costs ``(1 + n_sources) * n_steps`` forward-backward
        passes of the attention and dense layers (the convolution runs once per copy), made
        in large batches over many sequences.
    alpha : float, default=0.05
        FDR level of the reported interactions.
    motifs : dict, str or path-like, default=None
        Motif database for the filter-to-motif step (as in :class:`GLIFACInteractions`).
    qvalue_threshold : float, default=0.05
        Tomtom q-value cutoff for a filter label.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsample, the mutations and the background shuffles.
    verbose : bool, default=False
        Unused; kept for the common interface.

    Attributes
    ----------
    filter_interactions_ : ndarray of shape (n_filters, n_filters)
        ``-log10`` Benjamini-Hochberg adjusted p-values (symmetric).
    interactions_ : ndarray of bool, shape (n_filters, n_filters)
        Adjusted p < ``alpha``.
    pvalues_, adjusted_pvalues_ : ndarray of shape (n_filters, n_filters)
        Raw and adjusted p-values (1 for untested pairs).
    tested_pairs_ : ndarray of bool, shape (n_filters, n_filters)
        Pairs with enough foreground and background observations to be tested.
    mean_effect_ : ndarray of shape (n_filters, n_filters)
        Mean per-sequence maximum effect over the foreground sequences where the (ordered)
        pair occurs (row = source filter).
    n_sequences_, n_pairs_ : int
        Sequences analysed and (source hit, target hit) pairs scored.
    filter_motifs_, filter_pwms_, filter_n_sites_, tomtom_, motif_interactions_, n_filters_
        As in :class:`GLIFACInteractions`.
"""


class FISInteractions(_MutationInteractions):
    __doc__ = (
        """Feature interaction scores (FIS, SATORI): mutation effects on attended hit pairs.

    For every attended pair of pooled positions ``(i, j)`` (head-combined attention above
    ``threshold``) with filter ``a`` active at ``i`` and ``b`` at ``j``, the source hit window of
    ``a`` is mutated and the change of the integrated-gradients attribution summed over the
    target hit window of ``b`` is the pair's effect. Each filter pair keeps, per sequence, its
    largest effect; foreground and background values are compared by SATORI's co-occurrence
    Mann-Whitney test (:func:`cooccurrence_test`) with Benjamini-Hochberg.
    """
        + _PARAMS_DOC
        + """
    See Also
    --------
    DFIMInteractions : The same effects over all hit pairs, not only attended ones.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.interactions import FISInteractions
    >>> from sklearn_glifac.models import ConvAttentionClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (20, 40))].transpose(0, 2, 1)
    >>> y = rng.integers(0, 2, (20, 2)).astype(np.float32)
    >>> net = ConvAttentionClassifier(module__n_filters=4, module__n_heads=2,
    ...     module__dense_units=8, max_epochs=1, verbose=0, random_state=0).fit(X, y)
    >>> fis = FISInteractions(n_steps=4, max_sequences=5, random_state=0)
    >>> fis.fit(net.transform(X)).filter_interactions_.shape
    (4, 4)
    """
    )


class DFIMInteractions(_MutationInteractions):
    __doc__ = (
        """Deep feature interaction maps (DFIM, Greenside et al. 2018) over all hit pairs.

    As :class:`FISInteractions`, but every pair of hits of active filters at two different
    pooled positions is scored, whatever the attention: the source hit window is mutated and
    the change of the input attribution over the target hit window is the effect.
    ``threshold`` and ``head_reduction`` are ignored.
    """
        + _PARAMS_DOC
        + """
    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.interactions import DFIMInteractions
    >>> from sklearn_glifac.models import ConvAttentionClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (20, 40))].transpose(0, 2, 1)
    >>> y = rng.integers(0, 2, (20, 2)).astype(np.float32)
    >>> net = ConvAttentionClassifier(module__n_filters=4, module__n_heads=2,
    ...     module__dense_units=8, max_epochs=1, verbose=0, random_state=0).fit(X, y)
    >>> dfim = DFIMInteractions(n_steps=4, max_sequences=5, random_state=0)
    >>> dfim.fit(net.transform(X)).filter_interactions_.shape
    (4, 4)
    """
    )

    _attended_only = False
