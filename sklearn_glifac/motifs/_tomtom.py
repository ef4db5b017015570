"""Tomtom matching of filter PWMs against a motif database, and motif-name matching."""

from __future__ import annotations

import numbers
import os
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import torch
from numpy.typing import ArrayLike
from scipy.stats import false_discovery_control

from ._io import check_motifs, load_jaspar_collection, read_meme

# memelite warns below this many targets: its column-score background is too small.
_MIN_TOMTOM_TARGETS = 25

__all__ = ["match_filters", "match_motif_names", "random_hits"]


def _load_database(motifs: object) -> dict[str, np.ndarray]:
    """``motifs`` argument -> dict name -> (4, w) float64 PPM (validated by datasets)."""
    if isinstance(motifs, str) and motifs.lower() == "jaspar":
        db = load_jaspar_collection()
    elif isinstance(motifs, str | os.PathLike):
        if not os.path.isfile(motifs):
            raise FileNotFoundError(
                f"motifs: {os.fspath(motifs)!r} is neither 'jaspar' nor an existing MEME file."
            )
        db = read_meme(motifs)
    elif isinstance(motifs, Mapping):
        db = motifs
    else:
        raise TypeError(
            "motifs must be a dict name -> (4, width) matrix, a MEME file path or 'jaspar', got "
            f"{type(motifs).__name__}."
        )
    return check_motifs(db, argname="motifs")


def _check_pwms(pwms: object, name: str = "pwms") -> list[np.ndarray]:
    if isinstance(pwms, np.ndarray | list | tuple) and len(pwms) == 0:
        raise ValueError(f"{name} is empty: need at least one (4, width) matrix.")
    if isinstance(pwms, np.ndarray) and pwms.ndim != 3:
        raise ValueError(
            f"{name} must have shape (n_filters, 4, width) or be a list of (4, width) matrices, "
            f"got shape {pwms.shape}."
        )
    if not isinstance(pwms, np.ndarray | list | tuple):
        raise TypeError(
            f"{name} must be an array of shape (n_filters, 4, width) or a list of (4, width) "
            f"matrices, got {type(pwms).__name__}."
        )
    out = []
    for f, m in enumerate(pwms):
        m = np.asarray(m, dtype=np.float64)
        if m.ndim != 2 or m.shape[0] != 4 or m.shape[1] < 1:
            raise ValueError(f"{name}[{f}] must have shape (4, width), got {m.shape}.")
        if not np.isfinite(m).all() or (m < 0).any() or (m.sum(axis=0) <= 0).any():
            raise ValueError(
                f"{name}[{f}] must hold finite non-negative values with positive column sums."
            )
        out.append(np.ascontiguousarray(m / m.sum(axis=0)))
    return out


def _check_optional_threshold(
    value: float | None, name: str, *, upper: float | None = None
) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ValueError(f"{name} must be a positive number or None, got {value!r}.")
    if upper is not None and value > upper:
        raise ValueError(f"{name} must be in (0, {upper}], got {value!r}.")
    return float(value)


def _informative_span(
    pwm: np.ndarray, threshold: float, pad: int, min_columns: int = 1
) -> tuple[int, int] | None:
    """Columns ``[start, end)`` from the first to the last column with information content above
    ``threshold`` bits, widened by ``pad``; None with fewer than ``min_columns`` such columns."""
    p = np.clip(pwm, 1e-12, 1.0)
    info = 2.0 + (p * np.log2(p)).sum(axis=0)
    idx = np.flatnonzero(info > threshold)
    if len(idx) == 0 or len(idx) < min_columns:
        return None
    return max(idx[0] - pad, 0), min(idx[-1] + pad + 1, pwm.shape[1])


def match_filters(
    pwms: ArrayLike | Sequence[np.ndarray],
    motifs: Mapping[str, ArrayLike] | str | os.PathLike[str],
    *,
    qvalue_threshold: float | None = 0.05,
    evalue_threshold: float | None = None,
    trim_threshold: float = 0.5,
    trim_pad: int = 3,
    min_informative_columns: int = 3,
    n_matches: int = 5,
    background: str | Mapping[str, ArrayLike] | None = "auto",
    n_jobs: int = -1,
) -> tuple[list[str], pd.DataFrame]:
    """Label filters with their best Tomtom match in a motif database.

    Every filter PWM is compared with every database motif by Tomtom (``memelite.tomtom``, both
    strands). memelite returns p-values only; we add, as MEME's Tomtom reports them, the E-value
    (p-value times the number of database motifs) and the q-value (Benjamini-Hochberg over all
    database motifs, separately for each filter). A filter's label is its match with the
    smallest p-value among those passing the thresholds, ``""`` when none does.

    Before the comparison each PWM is trimmed to its informative part (as the original GLIFAC
    code did): from the first to the last column whose information content exceeds
    ``trim_threshold`` bits, plus ``trim_pad`` columns on each side. A filter with fewer than
    ``min_informative_columns`` informative columns is not compared and stays unlabelled (the
    original code compared filters without any informative column untrimmed). This matters:
    memelite's Tomtom scores column similarity by Euclidean distance, and a flat query matches
    long, flat database motifs with tiny p-values (a uniform 15-column PWM matches a JASPAR CTCF
    matrix with p ~ 1e-14; so does a flat PWM with a single 0.55-bit column, q ~ 1e-4, as seen
    on briefly trained networks).

    Tomtom p-values use the target columns as the background distribution of column scores: with
    a small database (fewer than 25 motifs, e.g. the 12 ground-truth motifs) they depend strongly
    on which motifs are included. By default (``background="auto"``) a small database is
    therefore compared together with JASPAR CORE vertebrates, which only serve as background
    columns: matches, E-values and q-values are still those of the given motifs alone. Matching
    against the whole JASPAR collection (``motifs="jaspar"``) also reveals "random hits"
    (filters that match real motifs absent from the ground truth).

    Parameters
    ----------
    pwms : ndarray of shape (n_filters, 4, width) or list of ndarray of shape (4, width)
        Filter probability matrices (rows A, C, G, T), e.g. from :func:`filter_pwms`.
    motifs : dict of str -> array-like of shape (4, width), path-like or "jaspar"
        The database: a mapping name -> matrix (counts or probabilities), a MEME file (names are
        the rest of each MOTIF line, e.g. ``"MA0004.1 Arnt"``), or ``"jaspar"`` for JASPAR CORE
        vertebrates (JASPAR2024, bundled with pyjaspar, keyed by TF name).
    qvalue_threshold : float in (0, 1] or None, default=0.05
        Largest q-value of a match that labels a filter; None disables the q-value criterion.
    evalue_threshold : float > 0 or None, default=None
        Largest E-value of a match that labels a filter (the original GLIFAC code used Tomtom
        with E < 0.25); None disables it. A match must pass every threshold that is not None.
    trim_threshold : float >= 0 or None, default=0.5
        Information content (bits, out of 2) that marks a column as informative; None compares
        every whole PWM (no trimming, no minimum number of informative columns).
    trim_pad : int >= 0, default=3
        Columns kept on each side of the informative span.
    min_informative_columns : int >= 1, default=3
        Filters with fewer informative columns are too uninformative to be named and are not
        compared.
    n_matches : int or None, default=5
        Rows per filter in the returned table (the best matches by p-value); None keeps every
        database motif.
    background : "auto", "jaspar", dict or None, default="auto"
        Extra motifs whose columns only enter Tomtom's background distribution (never a label).
        ``"auto"``: JASPAR CORE vertebrates when the database has fewer than 25 motifs, nothing
        otherwise; ``"jaspar"``: always; a dict name -> (4, w) matrix; None: no extra columns
        (memelite then warns for small databases).
    n_jobs : int, default=-1
        Threads for memelite (-1: numba's default, all cores). torch's thread count is restored
        afterwards (numba shares torch's OpenMP runtime and would otherwise change it).

    Returns
    -------
    labels : list of str of length n_filters
        Best significant match per filter, ``""`` when none passes.
    table : DataFrame
        One block of rows per compared filter (none for filters without an informative
        column). Columns ``filter`` (index), ``trim_start`` (first PWM column compared),
        ``motif``, ``p_value``, ``e_value``, ``q_value``, ``score`` (Tomtom's similarity score),
        ``offset`` and ``overlap`` (memelite's alignment offset and number of overlapping columns,
        relative to the trimmed PWM), ``orientation`` (``"+"``, or ``"-"`` when the match is to
        the motif's reverse complement), ``significant`` (passes the thresholds) and ``label``
        (this row gives the filter's label); sorted by filter, then p-value.

    Raises
    ------
    ValueError
        For malformed PWMs or database matrices, or thresholds out of range.
    FileNotFoundError
        If ``motifs`` is a path that does not exist.

    Examples
    --------
    >>> import numpy as np, warnings
    >>> rng = np.random.default_rng(0)
    >>> db = {f"m{i}": rng.dirichlet(np.full(4, .3), size=8).T for i in range(30)}
    >>> pwms = np.stack([db["m3"][:, :8], np.full((4, 8), .25)])
    >>> labels, table = match_filters(pwms, db)
    >>> labels
    ['m3', '']
    """
    from memelite import tomtom

    qvalue_threshold = _check_optional_threshold(qvalue_threshold, "qvalue_threshold", upper=1)
    evalue_threshold = _check_optional_threshold(evalue_threshold, "evalue_threshold")
    if n_matches is not None and (
        isinstance(n_matches, bool) or not isinstance(n_matches, numbers.Integral) or n_matches < 1
    ):
        raise ValueError(f"n_matches must be a positive integer or None, got {n_matches!r}.")
    if trim_threshold is not None and (
        isinstance(trim_threshold, bool)
        or not isinstance(trim_threshold, numbers.Real)
        or not 0 <= trim_threshold <= 2
    ):
        raise ValueError(f"trim_threshold must be in [0, 2] bits or None, got {trim_threshold!r}.")
    for value, name, low in (
        (trim_pad, "trim_pad", 0),
        (min_informative_columns, "min_informative_columns", 1),
    ):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}.")
    queries = _check_pwms(pwms)
    db = _load_database(motifs)
    names = list(db)
    targets = [np.ascontiguousarray(m, dtype=np.float64) for m in db.values()]

    spans = [
        (0, m.shape[1])
        if trim_threshold is None
        else _informative_span(m, trim_threshold, trim_pad, min_informative_columns)
        for m in queries
    ]
    compared = [f for f, span in enumerate(spans) if span is not None]
    labels = [""] * len(queries)
    columns = ["filter", "trim_start", "motif", "p_value", "e_value", "q_value", "score"]
    columns += ["offset", "overlap", "orientation", "significant", "label"]
    if not compared:
        return labels, pd.DataFrame(columns=columns)
    trimmed = [np.asfortranarray(queries[f][:, slice(*spans[f])]) for f in compared]
    extra = _background_targets(background, n_targets=len(targets))
    n_threads = torch.get_num_threads()
    try:
        p, score, offset, overlap, strand = (
            a[:, : len(targets)] for a in tomtom(trimmed, targets + extra, n_jobs=n_jobs)
        )
    finally:
        # numba (memelite) shares torch's OpenMP runtime and can leave torch with another
        # thread count: training after a Tomtom call then ran 10-20x slower on 2 cores.
        torch.set_num_threads(n_threads)
    p = np.clip(p, 0.0, 1.0)
    e = p * len(targets)
    q = false_discovery_control(p, axis=1, method="bh")
    ok = np.ones_like(p, dtype=bool)
    if qvalue_threshold is not None:
        ok &= q <= qvalue_threshold
    if evalue_threshold is not None:
        ok &= e <= evalue_threshold

    rows = []
    for r, f in enumerate(compared):
        order = np.lexsort((q[r], p[r]))  # by p-value, ties by q-value
        hits = order[ok[r, order]]
        best = hits[0] if len(hits) else None
        if best is not None:
            labels[f] = names[best]
        keep = order if n_matches is None else order[:n_matches]
        if best is not None and best not in keep:
            keep = np.append(keep, best)
        for t in keep:
            rows.append(
                (f, int(spans[f][0]), names[t], p[r, t], e[r, t], q[r, t], score[r, t],
                 int(offset[r, t]), int(overlap[r, t]), "-" if strand[r, t] else "+",
                 bool(ok[r, t]), bool(t == best))
            )  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    return labels, table


def _background_targets(background: object, *, n_targets: int) -> list[np.ndarray]:
    """Extra Tomtom targets (list of (4, w) float64 arrays) that only shape the background."""
    if background is None or (isinstance(background, str) and background == "auto"):
        if background is None or n_targets >= _MIN_TOMTOM_TARGETS:
            return []
        background = "jaspar"
    if isinstance(background, str) and background != "jaspar":
        raise ValueError(
            f"background must be 'auto', 'jaspar', a dict of matrices or None, got {background!r}."
        )
    return [np.ascontiguousarray(m, dtype=np.float64) for m in _load_database(background).values()]


_MATRIX_ID = re.compile(r"^MA\d{4}\.\d+$", re.IGNORECASE)
_ID_SUFFIX = re.compile(r"_MA\d{4}(\.\d+)?$", re.IGNORECASE)


def _motif_base_name(name: object) -> str:
    """Upper-case name without JASPAR matrix ids ("MA0004.1 Arnt", "CTCF_MA1929.2")."""
    tokens = [t for t in str(name).split() if not _MATRIX_ID.match(t)]
    base = " ".join(tokens) if tokens else str(name).strip()
    return _ID_SUFFIX.sub("", base).upper()


def match_motif_names(names: Iterable[str], database_names: Iterable[str]) -> dict[str, list[str]]:
    """Which database motifs each name refers to, across naming conventions.

    A name matches a database motif when they agree ignoring case (JASPAR's mouse matrices are
    ``"Spi1"``), JASPAR matrix ids (``"CTCF_MA1929.2"``, MEME's ``"MA0139.2 CTCF"``) and, for a
    dimer ``"TAL1::TCF3"``, when the name is either partner.

    Parameters
    ----------
    names : iterable of str
        Names to look up (e.g. the ground truth's motifs).
    database_names : iterable of str
        Motif names of a database (MEME file keys, ``load_jaspar_collection()`` keys).

    Returns
    -------
    matches : dict of str -> list of str
        For each name, the matching database names in database order (empty when none).

    Examples
    --------
    >>> match_motif_names(["SPI1", "TAL1", "CTCF", "SIX3"],
    ...                   ["Spi1", "TAL1::TCF3", "CTCF_MA1929.2", "MA0139.2 CTCF"])
    {'SPI1': ['Spi1'], 'TAL1': ['TAL1::TCF3'], 'CTCF': ['CTCF_MA1929.2', 'MA0139.2 CTCF'], \
'SIX3': []}
    """
    database_names = [str(d) for d in database_names]
    keys = []
    for d in database_names:
        base = _motif_base_name(d)
        keys.append({base, *(part.strip() for part in base.split("::"))})
    return {
        str(n): [d for d, k in zip(database_names, keys) if _motif_base_name(n) in k] for n in names
    }


def random_hits(filter_labels: Sequence[str], motif_names: Sequence[str]) -> list[int]:
    """Filters labelled with a motif that is not one of ``motif_names`` ("random hits").

    A label names a motif of ``motif_names`` as in :func:`match_motif_names` (ignoring case and
    JASPAR matrix ids; a dimer ``"TAL1::TCF3"`` names either partner). Matching filters against
    the whole JASPAR collection reveals filters that look like real motifs absent from the
    ground truth.

    Parameters
    ----------
    filter_labels : sequence of str
        Motif label per filter, ``""`` when none (e.g. from :func:`match_filters`).
    motif_names : sequence of str
        The ground-truth motifs.

    Returns
    -------
    filters : list of int
        Indices of the labelled filters whose label names none of ``motif_names``.

    Examples
    --------
    >>> random_hits(["Spi1", "", "CTCF", "TAL1::TCF3"], ["SPI1", "TAL1"])
    [2]
    """
    if isinstance(motif_names, str) or isinstance(filter_labels, str):
        raise TypeError("filter_labels and motif_names must be sequences of strings.")
    names = [str(n) for n in motif_names]
    labels = [str(lab) for lab in filter_labels]
    found = match_motif_names(names, sorted({lab for lab in labels if lab}))
    named = {d for hits in found.values() for d in hits}
    return [f for f, lab in enumerate(labels) if lab and lab not in named]
