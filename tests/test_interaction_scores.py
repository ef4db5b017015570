"""metrics.interaction_scores: the one NaN-safe scoring path of the experiments."""

import warnings

import numpy as np
import pytest

from sklearn_glifac.metrics import (
    interaction_average_precision_score,
    interaction_roc_auc_score,
    interaction_scores,
    interaction_snr_score,
)

LABELS = ["A", "B", "C"]
W = np.array([[0.0, 0.9, 0.1], [0.9, 0.0, 0.2], [0.1, 0.2, 0.0]])
TRUTH = [("A", "B")]


def test_hand_computed_scores():
    reported = W > 0.5  # the planted pair A-B only
    scores = interaction_scores(TRUTH, W, LABELS, reported=reported)
    assert list(scores) == ["auroc", "aupr", "snr", "tpr", "ppv"]
    # the planted pair (0.9) outranks both others (0.1, 0.2); SNR = 0.9 / mean(0.1, 0.2)
    assert scores["auroc"] == 1.0 and scores["aupr"] == 1.0
    assert scores["snr"] == pytest.approx(6.0)
    assert scores["tpr"] == 1.0 and scores["ppv"] == 1.0
    assert scores["auroc"] == interaction_roc_auc_score(TRUTH, W, LABELS)
    assert scores["aupr"] == interaction_average_precision_score(TRUTH, W, LABELS)
    assert scores["snr"] == interaction_snr_score(TRUTH, W, LABELS)
    wrong = interaction_scores(TRUTH, W, LABELS, reported=W == 0.2, metrics=["tpr", "ppv"])
    assert wrong == {"tpr": 0.0, "ppv": 0.0}


def test_without_reported_only_the_ranking_scores():
    assert list(interaction_scores(TRUTH, W, LABELS)) == ["auroc", "aupr", "snr"]
    with pytest.raises(ValueError, match=r"\['tpr'\] need the reported interactions"):
        interaction_scores(TRUTH, W, LABELS, metrics=["auroc", "tpr"])


def test_undefined_scores_are_nan_silently():
    unlabelled = ["", "", ""]  # no filter pair can be scored
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # undefined, but no warning reaches the caller
        scores = interaction_scores(TRUTH, W, unlabelled, metrics=["auroc", "aupr"])
    assert np.isnan(scores["auroc"])
    assert scores["aupr"] == 0.0  # the metric's own value for "nothing recovered", kept


def test_a_score_that_raises_takes_error_score():
    broken = W.copy()
    broken[0, 2] = broken[2, 0] = np.nan  # e.g. a correlation of a constant filter
    scores = interaction_scores(TRUTH, broken, LABELS, metrics=["auroc", "snr"])
    assert np.isnan(scores["auroc"]) and np.isnan(scores["snr"])
    assert interaction_scores(TRUTH, broken, LABELS, metrics=["auroc"], error_score=-1) == {
        "auroc": -1.0
    }
    with pytest.raises(ValueError, match="NaN"):
        interaction_scores(TRUTH, broken, LABELS, metrics=["auroc"], error_score="raise")


def test_nothing_reported_is_zero_ppv_and_metric_kwargs_pass_through():
    nothing = np.zeros_like(W, dtype=bool)
    assert interaction_scores(TRUTH, W, LABELS, reported=nothing, metrics=["ppv"]) == {"ppv": 0.0}
    nan = interaction_scores(
        TRUTH, W, LABELS, reported=nothing, metrics=["ppv"], ppv={"zero_division": np.nan}
    )
    assert np.isnan(nan["ppv"])


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="error_score must be 'raise' or a number"):
        interaction_scores(TRUTH, W, LABELS, error_score="nan")
    with pytest.raises(TypeError, match="name no metric"):
        interaction_scores(TRUTH, W, LABELS, metrics=["auroc"], snr={"denominator": "top100"})
    with pytest.raises(ValueError, match="metric must be one of"):
        interaction_scores(TRUTH, W, LABELS, metrics=["accuracy"])
