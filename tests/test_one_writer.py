"""One writer per run: ``reproduce`` processes that share a folder, or lose their parent.

Real processes, tiny runs (CNN4-Exp with 4 filters, 200 sequences, 3 epochs). A callback that
sleeps after each epoch keeps a run busy long enough for the second process to arrive; it does
not change any number.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from skorch.callbacks import Callback

from sklearn_glifac.experiments import reproduce
from sklearn_glifac.models import completed_epochs

ROOT = Path(__file__).resolve().parents[1]
CONFIG = dict(
    presets=("CNN4-Exp",),
    seeds=2,
    n_samples=200,
    max_epochs=3,
    thresholds=(0.5,),
    classifier_params={"module__n_filters": 4, "module__dense_units": 8},
    threads=1,
    report=False,
    verbose=False,
)
RUNS = [f"authors__CNN4-Exp__seed{s}" for s in (0, 1)]
TIMING_COLUMNS = ["train_seconds", "extract_seconds"]
# A child process: waits for its go file, then runs reproduce with slow epochs.
CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.test_one_writer import CONFIG, SlowEpochs
from sklearn_glifac.experiments import reproduce
out, go, n_jobs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
while not go.exists():
    time.sleep(0.02)
params = {{**CONFIG["classifier_params"], "callbacks": [("slow", SlowEpochs(1.0))]}}
reproduce(out, **{{**CONFIG, "classifier_params": params, "n_jobs": n_jobs}})
"""


class SlowEpochs(Callback):
    """Sleeps after every epoch (a stand-in for a bigger network)."""

    def __init__(self, seconds=1.0):
        self.seconds = seconds

    def on_epoch_end(self, net, **kwargs):
        time.sleep(self.seconds)


def _child(out, go, n_jobs=1):
    """A reproduce process; its output goes to a file (a pipe would stay open in orphans)."""
    code = CHILD.format(root=str(ROOT))
    with open(f"{go}.log", "w") as log:
        return subprocess.Popen(
            [sys.executable, "-c", code, str(out), str(go), str(n_jobs)],
            env={**os.environ, "OMP_NUM_THREADS": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _results(folder):
    return pd.read_csv(folder / "results.csv", dtype=str).drop(columns=TIMING_COLUMNS)


def _epochs_logged(folder, run):
    log = (folder / "runs" / f"{run}.log").read_text()
    return [int(line.split(" epoch ")[1].split(":")[0]) for line in log.splitlines()
            if " epoch " in line]  # fmt: skip


def _wait(condition, timeout=240):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def _children(pid):
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    out = tmp_path_factory.mktemp("uninterrupted")
    reproduce(out, **CONFIG, n_jobs=1)
    return out


@pytest.mark.slow
def test_two_processes_on_one_folder_give_the_uninterrupted_results(uninterrupted, tmp_path):
    out = tmp_path / "shared"
    first, second = _child(out, tmp_path / "go1"), _child(out, tmp_path / "go2")
    (tmp_path / "go1").touch()
    _wait(lambda: completed_epochs(out / "runs" / f"{RUNS[0]}.ckpt") >= 1)
    (tmp_path / "go2").touch()  # arrives while the first process trains run 0
    for proc, go in ((first, "go1"), (second, "go2")):
        assert proc.wait(timeout=300) == 0, (tmp_path / f"{go}.log").read_text()
    for run in RUNS:  # every epoch trained once, by one writer
        assert _epochs_logged(out, run) == [1, 2, 3]
    pd.testing.assert_frame_equal(_results(out), _results(uninterrupted))


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_kill_9_of_two_jobs_leaves_no_orphan_and_the_rerun_matches(uninterrupted, tmp_path):
    out = tmp_path / "killed"
    (tmp_path / "go").touch()
    parent = _child(out, tmp_path / "go", n_jobs=2)
    _wait(lambda: any(completed_epochs(out / "runs" / f"{r}.ckpt") >= 1 for r in RUNS))
    workers = _children(parent.pid)
    assert workers, "the runs should train in worker processes"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    try:
        _wait(lambda: not any(_alive(pid) for pid in workers), timeout=20)
    finally:  # never leave an orphan behind, whatever the outcome
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    result = reproduce(out, **CONFIG, n_jobs=1)
    assert sorted(result.trained + result.skipped) == RUNS
    pd.testing.assert_frame_equal(_results(out), _results(uninterrupted))


def test_config_json_is_never_left_half_written(tmp_path, monkeypatch):
    """A start killed while writing config.json leaves no damaged file for the next one."""
    real = Path.write_text

    def killed_half_way(self, text, *args, **kwargs):
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise KeyboardInterrupt  # the process dies here

    monkeypatch.setattr(Path, "write_text", killed_half_way)
    with pytest.raises(KeyboardInterrupt):
        reproduce(tmp_path, **{**CONFIG, "max_epochs": 1})
    monkeypatch.undo()
    config = tmp_path / "config.json"
    assert not config.exists() or json.loads(config.read_text())  # whole or absent
    assert not list(tmp_path.glob("config.json.tmp*"))


def test_cuda_runs_take_one_gpu_each(tmp_path, monkeypatch):
    import torch

    from sklearn_glifac.experiments._runner import _gpu_slot, _local_workers

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert _local_workers("cuda", None, 5, 1) == (2, (2, 2))  # one process per GPU
    assert _local_workers("cuda", 4, 5, 1) == (4, (4, 2))  # two per GPU when asked
    assert _local_workers("cuda", None, 1, 1) == (1, (1, 2))
    assert _local_workers("cuda:1", None, 5, 1) == (1, None)  # one named GPU: one job
    with _gpu_slot(tmp_path, (2, 2)) as a, _gpu_slot(tmp_path, (2, 2)) as b:
        assert {a, b} == {"cuda:0", "cuda:1"}  # two jobs at once never share a GPU
    with _gpu_slot(tmp_path, (2, 2)) as c:
        assert c == "cuda:0"  # released slots are reused


def test_reproduce_device_is_checked_before_any_work(tmp_path):
    with pytest.raises(ValueError, match="torch sees no CUDA device"):
        reproduce(tmp_path, **{**CONFIG, "device": "cuda"})
    with pytest.raises(ValueError, match="device must be a torch device"):
        reproduce(tmp_path, **{**CONFIG, "device": "gpu"})
    with pytest.raises(ValueError, match="use reproduce\\(device=...\\)"):
        reproduce(tmp_path, **{**CONFIG, "classifier_params": {"device": "cpu"}})
    assert not (tmp_path / "config.json").exists()
