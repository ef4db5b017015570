import numpy as np
import pytest

from sklearn_glifac.models import ArrayReadout
from sklearn_glifac.utils import check_labels, check_onehot, check_unit_interval, derive_seed

from .conftest import random_onehot


def test_check_onehot_accepts_valid_and_returns_float32():
    X = random_onehot(3, 10).astype(np.float64)
    out = check_onehot(X)
    assert out.dtype == np.float32 and out.shape == (3, 4, 10)
    np.testing.assert_array_equal(out, X)


@pytest.mark.parametrize(
    "X, match",
    [
        (np.zeros((4, 10)), "3-D"),
        (np.zeros((2, 5, 10)), "4 channels"),
        (np.zeros((0, 4, 10)), "empty"),
        (np.full((1, 4, 3), np.nan), "NaN"),
        (np.full((1, 4, 3), 0.25), "all values 0 or 1"),
        (np.zeros((1, 4, 3)), "exactly one 1"),
    ],
)
def test_check_onehot_errors_name_the_argument(X, match):
    with pytest.raises(ValueError, match=match) as exc:
        check_onehot(X, name="sequences")
    assert "sequences" in str(exc.value)


def test_check_onehot_allow_unknown_takes_encoded_n_only():
    X = np.zeros((1, 4, 3), dtype=np.float32)
    X[0, 0, 0] = 1  # A, then an all-zero N, then a uniform N
    X[0, :, 2] = 0.25
    np.testing.assert_array_equal(check_onehot(X, allow_unknown=True), X)
    X[0, :, 2] = [0.5, 0.5, 0, 0]
    with pytest.raises(ValueError, match="1 position"):
        check_onehot(X, name="X", allow_unknown=True)


def test_check_onehot_min_length_and_dtype():
    with pytest.raises(ValueError, match="too short"):
        check_onehot(random_onehot(1, 5), min_length=19)
    with pytest.raises(TypeError, match="numeric"):
        check_onehot(np.array([[["A"] * 3] * 4]))


def test_check_labels():
    y = check_labels([0, 1, 1], n_samples=3)
    assert y.shape == (3, 1) and y.dtype == np.float32
    with pytest.raises(ValueError, match="rows"):
        check_labels(np.zeros((2, 3)), n_samples=3)
    with pytest.raises(ValueError, match="binary"):
        check_labels(np.array([[0, 2]]), n_samples=1)


def test_check_unit_interval():
    assert check_unit_interval(0.5, name="alpha") == 0.5
    with pytest.raises(ValueError, match="threshold"):
        check_unit_interval(1.5, name="threshold")
    with pytest.raises(ValueError, match="alpha"):
        check_unit_interval(0.0, name="alpha", closed_left=False)
    with pytest.raises(TypeError, match="alpha"):
        check_unit_interval("0.1", name="alpha")


def test_derive_seed_draws_one_int32_from_the_random_state():
    top = np.iinfo(np.int32).max
    assert derive_seed(0) == np.random.RandomState(0).randint(top)
    assert derive_seed(0) == derive_seed(0)  # an int seed: the same each call
    rng, ref = np.random.RandomState(5), np.random.RandomState(5)
    assert [derive_seed(rng), derive_seed(rng)] == [ref.randint(top), ref.randint(top)]
    assert isinstance(derive_seed(None), int) and 0 <= derive_seed(None) < top
    with pytest.raises(ValueError, match="seed"):
        derive_seed("a")


def test_array_readout_batches_cover_all_rows():
    rng = np.random.default_rng(0)
    feats = rng.random((7, 5, 3))
    att = rng.random((7, 2, 5, 5))
    r = ArrayReadout(feats, att, batch_size=3)
    batches = list(r)
    assert [len(b.indices) for b in batches] == [3, 3, 1]
    np.testing.assert_allclose(np.concatenate([b.features for b in batches]), feats, rtol=1e-6)
    np.testing.assert_allclose(np.concatenate([b.attention for b in batches]), att, rtol=1e-6)
    assert len(r) == 7 and r.n_heads == 2 and r.pooled_len == 5 and r.n_filters == 3


def test_array_readout_errors():
    with pytest.raises(ValueError, match="features"):
        ArrayReadout(np.zeros((2, 3)), np.zeros((2, 1, 3, 3)))
    with pytest.raises(ValueError, match="attention"):
        ArrayReadout(np.zeros((2, 3, 1)), np.zeros((2, 1, 3, 4)))
    with pytest.raises(ValueError, match="disagree"):
        ArrayReadout(np.zeros((2, 3, 1)), np.zeros((3, 1, 3, 3)))
    with pytest.raises(NotImplementedError, match="shuffled"):
        ArrayReadout(np.zeros((2, 3, 1)), np.zeros((2, 1, 3, 3))).with_sequences(None)


def test_check_columns_names_what_is_missing_and_accepts_optional_columns():
    import pandas as pd

    from sklearn_glifac.utils import check_columns

    table = pd.DataFrame({"a": [1], "b": [2]})
    assert check_columns(table, ["a", "c"], optional=["c"]) is table
    with pytest.raises(ValueError, match=r"results is missing columns \['c', 'd'\]"):
        check_columns(table, ["a", "c", "d"], name="results")
    with pytest.raises(TypeError, match="paper must be a pandas DataFrame, got dict"):
        check_columns({"a": [1]}, ["a"], name="paper")
