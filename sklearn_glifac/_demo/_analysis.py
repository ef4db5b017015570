"""Per-model analysis of the demo and :func:`extract_interactions` (public functions composed)."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from .. import metrics
from ..inspection import attention_distribution, threshold_sensitivity
from ..interactions import GLIFACInteractions, LocalAttentionInteractions
from ..metrics import ground_truth_pairs, symmetrize_interactions
from ..models import ArrayReadout
from ..motifs import (
    annotate_filters,
    filter_pwms,
    motif_coverage,
    motif_interaction_matrix,
    write_filter_meme,
)
from ..plotting import plot_filter_logos, plot_interaction_maps
from ._config import CI_LEVEL, CI_N_BOOT
from ._report import _save
from ._training import _timer

# Read-outs smaller than this are computed once and kept in memory for the threshold sweep.
_CACHE_BYTES = 256 * 2**20


def _annotate(readout, motifs, *, verbose):
    """The network's filter annotation against ``motifs`` (cached by the library)."""
    with warnings.catch_warnings():
        # memelite notes that p-values against a small database (the 12 ground-truth motifs)
        # depend on the database; the report says which database was used.
        warnings.simplefilter("ignore", UserWarning)
        return annotate_filters(readout, motifs, verbose=verbose)


def _cached_readout(readout, *, max_bytes=_CACHE_BYTES):
    """An in-memory :class:`ArrayReadout` of features and attention when it is small enough."""

    n, L, F, H = readout.n_samples, readout.pooled_len, readout.n_filters, readout.n_heads
    if 4 * n * (H * L * L + L * F) > max_bytes:
        return readout
    return ArrayReadout.from_readout(readout)


def _combined_attention_values(readout, *, max_sequences, head_reduction="max"):
    """Head-combined attention values of (at most) the first ``max_sequences`` sequences."""

    return attention_distribution(
        readout, max_sequences=max_sequences, head_reduction=head_reduction
    ).attention


def _safe_metric(fn, *args, **kwargs):
    """A metric value, or NaN when it is undefined (e.g. no labelled filter pair)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(fn(*args, **kwargs))
        except (ValueError, ZeroDivisionError):
            return float("nan")


def _interaction_scores(truth, W, reported, labels, *, prefix, decision=True):

    out = {
        f"{prefix}_auroc": _safe_metric(metrics.interaction_roc_auc_score, truth, W, labels),
        f"{prefix}_aupr": _safe_metric(
            metrics.interaction_average_precision_score, truth, W, labels
        ),
        f"{prefix}_snr": _safe_metric(metrics.interaction_snr_score, truth, W, labels),
    }
    if decision:
        out[f"{prefix}_tpr"] = _safe_metric(metrics.interaction_tpr_score, truth, reported, labels)
        out[f"{prefix}_ppv"] = _safe_metric(metrics.interaction_ppv_score, truth, reported, labels)
    return out


def _score_intervals(truth, W, labels, *, prefix, random_state):
    """Bootstrap CI bounds of the interaction AUROC and AUPR, and the filter pairs behind them.

    NaN bounds (and no pair counts) when a score is undefined (no positive or negative pair).
    """

    out = {}
    for metric in ("auroc", "aupr"):
        try:
            ci = metrics.interaction_score_ci(
                metric,
                truth,
                W,
                labels,
                n_boot=CI_N_BOOT,
                confidence=CI_LEVEL,
                random_state=random_state,
            )
        except ValueError:
            out[f"{prefix}_{metric}_low"] = out[f"{prefix}_{metric}_high"] = np.nan
            continue
        out[f"{prefix}_{metric}_low"], out[f"{prefix}_{metric}_high"] = (
            float(ci.low),
            float(ci.high),
        )
        out["n_positive_pairs"], out["n_negative_pairs"] = int(ci.n_positive), int(ci.n_negative)
    return out


def _filter_names(labels):
    return [f"filter{i}" + (f"_{lab}" if lab else "") for i, lab in enumerate(labels)]


def _filter_frame(W, labels):
    names = [f"{i}:{lab}" if lab else str(i) for i, lab in enumerate(labels)]
    return pd.DataFrame(np.asarray(W), index=names, columns=names)


def _reported_pairs(W, reported, labels, truth_pairs=None):
    """Long table of reported filter pairs (i < j), strongest first."""

    W = np.asarray(W, dtype=float)
    rep = np.asarray(reported, dtype=bool)
    rep = rep | rep.T
    i, j = np.nonzero(np.triu(rep, k=1))
    score = symmetrize_interactions(W)[i, j]
    rows = pd.DataFrame(
        {
            "filter_a": i,
            "filter_b": j,
            "motif_a": [labels[k] for k in i],
            "motif_b": [labels[k] for k in j],
            "score": score,
        }
    )
    if truth_pairs is not None:
        rows["ground_truth"] = [
            frozenset((labels[a], labels[b])) in truth_pairs if labels[a] and labels[b] else False
            for a, b in zip(i, j)
        ]
    return rows.reindex(rows["score"].abs().sort_values(ascending=False).index).reset_index(
        drop=True
    )


def _analyse_model(
    clf,
    X_test,
    truth,
    motifs,
    *,
    threshold,
    thresholds,
    null_alpha,
    X_null,
    random_state,
    verbose,
    times,
):
    """Interactions, scores and threshold sweep of one fitted classifier on the test split."""
    readout = clf.transform(X_test)
    with _timer(times, "time_filters"):
        annotation = _annotate(readout, motifs, verbose=verbose)
    labels = annotation.labels
    cached = _cached_readout(readout)
    truth_names = [str(n) for n in truth.index]
    row = {
        "n_labelled_filters": int(sum(bool(lab) for lab in labels)),
        "motif_coverage": float(motif_coverage(labels, truth_names)),
    }

    with _timer(times, "time_local"):
        local = LocalAttentionInteractions(threshold=threshold, verbose=False).fit(cached)
    row.update(
        _interaction_scores(
            truth, local.filter_interactions_, local.interactions_, labels, prefix="local"
        )
    )
    row.update(
        _score_intervals(
            truth, local.filter_interactions_, labels, prefix="local", random_state=random_state
        )
    )
    with _timer(times, "time_glifac"), warnings.catch_warnings():
        # GLIFAC warns (and scores 0) when no attention value exceeds the threshold
        warnings.simplefilter("ignore", UserWarning)
        glifac = GLIFACInteractions(threshold=threshold, random_state=random_state).fit(cached)
    n_pairs = readout.n_samples * readout.pooled_len**2
    row["attended_fraction"] = glifac.n_attended_pairs_ / n_pairs
    row.update(
        _interaction_scores(
            truth, glifac.filter_interactions_, glifac.interactions_, labels, prefix="glifac"
        )
    )
    row.update(
        _score_intervals(
            truth, glifac.filter_interactions_, labels, prefix="glifac", random_state=random_state
        )
    )

    with _timer(times, "time_null"):
        null_readout = _cached_readout(clf.transform(X_null))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            local_null = LocalAttentionInteractions(null_alpha=null_alpha).fit(
                cached, background=null_readout
            )
        null_scores = _interaction_scores(
            truth,
            local_null.filter_interactions_,
            local_null.interactions_,
            labels,
            prefix="local_null",
        )
    row["null_cutoff"] = float(local_null.attention_threshold_)
    row["local_null_tpr"] = null_scores["local_null_tpr"]
    row["local_null_ppv"] = null_scores["local_null_ppv"]

    with _timer(times, "time_sensitivity"):
        sweep = threshold_sensitivity(
            cached, truth, labels, thresholds=thresholds, random_state=random_state,
            verbose=verbose,
        ).table.to_dict("records")  # fmt: skip

    artefacts = Bunch(
        labels=labels,
        pwms=annotation.pwms,
        n_sites=annotation.n_sites,
        tomtom=annotation.tomtom,
        qvalues=annotation.qvalues,
        local=local,
        glifac=glifac,
        attention_values=_combined_attention_values(cached, max_sequences=1000),
        null_values=_combined_attention_values(null_readout, max_sequences=1000),
    )
    return row, sweep, artefacts


def extract_interactions(
    clf,
    X,
    output_dir,
    *,
    methods=("local", "glifac"),
    threshold=0.1,
    motifs=None,
    true_interactions=None,
    random_state=0,
    verbose=True,
):
    """Interactions of a fitted classifier on sequences ``X``; writes matrices and figures.

    Parameters
    ----------
    clf : ConvAttentionClassifier
        A fitted classifier.
    X : ndarray of shape (n_samples, 4, seq_len)
        Sequences to analyse (typically held-out data).
    output_dir : str or path-like
        Folder for ``filter_interactions_<method>.csv``, ``reported_pairs_<method>.tsv``,
        ``motif_interactions_<method>.csv`` (when filters are labelled), ``filters.meme``,
        ``tomtom.csv`` and ``figures/``.
    methods : sequence of {"local", "glifac"}, default=("local", "glifac")
    threshold : float, default=0.1
        Attention threshold.
    motifs : dict, str or None, default=None
        Motif database for filter labels (mapping, MEME path or ``"jaspar"``); None leaves
        filters unlabelled.
    true_interactions : DataFrame, default=None
        Ground truth to score against (needs ``motifs``).
    random_state : int, default=0
        Seeds GLIFAC's random pairs.
    verbose : bool, default=True
        Progress bars.

    Returns
    -------
    summary : str
        A short text summary (scores when a ground truth is given).
    """
    methods = list(methods)
    bad = [m for m in methods if m not in ("local", "glifac")]
    if bad or not methods:
        raise ValueError(f"methods must be a non-empty subset of ('local', 'glifac'), got {bad}.")
    out = Path(output_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    readout = clf.transform(X)
    if motifs is not None:
        annotation = _annotate(readout, motifs, verbose=verbose)
        pwms, n_sites, labels = annotation.pwms, annotation.n_sites, annotation.labels
        qvalues, motif_names = annotation.qvalues, annotation.motif_names
        annotation.tomtom.to_csv(out / "tomtom.csv", index=False)
    else:
        pwms, n_sites = filter_pwms(readout, verbose=verbose)
        pwms, n_sites = np.asarray(pwms), np.asarray(n_sites)
        labels, qvalues, motif_names = [""] * readout.n_filters, None, []
    write_filter_meme(pwms, out / "filters.meme", names=_filter_names(labels))
    cached = _cached_readout(readout)
    truth_pairs = None if true_interactions is None else ground_truth_pairs(true_interactions)
    if true_interactions is not None and not isinstance(motifs, Mapping):
        # a motif file or JASPAR: show the ground-truth motifs, not only the matched ones
        motif_names = [str(k) for k in true_interactions.index]

    lines = [
        f"{len(X)} sequences, {readout.n_filters} filters, "
        f"{sum(bool(lab) for lab in labels)} labelled"
    ]
    matrices = {}
    for method in methods:
        start = time.perf_counter()
        if method == "local":
            est = LocalAttentionInteractions(threshold=threshold, verbose=verbose)
            title = f"Aggregated local attention (t={threshold:g})"
        else:
            est = GLIFACInteractions(
                threshold=threshold, random_state=random_state, verbose=verbose
            )
            title = f"GLIFAC (t={threshold:g})"
        est.fit(cached)
        W = est.filter_interactions_
        _filter_frame(W, labels).to_csv(out / f"filter_interactions_{method}.csv")
        _reported_pairs(W, est.interactions_, labels, truth_pairs).to_csv(
            out / f"reported_pairs_{method}.tsv", sep="\t", index=False
        )
        if motif_names:
            motif_W = motif_interaction_matrix(W, labels, motif_names)
            motif_W.to_csv(out / f"motif_interactions_{method}.csv")
            matrices[title] = motif_W
        else:
            matrices[title] = W
        msg = (
            f"{method}: {int(np.triu(est.interactions_ | est.interactions_.T, 1).sum())} "
            f"reported filter pairs ({time.perf_counter() - start:.1f} s)"
        )
        if true_interactions is not None and motifs is not None:
            s = _interaction_scores(true_interactions, W, est.interactions_, labels, prefix=method)
            msg += "; " + ", ".join(f"{k.split('_', 1)[1].upper()} {v:.3f}" for k, v in s.items())
        lines.append(msg)
    fig = plot_interaction_maps(
        matrices, true_interactions if motif_names else None, labels=None if motif_names else labels
    )
    _save(fig, out / "figures" / "interaction_maps.png")
    fig = plot_filter_logos(pwms, labels, qvalues=qvalues, n_sites=n_sites)
    _save(fig, out / "figures" / "filter_logos.png")
    lines.append(f"wrote results to {out}/")
    return "\n".join(lines)
