"""Interactions of a fitted network on the user's sequences: the engine of ``sklearn-glifac
interactions`` (filter and TF-level tables with p- and q-values, matrices, figures)."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..datasets import dinucleotide_shuffle
from ..inspection import filter_pair_table, tf_pair_table
from ..interactions import GLIFACInteractions, LocalAttentionInteractions
from ..metrics import ground_truth_pairs, interaction_scores
from ..models import ArrayReadout
from ..motifs import annotate_filters, filter_pwms, motif_interaction_matrix, write_filter_meme
from ..plotting import plot_filter_logos, plot_interaction_maps, plot_tf_pair_map
from ._document import _save_figure

if TYPE_CHECKING:
    from ..models import ConvAttentionClassifier
    from ..utils import OneHotStore

__all__ = ["EXTRACT_METHODS", "extract_interactions"]

#: Methods of :func:`extract_interactions`: local attention, GLIFAC, SATORI's test.
EXTRACT_METHODS = ("local", "glifac", "satori")

# Read-outs smaller than this are computed once and kept in memory (several methods read them).
_CACHE_BYTES = 256 * 2**20


def _cached(readout, *, max_bytes=_CACHE_BYTES):
    """An in-memory :class:`ArrayReadout` of features and attention when it is small enough."""
    n, L, F, H = readout.n_samples, readout.pooled_len, readout.n_filters, readout.n_heads
    if 4 * n * (H * L * L + L * F) > max_bytes:
        return readout
    return ArrayReadout.from_readout(readout)


def _annotate(readout, motifs, *, verbose):
    """The network's filter annotation against ``motifs`` (cached by the library)."""
    with warnings.catch_warnings():
        # memelite notes that p-values against a small database (e.g. the ground-truth motifs)
        # depend on the database; the reports say which database was used.
        warnings.simplefilter("ignore", UserWarning)
        return annotate_filters(readout, motifs, verbose=verbose)


def _filter_names(labels):
    """Names of the filters in MEME files: ``filter<i>`` and the motif label, if any."""
    return [f"filter{i}" + (f"_{lab}" if lab else "") for i, lab in enumerate(labels)]


def _filter_frame(W, labels):
    names = [f"{i}:{lab}" if lab else str(i) for i, lab in enumerate(labels)]
    return pd.DataFrame(np.asarray(W), index=names, columns=names)


def _transformer(method, *, threshold, motifs, test, test_null, alpha, random_state, verbose):
    common = dict(motifs=motifs, alpha=alpha, random_state=random_state, verbose=verbose)
    tested = dict(threshold=threshold, test=test, test_null=test_null)
    if method == "glifac":
        return "GLIFAC", GLIFACInteractions(**tested, **common)
    if method == "local":
        return "Aggregated local attention", LocalAttentionInteractions(**tested, **common)
    return "SATORI's test", LocalAttentionInteractions(method="satori", **common)


def extract_interactions(
    clf: ConvAttentionClassifier,
    X: npt.ArrayLike | OneHotStore,
    output_dir: str | os.PathLike[str],
    *,
    methods: Sequence[str] = ("local", "glifac"),
    threshold: float = 0.1,
    motifs: Mapping[str, npt.ArrayLike] | str | os.PathLike[str] | None = None,
    true_interactions: pd.DataFrame | None = None,
    test: bool = True,
    background: npt.ArrayLike | OneHotStore | None = None,
    alpha: float = 0.05,
    reference: str | os.PathLike[str] | pd.DataFrame | None = "jaspar",
    random_state: int | np.random.RandomState | None = 0,
    verbose: bool = True,
) -> str:
    """Interactions of a fitted classifier on sequences ``X``, as tables, matrices and figures.

    For each method the filter x filter matrix is computed on ``X``; with ``test=True`` every
    filter pair also gets a p-value and a Benjamini-Hochberg q-value
    (:func:`~sklearn_glifac.interactions.attention_pair_test`: attention with its query
    positions permuted as the null, or ``background`` when given; SATORI's test compares with
    dinucleotide-shuffled copies of ``X``, or ``background``).
    With ``motifs``, filters are labelled by Tomtom and the ranked TF-pair table
    (:func:`~sklearn_glifac.inspection.tf_pair_table`: Simes per TF pair, BH across pairs,
    same-family pairs flagged and never called, dimer filters as composite evidence, pairs in
    the reference set marked) is written for every method together, at TF and, for JASPAR, at
    TF-family level.

    Parameters
    ----------
    clf : ConvAttentionClassifier
        A fitted classifier.
    X : ndarray of shape (n_samples, 4, seq_len)
        Sequences to analyse (typically held-out data).
    output_dir : str or path-like
        Folder for ``filter_interactions_<method>.csv`` (matrix), ``filter_pairs_<method>.tsv``
        (ranked filter pairs with p, q, called), ``tf_pairs.tsv`` and ``family_pairs.tsv``
        (with ``motifs``), ``motif_interactions_<method>.csv``, ``filters.meme``,
        ``tomtom.csv`` and ``figures/`` (``interaction_maps.png``, ``filter_logos.png``,
        ``tf_pairs.png``).
    methods : sequence of {"local", "glifac", "satori"}, default=("local", "glifac")
        Aggregated local attention, GLIFAC, SATORI's Mann-Whitney test.
    threshold : float, default=0.1
        Attention threshold of local attention and GLIFAC.
    motifs : dict, str or None, default=None
        Motif database for filter labels (mapping, MEME path or ``"jaspar"``); None leaves
        filters unlabelled (no TF-level tables).
    true_interactions : DataFrame, default=None
        Ground truth to score against (needs ``motifs``).
    test : bool, default=True
        Per-pair p- and q-values for local attention and GLIFAC (``False``: scores only,
        e.g. for the paper's scoring or when no background fits in memory).
    background : array-like of shape (n_background, 4, seq_len), default=None
        Background sequences (e.g. confident negatives): the null of every test when given
        (``test_null="background"``). Default: the query-permutation null for local attention
        and GLIFAC, dinucleotide-shuffled copies of ``X`` (seeded by ``random_state``) for
        SATORI's test.
    alpha : float, default=0.05
        FDR level of the calls.
    reference : "jaspar", path-like, DataFrame or None, default="jaspar"
        Known TF pairs marked in the TF table (JASPAR CORE dimers by default).
    random_state : int, default=0
        Seeds GLIFAC's random pairs and the background shuffle.
    verbose : bool, default=True
        Progress bars.

    Returns
    -------
    summary : str
        A short text summary (calls; scores when a ground truth is given).
    """
    methods = list(methods)
    bad = [m for m in methods if m not in EXTRACT_METHODS]
    if bad or not methods:
        raise ValueError(
            f"methods must be a non-empty subset of {EXTRACT_METHODS}, got {methods!r}."
        )
    out = Path(output_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    readout = clf.transform(X)
    if motifs is not None:
        annotation = _annotate(readout, motifs, verbose=verbose)
        pwms, n_sites, labels = annotation.pwms, annotation.n_sites, annotation.labels
        qvalues, motif_names = annotation.qvalues, annotation.motif_names
        annotation.tomtom.to_csv(out / "tomtom.csv", index=False)
    else:
        pwms, n_sites = (np.asarray(a) for a in filter_pwms(readout, verbose=verbose))
        labels, qvalues, motif_names = [""] * readout.n_filters, None, []
    write_filter_meme(pwms, out / "filters.meme", names=_filter_names(labels))
    cached = _cached(readout)
    # SATORI's test compares with background sequences; the per-pair test of local attention
    # and GLIFAC permutes attention instead (test_null="queries") unless a background is given.
    bg = None
    if background is not None or "satori" in methods:
        if background is None:
            background = dinucleotide_shuffle(np.asarray(X), random_state=random_state)
        bg = _cached(clf.transform(background))
    truth_pairs = None if true_interactions is None else ground_truth_pairs(true_interactions)
    if true_interactions is not None and not isinstance(motifs, Mapping):
        # a motif file or JASPAR: show the ground-truth motifs, not only the matched ones
        motif_names = [str(k) for k in true_interactions.index]

    lines = [
        f"{readout.n_samples} sequences, {readout.n_filters} filters, "
        f"{sum(bool(lab) for lab in labels)} labelled"
    ]
    matrices, fitted = {}, {}
    for method in methods:
        start = time.perf_counter()
        title, est = _transformer(
            method, threshold=threshold, motifs=motifs, test=test, alpha=alpha,
            test_null="queries" if background is None or method == "satori" else "background",
            random_state=random_state, verbose=verbose,
        )  # fmt: skip
        title = f"{title} (t={threshold:g})" if method != "satori" else title
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # flat maps: said in the summary
            est.fit(cached, background=bg) if bg is not None else est.fit(cached)
        fitted[method] = est
        W = est.filter_interactions_
        _filter_frame(W, labels).to_csv(out / f"filter_interactions_{method}.csv")
        with warnings.catch_warnings():
            if not test:  # scores only, as asked: the table says so with NaN p-values
                warnings.simplefilter("ignore", UserWarning)
            pairs = filter_pair_table({method: est}, alpha=alpha, families=None)
        pairs.to_csv(out / f"filter_pairs_{method}.tsv", sep="\t", index=False)
        if motif_names:
            motif_W = motif_interaction_matrix(W, labels, motif_names)
            motif_W.to_csv(out / f"motif_interactions_{method}.csv")
            matrices[title] = motif_W
        else:
            matrices[title] = W
        if hasattr(est, "significant_"):
            calls = np.triu(est.significant_, 1).sum()
            msg = f"{method}: {int(calls)} filter pairs called at q < {alpha:g}"
        else:
            reported = int(np.triu(est.interactions_ | est.interactions_.T, 1).sum())
            msg = f"{method}: {reported} reported filter pairs (no test)"
        msg += f" ({time.perf_counter() - start:.1f} s)"
        if truth_pairs is not None and motifs is not None:
            s = interaction_scores(true_interactions, W, labels, metrics=("auroc", "aupr", "snr"))
            msg += "; " + ", ".join(f"{k.upper()} {s[k]:.3f}" for k in ("auroc", "aupr", "snr"))
        lines.append(msg)
    if motifs is not None and any(labels):
        lines += _tf_tables(fitted, out, alpha=alpha, reference=reference, motifs=motifs)
    fig = plot_interaction_maps(
        matrices, true_interactions if motif_names else None, labels=None if motif_names else labels
    )
    _save_figure(fig, out / "figures" / "interaction_maps.png")
    _save_figure(
        plot_filter_logos(pwms, labels, qvalues=qvalues, n_sites=n_sites),
        out / "figures" / "filter_logos.png",
    )
    lines.append(f"wrote results to {out}/")
    return "\n".join(lines)


def _tf_tables(fitted, out, *, alpha, reference, motifs):
    """Write the TF (and, for JASPAR, family) tables and map; return summary lines."""
    jaspar = isinstance(motifs, str) and motifs.lower() == "jaspar"
    families = "jaspar" if jaspar else None
    table = tf_pair_table(
        fitted, level="tf", alpha=alpha, reference=reference if jaspar else None,
        families=families,
    )  # fmt: skip
    table.to_csv(out / "tf_pairs.tsv", sep="\t", index=False)
    if jaspar:
        tf_pair_table(fitted, level="family", alpha=alpha, reference=None).to_csv(
            out / "family_pairs.tsv", sep="\t", index=False
        )
    lines = []
    for method in fitted:
        rows = table[table["method"] == method]
        called = rows[rows["called"] & ~rows["composite"]]
        names = ", ".join(f"{a}-{b}" for a, b in zip(called.tf_a, called.tf_b)) or "none"
        lines.append(f"{method}: TF pairs called at q < {alpha:g}: {names}")
    composite = table[table["composite"]].drop_duplicates(["tf_a", "tf_b"])
    if len(composite):
        pairs = ", ".join(f"{a}-{b}" for a, b in zip(composite.tf_a, composite.tf_b))
        lines.append(f"composite (dimer) filters: {pairs}")
    if len(table):
        _save_figure(plot_tf_pair_map(table), out / "figures" / "tf_pairs.png")
    return lines
