"""Hand-checked cases for small public helpers that other tests only reach indirectly."""

import numpy as np
import pytest

from sklearn_glifac.metrics import filter_pair_scores
from sklearn_glifac.motifs import check_motifs, information_content, resolve_motifs
from sklearn_glifac.utils import check_chunk_size, check_int, check_n_threads


def test_information_content_is_two_bits_for_a_fixed_base_and_zero_for_uniform():
    pwm = np.array([[1.0, 0.25, 0.5], [0.0, 0.25, 0.5], [0.0, 0.25, 0.0], [0.0, 0.25, 0.0]])
    np.testing.assert_allclose(information_content(pwm), [2.0, 0.0, 1.0])


def test_check_motifs_normalises_columns_and_names_the_argument():
    out = check_motifs({"a": np.array([[2.0, 1], [0, 1], [0, 1], [0, 1]])})
    np.testing.assert_allclose(out["a"], [[1, 0.25], [0, 0.25], [0, 0.25], [0, 0.25]])
    with pytest.raises(ValueError, match="pool"):
        check_motifs({"a": np.ones((3, 2))}, argname="pool")
    assert list(resolve_motifs({"b": np.eye(4), "a": np.eye(4)})) == ["b", "a"]


def test_filter_pair_scores_keeps_the_entry_of_larger_magnitude_per_pair():
    W = np.array([[0.0, 1.0, -3.0], [2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    pairs = filter_pair_scores(W, ["A", "B", ""])
    assert list(zip(pairs["i"], pairs["j"])) == [(0, 1), (0, 2), (1, 2)]
    np.testing.assert_allclose(pairs["score"], [2.0, -3.0, 0.0])


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_integer_checks_name_the_argument(bad):
    with pytest.raises((TypeError, ValueError), match="width"):
        check_int(bad, name="width")
    with pytest.raises((TypeError, ValueError), match="chunk_size"):
        check_chunk_size(bad)


def test_integer_and_thread_checks_accept_what_they_document():
    assert check_int(3, name="k") == 3 and check_int(np.int64(3), name="k") == 3
    assert check_int(None, name="k", allow_none=True) is None
    assert check_int(0, name="k", low=0) == 0
    assert check_n_threads(None) is None and check_n_threads(2) == 2
    assert check_n_threads(-1) >= 1
    with pytest.raises((TypeError, ValueError), match="n_threads"):
        check_n_threads(0)


def test_annotating_one_network_against_two_databases_computes_the_pwms_once(monkeypatch):
    from sklearn_glifac.models import ArrayReadout
    from sklearn_glifac.motifs import _annotation, annotate_filters, clear_annotation_cache

    calls = []
    real = _annotation.filter_pwms
    monkeypatch.setattr(
        _annotation, "filter_pwms", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    X = np.eye(4, dtype=np.float32)[[0, 1, 2, 3, 0, 1]].T[None]  # ACGTAC
    act = np.zeros((1, 6, 1))
    act[0, 2, 0] = 1.0
    r = ArrayReadout(
        np.zeros((1, 2, 1)), np.full((1, 1, 2, 2), 0.5), X=X, activations=act, kernel_size=3
    )
    clear_annotation_cache()
    first = annotate_filters(r, {"CGT": np.eye(4)[:, [1, 2, 3]]}, qvalue_threshold=None)
    second = annotate_filters(r, {"AAA": np.eye(4)[:, [0, 0, 0]]}, qvalue_threshold=None)
    assert len(calls) == 1
    np.testing.assert_array_equal(first.pwms, second.pwms)
    assert first.labels == ["CGT"] and second.motif_names == ["AAA"]
    clear_annotation_cache()
    annotate_filters(r, {"AAA": np.eye(4)[:, [0, 0, 0]]}, qvalue_threshold=None)
    assert len(calls) == 2
