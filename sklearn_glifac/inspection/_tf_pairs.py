"""Ranked tables of TF pairs (and of filter pairs) from a fitted interaction transformer.

From filter pairs to TF pairs
-----------------------------
Each labelled filter stands for the TFs of its Tomtom label (a dimer ``A::B`` for both A and
B, names upper-cased) or, at family level, for their JASPAR families. A filter pair whose two
filters share a TF (family) is redundancy (the filters detect the same motif) and is not
tested; every other filter pair is evidence for each TF pair (a, b) across it. A TF pair's
p-value combines the p-values of its m filter pairs by Simes' rule,
``p = min_k m p_(k) / k`` (valid under independence and positive dependence, as BH), and the
q-values are Benjamini-Hochberg across the TF pairs that can be called (not same-family). Its
score is the filter-pair score of largest magnitude, sign kept.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.stats import false_discovery_control

from ..metrics import symmetrize_interactions
from ..motifs import FilterAnnotation, group_filters, load_reference_pairs, motif_families

__all__ = [
    "consensus_tf_pairs",
    "filter_pair_table",
    "filter_pair_table_from_scores",
    "tf_pair_table",
    "tf_pair_table_from_scores",
]

TF_COLUMNS = [
    "tf_a",
    "tf_b",
    "method",
    "score",
    "pvalue",
    "qvalue",
    "n_filter_pairs",
    "composite",
    "same_family",
    "in_reference",
    "called",
    "filter_pairs",
    "composite_filters",
    "composite_qvalue",
]
FILTER_COLUMNS = [
    "filter_a",
    "filter_b",
    "label_a",
    "label_b",
    "method",
    "score",
    "pvalue",
    "qvalue",
    "same_motif",
    "same_family",
    "called",
]
_METHOD_NAMES = {
    "GLIFACInteractions": "glifac",
    "LocalAttentionInteractions": "local_attention",
    "FISInteractions": "fis",
    "DFIMInteractions": "dfim",
}


def _bh(p: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg q-values of the finite entries of ``p`` (NaN elsewhere)."""
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        q[ok] = false_discovery_control(p[ok], method="bh")
    return q


def _simes(p: ArrayLike) -> float:
    """Simes' combined p-value ``min_k m p_(k) / k`` of the finite p-values (NaN if none)."""
    p = np.sort(np.asarray(p, dtype=float)[np.isfinite(p)])
    if not p.size:
        return np.nan
    return float(min(1.0, np.min(p.size * p / np.arange(1, p.size + 1))))


def _check_square(M: ArrayLike, n: int, name: str) -> np.ndarray:
    M = np.asarray(M, dtype=float)
    if M.shape != (n, n):
        raise ValueError(f"{name} must have shape ({n}, {n}) like scores, got {M.shape}.")
    return M


def _pair_pvalues(pvalues: ArrayLike, n: int) -> np.ndarray:
    """One p-value per unordered pair: the entry when symmetric, else 2 min (Bonferroni)."""
    P = _check_square(pvalues, n, "pvalues")
    finite = P[np.isfinite(P)]
    if finite.size and ((finite < 0) | (finite > 1)).any():
        raise ValueError("pvalues must lie in [0, 1] (NaN for untested pairs).")
    if np.allclose(P, P.T, equal_nan=True):
        return P
    both = np.fmin(P, P.T)  # one ordered test per orientation: Bonferroni over the two
    return np.minimum(1.0, 2 * both)


def _check_labels(labels: Sequence[str] | FilterAnnotation, n: int) -> list[str]:
    if isinstance(labels, FilterAnnotation):
        labels = labels.labels
    labels = list(labels)
    if len(labels) != n:
        raise ValueError(f"labels must have one entry per filter ({n}), got {len(labels)}.")
    for lab in labels:
        if not isinstance(lab, str):
            raise TypeError(f"labels must be strings ('' = unlabelled), got {lab!r}.")
    return labels


def _check_alpha(alpha: float) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a float in (0, 1), got {alpha!r}.")
    return float(alpha)


def _tf_families(
    labels: Sequence[str], families: str | Mapping[str, str] | pd.DataFrame | None
) -> dict[str, frozenset[str]]:
    """Upper-cased TF -> frozenset of families; {} when ``families`` is None."""
    named = sorted({lab for lab in labels if lab})
    if families is None or not named:
        return {}
    fam = motif_families(named, database=families, missing="nan")
    out: dict[str, set[str]] = {}
    for tf, f in zip(fam["tf"], fam["tf_family"]):
        out.setdefault(tf, set())
        if isinstance(f, str):
            out[tf].update(s.strip() for s in f.split(";"))
    return {k: frozenset(v) for k, v in out.items()}


def _reference_set(
    reference: str | os.PathLike[str] | pd.DataFrame | None, level: str
) -> set[frozenset[str]] | None:
    if reference is None:
        return None
    table: pd.DataFrame = (
        reference
        if isinstance(reference, pd.DataFrame)
        else load_reference_pairs(reference, level=level)
    )
    if not {"tf_a", "tf_b"} <= set(table.columns):
        raise ValueError(
            f"reference: a DataFrame needs the columns 'tf_a' and 'tf_b', got "
            f"{list(table.columns)}."
        )
    pairs = zip(table["tf_a"], table["tf_b"])
    return {frozenset((str(a).upper(), str(b).upper())) for a, b in pairs}


def filter_pair_table_from_scores(
    scores: ArrayLike,
    labels: Sequence[str] | FilterAnnotation,
    *,
    pvalues: ArrayLike | None = None,
    qvalues: ArrayLike | None = None,
    alpha: float = 0.05,
    families: str | Mapping[str, str] | pd.DataFrame | None = "jaspar",
    method: str = "",
) -> pd.DataFrame:
    """Ranked table of filter pairs from arrays: scores, p/q-values, labels, redundancy flags.

    Parameters
    ----------
    scores : array-like of shape (n_filters, n_filters)
        Filter-interaction scores; pair ``i < j`` gets the entry of larger magnitude of
        ``(i, j)`` and ``(j, i)`` (:func:`~sklearn_glifac.metrics.symmetrize_interactions`).
    labels : sequence of str or FilterAnnotation
        Tomtom label per filter (``""`` = unlabelled).
    pvalues : array-like of shape (n_filters, n_filters) or None, default=None
        Per-pair p-values, NaN on untested pairs. An asymmetric matrix (one test per
        orientation) gives ``min(1, 2 min(p_ij, p_ji))``. None: no test (NaN, nothing called).
    qvalues : array-like of shape (n_filters, n_filters) or None, default=None
        The method's own q-values; None: Benjamini-Hochberg over the finite pair p-values.
    alpha : float in (0, 1), default=0.05
        q-value cutoff of ``called``.
    families : "jaspar", mapping, DataFrame or None, default="jaspar"
        TF family source (:func:`~sklearn_glifac.motifs.motif_families`); labels it does not
        know have no family. None: ``same_family`` is False throughout.
    method : str, default=""
        Written to the ``method`` column.

    Returns
    -------
    table : DataFrame
        One row per filter pair ``i < j``: ``filter_a``, ``filter_b``, ``label_a``,
        ``label_b``, ``method``, ``score``, ``pvalue``, ``qvalue``, ``same_motif`` (the labels
        share a TF: redundancy), ``same_family`` (the labels' TFs share a JASPAR family),
        ``called`` (``qvalue < alpha`` and neither flag). Unlabelled filters are kept. Sorted:
        called first, then by q-value, then by decreasing ``|score|``.

    Examples
    --------
    >>> import numpy as np
    >>> S = np.array([[0, .9, .1], [.9, 0, .2], [.1, .2, 0]])
    >>> P = np.array([[np.nan, .001, .5], [.001, np.nan, .01], [.5, .01, np.nan]])
    >>> t = filter_pair_table_from_scores(S, ["MAF", "Mafb", "SOX2"], pvalues=P)
    >>> t[["label_a", "label_b", "qvalue", "same_family", "called"]]
      label_a label_b  qvalue  same_family  called
    0    Mafb    SOX2   0.015        False    True
    1     MAF    Mafb   0.003         True   False
    2     MAF    SOX2   0.500        False   False
    """
    S = np.asarray(scores, dtype=float)
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError(f"scores must be a square (n_filters, n_filters) matrix, got {S.shape}.")
    n = S.shape[0]
    labels = _check_labels(labels, n)
    alpha = _check_alpha(alpha)
    S = symmetrize_interactions(S)
    iu, ju = np.triu_indices(n, k=1)
    P = np.full((n, n), np.nan) if pvalues is None else _pair_pvalues(pvalues, n)
    p = P[iu, ju]
    q = _bh(p) if qvalues is None else _pair_pvalues(qvalues, n)[iu, ju]
    tfs = group_filters(labels, level="tf")["group"].tolist()
    fam = _tf_families(labels, families)
    same_motif = np.array([bool(set(tfs[i]) & set(tfs[j])) for i, j in zip(iu, ju)], dtype=bool)
    same_family = np.array([_share_family(tfs[i], tfs[j], fam) for i, j in zip(iu, ju)], dtype=bool)
    table = pd.DataFrame(
        {
            "filter_a": iu,
            "filter_b": ju,
            "label_a": [labels[i] for i in iu],
            "label_b": [labels[j] for j in ju],
            "method": method,
            "score": S[iu, ju],
            "pvalue": p,
            "qvalue": q,
            "same_motif": same_motif,
            "same_family": same_family,
        }
    )
    table["called"] = (table["qvalue"] < alpha) & ~table["same_motif"] & ~table["same_family"]
    return _rank(table, FILTER_COLUMNS)


def _share_family(
    tfs_a: Sequence[str], tfs_b: Sequence[str], fam: Mapping[str, frozenset[str]]
) -> bool:
    fa = frozenset().union(*(fam.get(t, frozenset()) for t in tfs_a)) if tfs_a else frozenset()
    fb = frozenset().union(*(fam.get(t, frozenset()) for t in tfs_b)) if tfs_b else frozenset()
    return bool(fa & fb)


def _rank(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    order = np.lexsort(
        (
            -table["score"].abs().fillna(-1).to_numpy(),
            table["qvalue"].fillna(2).to_numpy(),
            ~table["called"].to_numpy(),
        )
    )
    return table.iloc[order][columns].reset_index(drop=True)


def tf_pair_table_from_scores(
    scores: ArrayLike,
    labels: Sequence[str] | FilterAnnotation,
    *,
    pvalues: ArrayLike | None = None,
    level: str = "tf",
    alpha: float = 0.05,
    reference: str | os.PathLike[str] | pd.DataFrame | None = "jaspar",
    families: str | Mapping[str, str] | pd.DataFrame | None = "jaspar",
    label_qvalues: ArrayLike | None = None,
    method: str = "",
) -> pd.DataFrame:
    """Ranked table of TF (or TF-family) pairs from filter-pair arrays.

    Filter pairs are lifted to TF pairs as the module docstring says: filters stand for the TFs
    of their label (both halves of a dimer ``A::B``, upper-cased) or their JASPAR families;
    filter pairs that share a TF (family) are redundancy and left out; the TF pair's p-value is
    Simes' combination ``min_k m p_(k) / k`` of its m filter-pair p-values, its q-value
    Benjamini-Hochberg across the TF pairs that are not same-family, its score the filter-pair
    score of largest magnitude. Unlabelled filters are left out (they stay in
    :func:`filter_pair_table_from_scores`).

    A filter labelled with a dimer ``A::B`` is composite evidence for A-B (one filter detects
    both halves): its row has ``composite=True``, the filters in ``composite_filters`` and the
    best Tomtom q-value of those in ``composite_qvalue``; when no filter pair backs A-B, the row
    has ``n_filter_pairs=0`` and NaN score and p-value, and is not ``called`` (``called`` is
    about interactions between filters).

    Parameters
    ----------
    scores : array-like of shape (n_filters, n_filters)
        Filter-interaction scores (symmetrised by the larger magnitude).
    labels : sequence of str or FilterAnnotation
        Tomtom label per filter (``""`` = unlabelled).
    pvalues : array-like of shape (n_filters, n_filters) or None, default=None
        Filter-pair p-values (NaN = untested; asymmetric -> ``min(1, 2 min)``). None: the table
        ranks by score, with NaN p/q-values and nothing called.
    level : {"tf", "family"}, default="tf"
        Pairs of TFs, or of JASPAR TF families (needs ``families``; labels outside it raise).
    alpha : float in (0, 1), default=0.05
        q-value cutoff of ``called``.
    reference : "jaspar", path-like, DataFrame or None, default="jaspar"
        Known pairs for ``in_reference`` (:func:`~sklearn_glifac.motifs.load_reference_pairs`
        at ``level``); None: ``in_reference`` is False throughout.
    families : "jaspar", mapping, DataFrame or None, default="jaspar"
        TF family source (:func:`~sklearn_glifac.motifs.motif_families`). At TF level, names it
        does not know have no family; None: ``same_family`` is False throughout.
    label_qvalues : array-like of shape (n_filters,) or None, default=None
        Tomtom q-value of each filter's label (``FilterAnnotation.qvalues``), for
        ``composite_qvalue``.
    method : str, default=""
        Written to the ``method`` column.

    Returns
    -------
    table : DataFrame
        One row per TF pair, columns ``tf_a``, ``tf_b`` (``tf_a < tf_b``), ``method``,
        ``score``, ``pvalue``, ``qvalue``, ``n_filter_pairs``, ``composite``, ``same_family``
        (both TFs in one JASPAR family: flagged, q-value NaN, never called), ``in_reference``,
        ``called`` (``qvalue < alpha``), ``filter_pairs`` (the filter pairs, ``"i-j"``),
        ``composite_filters``, ``composite_qvalue``. Sorted: called first, then by q-value, then
        by decreasing ``|score|``. No labelled filter: an empty table with these columns.

    Examples
    --------
    >>> import numpy as np
    >>> S = np.array([[0, .9, .1], [.9, 0, .2], [.1, .2, 0]])
    >>> P = np.array([[np.nan, .001, .5], [.001, np.nan, .01], [.5, .01, np.nan]])
    >>> t = tf_pair_table_from_scores(S, ["MAF", "Mafb", "Pou5f1::Sox2"], pvalues=P)
    >>> t[["tf_a", "tf_b", "pvalue", "composite", "same_family", "in_reference", "called"]]
         tf_a    tf_b  pvalue  composite  same_family  in_reference  called
    0    MAFB  POU5F1   0.010      False        False         False    True
    1    MAFB    SOX2   0.010      False        False         False    True
    2     MAF  POU5F1   0.500      False        False         False   False
    3     MAF    SOX2   0.500      False        False         False   False
    4     MAF    MAFB   0.001      False         True         False   False
    5  POU5F1    SOX2     NaN       True        False          True   False
    """
    S = np.asarray(scores, dtype=float)
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError(f"scores must be a square (n_filters, n_filters) matrix, got {S.shape}.")
    n = S.shape[0]
    labels = _check_labels(labels, n)
    alpha = _check_alpha(alpha)
    if level not in ("tf", "family"):
        raise ValueError(f"level must be 'tf' or 'family', got {level!r}.")
    if level == "family" and families is None:
        raise ValueError("families=None gives no TF family: level='family' needs families.")
    S = symmetrize_interactions(S)
    P = np.full((n, n), np.nan) if pvalues is None else _pair_pvalues(pvalues, n)
    lq = np.full(n, np.nan) if label_qvalues is None else np.asarray(label_qvalues, dtype=float)
    if lq.shape != (n,):
        raise ValueError(f"label_qvalues must have shape ({n},), got {lq.shape}.")
    units = group_filters(labels, level="tf")["group"].tolist()
    if level == "family":
        units = group_filters(labels, level="family", database=families)["group"].tolist()
    fam = _tf_families(labels, families) if level == "tf" else {}
    ref = _reference_set(reference, level)
    evidence: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (a, b) -> filter pairs
    composite: dict[tuple[str, str], list[int]] = {}  # (a, b) -> list of filters
    for i in range(n):
        for a_pos, a in enumerate(units[i]):
            for b in units[i][a_pos + 1 :]:
                composite.setdefault((a, b), []).append(i)
        for j in range(i + 1, n):
            if not units[i] or not units[j] or set(units[i]) & set(units[j]):
                continue  # unlabelled, or redundancy: the two filters share a TF (family)
            for a in units[i]:
                for b in units[j]:
                    evidence.setdefault(tuple(sorted((a, b))), []).append((i, j))
    rows = []
    for key in sorted(set(evidence) | set(composite)):
        pairs = evidence.get(key, [])
        comp = composite.get(key, [])
        if pairs:
            s = np.array([S[i, j] for i, j in pairs])
            score = float(s[np.argmax(np.abs(s))])
            pvalue = _simes([P[i, j] for i, j in pairs])
        else:
            score = pvalue = np.nan
        fa, fb = fam.get(key[0], frozenset()), fam.get(key[1], frozenset())
        comp_q = lq[comp] if comp else np.array([])
        rows.append(
            {
                "tf_a": key[0],
                "tf_b": key[1],
                "method": method,
                "score": score,
                "pvalue": pvalue,
                "n_filter_pairs": len(pairs),
                "composite": bool(comp),
                "same_family": bool(fa & fb),
                "in_reference": ref is not None and frozenset(k.upper() for k in key) in ref,
                "filter_pairs": ", ".join(f"{i}-{j}" for i, j in pairs),
                "composite_filters": ", ".join(str(i) for i in comp),
                "composite_qvalue": float(np.nanmin(comp_q))
                if np.isfinite(comp_q).any()
                else np.nan,
            }
        )
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, float)) for c in TF_COLUMNS})
    table = pd.DataFrame(rows)
    testable = table["pvalue"].where(~table["same_family"])
    table["qvalue"] = _bh(testable.to_numpy(dtype=float))
    table["called"] = (table["qvalue"] < alpha) & ~table["same_family"]
    return _rank(table, TF_COLUMNS)


_DTYPES = {
    "tf_a": object,
    "tf_b": object,
    "method": object,
    "n_filter_pairs": int,
    "composite": bool,
    "same_family": bool,
    "in_reference": bool,
    "called": bool,
    "filter_pairs": object,
    "composite_filters": object,
}


def _as_transformers(transformer: Any) -> list[tuple[str, Any]]:
    if isinstance(transformer, dict):
        return list(transformer.items())
    if isinstance(transformer, (list, tuple)):
        return [(_method_name(t), t) for t in transformer]
    return [(_method_name(transformer), transformer)]


def _method_name(transformer: object) -> str:
    name = type(transformer).__name__
    return _METHOD_NAMES.get(name, name)


def _fitted_arrays(
    transformer: Any, *, need_labels: bool = True
) -> tuple[np.ndarray, Any, list[str], Any, Any]:
    for attr in ("filter_interactions_", "filter_annotation_"):
        if not hasattr(transformer, attr):
            raise TypeError(
                f"transformer must be a fitted interaction transformer with `{attr}` "
                f"(GLIFACInteractions, LocalAttentionInteractions, ...); got "
                f"{type(transformer).__name__}."
            )
    annotation = transformer.filter_annotation_
    labels = None if annotation is None else list(annotation.labels)
    if annotation is None and need_labels:
        raise ValueError(
            f"{type(transformer).__name__} was fitted with motifs=None: its filters carry no "
            "motif label, so there is no TF pair. Fit it with motifs='jaspar' (or a database)."
        )
    pvalues = getattr(transformer, "pvalues_", None)
    qvalues = getattr(transformer, "qvalues_", None)
    if pvalues is None:
        warnings.warn(
            f"{type(transformer).__name__} has no per-pair p-values (pvalues_; fit it with a "
            "test): the table ranks by score and calls nothing.",
            UserWarning,
            stacklevel=3,
        )
    W = np.asarray(transformer.filter_interactions_)
    if labels is None:
        labels = [""] * W.shape[0]
    return W, annotation, labels, pvalues, qvalues


def tf_pair_table(
    transformer: Any,
    *,
    level: str = "tf",
    alpha: float = 0.05,
    reference: str | os.PathLike[str] | pd.DataFrame | None = "jaspar",
    families: str | Mapping[str, str] | pd.DataFrame | None = "jaspar",
) -> pd.DataFrame:
    """One ranked table of TF (or TF-family) pairs from fitted interaction transformer(s).

    Reads the fitted state (``filter_interactions_``, ``filter_annotation_``, and
    ``pvalues_`` when the transformer was fitted with a test) and calls
    :func:`tf_pair_table_from_scores`, whose docstring details the rules (Simes' combination
    per TF pair then Benjamini-Hochberg across TF pairs; redundant filter pairs untested;
    same-family pairs flagged and never called; dimer labels as composite evidence).

    Parameters
    ----------
    transformer : fitted transformer, sequence of them, or dict name -> transformer
        ``GLIFACInteractions``, ``LocalAttentionInteractions`` (or any transformer with
        ``filter_interactions_`` and ``filter_annotation_``). Several give one table, ranked
        together, with the method in the ``method`` column (``"glifac"``,
        ``"local_attention"``, or the dict key).
    level : {"tf", "family"}, default="tf"
        TF pairs, or JASPAR TF-family pairs.
    alpha : float in (0, 1), default=0.05
        q-value cutoff of ``called``.
    reference : "jaspar", path-like, DataFrame or None, default="jaspar"
        Known pairs for ``in_reference`` (:func:`~sklearn_glifac.motifs.load_reference_pairs`).
    families : "jaspar", mapping, DataFrame or None, default="jaspar"
        TF family source; see :func:`tf_pair_table_from_scores`.

    Returns
    -------
    table : DataFrame
        The columns of :func:`tf_pair_table_from_scores`, ranked across methods.

    Raises
    ------
    ValueError
        A transformer fitted with ``motifs=None`` (no labels), or ``level="family"`` with
        labels outside the family source.
    """
    tables = []
    for method, t in _as_transformers(transformer):
        W, annotation, labels, pvalues, _ = _fitted_arrays(t)
        tables.append(
            tf_pair_table_from_scores(
                W,
                labels,
                pvalues=pvalues,
                level=level,
                alpha=alpha,
                reference=reference,
                families=families,
                label_qvalues=annotation.qvalues,
                method=method,
            )
        )
    tables = [t for t in tables if len(t)] or tables[:1]
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    return _rank(table, TF_COLUMNS)


def filter_pair_table(
    transformer: Any,
    *,
    alpha: float = 0.05,
    families: str | Mapping[str, str] | pd.DataFrame | None = "jaspar",
) -> pd.DataFrame:
    """Ranked table of filter pairs from fitted interaction transformer(s).

    The sibling of :func:`tf_pair_table` at filter level, unlabelled filters included: the
    method's own q-values (``qvalues_``) when it has them, otherwise Benjamini-Hochberg over
    its ``pvalues_``; see :func:`filter_pair_table_from_scores` for the columns.

    Parameters
    ----------
    transformer : fitted transformer, sequence of them, or dict name -> transformer
        As in :func:`tf_pair_table`.
    alpha : float in (0, 1), default=0.05
        q-value cutoff of ``called``.
    families : "jaspar", mapping, DataFrame or None, default="jaspar"
        TF family source for ``same_family``.

    Returns
    -------
    table : DataFrame
    """
    tables = []
    for method, t in _as_transformers(transformer):
        W, _, labels, pvalues, qvalues = _fitted_arrays(t, need_labels=False)
        tables.append(
            filter_pair_table_from_scores(
                W,
                labels,
                pvalues=pvalues,
                qvalues=qvalues,
                alpha=alpha,
                families=families,
                method=method,
            )
        )
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    return _rank(table, FILTER_COLUMNS)


def consensus_tf_pairs(
    tables: Sequence[pd.DataFrame] | Mapping[str, pd.DataFrame], *, min_networks: int | None = None
) -> pd.DataFrame:
    """TF pairs called in several independently trained networks (replication across seeds).

    A per-network test asks whether *that network's* attention links two filters more than
    their content explains; a network can learn such a link without the motifs interacting in
    the data (measured on networks trained on independent motifs: the user guide, "Per-pair
    test"), and such links differ from one initialisation to the next, while an interaction
    that the labels demand is learned by every initialisation. A pair is called here when it
    is called (``called``) in at least ``min_networks`` of the tables; with the default (all
    of them) this is an intersection-union test whose q-value is the largest of the
    per-network q-values.

    Parameters
    ----------
    tables : sequence of DataFrame or dict of str -> DataFrame
        :func:`tf_pair_table` results of networks trained on the same data with different
        seeds (or architectures), at the same ``level``.
    min_networks : int, default=None
        Number of networks that must call a pair; ``None``: all of them.

    Returns
    -------
    consensus : DataFrame
        One row per (``tf_a``, ``tf_b``, ``method``, ``composite``): ``n_networks`` (tables
        in which the pair has a row), ``n_called``, ``max_qvalue`` (NaN unless every table
        tested it), ``same_family``, ``in_reference`` and ``called`` (``n_called >=
        min_networks``), ranked by ``called`` then ``max_qvalue``.

    Examples
    --------
    >>> import pandas as pd
    >>> def table(q):
    ...     return pd.DataFrame({"tf_a": ["A", "A"], "tf_b": ["B", "C"], "method": "glifac",
    ...                          "qvalue": q, "called": [v < 0.05 for v in q],
    ...                          "composite": False, "same_family": False,
    ...                          "in_reference": [True, False]})
    >>> c = consensus_tf_pairs([table([0.01, 0.01]), table([0.02, 0.30])])
    >>> c[["tf_a", "tf_b", "n_called", "max_qvalue", "called"]].values.tolist()
    [['A', 'B', 2, 0.02, True], ['A', 'C', 1, 0.3, False]]
    """
    items = list(tables.values()) if isinstance(tables, dict) else list(tables)
    if not items:
        raise ValueError("tables must hold at least one TF-pair table, got none.")
    needed = {"tf_a", "tf_b", "method", "qvalue", "called", "composite"}
    for k, t in enumerate(items):
        if not isinstance(t, pd.DataFrame) or not needed <= set(t.columns):
            raise ValueError(
                f"tables[{k}] must be a DataFrame from tf_pair_table with columns {sorted(needed)}."
            )
    n = len(items)
    if min_networks is None:
        min_networks = n
    if (
        isinstance(min_networks, bool)
        or not isinstance(min_networks, int | np.integer)
        or not (1 <= min_networks <= n)
    ):
        raise ValueError(f"min_networks must be an int in [1, {n}], got {min_networks!r}.")
    keys = ["tf_a", "tf_b", "method", "composite"]
    long = pd.concat([t.assign(_network=k) for k, t in enumerate(items)], ignore_index=True)
    flags = [c for c in ("same_family", "in_reference") if c in long.columns]
    grouped = long.groupby(keys, sort=False, dropna=False)
    out = grouped.agg(
        n_networks=("_network", "nunique"),
        n_called=("called", "sum"),
        max_qvalue=("qvalue", "max"),
        **{c: (c, "any") for c in flags},
    ).reset_index()
    tested_everywhere = grouped["qvalue"].apply(lambda q: bool(q.notna().all())).to_numpy()
    out.loc[~(tested_everywhere & (out["n_networks"] == n)), "max_qvalue"] = np.nan
    out["n_called"] = out["n_called"].astype(int)
    out["called"] = out["n_called"] >= min_networks
    out = out.sort_values(["called", "max_qvalue"], ascending=[False, True], na_position="last")
    return out.reset_index(drop=True)
