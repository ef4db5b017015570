"""Per-model analysis of the demo: scores, confidence intervals, null cutoff, threshold sweep."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.utils import Bunch

from .. import metrics
from ..inspection import attention_distribution, threshold_sensitivity
from ..interactions import GLIFACInteractions, LocalAttentionInteractions
from ..motifs import motif_coverage
from ._config import CI_LEVEL, CI_N_BOOT
from ._extract import _annotate, _cached
from ._training import _timer


def _method_scores(truth, fitted, labels, *, prefix, random_state):
    """The scores of one fitted interaction transformer as ``<prefix>_<metric>`` columns.

    AUROC, AUPR, SNR, TPR and PPV (NaN where undefined), then the bootstrap intervals of AUROC
    and AUPR (:func:`_score_intervals`).
    """
    W = fitted.filter_interactions_
    scores = metrics.interaction_scores(truth, W, labels, reported=fitted.interactions_)
    row = {f"{prefix}_{name}": value for name, value in scores.items()}
    row.update(_score_intervals(truth, W, labels, prefix=prefix, random_state=random_state))
    return row


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
    cached = _cached(readout)
    truth_names = [str(n) for n in truth.index]
    row = {
        "n_labelled_filters": int(sum(bool(lab) for lab in labels)),
        "motif_coverage": float(motif_coverage(labels, truth_names)),
    }

    with _timer(times, "time_local"):
        local = LocalAttentionInteractions(threshold=threshold, verbose=False).fit(cached)
    row.update(_method_scores(truth, local, labels, prefix="local", random_state=random_state))
    with _timer(times, "time_glifac"), warnings.catch_warnings():
        # GLIFAC warns (and scores 0) when no attention value exceeds the threshold
        warnings.simplefilter("ignore", UserWarning)
        glifac = GLIFACInteractions(threshold=threshold, random_state=random_state).fit(cached)
    n_pairs = readout.n_samples * readout.pooled_len**2
    row["attended_fraction"] = glifac.n_attended_pairs_ / n_pairs
    row.update(_method_scores(truth, glifac, labels, prefix="glifac", random_state=random_state))

    with _timer(times, "time_null"):
        null_readout = _cached(clf.transform(X_null))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            local_null = LocalAttentionInteractions(null_alpha=null_alpha).fit(
                cached, background=null_readout
            )
        null_scores = metrics.interaction_scores(
            truth,
            local_null.filter_interactions_,
            labels,
            reported=local_null.interactions_,
            metrics=("tpr", "ppv"),
        )
    row["null_cutoff"] = float(local_null.attention_threshold_)
    row["local_null_tpr"] = null_scores["tpr"]
    row["local_null_ppv"] = null_scores["ppv"]

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
        attention_values=attention_distribution(cached, max_sequences=1000).attention,
        null_values=attention_distribution(null_readout, max_sequences=1000).attention,
    )
    return row, sweep, artefacts
