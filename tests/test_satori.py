"""SATORI's own statistical test (co-occurrence statistic) against a brute-force loop."""

import numpy as np
import pytest
from scipy.special import softmax
from scipy.stats import false_discovery_control, mannwhitneyu

from sklearn_glifac.interactions import LocalAttentionInteractions
from sklearn_glifac.interactions._satori import cooccurrence_test
from sklearn_glifac.models import ArrayReadout

from .test_interactions import brute_force_local, planted_local, random_arrays


def brute_force_satori(features, attention, bg_features, bg_attention, fmax):
    """SATORI's loops: unordered pairs, co-occurring sequences only, BH over the tested pairs."""
    n_filters = features.shape[2]

    def values(f, a):
        _, per_seq = brute_force_local(f, a, 0.1, 0.5, fmax=fmax)
        out = {}
        for (s, i, j), (_, m) in per_seq.items():
            if i == j:
                continue
            key = (min(i, j), max(i, j))
            out.setdefault(key, {})
            out[key][s] = max(out[key].get(s, 0.0), m)
        return {k: list(v.values()) for k, v in out.items()}

    fg, bg = values(features, attention), values(bg_features, bg_attention)
    tested = {k: mannwhitneyu(fg[k], bg[k], alternative="greater").pvalue
              for k in fg if len(bg.get(k, [])) >= 2}  # fmt: skip
    keys = sorted(tested)
    adjusted = dict(zip(keys, false_discovery_control([tested[k] for k in keys])))
    p = np.ones((n_filters, n_filters))
    adj = np.ones((n_filters, n_filters))
    for (i, j), v in tested.items():
        p[i, j] = p[j, i] = v
        adj[i, j] = adj[j, i] = adjusted[(i, j)]
    return p, adj


def test_library_cooccurrence_statistic_matches_brute_force():
    features, attention = random_arrays(n=25, seed=6)
    bg_features, bg_attention = random_arrays(n=20, seed=7)
    local = LocalAttentionInteractions(method="satori", satori_statistic="cooccurrence")
    local.fit(
        ArrayReadout(features, attention, batch_size=4),
        background=ArrayReadout(bg_features, bg_attention, batch_size=6),
    )
    p, adj = brute_force_satori(
        features, attention, bg_features, bg_attention, features.max(axis=(0, 1))
    )
    np.testing.assert_allclose(np.nan_to_num(local.pvalues_, nan=1.0), p, rtol=1e-6)
    np.testing.assert_allclose(local.adjusted_pvalues_, adj, rtol=1e-6)
    assert np.isnan(local.qvalues_[~local.tested_pairs_]).all()
    np.testing.assert_allclose(local.filter_interactions_, local.filter_interactions_.T)
    assert not np.diag(local.tested_pairs_).any()
    np.testing.assert_array_equal(local.tested_pairs_, local.tested_pairs_.T)


def test_cooccurrence_planted_pair_is_significant():
    features, attention = planted_local(n=60)
    bg_attention = attention.copy()
    bg_attention[:, 0, 1, 5] = 0.11  # the background attends the pair, but weakly
    fg, bg = ArrayReadout(features, attention), ArrayReadout(features, bg_attention)
    local = LocalAttentionInteractions(method="satori", satori_statistic="cooccurrence")
    local.fit(fg, background=bg)
    assert local.interactions_[0, 1] and local.interactions_[1, 0]
    assert local.adjusted_pvalues_[0, 1] == local.adjusted_pvalues_.min()
    assert local.tested_pairs_[0, 1]
    zero_filled = LocalAttentionInteractions(method="satori", satori_statistic="all_sequences")
    assert zero_filled.fit(fg, background=bg).tested_pairs_ is None


def test_pairs_with_few_background_observations_are_untested():
    fg = np.zeros((5, 3, 3))
    fg[:, 0, 1] = 0.9
    fg[:, 1, 2] = 0.5
    bg = np.zeros((5, 3, 3))
    bg[0, 1, 0] = 0.2  # one background observation of {0, 1}: SATORI would fill zeros
    bg[:3, 2, 1] = 0.2
    p, adj, tested = cooccurrence_test(fg, bg)
    assert not tested[0, 1] and p[0, 1] == 1 and adj[0, 1] == 1
    assert tested[1, 2] and tested[2, 1]
    expected = mannwhitneyu(np.full(5, 0.5), np.full(3, 0.2), alternative="greater").pvalue
    assert p[1, 2] == pytest.approx(expected)
    assert adj[1, 2] == pytest.approx(expected)  # the only tested pair: BH leaves it


def test_bad_satori_statistic_raises():
    features, attention = random_arrays()
    with pytest.raises(ValueError, match="satori_statistic"):
        LocalAttentionInteractions(method="satori", satori_statistic="zeros").fit(
            ArrayReadout(features, attention), background=ArrayReadout(features, attention)
        )


# --------------------------------------------------------------------------------------------
# SATORI's published test (fahadahaf/satori, process_attention.py), written as its loops:
# score_individual_head (per sequence, every position pair i != j, every active filter pair of
# distinct filters, the largest head-max attention, no cutoff), analyze_interactions (skip a
# pair with <= 1 foreground value or a largest foreground value below attnLimit 0.04, a
# background with <= 1 value becomes zeros, mannwhitneyu(..., alternative="greater"), BH over
# the tested pairs) and extract_motifs' activity rule.


def _bh(pvalues):
    """Benjamini-Hochberg by hand: q_(k) = min over l >= k of p_(l) m / l, capped at 1."""
    p = np.asarray(pvalues, dtype=float)
    order = np.argsort(p)
    q = np.empty_like(p)
    running = 1.0
    for rank in range(len(p), 0, -1):
        idx = order[rank - 1]
        running = min(running, p[idx] * len(p) / rank)
        q[idx] = running
    return q


def _satori_values(active_positions, attention):
    """{(a, b): [per-sequence values]} from per-sequence {pooled position: active filters}."""
    values = {}
    for n, positions in enumerate(active_positions):
        att = attention[n].max(axis=0)  # head max
        best = {}
        for i, filters_i in positions.items():
            for j, filters_j in positions.items():
                if i == j:
                    continue
                for fa in filters_i:
                    for fb in filters_j:
                        if fa == fb:
                            continue
                        key = (min(fa, fb), max(fa, fb))
                        best[key] = max(best.get(key, -1.0), float(att[i, j]))
        for key, v in best.items():
            values.setdefault(key, []).append(v)
    return values


def brute_force_published_satori(fg_active, fg_attention, bg_active, bg_attention, n_filters):
    fg = _satori_values(fg_active, fg_attention)
    bg = _satori_values(bg_active, bg_attention)
    tested, rules = {}, {"filled": 0, "below_limit": 0}
    for key, pos in fg.items():
        if len(pos) <= 1:
            continue
        neg = bg.get(key, [])
        if len(neg) <= 1:
            neg = [0.0] * len(pos)
            rules["filled"] += 1
        if max(pos) < 0.04:
            rules["below_limit"] += 1
            continue
        tested[key] = mannwhitneyu(pos, neg, alternative="greater").pvalue
    keys = sorted(tested)
    q = dict(zip(keys, _bh([tested[k] for k in keys])))
    p_mat = np.full((n_filters, n_filters), np.nan)
    q_mat = np.full((n_filters, n_filters), np.nan)
    for (a, b), v in tested.items():
        p_mat[a, b] = p_mat[b, a] = v
        q_mat[a, b] = q_mat[b, a] = q[(a, b)]
    return p_mat, q_mat, rules


def _library_active(features, fmax, fraction):
    """Our rule: pooled activation > fraction x the foreground maximum."""
    out = []
    for seq in features:
        positions = {}
        for i in range(seq.shape[0]):
            on = [f for f in range(seq.shape[1]) if fmax[f] > 0 and seq[i, f] > fraction * fmax[f]]
            if on:
                positions[i] = on
        out.append(positions)
    return out


def _satori_active_loop(activations, kernel, pool, pooled_len):
    """extract_motifs' rule: activation > mean + 0.65 (max - mean) over the set, complete
    k-mers only ("same" padding: the k-mer of position p starts at p - (kernel - 1) // 2),
    pooled position p // pool."""
    n, length, n_filters = activations.shape
    out = [{} for _ in range(n)]
    left = (kernel - 1) // 2
    for f in range(n_filters):
        values = activations[:, :, f].astype(np.float64)
        cut = values.mean() + 0.65 * (values.max() - values.mean())
        for s in range(n):
            for p in range(length):
                if values[s, p] > cut and p - left >= 0 and p - left + kernel <= length:
                    t = p // pool
                    if t < pooled_len and f not in out[s].setdefault(t, []):
                        out[s][t].append(f)
    return out


def _sparse_attention(rng, n, n_heads, length, scale):
    return softmax(scale * rng.normal(size=(n, n_heads, length, length)), axis=-1).astype(
        np.float32
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_published_satori_test_is_the_default_and_matches_the_loops(seed):
    rng = np.random.default_rng(seed)
    n_filters, length = 6, 9
    features = rng.exponential(size=(30, length, n_filters)) * (rng.random((30, length, 1)) > 0.3)
    bg_features = rng.exponential(size=(24, length, n_filters)) * 0.7  # fewer active sites
    attention = _sparse_attention(rng, 30, 2, length, 3.0)  # peakier than the background
    bg_attention = _sparse_attention(rng, 24, 2, length, 1.0)
    local = LocalAttentionInteractions(method="satori", activity_threshold=0.4)
    assert local.satori_statistic == "satori"
    local.fit(
        ArrayReadout(features, attention, batch_size=7),
        background=ArrayReadout(bg_features, bg_attention, batch_size=5),
    )
    fmax = features.max(axis=(0, 1))  # our rule: foreground maxima for both sets
    p, q, rules = brute_force_published_satori(
        _library_active(features, fmax, 0.4), attention,
        _library_active(bg_features, fmax, 0.4), bg_attention, n_filters,
    )  # fmt: skip
    n_tested = int((~np.isnan(q)).sum()) // 2
    # both branches ran (zero-filled and observed backgrounds) and some pairs are called
    assert 0 < rules["filled"] < n_tested and (q < 0.05).any()
    np.testing.assert_allclose(local.pvalues_, p, rtol=1e-6)
    np.testing.assert_allclose(local.qvalues_, q, rtol=1e-6)
    np.testing.assert_array_equal(local.significant_, np.nan_to_num(q, nan=1) < 0.05)
    np.testing.assert_array_equal(local.interactions_, local.significant_)
    np.testing.assert_array_equal(local.tested_pairs_, ~np.isnan(q))


def test_published_rules_fill_background_and_apply_the_limit():
    # pair {0, 1}: in 6 foreground sequences, never in the background -> tested vs 6 zeros;
    # pair {2, 3}: in 2 other sequences, attention below 0.04 -> skipped;
    # pair {4, 5} (and {2, 4}...): once in the foreground -> skipped.
    n, length, n_filters = 8, 10, 6
    features = np.zeros((n, length, n_filters), dtype=np.float32)
    features[2:, 1, 0] = features[2:, 6, 1] = 1.0
    features[:2, 2, 2] = features[:2, 3, 3] = 1.0
    features[0, 8, 4] = features[0, 9, 5] = 1.0
    attention = np.full((n, 1, length, length), 0.1, dtype=np.float32)
    attention[:, :, 2:4, 2:4] = 0.03
    bg = ArrayReadout(np.zeros_like(features), attention)
    local = LocalAttentionInteractions(method="satori").fit(
        ArrayReadout(features, attention), background=bg
    )
    expected = mannwhitneyu(np.full(6, 0.1), np.zeros(6), alternative="greater").pvalue
    assert local.pvalues_[0, 1] == pytest.approx(expected)
    assert local.qvalues_[0, 1] == pytest.approx(expected)  # the only tested pair
    assert local.significant_[0, 1] and local.significant_[1, 0]
    assert np.isnan(local.qvalues_[2, 3]) and np.isnan(local.qvalues_[4, 5])
    assert np.isnan(np.diag(local.qvalues_)).all()
    assert local.tested_pairs_.sum() == 2


def test_satori_activity_rule_matches_the_loops():
    rng = np.random.default_rng(3)
    n_filters, pool, pooled_len, kernel = 5, 3, 8, 5
    length = pool * pooled_len

    def readout(n, scale):
        act = (rng.exponential(size=(n, length, n_filters)) * scale).astype(np.float32)
        feats = act.reshape(n, pooled_len, pool, n_filters).max(axis=2)
        att = _sparse_attention(rng, n, 2, pooled_len, 2.0)
        return ArrayReadout(feats, att, activations=act, kernel_size=kernel, batch_size=6), act

    fg, fg_act = readout(40, 1.0)
    bg, bg_act = readout(30, 0.7)  # its own, lower cutoffs (SATORI: thresholds per set)
    local = LocalAttentionInteractions(method="satori", activity_threshold="satori")
    local.fit(fg, background=bg)
    p, q, _ = brute_force_published_satori(
        _satori_active_loop(fg_act, kernel, pool, pooled_len), fg.attention,
        _satori_active_loop(bg_act, kernel, pool, pooled_len), bg.attention, n_filters,
    )  # fmt: skip
    assert (~np.isnan(q)).sum() >= 4
    np.testing.assert_allclose(local.pvalues_, p, rtol=1e-6)
    np.testing.assert_allclose(local.qvalues_, q, rtol=1e-6)


def test_satori_activity_rule_needs_method_satori():
    features, attention = random_arrays()
    with pytest.raises(ValueError, match="activity_threshold='satori'.*method='satori'"):
        LocalAttentionInteractions(activity_threshold="satori").fit(
            ArrayReadout(features, attention)
        )
