"""scikit-learn conventions a user relies on: the binary convention, sample_weight, metadata
routing, set_output and feature names, tags, and plain training logs."""

import numpy as np
import pandas as pd
import pytest
import sklearn
from scipy.special import expit
from sklearn.metrics import log_loss
from sklearn.model_selection import TunedThresholdClassifierCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags

from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.models import ConvAttentionClassifier

TINY = dict(
    module__n_filters=4,
    module__kernel_size=5,
    module__n_heads=2,
    module__key_dim=4,
    module__dense_units=8,
    max_epochs=2,
    verbose=0,
    random_state=0,
)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (60, 20))].transpose(0, 2, 1)
    y = rng.integers(0, 2, 60)
    y[:2] = [0, 1]  # both classes in any split
    return X, y


@pytest.fixture(scope="module")
def binary(data):
    X, y = data
    return ConvAttentionClassifier(**TINY).fit(X, y)


def test_binary_convention_shapes_and_values(data, binary):
    X, y = data
    proba = binary.predict_proba(X)
    logits = binary.decision_function(X)
    assert binary.predict(X).shape == (60,)
    assert proba.shape == (60, 2) and logits.shape == (60,)
    np.testing.assert_array_equal(binary.classes_, [0, 1])
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(proba[:, 1], expit(logits), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(binary.predict(X), (proba[:, 1] >= 0.5).astype(int))


def test_binary_labels_of_any_kind(data, binary):
    X, y = data
    named = ConvAttentionClassifier(**TINY).fit(X, np.where(y == 1, "pos", "neg"))
    np.testing.assert_array_equal(named.classes_, ["neg", "pos"])
    # same seed, same encoding (the second sorted label is the positive class): same network
    np.testing.assert_allclose(named.predict_proba(X), binary.predict_proba(X), rtol=1e-6)
    np.testing.assert_array_equal(named.predict(X), np.where(binary.predict(X) == 1, "pos", "neg"))


def test_binary_scorers_and_tuned_threshold(data, binary):
    X, y = data
    scores = cross_val_score(ConvAttentionClassifier(**TINY), X, y, cv=2, scoring="neg_log_loss")
    assert scores.shape == (2,) and np.isfinite(scores).all()
    assert binary.score(X, y) > 0  # AUPR of the positive class
    proba = binary.predict_proba(X)
    np.testing.assert_allclose(log_loss(y, proba), log_loss(y, proba[:, 1]))
    tuned = TunedThresholdClassifierCV(ConvAttentionClassifier(**TINY), cv=2).fit(X, y)
    assert 0 <= tuned.best_threshold_ <= 1
    np.testing.assert_array_equal(
        tuned.predict(X),
        (tuned.estimator_.predict_proba(X)[:, 1] >= tuned.best_threshold_).astype(int),
    )


def test_multilabel_unchanged(data):
    X, _ = data
    Y = np.random.default_rng(1).integers(0, 2, (60, 3))
    clf = ConvAttentionClassifier(**TINY).fit(X, Y)
    assert clf.predict(X).shape == clf.predict_proba(X).shape == (60, 3)
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.binary_classes_ is None
    one = ConvAttentionClassifier(**TINY).fit(X, Y[:, :1])  # a 2-D single task stays 2-D
    assert one.predict_proba(X).shape == (60, 1)


@pytest.mark.parametrize(
    ("y", "match"),
    [
        (np.arange(60) % 3, "Only binary classification is supported"),
        (np.ones(60), "only one class"),
        (np.linspace(0, 1, 60), "Unknown label type: continuous"),
        (None, "requires y to be passed"),
    ],
)
def test_bad_targets_are_refused(data, y, match):
    with pytest.raises(ValueError, match=match):
        ConvAttentionClassifier(**TINY).fit(data[0], y)


def test_sample_weight_is_refused_by_name(data):
    X, y = data
    with pytest.raises(TypeError, match="sample_weight"):
        ConvAttentionClassifier(**TINY).fit(X, y, sample_weight=np.ones(60))
    with pytest.raises(ValueError, match="sample_weight"):
        ConvAttentionClassifier(**TINY).fit(X, y).score(X, y, sample_weight=np.ones(60))


def test_metadata_routing_requests_only_metadata():
    with sklearn.config_context(enable_metadata_routing=True):
        routing = str(ConvAttentionClassifier().get_metadata_routing())
        assert "source" not in routing and "sample_weight" not in routing
        for est in (GLIFACInteractions(), LocalAttentionInteractions()):
            assert "readout" not in str(est.get_metadata_routing())
        assert not hasattr(GLIFACInteractions(), "set_transform_request")


def test_tags_are_honest():
    tags = get_tags(ConvAttentionClassifier())
    assert tags.classifier_tags.multi_class is False  # multiclass y is refused
    assert tags.classifier_tags.multi_label and tags.target_tags.single_output
    assert tags.transformer_tags is not None  # it has transform: sklearn's checks need these
    assert tags.input_tags.three_d_array and not tags.input_tags.two_d_array


def test_set_output_pandas_labels_the_filter_matrix(data, binary):
    X, _ = data
    pipe = Pipeline([("net", binary), ("glifac", GLIFACInteractions(random_state=0))])
    pipe[1:].fit(binary.transform(X))
    W = pipe[1].transform(binary.transform(X))
    names = pipe[1].get_feature_names_out()
    np.testing.assert_array_equal(names, ["filter0", "filter1", "filter2", "filter3"])
    pipe.set_output(transform="pandas")
    frame = pipe[1].transform(binary.transform(X))
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == list(frame.columns) == list(names)
    np.testing.assert_allclose(frame.to_numpy(), W)
    framed = pipe[1].fit_transform(binary.transform(X))
    assert list(framed.columns) == list(names) and list(framed.index) == list(names)
    with pytest.raises(ValueError, match="input_features"):
        pipe[1].get_feature_names_out(["a"])
    assert not hasattr(pipe[1], "n_features_in_")


def test_training_log_is_plain_when_not_a_terminal(data, capsys):
    X, y = data
    ConvAttentionClassifier(**{**TINY, "verbose": 1}).fit(X, y)
    out = capsys.readouterr().out
    assert "train_loss" in out and "valid_aupr" in out
    assert "\x1b[" not in out


def test_saved_binary_model_keeps_the_binary_convention(data, binary, tmp_path):
    from sklearn_glifac.models import load_model, save_model

    X, _ = data
    loaded = load_model(save_model(binary, tmp_path / "binary.pt"))["estimator"]
    np.testing.assert_array_equal(loaded.classes_, binary.classes_)
    np.testing.assert_allclose(loaded.predict_proba(X), binary.predict_proba(X), rtol=1e-6)
    assert loaded.predict(X).shape == (60,)
