"""Synthetic DNA with a known motif grammar (GLIFAC paper, Appendix A; SATORI-v2 TF pairs).

All generators share one machinery: sequences are drawn base by base from a background, then
"units" (a single motif site, or a pair of sites at a fixed gap) are placed without overlap,
uniformly over all valid placements, and every site is sampled base by base from its position
probability matrix. Everything is vectorised over sequences; Python loops run only over site-count
buckets, sites within a bucket (at most ``n_sites``), and motifs.
"""

from __future__ import annotations

import numbers
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.utils import Bunch, check_random_state

from ..motifs import resolve_motifs
from ..utils import check_int, check_unit_interval

__all__ = ["make_motif_interactions", "GLIFAC_GRAMMAR", "AUTHORS_PAIR_RATE"]

# The paper's grammar: ELF1/SIX3 and TAL1/GATA1 positive ("and"), ESR1/FOXN3 and IRF1/SPI1
# negative ("xor"); CEBPB, NFIB, TEAD1 and YY1 independent.
GLIFAC_GRAMMAR = (
    ("ELF1", "SIX3", "and"),
    ("TAL1", "GATA1", "and"),
    ("ESR1", "FOXN3", "xor"),
    ("IRF1", "SPI1", "xor"),
)
_KINDS = {"and": 1, "xor": -1}

#: Per-unit probability that a unit is a given grammar pair (both motifs together), by kind,
#: for ``pair_rate="authors"``. Calibrated so that the paper grammar's class balance matches the
#: authors' dataset (the h5 file their code loads; fractions of positives printed by their
#: notebook: ELF1/SIX3 0.164, GATA1/TAL1 0.162, ESR1/FOXN3 0.102, IRF1/SPI1 0.101, CEBPB 0.143,
#: YY1 0.144, NFIB 0.142, TEAD1 0.143). Least squares of the exact positive rates of 1-5
#: uniformly many units over the two rates (see ``docs/user_guide/data.rst``) gives 0.052 and
#: 0.121; with 100,000 sequences the simulated rates are within 0.012 of the authors' per task.
AUTHORS_PAIR_RATE = {"and": 0.052, "xor": 0.121}


# ----------------------------------------------------------------------------------------------
# Parameter validation
# ----------------------------------------------------------------------------------------------


def _check_range(
    value: int | Sequence[int], *, name: str, low: int, min_high: int = 1
) -> tuple[int, int]:
    """An int or an inclusive (low, high) pair of ints, low <= high -> (low, high)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        pair = (value, value)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        pair = tuple(value)
    else:
        raise TypeError(f"{name} must be an int or a (min, max) pair of ints, got {value!r}.")
    lo = check_int(pair[0], name=f"{name}[0]", low=low)
    hi = check_int(pair[1], name=f"{name}[1]", low=max(lo, min_high))
    return lo, hi


def _check_background(background: ArrayLike | None) -> np.ndarray:
    """None -> uniform; else 4 non-negative finite frequencies (A, C, G, T) summing to 1."""
    if background is None:
        return np.full(4, 0.25)
    try:
        arr = np.asarray(background, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"background must be 4 base frequencies (A, C, G, T), got {background!r}."
        ) from exc
    if arr.shape != (4,):
        raise ValueError(
            f"background must be 4 base frequencies (A, C, G, T), got shape {arr.shape}."
        )
    if not np.isfinite(arr).all() or (arr < 0).any() or abs(arr.sum() - 1) > 1e-6:
        raise ValueError(
            f"background must be non-negative frequencies summing to 1, got {arr.tolist()}."
        )
    return arr / arr.sum()


def _resolve_motifs(motifs: Any) -> dict[str, np.ndarray]:
    """None / names / MEME path / dict -> ordered dict of validated PPMs."""
    return resolve_motifs(motifs, argname="motifs")


def _check_grammar(interactions: Any, names: Sequence[str]) -> list[tuple[str, str, str]]:
    """Validate (a, b, kind) triples; returns a list of (a, b, kind) with kind lower-case."""
    if isinstance(interactions, str):
        if interactions != "glifac":
            raise ValueError(
                f"interactions must be 'glifac', None or a list of (motif_a, motif_b, "
                f"'and'|'xor') tuples, got {interactions!r}."
            )
        missing = sorted({m for a, b, _ in GLIFAC_GRAMMAR for m in (a, b)} - set(names))
        if missing:
            raise ValueError(
                f"interactions='glifac' needs the motifs {missing}, which are not in motifs; "
                "pass your own list of (motif_a, motif_b, 'and'|'xor') tuples, or [] for none."
            )
        interactions = GLIFAC_GRAMMAR
    if interactions is None:
        return []
    seen: dict[str, tuple[Any, ...]] = {}
    out = []
    for item in _as_list(interactions, "(motif_a, motif_b, 'and'|'xor') tuples"):
        a, b, kind = _check_pair(item, names, "(motif_a, motif_b, 'and'|'xor')")
        if not isinstance(kind, str) or kind.lower() not in _KINDS:
            raise ValueError(f"interactions: kind must be 'and' or 'xor', got {kind!r}.")
        for m in (a, b):
            if m in seen:
                raise ValueError(
                    f"interactions: motif {m!r} appears in two pairs ({seen[m]!r} and "
                    f"{tuple(item)!r}); each motif's task can follow one pair only."
                )
            seen[m] = tuple(item)
        out.append((a, b, kind.lower()))
    return out


def _check_pair_rates(
    pair_rate: str | float | Mapping[str, float], grammar: Sequence[tuple[str, str, str]]
) -> np.ndarray:
    """Per-pair unit probabilities, shape (n_pairs,), from a float, a dict by kind or "authors"."""
    if isinstance(pair_rate, str):
        if pair_rate != "authors":
            raise ValueError(
                f"pair_rate must be 'authors', a probability or a dict {{'and': p, 'xor': q}}, "
                f"got {pair_rate!r}."
            )
        pair_rate = AUTHORS_PAIR_RATE
    if isinstance(pair_rate, dict):
        unknown = sorted(set(pair_rate) - set(_KINDS))
        if unknown:
            raise ValueError(f"pair_rate: unknown kind(s) {unknown}; use the keys 'and' and 'xor'.")
        rates = {
            k: check_unit_interval(pair_rate.get(k, 0.0), name=f"pair_rate[{k!r}]") for k in _KINDS
        }
        per_pair = np.array([rates[kind] for _, _, kind in grammar], dtype=np.float64)
    else:
        rate = check_unit_interval(pair_rate, name="pair_rate")
        per_pair = np.full(len(grammar), rate)
    if per_pair.sum() > 1 + 1e-12:
        raise ValueError(
            f"pair_rate gives each of the {len(grammar)} grammar pairs a per-unit probability "
            f"and these sum to {per_pair.sum():.3g} > 1; lower pair_rate."
        )
    return per_pair


def _as_list(interactions: Iterable[Any], form: str) -> list[Any]:
    if isinstance(interactions, (str, bytes)):
        raise TypeError(f"interactions must be a list of {form}, got {interactions!r}.")
    try:
        return list(interactions)
    except TypeError as exc:
        raise TypeError(f"interactions must be a list of {form}, got {interactions!r}.") from exc


def _check_pair(item: Any, names: Sequence[str], form: str) -> tuple[Any, ...]:
    """One grammar entry: a tuple of the expected length whose first two are distinct motifs."""
    arity = form.count(",") + 1
    if not isinstance(item, (tuple, list)) or len(item) != arity:
        raise ValueError(f"interactions: each entry must be {form}, got {item!r}.")
    for m in item[:2]:
        if not isinstance(m, str) or m not in names:
            raise ValueError(
                f"interactions: unknown motif {m!r} in {tuple(item)!r}; motifs are {names}."
            )
    if item[0] == item[1]:
        raise ValueError(f"interactions: a motif cannot interact with itself: {item!r}.")
    return tuple(item)


# ----------------------------------------------------------------------------------------------
# Shared machinery: background, placement, site sampling, one-hot, site table
# ----------------------------------------------------------------------------------------------


def _sample_background(
    rng: np.random.RandomState, n_samples: int, seq_len: int, background: np.ndarray
) -> np.ndarray:
    """Base indices (n_samples, seq_len), uint8, i.i.d. from ``background``."""
    if np.allclose(background, 0.25):
        return rng.randint(0, 4, size=(n_samples, seq_len)).astype(np.uint8)
    cdf = np.cumsum(background)[:3]
    out = np.empty((n_samples, seq_len), dtype=np.uint8)
    step = max(1, 2_000_000 // max(seq_len, 1))  # bounded float64 scratch memory
    for lo in range(0, n_samples, step):
        u = rng.random_sample((min(step, n_samples - lo), seq_len))
        out[lo : lo + len(u)] = np.searchsorted(cdf, u, side="right")
    return out


def _random_subsets(rng: np.random.RandomState, pool: np.ndarray, k: int) -> np.ndarray:
    """Sorted uniform k-subsets of range(pool[r]) for every row r (Floyd's algorithm)."""
    chosen = np.empty((len(pool), k), dtype=np.int64)
    for i in range(k):
        j = pool - k + i
        t = rng.randint(0, j + 1)
        taken = (chosen[:, :i] == t[:, None]).any(axis=1)
        chosen[:, i] = np.where(taken, j, t)
    chosen.sort(axis=1)
    return chosen


def _place_units(
    rng: np.random.RandomState,
    unit_seq: np.ndarray,
    unit_width: np.ndarray,
    n_samples: int,
    seq_len: int,
    min_spacing: int,
) -> np.ndarray:
    """Start of every unit: non-overlapping, >= ``min_spacing`` apart and from both ends.

    Units are given grouped by sequence, in their left-to-right order. For a sequence with k
    units of total width W, the slack S = seq_len - W - (k + 1) * min_spacing is split into k + 1
    extra gaps uniformly over all compositions (a uniform k-subset of range(S + k), "stars and
    bars"), so every valid placement of the ordered units is equally likely.
    """
    counts = np.bincount(unit_seq, minlength=n_samples)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    starts = np.empty(len(unit_seq), dtype=np.int64)
    for k in np.unique(counts[counts > 0]):
        rows = np.flatnonzero(counts == k)
        idx = first[rows, None] + np.arange(k)
        widths = unit_width[idx]
        slack = seq_len - widths.sum(axis=1) - (k + 1) * min_spacing
        if (slack < 0).any():  # callers check feasibility; this guards the invariant
            raise AssertionError("units do not fit; feasibility check missed a case")
        extra = _random_subsets(rng, slack + k, k) - np.arange(k)
        before = np.cumsum(widths, axis=1) - widths
        starts[idx] = min_spacing * (1 + np.arange(k)) + extra + before
    return starts


def _reverse_complement(ppm: np.ndarray) -> np.ndarray:
    return ppm[::-1, ::-1]  # rows ACGT -> TGCA is the complement; columns reversed


def _embed_sites(
    rng: np.random.RandomState,
    seqs: np.ndarray,
    ppms: Sequence[np.ndarray],
    site_seq: np.ndarray,
    site_start: np.ndarray,
    site_motif: np.ndarray,
    site_rc: np.ndarray,
) -> None:
    """Overwrite ``seqs`` (base indices) with bases sampled from each site's matrix."""
    for m, ppm in enumerate(ppms):
        for rc in (False, True):
            sel = np.flatnonzero((site_motif == m) & (site_rc == rc))
            if sel.size == 0:
                continue
            mat = _reverse_complement(ppm) if rc else ppm
            cdf = np.cumsum(mat, axis=0)[:3]  # (3, width)
            u = rng.random_sample((sel.size, mat.shape[1]))
            bases = (u[:, None, :] >= cdf[None]).sum(axis=1).astype(np.uint8)
            cols = site_start[sel, None] + np.arange(mat.shape[1])
            seqs[site_seq[sel, None], cols] = bases


def _onehot(seqs: np.ndarray) -> np.ndarray:
    """uint8 base indices (n, L) -> float32 one-hot (n, 4, L)."""
    X = np.empty((seqs.shape[0], 4, seqs.shape[1]), dtype=np.float32)
    for b in range(4):
        np.equal(seqs, b, out=X[:, b, :], casting="unsafe")
    return X


def _simulate(
    rng: np.random.RandomState,
    ppms: Mapping[str, np.ndarray],
    unit_seq: np.ndarray,
    unit_width: np.ndarray,
    site_unit: np.ndarray,
    site_offset: np.ndarray,
    site_motif: np.ndarray,
    *,
    options: Mapping[str, Any],
) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """Draw sequences carrying the given units and sites; return (X, sites DataFrame).

    ``options`` holds the validated n_samples, seq_len, background, min_spacing and
    reverse_complement (rc); site strands are drawn here.
    """
    o = options
    site_rc = _draw_strands(rng, site_motif.size, o["rc"])
    seqs = _sample_background(rng, o["n_samples"], o["seq_len"], o["background"])
    unit_start = _place_units(
        rng, unit_seq, unit_width, o["n_samples"], o["seq_len"], o["min_spacing"]
    )
    site_seq = unit_seq[site_unit]
    site_start = unit_start[site_unit] + site_offset
    _embed_sites(rng, seqs, list(ppms.values()), site_seq, site_start, site_motif, site_rc)
    widths = np.array([p.shape[1] for p in ppms.values()])
    order = np.lexsort((site_start, site_seq))
    sites = pd.DataFrame(
        {
            "sequence": site_seq[order],
            "motif": pd.Categorical.from_codes(site_motif[order], categories=list(ppms)),
            "start": site_start[order],
            "end": site_start[order] + widths[site_motif[order]],
            "strand": pd.Categorical.from_codes(
                site_rc[order].astype(np.int8), categories=["+", "-"]
            ),
        }
    )
    return _onehot(seqs), sites, order


def _check_fit(seq_len: int, need: int, what: str) -> None:
    if need > seq_len:
        raise ValueError(
            f"seq_len={seq_len} is too short: {what} need {need} nt. Increase seq_len or reduce "
            "the number of sites, min_spacing or the motif widths."
        )


def _common_checks(
    n_samples: int,
    seq_len: int,
    min_spacing: int,
    background: ArrayLike | None,
    reverse_complement: float,
) -> dict[str, Any]:
    """Validate the options every generator shares; returns them as a dict for _simulate."""
    return {
        "n_samples": check_int(n_samples, name="n_samples", low=1),
        "seq_len": check_int(seq_len, name="seq_len", low=1),
        "min_spacing": check_int(min_spacing, name="min_spacing", low=0),
        "background": _check_background(background),
        "rc": check_unit_interval(reverse_complement, name="reverse_complement"),
    }


def _draw_strands(rng: np.random.RandomState, size: int, rc: float) -> np.ndarray:
    if rc == 0:
        return np.zeros(size, dtype=bool)
    return rng.random_sample(size) < rc


# ----------------------------------------------------------------------------------------------
# GLIFAC multi-task grammar
# ----------------------------------------------------------------------------------------------


def _draw_units(
    rng: np.random.RandomState,
    n_units: int,
    widths: np.ndarray,
    pair_idx: np.ndarray,
    rates: np.ndarray,
    gap: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unit kinds and their sites: (unit_width, site_unit, site_offset, site_motif).

    Unit ``u`` is grammar pair ``p`` with probability ``rates[p]`` (motifs in random order,
    ``gap`` nt apart), else a single site with a motif uniform over the pool.
    """
    cum = np.cumsum(rates)
    kind = np.searchsorted(cum, rng.random_sample(n_units), side="right")  # len(rates): single
    pair_units = np.flatnonzero(kind < len(rates))
    single_units = np.flatnonzero(kind == len(rates))
    flip = rng.randint(0, 2, pair_units.size).astype(bool)
    chosen = pair_idx[kind[pair_units]]
    first = np.where(flip, chosen[:, 1], chosen[:, 0])
    second = np.where(flip, chosen[:, 0], chosen[:, 1])
    gaps = rng.randint(gap[0], gap[1] + 1, pair_units.size)
    single_motif = rng.randint(0, len(widths), single_units.size)
    unit_width = np.empty(n_units, dtype=np.int64)
    unit_width[pair_units] = widths[first] + gaps + widths[second]
    unit_width[single_units] = widths[single_motif]
    site_unit = np.concatenate([pair_units, pair_units, single_units])
    site_offset = np.concatenate(
        [np.zeros(pair_units.size, np.int64), widths[first] + gaps,
         np.zeros(single_units.size, np.int64)]
    )  # fmt: skip
    site_motif = np.concatenate([first, second, single_motif])
    return unit_width, site_unit, site_offset, site_motif


def _grammar_labels(
    presence: np.ndarray, names: Sequence[str], grammar: Sequence[tuple[str, str, str]]
) -> np.ndarray:
    """Multi-task labels from motif presence (n, M) and (a, b, kind) pairs."""
    y = presence.copy()
    col = {n: i for i, n in enumerate(names)}
    for a, b, kind in grammar:
        pa, pb = presence[:, col[a]], presence[:, col[b]]
        if kind == "and":
            y[:, col[a]] = y[:, col[b]] = pa & pb
        else:
            y[:, col[a]] = pa & ~pb
            y[:, col[b]] = pb & ~pa
    return y.astype(np.int64)


def _interaction_frame(names: Sequence[str], pairs: Iterable[tuple[str, str, str]]) -> pd.DataFrame:
    """Symmetric (M, M) DataFrame, +1 AND, -1 XOR, 0 elsewhere (zero diagonal)."""
    mat = np.zeros((len(names), len(names)), dtype=np.int64)
    col = {n: i for i, n in enumerate(names)}
    for a, b, kind in pairs:
        mat[col[a], col[b]] = mat[col[b], col[a]] = _KINDS[kind]
    return pd.DataFrame(mat, index=list(names), columns=list(names))


def make_motif_interactions(
    n_samples: int = 100_000,
    *,
    seq_len: int = 200,
    motifs: Mapping[str, ArrayLike] | str | os.PathLike[str] | Sequence[str] | None = None,
    interactions: str | Sequence[tuple[str, str, str]] | None = "glifac",
    n_sites: int | tuple[int, int] = (1, 5),
    pair_rate: str | float | Mapping[str, float] = "authors",
    pair_gap: int | tuple[int, int] = (1, 5),
    min_spacing: int = 1,
    background: ArrayLike | None = None,
    reverse_complement: float = 0.0,
    random_state: int | np.random.RandomState | None = None,
) -> Bunch:
    """Generate DNA with embedded motifs and a multi-task regulatory grammar (GLIFAC paper).

    Reproduces the synthetic task of Ghotra, Lee & Koo (2021), Appendix A: random sequences, each
    with ``n_sites`` non-overlapping binding sites whose motifs are drawn with replacement from a
    pool; one binary task per motif; some motif pairs interact:

    - independent motif: the task is positive iff the motif is present;
    - ``"and"`` pair (a, b) (positive interaction): both tasks are positive iff *both* motifs
      are present;
    - ``"xor"`` pair (a, b) (negative interaction): task a is positive iff a is present and b
      is absent, and symmetrically for b.

    The default grammar is the paper's: ELF1/SIX3 and TAL1/GATA1 "and", ESR1/FOXN3 and
    IRF1/SPI1 "xor", CEBPB, NFIB, TEAD1 and YY1 independent (see :func:`load_motifs` for the
    JASPAR matrices, including the TAL1 -> TAL1::TCF3 choice).

    Generation: background bases are i.i.d. from ``background``. A sequence is built from a
    number of *units* uniform on ``n_sites``. A unit is one of the grammar pairs with
    probability ``pair_rate`` per pair (both motifs, in random order, ``pair_gap`` nt apart),
    else a single site whose motif is uniform over the pool (with replacement, so a motif can
    occur several times). Units keep their draw order along the sequence and are placed
    uniformly over all placements with at least ``min_spacing`` nt between units and between a
    unit and either end. Every site is sampled base by base from the motif's probability matrix
    (not the consensus). The paper does not mention strands and its simulation embedded motifs
    as given (forward strand), which is the default here; ``reverse_complement`` embeds each
    site as the reverse complement with that probability.

    **Two data distributions.** The paper's text draws every site independently
    (``pair_rate=0``): the AND tasks are then rare (4.5 % positives) and a network has to learn
    them from few examples. The authors' dataset, from which their results came, has the
    grammar pairs co-occurring far more often; ``pair_rate="authors"`` (the default) embeds
    pairs as units at the rates of :data:`AUTHORS_PAIR_RATE`, calibrated to the authors' class
    balance (0.164 / 0.162 AND, 0.102 / 0.101 XOR, 0.14 independent; here 0.16 / 0.16,
    0.09, 0.15, each within 0.012 at 100,000 sequences). ``pair_rate=0`` is the negative control
    (interactions learned from labels alone, no co-occurrence signal to borrow).

    Parameters
    ----------
    n_samples : int, default=100_000
        Number of sequences.
    seq_len : int, default=200
        Sequence length in nucleotides.
    motifs : None, dict, str, path-like or sequence of str, default=None
        The motif pool: ``None`` for the 12 GLIFAC motifs; a dict name -> matrix of shape
        (4, width) (rows ACGT; counts or probabilities, columns are normalised); JASPAR names or
        matrix IDs; or a MEME file path (see :func:`load_motifs`).
    interactions : "glifac", None or list of (str, str, {"and", "xor"}), default="glifac"
        The grammar. ``"glifac"`` is the paper's (needs the default motif names); ``None`` or
        ``[]`` makes every motif independent. Each motif may belong to at most one pair.
    n_sites : int or (int, int), default=(1, 5)
        Number of units per sequence, inclusive range (or a fixed number). A unit is one site,
        or one grammar pair (two sites); with ``pair_rate=0`` every unit is one site.
    pair_rate : "authors", float or dict, default="authors"
        Per-unit probability that a unit is a given grammar pair. ``"authors"`` uses
        :data:`AUTHORS_PAIR_RATE` (``{"and": 0.052, "xor": 0.121}``, the authors' class
        balance); a float applies to every pair; a dict gives a rate per kind (``"and"``,
        ``"xor"``; a missing kind is 0). ``0`` places every site independently (the paper's
        text). The rates of all pairs must sum to at most 1.
    pair_gap : int or (int, int), default=(1, 5)
        Number of background nt between the two sites of a pair unit, uniform on the inclusive
        range; at least ``min_spacing`` (ignored when no pair unit can be drawn).
    min_spacing : int, default=1
        Minimum number of background nt between two sites and between a site and either end.
    background : None or array-like of shape (4,), default=None
        Base frequencies A, C, G, T (non-negative, summing to 1); ``None`` is uniform.
    reverse_complement : float, default=0.0
        Probability that a site is embedded as its reverse complement (paper: 0).
    random_state : int, RandomState instance or None, default=None
        Seed of every random draw.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        X : ndarray of shape (n_samples, 4, seq_len), float32
            One-hot DNA (rows A, C, G, T); every column has exactly one 1.
        y : ndarray of shape (n_samples, n_motifs), int64
            Binary labels following the grammar, one column per motif.
        target_names : list of str
            Motif names in column order of ``y``.
        true_interactions : DataFrame of shape (n_motifs, n_motifs)
            Symmetric ground truth, +1 for "and" pairs, -1 for "xor" pairs, 0 elsewhere.
        grammar : DataFrame
            One row per pair: ``motif_a``, ``motif_b``, ``kind``.
        motifs : dict of str -> ndarray of shape (4, width)
            The probability matrices used.
        sites : DataFrame
            Every embedded site, sorted by ``sequence`` and ``start``: ``sequence`` (row of X),
            ``motif`` (categorical, categories = ``target_names``), ``start``, ``end`` (exclusive,
            ``X[sequence, :, start:end]``), ``strand`` (``"+"`` or ``"-"``; for ``"-"`` the
            forward-strand bases are the reverse complement of a sample from the matrix).
        background : ndarray of shape (4,)
            Background base frequencies.
        DESCR : str
            Description of the data set and its parameters.

    Raises
    ------
    ValueError
        Non-positive ``n_samples``, ``seq_len`` too short for ``n_sites`` sites of the widest
        motif, unknown motif names, a malformed grammar, bad ``background``.

    See Also
    --------
    make_tf_pair_interactions : SATORI-v2 style single-task data with interacting TF pairs.
    train_val_test_split : the paper's 0.7 / 0.1 / 0.2 split.

    Examples
    --------
    >>> from sklearn_glifac.datasets import make_motif_interactions
    >>> data = make_motif_interactions(1000, random_state=0)
    >>> data.X.shape, data.y.shape
    ((1000, 4, 200), (1000, 12))
    >>> truth = data.true_interactions
    >>> int(truth.loc["ELF1", "SIX3"]), int(truth.loc["ESR1", "FOXN3"])
    (1, -1)
    >>> list(data.sites.columns)
    ['sequence', 'motif', 'start', 'end', 'strand']
    """
    options = _common_checks(n_samples, seq_len, min_spacing, background, reverse_complement)
    n_samples, seq_len, min_spacing = (options[k] for k in ("n_samples", "seq_len", "min_spacing"))
    lo, hi = _check_range(n_sites, name="n_sites", low=0)
    ppms = _resolve_motifs(motifs)
    names = list(ppms)
    grammar = _check_grammar(interactions, names)
    rates = _check_pair_rates(pair_rate, grammar)
    g_lo, g_hi = _check_range(pair_gap, name="pair_gap", low=0, min_high=0)
    if g_lo < min_spacing and (rates > 0).any():  # no pair unit, no gap to check
        raise ValueError(
            f"pair_gap must be >= min_spacing={min_spacing} (the two sites of a pair are "
            f"spaced too), got {pair_gap!r}; pass pair_gap=({min_spacing}, ...)."
        )
    widths = np.array([p.shape[1] for p in ppms.values()])
    col = {n: i for i, n in enumerate(names)}
    pair_idx = np.array([(col[a], col[b]) for a, b, _ in grammar], dtype=np.int64).reshape(-1, 2)
    unit_widths = {f"the widest motif ({names[int(widths.argmax())]})": int(widths.max())}
    if (rates > 0).any():
        used = pair_idx[rates > 0]
        k = int(widths[used].sum(axis=1).argmax())
        a, b = (names[i] for i in used[k])
        unit_widths[f"the widest pair unit ({a}/{b} with a gap of {g_hi})"] = int(
            widths[used[k]].sum() + g_hi
        )
    widest, width = max(unit_widths.items(), key=lambda kv: kv[1])
    _check_fit(
        seq_len,
        hi * width + (hi + 1) * min_spacing,
        f"n_sites up to {hi} units of {widest}, {width} nt, with min_spacing={min_spacing}",
    )

    rng = check_random_state(random_state)
    per_seq = rng.randint(lo, hi + 1, size=n_samples)
    n_units = int(per_seq.sum())
    unit_seq = np.repeat(np.arange(n_samples), per_seq)
    X, sites, _ = _simulate(
        rng, ppms, unit_seq, *_draw_units(rng, n_units, widths, pair_idx, rates, (g_lo, g_hi)),
        options=options,
    )  # fmt: skip
    presence = np.zeros((n_samples, len(names)), dtype=bool)
    presence[sites["sequence"].to_numpy(), sites["motif"].cat.codes.to_numpy()] = True
    y = _grammar_labels(presence, names, grammar)
    background, rc = options["background"], options["rc"]
    rules = ", ".join(f"{a}/{b} {k}" for a, b, k in grammar) or "none"
    per_pair = dict(zip([f"{a}/{b}" for a, b, _ in grammar], rates.round(4).tolist()))
    descr = f"""\
        Synthetic motif-grammar data (GLIFAC paper, Appendix A).
        {n_samples} sequences of {seq_len} nt, background {background.round(4).tolist()} (ACGT).
        {lo}-{hi} non-overlapping units per sequence; a unit is a grammar pair (both motifs,
        random order, {g_lo}-{g_hi} nt apart) with probability {per_pair}
        per pair, else one site with a motif drawn with replacement from
        {len(names)}: {", ".join(names)}; >= {min_spacing} nt between units and from both ends;
        sites sampled from the probability matrices; reverse-complement probability {rc}.
        Grammar: {rules}. Other motifs independent.
        Tasks: one per motif; 'and' pairs are positive only when both motifs are present,
        'xor' tasks are positive when the own motif is present and the partner absent.
        Positive rate per task: {dict(zip(names, y.mean(axis=0).round(3).tolist()))}.
        """
    return Bunch(
        X=X,
        y=y,
        target_names=names,
        true_interactions=_interaction_frame(names, grammar),
        grammar=pd.DataFrame(grammar, columns=["motif_a", "motif_b", "kind"]),
        motifs={k: v.copy() for k, v in ppms.items()},
        sites=sites,
        background=background,
        DESCR=textwrap.dedent(descr),
    )
