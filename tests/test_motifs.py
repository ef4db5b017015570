"""Filters to motifs: PWMs by activation alignment, Tomtom labels, motif matrices, MEME output."""

import warnings

import numpy as np
import pandas as pd
import pytest
import torch

from sklearn_glifac.models import ArrayReadout
from sklearn_glifac.motifs import (
    filter_pwms,
    load_motifs,
    match_filters,
    motif_coverage,
    motif_interaction_matrix,
    read_meme,
    write_filter_meme,
    write_meme,
)
from tests.conftest import random_onehot


def _readout(X, act, k, batch_size=2):
    n, _, L = X.shape
    F = act.shape[2]
    return ArrayReadout(
        np.zeros((n, 3, F)),
        np.full((n, 1, 3, 3), 1 / 3),
        X=X,
        activations=act,
        kernel_size=k,
        batch_size=batch_size,
    )


def _brute_force_pwms(X, act, k, threshold, pseudocount):
    """Reference: explicit loops over sequences, positions, filters and window columns."""
    n, _, L = X.shape
    F = act.shape[2]
    left = (k - 1) // 2
    counts = np.zeros((F, 4, k))
    n_sites = np.zeros(F, dtype=int)
    for f in range(F):
        mx = act[:, :, f].max()
        for s in range(n):
            for p in range(L):
                if mx > 0 and act[s, p, f] > threshold * mx:
                    n_sites[f] += 1
                    for c in range(k):
                        pos = p - left + c
                        if 0 <= pos < L:
                            counts[f, X[s, :, pos].argmax(), c] += 1
    counts += pseudocount
    return counts / counts.sum(axis=1, keepdims=True), n_sites


@pytest.mark.parametrize("k", [1, 4, 5])
@pytest.mark.parametrize("threshold", [0.0, 0.5, 0.9])
def test_filter_pwms_equals_brute_force(k, threshold):
    X = random_onehot(5, 12, seed=k)
    rng = np.random.default_rng(k)
    act = rng.normal(size=(5, 12, 3)).astype(np.float32)
    act[:, :, 2] = np.abs(act[:, :, 2])  # ReLU-like filter
    pwms, n_sites = filter_pwms(_readout(X, act, k), activity_threshold=threshold, pseudocount=0.3)
    ref, ref_sites = _brute_force_pwms(X, act, k, threshold, 0.3)
    np.testing.assert_allclose(pwms, ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(n_sites, ref_sites)
    np.testing.assert_allclose(pwms.sum(axis=1), 1.0)


def test_filter_pwms_does_not_depend_on_batch_size():
    X = random_onehot(7, 15, seed=1)
    act = np.random.default_rng(1).exponential(size=(7, 15, 4)).astype(np.float32)
    a = filter_pwms(_readout(X, act, 5, batch_size=1))
    b = filter_pwms(_readout(X, act, 5, batch_size=7))
    np.testing.assert_allclose(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("k", [4, 7])
def test_filter_pwms_alignment_matches_pytorch_same_padding(k):
    # Activations computed by a real "same" convolution whose filter is a one-hot consensus:
    # the windows with the full match score k are the consensus, so the PWM recovers it.
    rng = np.random.default_rng(k)
    consensus = rng.integers(0, 4, size=k)
    X = random_onehot(40, 30, seed=k)
    for s in range(0, 40, 2):  # plant the consensus, also touching the sequence ends
        start = [0, 30 - k, 10][s % 3]
        X[s, :, start : start + k] = np.eye(4, dtype=np.float32)[consensus].T
    conv = torch.nn.Conv1d(4, 1, k, padding="same", bias=False)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch: even kernel with "same" padding copies input
        conv.weight[:] = torch.from_numpy(np.eye(4, dtype=np.float32)[consensus].T[None])
        act = conv(torch.from_numpy(X)).numpy().transpose(0, 2, 1)
    pwms, n_sites = filter_pwms(
        _readout(X, act, k), activity_threshold=(k - 0.5) / k, pseudocount=0
    )
    assert n_sites[0] >= 20  # every planted site (and any chance full match) is aligned
    # Only complete matches reach the threshold, so with correct alignment the PWM is one-hot.
    np.testing.assert_array_equal(pwms[0], np.eye(4)[consensus].T)


def test_dead_filter_gets_uniform_pwm_with_warning():
    X = random_onehot(3, 10, seed=2)
    act = np.random.default_rng(2).exponential(size=(3, 10, 2)).astype(np.float32)
    act[:, :, 1] = 0.0  # ReLU filter that never fires
    with pytest.warns(UserWarning, match="never positively activated"):
        pwms, n_sites = filter_pwms(_readout(X, act, 3))
    np.testing.assert_allclose(pwms[1], 0.25)
    assert n_sites[1] == 0 and n_sites[0] > 0


def test_filter_pwms_errors():
    X = random_onehot(3, 10)
    act = np.ones((3, 10, 2), dtype=np.float32)
    with pytest.raises(TypeError, match="readout"):
        filter_pwms(X)
    with pytest.raises(ValueError, match="no sequences"):
        filter_pwms(ArrayReadout(np.zeros((3, 2, 2)), np.full((3, 1, 2, 2), 0.5), kernel_size=3))
    with pytest.raises(ValueError, match="kernel_size"):
        filter_pwms(_readout(X, act, None))
    with pytest.raises(ValueError, match="activity_threshold"):
        filter_pwms(_readout(X, act, 3), activity_threshold=1.5)
    with pytest.raises(ValueError, match="pseudocount"):
        filter_pwms(_readout(X, act, 3), pseudocount=-1)
    short = ArrayReadout(
        np.zeros((3, 2, 2)), np.full((3, 1, 2, 2), 0.5), X=X, activations=act[:, :8], kernel_size=3
    )
    with pytest.raises(ValueError, match="same"):
        filter_pwms(short)
    no_act = ArrayReadout(np.zeros((3, 2, 2)), np.full((3, 1, 2, 2), 0.5), X=X, kernel_size=3)
    with pytest.raises(ValueError, match="activations"):
        filter_pwms(no_act)


# ------------------------------------------------------------------------------ Tomtom


@pytest.fixture(scope="module")
def glifac_motifs():
    return load_motifs()


def _widen(ppm, width, left):
    """Embed a motif in a wider uniform PWM (as a filter wider than its motif)."""
    out = np.full((4, width), 0.25)
    out[:, left : left + ppm.shape[1]] = ppm
    return out


def test_match_filters_labels_known_motifs_and_not_uniform(glifac_motifs):
    pwms = np.stack(
        [
            _widen(glifac_motifs["GATA1"], 24, 5),
            np.full((4, 24), 0.25),
            _widen(glifac_motifs["SPI1"][::-1, ::-1], 24, 2),  # reverse complement
            _widen(glifac_motifs["NFIB"], 24, 1),  # the authors' NFIB matrix is 21 nt wide
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # memelite: fewer than 25 targets
        labels, table = match_filters(pwms, glifac_motifs)
    assert labels == ["GATA1", "", "SPI1", "NFIB"]
    best = table[table.label].set_index("filter")
    assert best.loc[2, "orientation"] == "-" and best.loc[0, "orientation"] == "+"
    assert (best.q_value <= 0.05).all() and best.significant.all()
    # The uniform PWM has no informative column: it is not compared at all.
    assert 1 not in set(table["filter"])
    assert (best.trim_start <= [5, 2, 1]).all()
    assert table.groupby("filter").size().max() <= 5
    # E-value = p * number of targets; q-values are BH over targets (>= p, monotone in p).
    np.testing.assert_allclose(table.e_value, table.p_value * len(glifac_motifs))
    assert (table.q_value >= table.p_value - 1e-15).all()
    for _, rows in table.groupby("filter"):
        assert rows.p_value.is_monotonic_increasing
        assert rows.q_value.is_monotonic_increasing


def test_match_filters_qvalues_are_bh_per_filter(glifac_motifs):
    from scipy.stats import false_discovery_control

    pwms = [glifac_motifs["YY1"], glifac_motifs["TEAD1"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        labels, table = match_filters(pwms, glifac_motifs, n_matches=None)
    assert labels == ["YY1", "TEAD1"]
    assert len(table) == 2 * len(glifac_motifs)
    for _, rows in table.groupby("filter"):
        np.testing.assert_allclose(rows.q_value, false_discovery_control(rows.p_value))


def test_match_filters_trimming():
    from sklearn_glifac.motifs._tomtom import _informative_span

    pwm = np.full((4, 12), 0.25)
    pwm[:, 5] = [0.97, 0.01, 0.01, 0.01]  # ~1.76 bits
    pwm[:, 7] = [0.4, 0.3, 0.2, 0.1]  # ~0.15 bits: below 0.5
    assert _informative_span(pwm, 0.5, 3) == (2, 9)
    assert _informative_span(pwm, 0.1, 0) == (5, 8)
    assert _informative_span(pwm, 0.5, 10) == (0, 12)
    assert _informative_span(np.full((4, 6), 0.25), 0.5, 3) is None
    assert _informative_span(pwm, 0.1, 0, min_columns=3) is None  # only 2 informative columns
    # Untrimmed, a flat PWM "matches" long flat JASPAR matrices with tiny p-values (Euclidean
    # column distance); trimming (the default) leaves it unlabelled.
    flat = [np.full((4, 15), 0.25)]
    labels, _ = match_filters(flat, "jaspar", trim_threshold=None)
    assert labels != [""]
    labels, table = match_filters(flat, "jaspar")
    assert labels == [""] and table.empty and "q_value" in table.columns
    # Nor is a flat PWM with a single informative column compared (min_informative_columns=3).
    labels, table = match_filters([pwm], "jaspar")
    assert labels == [""] and table.empty


def test_match_filters_thresholds(glifac_motifs):
    pwms = [glifac_motifs["ELF1"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, table = match_filters(pwms, glifac_motifs, n_matches=None)
        p_best = table.p_value.min()
        # An E-value cutoff just below the best match's E-value leaves the filter unlabelled.
        labels, _ = match_filters(
            pwms,
            glifac_motifs,
            qvalue_threshold=None,
            evalue_threshold=0.5 * p_best * len(glifac_motifs),
        )
        assert labels == [""]
        labels, _ = match_filters(pwms, glifac_motifs, qvalue_threshold=None, evalue_threshold=1)
        assert labels == ["ELF1"]


def test_match_filters_jaspar_and_meme_file(tmp_path, glifac_motifs):
    pwms = [_widen(glifac_motifs["GATA1"], 15, 4), np.full((4, 15), 0.25)]
    labels, table = match_filters(pwms, "jaspar")
    # JASPAR CORE vertebrates has many GATA matrices; the match must be a GATA factor.
    assert labels[0].upper().startswith("GATA") and labels[1] == ""
    path = tmp_path / "db.meme"
    write_meme(glifac_motifs, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_file, _ = match_filters(pwms, path)
        from_dict, _ = match_filters(pwms, glifac_motifs)
    assert from_file == from_dict == ["GATA1", ""]


def test_match_filters_errors(tmp_path, glifac_motifs):
    good = [glifac_motifs["YY1"]]
    with pytest.raises(ValueError, match="shape"):
        match_filters(np.zeros((2, 3, 5)), glifac_motifs)
    with pytest.raises(ValueError, match="empty"):
        match_filters([], glifac_motifs)
    with pytest.raises(ValueError, match="non-negative"):
        match_filters([-glifac_motifs["YY1"]], glifac_motifs)
    with pytest.raises(ValueError, match=r"motifs\['bad'\].*shape"):
        match_filters(good, {"bad": np.ones((5, 3))})
    with pytest.raises(ValueError, match="motifs is empty"):
        match_filters(good, {})
    with pytest.raises(FileNotFoundError, match="motifs"):
        match_filters(good, str(tmp_path / "missing.meme"))
    with pytest.raises(TypeError, match="motifs"):
        match_filters(good, 3)
    with pytest.raises(ValueError, match="qvalue_threshold"):
        match_filters(good, glifac_motifs, qvalue_threshold=2)
    with pytest.raises(ValueError, match="evalue_threshold"):
        match_filters(good, glifac_motifs, evalue_threshold=0)
    with pytest.raises(ValueError, match="trim_threshold"):
        match_filters(good, glifac_motifs, trim_threshold=3)
    with pytest.raises(ValueError, match="trim_pad"):
        match_filters(good, glifac_motifs, trim_pad=-1)
    with pytest.raises(ValueError, match="min_informative_columns"):
        match_filters(good, glifac_motifs, min_informative_columns=0)
    with pytest.raises(ValueError, match="n_matches"):
        match_filters(good, glifac_motifs, n_matches=0)


# ------------------------------------------------------------------------------ motif level


def test_motif_interaction_matrix_hand_example():
    W = np.array(
        [
            [0.0, 0.2, -0.9, 0.1],
            [0.1, 0.0, 0.4, 0.7],
            [0.3, 0.5, 0.0, 0.0],
            [0.6, -0.8, 0.2, 0.0],
        ]
    )
    labels = ["A", "B", "B", "X"]
    # Filter pairs (larger-magnitude entry): (0,1) A-B 0.2; (0,2) A-B -0.9; (0,3) A-X 0.6;
    # (1,2) B-B 0.5; (1,3) B-X -0.8; (2,3) B-X 0.2. X is not a requested motif.
    M = motif_interaction_matrix(W, labels, ["A", "B", "C"])
    expected = pd.DataFrame(
        [[np.nan, -0.9, np.nan], [-0.9, np.nan, np.nan], [np.nan] * 3],
        index=list("ABC"),
        columns=list("ABC"),
    )
    pd.testing.assert_frame_equal(M, expected)
    M = motif_interaction_matrix(W, labels, ["B", "X"], diagonal=True)
    np.testing.assert_allclose(M.to_numpy(), [[0.5, -0.8], [-0.8, np.nan]])


def test_motif_interaction_matrix_errors():
    with pytest.raises(ValueError, match="unique"):
        motif_interaction_matrix(np.zeros((2, 2)), ["A", "B"], ["A", "A"])
    with pytest.raises(ValueError, match="filter_labels has 3"):
        motif_interaction_matrix(np.zeros((2, 2)), ["A", "B", "C"], ["A"])
    with pytest.raises(ValueError, match="NaN"):
        motif_interaction_matrix(np.full((2, 2), np.nan), ["A", "B"], ["A"])
    with pytest.raises(TypeError, match="motif_names"):
        motif_interaction_matrix(np.zeros((2, 2)), ["A", "B"], "AB")


def test_motif_coverage():
    assert motif_coverage(["A", "", "A", "C"], ["A", "B", "C", "D"]) == 0.5
    assert motif_coverage(["", ""], ["A"]) == 0.0
    with pytest.raises(ValueError, match="empty"):
        motif_coverage(["A"], [])


def test_write_filter_meme_round_trip(tmp_path, glifac_motifs):
    from memelite.io import read_meme as memelite_read

    X = random_onehot(20, 30, seed=3)
    act = np.random.default_rng(3).exponential(size=(20, 30, 3)).astype(np.float32)
    pwms, _ = filter_pwms(_readout(X, act, 6, batch_size=8))
    path = tmp_path / "filters.meme"
    write_filter_meme(pwms, path)
    back = read_meme(path)
    assert list(back) == ["filter0", "filter1", "filter2"]
    # MEME files store rounded probabilities.
    np.testing.assert_allclose(np.stack(list(back.values())), pwms, atol=1e-5)
    raw = memelite_read(str(path))
    np.testing.assert_allclose(raw["filter1"], pwms[1], atol=1e-5)
    write_filter_meme(pwms, path, names=["a", "b", "c"])
    assert list(read_meme(path)) == ["a", "b", "c"]


def test_write_filter_meme_errors(tmp_path):
    pwms = np.full((2, 4, 3), 0.25)
    with pytest.raises(ValueError, match="names has 1"):
        write_filter_meme(pwms, tmp_path / "f.meme", names=["a"])
    with pytest.raises(ValueError, match="whitespace"):
        write_filter_meme(pwms, tmp_path / "f.meme", names=["a b", "c"])
    with pytest.raises(ValueError, match="unique"):
        write_filter_meme(pwms, tmp_path / "f.meme", names=["a", "a"])
    with pytest.raises(ValueError, match="shape"):
        write_filter_meme(np.zeros((4, 3)), tmp_path / "f.meme")


def test_match_filters_small_database_uses_jaspar_background(glifac_motifs):
    pwms = np.stack([_widen(glifac_motifs["GATA1"], 19, 5), _widen(glifac_motifs["YY1"], 19, 2)])
    torch.set_num_threads(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no memelite small-database warning by default
        labels, table = match_filters(pwms, glifac_motifs, n_matches=None)
    # numba (memelite) must not leave torch with another thread count
    assert torch.get_num_threads() == 1
    assert labels == ["GATA1", "YY1"]
    # Background motifs never appear as matches: rows are the 12 given motifs per filter.
    assert set(table.motif) == set(glifac_motifs) and len(table) == 2 * len(glifac_motifs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, plain = match_filters(pwms, glifac_motifs, n_matches=None, background=None)
    # Same matches, differently calibrated p-values.
    assert not np.allclose(plain.sort_values(["filter", "motif"]).p_value,
                           table.sort_values(["filter", "motif"]).p_value)  # fmt: skip
    with pytest.raises(ValueError, match="background"):
        match_filters(pwms, glifac_motifs, background="hocomoco")
