"""Read-outs over any torch module with a ``readout()`` method, independent of skorch."""

import numpy as np
import pytest
import torch

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.models import (
    ConvAttentionClassifier,
    ConvAttentionNet,
    ModuleReadout,
    NetReadout,
)
from sklearn_glifac.models.readout import readout_batches

from .test_interactions_pipeline import TINY


@pytest.fixture(scope="module")
def fitted():
    data = make_motif_interactions(120, random_state=0)
    net = ConvAttentionClassifier("CNN20-Exp", random_state=0, **TINY).fit(data.X, data.y)
    return net, data.X


def test_module_readout_equals_the_classifier_readout(fitted):
    net, X = fitted
    from_net = net.transform(X)
    assert isinstance(from_net, NetReadout) and isinstance(from_net, ModuleReadout)
    plain = ModuleReadout(net.module_, X, batch_size=7)  # no skorch object involved
    a = list(from_net.batches(activations=True))
    b = list(plain.batches(activations=True))
    for key in ("features", "attention", "activations"):
        np.testing.assert_allclose(
            np.concatenate([getattr(x, key) for x in a]),
            np.concatenate([getattr(x, key) for x in b]),
            rtol=1e-5,
            atol=1e-6,
        )
    W_net = LocalAttentionInteractions().fit(from_net).filter_interactions_
    W_plain = LocalAttentionInteractions().fit(plain).filter_interactions_
    np.testing.assert_array_equal(W_net, W_plain)
    shuffled = plain.with_sequences(X[:5])
    assert isinstance(shuffled, ModuleReadout) and shuffled.n_samples == 5


def test_readout_batches_runs_in_eval_mode_and_restores_training():
    module = ConvAttentionNet(
        2, seq_len=40, n_filters=4, kernel_size=5, pool_size=4, conv_dropout=0.5
    )
    X = np.eye(4, dtype=np.float32)[np.random.default_rng(0).integers(0, 4, (6, 40))]
    X = X.transpose(0, 2, 1)
    module.train()
    first = np.concatenate([b.features for b in readout_batches(module, X, batch_size=4)])
    again = np.concatenate([b.features for b in readout_batches(module, X, batch_size=6)])
    np.testing.assert_array_equal(first, again)  # no dropout: evaluation mode
    assert module.training
    batches = readout_batches(module, X, batch_size=2)
    next(batches)
    assert torch.is_grad_enabled()  # a suspended read-out does not switch gradients off
    batches.close()
    assert module.training


def test_any_module_with_a_readout_method():
    class Toy(torch.nn.Module):
        n_filters, n_heads, pooled_len, kernel_size = 3, 1, 5, 2

        def __init__(self):
            super().__init__()
            self.scale = torch.nn.Parameter(torch.ones(()))

        def readout(self, x, *, activations=False, features=True, attention=True):
            n = len(x)
            out = {}
            if features:
                out["features"] = self.scale * torch.arange(15.0).reshape(1, 5, 3).repeat(n, 1, 1)
            if attention:
                out["attention"] = torch.full((n, 1, 5, 5), 0.2)
            return out

    X = np.eye(4, dtype=np.float32)[np.zeros((4, 10), dtype=int)].transpose(0, 2, 1)
    readout = ModuleReadout(Toy(), X, batch_size=3)
    glifac = GLIFACInteractions(threshold=0.1, random_state=0).fit(readout)
    assert glifac.filter_interactions_.shape == (3, 3)
    with pytest.raises(TypeError, match="readout"):
        ModuleReadout(torch.nn.Linear(2, 2), X)
