"""The classifier's default training callbacks: the paper's schedule and the epoch table.

Losses every epoch; with validation data, the validation AUPR drives the learning rate (x0.3
after 5 epochs without improvement) and early stopping (patience 10, best weights restored).
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any

from skorch import NeuralNet
from skorch.callbacks import (
    Callback,
    EarlyStopping,
    EpochScoring,
    EpochTimer,
    LRScheduler,
    PassthroughScoring,
    PrintLog,
    ProgressBar,
)
from torch.optim.lr_scheduler import ReduceLROnPlateau

from ..metrics import mean_average_precision_score
from ..utils import is_interactive

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _PrintLog(PrintLog):
    """skorch's per-epoch table, without colour codes when stdout is not a terminal."""

    def format_row(self, row, key, color):
        text = super().format_row(row, key, color)
        if isinstance(text, str) and not is_interactive(sys.stdout):
            text = _ANSI.sub("", text)
        return text


def _valid_aupr(net, X, y):
    # EpochScoring callable: X is the validation Dataset; predictions come from skorch's cache.
    # Small validation splits often lack positives for a rare task: skip it without a warning
    # every epoch (mean_average_precision_score leaves such tasks out either way).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*left out of the mean average precision")
        return mean_average_precision_score(y, NeuralNet.predict_proba(net, X))


def default_callbacks(
    *, entropy: bool, validation: bool, progress_bar: bool
) -> list[tuple[str, Callback]]:
    """The ``(name, callback)`` pairs of ``ConvAttentionClassifier._default_callbacks``.

    Parameters
    ----------
    entropy : bool
        Record the attention-entropy penalty (``train_entropy``).
    validation : bool
        Validation loss, AUPR, learning-rate schedule and early stopping.
    progress_bar : bool
        A per-batch progress bar (before the epoch table).
    """
    callbacks: list[tuple[str, Any]] = [
        ("epoch_timer", EpochTimer()),
        ("train_loss", PassthroughScoring(name="train_loss", on_train=True)),
    ]
    if entropy:
        callbacks.append(("train_entropy", PassthroughScoring(name="train_entropy", on_train=True)))
    if validation:
        callbacks += [
            ("valid_loss", PassthroughScoring(name="valid_loss")),
            ("valid_aupr", EpochScoring(_valid_aupr, name="valid_aupr", lower_is_better=False)),
            (
                "lr_scheduler",
                LRScheduler(
                    policy=ReduceLROnPlateau,
                    monitor="valid_aupr",
                    mode="max",
                    factor=0.3,
                    patience=5,
                ),
            ),
            (
                "early_stopping",
                EarlyStopping(
                    monitor="valid_aupr", lower_is_better=False, patience=10, load_best=True
                ),
            ),
        ]
    if progress_bar:
        callbacks.append(("progress_bar", ProgressBar()))
    callbacks.append(("print_log", _PrintLog()))
    return callbacks
