"""interaction_score_ci: stratified bootstrap intervals of interaction AUROC and AUPR."""

import numpy as np
import pytest

from sklearn_glifac.metrics import (
    interaction_average_precision_score,
    interaction_roc_auc_score,
    interaction_score_ci,
)

# Filters A, B, C, "" with truth {A-B}. Kept pairs: A-B (positive, 0.5), A-C (0.0), A-"" (1.0),
# B-C (0.0), B-"" (1.0), C-"" (0.0). One positive ranked above three of five negatives.
LABELS = ["A", "B", "C", ""]
W = np.array(
    [
        [0.0, 0.5, 0.0, 1.0],
        [0.5, 0.0, 0.0, 1.0],
        [0.0, 0.0, 0.0, 0.0],
        [1.0, 1.0, 0.0, 0.0],
    ]
)
TRUTH = [("A", "B")]


def test_perfect_separation_gives_a_point_interval():
    W_sep = np.where(W == 0.5, 2.0, W)  # the positive above every negative
    for metric in ("auroc", "aupr"):
        ci = interaction_score_ci(metric, TRUTH, W_sep, LABELS, n_boot=200, random_state=0)
        assert (ci.estimate, ci.low, ci.high) == (1.0, 1.0, 1.0)


def test_estimate_matches_the_point_metrics_and_counts_are_the_pairs():
    for metric, fn in (
        ("auroc", interaction_roc_auc_score),
        ("aupr", interaction_average_precision_score),
    ):
        ci = interaction_score_ci(metric, TRUTH, W, LABELS, n_boot=50, random_state=0)
        assert ci.estimate == fn(TRUTH, W, LABELS)
        assert (ci.n_positive, ci.n_negative) == (1, 5)
        assert ci.low <= ci.estimate <= ci.high
    assert interaction_score_ci("auroc", TRUTH, W, LABELS, n_boot=5).estimate == 0.6


def test_bootstrap_distribution_is_the_hand_computed_one():
    # The one positive is always drawn (stratified); the AUROC of a resample is the fraction of
    # the 5 drawn negatives scoring 0 (each with probability 3/5) plus half of the ties (none):
    # k ~ Binomial(5, 3/5), AUROC = k / 5. So P(AUROC = 1) = 0.6**5 = 0.0778 and
    # P(AUROC = 0) = 0.4**5 = 0.0102; the 2.5% and 97.5% quantiles are 0.2 and 1.0.
    ci = interaction_score_ci("auroc", TRUTH, W, LABELS, n_boot=20_000, random_state=1)
    np.testing.assert_allclose(ci.bootstrap.mean(), 0.6, atol=0.01)
    np.testing.assert_allclose((ci.bootstrap == 1.0).mean(), 0.6**5, atol=0.01)
    np.testing.assert_allclose((ci.bootstrap == 0.0).mean(), 0.4**5, atol=0.005)
    assert set(np.round(ci.bootstrap * 5, 9)) <= {0, 1, 2, 3, 4, 5}
    np.testing.assert_allclose([ci.low, ci.high], [0.2, 1.0])
    assert ci.confidence == 0.95
    narrow = interaction_score_ci(
        "auroc", TRUTH, W, LABELS, n_boot=20_000, confidence=0.5, random_state=1
    )
    np.testing.assert_allclose([narrow.low, narrow.high], [0.4, 0.8])


def test_random_state_makes_it_reproducible():
    a = interaction_score_ci("aupr", TRUTH, W, LABELS, n_boot=100, random_state=3)
    b = interaction_score_ci("aupr", TRUTH, W, LABELS, n_boot=100, random_state=3)
    np.testing.assert_array_equal(a.bootstrap, b.bootstrap)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"metric": "f1"}, "metric must be one of"),
        ({"metric": None}, "metric must be one of"),
        ({"n_boot": 0}, "n_boot must be a positive integer"),
        ({"n_boot": 10.0}, "n_boot must be a positive integer"),
        ({"confidence": 1.0}, r"confidence must be a number in \(0, 1\)"),
        ({"confidence": "0.9"}, r"confidence must be a number in \(0, 1\)"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    args = {"metric": "auroc", "n_boot": 10, **kwargs}
    metric = args.pop("metric")
    with pytest.raises(ValueError, match=match):
        interaction_score_ci(metric, TRUTH, W, LABELS, **args)


def test_no_positive_pair_is_an_error_naming_the_counts():
    with pytest.raises(ValueError, match="0 positive and 6 negative filter pair"):
        interaction_score_ci("aupr", [("A", "X")], W, LABELS)


def test_weighted_scores_equal_sklearn_with_sample_weights():
    from sklearn.metrics import average_precision_score, roc_auc_score

    from sklearn_glifac.metrics._bootstrap import _weighted_scores

    rng = np.random.RandomState(0)
    pos, neg = rng.randint(0, 6, 7) / 5, rng.randint(0, 6, 30) / 5  # many ties
    w_pos, w_neg = rng.randint(0, 3, (20, 7)), rng.randint(0, 3, (20, 30))
    w_pos[:, 0] += 1  # at least one positive and one negative in every row
    w_neg[:, 0] += 1
    y = np.r_[np.ones(7), np.zeros(30)]
    for metric, fn in (("auroc", roc_auc_score), ("aupr", average_precision_score)):
        expected = [fn(y, np.r_[pos, neg], sample_weight=np.r_[a, b]) for a, b in zip(w_pos, w_neg)]
        np.testing.assert_allclose(_weighted_scores(metric, pos, neg, w_pos, w_neg), expected)
