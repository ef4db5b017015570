"""FIS and DFIM: mutation windows and effects against brute-force loops, a planted AND pair."""

import pickle

import numpy as np
import pytest
import torch
from sklearn.base import clone

from sklearn_glifac.interactions import DFIMInteractions, FISInteractions, hit_windows
from sklearn_glifac.interactions._mutation import _mutated_copies
from sklearn_glifac.models import ArrayReadout, ConvAttentionClassifier, input_attribution
from sklearn_glifac.models._attribution import _integrated_gradients
from sklearn_glifac.utils import derive_seed

from .conftest import random_onehot

pytestmark = pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")


@pytest.fixture(scope="module")
def tiny():
    X = random_onehot(12, 32, seed=3)
    y = np.random.default_rng(3).integers(0, 2, (12, 2)).astype(np.float32)
    net = ConvAttentionClassifier(
        module__n_filters=3, module__kernel_size=5, module__n_heads=1, module__dense_units=8,
        max_epochs=1, verbose=0, random_state=0,
    ).fit(X, y)  # fmt: skip
    return net, X


def test_hit_windows_match_a_loop(rng):
    act = rng.random((3, 20, 2))
    start, stop = hit_windows(act, pooled_len=5, kernel_size=5)
    for n in range(3):
        for i in range(5):
            for a in range(2):
                p = 4 * i + int(np.argmax(act[n, 4 * i : 4 * i + 4, a]))
                assert (start[n, i, a], stop[n, i, a]) == (max(p - 2, 0), min(p + 3, 20))


def brute_force_effects(net, X, attended, threshold=0.1):
    """Loops over sequences, hits and pairs; mutation = zeroed window (deterministic)."""
    module = net.module_
    feats = net.feature_maps(X)
    acts = net.conv_activations(X)
    att = net.attention_maps(X).max(axis=1)
    fmax = feats.max(axis=(0, 1))
    L, pool, k = module.pooled_len, module.pool_size, module.kernel_size
    out = {}
    for n in range(len(X)):
        base = input_attribution(net, X[n : n + 1], n_steps=5).sum(axis=1)[0]

        def window(i, a, n=n):
            p = i * pool + int(np.argmax(acts[n, i * pool : (i + 1) * pool, a]))
            return max(p - (k - 1) // 2, 0), min(p - (k - 1) // 2 + k, X.shape[2])

        for i in range(L):
            for j in range(L):
                if i == j or (attended and att[n, i, j] <= threshold):
                    continue
                for a in range(module.n_filters):
                    if not feats[n, i, a] > 0.5 * fmax[a]:
                        continue
                    s0, s1 = window(i, a)
                    x = X[n].copy()
                    x[:, s0:s1] = 0
                    mut = input_attribution(net, x[None], n_steps=5).sum(axis=1)[0]
                    for b in range(module.n_filters):
                        if feats[n, j, b] > 0.5 * fmax[b]:
                            t0, t1 = window(j, b)
                            out[n, a, i, b, j] = abs(mut[t0:t1].sum() - base[t0:t1].sum())
    return out


@pytest.mark.parametrize("cls", [FISInteractions, DFIMInteractions])
def test_effects_match_brute_force(tiny, cls):
    net, X = tiny
    X = X[:4]
    est = cls(mutation="zero", n_steps=5, random_state=0)
    effects = est.per_sequence_effects(net.transform(X))
    expected = brute_force_effects(net, X, attended=cls is FISInteractions)
    got = {
        (r.sequence, r.filter_a, r.pos_a, r.filter_b, r.pos_b): r.effect
        for r in effects.itertuples()
    }
    assert got.keys() == expected.keys() and len(got) > 0
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-4, abs=1e-5)


def _old_mutate(x, start, stop, how, rng):
    """The former one-copy-at-a-time mutation (the reference for the vectorised one)."""
    out = x.copy()
    if how == "zero":
        out[:, start:stop] = 0
    elif how == "random":
        out[:, start:stop] = np.eye(4, dtype=x.dtype)[rng.randint(0, 4, stop - start)].T
    else:
        out[:, start:stop] = x[:, start:stop][:, rng.permutation(stop - start)]
    return out


@pytest.mark.parametrize("how", ["shuffle", "random", "zero"])
def test_mutated_copies_match_one_at_a_time(how):
    x = random_onehot(3, 12, seed=4)
    owner = np.array([0, 0, 2, 1, 2])
    start, stop = np.array([0, 3, 5, 10, 7]), np.array([4, 3, 9, 12, 12])  # one empty window
    got = _mutated_copies(x, owner, start, stop, how, np.random.RandomState(7))
    rng = np.random.RandomState(7)
    want = [_old_mutate(x[o], s0, s1, how, rng) for o, s0, s1 in zip(owner, start, stop)]
    np.testing.assert_array_equal(got, np.stack(want))
    outside = np.ones_like(got, dtype=bool)
    for r, (s0, s1) in enumerate(zip(start, stop)):
        outside[r, :, s0:s1] = False
    np.testing.assert_array_equal(got[outside], x[owner][outside])  # only the window changes


@pytest.mark.parametrize("how", ["shuffle", "random"])
def test_random_mutations_match_a_sequence_by_sequence_loop(tiny, how):
    """Batched effects equal the former per-sequence loop (captum IG, one copy at a time)."""
    net, X = tiny
    X = X[:5]
    est = DFIMInteractions(mutation=how, n_steps=4, random_state=3)
    got = est.per_sequence_effects(net.transform(X))
    module = net.module_
    feats, acts = net.feature_maps(X), net.conv_activations(X)
    active = feats > 0.5 * feats.max(axis=(0, 1))
    start, stop = hit_windows(acts, module.pooled_len, module.kernel_size)
    rng = np.random.RandomState(derive_seed(3) + 1)
    rows = []
    for n in range(len(X)):
        src_i, src_a = np.nonzero(active[n])  # DFIM: every active hit has a target
        copies = [X[n]] + [
            _old_mutate(X[n], start[n, i, a], stop[n, i, a], how, rng) for i, a in zip(src_i, src_a)
        ]
        ig = _integrated_gradients(
            lambda v: module(v).sum(1), torch.from_numpy(np.stack(copies)), 4
        ).numpy()
        csum = np.concatenate([np.zeros((len(ig), 1)), np.cumsum(ig.sum(axis=1), axis=1)], axis=1)
        for s, (i, a) in enumerate(zip(src_i, src_a), start=1):
            for j, b in zip(*np.nonzero(active[n])):
                if j != i:
                    t0, t1 = start[n, j, b], stop[n, j, b]
                    effect = abs((csum[s, t1] - csum[s, t0]) - (csum[0, t1] - csum[0, t0]))
                    rows.append((n, a, i, b, j, effect))
    want = np.array(rows)
    assert len(want) > 0 and len(got) == len(want)
    np.testing.assert_array_equal(got.iloc[:, :5].to_numpy(), want[:, :5].astype(int))
    np.testing.assert_allclose(got.effect, want[:, 5], rtol=1e-4, atol=1e-6)


def test_fis_pairs_are_the_attended_subset_of_dfim(tiny):
    net, X = tiny
    readout = net.transform(X[:4])
    fis = FISInteractions(mutation="zero", n_steps=3).per_sequence_effects(readout)
    dfim = DFIMInteractions(mutation="zero", n_steps=3).per_sequence_effects(readout)
    key = ["sequence", "filter_a", "pos_a", "filter_b", "pos_b"]
    merged = fis.merge(dfim, on=key, suffixes=("_fis", "_dfim"))
    assert len(merged) == len(fis) <= len(dfim)
    np.testing.assert_allclose(merged.effect_fis, merged.effect_dfim, rtol=1e-5)
    all_attended = FISInteractions(0.0, mutation="zero", n_steps=3).per_sequence_effects(readout)
    assert len(all_attended) == len(dfim)  # softmax weights are > 0: every pair is attended


@pytest.fixture(scope="module")
def and_net():
    """Two positions of 30 nt; logit = 10 * [A and B present] - 5; uniform attention."""
    L = 60
    A = np.eye(4)[[0, 1, 2, 3, 3, 2, 1, 0]].T
    B = np.eye(4)[[2, 2, 0, 3, 1, 1, 3, 0]].T
    X = random_onehot(16, L, seed=5)
    X[:, :, 5:13] = A
    X[:, :, 40:48] = B
    y = np.ones((16, 1), dtype=np.float32)
    net = ConvAttentionClassifier(
        module__n_filters=3, module__kernel_size=8, module__conv_bias=True,
        module__pool_size=30, module__n_heads=1, module__key_dim=1, module__value_dim=3,
        module__attention_out_dim=3, module__dense_units=1, module__dense_bias=True,
        module__dense_batch_norm=False, max_epochs=1, verbose=0, random_state=0,
    ).fit(X, y)  # fmt: skip
    m = net.module_
    rng = np.random.default_rng(0)
    with torch.no_grad():
        # filter 2 never fires (negative weights): only the planted detectors have hits
        m.conv.weight[:] = torch.from_numpy(np.stack([A, B, -rng.random((4, 8))])).float()
        m.conv.bias[:] = torch.tensor([-7.0, -7.0, 0.0])
        m.attention.query.weight[:] = 0  # uniform attention 0.5
        m.attention.key.weight[:] = 0
        m.attention.value.weight[:] = torch.eye(3)
        m.attention.output.weight[:] = torch.eye(3)
        m.attention.output.bias[:] = 0
        m.dense.weight[:] = torch.tensor([[1.0, 1.0, 0.0, 1.0, 1.0, 0.0]])
        m.dense.bias[:] = -1.0
        m.output.weight[:] = 10.0
        m.output.bias[:] = -5.0
    return net, X


@pytest.mark.parametrize("cls", [FISInteractions, DFIMInteractions])
def test_planted_and_pair_has_the_largest_effect(and_net, cls):
    net, X = and_net
    est = cls(mutation="zero", n_steps=20, random_state=0).fit(net.transform(X))
    effect = est.mean_effect_
    assert effect[0, 1] > 1.0 and effect[1, 0] > 1.0  # A's mutation removes B's attribution
    off = effect.copy()
    off[0, 1] = off[1, 0] = 0
    assert off.max() == 0
    assert est.filter_interactions_.shape == (3, 3)


def test_determinism_clone_pickle(tiny):
    net, X = tiny
    readout = net.transform(X)
    fis = FISInteractions(n_steps=3, max_sequences=6, random_state=0).fit(readout)
    again = clone(fis).fit(readout)
    np.testing.assert_array_equal(again.filter_interactions_, fis.filter_interactions_)
    np.testing.assert_array_equal(fis.transform(readout), fis.filter_interactions_)
    assert fis.n_sequences_ == 6
    pickle.loads(pickle.dumps(fis))


def test_bad_inputs_raise(tiny):
    net, X = tiny
    readout = net.transform(X)
    with pytest.raises(TypeError, match="network"):
        FISInteractions().fit(ArrayReadout(np.ones((2, 3, 3)), np.full((2, 1, 3, 3), 0.3)))
    with pytest.raises(ValueError, match="mutation"):
        FISInteractions(mutation="delete").fit(readout)
    with pytest.raises(ValueError, match="max_sequences"):
        DFIMInteractions(max_sequences=0).fit(readout)
    with pytest.raises(ValueError, match="n_steps"):
        DFIMInteractions(n_steps=0).fit(readout)
    with pytest.raises(ValueError, match="activity_threshold"):
        DFIMInteractions(activity_threshold=2.0).fit(readout)
    with pytest.raises(TypeError, match="read-out"):
        FISInteractions().fit(X)
