"""reproduce(): a tiny run end to end, resume after an interruption, the CSV schema, errors."""

import json

import numpy as np
import pandas as pd
import pytest

from sklearn_glifac.cli import main
from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.experiments import (
    CLASSIFICATION_COLUMNS,
    RESULT_COLUMNS,
    cooccurrence_baseline,
    evaluate_interactions,
    load_reproduction,
    reproduce,
)
from sklearn_glifac.models import ConvAttentionClassifier

TINY = {
    "presets": ("CNN20-Exp", "CNN20-ReLU"),
    "seeds": 1,
    "n_samples": 400,
    "max_epochs": 2,
    "thresholds": (0.0, 0.1),
    "classifier_params": {"module__n_filters": 8, "module__dense_units": 16},
    "n_jobs": 1,
    "report": False,
    "verbose": False,
}


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("repro")
    return out, reproduce(out, **TINY)


@pytest.mark.slow
def test_tiny_reproduction_schema_and_rows(tiny_run):
    out, result = tiny_run
    res = result.results
    assert tuple(res.columns) == RESULT_COLUMNS
    assert tuple(result.classification.columns) == CLASSIFICATION_COLUMNS
    # one row per preset x seed x method x threshold
    assert len(res) == 2 * 1 * 2 * 2
    assert set(res["method"]) == {"local_attention", "glifac"}
    assert sorted(res["threshold"].unique()) == [0.0, 0.1]
    assert set(res["preset"]) == {"CNN20-Exp", "CNN20-ReLU"}
    assert (res["epochs"] <= 2).all() and (res["train_seconds"] > 0).all()
    # threshold 0 attends every position pair of the 80 test sequences (pool 20: 10 x 10)
    t0 = res[res["threshold"] == 0.0]
    assert (t0["n_attended_pairs"] == 80 * 10 * 10).all()
    # per-task table: 12 tasks per run; its mean is the run's classification_aupr
    cls = result.classification
    assert len(cls) == 2 * 12
    for preset, group in cls.groupby("preset"):
        expected = res.loc[res["preset"] == preset, "classification_aupr"].iloc[0]
        assert group["aupr"].mean() == pytest.approx(expected)
    # the pooled AUPR is recorded beside the task mean, one value per run
    pooled = res.groupby("preset")["classification_aupr_micro"]
    assert (pooled.nunique() == 1).all() and res["classification_aupr_micro"].between(0, 1).all()
    # the authors' code schedule by default, the authors' TEAD1 matrix, stored in config.json
    config = json.loads((out / "config.json").read_text())
    assert config["classifier_params"]["batch_size"] == 200
    assert config["classifier_params"]["callbacks__lr_scheduler__monitor"] == "valid_loss"
    assert config["motif_ids"]["TEAD1"] == "MA0090.3"
    on_disk = pd.read_csv(out / "results.csv")
    pd.testing.assert_frame_equal(on_disk, res)
    assert (out / "runs" / "authors__CNN20-Exp__seed0.log").read_text().count("epoch") >= 2


@pytest.mark.slow
def test_resume_skips_finished_runs_and_trains_missing(tiny_run, tmp_path):
    out, first = tiny_run
    # Simulate an interruption: one run's file is missing.
    copy = tmp_path / "copy"
    (copy / "runs").mkdir(parents=True)
    for f in (out / "runs").iterdir():
        if "CNN20-ReLU" not in f.name:
            (copy / "runs" / f.name).write_bytes(f.read_bytes())
    (copy / "config.json").write_bytes((out / "config.json").read_bytes())
    again = reproduce(copy, **TINY)
    assert again.skipped == ["authors__CNN20-Exp__seed0"]
    assert again.trained == ["authors__CNN20-ReLU__seed0"]
    # seeded training on CPU: the re-trained run equals the original one
    cols = ["auroc", "aupr", "snr", "tpr", "ppv", "n_attended_pairs", "classification_aupr",
            "classification_aupr_micro"]  # fmt: skip
    pd.testing.assert_frame_equal(again.results[cols], first.results[cols])
    # a third call trains nothing
    third = reproduce(copy, **TINY)
    assert third.trained == [] and len(third.skipped) == 2


@pytest.mark.slow
def test_other_settings_in_same_folder_is_an_error(tiny_run):
    out, _ = tiny_run
    with pytest.raises(ValueError, match="other settings.*n_samples"):
        reproduce(out, **{**TINY, "n_samples": 500})
    # the text's protocol or the listed TEAD1 matrix are other experiments too
    with pytest.raises(ValueError, match="other settings.*classifier_params"):
        reproduce(out, **{**TINY, "protocol": "text"})
    with pytest.raises(ValueError, match="other settings.*motif_ids"):
        reproduce(out, **{**TINY, "motif_set": "authors_listed"})


def test_load_reproduction_errors(tmp_path):
    with pytest.raises(ValueError, match="no runs/ folder"):
        load_reproduction(tmp_path)
    (tmp_path / "runs").mkdir()
    res, cls = load_reproduction(tmp_path)
    assert res.empty and cls.empty


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"presets": ["CNN3-Exp"]}, "presets: unknown"),
        ({"presets": []}, "presets is empty"),
        ({"data": ["text"]}, "data: unknown"),
        ({"seeds": 0}, "seeds"),
        ({"seeds": "three"}, "seeds"),
        ({"thresholds": [1.5]}, "thresholds"),
        ({"n_samples": 10}, "n_samples"),
        ({"max_epochs": 0}, "max_epochs"),
        ({"n_jobs": 0}, "n_jobs"),
        ({"classifier_params": {"random_state": 1}}, "random_state"),
        ({"protocol": "keras"}, r"protocol must be one of \['text', 'code'\], got 'keras'"),
        ({"motif_set": "text"}, "motif_set must be one of"),
    ],
)
def test_bad_arguments_fail_before_any_work(tmp_path, kwargs, match):
    with pytest.raises(ValueError, match=match):
        reproduce(tmp_path / "out", **{**TINY, **kwargs})
    assert not (tmp_path / "out" / "runs").exists() or not any(
        (tmp_path / "out" / "runs").iterdir()
    )


def test_evaluate_interactions_on_a_fitted_net():
    data = make_motif_interactions(300, random_state=0)
    clf = ConvAttentionClassifier(
        "CNN20-Exp", module__n_filters=8, module__dense_units=16, max_epochs=1, verbose=0,
        random_state=0,
    ).fit(data.X, data.y)  # fmt: skip
    ev = evaluate_interactions(
        clf, data.X[:50], data.true_interactions, data.motifs, thresholds=[0.0, 0.5]
    )
    assert list(ev.scores["method"]) == ["local_attention", "glifac"] * 2
    assert list(ev.scores["threshold"]) == [0.0, 0.0, 0.5, 0.5]
    assert len(ev.labels) == 8 and 0 <= ev.motif_coverage <= 1
    assert (ev.scores.loc[ev.scores.threshold == 0.0, "n_attended_pairs"] == 50 * 100).all()
    with pytest.raises(ValueError, match="thresholds"):
        evaluate_interactions(clf, data.X[:5], data.true_interactions, data.motifs,
                              thresholds=[1.0])  # fmt: skip


@pytest.mark.slow
def test_cli_reproduce_tiny(tmp_path, capsys):
    code = main(
        ["reproduce", "--output-dir", str(tmp_path), "--presets", "CNN20-Exp", "--seeds", "1",
         "--n-samples", "300", "--max-epochs", "1", "--thresholds", "0.1", "--n-jobs", "1",
         "--param", "module__n_filters=4", "--param", "module__dense_units=8", "--quiet"]
    )  # fmt: skip
    assert code == 0
    res = pd.read_csv(tmp_path / "results.csv")
    assert len(res) == 2 and np.isfinite(res["classification_aupr"]).all()
    assert np.isfinite(res["classification_aupr_micro"]).all()
    assert (tmp_path / "report.html").exists()
    # no --batch-size: the default protocol's (the authors' code: 200)
    config = json.loads((tmp_path / "config.json").read_text())
    assert config["classifier_params"]["batch_size"] == 200
    # resuming: nothing left to train (--seed-list names the finished seed)
    assert main(["reproduce", "--output-dir", str(tmp_path), "--presets", "CNN20-Exp",
                 "--seed-list", "0", "--n-samples", "300", "--max-epochs", "1", "--thresholds",
                 "0.1", "--n-jobs", "1", "--param", "module__n_filters=4", "--param",
                 "module__dense_units=8"]) == 0  # fmt: skip
    assert "0 run(s) trained, 1 found on disk" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--seeds", "2", "--seed-list", "1"], "not allowed with argument"),
        (["--seed-list", "-1"], "expected an integer >= 0, got '-1'"),
        (["--seed-list", "a"], "expected an integer >= 0, got 'a'"),
        (["--seed-list"], "expected at least one argument"),
    ],
)
def test_cli_reproduce_seed_list_errors(argv, message, capsys):
    with pytest.raises(SystemExit):
        main(["reproduce", *argv])
    assert message in capsys.readouterr().err


def test_cli_reproduce_rejects_unknown_preset(capsys):
    with pytest.raises(SystemExit):
        main(["reproduce", "--presets", "CNN3-Exp"])
    assert "invalid choice" in capsys.readouterr().err


def test_cooccurrence_baseline_separates_the_two_data_distributions():
    authors = cooccurrence_baseline(make_motif_interactions(3000, random_state=0))
    independent = cooccurrence_baseline(make_motif_interactions(3000, pair_rate=0, random_state=0))
    # co-embedded pairs are the most correlated motif pairs: perfect ranking
    assert authors.auroc == pytest.approx(1.0)
    assert authors.matrix.loc["ELF1", "SIX3"] > 0.3
    # independent sites: the planted pairs co-occur no more than any other pair
    assert independent.auroc < 0.8
    assert abs(independent.matrix.loc["ELF1", "SIX3"]) < 0.1
    m = authors.matrix.to_numpy()
    np.testing.assert_allclose(m, m.T)
    with pytest.raises(ValueError, match="lacks"):
        cooccurrence_baseline({"X": None})
