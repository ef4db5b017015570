"""Command line and file I/O: every subcommand at tiny size, and the error paths."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sklearn_glifac import io
from sklearn_glifac.cli import build_parser, main
from sklearn_glifac.models import load_model

from .conftest import random_onehot

TINY_NET = [
    "--param", "module__n_filters=4",
    "--param", "module__dense_units=8",
    "--param", "module__n_heads=2",
    "--max-epochs", "1",
    "--threads", "1",
]  # fmt: skip


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    assert main(["generate", "--output-dir", str(out), "--n-samples", "80", "--seq-len", "200",
                 "--random-state", "3", "--quiet"]) == 0  # fmt: skip
    return out


@pytest.fixture(scope="module")
def model_path(generated, tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "model.pt"
    code = main(["train", "--fasta", str(generated / "sequences.fa"), "--labels",
                 str(generated / "labels.tsv"), "--preset", "CNN4-Exp", "--output", str(path),
                 "--quiet", *TINY_NET])  # fmt: skip
    assert code == 0
    return path


def _run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ------------------------------------------------------------------------------------ --help
@pytest.mark.parametrize("command", [[], ["demo"], ["generate"], ["train"], ["interactions"]])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "usage: sklearn-glifac" in out
    if command:
        assert command[0] in out


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "sklearn_glifac", "--help"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0
    for command in ("demo", "generate", "train", "interactions"):
        assert command in proc.stdout


def test_parser_lists_all_subcommands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert set(sub.choices) == {"demo", "reproduce", "generate", "train", "interactions"}


# ------------------------------------------------------------------------------------ generate
def test_generate_writes_consistent_formats(generated):
    names = {p.name for p in generated.iterdir()}
    assert {"data.npz", "sequences.fa", "labels.tsv", "true_interactions.tsv", "sites.tsv",
            "motifs.meme"} <= names  # fmt: skip
    data = io.load_npz(generated / "data.npz")
    assert data.X.shape == (80, 4, 200) and data.y.shape == (80, 12)
    fasta_names, seqs = io.read_fasta(generated / "sequences.fa")
    np.testing.assert_array_equal(io.encode_sequences(seqs), data.X)
    y, tasks = io.read_labels(generated / "labels.tsv", fasta_names)
    np.testing.assert_array_equal(y, data.y)
    assert tasks == data.target_names
    assert data.true_interactions.loc["ELF1", "SIX3"] == 1
    assert data.true_interactions.loc["IRF1", "SPI1"] == -1
    truth = pd.read_csv(generated / "true_interactions.tsv", sep="\t", index_col=0)
    np.testing.assert_array_equal(truth.to_numpy(), data.true_interactions.to_numpy())


def test_generate_is_deterministic(tmp_path, generated):
    main(["generate", "--output-dir", str(tmp_path), "--n-samples", "80", "--seq-len", "200",
          "--random-state", "3", "--quiet"])  # fmt: skip
    a, b = io.load_npz(tmp_path / "data.npz"), io.load_npz(generated / "data.npz")
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)


# ------------------------------------------------------------------------------------ train
def test_train_from_fasta_saves_a_usable_model(model_path, generated):
    payload = load_model(model_path)
    clf = payload["estimator"]
    assert payload["preset"] == "CNN4-Exp"
    assert len(payload["target_names"]) == 12
    data = io.load_npz(generated / "data.npz")
    assert clf.predict_proba(data.X[:5]).shape == (5, 12)
    assert clf.module_.conv.out_channels == 4  # --param reached the network


def test_train_from_npz(generated, tmp_path, capsys):
    out = tmp_path / "m.pkl"
    code, stdout, _ = _run(["train", "--data", str(generated / "data.npz"), "--preset",
                            "CNN20-ReLU", "--output", str(out), *TINY_NET], capsys)  # fmt: skip
    assert code == 0 and out.exists()
    assert "trained CNN20-ReLU on 80 sequences x 12 tasks" in stdout


# ------------------------------------------------------------------------------------ interactions
def test_interactions_with_motifs_and_ground_truth(model_path, generated, tmp_path, capsys):
    out = tmp_path / "inter"
    code, stdout, err = _run(["interactions", "--model", str(model_path), "--data",
                              str(generated / "data.npz"), "--motifs",
                              str(generated / "motifs.meme"), "--output-dir", str(out),
                              "--quiet"], capsys)  # fmt: skip
    assert code == 0, err
    for name in ("filter_interactions_local.csv", "filter_interactions_glifac.csv",
                 "filter_pairs_local.tsv", "filter_pairs_glifac.tsv",
                 "motif_interactions_glifac.csv", "filters.meme", "tomtom.csv",
                 "figures/interaction_maps.png", "figures/filter_logos.png"):  # fmt: skip
        assert (out / name).exists(), name
    W = pd.read_csv(out / "filter_interactions_glifac.csv", index_col=0)
    assert W.shape == (4, 4)
    motif_W = pd.read_csv(out / "motif_interactions_glifac.csv", index_col=0)
    assert list(motif_W.index) == list(motif_W.columns) and len(motif_W) == 12


def test_interactions_from_fasta_single_method(model_path, generated, tmp_path, capsys):
    out = tmp_path / "inter"
    code, stdout, err = _run(["interactions", "--model", str(model_path), "--fasta",
                              str(generated / "sequences.fa"), "--method", "local",
                              "--threshold", "0.05", "--output-dir", str(out)], capsys)  # fmt: skip
    assert code == 0, err
    assert (out / "filter_interactions_local.csv").exists()
    assert not (out / "filter_interactions_glifac.csv").exists()
    assert "local:" in stdout and "filter pairs called at q < 0.05" in stdout


def test_interactions_quiet_still_prints_the_summary(model_path, generated, tmp_path, capsys):
    code, stdout, err = _run(["interactions", "--model", str(model_path), "--data",
                              str(generated / "data.npz"), "--method", "local", "--output-dir",
                              str(tmp_path / "o"), "--quiet"], capsys)  # fmt: skip
    assert code == 0, err
    assert "filter pairs called at q < 0.05" in stdout and "wrote results to" in stdout


def test_true_interactions_without_motifs_is_an_error(model_path, generated, tmp_path, capsys):
    code, _, err = _run(["interactions", "--model", str(model_path), "--data",
                         str(generated / "data.npz"), "--true-interactions",
                         str(generated / "true_interactions.tsv"), "--output-dir",
                         str(tmp_path / "o")], capsys)  # fmt: skip
    assert code == 2 and "--true-interactions needs --motifs" in err
    assert not (tmp_path / "o" / "filters.meme").exists()


def _renamed_meme(generated, path, rename):
    text = (generated / "motifs.meme").read_text()
    for old, new in rename.items():
        text = text.replace(f"MOTIF {old}\n", f"MOTIF {new}\n")
    path.write_text(text)
    return path


def test_truth_names_match_jaspar_style_motif_names(model_path, generated, tmp_path, capsys):
    # JASPAR spellings: mouse case, a dimer, a version suffix, a MEME "id name" line.
    rename = {"SPI1": "Spi1", "TAL1": "TAL1::TCF3", "ELF1": "ELF1_MA0473.4",
              "IRF1": "MA0050.3 IRF1"}  # fmt: skip
    meme = _renamed_meme(generated, tmp_path / "jaspar_like.meme", rename)
    out = tmp_path / "o"
    code, stdout, err = _run(["interactions", "--model", str(model_path), "--data",
                              str(generated / "data.npz"), "--motifs", str(meme), "--method",
                              "local", "--output-dir", str(out), "--quiet"], capsys)  # fmt: skip
    assert code == 0, err
    motif_W = pd.read_csv(out / "motif_interactions_local.csv", index_col=0)
    assert {"Spi1", "TAL1::TCF3", "ELF1_MA0473.4", "MA0050.3 IRF1"} <= set(motif_W.index)
    assert "AUROC" in stdout  # scored, not skipped


def test_truth_name_matching_no_motif_is_an_error(model_path, generated, tmp_path, capsys):
    meme = _renamed_meme(generated, tmp_path / "m.meme", {"SIX3": "OTX2", "FOXN3": "SOX2"})
    out = tmp_path / "o"
    code, _, err = _run(["interactions", "--model", str(model_path), "--data",
                         str(generated / "data.npz"), "--motifs", str(meme), "--true-interactions",
                         str(generated / "true_interactions.tsv"), "--output-dir", str(out)],
                        capsys)  # fmt: skip
    assert code == 2 and "2 of 12 ground-truth motif(s) match no motif" in err
    assert "SIX3" in err and "FOXN3" in err
    assert not (out / "filters.meme").exists()  # failed before extraction


def test_match_motif_names_rules():
    from sklearn_glifac.motifs import match_motif_names

    found = match_motif_names(["irf1", "TAL1", "CTCF", "SPIB"],
                              ["IRF1", "TAL1::TCF3", "CTCF_MA1929.2", "CTCFL", "Spi1"])  # fmt: skip
    assert found == {"irf1": ["IRF1"], "TAL1": ["TAL1::TCF3"], "CTCF": ["CTCF_MA1929.2"],
                     "SPIB": []}  # fmt: skip


# ------------------------------------------------------------------------------------ errors
def _write(path, text):
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "fasta, match",
    [
        (">a\nACGTN\n>b\nACGTA\n", "record 'a' has 'N' at position 5"),
        (">a\nACGTA\n>b\nACGT\n", "same length"),
        (">a\nACGTA\n>a\nACGTA\n", "duplicate record name 'a'"),
        ("ACGT\n", "before the first FASTA header"),
        ("", "no FASTA records"),
        (">a\nAC-TA\n", "only A, C, G, T (either case) and IUPAC codes"),
        (">a\n\n>b\nACGT\n", "empty sequence"),
    ],
)
def test_train_rejects_bad_fasta(tmp_path, capsys, fasta, match):
    fa = _write(tmp_path / "x.fa", fasta)
    labels = _write(tmp_path / "y.tsv", "name\ttask\na\t1\nb\t0\n")
    code, _, err = _run(["train", "--fasta", str(fa), "--labels", str(labels), "--output",
                         str(tmp_path / "m.pkl")], capsys)  # fmt: skip
    assert code == 2
    assert match in err
    assert "Traceback" not in err
    assert err.startswith("sklearn-glifac train: error:")


@pytest.mark.parametrize(
    "labels, match",
    [
        ("name\ttask\na\t1\n", "1 sequence(s) have no label row ('b')"),
        ("name\ttask\na\t1\nb\t0\nc\t1\n", "1 label row(s) name no sequence ('c')"),
        ("name\ttask\na\t1\nb\t2\n", "sequence 'b', task 'task' has '2'"),
        ("name\ttask\na\t1\nb\tyes\n", "must be 0 or 1"),
        ("name\na\nb\n", "at least one task column"),
        ("name\ttask\na\t1\na\t0\nb\t1\n", "more than one label row"),
    ],
)
def test_train_rejects_labels_not_matching(tmp_path, capsys, labels, match):
    fa = _write(tmp_path / "x.fa", ">a\nACGTACGTAC\n>b\nTTGTACGTAC\n")
    lab = _write(tmp_path / "y.tsv", labels)
    code, _, err = _run(["train", "--fasta", str(fa), "--labels", str(lab), "--output",
                         str(tmp_path / "m.pkl")], capsys)  # fmt: skip
    assert code == 2
    assert match in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv, match",
    [
        (["train", "--fasta", "missing.fa", "--labels", "x.tsv", "--output", "m.pkl"],
         "FASTA file 'missing.fa' does not exist"),
        (["train", "--data", "missing.npz", "--output", "m.pkl"], "does not exist"),
        (["interactions", "--model", "missing.pt", "--data", "d.npz", "--output-dir", "o"],
         "model file 'missing.pt' does not exist"),
    ],
)  # fmt: skip
def test_missing_files(argv, match, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(argv, capsys)
    assert code == 2 and match in err and "Traceback" not in err


def test_train_needs_labels_and_valid_preset(tmp_path, capsys, generated):
    fa = str(generated / "sequences.fa")
    code, _, err = _run(["train", "--fasta", fa, "--output", str(tmp_path / "m.pt")], capsys)
    assert code == 2 and "--fasta needs --labels" in err
    with pytest.raises(SystemExit) as exc:
        main(["train", "--data", str(generated / "data.npz"), "--preset", "CNN7",
              "--output", "m.pt"])  # fmt: skip
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'CNN7'" in err and "CNN20-Exp" in err


def test_preset_is_case_insensitive_and_help_lists_choices(capsys):
    args = build_parser().parse_args(["train", "--data", "d.npz", "--output", "m.pt",
                                      "--preset", "cnn20-relu"])  # fmt: skip
    assert args.preset == "CNN20-ReLU"
    args = build_parser().parse_args(["demo", "--presets", "satori", "Cnn4-Exp-Norm"])
    assert args.presets == ["SATORI", "CNN4-Exp-Norm"]
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = capsys.readouterr().out
    assert "case-insensitive" in out and "CNN4-ReLU-Norm" in out and "SATORI" in out


def test_interactions_rejects_non_model_file(tmp_path, capsys, generated):
    bad = _write(tmp_path / "bad.pt", "not a model")
    code, _, err = _run(["interactions", "--model", str(bad), "--data",
                         str(generated / "data.npz"), "--output-dir", str(tmp_path)],
                        capsys)  # fmt: skip
    assert code == 2 and "not a model file" in err


def test_interactions_rejects_wrong_sequence_length(model_path, tmp_path, capsys):
    data = tmp_path / "short.npz"
    io.save_npz(data, random_onehot(5, 30))
    code, _, err = _run(["interactions", "--model", str(model_path), "--data", str(data),
                         "--output-dir", str(tmp_path / "o")], capsys)  # fmt: skip
    assert code == 2 and "have 30 nt" in err and "is 200 nt" in err and "Traceback" not in err


def test_interactions_background_is_read_like_the_sequences(
    model_path, generated, tmp_path, capsys
):
    args = ["interactions", "--model", str(model_path), "--data", str(generated / "data.npz"),
            "--method", "local", "--quiet"]  # fmt: skip
    code, _, err = _run([*args, "--background", str(generated / "sequences.fa"),
                         "--output-dir", str(tmp_path / "o")], capsys)  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "o" / "filter_interactions_local.csv").exists()
    short = _write(tmp_path / "short.fa", ">a\nacgtN\n>b\nACGTA\n")  # the model's length: 200
    code, _, err = _run([*args, "--background", str(short), "--unknown-bases", "zero",
                         "--output-dir", str(tmp_path / "o2")], capsys)  # fmt: skip
    assert code == 2 and "5 nt" in err and "200 nt" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["interactions", "--model", "m", "--data", "d", "--output-dir", "o", "--threshold", "2"],
        ["demo", "--n-samples", "0"],
        ["demo", "--param", "no_equals_sign"],
        ["train", "--output", "m.pkl"],  # neither --fasta nor --data
    ],
)
def test_argument_errors_exit_2_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_debug_shows_traceback(tmp_path):
    fa = _write(tmp_path / "x.fa", ">a\nACGTN\n")
    with pytest.raises(io.InputError, match="ambiguous"):
        main(["train", "--fasta", str(fa), "--labels", str(fa), "--output", "m", "--debug"])


# ------------------------------------------------------------------------------------ demo
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:No position pair")
def test_demo_tiny_writes_table_figures_and_report(tmp_path, capsys):
    out = tmp_path / "demo"
    code, stdout, err = _run(["demo", "--output-dir", str(out), "--n-samples", "300",
                              "--seq-len", "200", "--presets", "CNN20-Exp", "CNN4-ReLU",
                              *TINY_NET], capsys)  # fmt: skip
    assert code == 0, err
    scores = pd.read_csv(out / "scores.csv")
    assert list(scores.model) == ["CNN20-Exp", "CNN4-ReLU"]
    for col in (
        "classification_aupr",
        "local_tpr",
        "local_ppv",
        "local_auroc",
        "local_aupr",
        "local_snr",
        "glifac_auroc",
        "glifac_aupr",
        "glifac_snr",
        "null_cutoff",
        "jaspar_random_hits",
    ):
        assert col in scores.columns
    assert scores.classification_aupr.between(0, 1).all()
    timings = pd.read_csv(out / "timings.csv")
    assert (timings[["time_train", "time_local", "time_glifac"]] >= 0).all().all()
    sweep = pd.read_csv(out / "threshold_sensitivity.csv")
    np.testing.assert_allclose(sorted(set(sweep.threshold)), np.round(np.arange(0, 1, 0.1), 1))
    for name in ("scores.md", "report.md", "report.html", "figures/attention_distributions.png",
                 "figures/threshold_sensitivity.png", "figures/interaction_maps_CNN20-Exp.png",
                 "figures/filter_logos_CNN4-ReLU.png", "filters/CNN20-Exp_seed0.meme",
                 "filters/ground_truth_motifs.meme", "models/CNN20-Exp_seed0.pt"):  # fmt: skip
        assert (out / name).exists(), name
    # Saved models work with the interactions subcommand.
    assert load_model(out / "models" / "CNN4-ReLU_seed0.pt")["preset"] == "CNN4-ReLU"
    assert (out / "models" / "CNN4-ReLU_seed0.pt").stat().st_size < 2_000_000  # no data inside
    assert not scores.columns.duplicated().any()
    files = [
        line for line in (out / "report.md").read_text().splitlines() if line.startswith("- `")
    ]
    assert len(files) == len(set(files))
    assert sum("threshold_sensitivity.csv" in line for line in files) == 1
    html = (out / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 6  # self-contained
    assert "GLIFAC AUROC" in html and "clf AUPR" in (out / "scores.md").read_text()
    assert "Scores on the test split" in stdout and "Wall time per step" in stdout


# ------------------------------------------------------------------------------------ file I/O
def test_fasta_round_trip_multiline(tmp_path):
    X = random_onehot(3, 170, seed=4)
    io.write_fasta(tmp_path / "x.fa", ["r1", "r2", "r3"], X, width=60)
    text = (tmp_path / "x.fa").read_text()
    assert text.startswith(">r1\n") and max(len(line) for line in text.splitlines()) == 60
    names, seqs = io.read_fasta(tmp_path / "x.fa")
    assert names == ["r1", "r2", "r3"]
    np.testing.assert_array_equal(io.encode_sequences(seqs), X)
    assert io.decode_onehot(X) == seqs


def test_fasta_header_takes_first_word(tmp_path):
    fa = _write(tmp_path / "x.fa", ">chr1:100-104 some description\nAC\nGT\n")
    assert io.read_fasta(fa) == (["chr1:100-104"], ["ACGT"])


def test_load_dataset_argument_rules(tmp_path, generated):
    with pytest.raises(io.InputError, match="either a FASTA"):
        io.load_dataset()
    with pytest.raises(io.InputError, match="either a FASTA"):
        io.load_dataset(fasta="a.fa", data="b.npz")
    data = io.load_dataset(fasta=generated / "sequences.fa", require_labels=False)
    assert data.y is None and data.X.shape == (80, 4, 200)
    np.save(tmp_path / "x.npy", np.zeros(3))
    with pytest.raises(io.InputError, match="a single .npy array"):
        io.load_npz(tmp_path / "x.npy")
    np.savez(tmp_path / "noX.npz", y=np.zeros(3))
    with pytest.raises(io.InputError, match="no array 'X'"):
        io.load_npz(tmp_path / "noX.npz")


def test_jaspar_names_match_ground_truth_case_insensitively_and_dimers():
    from sklearn_glifac.motifs import random_hits  # what the demo counts as random hits

    names = ["TAL1", "IRF1", "SPI1"]
    labels = ["Irf1", "TAL1::TCF3", "SPIB", "CTCF_MA1929.2", ""]
    assert random_hits(labels, names) == [2, 3]
