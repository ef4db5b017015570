"""Sweeps on Dask: the same GridSearchCV under joblib's dask backend gives the same results."""

import joblib
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_glifac.interactions import GLIFACInteractions
from sklearn_glifac.metrics import make_classification_scorer, make_interaction_scorer
from sklearn_glifac.models import ConvAttentionClassifier

from .test_interactions_pipeline import TINY, four_motif_data

distributed = pytest.importorskip("distributed")


def _search(data, n_jobs):
    pipe = make_pipeline(
        ConvAttentionClassifier(preset="CNN20-Exp", random_state=0, **TINY),
        GLIFACInteractions(threshold=0.0, motifs=data.motifs, qvalue_threshold=1.0, random_state=0),
    )
    scoring = {
        "classification_aupr": make_classification_scorer(),
        "tpr": make_interaction_scorer("tpr", data.true_interactions),
    }
    grid = {"glifacinteractions__threshold": [0.0, 0.05]}
    return GridSearchCV(
        pipe, grid, scoring=scoring, refit=False, cv=2, n_jobs=n_jobs, error_score="raise"
    )


def test_grid_search_on_dask_matches_sequential_run():
    data = four_motif_data(200, seq_len=80)
    X, y = data.X, data.y
    sequential = _search(data, n_jobs=None).fit(X, y)
    # An in-process cluster: the same code path as a remote scheduler, without spawning. One
    # thread per worker, as for real torch workloads: concurrent threads in one process share
    # torch's intra-op thread count (which Tomtom's numba changes while it runs), and a different
    # thread count changes floating-point reduction order.
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1):
        with joblib.parallel_backend("dask"):
            on_dask = _search(data, n_jobs=-1).fit(X, y)
    for key in ("mean_test_classification_aupr", "mean_test_tpr"):
        np.testing.assert_allclose(on_dask.cv_results_[key], sequential.cv_results_[key])
