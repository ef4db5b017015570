"""In-silico pair experiments (GIA) on a network with planted weights computing an exact AND."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from sklearn_glifac.interactions import GIAInteractions
from sklearn_glifac.metrics import make_interaction_scorer
from sklearn_glifac.models import ArrayReadout, ConvAttentionClassifier

from .conftest import random_onehot

L = 60
CONSENSUS = {"A": "ACGTTGCA", "B": "GGATCCTA", "C": "TTTACGGC"}


def onehot(s):
    return np.eye(4)[["ACGT".index(c) for c in s]].T


pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")

MOTIFS = {k: onehot(v) for k, v in CONSENSUS.items()}


@pytest.fixture(scope="module")
def and_net():
    """logit = 10 * [A present and B present] - 5: conv detectors, global pool, trivial
    attention (one position), dense ReLU(a + b - 1)."""
    X = random_onehot(16, L, seed=0)
    y = np.random.default_rng(0).integers(0, 2, (16, 2)).astype(np.float32)
    net = ConvAttentionClassifier(
        module__n_filters=2, module__kernel_size=8, module__conv_bias=True,
        module__pool_size=L, module__n_heads=1, module__key_dim=1, module__value_dim=2,
        module__attention_out_dim=2, module__dense_units=1, module__dense_bias=True,
        module__dense_batch_norm=False, max_epochs=1, verbose=0, random_state=0,
    ).fit(X, y)  # fmt: skip
    m = net.module_
    with torch.no_grad():
        m.conv.weight[:] = torch.from_numpy(np.stack([MOTIFS["A"], MOTIFS["B"]])).float()
        m.conv.bias[:] = -7.0  # exact match scores 8: ReLU(8 - 7) = 1, else 0
        m.attention.value.weight[:] = torch.eye(2)
        m.attention.output.weight[:] = torch.eye(2)
        m.attention.output.bias[:] = 0
        m.dense.weight[:] = 1.0
        m.dense.bias[:] = -1.0
        m.output.weight[:] = torch.tensor([[10.0], [0.0]])
        m.output.bias[:] = torch.tensor([-5.0, 0.0])
    return net, X


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_and_network_gives_the_exact_interaction(and_net):
    net, X = and_net
    gia = GIAInteractions(MOTIFS, spacings=(3, 10), n_background=40, n_bootstrap=200,
                          random_state=0)  # fmt: skip
    W = gia.fit_transform(net.transform(X))
    expected = sigmoid(5) - sigmoid(-5)  # f(AB) - f(A) - f(B) + f(none) for an exact AND
    assert W[0, 1] == pytest.approx(expected, abs=0.03)
    assert W[0, 1] == W[1, 0]
    assert abs(W[0, 2]) < 0.03 and abs(W[1, 2]) < 0.03
    assert gia.confirmed_[0, 1] and not gia.confirmed_[0, 2]
    np.testing.assert_array_equal(gia.interactions_, np.abs(W) > 0.1)
    t = gia.interaction_table_
    assert len(t) == 3 * 2 * 2  # pairs x spacings x tasks
    ab = t[(t.motif_a == "A") & (t.motif_b == "B") & (t.task == 0)]
    # brute force: the term from the mean predictions, and the interval around it
    np.testing.assert_allclose(ab.interaction, ab.f_ab - ab.f_a - ab.f_b + ab.f_none, atol=1e-9)
    assert np.all(ab.ci_low <= ab.interaction + 1e-9) and np.all(
        ab.interaction <= ab.ci_high + 1e-9
    )
    assert np.all(ab.ci_low > 0.5)
    assert list(gia.motif_interactions_.index) == ["A", "B", "C"]
    # the task the network ignores has no interaction
    assert np.allclose(t[t.task == 1].interaction, 0, atol=1e-9)


def test_shuffle_background_logits_and_determinism(and_net):
    net, X = and_net
    readout = net.transform(X)
    kw = dict(pairs=[("A", "B")], spacings=5, n_background=20, n_bootstrap=50, random_state=3)
    gia = GIAInteractions(MOTIFS, background="shuffle", output="logit", **kw).fit(readout)
    assert gia.filter_interactions_[0, 1] == pytest.approx(10.0, abs=1e-6)  # logits: 5 + 5 + 5 - 5
    again = clone(gia).fit(readout)
    np.testing.assert_array_equal(again.filter_interactions_, gia.filter_interactions_)
    np.testing.assert_array_equal(gia.transform(readout), gia.filter_interactions_)
    pickle.loads(pickle.dumps(gia))


def test_gia_is_scorable(and_net):
    net, X = and_net
    readout = net.transform(X)
    gia = GIAInteractions(MOTIFS, spacings=(4,), n_background=10, n_bootstrap=20, random_state=0)
    gia.fit(readout)
    score = make_interaction_scorer("auroc", [("A", "B")])(gia, readout)
    assert score == 1.0


def test_bad_inputs_raise(and_net):
    net, X = and_net
    readout = net.transform(X)
    with pytest.raises(NotFittedError):
        GIAInteractions(MOTIFS).transform(readout)
    with pytest.raises(TypeError, match="network"):
        GIAInteractions(MOTIFS).fit(ArrayReadout(np.zeros((2, 3, 2)), np.full((2, 1, 3, 3), 0.3)))
    with pytest.raises(ValueError, match="need"):
        GIAInteractions(MOTIFS, spacings=(50,)).fit(readout)
    with pytest.raises(ValueError, match="n_background"):
        GIAInteractions(MOTIFS, n_background=0).fit(readout)
    with pytest.raises(ValueError, match="background"):
        GIAInteractions(MOTIFS, background="uniform").fit(readout)
    with pytest.raises(ValueError, match="pairs"):
        GIAInteractions(MOTIFS, pairs=[("A", "Z")]).fit(readout)
    with pytest.raises(ValueError, match="tasks"):
        GIAInteractions(MOTIFS, tasks=[5]).fit(readout)
    with pytest.raises(ValueError, match="spacings"):
        GIAInteractions(MOTIFS, spacings=(-1,)).fit(readout)
    with pytest.raises(TypeError, match="motifs"):
        GIAInteractions({"A": MOTIFS["A"]}).fit(readout)
    with pytest.raises(ValueError, match="shape"):
        GIAInteractions({"A": MOTIFS["A"], "B": np.ones(3)}).fit(readout)
    with pytest.raises(TypeError, match="read-out"):
        GIAInteractions(MOTIFS).fit(X)
