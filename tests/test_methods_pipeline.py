"""GIA, FIS and DFIM in a Pipeline and a GridSearchCV, scored by the interaction scorers."""

import warnings

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_glifac.interactions import DFIMInteractions, FISInteractions, GIAInteractions
from sklearn_glifac.metrics import make_interaction_scorer
from sklearn_glifac.models import ConvAttentionClassifier

from .test_interactions_pipeline import TINY, four_motif_data


@pytest.fixture(scope="module")
def data():
    return four_motif_data(120)


def make(cls, data):
    if cls is GIAInteractions:
        est = GIAInteractions(
            data.motifs, spacings=(4,), n_background=5, n_bootstrap=20, random_state=0
        )
        return est, "giainteractions__spacings", [(4,), (8,)]
    est = cls(n_steps=2, max_sequences=3, motifs=data.motifs, qvalue_threshold=1.0, random_state=0)
    return est, f"{cls.__name__.lower()}__threshold", [0.1, 0.2]


@pytest.mark.parametrize("cls", [GIAInteractions, FISInteractions, DFIMInteractions])
def test_pipeline_and_grid_search(cls, data):
    step, name, values = make(cls, data)
    pipe = make_pipeline(ConvAttentionClassifier(preset="CNN20-Exp", random_state=0, **TINY), step)
    scoring = {m: make_interaction_scorer(m, data.true_interactions) for m in ("auroc", "tpr")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undefined metrics on untrained nets
        search = GridSearchCV(pipe, {name: values}, scoring=scoring, refit="auroc", cv=2,
                              error_score="raise")  # fmt: skip
        search.fit(data.X, data.y)
    assert len(search.cv_results_["params"]) == 2
    assert np.all(np.isfinite(search.cv_results_["mean_test_tpr"]))
    W = search.best_estimator_.transform(data.X[:20])
    n = 4 if cls is GIAInteractions else 8
    assert W.shape == (n, n)
