"""Models and checkpoints that move between devices, tested on a CPU-only machine.

No GPU here: files "written on a GPU" are emulated by tagging every saved tensor as ``cuda:0``
(torch records a tensor's device in the file and refuses to load it without CUDA unless a
``map_location`` says where), and a machine "with two GPUs" by a stand-in for ``torch.cuda``'s
random-state functions. The ``meta`` device stands in for "another device": moving there is
visible in every tensor's ``.device``.
"""

import contextlib
import io
import pickle
import warnings
from unittest import mock

import joblib
import numpy as np
import pytest
import torch
from skorch.callbacks import Callback
from skorch.exceptions import DeviceWarning

from sklearn_glifac.io import InputError, save_npz
from sklearn_glifac.models import (
    ConvAttentionClassifier,
    checkpoint_callbacks,
    completed_epochs,
    load_model,
    save_model,
)

from .conftest import random_onehot

NET = dict(module__n_filters=4, module__dense_units=8, batch_size=16, verbose=0)


@contextlib.contextmanager
def written_on_gpu():
    """Every tensor saved (torch.save, pickle) inside is tagged as living on cuda:0."""
    with mock.patch("torch.serialization.location_tag", lambda storage: "cuda:0"):
        yield


class FakeCuda:
    """Two CUDA generators: what fork_rng, manual_seed and the checkpoints touch."""

    def __init__(self, n=2):
        self.states = {i: torch.tensor([i], dtype=torch.uint8) for i in range(n)}
        self.n = n
        self.sets = []

    def patch(self):
        stack = contextlib.ExitStack()
        for name, fn in (
            ("is_available", lambda: True),
            ("device_count", lambda: self.n),
            ("get_rng_state", self.get_rng_state),
            ("set_rng_state", self.set_rng_state),
            ("manual_seed_all", self.manual_seed_all),
        ):
            stack.enter_context(mock.patch.object(torch.cuda, name, fn))
        return stack

    def get_rng_state(self, device):
        return self.states[int(device)].clone()

    def set_rng_state(self, state, device):
        self.sets.append((int(device), state.clone()))
        self.states[int(device)] = state.clone()

    def manual_seed_all(self, seed):
        for i in self.states:
            self.states[i] = torch.tensor([seed % 256, 99], dtype=torch.uint8)


@pytest.fixture(scope="module")
def data():
    X = random_onehot(64, 40, seed=4)
    y = np.random.default_rng(4).integers(0, 2, (64, 2))
    return X, y


@pytest.fixture(scope="module")
def fitted(data):
    return ConvAttentionClassifier("CNN4-Exp", max_epochs=2, random_state=0, **NET).fit(*data)


def _gpu_pickle(clf, dump=pickle.dumps):
    """The bytes of ``clf`` pickled as if it had been trained on cuda:0."""
    saved = clf.device
    clf.device = "cuda:0"  # attribute only: nothing moves
    try:
        with written_on_gpu():
            return dump(clf)
    finally:
        clf.device = saved


# ------------------------------------------------------------------ 1. checkpoints


def test_gpu_written_checkpoint_resumes_on_cpu_like_an_uninterrupted_fit(data, tmp_path):
    def fit(epochs, folder=tmp_path):
        clf = ConvAttentionClassifier(
            "CNN4-Exp",
            max_epochs=4,
            random_state=0,
            callbacks=checkpoint_callbacks(folder),
            **NET,
        )
        return clf.fit(*data, epochs=epochs)

    whole = fit(4, tmp_path / "whole")
    with written_on_gpu():
        fit(2)  # every checkpoint file tagged cuda:0
    with pytest.raises(RuntimeError, match="CUDA"):  # the files really say cuda
        torch.load(tmp_path / "epoch00002" / "params.pt", weights_only=True)
    assert completed_epochs(tmp_path) == 2
    resumed = fit(4 - completed_epochs(tmp_path))
    assert len(resumed.history) == 4
    for key, value in whole.module_.state_dict().items():
        assert torch.equal(resumed.module_.state_dict()[key], value), key


def test_checkpoint_training_state_holds_cpu_tensors_only(data, tmp_path):
    clf = ConvAttentionClassifier(
        "CNN4-Exp", max_epochs=1, random_state=0, callbacks=checkpoint_callbacks(tmp_path), **NET
    ).fit(*data)
    state = torch.load(tmp_path / "epoch00001" / "training_state.pt", weights_only=True)
    best = state["callbacks"]["early_stopping"]["best_model_weights_"]
    assert best.keys() == clf.module_.state_dict().keys()
    assert {t.device.type for t in best.values()} == {"cpu"}


# ------------------------------------------------------------------ 2. pickles


@pytest.mark.parametrize("how", ["pickle", "joblib"])
def test_gpu_trained_pickle_loads_on_cpu(fitted, data, tmp_path, how):
    if how == "pickle":
        blob = _gpu_pickle(fitted)
        load = pickle.loads
    else:
        path = tmp_path / "model.joblib"
        _gpu_pickle(fitted, dump=lambda clf: joblib.dump(clf, path))
        blob, load = path, joblib.load
    with pytest.warns(DeviceWarning, match="(?i)cuda"):  # no CUDA here: mapped to the CPU
        clf = load(blob)
    assert torch.device(clf.device).type == "cpu"
    np.testing.assert_array_equal(clf.predict_proba(data[0]), fitted.predict_proba(data[0]))
    # the learning-rate schedule still drives the net's own optimizer
    schedule = dict(clf.callbacks_)["lr_scheduler"].lr_scheduler_
    assert schedule.optimizer is clf.optimizer_


def test_load_model_moves_a_pickled_gpu_model_to_the_requested_device(fitted, tmp_path):
    path = tmp_path / "model.pkl"
    _gpu_pickle(fitted, dump=lambda clf: save_model(clf, path, allow_pickle=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeviceWarning)  # the asked-for device: no warning
        clf = load_model(path, allow_pickle=True, device="cpu")["estimator"]
    assert torch.device(clf.device).type == "cpu"
    clf = load_model(path, allow_pickle=True, device="meta")["estimator"]
    assert clf.device == "meta"
    assert {p.device.type for p in clf.module_.parameters()} == {"meta"}


# ------------------------------------------------------------------ 3. set_params(device=...)


def test_set_params_device_moves_module_criterion_and_optimizer_state(data):
    clf = ConvAttentionClassifier(
        "CNN4-Exp",
        max_epochs=1,
        random_state=0,
        criterion__pos_weight=torch.ones(2),  # a criterion with a tensor to move
        **NET,
    ).fit(*data)
    clf.set_params(device="meta")
    assert clf.device == "meta"
    assert {p.device.type for p in clf.module_.parameters()} == {"meta"}
    assert clf.criterion_.pos_weight.device.type == "meta"
    params = [p for g in clf.optimizer_.param_groups for p in g["params"]]
    assert {p.device.type for p in params} == {"meta"}  # the optimizer follows the module
    assert all(any(p is q for q in clf.module_.parameters()) for p in params)
    for state in clf.optimizer_.state.values():
        assert state["exp_avg"].device.type == "meta"
        assert state["step"].device.type == "cpu"  # where torch's Adam keeps its step count
    # inputs now go to the meta device too: no computation happens on the old one
    with pytest.raises(NotImplementedError, match="meta"):
        clf.predict_proba(data[0])


# ------------------------------------------------------------------ 4. device=None


def test_device_none_with_an_int_random_state_fits_reproducibly(fitted, data):
    clf = ConvAttentionClassifier("CNN4-Exp", max_epochs=2, random_state=0, device=None, **NET)
    clf.fit(*data)
    np.testing.assert_array_equal(clf.predict_proba(data[0]), fitted.predict_proba(data[0]))


# ------------------------------------------------------------------ 5. CUDA random state


def test_cpu_fit_leaves_the_cuda_generators_alone(data):
    cuda = FakeCuda()
    before = {i: s.clone() for i, s in cuda.states.items()}
    with cuda.patch():
        ConvAttentionClassifier("CNN4-Exp", max_epochs=1, random_state=0, **NET).fit(*data)
    assert all(torch.equal(cuda.states[i], before[i]) for i in before)


def test_seeded_fit_forks_every_cuda_generator(data):
    cuda = FakeCuda()
    before = {i: s.clone() for i, s in cuda.states.items()}
    seen = []

    class Spy(Callback):
        def on_train_begin(self, net, **kwargs):
            seen.append({i: s.clone() for i, s in cuda.states.items()})

    with cuda.patch():
        ConvAttentionClassifier(
            "CNN4-Exp", max_epochs=1, random_state=0, device=None, callbacks=[("spy", Spy())],
            **NET,
        ).fit(*data)  # fmt: skip
    # seeded during the fit, every device restored afterwards
    assert all(not torch.equal(seen[0][i], before[i]) for i in before)
    assert all(torch.equal(cuda.states[i], before[i]) for i in before)


def test_resume_restores_the_cuda_random_state_of_every_device(data, tmp_path):
    cuda = FakeCuda()

    def fit(epochs):
        clf = ConvAttentionClassifier(
            "CNN4-Exp", max_epochs=3, random_state=0, device=None,
            callbacks=checkpoint_callbacks(tmp_path), **NET,
        )  # fmt: skip
        return clf.fit(*data, epochs=epochs)

    with cuda.patch(), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeviceWarning)  # device=None: skorch loads onto the CPU
        fit(1)
        saved = torch.load(tmp_path / "epoch00001" / "training_state.pt", weights_only=True)
        assert sorted(saved["cuda_rng"]) == [0, 1]
        cuda.sets.clear()
        fit(2)
    restored = {d: s for d, s in cuda.sets}  # the last state set per device...
    first = {}
    for d, s in cuda.sets:
        first.setdefault(d, s)
    # ...after fork_rng's own save: the first set per device is the checkpoint's state
    assert sorted(first) == [0, 1]
    for d in (0, 1):
        assert torch.equal(first[d], saved["cuda_rng"][d])
    assert restored.keys() == first.keys()


# ------------------------------------------------------------------ 8. epochs from the checkpoint


def test_resume_counts_the_epochs_left_from_the_checkpoint_it_loads(data, tmp_path):
    def fit(epochs):
        clf = ConvAttentionClassifier(
            "CNN4-Exp", max_epochs=3, random_state=0,
            callbacks=checkpoint_callbacks(tmp_path, max_epochs=3), **NET,
        )  # fmt: skip
        return clf.fit(*data, epochs=epochs)

    whole = ConvAttentionClassifier("CNN4-Exp", max_epochs=3, random_state=0, **NET).fit(*data)
    fit(2)  # another process got two epochs further meanwhile
    resumed = fit(3)  # counted 0 epochs before it started: still stops at 3
    assert dict(resumed.callbacks_)["resume"].loaded_epochs_ == 2
    assert len(resumed.history) == 3
    np.testing.assert_array_equal(resumed.predict_proba(data[0]), whole.predict_proba(data[0]))
    again = fit(3)  # the folder already holds all epochs: nothing is trained
    assert len(again.history) == 3 and all(row["epoch"] <= 3 for row in again.history)
    np.testing.assert_array_equal(again.predict_proba(data[0]), whole.predict_proba(data[0]))


def test_resume_max_epochs_is_checked():
    with pytest.raises(ValueError, match="max_epochs must be None or a positive int, got 0"):
        checkpoint_callbacks("folder", max_epochs=0)[1][1].initialize()


# ------------------------------------------------------------------ 6. the command line


def test_cli_device_option_on_every_subcommand_that_trains_or_reads_out():
    from sklearn_glifac.cli import build_parser

    parser = build_parser()
    buffer = io.StringIO()
    for command in ("demo", "reproduce", "train", "interactions"):
        sub = parser._subparsers._group_actions[0].choices[command]
        with contextlib.redirect_stdout(buffer):
            sub.print_help()
        assert "--device" in buffer.getvalue(), command
        buffer.seek(0), buffer.truncate()
        assert sub.get_default("device") is None  # unset: the library's default, the CPU


def test_cli_device_cuda_without_a_gpu_fails_before_training(tmp_path, capsys):
    from sklearn_glifac.cli import main

    X, y = random_onehot(40, 40, seed=3), np.random.default_rng(3).integers(0, 2, (40, 2))
    save_npz(tmp_path / "data.npz", X, y)
    args = ["train", "--data", str(tmp_path / "data.npz"), "--output", str(tmp_path / "m.pt")]
    assert main([*args, "--device", "cuda", "--quiet"]) == 2
    assert "--device cuda: this machine has 0 CUDA device(s)" in capsys.readouterr().err
    assert main([*args, "--device", "gpu", "--quiet"]) == 2
    assert "--device: expected a torch device" in capsys.readouterr().err
    assert not (tmp_path / "m.pt").exists()


def test_cli_interactions_loads_the_model_on_the_requested_device(fitted, tmp_path, monkeypatch):
    from sklearn_glifac import cli
    from sklearn_glifac.cli import _interactions as cli_interactions

    save_model(fitted, tmp_path / "m.pt")
    seen = {}

    def load_model(path, **kwargs):
        seen.update(kwargs)
        raise InputError("stop here")

    monkeypatch.setattr(cli_interactions, "load_model", load_model)
    save_npz(tmp_path / "d.npz", random_onehot(8, 40), np.zeros((8, 2), dtype=int))
    code = cli.main(["interactions", "--model", str(tmp_path / "m.pt"), "--data",
                     str(tmp_path / "d.npz"), "--output-dir", str(tmp_path / "out"),
                     "--device", "meta", "--quiet"])  # fmt: skip
    assert code == 2 and seen["device"] == "meta"


def test_demo_spreads_parallel_runs_over_gpus():
    from sklearn_glifac.experiments._runner import _job_devices

    with (
        mock.patch.object(torch.cuda, "is_available", return_value=True),
        mock.patch.object(torch.cuda, "device_count", return_value=2),
    ):
        devices, n_jobs = _job_devices("cuda", 3, 4)
        assert devices == ["cuda:0", "cuda:1", "cuda:0"] and n_jobs == 2
        assert _job_devices("cuda:1", 3, 4) == ([None] * 3, 4)  # an index is kept as given
    with (
        mock.patch.object(torch.cuda, "is_available", return_value=True),
        mock.patch.object(torch.cuda, "device_count", return_value=1),
    ):
        assert _job_devices("cuda", 2, 2) == ([None, None], 2)
    assert _job_devices("cpu", 2, 2) == ([None, None], 2)
