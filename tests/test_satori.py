"""SATORI's own statistical test (co-occurrence statistic) against a brute-force loop."""

import numpy as np
import pytest
from scipy.stats import false_discovery_control, mannwhitneyu

from sklearn_glifac.interactions import LocalAttentionInteractions
from sklearn_glifac.interactions._local_attention import cooccurrence_test
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


def test_cooccurrence_statistic_is_the_default_and_matches_brute_force():
    features, attention = random_arrays(n=25, seed=6)
    bg_features, bg_attention = random_arrays(n=20, seed=7)
    local = LocalAttentionInteractions(method="satori")
    assert local.satori_statistic == "cooccurrence"
    local.fit(
        ArrayReadout(features, attention, batch_size=4),
        background=ArrayReadout(bg_features, bg_attention, batch_size=6),
    )
    p, adj = brute_force_satori(
        features, attention, bg_features, bg_attention, features.max(axis=(0, 1))
    )
    np.testing.assert_allclose(local.pvalues_, p, rtol=1e-6)
    np.testing.assert_allclose(local.adjusted_pvalues_, adj, rtol=1e-6)
    np.testing.assert_allclose(local.filter_interactions_, local.filter_interactions_.T)
    assert not np.diag(local.tested_pairs_).any()
    np.testing.assert_array_equal(local.tested_pairs_, local.tested_pairs_.T)


def test_cooccurrence_planted_pair_is_significant():
    features, attention = planted_local(n=60)
    bg_attention = attention.copy()
    bg_attention[:, 0, 1, 5] = 0.11  # the background attends the pair, but weakly
    fg, bg = ArrayReadout(features, attention), ArrayReadout(features, bg_attention)
    local = LocalAttentionInteractions(method="satori").fit(fg, background=bg)
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
