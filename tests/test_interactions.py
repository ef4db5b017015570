"""Tests of the interaction transformers against brute-force references and planted cases."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from sklearn_glifac.datasets import dinucleotide_shuffle
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.interactions._base import combine_heads
from sklearn_glifac.interactions._glifac import symmetrize
from sklearn_glifac.interactions._local_attention import attention_quantile
from sklearn_glifac.models import ArrayReadout, BaseReadout
from sklearn_glifac.models.readout import ReadoutBatch
from sklearn_glifac.utils import derive_seed

from .conftest import random_onehot

TRANSFORMERS = [GLIFACInteractions, LocalAttentionInteractions]


# ---------------------------------------------------------------------------- helpers
def softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def random_arrays(n=30, length=7, n_filters=5, n_heads=2, seed=0):
    """Random non-negative feature maps (some exact zeros) and softmax attention maps."""
    rng = np.random.default_rng(seed)
    features = rng.exponential(size=(n, length, n_filters)) * (rng.random((n, length, 1)) > 0.2)
    attention = softmax(2.5 * rng.normal(size=(n, n_heads, length, length)))
    return features.astype(np.float32), attention.astype(np.float32)


class ToyReadout(BaseReadout):
    """A tiny numpy 'network' with real sequence dependence, so shuffles change its read-outs.

    conv (width 3) -> ReLU -> max-pool -> per-head softmax(f Q (f K)^T).
    """

    def __init__(self, X, *, n_filters=4, pool=4, n_heads=2, batch_size=16, seed=0):
        rng = np.random.default_rng(seed)
        self.X = X
        self.seed, self.pool, self.batch_size = seed, pool, batch_size
        self.w = rng.normal(size=(n_filters, 4, 3))
        self.q = rng.normal(size=(n_heads, n_filters, 3))
        self.k = rng.normal(size=(n_heads, n_filters, 3))
        self.n_samples, self.n_filters, self.n_heads = len(X), n_filters, n_heads
        self.pooled_len = X.shape[2] // pool
        self.kernel_size = 3

    def _forward(self, X):
        pad = np.pad(X, ((0, 0), (0, 0), (1, 1)))
        windows = np.stack([pad[:, :, s : s + 3] for s in range(X.shape[2])], axis=1)
        act = np.maximum(np.einsum("nlck,fck->nlf", windows, self.w), 0)
        length = self.pooled_len * self.pool
        feats = act[:, :length].reshape(len(X), self.pooled_len, self.pool, -1).max(axis=2)
        qq = np.einsum("nlf,hfd->nhld", feats, self.q)
        kk = np.einsum("nlf,hfd->nhld", feats, self.k)
        att = softmax(np.einsum("nhid,nhjd->nhij", qq, kk))
        return act.astype(np.float32), feats.astype(np.float32), att.astype(np.float32)

    def batches(self, *, features=True, attention=True, activations=False):
        for s in range(0, self.n_samples, self.batch_size):
            act, feats, att = self._forward(self.X[s : s + self.batch_size])
            yield ReadoutBatch(
                indices=np.arange(s, s + len(feats)),
                features=feats if features else None,
                attention=att if attention else None,
                activations=act if activations else None,
            )

    def with_sequences(self, X):
        return ToyReadout(
            X,
            n_filters=self.n_filters,
            pool=self.pool,
            n_heads=self.n_heads,
            batch_size=self.batch_size,
            seed=self.seed,
        )


class EmptyReadout(BaseReadout):
    X, n_samples, n_filters, n_heads, pooled_len, kernel_size, batch_size = None, 0, 3, 1, 4, 3, 8

    def batches(self, **kwargs):
        return iter(())


def brute_force_local(features, attention, threshold, activity, how="max", fmax=None):
    """SATORI's loops: per sequence, significant (i, j), all active filter pairs."""
    n, length, n_filters = features.shape
    combined = attention.max(axis=1) if how == "max" else attention.mean(axis=1)
    fmax = features.max(axis=(0, 1)) if fmax is None else fmax
    counts = np.zeros((n_filters, n_filters))
    per_seq = {}
    for s in range(n):
        for i in range(length):
            for j in range(length):
                if combined[s, i, j] <= threshold:
                    continue
                for a in range(n_filters):
                    if not (fmax[a] > 0 and features[s, i, a] > activity * fmax[a]):
                        continue
                    for b in range(n_filters):
                        if fmax[b] > 0 and features[s, j, b] > activity * fmax[b]:
                            counts[a, b] += 1
                            c, m = per_seq.get((s, a, b), (0, 0.0))
                            per_seq[(s, a, b)] = (c + 1, max(m, combined[s, i, j]))
    return counts, per_seq


def planted_local(n=40, length=8, n_filters=6, seed=0):
    """Filter 0 active at position 1 and filter 1 at position 5, which attend to each other;
    other filters fire at random; the remaining attention is below 0.1."""
    rng = np.random.default_rng(seed)
    features = rng.random((n, length, n_filters)).astype(np.float32) * 0.4
    features[:, :, 2:] += (rng.random((n, length, n_filters - 2)) > 0.8) * 1.0
    features[:, 1, 0] = 1.0
    features[:, 5, 1] = 1.0
    attention = np.full((n, 2, length, length), 0.09 * rng.random((n, 2, length, length)))
    attention[:, 0, 1, 5] = 0.8
    return features, attention.astype(np.float32)


def planted_glifac(n=300, length=10, n_filters=6, seed=0):
    """Each sequence has one attended pair (i, j) with filter 1 at j copying filter 0 at i."""
    rng = np.random.default_rng(seed)
    features = rng.exponential(size=(n, length, n_filters)).astype(np.float32)
    attention = np.full((n, 1, length, length), 0.01, dtype=np.float32)
    i = rng.integers(0, length // 2, n)
    j = rng.integers(length // 2, length, n)
    rows = np.arange(n)
    features[rows, j, 1] = features[rows, i, 0] + 0.1 * rng.random(n)
    attention[rows, 0, i, j] = 0.9
    return features, attention


# ---------------------------------------------------------------------------- local attention
@pytest.mark.parametrize("how", ["max", "mean"])
@pytest.mark.parametrize("activity", [0.0, 0.5, 0.8])
def test_local_counts_match_brute_force(how, activity):
    features, attention = random_arrays(seed=1)
    readout = ArrayReadout(features, attention, batch_size=8)
    local = LocalAttentionInteractions(0.1, head_reduction=how, activity_threshold=activity)
    W = local.fit_transform(readout)
    expected, per_seq = brute_force_local(features, attention, 0.1, activity, how)
    assert expected.sum() > 0
    np.testing.assert_array_equal(W, expected)
    np.testing.assert_array_equal(local.interactions_, expected > 0)

    df = local.per_sequence_interactions(readout)
    assert len(df) == len(per_seq)
    for row in df.itertuples():
        count, max_att = per_seq[(row.sequence, row.filter_a, row.filter_b)]
        assert row.count == count
        assert row.max_attention == pytest.approx(max_att, rel=1e-6)


def test_local_batch_size_invariance_and_transform():
    features, attention = random_arrays(seed=2)
    W1 = LocalAttentionInteractions().fit_transform(ArrayReadout(features, attention, batch_size=3))
    local = LocalAttentionInteractions().fit(ArrayReadout(features, attention, batch_size=64))
    np.testing.assert_array_equal(W1, local.filter_interactions_)
    # transform on a subset: computes on it (filter maxima of that subset), no state change
    sub = ArrayReadout(features[:10], attention[:10])
    expected, _ = brute_force_local(features[:10], attention[:10], 0.1, 0.5)
    np.testing.assert_array_equal(local.transform(sub), expected)
    np.testing.assert_array_equal(local.filter_interactions_, W1)


def test_local_planted_pair_dominates():
    features, attention = planted_local()
    local = LocalAttentionInteractions(0.1).fit(ArrayReadout(features, attention))
    W = local.filter_interactions_
    assert W[0, 1] == len(features)
    off = W.copy()
    off[0, 1] = -1
    assert W[0, 1] > off.max()


@pytest.mark.parametrize("method", ["count", "satori"])
def test_local_no_significant_pair_warns(method):
    features, attention = random_arrays()
    readout = ArrayReadout(features, attention)
    with pytest.warns(UserWarning, match="No position pair"):
        # the thresholded statistic ("cooccurrence"): SATORI's own has no attention cutoff
        local = LocalAttentionInteractions(
            threshold=1.0, method=method, satori_statistic="cooccurrence"
        ).fit(readout, background=readout)
    assert not local.filter_interactions_.any() and not local.interactions_.any()


def test_null_threshold_is_the_background_quantile():
    features, attention = random_arrays(n=40, seed=3)
    bg_f, bg_a = random_arrays(n=50, seed=4)
    background = ArrayReadout(bg_f, bg_a, batch_size=16)
    local = LocalAttentionInteractions(null_alpha=0.05).fit(
        ArrayReadout(features, attention), background=background
    )
    values = np.sort(bg_a.max(axis=1).ravel().astype(np.float64))
    exact = np.quantile(values, 0.95, method="inverted_cdf")
    assert exact < local.attention_threshold_ <= exact + 1e-5 + 1e-12
    assert np.mean(values > local.attention_threshold_) <= 0.05
    expected, _ = brute_force_local(features, attention, local.attention_threshold_, 0.5)
    np.testing.assert_array_equal(local.filter_interactions_, expected)


def test_null_threshold_from_dinucleotide_shuffles_is_deterministic():
    X = random_onehot(24, 40, seed=5)
    readout = ToyReadout(X)
    local = LocalAttentionInteractions(null_alpha=0.1, random_state=7).fit(readout)
    shuffled = readout.with_sequences(dinucleotide_shuffle(X, random_state=derive_seed(7)))
    assert local.attention_threshold_ == attention_quantile(shuffled, 0.9)
    again = LocalAttentionInteractions(null_alpha=0.1, random_state=7).fit(readout)
    assert again.attention_threshold_ == local.attention_threshold_
    np.testing.assert_array_equal(again.filter_interactions_, local.filter_interactions_)


def test_null_threshold_needs_sequences_or_background():
    features, attention = random_arrays()
    with pytest.raises(ValueError, match="background"):
        LocalAttentionInteractions(null_alpha=0.05).fit(ArrayReadout(features, attention))


def test_satori_planted_pair_is_significant():
    features, attention = planted_local(n=60)
    bg_attention = attention.copy()
    bg_attention[:, 0, 1, 5] = 0.05  # the background never attends the planted pair
    # the zero-filled statistic: the background never attends the pair, so SATORI's
    # co-occurrence statistic could not test it (see test_satori.py for that one)
    local = LocalAttentionInteractions(method="satori", satori_statistic="all_sequences")
    W = local.fit_transform(
        ArrayReadout(features, attention), background=ArrayReadout(features, bg_attention)
    )
    for p in (local.pvalues_, local.adjusted_pvalues_):
        assert p.shape == (6, 6) and np.all((p >= 0) & (p <= 1))
    assert np.all(local.adjusted_pvalues_ >= local.pvalues_ - 1e-15)
    assert local.adjusted_pvalues_[0, 1] < 1e-6
    np.testing.assert_allclose(W, -np.log10(local.adjusted_pvalues_))
    np.testing.assert_array_equal(local.interactions_, local.adjusted_pvalues_ < 0.05)
    assert local.interactions_[0, 1]
    assert local.adjusted_pvalues_[0, 1] == local.adjusted_pvalues_.min()
    # only pairs through the planted positions (filter 0 at 1 or filter 1 at 5) are reported
    a, b = np.nonzero(local.interactions_)
    assert np.all((a == 0) | (b == 1))


def test_satori_matches_scipy_on_brute_force_maxima():
    from scipy.stats import false_discovery_control, mannwhitneyu

    features, attention = random_arrays(n=25, seed=6)
    bg_features, bg_attention = random_arrays(n=20, seed=7)
    local = LocalAttentionInteractions(method="satori", satori_statistic="all_sequences").fit(
        ArrayReadout(features, attention, batch_size=4),
        background=ArrayReadout(bg_features, bg_attention, batch_size=6),
    )
    fmax = features.max(axis=(0, 1))  # activity relative to the foreground maxima, both sets

    def maxima(f, a):
        _, per_seq = brute_force_local(f, a, 0.1, 0.5, fmax=fmax)
        out = np.zeros((len(f), 25))  # 0 where the pair does not occur in the sequence
        for (s, i, j), (_, m) in per_seq.items():
            out[s, i * 5 + j] = m
        return out

    p = mannwhitneyu(
        maxima(features, attention), maxima(bg_features, bg_attention), alternative="greater"
    ).pvalue
    p = np.where(np.isnan(p), 1.0, p)
    np.testing.assert_allclose(local.pvalues_.ravel(), p, rtol=1e-6)
    np.testing.assert_allclose(local.adjusted_pvalues_.ravel(), false_discovery_control(p))


def test_satori_with_shuffled_background_is_deterministic():
    X = random_onehot(30, 40, seed=8)
    readout = ToyReadout(X)
    local = LocalAttentionInteractions(method="satori", random_state=0)
    W = local.fit_transform(readout)
    assert np.all((local.adjusted_pvalues_ >= 0) & (local.adjusted_pvalues_ <= 1))
    np.testing.assert_array_equal(local.transform(readout), W)  # same shuffles again


# ---------------------------------------------------------------------------- GLIFAC
def explicit_glifac(glifac, readout, features):
    """np.corrcoef on the explicitly concatenated P1 / P2 (same pairs as the transformer)."""
    pairs = glifac.position_pairs(readout)
    F = features.shape[2]
    used = pairs if glifac.random_pair_fraction > 0 else pairs[~pairs["random"]]
    null = pairs[pairs["random"]]

    def corr(p):
        P1 = features[p["sequence"], p["pos1"]].astype(np.float64)
        P2 = features[p["sequence"], p["pos2"]].astype(np.float64)
        return np.corrcoef(P1.T, P2.T)[:F, F:]

    return corr(used), corr(null), pairs


@pytest.mark.parametrize("how", ["max_abs", "mean", "none"])
@pytest.mark.parametrize("fraction", [0.5, 0.25, 0.0])
def test_glifac_streaming_equals_corrcoef(how, fraction):
    features, attention = random_arrays(n=40, length=6, seed=9)
    readout = ArrayReadout(features, attention, batch_size=7)
    glifac = GLIFACInteractions(
        0.1, random_pair_fraction=fraction, symmetrize=how, random_state=3
    ).fit(readout)
    C, C_null, pairs = explicit_glifac(glifac, readout, features)
    np.testing.assert_allclose(glifac.filter_interactions_, symmetrize(C, how), atol=1e-10)
    np.testing.assert_allclose(glifac.null_interactions_, symmetrize(C_null, how), atol=1e-10)
    null_off_diagonal = np.abs(glifac.null_interactions_[np.triu_indices(5, k=1)])
    assert glifac.null_cutoff_ == pytest.approx(np.quantile(null_off_diagonal, 0.95))
    n_att = int((attention.max(axis=1) > 0.1).sum())
    assert glifac.n_attended_pairs_ == n_att == (~pairs["random"]).sum()
    ratio = fraction / (1 - fraction) if fraction > 0 else 1.0
    assert glifac.n_random_pairs_ == int(np.floor(ratio * n_att + 1e-9)) == pairs["random"].sum()


def test_glifac_random_pairs_stay_in_their_sequence_and_balance():
    features, attention = random_arrays(n=20, length=6, seed=10)
    readout = ArrayReadout(features, attention)
    pairs = GLIFACInteractions(random_state=0).position_pairs(readout)
    counts = pairs.groupby(["sequence", "random"]).size().unstack(fill_value=0)
    np.testing.assert_array_equal(counts[True], counts[False])  # 50 % random, per sequence
    assert pairs[["pos1", "pos2"]].to_numpy().max() < 6


def test_glifac_planted_pair_dominates_and_is_reported():
    features, attention = planted_glifac()
    glifac = GLIFACInteractions(0.1, random_state=0).fit(ArrayReadout(features, attention))
    W = glifac.filter_interactions_
    off = np.abs(W - np.diag(np.diag(W)))
    assert np.argmax(off) in (np.ravel_multi_index((0, 1), W.shape), 1 * 6 + 0)
    assert W[0, 1] == W[1, 0] > 0.3
    assert glifac.interactions_[0, 1] and glifac.interactions_[1, 0]
    np.testing.assert_array_equal(glifac.interactions_, np.abs(W) > glifac.null_cutoff_)
    assert glifac.interactions_.sum() <= 6  # the planted pair, plus at most a few diagonals


def test_glifac_null_rule_reports_few_pairs_on_noise():
    rng = np.random.default_rng(13)
    features = rng.exponential(size=(400, 8, 12)).astype(np.float32)
    attention = softmax(2.5 * rng.normal(size=(400, 2, 8, 8))).astype(np.float32)
    glifac = GLIFACInteractions(alpha=0.05, random_state=0).fit(ArrayReadout(features, attention))
    off_diagonal = glifac.interactions_[np.triu_indices(12, k=1)]
    assert off_diagonal.mean() <= 0.1  # no structure: about alpha or fewer reported


def test_glifac_determinism_and_batch_size_invariance():
    features, attention = random_arrays(n=50, seed=11)
    W = [
        GLIFACInteractions(random_state=rs).fit_transform(
            ArrayReadout(features, attention, batch_size=bs)
        )
        for rs, bs in [(0, 5), (0, 64), (0, 17), (1, 17)]
    ]
    np.testing.assert_allclose(W[0], W[1], atol=1e-12)
    np.testing.assert_allclose(W[0], W[2], atol=1e-12)
    assert not np.allclose(W[0], W[3])  # other random pairs
    glifac = GLIFACInteractions(random_state=0).fit(ArrayReadout(features, attention))
    np.testing.assert_allclose(glifac.transform(ArrayReadout(features, attention)), W[0])


def test_glifac_no_attended_pair_warns_and_reports_nothing():
    features, attention = random_arrays()
    uniform = np.full((30, 2, 7, 7), 1 / 7)
    with pytest.warns(UserWarning, match=r"No attended position pair.*threshold=0.5.*0.1429"):
        glifac = GLIFACInteractions(threshold=0.5).fit(ArrayReadout(features, uniform))
    assert not glifac.filter_interactions_.any() and not glifac.interactions_.any()
    assert glifac.n_attended_pairs_ == glifac.n_random_pairs_ == 0
    assert glifac.null_cutoff_ == np.inf
    # a later read-out with attended pairs is scored, but no null was fitted: nothing reported
    W = glifac.transform(ArrayReadout(features, attention))
    assert np.abs(W).max() > 0 and not glifac.reported_interactions(W).any()


def test_glifac_constant_filter_warns_and_gives_zero():
    features, attention = random_arrays(n=40, seed=12)
    features[:, :, 3] = 2.5
    with pytest.warns(UserWarning, match=r"Filter\(s\) \[3\] are constant"):
        glifac = GLIFACInteractions(random_state=0).fit(ArrayReadout(features, attention))
    W = glifac.filter_interactions_
    assert np.isfinite(W).all()
    assert not W[3].any() and not W[:, 3].any()
    assert np.abs(W).max() > 0


# ---------------------------------------------------------------------------- shared contract
@pytest.mark.parametrize("cls", TRANSFORMERS)
def test_unfitted_use_raises(cls):
    features, attention = random_arrays()
    est = cls()
    with pytest.raises(NotFittedError):
        est.transform(ArrayReadout(features, attention))
    with pytest.raises(NotFittedError):
        est.reported_interactions(np.zeros((5, 5)))


@pytest.mark.parametrize("cls", TRANSFORMERS)
@pytest.mark.parametrize(
    "bad", [np.zeros((3, 4, 20)), [[0, 1]], "readout", None], ids=["array", "list", "str", "none"]
)
def test_wrong_readout_type(cls, bad):
    with pytest.raises(TypeError, match="must be a read-out"):
        cls().fit(bad)


def test_wrong_readout_message_points_to_the_classifier():
    with pytest.raises(TypeError, match="put the classifier step before"):
        GLIFACInteractions().fit(np.zeros((3, 4, 20)))


@pytest.mark.parametrize("cls", TRANSFORMERS)
def test_empty_readout(cls):
    with pytest.raises(ValueError, match="empty"):
        cls().fit(EmptyReadout())


@pytest.mark.parametrize(
    "cls, params, match",
    [
        (GLIFACInteractions, {"threshold": 1.5}, "'threshold' parameter"),
        (GLIFACInteractions, {"threshold": -0.1}, "'threshold' parameter"),
        (LocalAttentionInteractions, {"threshold": 2}, "'threshold' parameter"),
        (LocalAttentionInteractions, {"activity_threshold": 1.2}, "activity_threshold"),
        (LocalAttentionInteractions, {"null_alpha": 0.0}, "null_alpha"),
        (LocalAttentionInteractions, {"null_alpha": 1.0}, "null_alpha"),
        (GLIFACInteractions, {"alpha": 1.0}, "alpha"),
        (GLIFACInteractions, {"random_pair_fraction": 1.0}, "random_pair_fraction"),
        (GLIFACInteractions, {"qvalue_threshold": 0.0}, "qvalue_threshold"),
        (GLIFACInteractions, {"head_reduction": "median"}, "head_reduction"),
        (GLIFACInteractions, {"symmetrize": "upper"}, "symmetrize"),
        (LocalAttentionInteractions, {"method": "fisher"}, "method"),
    ],
)
def test_bad_parameters(cls, params, match):
    features, attention = random_arrays()
    with pytest.raises(ValueError, match=match):
        cls(**params).fit(ArrayReadout(features, attention))


@pytest.mark.parametrize("cls", TRANSFORMERS)
def test_non_numeric_threshold_is_a_type_error(cls):
    features, attention = random_arrays()
    with pytest.raises(TypeError, match="threshold"):
        cls(threshold="0.1").fit(ArrayReadout(features, attention))


@pytest.mark.parametrize("cls", TRANSFORMERS)
def test_wrong_number_of_filters_and_bad_W(cls):
    features, attention = random_arrays()
    est = cls(random_state=0).fit(ArrayReadout(features, attention))
    with pytest.raises(ValueError, match="5 filters"):
        est.transform(ArrayReadout(features[:, :, :3], attention))
    with pytest.raises(ValueError, match="W must have shape"):
        est.reported_interactions(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        est.reported_interactions(np.full((5, 5), np.nan))


@pytest.mark.parametrize("cls", TRANSFORMERS)
def test_fitted_attributes_clone_and_pickle(cls):
    features, attention = random_arrays()
    readout = ArrayReadout(features, attention)
    est = cls(random_state=0)
    W = est.fit_transform(readout)
    assert W.shape == (5, 5) and est.interactions_.dtype == bool
    assert est.filter_motifs_ == [""] * 5
    assert est.filter_pwms_ is None and est.tomtom_ is None and est.motif_interactions_ is None
    np.testing.assert_array_equal(est.interactions_, est.reported_interactions(W))
    np.testing.assert_allclose(est.transform(readout), W)
    assert clone(est).get_params() == est.get_params()
    restored = pickle.loads(pickle.dumps(est))
    np.testing.assert_allclose(restored.transform(readout), W)


@pytest.mark.parametrize("cls", TRANSFORMERS)
def test_verbose_progress_does_not_change_results(cls, capsys):
    features, attention = random_arrays()
    readout = ArrayReadout(features, attention, batch_size=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = cls(random_state=0, verbose=True).fit_transform(readout)
    np.testing.assert_allclose(a, cls(random_state=0).fit_transform(readout))


def test_position_pairs_frame_columns():
    features, attention = random_arrays(n=5)
    pairs = GLIFACInteractions(random_state=0).position_pairs(ArrayReadout(features, attention))
    assert list(pairs.columns) == ["sequence", "pos1", "pos2", "random"]
    assert isinstance(pairs, pd.DataFrame) and pairs["random"].dtype == bool


def test_combine_heads_rejects_unknown_reduction():
    with pytest.raises(ValueError, match="head_reduction"):
        combine_heads(np.zeros((1, 2, 3, 3)), "median")
