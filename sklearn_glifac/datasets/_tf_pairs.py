"""SATORI-v2 style simulations: interacting TF pairs at short spacings, one binary label."""

from __future__ import annotations

import itertools
import os
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.utils import Bunch, check_random_state

from ..motifs import load_jaspar_collection
from ..utils import check_int, check_unit_interval, derive_seed
from ._generators import (
    _as_list,
    _check_fit,
    _check_pair,
    _check_range,
    _common_checks,
    _interaction_frame,
    _resolve_motifs,
    _simulate,
)

__all__ = ["make_tf_pair_interactions"]


def _jaspar_pool(
    rng: np.random.RandomState, n_tfs: int, max_motif_width: int
) -> dict[str, np.ndarray]:
    """``n_tfs`` random JASPAR CORE vertebrate monomers no wider than ``max_motif_width``."""
    collection = load_jaspar_collection()
    pool = [k for k, v in collection.items() if "::" not in k and v.shape[1] <= max_motif_width]
    if n_tfs > len(pool):
        raise ValueError(
            f"n_tfs={n_tfs} exceeds the {len(pool)} JASPAR CORE vertebrate monomers of width "
            f"<= max_motif_width={max_motif_width}."
        )
    chosen = np.sort(rng.choice(len(pool), size=n_tfs, replace=False))
    return {pool[i]: collection[pool[i]] for i in chosen}


def _check_pairs(
    interactions: Any, names: Sequence[str], n_pairs: int, rng: np.random.RandomState
) -> list[tuple[str, str]]:
    """User (a, b) pairs, or ``n_pairs`` distinct random pairs; returns a list of (a, b)."""
    if interactions is None:
        combos = list(itertools.combinations(names, 2))
        if n_pairs > len(combos):
            raise ValueError(
                f"n_pairs={n_pairs} exceeds the {len(combos)} distinct pairs of {len(names)} TFs."
            )
        return [combos[i] for i in np.sort(rng.choice(len(combos), n_pairs, replace=False))]
    pairs, seen = [], set()
    for item in _as_list(interactions, "(motif_a, motif_b) pairs"):
        a, b = _check_pair(item, names, "(motif_a, motif_b)")
        if frozenset((a, b)) in seen:
            raise ValueError(f"interactions: the pair {(a, b)!r} is listed twice.")
        seen.add(frozenset((a, b)))
        pairs.append((a, b))
    if not pairs:
        raise ValueError("interactions is empty: at least one TF pair is needed.")
    return pairs


def make_tf_pair_interactions(
    n_samples: int = 20_000,
    *,
    seq_len: int = 300,
    motifs: Mapping[str, ArrayLike] | str | os.PathLike[str] | Sequence[str] | None = None,
    n_tfs: int = 20,
    n_pairs: int = 40,
    interactions: Sequence[tuple[str, str]] | None = None,
    pairs_per_sequence: int | tuple[int, int] = (3, 5),
    pair_spacing: int | tuple[int, int] = (8, 14),
    singles_per_sequence: int | tuple[int, int] = (2, 5),
    positive_fraction: float = 0.5,
    min_spacing: int = 1,
    max_motif_width: int = 15,
    background: ArrayLike | None = None,
    reverse_complement: float = 0.0,
    random_state: int | np.random.RandomState | None = None,
) -> Bunch:
    """Generate SATORI-v2 style data: ground-truth TF pairs embedded at short spacings.

    The second simulation family of the entropy-regularised attention study (Jabeen & Ben-Hur,
    extending SATORI): ``n_pairs`` ground-truth pairs over ``n_tfs`` JASPAR TFs (the study used
    40 pairs / 20 TFs, 60 / 25 and 80 / 30), 300-nt sequences, one binary label.

    - Positive sequences carry ``pairs_per_sequence`` pairs, each drawn uniformly (with
      replacement) from the ground-truth pairs and embedded as motif, gap, motif with a gap of
      ``pair_spacing`` nt (uniform, inclusive) between the end of the first motif and the start
      of the second; which motif comes first is random (50/50).
    - Negative sequences carry ``singles_per_sequence`` single sites of TFs drawn uniformly from
      the pool (they may contain both TFs of a pair, but not as an embedded pair).

    Placement, site sampling and background are those of :func:`make_motif_interactions`:
    pairs and single sites are non-overlapping units with at least ``min_spacing`` nt between
    units and from both ends, uniformly over valid placements; sites are sampled base by base.

    Parameters
    ----------
    n_samples : int, default=20_000
        Number of sequences.
    seq_len : int, default=300
        Sequence length.
    motifs : None, dict, str, path-like or sequence of str, default=None
        The TF pool. ``None`` draws ``n_tfs`` JASPAR CORE vertebrate monomers (no ``::``
        dimers) of width <= ``max_motif_width`` at random (from ``random_state``); otherwise as
        in :func:`make_motif_interactions` (all given motifs are used, ``n_tfs`` is ignored).
    n_tfs : int, default=20
        Pool size when ``motifs`` is None.
    n_pairs : int, default=40
        Number of random ground-truth pairs when ``interactions`` is None.
    interactions : None or list of (str, str), default=None
        Explicit ground-truth pairs (a TF may be in several pairs); None draws ``n_pairs``
        distinct random pairs.
    pairs_per_sequence : int or (int, int), default=(3, 5)
        Number of embedded pairs in a positive sequence (inclusive range).
    pair_spacing : int or (int, int), default=(8, 14)
        Gap in nt between the two motifs of an embedded pair (inclusive range).
    singles_per_sequence : int or (int, int), default=(2, 5)
        Number of single sites in a negative sequence (inclusive range).
    positive_fraction : float, default=0.5
        Fraction of positive sequences (rounded; positions random).
    min_spacing : int, default=1
        Minimum gap between units and from both ends.
    max_motif_width : int, default=15
        Widest JASPAR motif drawn when ``motifs`` is None.
    background : None or array-like of shape (4,), default=None
        Background base frequencies A, C, G, T; None is uniform.
    reverse_complement : float, default=0.0
        Probability that a site is embedded as its reverse complement.
    random_state : int, RandomState instance or None, default=None
        Seed of every random draw (including the TF pool and the pairs).

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        X : ndarray of shape (n_samples, 4, seq_len), float32
            One-hot DNA.
        y : ndarray of shape (n_samples, 1), int64
            1 for sequences with embedded pairs, 0 otherwise.
        target_names : list of str
            ``["interaction"]``.
        true_interactions : DataFrame of shape (n_tfs, n_tfs)
            Symmetric, 1 for ground-truth pairs, 0 elsewhere (zero diagonal); labelled by TF.
        grammar : DataFrame
            Ground-truth pairs: ``motif_a``, ``motif_b``, ``kind`` (``"pair"``).
        motifs : dict of str -> ndarray of shape (4, width)
            The TF pool.
        sites : DataFrame
            Every site, as in :func:`make_motif_interactions`, plus ``pair``: the row of
            ``grammar`` a site was embedded for, -1 for single sites.
        background : ndarray of shape (4,)
            Background base frequencies.
        DESCR : str
            A description of the dataset.

    Examples
    --------
    >>> from sklearn_glifac.datasets import make_tf_pair_interactions
    >>> from sklearn_glifac.motifs import load_motifs
    >>> data = make_tf_pair_interactions(200, motifs=load_motifs(), n_pairs=5, random_state=0)
    >>> data.X.shape, data.y.shape, int(data.true_interactions.to_numpy().sum()) // 2
    ((200, 4, 300), (200, 1), 5)
    """
    options = _common_checks(n_samples, seq_len, min_spacing, background, reverse_complement)
    n_samples, seq_len, min_spacing = (options[k] for k in ("n_samples", "seq_len", "min_spacing"))
    p_lo, p_hi = _check_range(pairs_per_sequence, name="pairs_per_sequence", low=1)
    g_lo, g_hi = _check_range(pair_spacing, name="pair_spacing", low=0, min_high=0)
    s_lo, s_hi = _check_range(singles_per_sequence, name="singles_per_sequence", low=0)
    frac = check_unit_interval(positive_fraction, name="positive_fraction")
    max_motif_width = check_int(max_motif_width, name="max_motif_width", low=1)
    rng = check_random_state(random_state)
    if motifs is None:
        n_tfs = check_int(n_tfs, name="n_tfs", low=2)
        ppms = _jaspar_pool(rng, n_tfs, max_motif_width)
    else:
        ppms = _resolve_motifs(motifs)
        if len(ppms) < 2:
            raise ValueError(f"motifs: at least 2 TFs are needed, got {len(ppms)}.")
    names = list(ppms)
    if interactions is None:
        n_pairs = check_int(n_pairs, name="n_pairs", low=1)
    pairs = _check_pairs(interactions, names, n_pairs, rng)
    widths = np.array([p.shape[1] for p in ppms.values()])
    pair_widths = np.array([widths[names.index(a)] + widths[names.index(b)] for a, b in pairs])
    _check_fit(
        seq_len,
        p_hi * (int(pair_widths.max()) + g_hi) + (p_hi + 1) * min_spacing,
        f"up to {p_hi} pairs of the widest pair ({pair_widths.max()} nt + {g_hi} nt gap) "
        f"with min_spacing={min_spacing}",
    )
    _check_fit(
        seq_len,
        s_hi * int(widths.max()) + (s_hi + 1) * min_spacing,
        f"up to {s_hi} single sites of the widest motif ({widths.max()} nt) with "
        f"min_spacing={min_spacing}",
    )

    is_pos = np.zeros(n_samples, dtype=bool)
    # The positives' positions come from a stream of their own: drawn from ``rng`` itself, they
    # correlate with the first permutation of a RandomState of the same seed, which is what
    # ``train_test_split(random_state=seed)`` draws, and a split with the data's seed got a
    # test set of 72-78 % positives and a training set of 43-44 %.
    own = np.random.RandomState(derive_seed(rng))
    is_pos[own.permutation(n_samples)[: int(round(frac * n_samples))]] = True
    n_units = np.where(is_pos, rng.randint(p_lo, p_hi + 1, n_samples), 0)
    n_units[~is_pos] = rng.randint(s_lo, s_hi + 1, int((~is_pos).sum()))
    unit_seq = np.repeat(np.arange(n_samples), n_units)
    paired = is_pos[unit_seq]
    pair_units, single_units = np.flatnonzero(paired), np.flatnonzero(~paired)

    col = {n: i for i, n in enumerate(names)}
    pair_motifs = np.array([[col[a], col[b]] for a, b in pairs])
    which = rng.randint(0, len(pairs), pair_units.size)
    flip = rng.randint(0, 2, pair_units.size)
    first = pair_motifs[which, flip]
    second = pair_motifs[which, 1 - flip]
    gap = rng.randint(g_lo, g_hi + 1, pair_units.size)
    single_motif = rng.randint(0, len(names), single_units.size)

    unit_width = np.empty(unit_seq.size, dtype=np.int64)
    unit_width[pair_units] = widths[first] + gap + widths[second]
    unit_width[single_units] = widths[single_motif]
    site_unit = np.concatenate([pair_units, pair_units, single_units])
    site_offset = np.concatenate(
        [np.zeros(pair_units.size, int), widths[first] + gap, np.zeros(single_units.size, int)]
    )
    site_motif = np.concatenate([first, second, single_motif])
    site_pair = np.concatenate([which, which, np.full(single_units.size, -1)])
    X, sites, order = _simulate(
        rng, ppms, unit_seq, unit_width, site_unit, site_offset, site_motif, options=options
    )
    sites["pair"] = site_pair[order]
    background, rc = options["background"], options["rc"]
    descr = f"""\
        Synthetic TF-pair data (SATORI-v2 simulation family).
        {n_samples} sequences of {seq_len} nt, background {background.round(4).tolist()} (ACGT),
        {int(is_pos.sum())} positives. Pool of {len(names)} TFs, {len(pairs)} ground-truth pairs.
        Positives: {p_lo}-{p_hi} embedded pairs (random order, {g_lo}-{g_hi} nt apart).
        Negatives: {s_lo}-{s_hi} single sites. >= {min_spacing} nt between units and from both
        ends; reverse-complement probability {rc}.
        """
    return Bunch(
        X=X,
        y=is_pos.astype(np.int64)[:, None],
        target_names=["interaction"],
        true_interactions=_interaction_frame(names, [(a, b, "and") for a, b in pairs]),
        grammar=pd.DataFrame(
            [(a, b, "pair") for a, b in pairs], columns=["motif_a", "motif_b", "kind"]
        ),
        motifs={k: v.copy() for k, v in ppms.items()},
        sites=sites,
        background=background,
        DESCR=textwrap.dedent(descr),
    )
