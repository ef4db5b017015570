"""experiments.extract_interactions (the engine of ``sklearn-glifac interactions``): tested
filter pairs, the TF-pair table, composite filters, and the materialised read-out's source."""

import numpy as np
import pandas as pd
import pytest
import torch

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.experiments import extract_interactions
from sklearn_glifac.models import ArrayReadout, ConvAttentionClassifier
from sklearn_glifac.motifs import annotate_filters, clear_annotation_cache

from .test_interactions_pipeline import TINY


@pytest.fixture(scope="module")
def planted():
    """A tiny network whose 8 filters are the log-odds of 8 of the data's motifs, and a
    database naming one of them as the dimer GATA1::TAL1: every filter gets a label."""
    data = make_motif_interactions(150, random_state=0)
    clf = ConvAttentionClassifier("CNN20-Exp", random_state=0, **TINY).fit(data.X, data.y)
    names = list(data.motifs)[:8]
    weight = clf.module_.conv.weight
    with torch.no_grad():
        for k, name in enumerate(names):
            m = np.asarray(data.motifs[name])[:, : weight.shape[2]]
            weight[k].zero_()
            weight[k, :, : m.shape[1]] = torch.tensor(np.log((m + 0.01) / 0.25))
    db = {("GATA1::TAL1" if n == "GATA1" else n): data.motifs[n] for n in names}
    return clf, data.X, db


@pytest.fixture(scope="module")
def fitted(planted):
    return planted[:2]


def test_materialised_readout_streams_activations_and_shares_the_annotation(fitted):
    clf, X = fitted
    readout = clf.transform(X)
    cached = ArrayReadout.from_readout(readout)
    assert cached.source is readout and cached.activations is None
    a = np.concatenate([b.activations for b in readout.batches(activations=True)])
    b = np.concatenate([b.activations for b in cached.batches(activations=True)])
    np.testing.assert_array_equal(a, b)
    clear_annotation_cache()
    db = {"A": np.full((4, 6), 0.25)}
    first = annotate_filters(readout, db)
    assert annotate_filters(cached, db) is first  # one network, one annotation


def test_extract_writes_tested_tables_and_composites(planted, tmp_path):
    clf, X, db = planted
    assert all(annotate_filters(clf.transform(X), db).labels)
    summary = extract_interactions(
        clf, X, tmp_path, methods=("local", "glifac", "satori"), motifs=db, verbose=False
    )
    for method in ("local", "glifac", "satori"):
        table = pd.read_csv(tmp_path / f"filter_pairs_{method}.tsv", sep="\t")
        assert {"filter_a", "filter_b", "pvalue", "qvalue", "called"} <= set(table.columns)
        assert table["pvalue"].notna().any()  # tested
        assert f"{method}: " in summary and "called at q < 0.05" in summary
    tf = pd.read_csv(tmp_path / "tf_pairs.tsv", sep="\t")
    assert set(tf["method"]) <= {"local", "glifac", "satori"} and len(tf)
    assert {"tf_a", "tf_b", "pvalue", "qvalue", "composite", "same_family", "called"} <= set(
        tf.columns
    )
    # the filter labelled with the dimer GATA1::TAL1 is composite evidence, in its own rows
    comp = tf[tf["composite"]]
    assert {frozenset((a, b)) for a, b in zip(comp.tf_a, comp.tf_b)} == {
        frozenset(("GATA1", "TAL1"))
    }
    assert "composite (dimer) filters: GATA1-TAL1" in summary
    between = tf[~tf["composite"]]
    assert len(between) and between["pvalue"].notna().any()
    assert (tmp_path / "figures" / "tf_pairs.png").stat().st_size > 0


def test_extract_without_test_reports_scores_only(fitted, tmp_path):
    clf, X = fitted
    summary = extract_interactions(clf, X[:40], tmp_path, test=False, verbose=False)
    assert "reported filter pairs (no test)" in summary
    table = pd.read_csv(tmp_path / "filter_pairs_glifac.tsv", sep="\t")
    assert table["pvalue"].isna().all()


def test_extract_rejects_unknown_methods(fitted, tmp_path):
    clf, X = fitted
    with pytest.raises(ValueError, match="methods must be a non-empty subset"):
        extract_interactions(clf, X, tmp_path, methods=("gia",))


def test_extract_with_a_background_uses_it_as_the_null(fitted, tmp_path):
    from sklearn_glifac.datasets import dinucleotide_shuffle

    clf, X = fitted
    background = dinucleotide_shuffle(X[:60], random_state=1)
    extract_interactions(
        clf, X[:60], tmp_path / "bg", methods=("glifac",), background=background, verbose=False
    )
    extract_interactions(clf, X[:60], tmp_path / "queries", methods=("glifac",), verbose=False)
    with_bg = pd.read_csv(tmp_path / "bg" / "filter_pairs_glifac.tsv", sep="\t")
    default = pd.read_csv(tmp_path / "queries" / "filter_pairs_glifac.tsv", sep="\t")
    assert with_bg["pvalue"].notna().any() and default["pvalue"].notna().any()
    key = ["filter_a", "filter_b"]
    merged = with_bg.merge(default, on=key, suffixes=("_bg", "_q"))
    assert not np.allclose(merged["pvalue_bg"].fillna(2), merged["pvalue_q"].fillna(2))
