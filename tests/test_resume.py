"""Work that resumes: a fit stopped after any epoch and restarted ends where an uninterrupted one
does (same weights, same history), in Python and through ``sklearn-glifac train``."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
import torch
from skorch.callbacks import Callback

from sklearn_glifac import io
from sklearn_glifac.models import (
    ConvAttentionClassifier,
    EpochCheckpoint,
    ResumeFromCheckpoint,
    checkpoint_callbacks,
    completed_epochs,
    load_model,
)

from .conftest import random_onehot

MAX_EPOCHS = 4
# Dropout on, the learning rate cut after every epoch without a gain, early stopping armed: the
# resumed fit must restore the random state, the schedule and the early-stopping bookkeeping.
NET = dict(
    module__n_filters=4,
    module__dense_units=8,
    module__n_heads=2,
    batch_size=16,
    callbacks__lr_scheduler__patience=0,
    callbacks__early_stopping__patience=3,
    verbose=0,
    random_state=0,
)


class _Crash(Exception):
    pass


class _CrashAfter(Callback):
    """Stands in for a killed process: fails after epoch ``n`` has been checkpointed."""

    def __init__(self, n):
        self.n = n

    def on_epoch_end(self, net, **kwargs):
        if len(net.history) == self.n:
            raise _Crash


@pytest.fixture(scope="module")
def data():
    X = random_onehot(96, 40, seed=1)
    y = np.random.default_rng(1).integers(0, 2, (96, 2))
    return X, y


def _fit(X, y, folder, extra=()):
    clf = ConvAttentionClassifier(
        "CNN4-Exp",
        max_epochs=MAX_EPOCHS,
        callbacks=checkpoint_callbacks(folder) + list(extra),
        **NET,
    )
    return clf.fit(X, y, epochs=MAX_EPOCHS - completed_epochs(folder))


def _history(clf):
    return [{k: v for k, v in row.items() if k != "dur"} for row in clf.history]


def _assert_same_fit(a, b):
    sa, sb = a.module_.state_dict(), b.module_.state_dict()
    assert sa.keys() == sb.keys()
    for k in sa:
        assert torch.equal(sa[k], sb[k]), k
    assert _history(a) == _history(b)


@pytest.fixture(scope="module")
def uninterrupted(data, tmp_path_factory):
    return _fit(*data, tmp_path_factory.mktemp("uninterrupted"))


@pytest.mark.parametrize("stop_after", [1, 2, MAX_EPOCHS])
def test_resumed_fit_equals_uninterrupted_fit(data, uninterrupted, tmp_path, stop_after):
    with pytest.raises(_Crash):
        _fit(*data, tmp_path, extra=[("crash", _CrashAfter(stop_after))])
    assert completed_epochs(tmp_path) == stop_after
    resumed = _fit(*data, tmp_path)
    assert len(resumed.history) == len(uninterrupted.history) == MAX_EPOCHS
    _assert_same_fit(resumed, uninterrupted)
    # The schedule really acted: the learning rate was cut at least once.
    lrs = [g["lr"] for g in uninterrupted.optimizer_.param_groups]
    assert min(lrs) < 1e-3


def test_checkpoint_folder_keeps_only_the_last_complete_epoch(data, tmp_path):
    _fit(*data, tmp_path)
    assert (tmp_path / "latest").read_text() == f"epoch{MAX_EPOCHS:05d}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch00004", "latest"]
    assert completed_epochs(tmp_path) == MAX_EPOCHS


def test_a_half_written_epoch_is_ignored(data, tmp_path):
    with pytest.raises(_Crash):
        _fit(*data, tmp_path, extra=[("crash", _CrashAfter(1))])
    (tmp_path / "staging").mkdir()
    (tmp_path / "staging" / "params.pt").write_bytes(b"truncated")  # killed while writing
    assert completed_epochs(tmp_path) == 1


def test_empty_folder_means_a_fresh_fit(data, uninterrupted, tmp_path):
    assert completed_epochs(tmp_path / "missing") == 0
    _assert_same_fit(_fit(*data, tmp_path / "missing"), uninterrupted)


def test_callbacks_survive_clone(tmp_path):
    from sklearn.base import clone

    clf = ConvAttentionClassifier(callbacks=checkpoint_callbacks(tmp_path))
    cloned = clone(clf)
    assert cloned.callbacks[0][1].dirname == tmp_path


def test_bad_arguments_are_named(tmp_path):
    with pytest.raises(TypeError, match="dirname must be a str or path-like"):
        checkpoint_callbacks(3)
    with pytest.raises(TypeError, match="checkpoint must be an EpochCheckpoint"):
        ResumeFromCheckpoint("folder").initialize()
    with pytest.raises(TypeError, match="dirname must be a non-empty str"):
        EpochCheckpoint("").initialize()


# ------------------------------------------------------------------------------------------
# the command line, killed for real
# ------------------------------------------------------------------------------------------


def _train_cmd(data_path, output):
    return [
        sys.executable, "-m", "sklearn_glifac", "train", "--data", str(data_path),
        "--preset", "CNN4-Exp", "--output", str(output), "--max-epochs", "6",
        "--batch-size", "16", "--threads", "1", "--quiet",
        "--param", "module__n_filters=4", "--param", "module__dense_units=8",
        "--param", "callbacks__lr_scheduler__patience=0",
    ]  # fmt: skip


@pytest.mark.slow
def test_killed_train_command_resumes_to_the_same_weights(tmp_path):
    X = random_onehot(1200, 100, seed=2)
    y = np.random.default_rng(2).integers(0, 2, (1200, 2))
    data_path = tmp_path / "data.npz"
    io.save_npz(data_path, X, y)

    whole = tmp_path / "whole.pt"
    subprocess.run(_train_cmd(data_path, whole), check=True, capture_output=True)

    killed = tmp_path / "killed.pt"
    ckpt = tmp_path / "killed.pt.ckpt"
    proc = subprocess.Popen(_train_cmd(data_path, killed), stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while completed_epochs(ckpt) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "training finished before it could be killed; use more data"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = completed_epochs(ckpt)
    assert 1 <= done < 6 and not killed.exists()

    rerun = subprocess.run(_train_cmd(data_path, killed), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"resumed from epoch {done}" in rerun.stdout + rerun.stderr
    a, b = (load_model(p)["estimator"] for p in (whole, killed))
    _assert_same_fit(a, b)


def test_fixed_checkpoint_settings_cannot_be_changed(tmp_path):
    with pytest.raises(ValueError, match="EpochCheckpoint sets monitor itself"):
        EpochCheckpoint(tmp_path, monitor="valid_loss_best").initialize()


def test_train_refuses_a_checkpoint_of_other_settings(tmp_path, capsys):
    from sklearn_glifac.cli import main

    X, y = random_onehot(40, 40, seed=3), np.random.default_rng(3).integers(0, 2, (40, 2))
    io.save_npz(tmp_path / "data.npz", X, y)
    ckpt = tmp_path / "ckpt"
    ckpt.mkdir()
    (ckpt / "command.json").write_text("{}")
    code = main(["train", "--data", str(tmp_path / "data.npz"), "--output",
                 str(tmp_path / "m.pt"), "--checkpoint-dir", str(ckpt), "--quiet"])  # fmt: skip
    assert code == 2
    assert "holds a checkpoint of a training with other settings" in capsys.readouterr().err
    assert not (tmp_path / "m.pt").exists()


# ------------------------------------------------------------------------------------------
# reproduce: a run stopped half-way continues from its checkpoint; a killed Dask worker
# ------------------------------------------------------------------------------------------

REPRO = dict(
    presets=("CNN20-Exp",),
    seeds=1,
    n_samples=400,
    max_epochs=3,
    thresholds=(0.1, 0.5),
    classifier_params={"module__n_filters": 8, "module__dense_units": 16},
    n_jobs=1,
    threads=1,
    report=False,
    verbose=False,
)
TIMING_COLUMNS = ["train_seconds", "extract_seconds"]
RUN = "authors__CNN20-Exp__seed0"


def _results(folder):
    table = pd.read_csv(folder / "results.csv", dtype=str)
    return table.drop(columns=TIMING_COLUMNS)


@pytest.fixture(scope="module")
def repro_uninterrupted(tmp_path_factory):
    from sklearn_glifac.experiments import reproduce

    out = tmp_path_factory.mktemp("repro_whole")
    reproduce(out, **REPRO)
    return out


def _epochs_logged(folder):
    log = (folder / "runs" / f"{RUN}.log").read_text()
    return [int(line.split(" epoch ")[1].split(":")[0]) for line in log.splitlines()
            if " epoch " in line]  # fmt: skip


def test_reproduce_resumes_a_half_finished_run(repro_uninterrupted, tmp_path):
    from sklearn_glifac.experiments import reproduce

    params = {**REPRO["classifier_params"], "callbacks": [("crash", _CrashAfter(2))]}
    with pytest.raises(_Crash):  # epoch 1 checkpointed, epoch 2 lost
        reproduce(tmp_path, **{**REPRO, "classifier_params": params})
    assert completed_epochs(tmp_path / "runs" / f"{RUN}.ckpt") == 1
    again = reproduce(tmp_path, **REPRO)
    assert again.trained == [RUN]
    assert _epochs_logged(tmp_path) == [1, 2, 3]  # the crash came before epoch 2 was logged
    assert not (tmp_path / "runs" / f"{RUN}.ckpt").exists()
    pd.testing.assert_frame_equal(_results(tmp_path), _results(repro_uninterrupted))


def test_reproduce_checkpoint_must_be_a_bool(tmp_path):
    from sklearn_glifac.experiments import reproduce

    with pytest.raises(ValueError, match="checkpoint must be True or False"):
        reproduce(tmp_path, **{**REPRO, "checkpoint": "yes"})


@pytest.mark.slow
def test_killed_dask_worker_does_not_change_the_sweep(repro_uninterrupted, tmp_path):
    import threading

    distributed = pytest.importorskip("distributed")
    from sklearn_glifac.experiments import reproduce

    config = {**REPRO, "n_samples": 3000, "max_epochs": 6}
    local = tmp_path / "local"
    reproduce(local, **config)

    out = tmp_path / "dask"
    ckpt = out / "runs" / f"{RUN}.ckpt"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:  # fmt: skip
        (pid,) = client.run(os.getpid).values()
        errors = []

        def sweep():
            try:
                reproduce(out, **config, scheduler_address=cluster.scheduler_address)
            except BaseException as exc:  # reported in the main thread
                errors.append(exc)

        thread = threading.Thread(target=sweep)
        thread.start()
        deadline = time.monotonic() + 300
        while completed_epochs(ckpt) < 1 and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert thread.is_alive(), "the sweep finished before its worker could be killed"
        os.kill(pid, signal.SIGKILL)  # the nanny starts a new worker; the run is resubmitted
        thread.join(timeout=300)
        assert not thread.is_alive() and not errors, errors
        assert list(client.run(os.getpid).values()) != [pid]
    assert _epochs_logged(out).count(1) == 1  # the new worker continued from the checkpoint
    pd.testing.assert_frame_equal(_results(out), _results(local))
