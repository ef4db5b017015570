"""Training that resumes: a checkpoint after every epoch, and the state to continue bit for bit.

skorch's :class:`~skorch.callbacks.Checkpoint` saves parameters, optimizer and history, and
:class:`~skorch.callbacks.LoadInitState` loads them when training starts. Continuing exactly as
an uninterrupted fit would also needs what those leave out: torch's random state (dropout), the
training loader's shuffling generator, and the state of the early-stopping and learning-rate
callbacks. :class:`EpochCheckpoint` saves all of it into a fresh folder per epoch and then
points ``latest`` at it (an atomic rename), so a process killed while writing leaves the
previous epoch intact; :class:`ResumeFromCheckpoint` restores it. :func:`checkpoint_callbacks`
returns the pair; with ``max_epochs`` the resumed fit stops at that many epochs counted from
the checkpoint actually loaded, so ``fit(X, y, epochs=max_epochs)`` ends where an uninterrupted
fit would (:func:`completed_epochs` says how many epochs a folder holds).

Checkpoints are portable: they are read with ``map_location`` (the net's device for the
parameters and optimizer, the CPU for the rest), the training state holds CPU tensors only,
and the random state of every CUDA generator a fit may draw from is saved per device and
restored on a machine that has those devices. One process may write a folder at a time:
:func:`~sklearn_glifac.experiments.reproduce` holds a lock per run.
"""

from __future__ import annotations

import numbers
import os
import shutil
from pathlib import Path
from typing import Any

import torch
from skorch import NeuralNet
from skorch.callbacks import (
    Callback,
    Checkpoint,
    EarlyStopping,
    EpochScoring,
    LoadInitState,
    LRScheduler,
    PassthroughScoring,
)

from ._device import cuda_rng_state, set_cuda_rng_state

__all__ = [
    "EpochCheckpoint",
    "ResumeFromCheckpoint",
    "checkpoint_callbacks",
    "completed_epochs",
]

_LATEST = "latest"
_STAGING = "staging"
_STATE = "training_state.pt"
_FILES = {"f_params": "params.pt", "f_optimizer": "optimizer.pt", "f_history": "history.json"}
# Every epoch, no history column, written to staging/ first (then renamed: see save_model).
_FIXED = dict(monitor=None, fn_prefix=_STAGING + "/", event_name=None, f_criterion=None, **_FILES)
_EARLY_STOPPING = ("misses_", "dynamic_threshold_", "best_epoch_", "best_model_weights_")


def _latest(dirname):
    """The folder of the last complete epoch, or None."""
    pointer = Path(dirname) / _LATEST
    if not pointer.is_file():
        return None
    slot = Path(dirname) / pointer.read_text(encoding="utf-8").strip()
    return slot if (slot / _STATE).is_file() else None


def completed_epochs(dirname: str | os.PathLike[str]) -> int:
    """Number of epochs a checkpoint folder holds (0 when it holds none or does not exist).

    Parameters
    ----------
    dirname : str or path-like
        A folder written by :class:`EpochCheckpoint`.

    Returns
    -------
    n_epochs : int

    Examples
    --------
    >>> completed_epochs("no/such/folder")
    0
    """
    slot = _latest(dirname)
    if slot is None:
        return 0
    return int(torch.load(slot / _STATE, map_location="cpu", weights_only=True)["epoch"])


class EpochCheckpoint(Checkpoint):
    """skorch ``Checkpoint`` after every epoch, written atomically, with the resume state.

    Each epoch's parameters, optimizer state, history and :func:`training state
    <checkpoint_callbacks>` go to ``dirname/staging``, which is then renamed
    ``dirname/epoch<k>``; a one-line file ``dirname/latest`` names it and older epochs are
    removed. Load it with :class:`ResumeFromCheckpoint`.

    Parameters
    ----------
    dirname : str or path-like
        Checkpoint folder (created when needed).
    **kwargs
        Accepted for cloning only: the other :class:`~skorch.callbacks.Checkpoint` settings are
        fixed (every epoch, no history column, these file names), and other values are an
        error.
    """

    def __init__(self, dirname: str | os.PathLike[str], **kwargs: Any) -> None:
        # skorch callbacks clone through all their attributes, so the fixed settings below come
        # back as keyword arguments; initialize() refuses other values.
        super().__init__(dirname=dirname, **{**_FIXED, **kwargs})

    def initialize(self) -> EpochCheckpoint:
        if not isinstance(self.dirname, (str, os.PathLike)) or not str(self.dirname):
            raise TypeError(f"dirname must be a non-empty str or path-like, got {self.dirname!r}.")
        changed = sorted(k for k, v in _FIXED.items() if getattr(self, k) != v)
        if changed:
            raise ValueError(f"EpochCheckpoint sets {', '.join(changed)} itself; leave them out.")
        return super().initialize()

    def save_model(self, net: NeuralNet) -> None:
        root = Path(self.dirname)
        staging = root / _STAGING
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        super().save_model(net)
        torch.save(_training_state(net), staging / _STATE)
        slot = root / f"epoch{len(net.history):05d}"
        shutil.rmtree(slot, ignore_errors=True)
        os.replace(staging, slot)
        tmp = root / f"{_LATEST}.tmp"
        tmp.write_text(slot.name, encoding="utf-8")
        os.replace(tmp, root / _LATEST)
        for old in root.glob("epoch*"):
            if old != slot:
                shutil.rmtree(old, ignore_errors=True)


class ResumeFromCheckpoint(LoadInitState):
    """skorch ``LoadInitState`` for :class:`EpochCheckpoint`: continue where it stopped.

    When training begins, loads the last complete epoch (if any): parameters, optimizer,
    history, torch's random state (the CPU's and, per device, CUDA's), the state of early
    stopping, of the learning-rate schedule and of the best-score bookkeeping; the training
    loader's shuffling generator is restored when the first epoch begins. Nothing is loaded
    when the folder holds no epoch. Files written on a GPU load on a CPU-only machine.

    Parameters
    ----------
    checkpoint : EpochCheckpoint
        The checkpoint whose folder to read.
    max_epochs : int, default=None
        When set, training stops once the history holds ``max_epochs`` epochs, counted from
        the checkpoint actually loaded: fit with ``epochs=max_epochs`` and a resumed fit
        trains only the epochs left, even when another process advanced the folder after
        :func:`completed_epochs` was read. ``None``: the fit's ``epochs`` decide.
    use_safetensors : bool, default=False
        Must stay False (the optimizer state is saved with ``torch.save``).

    Attributes
    ----------
    loaded_epochs_ : int
        Epochs in the checkpoint loaded when training began (0 when none).
    """

    did_load_: bool

    def __init__(
        self,
        checkpoint: EpochCheckpoint,
        max_epochs: int | None = None,
        use_safetensors: bool = False,
    ) -> None:
        super().__init__(checkpoint, use_safetensors=use_safetensors)
        self.max_epochs = max_epochs

    def initialize(self) -> ResumeFromCheckpoint:
        if not isinstance(self.checkpoint, EpochCheckpoint):
            raise TypeError(
                f"checkpoint must be an EpochCheckpoint, got {type(self.checkpoint).__name__}."
            )
        if self.use_safetensors:
            raise ValueError("use_safetensors must be False: the optimizer state needs torch.save.")
        m = self.max_epochs
        if m is not None and (isinstance(m, bool) or not isinstance(m, numbers.Integral) or m < 1):
            raise ValueError(f"max_epochs must be None or a positive int, got {m!r}.")
        self.pending_generator_state_ = None
        self.loaded_epochs_ = 0
        return super().initialize()

    def on_train_begin(self, net: NeuralNet, X: Any = None, y: Any = None, **kwargs: Any) -> None:
        if self.did_load_:
            return
        self.did_load_ = True
        slot = _latest(self.checkpoint.dirname)
        if slot is None:
            return
        slot_checkpoint = Checkpoint(
            monitor=None, dirname=str(slot), event_name=None, f_criterion=None, **_FILES
        )
        net.load_params(checkpoint=slot_checkpoint)
        state = torch.load(slot / _STATE, map_location="cpu", weights_only=True)
        self.loaded_epochs_ = len(net.history)
        for name, cb in net.callbacks_:
            if isinstance(cb, (EpochScoring, PassthroughScoring)):
                cb.on_train_begin(net, X=X, y=y)  # best score so far, read from the history
            elif isinstance(cb, LRScheduler):
                cb.on_train_begin(net)  # batch count from the history, then the schedule
                if name in state["callbacks"]:
                    cb.lr_scheduler_.load_state_dict(state["callbacks"][name])
            elif isinstance(cb, EarlyStopping) and name in state["callbacks"]:
                for attr, value in state["callbacks"][name].items():
                    setattr(cb, attr, value)
        torch.set_rng_state(state["torch_rng"])
        set_cuda_rng_state(state.get("cuda_rng"))
        self.pending_generator_state_ = state["loader_rng"]

    def on_epoch_begin(self, net: NeuralNet, **kwargs: Any) -> None:
        if self.max_epochs is not None and len(net.history) > self.max_epochs:
            # the net has just opened epoch max_epochs + 1: close it unrun and stop, as
            # EarlyStopping stops (skorch ends the fit and calls on_train_end)
            del net.history[-1]
            raise KeyboardInterrupt
        # The training loader exists only once fitting has begun, and is iterated after this.
        generator = _loader_generator(net)
        if self.pending_generator_state_ is not None and generator is not None:
            generator.set_state(self.pending_generator_state_)
        self.pending_generator_state_ = None


def _loader_generator(net):
    """The shuffling generator of a seeded fit's training loader (``net.fit_seeds_``), or None."""
    seeds = getattr(net, "fit_seeds_", None)
    return None if seeds is None else seeds.loader_generator


def _training_state(net):
    callbacks = {}
    for name, cb in net.callbacks_:
        if isinstance(cb, LRScheduler) and hasattr(cb.lr_scheduler_, "state_dict"):
            callbacks[name] = cb.lr_scheduler_.state_dict()
        elif isinstance(cb, EarlyStopping):
            state = {a: getattr(cb, a) for a in _EARLY_STOPPING if hasattr(cb, a)}
            if "dynamic_threshold_" in state:  # a numpy scalar; weights_only loads floats
                state["dynamic_threshold_"] = float(state["dynamic_threshold_"])
            if state.get("best_model_weights_") is not None:  # CPU tensors on disk
                state["best_model_weights_"] = {
                    k: v.detach().cpu() for k, v in state["best_model_weights_"].items()
                }
            callbacks[name] = state
    generator = _loader_generator(net)
    return {
        "epoch": len(net.history),
        "torch_rng": torch.get_rng_state(),
        "cuda_rng": cuda_rng_state(net.device),
        "loader_rng": None if generator is None else generator.get_state(),
        "callbacks": callbacks,
    }


def checkpoint_callbacks(
    dirname: str | os.PathLike[str], *, max_epochs: int | None = None
) -> list[tuple[str, Callback]]:
    """The callbacks that make a fit resumable: save every epoch, load the last on restart.

    Add them to a :class:`ConvAttentionClassifier`'s ``callbacks`` and fit with
    ``epochs=max_epochs - completed_epochs(dirname)``, or pass ``max_epochs`` here and fit
    with ``epochs=max_epochs`` (the epochs left are then counted from the checkpoint actually
    loaded): a fit interrupted at any point and restarted the same way ends with the same
    parameters and history as an uninterrupted fit (bitwise on CPU, with an int
    ``random_state`` and the same thread count; see the reproducibility guide for GPUs).

    Parameters
    ----------
    dirname : str or path-like
        Checkpoint folder.
    max_epochs : int, default=None
        Total epochs at which a (resumed) fit stops; see :class:`ResumeFromCheckpoint`.

    Returns
    -------
    callbacks : list of (str, Callback)
        ``[("checkpoint", EpochCheckpoint(dirname)), ("resume",
        ResumeFromCheckpoint(..., max_epochs=max_epochs))]``.

    Examples
    --------
    >>> import numpy as np, tempfile
    >>> from sklearn_glifac.models import ConvAttentionClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (40, 40))].transpose(0, 2, 1)
    >>> y = rng.integers(0, 2, (40, 2))
    >>> folder = tempfile.mkdtemp()
    >>> clf = ConvAttentionClassifier("CNN4-Exp", module__n_filters=4, module__dense_units=8,
    ...                               max_epochs=2, verbose=0, random_state=0,
    ...                               callbacks=checkpoint_callbacks(folder))
    >>> clf = clf.fit(X, y, epochs=2 - completed_epochs(folder))
    >>> completed_epochs(folder)
    2
    """
    if not isinstance(dirname, (str, os.PathLike)):
        raise TypeError(f"dirname must be a str or path-like, got {dirname!r}.")
    checkpoint = EpochCheckpoint(dirname)
    resume = ResumeFromCheckpoint(checkpoint, max_epochs=max_epochs)
    return [("checkpoint", checkpoint), ("resume", resume)]
