"""Per-model analysis of the demo and :func:`extract_interactions` (public functions composed)."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.utils import Bunch

from .. import metrics
from ..inspection import attention_distribution, threshold_sensitivity
from ..interactions import GLIFACInteractions, LocalAttentionInteractions
from ..models import ArrayReadout
from ..motifs import (
    annotate_filters,
    motif_coverage,
)
from ._config import CI_LEVEL, CI_N_BOOT
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
