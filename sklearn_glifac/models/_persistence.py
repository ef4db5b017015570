"""Saving and loading fitted classifiers: weights plus a JSON of everything needed to rebuild.

A model file (``.pt``) is a ``torch.save`` file holding the network's state dict and a JSON text
of everything needed to rebuild the classifier (preset, ``module__*`` arguments, ``seq_len``,
``n_tasks``, target names, ground truth, library version); it is read back with
``torch.load(weights_only=True)``, which cannot run code. Pickles are written and read only on
request (``allow_pickle=True``): unpickling a file runs whatever code it names.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import __version__
from ..io import InputError, existing_file
from ._classifier import ConvAttentionClassifier
from ._modules import ConvAttentionNet

if TYPE_CHECKING:
    import torch

__all__ = ["load_model", "save_model"]

MODEL_FORMAT = "sklearn-glifac-model/2"
_PICKLE_FORMAT = "sklearn-glifac-model/1"
_ZIP_MAGIC = b"PK\x03\x04"


def _jsonable(value: object) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _json_default(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def _model_config(estimator: ConvAttentionClassifier, metadata: dict[str, Any]) -> dict[str, Any]:
    if not getattr(estimator, "initialized_", False) or not hasattr(estimator, "seq_len_"):
        raise ValueError("estimator must be a fitted ConvAttentionClassifier.")
    if estimator.module is not ConvAttentionNet:
        raise TypeError(
            f"save_model writes ConvAttentionNet classifiers; module is {estimator.module!r}. "
            "Use allow_pickle=True for a custom module (and load it only where you trust it)."
        )
    params, dropped = {}, []
    skip = {"module", "criterion", "optimizer", "callbacks", "train_split", "dataset",
            "iterator_train", "iterator_valid", "verbose", "device"}  # fmt: skip
    for key, value in estimator.get_params(deep=False).items():
        if key in skip:
            continue
        if _jsonable(value):
            params[key] = value
        elif key.startswith("module__"):
            raise TypeError(
                f"save_model: {key}={value!r} cannot be written as JSON; use allow_pickle=True."
            )
        else:
            dropped.append(key)
    split = estimator.train_split
    params["train_split"] = split if isinstance(split, float) else None
    truth = metadata.pop("true_interactions", None)
    config = {
        "format": MODEL_FORMAT,
        "library_version": __version__,
        "estimator": type(estimator).__name__,
        "params": params,
        "not_saved": sorted(dropped),
        "seq_len": int(estimator.seq_len_),
        "n_tasks": int(estimator.n_tasks_),
        # the two labels of a fit on a 1-D binary y (sklearn's binary convention), else None
        "binary_classes": None
        if getattr(estimator, "binary_classes_", None) is None
        else np.asarray(estimator.binary_classes_).tolist(),
        "true_interactions": None
        if truth is None
        else {
            "names": [str(n) for n in truth.index],
            "values": np.asarray(truth, dtype=int).tolist(),
        },
        "history": json.loads(json.dumps(list(estimator.history), default=_json_default)),
        "metadata": json.loads(json.dumps(metadata, default=_json_default)),
    }
    return config


def save_model(
    estimator: ConvAttentionClassifier,
    path: str | os.PathLike[str],
    *,
    allow_pickle: bool = False,
    **metadata: Any,
) -> Path:
    """Save a fitted classifier as a ``torch.save`` state dict plus a JSON of its parameters.

    Parameters
    ----------
    estimator : ConvAttentionClassifier
        Fitted.
    path : str or path-like
        File to write (``.pt`` by convention).
    allow_pickle : bool, default=False
        Write a pickle of the whole estimator instead (needed only for custom modules; such a
        file can be loaded only with ``load_model(..., allow_pickle=True)``). Validation data
        passed as ``train_split=(X_valid, y_valid)`` is left out either way.
    **metadata
        ``preset``, ``target_names``, ``true_interactions`` (a motif x motif DataFrame) and any
        other JSON-serialisable values, returned by :func:`load_model`.
    """
    path = Path(path)
    if allow_pickle:
        saved = estimator.train_split
        try:
            if isinstance(saved, tuple):  # the validation arrays are data, not model
                estimator.train_split = None
            payload = {"format": _PICKLE_FORMAT, "estimator": estimator, **metadata}
            with open(path, "wb") as fh:
                pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            estimator.train_split = saved
        return path
    import torch

    config = _model_config(estimator, dict(metadata))
    state = {k: v.detach().cpu() for k, v in estimator.module_.state_dict().items()}
    torch.save({"sklearn_glifac": json.dumps(config), "state_dict": state}, path)
    return path


def _load_pickle(path: Path, *, quiet: bool = False) -> dict[str, Any]:
    import warnings

    from skorch.exceptions import DeviceWarning

    try:
        with open(path, "rb") as fh, warnings.catch_warnings():
            if quiet:  # the caller moves the network to the device it asked for
                warnings.simplefilter("ignore", DeviceWarning)
            payload = pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError) as exc:
        raise InputError(f"{path}: not a model file written by sklearn-glifac: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != _PICKLE_FORMAT:
        raise InputError(f"{path}: a pickle, but not a model file written by sklearn-glifac.")
    return payload


def _rebuild(
    config: dict[str, Any],
    state_dict: dict[str, Any],
    path: Path,
    device: str | torch.device | None,
) -> ConvAttentionClassifier:
    params = dict(config["params"])
    params.update(verbose=0, device=device)
    clf = ConvAttentionClassifier(**params)
    clf.seq_len_ = int(config["seq_len"])
    clf.n_tasks_ = int(config["n_tasks"])
    clf.initialize()
    try:
        clf.module_.load_state_dict(state_dict)
    except (RuntimeError, KeyError) as exc:
        raise InputError(f"{path}: the weights do not fit the saved parameters: {exc}") from exc
    clf.module_.eval()
    labels = config.get("binary_classes")
    clf.binary_classes_ = None if labels is None else np.asarray(labels)
    if labels is not None:
        clf.classes_ = clf.binary_classes_.copy()
    else:
        clf.classes_ = np.array([0, 1]) if clf.n_tasks_ == 1 else np.arange(clf.n_tasks_)
    if config.get("history"):
        from skorch.history import History

        clf.history_ = History(config["history"])
    return clf


def load_model(
    path: str | os.PathLike[str],
    *,
    allow_pickle: bool = False,
    device: str | torch.device | None = "cpu",
) -> dict[str, Any]:
    """Load a model file written by :func:`save_model`.

    Parameters
    ----------
    path : str or path-like
        A ``.pt`` file from :func:`save_model` (``sklearn-glifac train``, the demo's
        ``models/``).
    allow_pickle : bool, default=False
        Also accept a pickled model (written with ``save_model(..., allow_pickle=True)`` or by
        sklearn-glifac 0.1). Unpickling runs any code the file names: pass True only for files
        you made or trust.
    device : str, torch.device or None, default="cpu"
        Torch device of the loaded network (module, criterion and optimizer state), for
        pickles too: a model trained on a GPU loads on a CPU-only machine. ``None`` keeps a
        pickle's network where unpickling puts it (its training device when available).

    Returns
    -------
    payload : dict
        ``estimator`` (the fitted classifier), ``preset``, ``target_names``,
        ``true_interactions`` (DataFrame or None), ``library_version`` and the other metadata.

    Raises
    ------
    InputError
        Missing, truncated or foreign file; a pickle without ``allow_pickle=True``; a file
        written by another sklearn-glifac version.
    """
    path = existing_file(path, "model")
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head[:1] == b"\x80":
        if not allow_pickle:
            raise InputError(
                f"{path}: a pickled model (sklearn-glifac 0.1 or save_model(allow_pickle=True)). "
                "Unpickling runs any code the file names, so it is refused by default; if you "
                "made or trust this file, load it with --allow-pickle (Python: "
                "load_model(path, allow_pickle=True))."
            )
        payload = _load_pickle(path, quiet=device is not None)
        if device is not None:
            payload["estimator"].set_params(device=device)
        return payload
    if head != _ZIP_MAGIC:
        raise InputError(f"{path}: not a model file written by sklearn-glifac (unknown format).")
    import torch

    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # truncated zips and foreign objects raise many different types
        raise InputError(
            f"{path}: truncated, damaged or foreign model file: "
            f"{str(exc).splitlines()[0].split('. ')[0]}."
        ) from exc
    if not isinstance(blob, dict) or "sklearn_glifac" not in blob or "state_dict" not in blob:
        raise InputError(
            f"{path}: a PyTorch file, but not a model written by sklearn-glifac (no "
            "'sklearn_glifac' parameters entry)."
        )
    try:
        config = json.loads(blob["sklearn_glifac"])
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}: damaged model parameters (JSON): {exc}") from exc
    if config.get("format") != MODEL_FORMAT:
        raise InputError(
            f"{path}: model format {config.get('format')!r}; this version reads {MODEL_FORMAT!r}."
        )
    version = config.get("library_version")
    if version != __version__:
        raise InputError(
            f"{path}: written by sklearn-glifac {version}, but this is {__version__}. Model "
            f"files are read by the version that wrote them: install sklearn-glifac=={version} "
            "to use it, or retrain with this version."
        )
    clf = _rebuild(config, blob["state_dict"], path, device)
    truth = config.get("true_interactions")
    if truth is not None:
        truth = pd.DataFrame(truth["values"], index=truth["names"], columns=truth["names"])
    return {
        **config.get("metadata", {}),
        "format": MODEL_FORMAT,
        "estimator": clf,
        "true_interactions": truth,
        "library_version": version,
        "seq_len": clf.seq_len_,
    }
