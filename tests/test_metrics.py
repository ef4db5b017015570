"""Interaction metrics and scorers: hand-computed examples, sklearn references, error paths."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_glifac.metrics import (
    interaction_average_precision_score,
    interaction_pair_table,
    interaction_ppv_score,
    interaction_roc_auc_score,
    interaction_snr_score,
    interaction_tpr_score,
    make_classification_scorer,
    make_interaction_scorer,
    mean_average_precision_score,
    tf_pair_precision_recall_curve,
    tf_pair_precision_recall_f1,
)

# Ground truth over motifs A, B, C: A-B is an AND pair (+1), B-C an XOR pair (-1).
TRUTH = pd.DataFrame(
    [[0, 1, 0], [1, 0, -1], [0, -1, 0]], index=list("ABC"), columns=list("ABC"), dtype=float
)
LABELS = ["A", "B", "A", ""]
W = np.array(
    [
        [0.0, 0.8, 0.5, 0.1],
        [-0.9, 0.0, 0.3, 0.2],
        [0.4, 0.6, 0.0, -0.7],
        [0.0, 0.2, 0.05, 0.0],
    ]
)
# Filter pairs (i < j), score = entry of larger magnitude of W[i, j], W[j, i]:
#   (0,1) A-B: 0.8 vs -0.9 -> -0.9   positive
#   (0,2) A-A: excluded (same non-empty label)
#   (0,3) A-'': 0.1 vs 0.0 -> 0.1    negative (unlabelled)
#   (1,2) B-A: 0.3 vs 0.6 -> 0.6     positive
#   (1,3) B-'': 0.2 vs 0.2 -> 0.2    negative
#   (2,3) A-'': -0.7 vs 0.05 -> -0.7 negative
# absolute=True: positives {0.9, 0.6}, negatives {0.1, 0.2, 0.7}.


def test_pair_table_hand_example():
    table = interaction_pair_table(TRUTH, W, LABELS, absolute=True)
    assert list(zip(table.filter_a, table.filter_b)) == [(0, 1), (0, 3), (1, 2), (1, 3), (2, 3)]
    np.testing.assert_allclose(table.score, [0.9, 0.1, 0.6, 0.2, 0.7])
    assert table.positive.tolist() == [True, False, True, False, False]
    signed = interaction_pair_table(TRUTH, W, LABELS, absolute=False)
    np.testing.assert_allclose(signed.score, [-0.9, 0.1, 0.6, 0.2, -0.7])


def test_roc_auc_hand_example():
    # The default is signed scores.
    assert interaction_roc_auc_score(TRUTH, W, LABELS) == pytest.approx(3 / 6)
    # 0.9 beats all 3 negatives, 0.6 beats 0.1 and 0.2 but not 0.7: 5 of 6 comparisons.
    assert interaction_roc_auc_score(TRUTH, W, LABELS, absolute=True) == pytest.approx(5 / 6)
    # Signed scores: positives {-0.9, 0.6}, negatives {0.1, 0.2, -0.7}; 0.6 beats 3, -0.9 none.
    assert interaction_roc_auc_score(TRUTH, W, LABELS, absolute=False) == pytest.approx(3 / 6)


def test_average_precision_hand_example():
    # Ranking 0.9(P) 0.7(N) 0.6(P) 0.2 0.1: precision 1/1 and 2/3 at the hits -> (1 + 2/3) / 2.
    ap = interaction_average_precision_score(TRUTH, W, LABELS, absolute=True)
    assert ap == pytest.approx(5 / 6)
    # Signed: 0.6(P) 0.2 0.1 -0.7 -0.9(P): precision 1/1 and 2/5 -> (1 + 0.4) / 2 = 0.7.
    ap = interaction_average_precision_score(TRUTH, W, LABELS, absolute=False)
    assert ap == pytest.approx(0.7)


def test_snr_hand_example():
    # The SNR default is magnitudes (a signed ratio is meaningless for negative means).
    assert interaction_snr_score(TRUTH, W, LABELS) == pytest.approx(2.25)
    # mean(0.9, 0.6) = 0.75; mean(0.1, 0.2, 0.7) = 1/3 -> 2.25.
    assert interaction_snr_score(TRUTH, W, LABELS, absolute=True) == pytest.approx(2.25)
    # Top-2 negatives 0.7, 0.2 -> 0.45; 0.75 / 0.45 = 5/3.
    snr = interaction_snr_score(TRUTH, W, LABELS, absolute=True, denominator="top100", n_top=2)
    assert snr == pytest.approx(5 / 3)
    # With fewer than 100 negatives "top100" uses all of them (those above 0).
    snr = interaction_snr_score(TRUTH, W, LABELS, absolute=True, denominator="top100")
    assert snr == pytest.approx(2.25)


def test_top100_keeps_only_positive_negatives():
    # Signed scores: negatives {0.1, 0.2, -0.7}; the original code drops scores <= 0 -> 0.15.
    # Signal mean(-0.9, 0.6) = -0.15 -> -1.
    snr = interaction_snr_score(TRUTH, W, LABELS, absolute=False, denominator="top100")
    assert snr == pytest.approx(-1.0)


# Reported: (0,1) A-B, (2,0) A-A (excluded), (3,2) A-'' (negative).
R = np.zeros((4, 4), dtype=bool)
R[0, 1] = R[2, 0] = R[3, 2] = True


def test_tpr_ppv_hand_example():
    # Ground-truth pairs {A-B, B-C}; A-B recovered -> TPR 1/2.
    assert interaction_tpr_score(TRUTH, R, LABELS) == pytest.approx(0.5)
    # Kept reported filter pairs (0,1) positive and (2,3) negative -> PPV 1/2.
    assert interaction_ppv_score(TRUTH, R, LABELS) == pytest.approx(0.5)


def test_tf_pair_precision_recall_f1_hand_example():
    # Unique labelled motif pairs reported: {A-B} ((2,3) has an unlabelled filter).
    # precision 1/1, recall 1/2, F1 = 2 * 1 * 0.5 / 1.5 = 2/3.
    p, r, f = tf_pair_precision_recall_f1(TRUTH, R, LABELS)
    assert (p, r, f) == pytest.approx((1.0, 0.5, 2 / 3))
    # A "random hit" X (not in the ground truth) makes a false TF pair: filters 0 (A) and 2 (X).
    # Reported motif pairs {A-B, A-X}: precision 1/2, recall 1/2, F1 1/2.
    p, r, f = tf_pair_precision_recall_f1(TRUTH, R, ["A", "B", "X", ""])
    assert (p, r, f) == pytest.approx((0.5, 0.5, 0.5))
    # Two filter pairs mapping to the same motif pair count once.
    R2 = R.copy()
    R2[1, 2] = True  # B-A again
    assert tf_pair_precision_recall_f1(TRUTH, R2, LABELS) == pytest.approx((1.0, 0.5, 2 / 3))
    # ...but PPV counts filter pairs: (0,1) P, (1,2) P, (2,3) N -> 2/3.
    assert interaction_ppv_score(TRUTH, R2, LABELS) == pytest.approx(2 / 3)


def test_precision_recall_curve_hand_example():
    P = np.full((4, 4), np.nan)
    P[0, 1] = 0.01  # A-B, true
    P[3, 2] = 0.02  # A-'', no motif pair
    P[1, 3] = 0.03  # B-'', no motif pair
    P[2, 1] = 0.2  # A-B again
    curve = tf_pair_precision_recall_curve(TRUTH, P, ["A", "B", "C", ""])
    # Cutoffs = the distinct p-values. Filter 2 is C here: (1,2) is B-C, a true XOR pair.
    assert curve.cutoff.tolist() == [0.01, 0.02, 0.03, 0.2]
    assert curve.n_reported.tolist() == [1, 2, 3, 4]
    np.testing.assert_allclose(curve.precision, [1, 1, 1, 1])
    np.testing.assert_allclose(curve.recall, [0.5, 0.5, 0.5, 1.0])
    # Nothing reported at a tiny cutoff: precision undefined (nan), recall 0, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        low = tf_pair_precision_recall_curve(TRUTH, P, ["A", "B", "C", ""], cutoffs=[1e-4])
    assert np.isnan(low.precision[0]) and low.recall[0] == 0


def test_pairs_iterable_equals_dataframe():
    pairs = [("A", "B"), ("C", "B")]
    for fn in (interaction_roc_auc_score, interaction_average_precision_score):
        assert fn(pairs, W, LABELS) == fn(TRUTH, W, LABELS)
    assert interaction_tpr_score(pairs, R, LABELS) == interaction_tpr_score(TRUTH, R, LABELS)


def test_boolean_reported_accepts_0_1_ints():
    assert interaction_ppv_score(TRUTH, R.astype(int), LABELS) == pytest.approx(0.5)


def _brute_force_pairs(true_pairs, W, labels, absolute=True):
    """Reference: explicit loops over filter pairs, written independently of the library."""
    scores, y = [], []
    F = len(labels)
    for i in range(F):
        for j in range(i + 1, F):
            if labels[i] == labels[j] and labels[i] != "":
                continue
            a, b = W[i, j], W[j, i]
            if abs(a) > abs(b):
                s = a
            elif abs(b) > abs(a):
                s = b
            else:
                s = max(a, b)
            scores.append(abs(s) if absolute else s)
            y.append(
                labels[i] != ""
                and labels[j] != ""
                and ((labels[i], labels[j]) in true_pairs or (labels[j], labels[i]) in true_pairs)
            )
    return np.array(scores), np.array(y)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_filters=st.integers(3, 12),
    absolute=st.booleans(),
)
def test_against_sklearn_on_flattened_pairs(seed, n_filters, absolute):
    rng = np.random.default_rng(seed)
    labels = list(rng.choice(["", "A", "B", "C", "D"], size=n_filters))
    W = rng.normal(size=(n_filters, n_filters)).round(1)  # rounding makes ties happen
    true_pairs = {("A", "B"), ("C", "D")}
    scores, y = _brute_force_pairs(true_pairs, W, labels, absolute)
    if len(y) == 0 or y.all() or not y.any():
        return
    assert interaction_roc_auc_score(true_pairs, W, labels, absolute=absolute) == pytest.approx(
        roc_auc_score(y, scores)
    )
    ap = interaction_average_precision_score(true_pairs, W, labels, absolute=absolute)
    assert ap == pytest.approx(average_precision_score(y, scores))
    snr = interaction_snr_score(true_pairs, W, labels, absolute=absolute)
    assert snr == pytest.approx(scores[y].mean() / scores[~y].mean())


def test_degenerate_cases_follow_sklearn():
    no_pos = ["A", "", "", ""]  # no B or C filter: no positive pair
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(interaction_roc_auc_score(TRUTH, W, no_pos))
    with pytest.warns(UndefinedMetricWarning):
        assert interaction_average_precision_score(TRUTH, W, no_pos) == 0.0
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(interaction_snr_score(TRUTH, W, no_pos))
    # All pairs positive (two filters, A and B): no negative pair.
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(interaction_roc_auc_score(TRUTH, W[:2, :2], ["A", "B"]))
    # Negatives all score 0: infinite SNR, with a warning.
    Z = np.zeros((3, 3))
    Z[0, 1] = 0.5
    with pytest.warns(UndefinedMetricWarning):
        assert interaction_snr_score(TRUTH, Z, ["A", "B", ""]) == np.inf
    # Nothing reported: PPV / precision 0.0 with a warning, or zero_division.
    nothing = np.zeros((4, 4), dtype=bool)
    with pytest.warns(UndefinedMetricWarning):
        assert interaction_ppv_score(TRUTH, nothing, LABELS) == 0.0
    assert interaction_ppv_score(TRUTH, nothing, LABELS, zero_division=1.0) == 1.0
    p, r, f = tf_pair_precision_recall_f1(TRUTH, nothing, LABELS, zero_division=np.nan)
    assert np.isnan(p) and r == 0 and np.isnan(f)
    assert interaction_tpr_score(TRUTH, nothing, LABELS) == 0.0


@pytest.mark.parametrize(
    "W_bad, labels, exc, match",
    [
        (np.zeros((3, 4)), ["A", "B", "C"], ValueError, "square"),
        (np.zeros((4, 4)), ["A", "B", "C"], ValueError, "filter_labels has 3"),
        (np.full((3, 3), np.nan), ["A", "B", "C"], ValueError, "NaN"),
        (np.zeros((3, 3)), ["A", "B", 3], TypeError, "filter_labels"),
        (np.zeros((3, 3)), "ABC", TypeError, "filter_labels"),
        (np.array([["a"] * 2] * 2), ["A", "B"], TypeError, "numeric"),
        (np.zeros((2, 2)), ["A", "A"], ValueError, "No filter pair"),
        (np.zeros((1, 1)), ["A"], ValueError, "No filter pair"),
    ],
)
def test_bad_matrix_and_labels(W_bad, labels, exc, match):
    with pytest.raises(exc, match=match):
        interaction_roc_auc_score(TRUTH, W_bad, labels)


def test_bad_true_interactions():
    with pytest.raises(ValueError, match="no interacting pair"):
        interaction_roc_auc_score(TRUTH * 0, W, LABELS)
    with pytest.raises(ValueError, match="no interacting pair"):
        interaction_roc_auc_score([("A", "A")], W, LABELS)
    with pytest.raises(ValueError, match="square DataFrame"):
        interaction_roc_auc_score(TRUTH.iloc[:2], W, LABELS)
    with pytest.raises(ValueError, match="NaN"):
        interaction_roc_auc_score(TRUTH.replace(0.0, np.nan), W, LABELS)
    with pytest.raises(TypeError, match="true_interactions"):
        interaction_roc_auc_score("AB", W, LABELS)
    with pytest.raises(TypeError, match="true_interactions"):
        interaction_roc_auc_score(["AB"], W, LABELS)
    with pytest.raises(ValueError, match="two non-empty motif names"):
        interaction_roc_auc_score([("A", "B", "C")], W, LABELS)


def test_bad_options():
    with pytest.raises(ValueError, match="denominator"):
        interaction_snr_score(TRUTH, W, LABELS, denominator="median")
    with pytest.raises(ValueError, match="n_top"):
        interaction_snr_score(TRUTH, W, LABELS, denominator="top100", n_top=0)
    with pytest.raises(ValueError, match="zero_division"):
        interaction_ppv_score(TRUTH, R, LABELS, zero_division=0.5)
    with pytest.raises(ValueError, match="boolean"):
        interaction_ppv_score(TRUTH, W, LABELS)


# ---------------------------------------------------------------- scorers with stub estimators


class StubClassifier(ClassifierMixin, BaseEstimator):
    """Pretends to be a classifier whose read-out is X itself (columns = filter activity)."""

    def __init__(self, scale=1.0):
        self.scale = scale

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X):
        return 1 / (1 + np.exp(-self.scale * X[:, :2]))

    def transform(self, X):
        return X


class StubInteractions(TransformerMixin, BaseEstimator):
    """W = correlation of filter columns; reported = |W| above threshold."""

    def __init__(self, threshold=0.5, labels=("A", "B", "C", "")):
        self.threshold = threshold
        self.labels = labels

    def fit(self, X, y=None):
        self.filter_motifs_ = list(self.labels)
        return self

    def transform(self, X):
        return np.corrcoef(np.asarray(X).T)

    def reported_interactions(self, W):
        return np.abs(W) > self.threshold


def _stub_data(n=80, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    X[:, 1] = X[:, 0] + 0.3 * rng.normal(size=n)  # filters 0 and 1 (A, B) co-vary
    X[:, 3] = X[:, 2] + 0.8 * rng.normal(size=n)  # C with an unlabelled filter
    y = (X[:, :2] + 0.5 * rng.normal(size=(n, 2)) > 0).astype(int)
    return X, y


@pytest.mark.parametrize("metric", ["auroc", "aupr", "snr", "tpr", "ppv", "precision", "recall"])
def test_interaction_scorer_matches_metric(metric):
    X, y = _stub_data()
    truth = [("A", "B")]
    pipe = make_pipeline(StubClassifier(), StubInteractions(threshold=0.5)).fit(X, y)
    W_ = np.corrcoef(X.T)
    reported = np.abs(W_) > 0.5
    expected = {
        "auroc": interaction_roc_auc_score(truth, W_, pipe[-1].labels),
        "aupr": interaction_average_precision_score(truth, W_, pipe[-1].labels),
        "snr": interaction_snr_score(truth, W_, pipe[-1].labels),
        "tpr": interaction_tpr_score(truth, reported, pipe[-1].labels),
        "ppv": interaction_ppv_score(truth, reported, pipe[-1].labels),
        "precision": tf_pair_precision_recall_f1(truth, reported, pipe[-1].labels)[0],
        "recall": tf_pair_precision_recall_f1(truth, reported, pipe[-1].labels)[1],
    }[metric]
    scorer = make_interaction_scorer(metric, truth)
    assert scorer(pipe, X) == pytest.approx(expected)
    # The transformer alone, with X as the read-out.
    assert scorer(pipe[-1], X) == pytest.approx(expected)
    assert pickle.loads(pickle.dumps(scorer))(pipe, X) == pytest.approx(expected)


def test_scorer_kwargs_are_forwarded():
    X, y = _stub_data()
    pipe = make_pipeline(StubClassifier(), StubInteractions()).fit(X, y)
    W_ = np.corrcoef(X.T)
    scorer = make_interaction_scorer("snr", TRUTH, denominator="top100", n_top=1)
    expected = interaction_snr_score(TRUTH, W_, pipe[-1].labels, denominator="top100", n_top=1)
    assert scorer(pipe, X) == pytest.approx(expected)
    assert "denominator='top100'" in repr(scorer)


def test_grid_search_with_interaction_and_classification_scorers():
    X, y = _stub_data(n=120)
    truth = [("A", "B"), ("B", "C")]
    scoring = {m: make_interaction_scorer(m, truth) for m in ("auroc", "aupr", "snr", "tpr", "ppv")}
    scoring["f1"] = make_interaction_scorer("f1", truth, zero_division=0.0)
    scoring["classification_aupr"] = make_classification_scorer()
    cv = KFold(2)
    search = GridSearchCV(
        make_pipeline(StubClassifier(), StubInteractions()),
        {"stubinteractions__threshold": [0.3, 0.95], "stubclassifier__scale": [1.0, 2.0]},
        scoring=scoring,
        refit="tpr",
        cv=cv,
        error_score="raise",
    )
    search.fit(X, y)
    res = search.cv_results_
    for m in scoring:
        assert np.isfinite(res[f"mean_test_{m}"]).all()
    # Recompute one fold's scores by hand.
    test_idx = next(iter(cv.split(X)))[1]
    Xt, yt = X[test_idx], y[test_idx]
    W_ = np.corrcoef(Xt.T)
    k = res["params"].index({"stubclassifier__scale": 1.0, "stubinteractions__threshold": 0.3})
    assert res["split0_test_tpr"][k] == pytest.approx(
        interaction_tpr_score(truth, np.abs(W_) > 0.3, ["A", "B", "C", ""])
    )
    assert res["split0_test_classification_aupr"][k] == pytest.approx(
        np.mean([average_precision_score(yt[:, t], Xt[:, t]) for t in range(2)])
    )
    # Threshold 0.3 reports A-B (|r| ~ 0.96) on every fold; refit follows the best TPR.
    assert res["mean_test_tpr"][k] == res["mean_test_tpr"].max()
    assert (
        search.best_estimator_[-1].threshold == search.best_params_["stubinteractions__threshold"]
    )


def test_classification_scorer_finds_classifier_step():
    X, y = _stub_data()
    scorer = make_classification_scorer()
    # A preprocessing step before the classifier is applied first.
    pipe = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y[:, 0])
    proba = pipe.predict_proba(X)[:, 1]
    assert scorer(pipe, X, y[:, 0]) == pytest.approx(average_precision_score(y[:, 0], proba))
    # The classifier alone; multi-label stub.
    clf = StubClassifier().fit(X, y)
    expected = np.mean(
        [average_precision_score(y[:, t], clf.predict_proba(X)[:, t]) for t in (0, 1)]
    )
    assert scorer(clf, X, y) == pytest.approx(expected)
    assert repr(scorer) == "make_classification_scorer()"


def test_mean_average_precision_skips_tasks_without_positives():
    y = np.array([[1, 0], [0, 0], [1, 0]])
    s = np.array([[0.9, 0.1], [0.2, 0.3], [0.4, 0.2]])
    with pytest.warns(UndefinedMetricWarning, match="1 task"):
        assert mean_average_precision_score(y, s) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="same shape"):
        mean_average_precision_score(y, s[:, :1])


def test_micro_average_precision_pools_tasks_by_hand():
    y = np.array([[1, 0], [0, 1], [1, 0]])
    s = np.array([[0.9, 0.2], [0.1, 0.4], [0.3, 0.5]])
    # Pooled cells by decreasing score: 0.9+ 0.5- 0.4+ 0.3+ 0.2- 0.1-; precision at each of
    # the three positives: 1/1, 2/3, 3/4.
    pooled = (1 + 2 / 3 + 3 / 4) / 3
    assert mean_average_precision_score(y, s, average="micro") == pytest.approx(pooled)
    # Per task: both positives of task 0 on top (1.0); task 1's one positive second (0.5).
    assert mean_average_precision_score(y, s) == pytest.approx((1.0 + 0.5) / 2)
    # A task without positives still contributes its negatives to the pooled number.
    y0 = np.array([[1, 0], [0, 0], [1, 0]])
    s0 = np.array([[0.9, 0.95], [0.2, 0.3], [0.4, 0.2]])
    assert mean_average_precision_score(y0, s0, average="micro") == pytest.approx(
        (1 / 2 + 2 / 3) / 2
    )
    X, yy = _stub_data()
    clf = StubClassifier().fit(X, yy)
    expected = average_precision_score(yy.ravel(), clf.predict_proba(X).ravel())
    scorer = make_classification_scorer(average="micro")
    assert scorer(clf, X, yy) == pytest.approx(expected)
    assert repr(scorer) == "make_classification_scorer(average='micro')"
    with pytest.raises(ValueError, match="average must be 'macro' or 'micro', got 'weighted'"):
        mean_average_precision_score(y, s, average="weighted")
    with pytest.raises(ValueError, match="average must be"):
        make_classification_scorer(average="samples")
    with pytest.warns(UndefinedMetricWarning, match="No positive"):
        assert np.isnan(mean_average_precision_score(y * 0, s, average="micro"))


def test_scorer_when_no_filter_matched_a_motif():
    X, y = _stub_data()
    unlabelled = make_pipeline(StubClassifier(), StubInteractions(labels=("",) * 4)).fit(X, y)
    with pytest.warns(UndefinedMetricWarning):
        assert np.isnan(make_interaction_scorer("auroc", TRUTH)(unlabelled, X))
    assert make_interaction_scorer("tpr", TRUTH)(unlabelled, X) == 0.0


def test_scorer_errors():
    with pytest.raises(ValueError, match="metric must be one of"):
        make_interaction_scorer("accuracy", TRUTH)
    with pytest.raises(TypeError, match="denominator"):
        make_interaction_scorer("auroc", TRUTH, denominator="top100")
    with pytest.raises(ValueError, match="no interacting pair"):
        make_interaction_scorer("auroc", TRUTH * 0)
    X, y = _stub_data()
    no_motifs = make_pipeline(StubClassifier(), StubInteractions()).fit(X, y)
    no_motifs[-1].motifs = None  # as a transformer fitted without a motif database
    with pytest.raises(ValueError, match="motifs="):
        make_interaction_scorer("auroc", TRUTH)(no_motifs, X)
    with pytest.raises(TypeError, match="filter_motifs_"):
        make_interaction_scorer("auroc", TRUTH)(StandardScaler().fit(X), X)
    with pytest.raises(TypeError, match="predict_proba"):
        make_classification_scorer()(StandardScaler().fit(X), X, y)
    with pytest.raises(TypeError, match="No step"):
        make_classification_scorer()(make_pipeline(StandardScaler()).fit(X), X, y)
    with pytest.raises(ValueError, match="labels y"):
        make_classification_scorer()(StubClassifier().fit(X, y), X)


# ------------------------------------------------------------------ the one pair rule


def test_symmetrize_interactions_is_symmetric_on_exact_ties():
    from sklearn_glifac.interactions import GLIFACInteractions  # noqa: F401 (same rule)
    from sklearn_glifac.interactions._glifac import symmetrize
    from sklearn_glifac.metrics import interaction_pair_table, symmetrize_interactions

    W = np.array([[0.0, -0.5, 0.2], [0.5, 0.0, -0.7], [-0.2, 0.7, 0.0]])  # every pair a tie
    S = symmetrize_interactions(W)
    np.testing.assert_array_equal(S, S.T)
    np.testing.assert_array_equal(S[np.triu_indices(3, 1)], [0.5, 0.2, 0.7])  # larger value
    np.testing.assert_array_equal(symmetrize(W), S)  # GLIFAC uses the same rule
    table = interaction_pair_table([("A", "B")], W, ["A", "B", ""])
    np.testing.assert_array_equal(table["score"], S[table["filter_a"], table["filter_b"]])


@given(st.lists(st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0]), min_size=16, max_size=16))
@settings(max_examples=50, deadline=None)
def test_symmetrize_interactions_property(values):
    from sklearn_glifac.metrics import symmetrize_interactions

    W = np.array(values).reshape(4, 4)
    S = symmetrize_interactions(W)
    np.testing.assert_array_equal(S, S.T)
    assert np.all((S == W) | (S == W.T))
    assert np.all(np.abs(S) == np.maximum(np.abs(W), np.abs(W.T)))
    np.testing.assert_array_equal(symmetrize_interactions(W, "mean"), (W + W.T) / 2)
    with pytest.raises(ValueError, match="how must be one of"):
        symmetrize_interactions(W, "median")


# ------------------------------------------------------------------ one transform for every metric


class CountingInteractions(StubInteractions):
    calls = 0

    def transform(self, X):
        type(self).calls += 1
        return super().transform(X)


def test_score_interactions_one_transform_every_metric():
    from sklearn_glifac.metrics import score_interactions

    X, y = _stub_data()
    truth = [("A", "B"), ("B", "C")]
    pipe = make_pipeline(StubClassifier(), CountingInteractions()).fit(X, y)
    CountingInteractions.calls = 0
    metrics = ["auroc", "aupr", "snr", "tpr", "ppv", "f1"]
    scores = score_interactions(pipe, X, truth, metrics=metrics, f1=dict(zero_division=0.0))
    assert CountingInteractions.calls == 1
    assert list(scores) == metrics
    for m in metrics:
        kw = {"zero_division": 0.0} if m == "f1" else {}
        assert scores[m] == pytest.approx(make_interaction_scorer(m, truth, **kw)(pipe, X))
    assert CountingInteractions.calls == 1  # the scorers reused the same transform
    with pytest.raises(TypeError, match="name no metric"):
        score_interactions(pipe, X, truth, metrics=["auroc"], snr=dict(n_top=3))
    with pytest.raises(ValueError, match="metric must be one of"):
        score_interactions(pipe, X, truth, metrics=["accuracy"])


def test_scorers_recompute_after_a_refit_or_on_other_data():
    X, y = _stub_data()
    truth = [("A", "B")]
    pipe = make_pipeline(StubClassifier(), CountingInteractions()).fit(X, y)
    scorer = make_interaction_scorer("auroc", truth)
    CountingInteractions.calls = 0
    scorer(pipe, X)
    scorer(pipe, X[:40])  # other data
    pipe.fit(X, y)  # refit: new fitted state
    scorer(pipe, X)
    assert CountingInteractions.calls == 3


def test_grid_search_shares_one_transform_per_fold():
    X, y = _stub_data(n=120)
    truth = [("A", "B"), ("B", "C")]
    scoring = {m: make_interaction_scorer(m, truth) for m in ("auroc", "aupr", "snr", "tpr", "ppv")}
    CountingInteractions.calls = 0
    search = GridSearchCV(
        make_pipeline(StubClassifier(), CountingInteractions()),
        {"countinginteractions__threshold": [0.3, 0.95]},
        scoring=scoring,
        refit=False,
        cv=KFold(2),
        error_score="raise",
    )
    search.fit(X, y)
    assert CountingInteractions.calls == 2 * 2  # one per candidate and fold, not one per metric
