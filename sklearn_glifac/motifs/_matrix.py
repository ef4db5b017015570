"""Motif-level views of filter results: motif x motif matrices, coverage, MEME export."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..metrics import filter_pair_scores
from ._io import write_meme
from ._tomtom import _check_pwms

__all__ = ["motif_coverage", "motif_interaction_matrix", "write_filter_meme"]


def motif_interaction_matrix(
    W: ArrayLike,
    filter_labels: Sequence[str],
    motif_names: Sequence[str],
    *,
    diagonal: bool = False,
) -> pd.DataFrame:
    """Lift a filter-by-filter matrix to motifs: the strongest filter-pair score per motif pair.

    Each filter pair ``i < j`` is scored as in the interaction metrics (the entry of larger
    magnitude of ``W[i, j]`` and ``W[j, i]``, sign kept); entry ``(a, b)`` is the score of larger
    magnitude over the filter pairs labelled ``(a, b)`` in either order, so the matrix is
    symmetric. Labels not in ``motif_names`` (unlabelled filters, random hits) are ignored.

    Parameters
    ----------
    W : array-like of shape (n_filters, n_filters)
        Filter-interaction scores (no NaN).
    filter_labels : sequence of str of length n_filters
        Motif label per filter, ``""`` when none.
    motif_names : sequence of str
        Rows and columns of the result, in this order (unique).
    diagonal : bool, default=False
        Fill entry ``(a, a)`` from pairs of two different filters that both carry label ``a``
        (two copies of one motif, which co-activate trivially); by default the diagonal is NaN,
        consistent with the metrics, which exclude such pairs.

    Returns
    -------
    matrix : DataFrame of shape (n_motifs, n_motifs)
        Indexed by ``motif_names`` on both axes; NaN where no filter pair has the two labels.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[0, .2, -.9], [.1, 0, .4], [.3, .5, 0]])
    >>> motif_interaction_matrix(W, ["A", "B", "B"], ["A", "B"])
         A    B
    A  NaN -0.9
    B -0.9  NaN
    """
    if isinstance(motif_names, str):
        raise TypeError("motif_names must be a sequence of motif names, not a single string.")
    names = [str(n) for n in motif_names]
    if len(set(names)) != len(names):
        raise ValueError(f"motif_names must be unique, got {names}.")
    pairs = filter_pair_scores(W, filter_labels)
    i, j, score, labels = pairs.i, pairs.j, pairs.score, pairs.labels
    code = {n: k for k, n in enumerate(names)}
    out = np.full((len(names), len(names)), np.nan)
    best = np.full_like(out, -1.0)  # magnitude of the current entry
    for a, b, s in zip(labels[i], labels[j], score):
        if a not in code or b not in code or (a == b and not diagonal):
            continue
        r, c = code[a], code[b]
        if abs(s) > best[r, c] or (abs(s) == best[r, c] and s > out[r, c]):
            out[r, c] = out[c, r] = s
            best[r, c] = best[c, r] = abs(s)
    return pd.DataFrame(out, index=names, columns=names)


def motif_coverage(filter_labels: Sequence[str], motif_names: Sequence[str]) -> float:
    """Fraction of ``motif_names`` that label at least one filter (ground-truth coverage).

    Parameters
    ----------
    filter_labels : sequence of str
        Motif label per filter, ``""`` when none.
    motif_names : sequence of str
        The motifs to look for, e.g. ``list(make_motif_interactions().motifs)``.

    Returns
    -------
    coverage : float in [0, 1]

    Examples
    --------
    >>> motif_coverage(["A", "", "A", "C"], ["A", "B", "C", "D"])
    0.5
    """
    if isinstance(motif_names, str) or isinstance(filter_labels, str):
        raise TypeError("filter_labels and motif_names must be sequences of strings.")
    names = set(map(str, motif_names))
    if not names:
        raise ValueError("motif_names is empty.")
    return len(names & set(map(str, filter_labels))) / len(names)


def write_filter_meme(
    pwms: ArrayLike | Sequence[np.ndarray],
    path: str | os.PathLike[str],
    names: Sequence[str] | None = None,
) -> None:
    """Write filter PWMs to a MEME (minimal) file, for Tomtom, FIMO or other tools.

    Parameters
    ----------
    pwms : ndarray of shape (n_filters, 4, width) or list of ndarray of shape (4, width)
        Filter probability matrices (rows A, C, G, T), e.g. from :func:`filter_pwms`.
    path : str or path-like
        Output file (overwritten).
    names : sequence of str, default=None
        One MOTIF name per filter (no whitespace); default ``"filter0"``, ``"filter1"``, ...

    Examples
    --------
    >>> import os, tempfile, numpy as np
    >>> from sklearn_glifac.motifs import read_meme
    >>> path = os.path.join(tempfile.mkdtemp(), "filters.meme")
    >>> write_filter_meme(np.full((2, 4, 3), .25), path)
    >>> list(read_meme(path))
    ['filter0', 'filter1']
    """
    mats = _check_pwms(pwms)
    if names is None:
        names = [f"filter{f}" for f in range(len(mats))]
    elif isinstance(names, str):
        raise TypeError("names must be a sequence of strings, one per filter, not a string.")
    names = list(names)
    if len(names) != len(mats):
        raise ValueError(f"names has {len(names)} entries but pwms has {len(mats)} filters.")
    for n in names:
        if not isinstance(n, str) or not n or any(ch.isspace() for ch in n):
            raise ValueError(f"names must be non-empty strings without whitespace, got {n!r}.")
    if len(set(names)) != len(names):
        raise ValueError("names must be unique.")
    write_meme(dict(zip(names, mats)), path)
