"""Tests for sklearn_glifac.models: the network, the presets, the skorch estimator, read-outs.

sklearn's ``parametrize_with_checks`` is not used: its checks feed 2-D tabular data (and
expect e.g. 1-D ``y`` semantics), while this estimator takes one-hot DNA of shape
(n_samples, 4, seq_len) and rejects anything else by design. The behaviour those checks cover is
tested explicitly instead, as skorch's own test suite does: clone, get/set_params, pickle and
joblib, Pipeline, GridSearchCV, not-fitted errors and input validation.
"""

import io
import pickle

import joblib
import numpy as np
import pytest
import torch
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import average_precision_score, get_scorer
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.models import (
    COMPACT_ARCHITECTURE,
    PRESETS,
    ArrayReadout,
    BaseReadout,
    ConvAttentionClassifier,
    ConvAttentionNet,
    NetReadout,
    attention_entropy,
    presets_table,
)
from sklearn_glifac.models._modules import EXP_MAX, MultiHeadSelfAttention
from sklearn_glifac.models.readout import ReadoutBatch

from .conftest import random_onehot

SEQ_LEN = 40
TINY = {"module__n_filters": 4, "module__dense_units": 8, "verbose": 0}


KMERS = ["GATAAG", "CACGTG", "TTTAAA", "GGGCCC"]


def _planted(n=300, n_tasks=3, seed=1):
    """Random DNA; task t is positive iff k-mer t was planted (in about half the sequences)."""
    rng = np.random.default_rng(seed)
    X = random_onehot(n, SEQ_LEN, seed=seed)
    y = rng.integers(0, 2, size=(n, n_tasks))
    for t in range(n_tasks):
        site = np.eye(4, dtype=np.float32)[["ACGT".index(c) for c in KMERS[t]]].T
        for i in np.flatnonzero(y[:, t]):
            start = rng.integers(0, SEQ_LEN - 6)
            X[i, :, start : start + 6] = site
    return X, y


@pytest.fixture(scope="module")
def data():
    return _planted()


@pytest.fixture(scope="module")
def fitted(data):
    X, y = data
    return ConvAttentionClassifier("CNN4-Exp", max_epochs=2, random_state=0, **TINY).fit(X, y)


def _state(clf):
    return {k: v.clone() for k, v in clf.module_.state_dict().items()}


def _same_state(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


# ---------------------------------------------------------------------------- the module
@pytest.mark.parametrize("preset", list(PRESETS))
def test_module_shapes_for_every_preset(preset):
    net = ConvAttentionNet(3, 50, n_filters=6, dense_units=8, **PRESETS[preset]).eval()
    x = torch.as_tensor(random_onehot(5, 50))
    pooled = 50 // PRESETS[preset]["pool_size"]
    assert net(x).shape == (5, 3)
    out = net.readout(x, activations=True, logits=True)
    assert out["activations"].shape == (5, 50, 6)
    assert out["features"].shape == (5, pooled, 6)
    assert out["attention"].shape == (5, 8, pooled, pooled)
    assert out["logits"].shape == (5, 3)
    torch.testing.assert_close(out["attention"].sum(-1), torch.ones(5, 8, pooled))
    torch.testing.assert_close(net.conv_activations(x), out["activations"])
    torch.testing.assert_close(net.pooled_features(x), out["features"])
    torch.testing.assert_close(net.attention_weights(x), out["attention"])


def test_module_architecture_switches():
    net = ConvAttentionNet(2, 30, batch_norm=True, layer_norm=True, layer_norm_after=True)
    assert net.batch_norm is not None and net.layer_norm is not None
    assert net.layer_norm_after is not None
    plain = ConvAttentionNet(2, 30, n_heads=2, key_dim=5, value_dim=7, dense_units=16)
    assert plain.batch_norm is None and plain.layer_norm is None and plain.layer_norm_after is None
    assert plain.attention.query.out_features == 10 and plain.attention.value.out_features == 14
    # the authors' network keeps n_heads * value_dim features per position after attention
    assert plain.attention.output.out_features == 2 * 7
    assert plain.dense.in_features == (30 // 4) * 14 and plain.dense.out_features == 16
    assert plain.conv_dropout.p == 0.1 and plain.dense_dropout.p == 0.5
    assert plain.attention_dropout.p == 0.1


@pytest.mark.parametrize("architecture", [{}, COMPACT_ARCHITECTURE], ids=["authors", "compact"])
def test_glorot_initialisation(architecture):
    torch.manual_seed(0)
    net = ConvAttentionNet(3, 40, **architecture)
    layers = (net.conv, net.attention.query, net.attention.output, net.dense, net.output)
    for layer in layers:
        fan_in = layer.weight[0].numel()
        fan_out = layer.weight.shape[0] * layer.weight[0, 0].numel()
        bound = np.sqrt(6 / (fan_in + fan_out))
        w = layer.weight.detach().abs()
        assert w.max() <= bound and w.max() > 0.9 * bound
        assert layer.bias is None or torch.all(layer.bias == 0)
    n_biases = sum(layer.bias is not None for layer in layers)
    assert n_biases == (5 if architecture else 2)  # authors: attention output and logits only


def test_fused_and_explicit_attention_agree():
    torch.manual_seed(0)
    mha = MultiHeadSelfAttention(6, n_heads=3, key_dim=4)
    x = torch.randn(2, 7, 6)
    fused, none = mha(x)
    explicit, weights = mha(x, need_weights=True)
    assert none is None and weights.shape == (2, 3, 7, 7)
    torch.testing.assert_close(fused, explicit, rtol=1e-5, atol=1e-6)
    # brute-force reference for head 1 of sample 0
    q = (x[0] @ mha.query.weight.T + mha.query.bias)[:, 4:8]
    k = (x[0] @ mha.key.weight.T + mha.key.bias)[:, 4:8]
    ref = torch.softmax(q @ k.T / 2.0, dim=-1)
    torch.testing.assert_close(weights[0, 1], ref)


@pytest.mark.parametrize("architecture", [{}, COMPACT_ARCHITECTURE], ids=["authors", "compact"])
def test_fused_and_explicit_paths_give_the_same_logits(architecture):
    torch.manual_seed(0)
    net = ConvAttentionNet(3, SEQ_LEN, n_filters=8, layer_norm=True, **architecture)
    x = torch.as_tensor(random_onehot(16, SEQ_LEN))
    with torch.no_grad():
        net.train()(x)  # non-trivial BatchNorm running statistics for the eval pass
        net.eval()
        logits, attention = net(x, return_attention=True)
        fused = net(x)
        readout = net.readout(x, logits=True)
    torch.testing.assert_close(fused, logits, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(readout["logits"], logits, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(readout["attention"], attention)
    assert torch.isfinite(logits).all() and logits.std() > 0


def _n_keras_params(*modules):
    """Parameters as Keras' summary counts them: BatchNorm's running mean/var included."""
    total = 0
    for m in modules:
        total += sum(p.numel() for p in m.parameters())
        total += sum(b.numel() for k, b in m.named_buffers() if k.endswith(("mean", "var")))
    return total


def test_default_network_matches_the_authors_keras_summary():
    net = ConvAttentionNet(12, 200, **PRESETS["CNN20-Exp"])
    # the authors' CNN20-Exp summary, block by block
    assert _n_keras_params(net.conv) == 2_432
    assert _n_keras_params(net.attention) == 90_368
    assert _n_keras_params(net.dense) == 1_310_720
    assert _n_keras_params(net.dense_batch_norm) == 2_048
    assert _n_keras_params(net.output) == 6_156
    assert _n_keras_params(net) == 1_411_724
    compact = ConvAttentionNet(12, 200, **PRESETS["CNN20-Exp"], **COMPACT_ARCHITECTURE)
    assert compact.dense_batch_norm is None
    assert [_n_keras_params(m) for m in (compact.conv, compact.attention, compact.dense)] == [
        2_464, 33_568, 164_352,
    ]  # fmt: skip
    assert _n_keras_params(compact) == 206_540
    # the same networks through the estimator, the compact one as module__* parameters
    kwargs = {"module__seq_len": 200, "module__n_tasks": 12}
    clf = ConvAttentionClassifier("CNN20-Exp", **kwargs)
    assert _n_keras_params(clf.initialize().module_) == 1_411_724
    clf.set_params(**{f"module__{k}": v for k, v in COMPACT_ARCHITECTURE.items()})
    assert _n_keras_params(clf.initialize().module_) == 206_540


def test_architecture_arguments_change_the_network():
    kwargs = {"n_heads": 4, "key_dim": 6, "value_dim": 5, "dense_units": 16}
    net = ConvAttentionNet(2, SEQ_LEN, n_filters=8, **kwargs)
    pooled = SEQ_LEN // 4
    # the authors' defaults: no conv/QKV/dense bias, 4 * 5 = 20 features out of attention
    assert net.conv.bias is None
    assert net.attention.query.bias is None and net.attention.key.bias is None
    assert net.attention.value.bias is None and net.attention.output.bias.shape == (20,)
    assert net.attention.output.out_features == net.attention.out_dim == 20
    assert net.dense.in_features == pooled * 20 and net.dense.bias is None
    assert isinstance(net.dense_batch_norm, torch.nn.BatchNorm1d)
    assert net.dense_batch_norm.num_features == 16
    assert isinstance(net.attention_dropout, torch.nn.Dropout) and net.attention_dropout.p == 0.1

    on = ConvAttentionNet(2, SEQ_LEN, n_filters=8, conv_bias=True, qkv_bias=True,
                          dense_bias=True, dense_batch_norm=False, **kwargs)  # fmt: skip
    assert on.conv.bias.shape == (8,) and on.dense.bias.shape == (16,)
    assert on.attention.query.bias.shape == on.attention.key.bias.shape == (24,)
    assert on.attention.value.bias.shape == (20,) and on.dense_batch_norm is None

    for out_dim, width in (("input", 8), (12, 12), (None, 20)):
        other = ConvAttentionNet(2, SEQ_LEN, n_filters=8, attention_out_dim=out_dim,
                                 layer_norm_after=True, **kwargs).eval()  # fmt: skip
        assert other.attention.output.out_features == width
        assert other.layer_norm_after.normalized_shape == (width,)
        assert other.dense.in_features == pooled * width
        assert other(torch.as_tensor(random_onehot(3, SEQ_LEN))).shape == (3, 2)
    assert ConvAttentionNet(2, SEQ_LEN, attention_dropout=0.3).attention_dropout.p == 0.3


def test_attention_dropout_and_dense_batch_norm_act_in_training():
    x = torch.as_tensor(random_onehot(8, SEQ_LEN))
    no_dropout = {"conv_dropout": 0.0, "dense_dropout": 0.0, "n_filters": 4}
    torch.manual_seed(0)
    net = ConvAttentionNet(2, SEQ_LEN, attention_dropout=0.0, **no_dropout).train()
    with torch.no_grad():
        torch.testing.assert_close(net(x), net(x))  # BatchNorm in training is deterministic
        assert net.dense_batch_norm.running_mean.abs().sum() > 0  # it saw the batch
        net.attention_dropout.p = 0.5
        assert not torch.equal(net(x), net(x))  # dropout after attention is in the path
        net.eval()
        torch.testing.assert_close(net(x), net(x))


def test_training_batch_of_one_with_dense_batch_norm():
    # len(X) % batch_size == 1 leaves a last training batch of one sequence
    X, y = _planted(101, n_tasks=2)
    clf = ConvAttentionClassifier(max_epochs=2, train_split=None, random_state=0, **TINY)
    proba = clf.fit(X, y).predict_proba(X)
    assert proba.shape == (101, 2) and np.isfinite(proba).all()
    net = clf.module_.train()
    assert net(torch.as_tensor(X[:1])).shape == (1, 2)


def test_exponential_activation_does_not_overflow():
    net = ConvAttentionNet(2, SEQ_LEN, activation="exponential", n_filters=4).eval()
    with torch.no_grad():
        net.conv.weight.fill_(1e4)  # pre-activations ~ 1e4 * 19, exp would be inf
    x = torch.as_tensor(random_onehot(3, SEQ_LEN))
    out = net.readout(x, activations=True, logits=True)
    assert torch.isfinite(out["logits"]).all()
    assert torch.isfinite(out["attention"]).all()
    torch.testing.assert_close(out["activations"].max(), torch.exp(torch.tensor(EXP_MAX)))
    huge = torch.tensor([-1e30, 0.0, 1e30, float(EXP_MAX) + 1])
    torch.testing.assert_close(
        net.act(huge), torch.exp(torch.tensor([-1e30, 0.0, EXP_MAX, EXP_MAX]))
    )
    assert ConvAttentionNet(2, SEQ_LEN, activation="exponential", exp_max=5.0).act.max_value == 5


def test_attention_entropy_matches_definition():
    a = torch.softmax(torch.randn(3, 2, 5, 5), dim=-1)
    a_np = a.numpy().astype(np.float64)
    rows = -(a_np * np.log(a_np + 1e-10)).sum(-1)  # (n, heads, queries)
    manual = np.mean([sum(rows[n, h].mean() for h in range(2)) for n in range(3)])
    assert float(attention_entropy(a)) == pytest.approx(float(manual), rel=1e-6)
    uniform = torch.full((1, 2, 4, 4), 0.25)
    assert float(attention_entropy(uniform)) == pytest.approx(2 * np.log(4), rel=1e-6)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"activation": "swish"}, "activation must be one of"),
        ({"pool_size": 0}, "pool_size"),
        ({"pool_size": 50}, "pool_size=50 is larger than seq_len"),
        ({"conv_dropout": 1.0}, "conv_dropout"),
        ({"n_heads": 2.5}, "n_heads"),
        ({"batch_norm": "yes"}, "batch_norm"),
        ({"conv_bias": "yes"}, "conv_bias"),
        ({"qkv_bias": 1}, "qkv_bias"),
        ({"dense_bias": None}, "dense_bias"),
        ({"dense_batch_norm": "true"}, "dense_batch_norm"),
        ({"attention_out_dim": "wide"}, "attention_out_dim"),
        ({"attention_out_dim": 0}, "attention_out_dim"),
        ({"attention_out_dim": 2.5}, "attention_out_dim"),
        ({"attention_out_dim": True}, "attention_out_dim"),
        ({"attention_dropout": 1.0}, "attention_dropout"),
        ({"attention_dropout": -0.1}, "attention_dropout"),
    ],
)
def test_module_rejects_bad_arguments(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        ConvAttentionNet(2, SEQ_LEN, **kwargs)


def test_module_rejects_wrong_input_length():
    with pytest.raises(ValueError, match=r"\(batch_size, 4, 40\)"):
        ConvAttentionNet(2, SEQ_LEN)(torch.zeros(1, 4, 41))


# ---------------------------------------------------------------------------- presets
def test_presets_table_matches_paper():
    table = presets_table()
    assert list(table.index) == [
        "CNN4-ReLU",
        "CNN4-ReLU-Norm",
        "CNN4-Exp",
        "CNN4-Exp-Norm",
        "CNN20-ReLU",
        "CNN20-ReLU-Norm",
        "CNN20-Exp",
        "CNN20-Exp-Norm",
        "SATORI",
    ]
    for name, row in table.iterrows():
        if name == "SATORI":
            assert (row.activation, row.pool_size, row.batch_norm) == ("softplus", 6, True)
            assert not row.layer_norm and row.layer_norm_after
            continue
        pool, act = name.split("-")[:2]
        assert row.pool_size == int(pool[3:])
        assert row.activation == {"ReLU": "relu", "Exp": "exponential"}[act]
        norm = name.endswith("-Norm")
        assert row.batch_norm == norm and row.layer_norm == norm and not row.layer_norm_after


@pytest.mark.parametrize("preset", list(PRESETS))
def test_classifier_builds_each_preset(preset):
    clf = ConvAttentionClassifier(preset, module__seq_len=60, module__n_tasks=2, **TINY)
    module = clf.initialize().module_
    spec = PRESETS[preset]
    assert module.pool_size == spec["pool_size"] and module.activation == spec["activation"]
    assert (module.batch_norm is not None) == spec["batch_norm"]
    assert (module.layer_norm is not None) == spec["layer_norm"]
    assert (module.layer_norm_after is not None) == spec["layer_norm_after"]
    assert module.n_filters == 4 and module.kernel_size == 19


def test_explicit_module_params_override_preset(data):
    X, y = data
    clf = ConvAttentionClassifier("CNN20-Exp", module__pool_size=10, max_epochs=1, **TINY)
    clf.fit(X, y)
    assert clf.module_.pool_size == 10 and clf.module_.activation == "exponential"
    assert clf.module_.seq_len == SEQ_LEN and clf.module_.n_tasks == 3
    clf.set_params(module__pool_size=5)
    clf.fit(X, y)
    assert clf.module_.pool_size == 5
    assert clf.attention_maps(X[:2]).shape == (2, 8, 8, 8)


# ---------------------------------------------------------------------------- sklearn API
def test_fitted_attributes_and_predictions(fitted, data):
    X, y = data
    proba = fitted.predict_proba(X)
    assert proba.shape == (300, 3) and proba.dtype == np.float32
    assert np.all((proba >= 0) & (proba <= 1))
    np.testing.assert_array_equal(fitted.predict(X), (proba >= 0.5).astype(int))
    np.testing.assert_allclose(1 / (1 + np.exp(-fitted.decision_function(X))), proba, rtol=1e-5)
    assert fitted.seq_len_ == SEQ_LEN and fitted.n_tasks_ == 3
    np.testing.assert_array_equal(fitted.classes_, [0, 1, 2])
    manual = np.mean([average_precision_score(y[:, t], proba[:, t]) for t in range(3)])
    assert fitted.score(X, y) == pytest.approx(manual)
    assert len(fitted.history) == 2 and "valid_aupr" in fitted.history[-1]


@pytest.mark.parametrize("n_tasks", [1, 2, 4])
def test_sklearn_scorers_work_on_multilabel_y(data, n_tasks):
    X, y = _planted(n_tasks=n_tasks)
    clf = ConvAttentionClassifier(max_epochs=1, random_state=0, **TINY).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (300, n_tasks)
    ap = get_scorer("average_precision")(clf, X, y)
    assert ap == pytest.approx(average_precision_score(y, proba))
    assert ap == pytest.approx(clf.score(X, y))
    assert 0 <= get_scorer("roc_auc")(clf, X, y) <= 1


def test_training_learns_planted_motifs():
    X, y = _planted(600)
    clf = ConvAttentionClassifier(
        "CNN20-ReLU",
        max_epochs=8,
        batch_size=50,
        random_state=0,
        train_split=None,
        module__n_filters=16,
        module__dense_units=64,
        verbose=0,
    ).fit(X[:500], y[:500])
    losses = clf.history[:, "train_loss"]
    assert losses[-1] < losses[0] - 0.02
    # held-out mean AUPR; an untrained network scores about the positive rate (~0.5)
    assert clf.score(X[500:], y[500:]) > 0.65


def test_clone_keeps_every_parameter():
    clf = ConvAttentionClassifier(
        "SATORI",
        entropy_weight=0.01,
        random_state=3,
        max_epochs=7,
        module__pool_size=8,
        module__n_heads=2,
        callbacks__early_stopping__patience=3,
    )
    params = clf.get_params(deep=False)
    cloned = clone(clf)
    cloned_params = cloned.get_params(deep=False)
    assert cloned_params.keys() == params.keys()
    for key in ("preset", "entropy_weight", "random_state", "max_epochs", "module__pool_size"):
        assert cloned_params[key] == params[key]
    assert cloned.module__n_heads == 2 and cloned.callbacks__early_stopping__patience == 3
    assert cloned.lr == 1e-3 and cloned.batch_size == 100 and cloned.iterator_train__shuffle


def test_get_set_params_round_trip():
    clf = ConvAttentionClassifier()
    clf.set_params(preset="CNN20-Exp", module__pool_size=10, entropy_weight=0.5, lr=0.01)
    params = clf.get_params()
    assert params["preset"] == "CNN20-Exp" and params["module__pool_size"] == 10
    assert params["entropy_weight"] == 0.5 and params["lr"] == 0.01
    other = ConvAttentionClassifier().set_params(
        **{k: v for k, v in clf.get_params(deep=False).items()}
    )
    assert other.get_params(deep=False).keys() == clf.get_params(deep=False).keys()
    assert other.module__pool_size == 10 and other.preset == "CNN20-Exp"


def test_default_training_protocol():
    clf = ConvAttentionClassifier(module__seq_len=40, module__n_tasks=2).initialize()
    assert isinstance(clf.criterion_, torch.nn.BCEWithLogitsLoss)
    assert isinstance(clf.optimizer_, torch.optim.Adam)
    assert clf.optimizer_.param_groups[0]["lr"] == 1e-3
    assert (clf.batch_size, clf.max_epochs) == (100, 100)
    callbacks = dict(clf.callbacks_)
    scheduler = callbacks["lr_scheduler"]
    assert scheduler.monitor == "valid_aupr"
    assert scheduler.kwargs == {"mode": "max", "factor": 0.3, "patience": 5}
    stopper = callbacks["early_stopping"]
    assert stopper.monitor == "valid_aupr" and not stopper.lower_is_better and stopper.load_best
    # without validation data there is nothing to schedule on
    clf = ConvAttentionClassifier(train_split=None, module__seq_len=40, module__n_tasks=2)
    names = dict(clf.initialize().callbacks_)
    assert "early_stopping" not in names and "lr_scheduler" not in names


def test_best_validation_parameters_are_restored(data):
    X, y = data
    X_valid, y_valid = X[:60], y[:60]
    clf = ConvAttentionClassifier(
        max_epochs=6, lr=3e-2, random_state=1, train_split=(X_valid, y_valid), **TINY
    ).fit(X[60:], y[60:])
    history = clf.history[:, "valid_aupr"]
    assert len(history) == 6
    assert clf.score(X_valid, y_valid) == pytest.approx(max(history), abs=1e-6)


def test_validation_fraction_is_seeded(data):
    X, y = data
    a = ConvAttentionClassifier(max_epochs=1, random_state=5, train_split=0.2, **TINY).fit(X, y)
    b = ConvAttentionClassifier(max_epochs=1, random_state=5, train_split=0.2, **TINY).fit(X, y)
    assert a.history[0, "valid_aupr"] == b.history[0, "valid_aupr"]
    assert a.history[0, "valid_batch_count"] == 1  # 60 validation sequences


def test_same_seed_gives_identical_weights_and_no_global_rng_leak(data):
    X, y = data
    torch_state, np_state = torch.random.get_rng_state(), np.random.get_state()  # noqa: NPY002
    kwargs = dict(max_epochs=2, random_state=7, **TINY)
    a = ConvAttentionClassifier("SATORI", **kwargs).fit(X, y)
    b = ConvAttentionClassifier("SATORI", **kwargs).fit(X, y)
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    assert np.array_equal(np.random.get_state()[1], np_state[1])  # noqa: NPY002
    assert _same_state(_state(a), _state(b))
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    c = ConvAttentionClassifier("SATORI", **{**kwargs, "random_state": 8}).fit(X, y)
    assert not _same_state(_state(a), _state(c))
    a.fit(X, y)  # refitting the same estimator is reproducible too
    assert _same_state(_state(a), _state(b))


def test_pickle_and_joblib_round_trip(fitted, data):
    X, _ = data
    expected = fitted.predict_proba(X)
    attention = fitted.attention_maps(X[:5])
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), expected)
    np.testing.assert_array_equal(restored.attention_maps(X[:5]), attention)
    buffer = io.BytesIO()
    joblib.dump(fitted, buffer)
    buffer.seek(0)
    np.testing.assert_array_equal(joblib.load(buffer).predict_proba(X), expected)


def test_grid_search_over_pool_size_on_top_of_a_preset(data):
    X, y = data
    search = GridSearchCV(
        ConvAttentionClassifier(preset="CNN20-Exp", max_epochs=2, random_state=0, **TINY),
        {"module__pool_size": [10, 20]},
        cv=2,
        scoring="average_precision",
    ).fit(X, y)
    assert search.cv_results_["mean_test_score"].shape == (2,)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    best = search.best_estimator_
    assert best.module_.pool_size == search.best_params_["module__pool_size"]
    assert best.module_.activation == "exponential" and best.preset == "CNN20-Exp"


class _MeanAttention(TransformerMixin, BaseEstimator):
    """Minimal read-out consumer: mean attention map over sequences and heads."""

    def fit(self, readout, y=None):
        assert isinstance(readout, BaseReadout)
        self.n_filters_ = readout.n_filters
        return self

    def transform(self, readout):
        total = sum(b.attention.sum(axis=(0, 1)) for b in readout.batches(features=False))
        return total / (readout.n_samples * readout.n_heads)


def test_inside_a_pipeline(data):
    X, y = data
    pipe = make_pipeline(
        ConvAttentionClassifier("CNN4-Exp", max_epochs=1, random_state=0, **TINY),
        _MeanAttention(),
    ).fit(X, y)
    mean_map = pipe.transform(X[:50])
    assert mean_map.shape == (10, 10)
    np.testing.assert_allclose(mean_map.sum(axis=1), 1, rtol=1e-5)
    classifier = pipe[0]
    np.testing.assert_allclose(
        mean_map, classifier.attention_maps(X[:50]).mean(axis=(0, 1)), rtol=1e-5, atol=1e-7
    )
    assert pipe[-1].n_filters_ == 4


def test_entropy_penalty_makes_attention_sparser():
    # the paper-text data (independent sites), so that pair units fit into 100 nt
    data = make_motif_interactions(600, seq_len=100, n_sites=(1, 3), pair_rate=0, random_state=0)
    X, y = data.X, data.y
    entropies = {}
    for weight in (0.0, 0.1):
        clf = ConvAttentionClassifier(
            "CNN4-Exp",
            entropy_weight=weight,
            max_epochs=5,
            batch_size=50,
            random_state=0,
            train_split=None,
            module__n_heads=2,
            **{**TINY, "module__n_filters": 8},
        ).fit(X[:500], y[:500])
        a = clf.attention_maps(X[500:])
        entropies[weight] = float((-(a * np.log(a + 1e-10)).sum(-1)).mean())
        if weight:
            assert "train_entropy" in clf.history[-1]
    # mean row entropy (nats) on held-out sequences; uniform rows over 25 keys give log(25)
    assert entropies[0.1] < entropies[0.0] - 0.3


def test_warm_start_and_partial_fit_continue_training(data):
    X, y = data
    clf = ConvAttentionClassifier(max_epochs=1, warm_start=True, random_state=0, **TINY)
    clf.fit(X, y)
    weights = _state(clf)
    clf.fit(X, y)
    assert len(clf.history) == 2 and not _same_state(weights, _state(clf))
    with pytest.raises(ValueError, match="fitted on sequences of length 40"):
        clf.fit(random_onehot(10, SEQ_LEN + 4), y[:10])
    with pytest.raises(ValueError, match="network has n_tasks=3"):
        clf.fit(X, y[:, :2])
    other = ConvAttentionClassifier(max_epochs=1, **TINY)
    other.partial_fit(X, y)
    other.partial_fit(X, y)
    assert len(other.history) == 2 and other.predict(X).shape == (300, 3)
    with pytest.raises(ValueError, match="fitted on sequences of length 40"):
        other.partial_fit(random_onehot(10, SEQ_LEN + 4), y[:10])


def test_verbose_controls_output(data, capsys, monkeypatch):
    X, y = data
    ConvAttentionClassifier(max_epochs=1, **{**TINY, "verbose": 0}).fit(X, y)
    assert capsys.readouterr().out == ""
    ConvAttentionClassifier(max_epochs=1, **{**TINY, "verbose": 1}).fit(X, y)
    out = capsys.readouterr().out
    assert "valid_aupr" in out and "train_loss" in out
    # verbose=2 adds skorch's per-batch bar on a terminal only (a log file would get one long
    # line of carriage returns); pytest's captured stderr is not a terminal.
    clf = ConvAttentionClassifier(max_epochs=1, **{**TINY, "verbose": 2}).fit(X, y)
    assert "progress_bar" not in dict(clf.callbacks_)
    monkeypatch.setattr("sklearn_glifac.models._classifier.is_interactive", lambda *a: True)
    clf = ConvAttentionClassifier(max_epochs=1, **{**TINY, "verbose": 2}).fit(X, y)
    assert "progress_bar" in dict(clf.callbacks_)


# ---------------------------------------------------------------------------- read-outs
def test_readouts_match_the_module_forward(fitted, data):
    X, _ = data
    x = torch.as_tensor(X[:7])
    fitted.module_.eval()
    with torch.no_grad():
        ref = fitted.module_.readout(x, activations=True, logits=True)
    np.testing.assert_allclose(fitted.attention_maps(X[:7]), ref["attention"].numpy(), 1e-6)
    np.testing.assert_allclose(fitted.feature_maps(X[:7]), ref["features"].numpy(), 1e-6)
    np.testing.assert_allclose(fitted.conv_activations(X[:7]), ref["activations"].numpy(), 1e-6)
    np.testing.assert_allclose(
        fitted.predict_proba(X[:7]), torch.sigmoid(ref["logits"]).numpy(), rtol=1e-5
    )


def test_read_outs_against_brute_force(fitted, data):
    X, _ = data
    module = fitted.module_
    w = module.conv.weight.detach().numpy()  # (F, 4, k)
    assert module.conv.bias is None  # the authors' convolution has no bias
    b = np.zeros(module.n_filters, dtype=np.float32)
    k = module.kernel_size
    padded = np.pad(X[:2], ((0, 0), (0, 0), (k // 2, k // 2)))
    pre = np.stack(
        [
            [(padded[n, :, i : i + k][None] * w).sum(axis=(1, 2)) + b for i in range(SEQ_LEN)]
            for n in range(2)
        ]
    )  # (n, L, F)
    activations = fitted.conv_activations(X[:2])
    np.testing.assert_allclose(activations, np.exp(np.minimum(pre, EXP_MAX)), rtol=1e-4)
    pooled = activations.reshape(2, SEQ_LEN // 4, 4, -1).max(axis=2)
    np.testing.assert_allclose(fitted.feature_maps(X[:2]), pooled, rtol=1e-6)


def test_transform_returns_lazy_batched_readout(fitted, data):
    X, _ = data
    readout = fitted.transform(X[:250])
    assert isinstance(readout, NetReadout) and isinstance(readout, BaseReadout)
    assert readout.net is fitted and readout.X.shape == (250, 4, SEQ_LEN)
    assert (readout.n_samples, readout.n_filters, readout.n_heads) == (250, 4, 8)
    assert (readout.pooled_len, readout.kernel_size, readout.batch_size) == (10, 19, 100)
    assert len(readout) == 250
    batches = list(readout.batches(activations=True))
    assert [len(b.indices) for b in batches] == [100, 100, 50]
    assert all(isinstance(b, ReadoutBatch) for b in batches)
    np.testing.assert_array_equal(np.concatenate([b.indices for b in batches]), np.arange(250))
    np.testing.assert_allclose(
        np.concatenate([b.attention for b in batches]), fitted.attention_maps(X[:250]), 1e-6
    )
    first = next(iter(readout.batches(features=False, attention=False, activations=True)))
    assert first.features is None and first.attention is None
    assert first.activations.shape == (100, SEQ_LEN, 4)
    assert next(iter(readout)).activations is None  # iteration = batches() defaults

    other = readout.with_sequences(X[250:])
    assert isinstance(other, NetReadout) and other.net is fitted and other.n_samples == 50
    np.testing.assert_allclose(next(iter(other)).features, fitted.feature_maps(X[250:]), rtol=1e-6)
    small = NetReadout(fitted, X[:10], batch_size=3)
    assert [len(b.indices) for b in small] == [3, 3, 3, 1]


# ---------------------------------------------------------------------------- bad input
def test_unfitted_estimator_raises():
    clf = ConvAttentionClassifier()
    for method in (clf.predict_proba, clf.predict, clf.attention_maps, clf.transform):
        with pytest.raises(NotFittedError):
            method(random_onehot(2, SEQ_LEN))


def _bad_X():
    X = random_onehot(20, SEQ_LEN)
    nan = X.copy()
    nan[0, 0, 0] = np.nan
    double = X.copy()
    double[1, :, 3] = 1
    return [
        (X[:, :, 0], "3-D"),
        (np.concatenate([X, X[:, :1]], axis=1), "4 channels"),
        (nan, "NaN"),
        (X * 0.5, "one-hot"),
        (double, "one-hot"),
        (X[:, :, :10], "too short"),
    ]


@pytest.mark.parametrize("X_bad, match", _bad_X())
def test_bad_X_is_rejected_in_fit_and_predict(fitted, X_bad, match):
    y = np.zeros((len(X_bad), 3), dtype=int)
    with pytest.raises(ValueError, match=match):
        ConvAttentionClassifier(max_epochs=1, **TINY).fit(X_bad, y)
    with pytest.raises(ValueError, match=match):
        fitted.predict_proba(X_bad)


def test_sequences_shorter_than_the_pool_are_rejected():
    X = random_onehot(10, 15)
    with pytest.raises(ValueError, match="X sequences are too short: seq_len=15, need at least 20"):
        ConvAttentionClassifier("CNN20-ReLU", module__kernel_size=5, **TINY).fit(X, np.ones(10))


def test_wrong_length_after_fit_is_rejected(fitted):
    with pytest.raises(ValueError, match="fitted on sequences of length 40"):
        fitted.predict(random_onehot(3, SEQ_LEN + 5))
    with pytest.raises(ValueError, match="fitted on sequences of length 40"):
        fitted.transform(random_onehot(3, SEQ_LEN + 5))


@pytest.mark.parametrize(
    "y_bad, match",
    [
        (np.zeros((19, 3)), "y has 19 rows"),
        (np.full((20, 3), 2), "binary"),
        (np.full((20, 3), 0.5), "binary"),
        (np.zeros((20, 3, 1)), "y must have shape"),
    ],
)
def test_bad_y_is_rejected(y_bad, match):
    with pytest.raises(ValueError, match=match):
        ConvAttentionClassifier(max_epochs=1, **TINY).fit(random_onehot(20, SEQ_LEN), y_bad)


def test_score_checks_task_count(fitted, data):
    X, y = data
    with pytest.raises(ValueError, match="y has 2 task column"):
        fitted.score(X, y[:, :2])


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"preset": "CNN7-ReLU"}, ValueError, "preset must be None or one of"),
        ({"module__activation": "swish"}, ValueError, "activation must be one of"),
        ({"module__seq_len": 50}, ValueError, "module__seq_len=50"),
        ({"module__n_tasks": 4}, ValueError, "network has n_tasks=4"),
        ({"entropy_weight": -1.0}, ValueError, "entropy_weight"),
        ({"train_split": 1.5}, ValueError, "train_split"),
        ({"train_split": "half"}, TypeError, "train_split"),
        ({"train_split": (1, 2, 3)}, ValueError, "train_split"),
    ],
)
def test_bad_parameters_are_named(data, kwargs, error, match):
    X, y = data
    with pytest.raises(error, match=match):
        ConvAttentionClassifier(max_epochs=1, **{**TINY, **kwargs}).fit(X, y)


def test_bad_validation_set_is_named(data):
    X, y = data
    with pytest.raises(ValueError, match="X_valid"):
        ConvAttentionClassifier(max_epochs=1, train_split=(X[:5, :3], y[:5]), **TINY).fit(X, y)
    with pytest.raises(ValueError, match="y_valid has 2 task"):
        ConvAttentionClassifier(max_epochs=1, train_split=(X[:5], y[:5, :2]), **TINY).fit(X, y)


def test_array_readout_from_readout_equals_the_network_pass():
    X = random_onehot(30, 40, seed=3)
    y = np.random.default_rng(0).integers(0, 2, (30, 2))
    clf = ConvAttentionClassifier(
        "CNN4-Exp", module__n_filters=4, module__dense_units=8, max_epochs=1, verbose=0,
        random_state=0, batch_size=7,
    ).fit(X, y)  # fmt: skip
    lazy = clf.transform(X)
    cached = ArrayReadout.from_readout(lazy)
    assert (cached.n_samples, cached.batch_size, cached.kernel_size) == (30, 7, 19)
    np.testing.assert_allclose(cached.features, clf.feature_maps(X), rtol=1e-6)
    np.testing.assert_allclose(cached.attention, clf.attention_maps(X), rtol=1e-6)
    np.testing.assert_array_equal(cached.X, X)
    with pytest.raises(TypeError, match="readout"):
        ArrayReadout.from_readout(X)
