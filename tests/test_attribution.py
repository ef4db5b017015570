"""Attention and input attribution (integrated gradients) and the attribution read-out."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.exceptions import NotFittedError

from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.models import (
    ArrayReadout,
    AttributionReadout,
    ConvAttentionClassifier,
    attention_attribution,
    input_attribution,
)
from sklearn_glifac.models._attribution import (
    _integrated_gradients,
    _iter_attributions,
    _logits_given_attention,
)

from .conftest import random_onehot

TINY = {
    "module__n_filters": 4,
    "module__n_heads": 2,
    "module__dense_units": 8,
    "max_epochs": 1,
    "verbose": 0,
    "random_state": 0,
}


@pytest.fixture(scope="module")
def data():
    X = random_onehot(24, 40, seed=1)
    y = np.random.default_rng(2).integers(0, 2, size=(24, 3)).astype(np.float32)
    return X, y


@pytest.fixture(scope="module")
def net(data):
    torch.manual_seed(0)
    return ConvAttentionClassifier(**TINY).fit(*data)


def signed(net, X, kind, n_steps, target=None):
    parts = _iter_attributions(net, X, kind=kind, n_steps=n_steps, target=target, batch_size=None)
    return np.concatenate([ig for *_, ig in parts])


def test_linear_head_gives_the_exact_attribution(data):
    """logit = sum_ij d_i A_ij v_j: IG is A_ij d_i v_j for any number of steps."""
    X, _ = data
    net = ConvAttentionClassifier(
        module__n_filters=2, module__kernel_size=1, module__pool_size=4, module__n_heads=1,
        module__key_dim=2, module__value_dim=1, module__attention_out_dim=1,
        module__dense_units=1, module__dense_batch_norm=False, max_epochs=1, verbose=0,
        random_state=0,
    ).fit(X, data[1][:, :1])  # fmt: skip
    m = net.module_
    L = m.pooled_len
    d = np.linspace(0.5, 1.5, L).astype(np.float32)
    with torch.no_grad():
        m.attention.value.weight[:] = torch.tensor([[1.0, 0.0]])  # v_j = filter 0
        m.attention.output.weight[:] = 1.0
        m.attention.output.bias[:] = 0.0
        m.dense.weight[:] = torch.from_numpy(d)[None]
        m.output.weight[:] = 1.0
        m.output.bias[:] = 0.0
    net.module_.eval()
    with torch.no_grad():
        out = m.readout(torch.from_numpy(X[:5]), features=True, attention=True)
    A, v = out["attention"].numpy(), out["features"].numpy()[:, :, 0]
    expected = A[:, 0] * d[None, :, None] * v[:, None, :]
    for n_steps in (1, 7):
        got = attention_attribution(net, X[:5], n_steps=n_steps)
        np.testing.assert_allclose(got[:, 0], expected, rtol=1e-4, atol=1e-6)


def test_attention_attribution_completeness(net, data):
    X = data[0][:6]
    ig = signed(net, X, "attention", 400, target=[1])
    module = net.module_
    with torch.no_grad():
        out = module.readout(torch.from_numpy(X), features=True, attention=True)
        f1 = _logits_given_attention(module, out["features"], out["attention"])[:, 1]
        f0 = _logits_given_attention(module, out["features"], 0 * out["attention"])[:, 1]
        np.testing.assert_allclose(f1.numpy(), module(torch.from_numpy(X))[:, 1].numpy(),
                                   rtol=1e-5, atol=1e-6)  # fmt: skip
    np.testing.assert_allclose(ig.sum(axis=(1, 2, 3)), (f1 - f0).numpy(), rtol=2e-2, atol=2e-3)
    abs_ig = attention_attribution(net, X, n_steps=20)
    assert abs_ig.shape == (6, 2, 10, 10) and np.all(abs_ig >= 0)


def test_input_attribution_completeness(net, data):
    X = data[0][:6]
    ig = input_attribution(net, X, n_steps=300, target=0)
    module = net.module_
    with torch.no_grad():
        f1 = module(torch.from_numpy(X))[:, 0]
        f0 = module(torch.zeros_like(torch.from_numpy(X)))[:, 0]
    np.testing.assert_allclose(ig.sum(axis=(1, 2)), (f1 - f0).numpy(), rtol=2e-2, atol=2e-3)
    assert np.all(ig[X == 0] == 0)  # zero baseline: unobserved bases get nothing


@pytest.mark.parametrize(
    "arch",
    [
        {},
        {"module__batch_norm": True},
        {"module__activation": "relu", "module__pool_size": 3},  # 40 nt: a partial window
        {"module__activation": "gelu", "module__pool_size": 3},  # not monotone: full steps
    ],
)
def test_input_attribution_equals_captum_integrated_gradients(data, arch):
    """The first-layer shortcut (affine conv, pooled steps) gives captum's IG up to rounding."""
    X, y = data
    net = ConvAttentionClassifier(**{**TINY, **arch}).fit(X, y)
    module = net.module_.eval()
    for n_steps, tasks in [(1, [0, 1, 2]), (6, [1])]:
        ig = input_attribution(net, X[:5], n_steps=n_steps, target=tasks)
        ref = _integrated_gradients(
            lambda v, t=tasks: module(v)[:, t].sum(1), torch.from_numpy(X[:5]), n_steps
        ).numpy()
        np.testing.assert_allclose(ig, ref, rtol=1e-5, atol=1e-7)


def test_attribution_readout_serves_normalised_maps(net, data):
    X = data[0]
    readout = net.transform(X, source="attribution")
    assert isinstance(readout, AttributionReadout)
    batches = list(readout.batches(activations=True))
    att = np.concatenate([b.attention for b in batches])
    np.testing.assert_allclose(att.max(axis=(1, 2, 3)), 1.0, rtol=1e-6)
    raw = attention_attribution(net, X)
    np.testing.assert_allclose(att, raw / raw.max(axis=(1, 2, 3), keepdims=True), rtol=1e-5)
    feats = np.concatenate([b.features for b in batches])
    np.testing.assert_allclose(feats, net.feature_maps(X), rtol=1e-6)
    assert batches[0].activations.shape == (len(batches[0].indices), 40, 4)
    pickle.loads(pickle.dumps(readout))


def test_attention_methods_run_on_attributions(net, data):
    X = data[0]
    readout = net.transform(X, source="attribution")
    local = LocalAttentionInteractions(method="satori", random_state=0).fit(readout)
    assert local.filter_interactions_.shape == (4, 4)
    np.testing.assert_allclose(local.transform(readout), local.filter_interactions_)
    glifac = GLIFACInteractions(random_state=0).fit(readout)
    assert np.isfinite(glifac.filter_interactions_).all()


def test_bad_inputs_raise(net, data):
    X = data[0]
    with pytest.raises(ValueError, match="source"):
        net.transform(X, source="gradients")
    with pytest.raises(ValueError, match="n_steps"):
        attention_attribution(net, X, n_steps=0)
    with pytest.raises(ValueError, match="target"):
        attention_attribution(net, X, target=3)
    with pytest.raises(TypeError, match="target"):
        attention_attribution(net, X, target=1.5)
    with pytest.raises(TypeError, match="net"):
        attention_attribution(object(), X)
    with pytest.raises(NotFittedError):
        attention_attribution(ConvAttentionClassifier(**TINY), X)
    with pytest.raises(TypeError, match="readout"):
        AttributionReadout(ArrayReadout(np.zeros((2, 3, 4)), np.full((2, 1, 3, 3), 0.3)))
    with pytest.raises(TypeError, match="normalize"):
        AttributionReadout(net.transform(X), normalize="yes")


@pytest.mark.parametrize("n_steps", [1, 2, 7])
def test_captum_matches_the_right_riemann_sum(n_steps):
    """captum's riemann_right (and InputXGradient for one step) is x * mean_k grad f(k/m x)."""
    from sklearn_glifac.models._attribution import _integrated_gradients

    torch.manual_seed(0)
    x = torch.randn(3, 5, dtype=torch.float64)
    b = torch.randn(3, 5, dtype=torch.float64)

    def fn(z, extra):
        return (torch.tanh(z * extra) ** 2).sum(1) + z[:, 0] * z[:, 1]

    total = torch.zeros_like(x)
    for k in range(1, n_steps + 1):
        xs = (x * (k / n_steps)).requires_grad_(True)
        (grad,) = torch.autograd.grad(fn(xs, b).sum(), xs)
        total += grad
    expected = x * total / n_steps
    with torch.no_grad():  # the read-out generators are iterated inside no_grad
        got = _integrated_gradients(fn, x, n_steps, extra=(b,))
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6, atol=1e-12)
