"""Hostile input files: one test per row of docs/user_guide/inputs.rst.

Each test checks the Python API (``io.read_fasta`` / ``load_dataset`` / ``load_model``) and the
command line (``train`` and/or ``interactions``): an accepted input must give the same encoding
as its clean twin; a rejected one must give one line on stderr naming the problem, exit status 2
and no traceback, before any network is trained or any extraction starts.
"""

import gzip
import json
import time

import numpy as np
import pandas as pd
import pytest
import torch

from sklearn_glifac import io
from sklearn_glifac.cli import main
from sklearn_glifac.models import ConvAttentionClassifier, load_model, save_model

from .conftest import random_onehot

SEQ_LEN = 40
TINY = ["--param", "module__n_filters=4", "--param", "module__dense_units=8",
        "--param", "module__n_heads=2", "--max-epochs", "1", "--threads", "1",
        "--preset", "cnn4-exp", "--quiet"]  # fmt: skip


def _seqs(n=12, length=SEQ_LEN, seed=0):
    return io.decode_onehot(random_onehot(n, length, seed=seed))


def _fasta(path, seqs, names=None, *, newline="\n", prefix=""):
    names = names or [f"s{i}" for i in range(len(seqs))]
    text = prefix + "".join(f">{n}{newline}{s}{newline}" for n, s in zip(names, seqs))
    path.write_bytes(text.encode("utf-8"))
    return path


def _labels(path, names, n_tasks=2, seed=0):
    y = np.random.default_rng(seed).integers(0, 2, (len(names), n_tasks))
    y[0], y[1] = 0, 1  # every task has both classes
    io.write_labels(path, names, y, [f"t{k}" for k in range(n_tasks)])
    return path


def _cli(argv, capsys):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_cli_error(argv, capsys, *fragments):
    code, _, err = _cli(argv, capsys)
    assert code == 2, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err, err
    return err


def _train_argv(fasta, labels, tmp_path, *extra):
    return ["train", "--fasta", fasta, "--labels", labels, "--output", tmp_path / "m.pt",
            *TINY, *extra]  # fmt: skip


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """A clean FASTA + labels pair and its encoding."""
    folder = tmp_path_factory.mktemp("clean")
    seqs = _seqs()
    names = [f"s{i}" for i in range(len(seqs))]
    fa = _fasta(folder / "clean.fa", seqs, names)
    lab = _labels(folder / "labels.tsv", names)
    return {"fasta": fa, "labels": lab, "seqs": seqs, "names": names,
            "X": io.encode_sequences(seqs)}  # fmt: skip


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """A tiny fitted model saved as .pt (seq_len 40)."""
    X = random_onehot(30, SEQ_LEN, seed=1)
    y = np.random.default_rng(1).integers(0, 2, (30, 2))
    clf = ConvAttentionClassifier("CNN4-Exp", module__n_filters=4, module__dense_units=8,
                                  module__n_heads=2, max_epochs=1, verbose=0, random_state=0,
                                  train_split=(X[:6], y[:6])).fit(X, y)  # fmt: skip
    path = tmp_path_factory.mktemp("model") / "model.pt"
    save_model(clf, path, preset="CNN4-Exp", target_names=["t0", "t1"])
    return path


def _accepted_like_clean(path, clean, tmp_path, capsys):
    names, seqs = io.read_fasta(path)
    assert names == clean["names"]
    np.testing.assert_array_equal(io.encode_sequences(seqs), clean["X"])
    data = io.load_dataset(fasta=path, labels=clean["labels"])
    np.testing.assert_array_equal(data.X, clean["X"])
    code, out, err = _cli(_train_argv(path, clean["labels"], tmp_path), capsys)
    assert code == 0, err
    assert "trained CNN4-Exp on 12 sequences x 2 tasks" in out  # --quiet keeps the summary


# ------------------------------------------------------------------------------ accepted as is
def test_lowercase_bases_are_accepted(clean, tmp_path, capsys):
    fa = _fasta(tmp_path / "soft.fa", [s.lower() for s in clean["seqs"]])
    _accepted_like_clean(fa, clean, tmp_path, capsys)


def test_crlf_line_endings_are_accepted(clean, tmp_path, capsys):
    fa = _fasta(tmp_path / "crlf.fa", clean["seqs"], newline="\r\n")
    _accepted_like_clean(fa, clean, tmp_path, capsys)


def test_gzip_fasta_is_accepted_whatever_its_name(clean, tmp_path, capsys):
    fa = tmp_path / "seqs.fa"  # gzip is recognised from the content, not the name
    fa.write_bytes(gzip.compress(clean["fasta"].read_bytes()))
    _accepted_like_clean(fa, clean, tmp_path, capsys)


def test_utf8_bom_is_accepted(clean, tmp_path, capsys):
    fa = _fasta(tmp_path / "bom.fa", clean["seqs"], prefix="\ufeff")
    _accepted_like_clean(fa, clean, tmp_path, capsys)


# ------------------------------------------------------------------------------ sequence content
def test_n_and_iupac_codes_error_by_default_and_encode_on_request(clean, tmp_path, capsys):
    seqs = list(clean["seqs"])
    seqs[3] = seqs[3][:7] + "N" + seqs[3][8:]
    seqs[5] = seqs[5][:2] + "r" + seqs[5][3:]
    fa = _fasta(tmp_path / "n.fa", seqs)
    with pytest.raises(io.InputError, match=r"record 's3' has 'N' at position 8"):
        io.read_fasta(fa)
    with pytest.raises(io.InputError, match=r"--unknown-bases zero"):
        io.load_dataset(fasta=fa, labels=clean["labels"])
    _assert_cli_error(_train_argv(fa, clean["labels"], tmp_path), capsys,
                      "record 's3' has 'N' at position 8", "--unknown-bases")  # fmt: skip
    zero = io.load_dataset(fasta=fa, labels=clean["labels"], unknown="zero").X
    uniform = io.load_dataset(fasta=fa, labels=clean["labels"], unknown="uniform").X
    assert zero[3, :, 7].tolist() == [0, 0, 0, 0] and zero[5, :, 2].tolist() == [0, 0, 0, 0]
    assert uniform[3, :, 7].tolist() == [0.25] * 4 and uniform[5, :, 2].tolist() == [0.25] * 4
    np.testing.assert_array_equal(zero[0], clean["X"][0])
    code, _, err = _cli(_train_argv(fa, clean["labels"], tmp_path, "--unknown-bases", "uniform"),
                        capsys)  # fmt: skip
    assert code == 0, err


def test_other_characters_are_an_error_even_with_an_encoding(clean, tmp_path, capsys):
    fa = _fasta(tmp_path / "gap.fa", ["AC-T" + s[4:] for s in clean["seqs"]])
    with pytest.raises(io.InputError, match=r"record 's0' has '-' at position 3"):
        io.read_fasta(fa, unknown="zero")
    _assert_cli_error(_train_argv(fa, clean["labels"], tmp_path, "--unknown-bases", "zero"),
                      capsys, "'-' at position 3")  # fmt: skip


def test_ragged_lengths_error_and_pad_or_trim_on_request(clean, tmp_path, capsys):
    seqs = list(clean["seqs"])
    seqs[4] = seqs[4][:30]
    seqs[7] = seqs[7] + "ACGTA"
    fa = _fasta(tmp_path / "ragged.fa", seqs)
    message = "'s0' has 40 nt and 's4' has 30 nt"
    with pytest.raises(io.InputError, match=message):
        io.read_fasta(fa)
    _assert_cli_error(_train_argv(fa, clean["labels"], tmp_path), capsys, message,
                      "--length-policy")  # fmt: skip
    padded = io.load_dataset(fasta=fa, labels=clean["labels"], length_policy="pad").X
    assert padded.shape == (12, 4, 45)
    assert padded[4, :, 30:].sum() == 0 and padded[0, :, 40:].sum() == 0  # 3' all-zero columns
    np.testing.assert_array_equal(padded[7, :, :40], clean["X"][7])
    trimmed = io.load_dataset(fasta=fa, labels=clean["labels"], length_policy="trim").X
    assert trimmed.shape == (12, 4, 30)
    np.testing.assert_array_equal(trimmed[0], clean["X"][0][:, :30])  # 5' end kept
    code, _, err = _cli(_train_argv(fa, clean["labels"], tmp_path, "--length-policy", "trim"),
                        capsys)  # fmt: skip
    assert code == 0, err


def test_empty_sequence_is_an_error(clean, tmp_path, capsys):
    seqs = list(clean["seqs"])
    seqs[2] = ""
    fa = _fasta(tmp_path / "empty.fa", seqs)
    with pytest.raises(io.InputError, match="record 's2' has an empty sequence"):
        io.read_fasta(fa)
    _assert_cli_error(_train_argv(fa, clean["labels"], tmp_path), capsys,
                      "record 's2' has an empty sequence")  # fmt: skip


def test_duplicate_ids_are_an_error(clean, tmp_path, capsys):
    names = list(clean["names"])
    names[6] = "s1"
    fa = _fasta(tmp_path / "dup.fa", clean["seqs"], names)
    with pytest.raises(io.InputError, match="duplicate record name 's1'"):
        io.read_fasta(fa)
    _assert_cli_error(_train_argv(fa, clean["labels"], tmp_path), capsys,
                      "duplicate record name 's1'")  # fmt: skip


def test_text_before_the_first_header_is_an_error(clean, tmp_path, capsys):
    fa = tmp_path / "notfasta.fa"
    fa.write_text("name\tsequence\ns0\tACGT\n")
    with pytest.raises(io.InputError, match="line 1 comes before the first FASTA header"):
        io.read_fasta(fa)
    _assert_cli_error(_train_argv(fa, clean["labels"], tmp_path), capsys, "is this a FASTA file")


# ------------------------------------------------------------------------------ long sequences
def test_five_megabase_single_line_is_parsed_linearly_and_stopped_before_the_network(
    clean, model, tmp_path, capsys
):
    big = "ACGT" * 1_250_000
    fa = _fasta(tmp_path / "big.fa", [big, big], ["chr1", "chr2"])
    lab = _labels(tmp_path / "big.tsv", ["chr1", "chr2"])
    start = time.perf_counter()
    names, seqs = io.read_fasta(fa)
    assert time.perf_counter() - start < 5  # a quadratic parser takes minutes
    assert names == ["chr1", "chr2"] and len(seqs[0]) == 5_000_000
    with pytest.raises(io.InputError, match="5,000,000 nt are longer than the maximum of 5,000"):
        io.load_dataset(fasta=fa, labels=lab)
    _assert_cli_error(["train", "--fasta", fa, "--labels", lab, "--output", tmp_path / "m.pt",
                       *TINY], capsys, "longer than the maximum", "--max-length")  # fmt: skip
    # interactions: the model's length is checked before the sequences are encoded
    with pytest.raises(io.InputError, match="'chr1' has 5000000 nt but the required length"):
        io.load_dataset(fasta=fa, require_labels=False, seq_len=SEQ_LEN, max_length=None)
    _assert_cli_error(["interactions", "--model", model, "--fasta", fa, "--output-dir",
                       tmp_path / "o", "--quiet"], capsys,
                      "'chr1' has 5000000 nt", "is 40 nt")  # fmt: skip


def test_model_length_mismatch_is_checked_before_extraction(model, tmp_path, capsys):
    fa = _fasta(tmp_path / "short.fa", _seqs(5, 30))
    _assert_cli_error(["interactions", "--model", model, "--fasta", fa, "--output-dir",
                       tmp_path / "o"], capsys, "'s0' has 30 nt", "is 40 nt")  # fmt: skip
    assert not (tmp_path / "o" / "filters.meme").exists()
    X = io.load_dataset(fasta=fa, require_labels=False, seq_len=SEQ_LEN, length_policy="pad").X
    assert X.shape == (5, 4, SEQ_LEN) and X[:, :, 30:].sum() == 0


# ------------------------------------------------------------------------------ labels
def test_labels_ids_not_matching_give_counts_and_examples(clean, tmp_path, capsys):
    lab = tmp_path / "other.tsv"
    io.write_labels(lab, [f"x{i}" for i in range(5)] + clean["names"][:10],
                     np.tile([0, 1], (15, 1)), ["t0", "t1"])  # fmt: skip
    fragments = ("2 sequence(s) have no label row ('s10', 's11')",
                 "5 label row(s) name no sequence ('x0', 'x1', 'x2', ...)")  # fmt: skip
    with pytest.raises(io.InputError) as exc:
        io.load_dataset(fasta=clean["fasta"], labels=lab)
    assert all(f in str(exc.value) for f in fragments)
    _assert_cli_error(_train_argv(clean["fasta"], lab, tmp_path), capsys, *fragments)


@pytest.mark.parametrize(
    "value, fragment",
    [("2", "task 't1' has '2'"), ("yes", "has 'yes'"), ("NA", "has 'NA'"),
     ("", "missing label: sequence 's3', task 't1' has an empty cell")],
)  # fmt: skip
def test_non_binary_or_missing_labels_are_an_error(clean, tmp_path, capsys, value, fragment):
    table = pd.read_csv(clean["labels"], sep="\t", dtype=str)
    table.loc[3, "t1"] = value
    lab = tmp_path / "bad.tsv"
    table.to_csv(lab, sep="\t", index=False)
    with pytest.raises(io.InputError, match=fragment):
        io.read_labels(lab, clean["names"])
    _assert_cli_error(_train_argv(clean["fasta"], lab, tmp_path), capsys, fragment)


def test_labels_without_header_are_an_error(clean, tmp_path, capsys):
    lab = tmp_path / "noheader.tsv"
    lab.write_text("".join(f"{n}\t1\t0\n" for n in clean["names"]))
    fragment = "first line looks like data, not a header: it starts with the sequence name 's0'"
    with pytest.raises(io.InputError, match=fragment):
        io.read_labels(lab, clean["names"])
    _assert_cli_error(_train_argv(clean["fasta"], lab, tmp_path), capsys, fragment)


def test_constant_task_column_is_an_error(clean, tmp_path, capsys):
    lab = tmp_path / "zero.tsv"
    y = np.zeros((12, 2), dtype=int)
    y[::2, 0] = 1
    io.write_labels(lab, clean["names"], y, ["good", "empty"])
    with pytest.raises(io.InputError, match=r"'empty' \(all 0\)"):
        io.load_dataset(fasta=clean["fasta"], labels=lab)
    _assert_cli_error(_train_argv(clean["fasta"], lab, tmp_path), capsys,
                      "1 task column(s) have a single label value: 'empty' (all 0)")  # fmt: skip
    npz = tmp_path / "zero.npz"
    io.save_npz(npz, clean["X"], y, target_names=["good", "empty"])
    _assert_cli_error(["train", "--data", npz, "--output", tmp_path / "m.pt", *TINY], capsys,
                      "'empty' (all 0)")  # fmt: skip


def test_one_sequence_only_is_an_error(clean, tmp_path, capsys):
    fa = _fasta(tmp_path / "one.fa", clean["seqs"][:1])
    lab = tmp_path / "one.tsv"
    lab.write_text("name\tt0\ns0\t1\n")
    _assert_cli_error(["train", "--fasta", fa, "--labels", lab, "--output", tmp_path / "m.pt",
                       *TINY], capsys,
                      "at least one training and one validation sequence: got 1")  # fmt: skip
    assert not (tmp_path / "m.pt").exists()


# ------------------------------------------------------------------------------ paths and files
def test_nonexistent_paths_are_an_error(clean, model, tmp_path, capsys):
    with pytest.raises(io.InputError, match="FASTA file '.*missing.fa' does not exist"):
        io.read_fasta(tmp_path / "missing.fa")
    with pytest.raises(io.InputError, match="model file '.*nope.pt' does not exist"):
        load_model(tmp_path / "nope.pt")
    _assert_cli_error(_train_argv(tmp_path / "missing.fa", clean["labels"], tmp_path), capsys,
                      "missing.fa' does not exist")  # fmt: skip
    _assert_cli_error(_train_argv(clean["fasta"], tmp_path / "missing.tsv", tmp_path), capsys,
                      "labels file", "missing.tsv' does not exist")  # fmt: skip
    _assert_cli_error(["interactions", "--model", tmp_path / "nope.pt", "--fasta",
                       clean["fasta"], "--output-dir", tmp_path / "o"], capsys,
                      "nope.pt' does not exist")  # fmt: skip


def test_unwritable_output_fails_before_any_work(clean, model, tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    fit_calls = []
    monkeypatch.setattr(ConvAttentionClassifier, "fit", lambda *a, **k: fit_calls.append(a))
    with pytest.raises(io.InputError, match="is not a folder"):
        io.check_writable(blocker / "model.pt")
    _assert_cli_error(["train", "--fasta", clean["fasta"], "--labels", clean["labels"],
                       "--output", blocker / "model.pt", *TINY], capsys,
                      "--output", "a_file")  # fmt: skip
    assert fit_calls == []  # failed before training
    _assert_cli_error(["interactions", "--model", model, "--fasta", clean["fasta"],
                       "--output-dir", blocker / "out"], capsys, "--output-dir")  # fmt: skip
    _assert_cli_error(["generate", "--output-dir", blocker / "gen", "--n-samples", "5"], capsys,
                      "--output-dir")  # fmt: skip
    _assert_cli_error(["train", "--data", clean["fasta"], "--output", tmp_path, *TINY], capsys,
                      "is a folder; give a file name")  # fmt: skip


def test_truncated_or_foreign_npz_is_an_error(clean, tmp_path, capsys):
    good = tmp_path / "good.npz"
    io.save_npz(good, clean["X"], np.tile([0, 1], (12, 1)))
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[:200])
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, weights=np.zeros(3))
    objects = tmp_path / "objects.npz"
    np.savez(objects, X=np.array([{"a": 1}], dtype=object))
    cases = [(truncated, "truncated or damaged .npz"), (foreign, "has no array 'X'"),
             (objects, "object (pickled) arrays, which are never loaded")]  # fmt: skip
    for path, fragment in cases:
        with pytest.raises(io.InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
            io.load_npz(path)
        _assert_cli_error(["train", "--data", path, "--output", tmp_path / "m.pt", *TINY],
                          capsys, fragment)  # fmt: skip


def test_fasta_passed_to_data_points_to_fasta(clean, model, tmp_path, capsys):
    with pytest.raises(io.InputError, match="looks like a FASTA file"):
        io.load_dataset(data=clean["fasta"])
    err = _assert_cli_error(["train", "--data", clean["fasta"], "--output", tmp_path / "m.pt",
                             *TINY], capsys, "looks like a FASTA file", "--fasta")  # fmt: skip
    assert "allow_pickle" not in err
    _assert_cli_error(["interactions", "--model", model, "--data", clean["fasta"],
                       "--output-dir", tmp_path / "o"], capsys, "--fasta")  # fmt: skip
    _assert_cli_error(["train", "--fasta", model, "--labels", clean["labels"], "--output",
                       tmp_path / "m.pt", *TINY], capsys, "zip archive", "--data")  # fmt: skip


# ------------------------------------------------------------------------------ model files
def test_model_file_holds_weights_and_json_not_data(model, tmp_path):
    blob = torch.load(model, weights_only=True)
    config = json.loads(blob["sklearn_glifac"])
    assert config["library_version"] == load_model(model)["library_version"]
    assert config["params"]["preset"] == "CNN4-Exp" and config["seq_len"] == SEQ_LEN
    assert config["params"]["module__n_filters"] == 4 and config["n_tasks"] == 2
    assert config["params"]["train_split"] is None  # the (X_valid, y_valid) tuple is not kept
    assert model.stat().st_size < 200_000
    payload = load_model(model)
    clf = payload["estimator"]
    X = random_onehot(3, SEQ_LEN, seed=5)
    assert clf.predict_proba(X).shape == (3, 2)
    assert payload["preset"] == "CNN4-Exp" and payload["target_names"] == ["t0", "t1"]


def test_truncated_foreign_pickled_or_other_version_model_is_an_error(
    model, clean, tmp_path, capsys
):
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(model.read_bytes()[:2000])
    foreign = tmp_path / "foreign.pt"
    torch.save({"weight": torch.zeros(3)}, foreign)
    text = tmp_path / "text.pt"
    text.write_text("hello")
    blob = torch.load(model, weights_only=True)
    config = json.loads(blob["sklearn_glifac"])
    config["library_version"] = "0.0.1"
    other = tmp_path / "other.pt"
    torch.save({**blob, "sklearn_glifac": json.dumps(config)}, other)
    pickled = tmp_path / "pickled.pkl"
    save_model(load_model(model)["estimator"], pickled, allow_pickle=True)
    cases = [(truncated, "truncated, damaged or foreign model file"),
             (foreign, "not a model written by sklearn-glifac"),
             (text, "not a model file written by sklearn-glifac"),
             (other, "written by sklearn-glifac 0.0.1"),
             (pickled, "--allow-pickle")]  # fmt: skip
    for path, fragment in cases:
        with pytest.raises(io.InputError, match=fragment):
            load_model(path)
        _assert_cli_error(["interactions", "--model", path, "--fasta", clean["fasta"],
                           "--output-dir", tmp_path / "o"], capsys, fragment)  # fmt: skip
    assert load_model(pickled, allow_pickle=True)["estimator"].seq_len_ == SEQ_LEN


def test_ground_truth_table_round_trips_and_bad_tables_are_errors(tmp_path):
    names = ["ELF1", "SIX3", "TAL1::TCF3"]
    truth = pd.DataFrame([[0, 1, 0], [1, 0, -1], [0, -1, 0]], index=names, columns=names)
    path = tmp_path / "truth.tsv"
    io.write_true_interactions(path, truth)
    assert path.read_text().splitlines()[0] == "\tELF1\tSIX3\tTAL1::TCF3"
    pd.testing.assert_frame_equal(io.read_true_interactions(path), truth)
    swapped = tmp_path / "swapped.tsv"
    truth[names[::-1]].to_csv(swapped, sep="\t")
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    cases = [(swapped, "square table with the same motif names"),
             (empty, "could not read a motif x motif TSV"),
             (tmp_path / "missing.tsv", "true-interactions file .* does not exist")]  # fmt: skip
    for bad, fragment in cases:
        with pytest.raises(io.InputError, match=fragment):
            io.read_true_interactions(bad)
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        io.write_true_interactions(path, truth.to_numpy())


def test_npz_labels_must_be_0_or_1(tmp_path):
    X = random_onehot(3, 8)
    path = tmp_path / "bad.npz"
    np.savez(path, X=X, y=np.array([[0, 1], [2, np.nan], [1, 1]]))
    with pytest.raises(io.InputError, match=r"row 1, task 0 has .*2\.0.* \(2 such value"):
        io.load_npz(path)
