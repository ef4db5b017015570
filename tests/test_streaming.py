"""Large inputs stream: sequences on disk (OneHotStore), chunked read-outs, chunked == in memory.

``load_dataset(stream=True)`` and ``sklearn-glifac interactions`` encode the sequences chunk by
chunk into a file of one byte per base; the read-outs then run the network one chunk at a time.
These tests check that the stored sequences equal the in-memory encoding, that every input error
is the same as without streaming, and that the interaction statistics accumulated over chunks
equal the in-memory computation (to float rounding; bitwise for the same chunk size).
"""

import gzip
import pickle

import numpy as np
import pandas as pd
import pytest

from sklearn_glifac import io
from sklearn_glifac.cli import main
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.models import ConvAttentionClassifier, NetReadout, load_model, save_model
from sklearn_glifac.motifs import filter_pwms
from sklearn_glifac.utils import OneHotStore, check_onehot

from .conftest import random_onehot

SEQ_LEN = 40


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """A tiny fitted model saved as .pt (seq_len 40, 4 filters, 2 heads)."""
    X = random_onehot(40, SEQ_LEN, seed=1)
    y = np.random.default_rng(1).integers(0, 2, (40, 2))
    y[0], y[1] = 0, 1
    clf = ConvAttentionClassifier("CNN4-Exp", module__n_filters=4, module__dense_units=8,
                                  module__n_heads=2, max_epochs=1, verbose=0, random_state=0,
                                  train_split=None).fit(X, y)  # fmt: skip
    path = tmp_path_factory.mktemp("model") / "model.pt"
    save_model(clf, path, preset="CNN4-Exp", target_names=["t0", "t1"])
    return path


@pytest.fixture(scope="module")
def seqs():
    """23 sequences (not a multiple of the chunk sizes), one with N bases."""
    s = io.decode_onehot(random_onehot(23, SEQ_LEN, seed=2))
    s[5] = s[5][:10] + "NN" + s[5][12:]
    return s


def _fasta(path, seqs, *, gz=False):
    text = "".join(f">s{i}\n{s}\n" for i, s in enumerate(seqs)).encode()
    path.write_bytes(gzip.compress(text) if gz else text)
    return path


# ------------------------------------------------------------------------------ the store
def test_store_reads_back_the_array_it_was_given(tmp_path):
    X = random_onehot(11, 30, seed=0)
    X[2, :, 5] = 0  # unknown base, all-zero
    X[3, :, 6] = 0.25  # unknown base, uniform
    store = OneHotStore.from_array(X, chunk_size=4, directory=tmp_path)
    assert store.shape == (11, 4, 30) and len(store) == 11 and store.n_unknown == 2
    np.testing.assert_array_equal(store[:], X)
    np.testing.assert_array_equal(store[3:9], X[3:9])
    np.testing.assert_array_equal(store[np.arange(4, 9)], X[4:9])
    np.testing.assert_array_equal(store[-1], X[-1])
    np.testing.assert_array_equal(np.asarray(store), X)
    assert check_onehot(store, allow_unknown=True) is store
    with pytest.raises(ValueError, match="2 position"):
        check_onehot(store)  # unknown bases are refused where one-hot is required
    with pytest.raises(IndexError, match="step 1"):
        store[::2]
    copy = pickle.loads(pickle.dumps(store))  # a copy reads the same file, never deletes it
    np.testing.assert_array_equal(copy[:2], X[:2])
    del copy
    path = store.path
    store.close()
    assert not (tmp_path / path).exists()


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError),
                                        (True, TypeError)])  # fmt: skip
def test_non_positive_chunk_size_is_an_error_naming_it(seqs, tmp_path, bad, error, capsys):
    fa = _fasta(tmp_path / "s.fa", seqs)
    with pytest.raises(error, match="chunk_size must be a positive integer"):
        io.load_dataset(fasta=fa, require_labels=False, stream=True, chunk_size=bad,
                         unknown="zero")  # fmt: skip
    with pytest.raises(error, match="chunk_size must be a positive integer"):
        OneHotStore.from_array(random_onehot(2, 5), chunk_size=bad)
    with pytest.raises(SystemExit):
        main(["interactions", "--model", "m.pt", "--fasta", str(fa), "--output-dir",
              str(tmp_path / "o"), "--chunk-size", str(bad)])  # fmt: skip
    assert "--chunk-size: expected a positive integer" in capsys.readouterr().err


# ------------------------------------------------------------------------------ streamed loading
@pytest.mark.parametrize("unknown", ["zero", "uniform"])
@pytest.mark.parametrize("chunk_size", [1, 4, 100])
def test_streamed_fasta_equals_the_in_memory_encoding(seqs, tmp_path, unknown, chunk_size):
    fa = _fasta(tmp_path / "s.fa.gz", seqs, gz=True)
    mem = io.load_dataset(fasta=fa, require_labels=False, unknown=unknown)
    streamed = io.load_dataset(fasta=fa, require_labels=False, unknown=unknown, stream=True,
                                chunk_size=chunk_size, directory=tmp_path)  # fmt: skip
    assert isinstance(streamed.X, OneHotStore) and streamed.names == mem.names
    np.testing.assert_array_equal(streamed.X[:], mem.X)


@pytest.mark.parametrize("policy", ["pad", "trim"])
def test_streamed_length_policies_equal_the_in_memory_ones(seqs, tmp_path, policy):
    ragged = [s[: 30 + i % 7] for i, s in enumerate(seqs)]
    fa = _fasta(tmp_path / "r.fa", ragged)
    for seq_len in (None, 30 if policy == "trim" else 36):
        kw = dict(require_labels=False, unknown="zero", length_policy=policy, seq_len=seq_len)
        mem = io.load_dataset(fasta=fa, **kw).X
        streamed = io.load_dataset(fasta=fa, stream=True, chunk_size=5, **kw).X
        np.testing.assert_array_equal(streamed[:], mem)


def test_streamed_npz_equals_load_npz(tmp_path):
    X = random_onehot(17, SEQ_LEN, seed=3)
    X[4, :, 2] = 0.25
    path = tmp_path / "d.npz"
    y = np.arange(34).reshape(17, 2) % 3 % 2
    np.savez_compressed(path, X=X, y=y, names=[f"r{i}" for i in range(17)])
    mem = io.load_dataset(data=path)
    streamed = io.load_dataset(data=path, stream=True, chunk_size=5, directory=tmp_path)
    np.testing.assert_array_equal(streamed.X[:], mem.X)
    np.testing.assert_array_equal(streamed.y, mem.y)
    assert streamed.names == mem.names
    padded = io.load_dataset(data=path, stream=True, chunk_size=5, seq_len=45,
                              length_policy="pad", require_labels=False).X  # fmt: skip
    np.testing.assert_array_equal(padded[:, :, :SEQ_LEN], X)
    assert padded[:, :, SEQ_LEN:].sum() == 0


def test_streamed_loading_gives_the_same_errors(seqs, tmp_path):
    short = _fasta(tmp_path / "short.fa", [s[:30] if i == 7 else s for i, s in enumerate(seqs)])
    kw = dict(require_labels=False, unknown="zero", seq_len=SEQ_LEN)
    for stream in (False, True):
        with pytest.raises(io.InputError, match="'s7' has 30 nt but the required length"):
            io.load_dataset(fasta=short, stream=stream, **kw)
        with pytest.raises(io.InputError, match="'s5' has 'N' at position 11"):
            io.load_dataset(fasta=_fasta(tmp_path / "n.fa", seqs), stream=stream,
                             require_labels=False)  # fmt: skip
        with pytest.raises(io.InputError, match=r"'s0' has 40 nt > 35 nt \(23 such record"):
            io.load_dataset(fasta=_fasta(tmp_path / "a.fa", seqs), stream=stream,
                             length_policy="pad", **{**kw, "seq_len": 35})  # fmt: skip
    good = tmp_path / "good.npz"
    io.save_npz(good, random_onehot(300, SEQ_LEN, seed=4))
    truncated = tmp_path / "truncated.npz"
    np.savez(truncated, X=random_onehot(300, SEQ_LEN, seed=4).astype(np.uint8))
    truncated.write_bytes(truncated.read_bytes()[:20_000])
    with pytest.raises(io.InputError, match="truncated"):
        io.load_dataset(data=truncated, stream=True, require_labels=False)
    bad = tmp_path / "bad.npz"
    Xbad = random_onehot(30, SEQ_LEN, seed=4)
    Xbad[25, :, 3] = 0.5
    np.savez(bad, X=Xbad)
    with pytest.raises(io.InputError, match=r"X \(sequences 20-29\).*1 position"):
        io.load_dataset(data=bad, stream=True, chunk_size=10, require_labels=False)
    assert not list(tmp_path.glob("*.codes"))  # a failed encoding leaves no temporary file


# ------------------------------------------------------------------------ chunked == in memory
def test_interactions_over_chunks_equal_the_in_memory_computation(model, seqs, tmp_path):
    clf = load_model(model)["estimator"]
    fa = _fasta(tmp_path / "s.fa", seqs)
    X = io.load_dataset(fasta=fa, require_labels=False, unknown="zero").X
    store = io.load_dataset(fasta=fa, require_labels=False, unknown="zero", stream=True,
                             chunk_size=4).X  # fmt: skip
    in_memory = NetReadout(clf, X, batch_size=len(X))  # one batch: nothing chunked
    chunked = NetReadout(clf, store, batch_size=4)
    for make in (lambda: GLIFACInteractions(0.05, random_state=0),
                 lambda: LocalAttentionInteractions(0.05)):  # fmt: skip
        W_mem = make().fit(in_memory).filter_interactions_
        W_chunk = make().fit(chunked).filter_interactions_
        assert np.abs(W_mem).sum() > 0  # something was attended
        np.testing.assert_allclose(W_chunk, W_mem, rtol=1e-9, atol=1e-12)
    pwm_mem, n_mem = filter_pwms(in_memory)
    pwm_chunk, n_chunk = filter_pwms(chunked)
    np.testing.assert_array_equal(n_chunk, n_mem)
    np.testing.assert_allclose(pwm_chunk, pwm_mem, rtol=1e-12)


def _interactions(model, fasta, out, *extra):
    code = main(["interactions", "--model", str(model), "--fasta", str(fasta), "--output-dir",
                 str(out), "--threshold", "0.05", "--unknown-bases", "zero", "--quiet",
                 "--threads", "1", *extra])  # fmt: skip
    assert code == 0
    return {m: (out / f"filter_interactions_{m}.csv").read_bytes() for m in ("local", "glifac")}


def test_cli_with_small_chunks_gives_the_same_csv(model, seqs, tmp_path, capsys):
    fa = _fasta(tmp_path / "s.fa", seqs)
    default = _interactions(model, fa, tmp_path / "default")
    chunk3 = _interactions(model, fa, tmp_path / "chunk3", "--chunk-size", "3")
    again = _interactions(model, fa, tmp_path / "again", "--chunk-size", "3")
    assert chunk3 == again  # same seed and chunk size: identical files
    for method in ("local", "glifac"):
        a = pd.read_csv(tmp_path / "default" / f"filter_interactions_{method}.csv", index_col=0)
        b = pd.read_csv(tmp_path / "chunk3" / f"filter_interactions_{method}.csv", index_col=0)
        assert np.abs(a.to_numpy()).sum() > 0
        np.testing.assert_allclose(b.to_numpy(), a.to_numpy(), rtol=1e-9, atol=1e-12)
    assert default["local"] == chunk3["local"]  # integer counts: exact whatever the chunks
    # the Python API on the in-memory array with the same batches writes the same bytes
    from sklearn_glifac.experiments import extract_interactions

    clf = load_model(model)["estimator"].set_params(batch_size=3)
    X = io.load_dataset(fasta=fa, require_labels=False, unknown="zero").X
    extract_interactions(clf, X, tmp_path / "api", threshold=0.05, verbose=False)
    for method in ("local", "glifac"):
        assert (tmp_path / "api" / f"filter_interactions_{method}.csv").read_bytes() == chunk3[
            method
        ]
    assert not list((tmp_path / "chunk3").glob("*.codes"))  # the temporary file is removed
    capsys.readouterr()
