"""Tests of the per-pair attention test (p-values, q-values) and of ``test=True``."""

import numpy as np
import pytest
from scipy.stats import false_discovery_control, kstest, mannwhitneyu

from sklearn_glifac.datasets import dinucleotide_shuffle
from sklearn_glifac.interactions import (
    GLIFACInteractions,
    LocalAttentionInteractions,
    attention_pair_test,
    permute_queries,
    swap_attention,
)
from sklearn_glifac.models import ArrayReadout
from sklearn_glifac.utils import derive_seed

from .conftest import random_onehot
from .test_interactions import ToyReadout, random_arrays


def planted(n=60, length=8, n_filters=4, seed=0):
    """Filter 0 at position 1 attends filter 1 at position 5 in every foreground sequence; the
    background has the same feature maps and attends one random position pair per sequence."""
    rng = np.random.default_rng(seed)
    features = rng.random((n, length, n_filters))
    features[:, 1, 0] = features[:, 5, 1] = 3.0
    attention = np.full((n, 1, length, length), 0.01)
    attention[:, 0, 1, 5] = 0.9
    bg_attention = np.full((n, 1, length, length), 0.01)
    i = rng.integers(0, length, n)
    j = (i + rng.integers(1, length, n)) % length  # i != j
    bg_attention[np.arange(n), 0, i, j] = 0.9
    return ArrayReadout(features, attention), ArrayReadout(features, bg_attention)


def brute_force(readout, background, *, kind, threshold, cutoffs=None, how="max"):
    """Per-sequence unordered-pair statistics by loops over sequences, positions and filters."""
    n_filters = readout.n_filters

    def values(x):
        return (x > cutoffs).astype(float) if kind == "activity" else x.astype(float)

    fg_x = [values(x) for x in readout.features]
    centred = np.concatenate([x - x.mean(axis=0) for x in fg_x])
    sd = np.sqrt((centred**2).mean(axis=0))

    def per_sequence(ro):
        out = []
        for x, att in zip(ro.features, ro.attention):
            x = values(x)
            xc = (x - x.mean(axis=0)) / sd
            comb = att.max(axis=0) if how == "max" else att.mean(axis=0)
            pairs = [(i, j) for i in range(len(x)) for j in range(len(x))
                     if i != j and comb[i, j] > threshold]  # fmt: skip
            if not pairs:
                continue
            s = np.zeros((n_filters, n_filters))
            for a in range(n_filters):
                for b in range(n_filters):
                    s[a, b] = np.mean([xc[i, a] * xc[j, b] for i, j in pairs])
            out.append((s + s.T) / 2)
        return np.array(out)

    return per_sequence(readout), per_sequence(background)


# ---------------------------------------------------------------------------- the function
def test_planted_pair_has_a_tiny_qvalue_and_nothing_else_is_called():
    readout, background = planted()
    res = attention_pair_test(readout, background)
    assert res.qvalues[0, 1] == res.qvalues[1, 0] < 1e-6
    assert res.statistic[0, 1] > 0.5
    others = ~np.eye(4, dtype=bool)
    others[0, 1] = others[1, 0] = False
    assert (res.qvalues[others] >= 0.05).all()
    assert np.isnan(np.diag(res.pvalues)).all() and np.isnan(np.diag(res.qvalues)).all()
    assert not res.tested.diagonal().any() and res.tested[others].all()
    assert res.n_foreground[0, 1] == res.n_background[0, 1] == 60
    assert res.n_foreground[0, 0] == 0
    assert res.alternative == "two-sided"


def test_sequences_without_attended_pairs_are_left_out():
    readout, background = planted()
    attention = readout.attention.copy()
    attention[:4] = 0.01  # 4 sequences attend nothing
    res = attention_pair_test(ArrayReadout(readout.features, attention), background)
    assert res.n_foreground[0, 1] == 56 and res.n_background[2, 3] == 60


@pytest.mark.parametrize("kind", ["correlation", "activity"])
@pytest.mark.parametrize("how", ["max", "mean"])
def test_statistic_and_pvalues_match_brute_force(kind, how):
    features, attention = random_arrays(n=14, length=6, n_filters=3, seed=1)
    bg_features, bg_attention = random_arrays(n=11, length=6, n_filters=3, seed=2)
    attention[:3] = bg_attention[:2] = 1 / 6  # flat maps: nothing above the threshold
    readout, background = ArrayReadout(features, attention), ArrayReadout(bg_features, bg_attention)
    cutoffs = 0.5 * features.max(axis=(0, 1)) if kind == "activity" else None
    threshold = 0.2
    res = attention_pair_test(readout, background, kind=kind, threshold=threshold,
                              head_reduction=how)  # fmt: skip
    fg, bg = brute_force(readout, background, kind=kind, threshold=threshold, cutoffs=cutoffs,
                         how=how)  # fmt: skip
    assert len(fg) == 11 and len(bg) == 9  # the flat maps are left out
    alternative = "two-sided" if kind == "correlation" else "greater"
    n_tested = 0
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        assert res.n_foreground[a, b] == len(fg) and res.n_background[a, b] == len(bg)
        np.testing.assert_allclose(
            res.statistic[a, b], fg[:, a, b].mean() - bg[:, a, b].mean(), atol=1e-9
        )
        both = np.concatenate([fg[:, a, b], bg[:, a, b]])
        if both.min() == both.max():  # all ties (a filter never active): untested
            assert np.isnan(res.pvalues[a, b]) and not res.tested[a, b]
            continue
        n_tested += 1
        p = mannwhitneyu(fg[:, a, b], bg[:, a, b], alternative=alternative).pvalue
        np.testing.assert_allclose(res.pvalues[a, b], p, rtol=1e-9)
        np.testing.assert_allclose(res.pvalues[b, a], p, rtol=1e-9)
    assert n_tested >= 2


def test_qvalues_are_scipy_benjamini_hochberg_over_tested_pairs():
    features, attention = random_arrays(n=40, length=7, n_filters=6, seed=3)
    features[:, :, 5] = 1.0  # a constant filter: all its pairs tie, untested
    bg_features, bg_attention = random_arrays(n=40, length=7, n_filters=6, seed=4)
    bg_features[:, :, 5] = 1.0
    res = attention_pair_test(
        ArrayReadout(features, attention), ArrayReadout(bg_features, bg_attention)
    )
    a, b = np.triu_indices(6, k=1)
    tested = res.tested[a, b]
    assert tested.sum() == 10 and not res.tested[:, 5].any()
    assert np.isnan(res.pvalues[:, 5]).all() and np.isnan(res.qvalues[5]).all()
    expected = false_discovery_control(res.pvalues[a, b][tested], method="bh")
    np.testing.assert_allclose(res.qvalues[a, b][tested], expected, rtol=1e-12)
    np.testing.assert_array_equal(res.qvalues, res.qvalues.T)


def test_fewer_than_two_background_sequences_leave_every_pair_untested():
    readout, background = planted()
    bg_attention = np.full(background.attention.shape, 0.01)
    bg_attention[0, 0, 2, 3] = 0.9  # one background sequence with an attended pair
    res = attention_pair_test(readout, ArrayReadout(background.features, bg_attention))
    assert not res.tested.any() and np.isnan(res.qvalues).all()
    assert res.n_background[0, 1] == 1


@pytest.mark.parametrize("kind", ["correlation", "activity"])
def test_pvalues_are_uniform_when_foreground_and_background_share_a_distribution(kind):
    pvalues = []
    for seed in range(12):
        fg = ArrayReadout(*random_arrays(n=50, length=6, n_filters=6, seed=2 * seed))
        bg = ArrayReadout(*random_arrays(n=50, length=6, n_filters=6, seed=2 * seed + 1))
        cutoffs = np.full(6, 1.0)  # the same cutoffs for every replicate
        cutoffs = cutoffs if kind == "activity" else None
        res = attention_pair_test(fg, bg, kind=kind, threshold=0.2, activity_cutoffs=cutoffs)
        pvalues.append(res.pvalues[np.triu_indices(6, k=1)])
    pvalues = np.concatenate(pvalues)  # 180 p-values
    assert np.mean(pvalues < 0.05) <= 0.1
    if kind == "correlation":  # continuous statistic: uniform p-values
        assert kstest(pvalues, "uniform").pvalue > 0.01


def test_errors_name_the_argument():
    readout, background = planted()
    with pytest.raises(ValueError, match="background"):
        attention_pair_test(readout, None)
    with pytest.raises(ValueError, match="kind must be 'correlation' or 'activity', got 'pearson'"):
        attention_pair_test(readout, background, kind="pearson")
    with pytest.raises(ValueError, match="alternative"):
        attention_pair_test(readout, background, alternative="bigger")
    with pytest.raises(ValueError, match="threshold"):
        attention_pair_test(readout, background, threshold=2.0)
    with pytest.raises(ValueError, match=r"activity_cutoffs must be an array of shape \(4,\)"):
        attention_pair_test(readout, background, kind="activity", activity_cutoffs=[1.0])
    with pytest.raises(ValueError, match="activity_cutoffs applies to kind='activity'"):
        attention_pair_test(readout, background, activity_cutoffs=np.ones(4))
    other = ArrayReadout(np.zeros((3, 8, 2)), np.full((3, 1, 8, 8), 0.5))
    with pytest.raises(ValueError, match="background has 2 filters"):
        attention_pair_test(readout, other)
    with pytest.raises(TypeError, match="readout must be a read-out"):
        attention_pair_test(np.zeros((3, 4, 10)), background)


# ---------------------------------------------------------------------------- test=True
def test_glifac_test_sets_calibrated_calls_and_keeps_the_old_rule():
    readout, background = planted()
    plain = GLIFACInteractions(random_state=0).fit(readout)
    glifac = GLIFACInteractions(test=True, test_null="background", random_state=0)
    glifac.fit(readout, background=background)
    res = attention_pair_test(readout, background, kind="correlation")
    np.testing.assert_array_equal(glifac.pvalues_, res.pvalues)
    np.testing.assert_array_equal(glifac.qvalues_, res.qvalues)
    np.testing.assert_array_equal(glifac.pair_statistic_, res.statistic)
    np.testing.assert_array_equal(glifac.significant_, np.nan_to_num(res.qvalues, nan=1) < 0.05)
    assert glifac.significant_[0, 1] and glifac.significant_.sum() == 2
    np.testing.assert_array_equal(glifac.interactions_, plain.interactions_)
    np.testing.assert_array_equal(glifac.filter_interactions_, plain.filter_interactions_)
    assert not hasattr(plain, "qvalues_")


def test_local_count_test_uses_the_fitted_threshold_and_activity():
    readout, background = planted()
    local = LocalAttentionInteractions(test=True, test_null="background")
    local.fit(readout, background=background)
    cutoffs = 0.5 * readout.features.max(axis=(0, 1))
    res = attention_pair_test(readout, background, kind="activity", activity_cutoffs=cutoffs)
    np.testing.assert_array_equal(local.qvalues_, res.qvalues)
    assert local.significant_[0, 1] and local.significant_.sum() == 2
    np.testing.assert_array_equal(
        local.interactions_, LocalAttentionInteractions().fit(readout).interactions_
    )


def test_local_satori_test_fills_the_attributes_from_satoris_test():
    readout, background = planted()
    local = LocalAttentionInteractions(method="satori", test=True)
    local.fit(readout, background=background)
    untested = ~local.tested_pairs_ | np.eye(4, dtype=bool)
    assert np.isnan(local.qvalues_[untested]).all()
    np.testing.assert_array_equal(local.qvalues_[~untested], local.adjusted_pvalues_[~untested])
    np.testing.assert_array_equal(local.significant_, local.interactions_ & ~untested)


@pytest.mark.parametrize("cls", [GLIFACInteractions, LocalAttentionInteractions])
def test_test_without_sequences_or_background_raises(cls):
    readout, _ = planted()
    with pytest.raises(ValueError, match=r"test=True.*background"):
        cls(test=True, test_null="background").fit(readout)
    cls().fit(readout)  # no test, no background needed
    cls(test=True).fit(readout)  # the default null (swap) needs no sequences


def test_background_null_defaults_to_the_shuffled_sequences_and_parameter_works():
    X = random_onehot(24, 40, seed=5)
    readout = ToyReadout(X)
    kw = dict(test=True, test_null="background", threshold=0.3)
    glifac = GLIFACInteractions(random_state=7, **kw).fit(readout)
    shuffled = dinucleotide_shuffle(X, random_state=derive_seed(7))
    res = attention_pair_test(readout, readout.with_sequences(shuffled), threshold=0.3)
    np.testing.assert_array_equal(glifac.qvalues_, res.qvalues)
    as_parameter = GLIFACInteractions(background=shuffled, **kw).fit(readout)
    np.testing.assert_array_equal(as_parameter.qvalues_, res.qvalues)


def _moving_pair(n=60, length=8, n_filters=4, *, aligned=True, seed=0):
    """Filter 0 at a random position p_n, filter 1 at q_n != p_n; attention links (p_n, q_n)
    in every sequence (``aligned``) or a random position pair (not aligned with content)."""
    rng = np.random.default_rng(seed)
    features = rng.random((n, length, n_filters)) * 0.2
    attention = np.full((n, 1, length, length), 0.01)
    for k in range(n):
        p, q = rng.choice(length, 2, replace=False)
        features[k, p, 0] = features[k, q, 1] = 3.0
        if not aligned:
            p, q = rng.choice(length, 2, replace=False)
        attention[k, 0, p, q] = 0.9
    return ArrayReadout(features, attention)


def test_swap_null_finds_content_aligned_attention_only():
    aligned = _moving_pair(aligned=True)
    res = attention_pair_test(aligned, "swap", random_state=0)
    assert res.qvalues[0, 1] < 1e-6
    assert not (np.nan_to_num(res.qvalues, nan=1.0)[np.triu_indices(4, 1)][1:] < 0.05).any()
    glifac = GLIFACInteractions(test=True, test_null="swap", random_state=0).fit(aligned)
    np.testing.assert_array_equal(glifac.qvalues_, res.qvalues)
    # attention unrelated to content (the null holds exactly): over 200 data sets the p-values
    # are uniform (5.0 % below 0.05 measured) and BH at 0.05 calls something in about alpha of
    # them (8 % measured, binomial SD 2 %)
    runs = [
        attention_pair_test(_moving_pair(aligned=False, seed=s), "swap", random_state=s)
        for s in range(200)
    ]
    upper = np.triu_indices(4, 1)
    pvalues = np.concatenate([r.pvalues[upper] for r in runs])
    assert 0.03 <= np.mean(pvalues < 0.05) <= 0.07
    assert np.mean([(np.nan_to_num(r.qvalues, nan=1) < 0.05).any() for r in runs]) <= 0.1


def test_swap_attention_permutes_maps_and_keeps_features():
    base = _moving_pair(n=10)
    tagged = base.attention.copy()
    tagged[:, 0, 0, 0] += np.arange(10) * 1e-3  # every map unique
    r = ArrayReadout(base.features, tagged)
    swapped = swap_attention(r, random_state=3)
    np.testing.assert_array_equal(swapped.features, r.features)
    order = [int(np.flatnonzero((r.attention == a).all(axis=(1, 2, 3)))[0])
             for a in swapped.attention]  # fmt: skip
    assert sorted(order) == list(range(10)) and order != list(range(10))
    again = swap_attention(r, random_state=3)
    np.testing.assert_array_equal(again.attention, swapped.attention)
    with pytest.raises(ValueError, match="background must be 'queries', 'swap'"):
        attention_pair_test(r, "shuffle")


def _hub(n=80, length=8, n_filters=4, seed=0):
    """Filter 0 at p_n, filter 1 at q_n; every position attends q_n (an attention hub): no
    position attends filter 1's site more than any other."""
    rng = np.random.default_rng(seed)
    features = rng.random((n, length, n_filters)) * 0.2
    attention = np.full((n, 1, length, length), 0.01)
    for k in range(n):
        p, q = rng.choice(length, 2, replace=False)
        features[k, p, 0] = features[k, q, 1] = 3.0
        attention[k, 0, :, q] = 0.5
    return ArrayReadout(features, attention)


def test_query_permutation_null_is_the_default_and_ignores_attention_hubs():
    aligned = _moving_pair(aligned=True)
    res = attention_pair_test(aligned, "queries", random_state=0)
    assert res.qvalues[0, 1] < 1e-6  # filter 0's position attends filter 1's specifically
    glifac = GLIFACInteractions(test=True, random_state=0).fit(aligned)
    np.testing.assert_array_equal(glifac.qvalues_, res.qvalues)
    local = LocalAttentionInteractions(test=True, random_state=0).fit(aligned)
    assert local.significant_[0, 1]
    hub = _hub()
    assert attention_pair_test(hub, "swap", random_state=0).qvalues[0, 1] < 0.05
    queries = attention_pair_test(hub, "queries", random_state=0)
    assert not (np.nan_to_num(queries.qvalues, nan=1) < 0.05).any()


def test_permute_queries_keeps_each_maps_rows_and_features():
    r = _moving_pair(n=5)
    permuted = permute_queries(r, random_state=1)
    np.testing.assert_array_equal(permuted.features, r.features)
    for a, b in zip(r.attention, permuted.attention):
        assert sorted(map(tuple, a[0])) == sorted(map(tuple, b[0]))  # same rows, other order
        np.testing.assert_allclose(a.sum(axis=1), b.sum(axis=1))  # columns (keys) kept
    again = permute_queries(r, random_state=1)
    np.testing.assert_array_equal(again.attention, permuted.attention)
