"""Targets of the classifier: one 0/1 column per task, or a 1-D binary ``y`` with any two labels."""

from __future__ import annotations

from typing import Any

import numpy as np


def task_classes(n_tasks: int) -> np.ndarray:
    """``classes_`` of a fit on a 2-D ``y``: ``[0, 1]`` for one task, else the task indices."""
    # One task is a binary problem (labels 0/1); several are indexed like MLPClassifier does.
    return np.array([0, 1]) if n_tasks == 1 else np.arange(n_tasks)


def binary_classes(y: np.ndarray, *, name: str = "y") -> np.ndarray:
    """The two class labels of a 1-D binary target (sorted, as ``np.unique`` gives them)."""
    if np.issubdtype(y.dtype, np.floating):
        if not np.isfinite(y).all():
            raise ValueError(f"Input {name} contains NaN or infinity.")
        if not np.equal(np.mod(y, 1), 0).all():
            raise ValueError(
                f"Unknown label type: continuous. {name} must hold class labels (two distinct "
                "values), not continuous values."
            )
    classes = np.unique(y)
    if len(classes) > 2:
        raise ValueError(
            f"Only binary classification is supported. {name} is 1-D with {len(classes)} "
            f"classes ({classes[:5].tolist()}); for several binary tasks pass a 2-D 0/1 array "
            "of shape (n_samples, n_tasks)."
        )
    if len(classes) < 2:
        raise ValueError(
            f"{name} is 1-D with only one class ({classes.tolist()}): a binary classifier "
            "needs 2 classes."
        )
    return classes


def encode_binary(
    y: Any,
    *,
    fitted: np.ndarray | None,
    classes: Any = None,
    name: str = "y",
    owner: str = "ConvAttentionClassifier",
) -> tuple[Any, np.ndarray | None]:
    """A 1-D binary ``y`` as a 0/1 column and its two class labels; 2-D ``y`` as it is.

    ``fitted`` holds the labels of an earlier fit on a 1-D ``y`` (they win), ``classes`` the
    labels a first ``partial_fit`` was given; otherwise they are read from ``y``. ``owner``
    names the estimator in the error for a missing ``y``.
    """
    if y is None:
        raise ValueError(f"{owner} requires y to be passed, but the target y is None.")
    if hasattr(y, "detach"):
        y = y.detach().cpu().numpy()
    arr = np.asarray(y)
    if arr.ndim != 1:
        if fitted is not None:
            raise ValueError(
                f"{name} is {arr.ndim}-D but the classifier was fitted on a 1-D binary y."
            )
        return y, None
    if fitted is not None:
        labels = fitted
    elif classes is not None:
        labels = binary_classes(np.asarray(classes), name="classes")
    else:
        labels = binary_classes(arr, name=name)
    if not np.isin(arr, labels).all():
        bad = np.unique(arr[~np.isin(arr, labels)])[:5].tolist()
        raise ValueError(f"{name} has labels {bad} not among the classes {labels.tolist()}.")
    return (arr == labels[1]).astype(np.float32)[:, None], labels
