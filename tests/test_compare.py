"""compare_interaction_methods: one table, every method, on a tiny fitted network."""

import numpy as np
import pytest

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.experiments import (
    COMPARISON_COLUMNS,
    INTERACTION_METHODS,
    compare_interaction_methods,
)
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.motifs import load_motifs

PAIRS = [("ELF1", "SIX3", "and"), ("GATA1", "TAL1", "and")]


@pytest.fixture(scope="module")
def fitted():
    pool = load_motifs()
    motifs = {k: pool[k] for k in ("ELF1", "SIX3", "GATA1", "TAL1")}
    data = make_motif_interactions(
        120, seq_len=100, n_sites=(2, 4), motifs=motifs, interactions=PAIRS, pair_rate=0,
        random_state=0,
    )  # fmt: skip
    clf = ConvAttentionClassifier(
        "CNN20-Exp", module__n_filters=6, module__n_heads=2, module__dense_units=8,
        max_epochs=1, verbose=0, random_state=0,
    ).fit(data.X, data.y)  # fmt: skip
    return clf, data


def test_every_method_in_one_table(fitted):
    clf, data = fitted
    res = compare_interaction_methods(
        clf, data.X[:40], data.true_interactions, data.motifs, qvalue_threshold=1.0,
        max_sequences=6, n_steps=3, gia_params={"n_background": 8, "spacings": (4,)},
    )  # fmt: skip
    t = res.table
    assert list(t.columns) == COMPARISON_COLUMNS
    assert t["method"].tolist() == list(INTERACTION_METHODS)
    assert (t["seconds"] > 0).all() and (t["relative_cost"] > 0).all()
    slow = t.set_index("method").loc[["fis", "dfim", "glifac_attribution"], "n_sequences"]
    assert (slow == 6).all()
    assert t.set_index("method").loc["glifac", "n_sequences"] == 40
    assert set(res.estimators) == set(INTERACTION_METHODS)
    assert len(res.labels) == 6
    # GIA is scored at motif level: every ground-truth pair is a candidate, so AUROC is defined
    assert np.isfinite(t.set_index("method").loc["gia", "auroc"])


def test_bad_arguments(fitted):
    clf, data = fitted
    with pytest.raises(ValueError, match="methods"):
        compare_interaction_methods(clf, data.X[:5], data.true_interactions, data.motifs,
                                    methods=["attention_rollout"])  # fmt: skip
    with pytest.raises(TypeError, match="true_interactions"):
        compare_interaction_methods(clf, data.X[:5], [("ELF1", "SIX3")], data.motifs)
    with pytest.raises(TypeError, match="motifs"):
        compare_interaction_methods(clf, data.X[:5], data.true_interactions, "jaspar")
    with pytest.raises(ValueError, match="max_sequences"):
        compare_interaction_methods(clf, data.X[:5], data.true_interactions, data.motifs,
                                    max_sequences=0)  # fmt: skip


def test_reproduce_includes_the_comparison(tmp_path):
    from sklearn_glifac.experiments import load_reproduction, reproduce

    out = tmp_path / "repro"
    res = reproduce(
        out, presets=("CNN20-Exp",), seeds=1, n_samples=200, max_epochs=1, thresholds=(0.1,),
        classifier_params={"module__n_filters": 4, "module__dense_units": 8}, n_jobs=1,
        report=False, verbose=False,
        compare_methods={"methods": ["local_attention", "satori", "gia"],
                         "gia_params": {"n_background": 5, "spacings": (4,)}},
    )  # fmt: skip
    assert res.methods["method"].tolist() == ["local_attention", "satori", "gia"]
    assert set(res.methods["preset"]) == {"CNN20-Exp"}
    assert (out / "methods.csv").exists() and (out / "runs").is_dir()
    results, _ = load_reproduction(out)  # the methods files are not taken for runs
    assert len(results) == len(res.results) == 2
    with pytest.raises(ValueError, match="compare_methods"):
        reproduce(tmp_path / "other", compare_methods="all", verbose=False)
