"""Numbers that reproduce: the same command, seed and thread count give bitwise-identical tables.

Each command runs twice, in two separate Python processes (at the same time), as a user rerunning
it would. See docs/user_guide/reproducibility.rst for what is and is not guaranteed.
"""

import subprocess
import sys

import pandas as pd
import pytest

TINY = [
    "--n-samples", "400",
    "--max-epochs", "1",
    "--param", "module__n_filters=8",
    "--param", "module__dense_units=16",
    "--threads", "1",
    "--n-jobs", "1",
    "--random-state", "7",
    "--quiet",
]  # fmt: skip
# Wall-clock columns of results.csv: the only values allowed to differ between two runs.
TIMING_COLUMNS = ["train_seconds", "extract_seconds"]


def _run_twice(tmp_path, command):
    outs = [tmp_path / "first", tmp_path / "second"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sklearn_glifac", *command, "--output-dir", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for out in outs
    ]
    for proc in procs:
        log, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, log
    return outs


@pytest.mark.slow
def test_demo_tables_are_bitwise_identical_across_processes(tmp_path):
    first, second = _run_twice(tmp_path, ["demo", "--presets", "CNN20-Exp", "--no-jaspar", *TINY])
    for name in ("scores.csv", "threshold_sensitivity.csv"):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        assert a == b, f"{name} differs between two runs of the same command"
        assert len(pd.read_csv(first / name)) > 0
    scores = pd.read_csv(first / "scores.csv")
    assert scores["classification_aupr"].notna().all()  # a real number was compared


@pytest.mark.slow
def test_reproduce_results_are_identical_across_processes(tmp_path):
    first, second = _run_twice(
        tmp_path,
        ["reproduce", "--presets", "CNN20-Exp", "--seeds", "1", "--thresholds", "0.1", "0.5",
         "--no-report", *TINY],
    )  # fmt: skip
    assert (first / "classification.csv").read_bytes() == (
        second / "classification.csv"
    ).read_bytes()
    # Compared as text, so every digit counts; only the wall-clock columns may differ.
    a, b = (pd.read_csv(out / "results.csv", dtype=str) for out in (first, second))
    assert list(a.columns) == list(b.columns)
    assert set(TIMING_COLUMNS) <= set(a.columns)
    pd.testing.assert_frame_equal(a.drop(columns=TIMING_COLUMNS), b.drop(columns=TIMING_COLUMNS))
    assert len(a) == 4  # 1 preset x 1 seed x 2 methods x 2 thresholds


# ---------------------------------------------------------------------------- FitSeeds
def test_fit_seeds_draws_three_seeds_in_order_and_seeds_the_split():
    import numpy as np
    import torch
    from skorch.dataset import ValidSplit

    from sklearn_glifac.models import FitSeeds

    expected = np.random.RandomState(7).randint(0, 2**31 - 1, size=3)
    seeds = FitSeeds(7)
    assert (seeds.torch_seed, seeds.loader_seed, seeds.split_seed) == tuple(expected)
    split = seeds.seeded_split(0.2)
    assert isinstance(split, ValidSplit) and split.random_state == seeds.split_seed
    unseeded = ValidSplit(0.25)
    assert seeds.seeded_split(unseeded).random_state == seeds.split_seed
    assert unseeded.random_state is None  # a copy is seeded, not the caller's splitter
    kfold = ValidSplit(5)
    assert seeds.seeded_split(kfold) is kfold  # k-fold: nothing to seed
    gen = seeds.loader_generator_for({})
    assert seeds.loader_generator is gen
    fresh = torch.Generator().manual_seed(seeds.loader_seed)
    assert torch.equal(torch.randperm(10, generator=gen), torch.randperm(10, generator=fresh))
    own = torch.Generator().manual_seed(3)
    assert seeds.loader_generator_for({"generator": own}) is own
