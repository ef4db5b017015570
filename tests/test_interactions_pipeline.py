"""The interaction transformers with real networks: Pipeline / GridSearchCV contract, end to end.

Tiny networks trained for one epoch cannot learn motifs, so the contract tests label filters with
``qvalue_threshold=1.0`` (every filter gets its best Tomtom match): the point there is that the
pieces compose and every score is computed. The slow test trains a small real model and checks
that GLIFAC recovers the ground-truth pairs.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.metrics import (
    interaction_average_precision_score,
    interaction_roc_auc_score,
    make_classification_scorer,
    make_interaction_scorer,
)
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.motifs import load_motifs, write_meme

TINY = {
    "module__n_filters": 8,
    "module__n_heads": 2,
    "module__dense_units": 16,
    "max_epochs": 1,
    "verbose": 0,
}
PAIRS = [("ELF1", "SIX3", "and"), ("GATA1", "TAL1", "and")]
STEPS = {
    GLIFACInteractions: "glifacinteractions",
    LocalAttentionInteractions: "localattentioninteractions",
}


@pytest.fixture(autouse=True)
def _quiet_small_database():
    # memelite warns that Tomtom p-values with < 25 target motifs depend on the targets
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="tomtom was given", category=UserWarning)
        yield


def four_motif_data(n_samples, seq_len=100, random_state=0):
    """Two AND pairs over four of the GLIFAC motifs: a small, learnable grammar.

    Sites are placed independently (``pair_rate=0``, the paper's text): 4 pair units of up to
    30 nt would not fit into 60-100 nt, and the interactions are then learned from labels alone.
    """
    pool = load_motifs()
    motifs = {name: pool[name] for name in ("ELF1", "SIX3", "GATA1", "TAL1")}
    return make_motif_interactions(
        n_samples,
        seq_len=seq_len,
        n_sites=(2, 4),
        motifs=motifs,
        interactions=PAIRS,
        pair_rate=0,
        random_state=random_state,
    )


@pytest.fixture(scope="module")
def data():
    return four_motif_data(300)


@pytest.fixture(scope="module")
def net(data):
    return ConvAttentionClassifier("CNN20-Exp", random_state=0, **TINY).fit(data.X, data.y)


@pytest.mark.parametrize("cls", [GLIFACInteractions, LocalAttentionInteractions])
def test_pipeline_contract(cls, data):
    X_train, X_test, y_train, y_test = train_test_split(
        data.X, data.y, test_size=0.2, random_state=0
    )
    pipe = make_pipeline(
        ConvAttentionClassifier(preset="CNN20-Exp", random_state=0, **TINY),
        cls(threshold=0.1, motifs=data.motifs, qvalue_threshold=1.0, random_state=0),
    )
    pipe.fit(X_train, y_train)
    W = pipe.transform(X_test)
    step = pipe[-1]
    assert W.shape == (8, 8) and np.isfinite(W).all()
    assert len(step.filter_motifs_) == 8 and set(step.filter_motifs_) <= {"", *data.motifs}
    assert step.filter_pwms_.shape == (8, 4, 19) and len(step.filter_n_sites_) == 8
    assert isinstance(step.tomtom_, pd.DataFrame) and len(step.tomtom_)
    motif_matrix = step.motif_interactions_
    assert list(motif_matrix.index) == list(motif_matrix.columns) == list(data.motifs)
    assert np.allclose(motif_matrix, motif_matrix.T, equal_nan=True)
    auroc = interaction_roc_auc_score(data.true_interactions, W, step.filter_motifs_)
    assert np.isnan(auroc) or 0 <= auroc <= 1

    # the same transformer on a model trained elsewhere: fit_transform(net.transform(X))
    elsewhere = cls(threshold=0.1, random_state=0).fit_transform(pipe[0].transform(X_test))
    np.testing.assert_allclose(elsewhere, W)


@pytest.mark.parametrize("cls", [GLIFACInteractions, LocalAttentionInteractions])
def test_grid_search_reports_interactions_and_classification(cls, data):
    pipe = make_pipeline(
        ConvAttentionClassifier(preset="CNN20-Exp", random_state=0, **TINY),
        cls(threshold=0.1, motifs=data.motifs, qvalue_threshold=1.0, random_state=0),
    )
    scoring = {
        m: make_interaction_scorer(m, data.true_interactions)
        for m in ("auroc", "aupr", "snr", "tpr", "ppv")
    }
    scoring["classification_aupr"] = make_classification_scorer()
    grid = {
        "convattentionclassifier__module__pool_size": [10, 20],
        f"{STEPS[cls]}__threshold": [0.1, 0.15],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undefined metrics on untrained nets
        search = GridSearchCV(pipe, grid, scoring=scoring, refit="auroc", cv=2, error_score="raise")
        search.fit(data.X[:200], data.y[:200])
    results = search.cv_results_
    assert len(results["params"]) == 4
    for m in scoring:
        assert f"mean_test_{m}" in results
    clf_aupr = results["mean_test_classification_aupr"]
    assert np.all((clf_aupr > 0) & (clf_aupr <= 1))
    for m in ("tpr", "ppv", "aupr"):
        assert np.all((results[f"mean_test_{m}"] >= 0) & (results[f"mean_test_{m}"] <= 1))
    best = search.best_estimator_
    assert best.transform(data.X[:20]).shape == (8, 8)
    assert best[-1].threshold in (0.1, 0.15)


def test_scorers_on_a_transformer_fitted_on_a_readout(net, data):
    readout = net.transform(data.X[:100])
    glifac = GLIFACInteractions(motifs=data.motifs, qvalue_threshold=1.0, random_state=0)
    glifac.fit(readout)
    W = glifac.filter_interactions_
    score = make_interaction_scorer("aupr", data.true_interactions)(glifac, readout)
    assert score == pytest.approx(
        interaction_average_precision_score(data.true_interactions, W, glifac.filter_motifs_)
    )


def test_null_threshold_and_satori_on_a_network(net, data):
    readout = net.transform(data.X[:60])
    local = LocalAttentionInteractions(null_alpha=0.05, method="satori", random_state=0)
    W = local.fit_transform(readout)
    assert 0 < local.attention_threshold_ <= 1
    assert np.all((local.adjusted_pvalues_ >= 0) & (local.adjusted_pvalues_ <= 1))
    np.testing.assert_allclose(local.transform(readout), W)  # same shuffles from random_state
    counts = LocalAttentionInteractions(null_alpha=0.05, random_state=0).fit(readout)
    assert counts.attention_threshold_ == local.attention_threshold_
    per_seq = counts.per_sequence_interactions(readout)
    summed = per_seq.groupby(["filter_a", "filter_b"])["count"].sum()
    for (a, b), c in summed.items():
        assert counts.filter_interactions_[a, b] == c
    assert counts.filter_interactions_.sum() == per_seq["count"].sum()


def test_motif_database_forms(net, data, tmp_path):
    import torch

    threads = torch.get_num_threads()
    readout = net.transform(data.X[:50])
    path = tmp_path / "motifs.meme"
    write_meme(data.motifs, path)
    from_file = GLIFACInteractions(motifs=path, qvalue_threshold=1.0, random_state=0).fit(readout)
    from_dict = GLIFACInteractions(motifs=data.motifs, qvalue_threshold=1.0, random_state=0)
    assert from_file.filter_motifs_ == from_dict.fit(readout).filter_motifs_
    # Tomtom (numba on torch's OpenMP runtime) must not change torch's thread count
    assert torch.get_num_threads() == threads


@pytest.mark.parametrize(
    "motifs, error",
    [
        ({"BAD": np.ones((3, 6))}, ValueError),  # 3 rows instead of A, C, G, T
        ({"BAD": np.ones(6)}, ValueError),
        ("/no/such/file.meme", FileNotFoundError),
        (42, (TypeError, ValueError)),
    ],
)
def test_bad_motif_database(net, data, motifs, error):
    with pytest.raises(error, match="motifs"):
        GLIFACInteractions(motifs=motifs).fit(net.transform(data.X[:20]))


def test_unfitted_network_and_raw_sequences(data):
    pipe = make_pipeline(ConvAttentionClassifier(**TINY), GLIFACInteractions())
    with pytest.raises(NotFittedError):
        pipe.transform(data.X[:10])
    with pytest.raises(TypeError, match="put the classifier step before"):
        GLIFACInteractions().fit(data.X[:10])


@pytest.mark.slow
def test_glifac_recovers_ground_truth_pairs_end_to_end():
    """Small real training of an exponential-activation model: GLIFAC finds the AND pairs.

    Two AND pairs (ELF1/SIX3, GATA1/TAL1) over four motifs. Interacting filters correlate
    positively; the other motif pairs correlate negatively here (a fixed number of sites per
    sequence makes the motifs compete for them), so the signed AUROC is the informative one.
    A few seconds of training on one free core (conftest sets one torch thread).
    """
    data = four_motif_data(2000, random_state=1)
    n_train = 1600
    net = ConvAttentionClassifier(
        "CNN20-Exp",
        module__pool_size=10,
        module__n_filters=16,
        module__n_heads=1,
        module__dense_units=32,
        batch_size=32,
        lr=3e-3,
        max_epochs=15,
        train_split=None,
        random_state=0,
        verbose=0,
    ).fit(data.X[:n_train], data.y[:n_train])
    readout = net.transform(data.X[n_train:])
    glifac = GLIFACInteractions(0.1, motifs=data.motifs, random_state=0).fit(readout)
    labels = glifac.filter_motifs_
    assert len(set(labels) - {""}) >= 3  # the filters learned most of the motifs
    W = glifac.filter_interactions_
    signed = interaction_roc_auc_score(data.true_interactions, W, labels)  # signed default
    assert signed > 0.8
    assert interaction_roc_auc_score(data.true_interactions, W, labels, absolute=True) > 0.55
    # motif level: every recovered ground-truth pair scores above every other motif pair
    M = glifac.motif_interactions_.to_numpy()
    truth = data.true_interactions.to_numpy() != 0
    off_diagonal = ~np.eye(len(M), dtype=bool)
    true_scores, other_scores = M[truth], M[~truth & off_diagonal]
    assert np.isfinite(true_scores).any()
    assert np.nanmin(true_scores) > np.nanmax(other_scores)
    # local attention counts on the same read-out separate the pairs less well (paper, Fig. 2)
    local = LocalAttentionInteractions(0.1, motifs=data.motifs).fit(readout)
    local_auroc = interaction_roc_auc_score(
        data.true_interactions, local.filter_interactions_, local.filter_motifs_
    )
    assert local_auroc < signed
