"""The paper's two training protocols: the text's (classifier defaults) and the authors' code."""

import numpy as np
import pytest

from sklearn_glifac.models import TRAINING_PROTOCOLS, ConvAttentionClassifier


def _tiny_fit(**params):
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (40, 30))].transpose(0, 2, 1)
    y = rng.integers(0, 2, (40, 2))
    clf = ConvAttentionClassifier(
        "CNN4-Exp",
        module__n_filters=4,
        module__dense_units=8,
        max_epochs=2,
        verbose=0,
        random_state=0,
        **params,
    )
    return clf.fit(X, y)


def test_code_protocol_builds_the_authors_keras_callbacks():
    clf = _tiny_fit(**TRAINING_PROTOCOLS["code"])
    callbacks = dict(clf.callbacks_)
    lr, stop = callbacks["lr_scheduler"], callbacks["early_stopping"]
    # Keras ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=10): torch cuts after
    # patience + 1 epochs without improvement, Keras after patience, hence 9 here.
    assert lr.monitor == "valid_loss"
    assert lr.lr_scheduler_.mode == "min"
    assert lr.lr_scheduler_.factor == pytest.approx(0.2)
    assert lr.lr_scheduler_.patience == 9
    # Keras EarlyStopping(monitor="val_loss", patience=15, restore_best_weights=True), min_delta 0
    assert (stop.monitor, stop.lower_is_better, stop.patience) == ("valid_loss", True, 15)
    assert stop.threshold == 0.0 and stop.load_best
    assert clf.batch_size == 200
    assert {"valid_loss", "valid_aupr"} <= set(clf.history[-1])


def test_text_protocol_is_the_classifier_default():
    clf = _tiny_fit(**TRAINING_PROTOCOLS["text"])
    callbacks = dict(clf.callbacks_)
    lr, stop = callbacks["lr_scheduler"], callbacks["early_stopping"]
    assert lr.monitor == "valid_aupr" and lr.lr_scheduler_.mode == "max"
    assert lr.lr_scheduler_.factor == pytest.approx(0.3) and lr.lr_scheduler_.patience == 5
    assert (stop.monitor, stop.lower_is_better) == ("valid_aupr", False)
    assert clf.batch_size == ConvAttentionClassifier().batch_size == 100


def test_protocol_values_are_json_serialisable_classifier_parameters():
    import json

    for name, params in TRAINING_PROTOCOLS.items():
        assert json.loads(json.dumps(params)) == params, name
        # every key is a parameter the classifier accepts
        ConvAttentionClassifier(**params).set_params(**params)
