"""skorch estimator for multi-label convolution-attention networks, and its read-outs."""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
import torch
from sklearn.base import ClassifierMixin
from sklearn.utils import TransformerTags, metadata_routing
from sklearn.utils.validation import check_is_fitted
from skorch import NeuralNet
from skorch.dataset import ValidSplit
from skorch.utils import to_tensor
from torch.utils.data import DataLoader, Dataset

from ..metrics import mean_average_precision_score
from ..utils import (
    DEFAULT_N_THREADS,
    check_labels,
    check_n_threads,
    check_onehot,
    is_interactive,
    threaded_iter,
    torch_threads,
)
from ._attribution import AttributionReadout

# Pickles of fitted classifiers name these callbacks' classes in this module.
from ._callbacks import _PrintLog, _valid_aupr, default_callbacks  # noqa: F401
from ._device import move_net
from ._modules import AttentionEntropyLoss, ConvAttentionNet
from ._presets import PRESETS
from ._readout import BaseReadout, NetReadout
from ._seeding import FitSeeds
from ._targets import encode_binary, task_classes

__all__ = ["ConvAttentionClassifier"]


class ConvAttentionClassifier(ClassifierMixin, NeuralNet):
    """Multi-label convolution-attention network (GLIFAC paper) as a skorch/sklearn estimator.

    Trains :class:`ConvAttentionNet` on one-hot DNA with the paper's protocol by default: binary
    cross-entropy on logits, Adam (lr 1e-3), batches of 100, up to 100 epochs, learning rate x0.3
    when the validation AUPR has not improved for 5 epochs, early stopping on the validation
    AUPR, and the parameters of the best validation epoch restored at the end.

    Parameters
    ----------
    preset : str, default=None
        One of the paper's models (see :data:`~sklearn_glifac.models.PRESETS`): "CNN4-ReLU",
        "CNN4-ReLU-Norm", "CNN4-Exp", "CNN4-Exp-Norm", "CNN20-ReLU", "CNN20-ReLU-Norm",
        "CNN20-Exp", "CNN20-Exp-Norm", "SATORI". ``None`` uses :class:`ConvAttentionNet`'s
        defaults (the CNN4-ReLU architecture). Explicit ``module__*`` parameters override the
        preset, e.g. ``preset="CNN20-Exp", module__pool_size=10``.
    entropy_weight : float, default=0.0
        Weight ``lambda`` of the SATORI-v2 attention-entropy penalty: the training loss is
        ``BCE + lambda * H`` with ``H`` the batch mean of the sum over heads of the mean row
        entropy of the attention maps. Positive values make attention sparser (SATORI-v2 used
        0.001-0.01). When positive, training uses the explicit attention path (slower) and
        ``criterion_`` is ``criterion`` inside :class:`AttentionEntropyLoss`.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, dropout, batch shuffling and the validation split of
        :meth:`fit`. With an int, fitting twice on CPU gives identical weights. Torch's global
        random state is forked for the fit and restored afterwards. ``None`` uses torch's and
        numpy's global random state, like plain PyTorch.
    n_threads : int or None, default=1
        torch intra-op threads for :meth:`fit`, every prediction and every read-out, set for
        the duration of each call (each batch, for lazy read-outs) and restored afterwards,
        so nothing changes for the rest of the process. ``-1`` uses every core the process may
        run on (a machine-dependent count); ``None`` leaves torch's current setting
        (``torch.set_num_threads``, ``OMP_NUM_THREADS``) in charge. The default, one thread, was
        the fastest for training and inference on 2 cores (``benchmarks/bench_threads.py``) and
        makes results independent of the core count; results are bitwise reproducible for a
        given seed and thread count (see the reproducibility guide).
    module : type, default=ConvAttentionNet
        The network class; built with the preset and ``module__*`` keyword arguments plus
        ``n_tasks`` and ``seq_len`` inferred from the training data.
    criterion : type, default=torch.nn.BCEWithLogitsLoss
        Loss on the logits.
    optimizer : type, default=torch.optim.Adam
    lr : float, default=1e-3
    max_epochs : int, default=100
    batch_size : int, default=100
        Also the batch size of every prediction and read-out.
    train_split : float, tuple (X_valid, y_valid), callable or None, default=0.1
        Internal validation data, which drives the learning-rate schedule, early stopping and
        the choice of the restored parameters. A float is the fraction of the training data
        held out at random (the paper's 0.7/0.1/0.2 split corresponds to ``0.125`` of the
        train+validation part); a tuple is an explicit validation set; a callable is a skorch
        splitter (``skorch.dataset.ValidSplit``, ``skorch.helper.predefined_split``). ``None``
        trains on everything, without scheduling, early stopping or restoring.
    verbose : int, default=1
        0: silent; 1: skorch's per-epoch table; 2: also a per-batch progress bar (only when
        stderr is a terminal or a notebook: redirected logs keep the per-epoch lines).
    **kwargs
        Further skorch parameters: ``module__*`` (architecture, see
        :class:`ConvAttentionNet`), ``optimizer__*``, ``iterator_train__*``, ``callbacks``,
        ``callbacks__early_stopping__patience`` (default 10), ``callbacks__lr_scheduler__*``,
        ``device``, ``warm_start``...

    Attributes
    ----------
    module_ : ConvAttentionNet
        The fitted network.
    seq_len_ : int
        Sequence length seen in :meth:`fit`; every later input must have it.
    n_tasks_ : int
        Number of tasks (columns of ``y``; 1 for a 1-D ``y``).
    classes_ : ndarray of shape (n_tasks,) or (2,)
        Task indices ``0..n_tasks-1`` (as :class:`~sklearn.neural_network.MLPClassifier` uses
        for multi-label targets), ``[0, 1]`` for a 2-D ``y`` with a single column, or the two
        sorted labels of a 1-D binary ``y``. With :meth:`decision_function`, this lets
        sklearn's ``"average_precision"`` and ``"roc_auc"`` scorers score one column per task
        for any number of tasks.
    binary_classes_ : ndarray of shape (2,) or None
        The two labels of a 1-D binary ``y`` (then :meth:`predict` returns shape
        (n_samples,), :meth:`predict_proba` (n_samples, 2) and :meth:`decision_function`
        (n_samples,), sklearn's binary convention); ``None`` after a fit on a 2-D ``y``
        (multi-label: one column per task everywhere).
    history_ : skorch.History
        Per-epoch losses, ``valid_aupr``, learning rates and timings.
    fit_seeds_ : FitSeeds or None
        While a fit with a non-None ``random_state`` runs, its seeds (torch, training loader,
        validation split) and the training loader's generator, which ``get_iterator`` and
        ``get_split_datasets`` use and callbacks may read (the checkpoint callbacks save and
        restore the loader's state); ``None`` otherwise.

    See Also
    --------
    ConvAttentionNet : The network.
    NetReadout : The lazy read-out returned by :meth:`transform`.

    Notes
    -----
    sklearn's ``_parameter_constraints``/``_fit_context`` cannot be used here: skorch's
    ``NeuralNet`` defines its own ``_validate_params``. Parameters are checked in :meth:`fit`.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ConvAttentionClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (60, 40))].transpose(0, 2, 1)
    >>> y = rng.integers(0, 2, (60, 3))
    >>> clf = ConvAttentionClassifier("CNN4-Exp", module__n_filters=4, module__dense_units=8,
    ...                               max_epochs=1, verbose=0, random_state=0).fit(X, y)
    >>> clf.predict_proba(X).shape, clf.attention_maps(X[:2]).shape
    ((60, 3), (2, 8, 10, 10))
    """

    def __init__(
        self,
        preset: str | None = None,
        *,
        entropy_weight: float = 0.0,
        random_state: int | np.random.RandomState | None = None,
        n_threads: int | None = DEFAULT_N_THREADS,
        module: type[torch.nn.Module] | torch.nn.Module = ConvAttentionNet,
        criterion: Any = torch.nn.BCEWithLogitsLoss,
        optimizer: Any = torch.optim.Adam,
        lr: float = 1e-3,
        max_epochs: int = 100,
        batch_size: int = 100,
        train_split: Any = 0.1,
        verbose: int = 1,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("iterator_train__shuffle", True)
        super().__init__(
            module,
            criterion=criterion,
            optimizer=optimizer,
            lr=lr,
            max_epochs=max_epochs,
            batch_size=batch_size,
            train_split=train_split,
            verbose=verbose,
            **kwargs,
        )
        self.preset = preset
        self.entropy_weight = entropy_weight
        self.random_state = random_state
        self.n_threads = n_threads

    # Attributes that hold device tensors, pickled by skorch with torch's device mapping so that
    # a net pickled on a GPU loads on a CPU: also the callbacks (the learning-rate schedule keeps
    # a reference to the optimizer, early stopping the best weights).
    cuda_dependent_attributes_ = ["callbacks"]

    # ------------------------------------------------------------------ configuration
    @property
    def _default_callbacks(self):
        # A per-batch bar in a log file is one long line of carriage returns: terminals only.
        bar = isinstance(self.verbose, numbers.Integral) and self.verbose > 1 and is_interactive()
        return default_callbacks(
            entropy=self._uses_entropy(), validation=self.train_split is not None, progress_bar=bar
        )

    # ``source`` selects what transform computes; score refuses sample weights: neither is
    # metadata that a meta-estimator should route.
    __metadata_request__transform = {"source": metadata_routing.UNUSED}
    __metadata_request__score = {"sample_weight": metadata_routing.UNUSED}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.three_d_array = True
        tags.target_tags.single_output = True  # 1-D binary y
        tags.target_tags.multi_output = True  # 2-D multi-label y
        tags.classifier_tags.multi_class = False
        tags.classifier_tags.multi_label = True
        # transform returns a lazy read-out for the interaction transformers, not an array
        tags.transformer_tags = TransformerTags(preserves_dtype=[])
        return tags

    def _uses_entropy(self):
        return isinstance(self.entropy_weight, numbers.Real) and self.entropy_weight > 0

    def _architecture(self):
        """Preset merged with explicit ``module__*`` parameters (the latter win)."""
        if self.preset is not None and self.preset not in PRESETS:
            raise ValueError(f"preset must be None or one of {list(PRESETS)}, got {self.preset!r}.")
        kwargs = dict(PRESETS[self.preset]) if self.preset is not None else {}
        kwargs.update(self.get_params_for("module"))
        return kwargs

    def _arch_value(self, arch, name):
        if name in arch:
            return arch[name]
        cls = self.module if isinstance(self.module, type) else type(self.module)
        param = inspect.signature(cls).parameters.get(name)
        return None if param is None or param.default is param.empty else param.default

    def _check_params(self):
        check_n_threads(self.n_threads)
        w = self.entropy_weight
        if isinstance(w, bool) or not isinstance(w, numbers.Real) or not np.isfinite(w) or w < 0:
            raise ValueError(f"entropy_weight must be a finite real >= 0, got {w!r}.")
        split = self.train_split
        if isinstance(split, numbers.Real) and not isinstance(split, bool):
            if not 0 < split < 1:
                raise ValueError(f"train_split as a fraction must be in (0, 1), got {split!r}.")
        elif isinstance(split, tuple):
            if len(split) != 2:
                raise ValueError(
                    "train_split as a tuple must be (X_valid, y_valid), got a tuple of "
                    f"length {len(split)}."
                )
        elif split is not None and not callable(split):
            raise TypeError(
                "train_split must be a fraction, a tuple (X_valid, y_valid), a skorch splitter "
                f"or None, got {split!r}."
            )
        return self._architecture()

    # ------------------------------------------------------------------ validation
    def _validate_X(self, X, *, arch=None, name="X", fitting=False):
        """The one validation helper for sequences: one-hot, long enough, right length."""
        if sp.issparse(X):
            raise TypeError(
                f"{name} is a sparse {type(X).__name__}: sparse input is not supported; pass a "
                "dense one-hot array of shape (n_samples, 4, seq_len)."
            )
        if not fitting:  # the fitted network fixes the length
            X = check_onehot(X, name=name, min_length=self.seq_len_, allow_unknown=True)
            if X.shape[2] != self.seq_len_:
                raise ValueError(
                    f"{name} has seq_len={X.shape[2]} but the network was fitted on sequences "
                    f"of length {self.seq_len_}."
                )
            return X
        arch = self._architecture() if arch is None else arch
        kernel = self._arch_value(arch, "kernel_size") or 1
        pool = self._arch_value(arch, "pool_size") or 1
        X = check_onehot(X, name=name, min_length=max(int(kernel), int(pool)), allow_unknown=True)
        explicit = arch.get("seq_len")
        if explicit is not None and explicit != X.shape[2]:
            raise ValueError(
                f"{name} has seq_len={X.shape[2]} but module__seq_len={explicit}; "
                "leave module__seq_len unset to infer it from the data."
            )
        return X

    def _validate_y(self, y, n_samples, *, arch, name="y", n_tasks=None):
        y = check_labels(y, n_samples=n_samples, name=name)
        expected = arch.get("n_tasks", n_tasks)
        if expected is not None and y.shape[1] != expected:
            raise ValueError(
                f"{name} has {y.shape[1]} task column(s) but the network has n_tasks={expected}."
            )
        return y

    def _encode_binary(self, y, *, warm, classes=None, name="y"):
        """A 1-D binary ``y`` as a 0/1 column and its two class labels; 2-D ``y`` as it is."""
        fitted = getattr(self, "binary_classes_", None) if warm else None
        return encode_binary(
            y, fitted=fitted, classes=classes, name=name, owner=type(self).__name__
        )

    def _validate_fit_data(self, X, y, *, continuing, classes=None):
        arch = self._check_params()
        warm = continuing and self.initialized_ and hasattr(self, "seq_len_")
        X = self._validate_X(X, arch=arch, fitting=not warm)
        y, labels = self._encode_binary(y, warm=warm, classes=classes)
        y = self._validate_y(y, len(X), arch=arch, n_tasks=self.n_tasks_ if warm else None)
        if not warm:
            self.seq_len_ = X.shape[2]
            self.n_tasks_ = y.shape[1]
        self.binary_classes_ = labels
        return X, y

    def _check_fit_params(self, fit_params):
        if "sample_weight" in fit_params:
            raise TypeError(
                f"{type(self).__name__}.fit does not support sample_weight: the loss is "
                "unweighted. Resample or subset the training data instead, and leave "
                "sample_weight unrequested (set_fit_request) in meta-estimators."
            )

    def _check_X(self, X, name="X"):
        check_is_fitted(self)
        return self._validate_X(X, name=name)

    # ------------------------------------------------------------------ skorch hooks
    def initialize_module(self) -> ConvAttentionClassifier:
        """Build the network from the preset, ``module__*`` and the data's shape."""
        kwargs = self._architecture()
        for name in ("seq_len", "n_tasks"):
            if name not in kwargs:
                if not hasattr(self, name + "_"):
                    raise ValueError(
                        f"{name} is unknown before fit: call fit(X, y) or pass module__{name}."
                    )
                kwargs[name] = getattr(self, name + "_")
        try:
            self.module_ = self.initialized_instance(self.module, kwargs)
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"Invalid network parameters (preset={self.preset!r} and module__*): {exc}"
            ) from exc
        return self

    def _get_predict_nonlinearity(self):
        if self.predict_nonlinearity == "auto":
            self.check_is_fitted()
            return torch.sigmoid
        return super()._get_predict_nonlinearity()

    def infer(self, x: Any, **fit_params: Any) -> Any:
        if self._uses_entropy() and self.module_.training:
            x = to_tensor(x, device=self.device)
            return self.module_(x, return_attention=True, **fit_params)
        return super().infer(x, **fit_params)

    def _entropy_criterion(self):
        """Wrap ``criterion_`` in :class:`AttentionEntropyLoss` when the penalty is on."""
        if isinstance(self.criterion_, AttentionEntropyLoss):
            self.criterion_.entropy_weight = self.entropy_weight
        elif self._uses_entropy():
            self.criterion_ = AttentionEntropyLoss(self.criterion_, self.entropy_weight)

    def initialize_criterion(self) -> ConvAttentionClassifier:
        """``criterion``, inside :class:`AttentionEntropyLoss` when ``entropy_weight > 0``."""
        super().initialize_criterion()
        self._entropy_criterion()
        return self

    def on_train_begin(self, net: NeuralNet, X: Any = None, y: Any = None, **kwargs: Any) -> None:
        super().on_train_begin(net, X=X, y=y, **kwargs)
        # entropy_weight may have been set after the criterion was built (warm start, partial_fit)
        self._entropy_criterion()

    def on_batch_end(
        self, net: NeuralNet, batch: Any = None, training: bool = False, **kwargs: Any
    ) -> None:
        super().on_batch_end(net, batch=batch, training=training, **kwargs)
        entropy = getattr(self.criterion_, "entropy_", None)
        if training and entropy is not None:
            self.history.record_batch("train_entropy", entropy.item())

    def get_split_datasets(
        self, X: Any, y: Any = None, **fit_params: Any
    ) -> tuple[Dataset, Dataset | None]:
        dataset = self.get_dataset(X, y)
        split = self.train_split
        if split is None:
            return dataset, None
        if isinstance(split, tuple):
            X_valid = self._validate_X(split[0], name="X_valid")
            y_valid = split[1]
            if self._is_binary():
                y_valid, _ = self._encode_binary(y_valid, warm=True, name="y_valid")
            y_valid = self._validate_y(y_valid, len(X_valid), arch={}, name="y_valid")
            if y_valid.shape[1] != self.n_tasks_:
                raise ValueError(
                    f"y_valid has {y_valid.shape[1]} task column(s) but y has {self.n_tasks_}."
                )
            return dataset, self.get_dataset(X_valid, y_valid)
        seeds = getattr(self, "fit_seeds_", None)
        if seeds is not None:
            split = seeds.seeded_split(split)
        if isinstance(split, numbers.Real):
            split = ValidSplit(float(split))
        return split(dataset, y, **fit_params)

    def get_iterator(self, dataset: Dataset, training: bool = False) -> DataLoader:
        """skorch's loader; during a seeded fit, the training loader shuffles with its seed."""
        seeds = getattr(self, "fit_seeds_", None)
        if not (training and seeds is not None and self.iterator_train is DataLoader):
            return super().get_iterator(dataset, training=training)
        kwargs = self.get_params_for("iterator_train")
        kwargs.setdefault("batch_size", self.batch_size)
        if kwargs["batch_size"] == -1:
            kwargs["batch_size"] = len(dataset)  # type: ignore[arg-type]
        kwargs["generator"] = seeds.loader_generator_for(kwargs)
        return DataLoader(dataset, **kwargs)

    @contextmanager
    def _seeded(self):
        """Draw the fit's :class:`FitSeeds` from ``random_state`` and fork torch's RNG."""
        if self.random_state is None:
            self.fit_seeds_ = None
            yield
            return
        self.fit_seeds_ = FitSeeds(self.random_state)
        try:
            with self.fit_seeds_.forked_torch_rng(self.device):
                yield
        finally:
            self.fit_seeds_ = None

    # ------------------------------------------------------------------ public API
    def set_params(self, **params: Any) -> ConvAttentionClassifier:
        """Set parameters; a new ``device`` moves a fitted network there at once.

        The module, the criterion and the optimizer state move together (skorch itself moves
        them only at the next initialisation), so the next prediction or ``partial_fit`` runs
        on the new device.

        Returns
        -------
        self : ConvAttentionClassifier
        """
        super().set_params(**params)
        if "device" in params and params["device"] is not None and self.initialized_:
            move_net(self, params["device"])
        return self

    def fit(self, X: Any, y: Any, **fit_params: Any) -> ConvAttentionClassifier:
        """Train the network (re-initialised unless ``warm_start=True``).

        Parameters
        ----------
        X : array-like of shape (n_samples, 4, seq_len)
            One-hot DNA (ACGT).
        y : array-like of shape (n_samples, n_tasks) or (n_samples,)
            Multi-label 0/1 targets, one column per task, or a 1-D binary target with any two
            labels (sklearn's binary convention, see ``binary_classes_``).
        **fit_params : dict
            Passed to the module's ``forward`` and to ``train_split``, as in skorch.
            ``sample_weight`` is not supported (TypeError): the loss is unweighted.

        Returns
        -------
        self : ConvAttentionClassifier
        """
        self._check_fit_params(fit_params)
        X, y = self._validate_fit_data(X, y, continuing=self.warm_start)
        self._validated_ = True  # skorch's fit calls partial_fit with the data validated here
        try:
            with torch_threads(self.n_threads), self._seeded():
                super().fit(X, y, **fit_params)
        finally:
            del self._validated_
        self._set_classes()
        return self

    def _set_classes(self):
        labels = self.binary_classes_
        self.classes_ = task_classes(self.n_tasks_) if labels is None else labels.copy()

    def partial_fit(
        self, X: Any, y: Any, classes: npt.ArrayLike | None = None, **fit_params: Any
    ) -> ConvAttentionClassifier:
        """Continue training for ``max_epochs`` (initialises the network on first call).

        ``random_state`` seeds only :meth:`fit`; partial fits use torch's global random state.
        ``classes`` (the two labels, for a 1-D binary ``y``) is read on the first call only.
        """
        if not getattr(self, "_validated_", False):
            self._check_fit_params(fit_params)
            X, y = self._validate_fit_data(X, y, continuing=True, classes=classes)
        with torch_threads(self.n_threads):
            NeuralNet.partial_fit(self, X, y, **fit_params)
        self._set_classes()
        return self

    def forward_iter(
        self, X: Any, training: bool = False, device: str | torch.device = "cpu"
    ) -> Iterator[torch.Tensor]:
        """skorch's batched forward pass, each batch computed with ``n_threads`` threads."""
        batches = NeuralNet.forward_iter(self, X, training=training, device=device)
        return threaded_iter(batches, self.n_threads)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Per-task probabilities (sigmoid of the logits).

        Parameters
        ----------
        X : array-like of shape (n_samples, 4, seq_len)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_tasks) or (n_samples, 2)
            One column per task; after a fit on a 1-D binary ``y``, the probabilities of
            ``classes_[0]`` and ``classes_[1]``, as every sklearn binary classifier returns.
        """
        proba = NeuralNet.predict_proba(self, self._check_X(X))
        if self._is_binary():
            return np.column_stack([1 - proba[:, 0], proba[:, 0]])
        return proba

    def _is_binary(self):
        return getattr(self, "binary_classes_", None) is not None

    def predict(self, X: Any) -> np.ndarray:
        """Labels: probability >= 0.5.

        Returns
        -------
        y_pred : ndarray of shape (n_samples, n_tasks), dtype int64, or (n_samples,)
            0/1 per task; after a fit on a 1-D binary ``y``, labels from ``classes_``.
        """
        proba = self.predict_proba(X)
        if self._is_binary():
            return self.classes_[(proba[:, 1] >= 0.5).astype(np.int64)]
        return (proba >= 0.5).astype(np.int64)

    def decision_function(self, X: Any) -> np.ndarray:
        """Per-task logits, shape (n_samples, n_tasks); (n_samples,) after a 1-D binary fit.

        For a binary fit, positive values favour ``classes_[1]``.
        """
        X = self._check_X(X)
        logits = np.concatenate([yp.numpy() for yp in self.forward_iter(X, training=False)])
        return logits[:, 0] if self._is_binary() else logits

    def score(self, X: Any, y: Any, sample_weight: None = None) -> float:
        """Mean over tasks of the average precision (AUPR), the paper's metric.

        Tasks without a positive sample in ``y`` are left out of the mean.

        Parameters
        ----------
        X : array-like of shape (n_samples, 4, seq_len)
        y : array-like of shape (n_samples, n_tasks)
        sample_weight : None
            Not supported (must be None).

        Returns
        -------
        score : float
        """
        if sample_weight is not None:
            raise ValueError("sample_weight is not supported by score; pass None.")
        X = self._check_X(X)
        if self._is_binary():
            y, _ = self._encode_binary(y, warm=True)
        y = self._validate_y(y, len(X), arch={}, n_tasks=self.n_tasks_)
        return mean_average_precision_score(y, NeuralNet.predict_proba(self, X))

    # ------------------------------------------------------------------ read-outs
    def _collect(self, X, key, batch_size):
        readout = NetReadout(self, X, batch_size=batch_size)
        flags = {"features": False, "attention": False, "activations": False, key: True}
        return np.concatenate([getattr(b, key) for b in readout.batches(**flags)])

    def attention_maps(self, X: Any, *, batch_size: int | None = None) -> np.ndarray:
        """Softmax attention weights of every head.

        Parameters
        ----------
        X : array-like of shape (n_samples, 4, seq_len)
        batch_size : int, default=None
            Sequences per forward pass; ``None`` uses the net's ``batch_size``.

        Returns
        -------
        attention : ndarray of shape (n_samples, n_heads, pooled_len, pooled_len)
            Row ``i`` of a head's map is query position ``i``'s distribution over keys.
        """
        return self._collect(X, "attention", batch_size)

    def feature_maps(self, X: Any, *, batch_size: int | None = None) -> np.ndarray:
        """Pooled first-layer activations: the attention input, before any LayerNorm.

        Returns
        -------
        features : ndarray of shape (n_samples, pooled_len, n_filters)
        """
        return self._collect(X, "features", batch_size)

    def conv_activations(self, X: Any, *, batch_size: int | None = None) -> np.ndarray:
        """First-layer activations before pooling (used to build filter PWMs).

        Returns
        -------
        activations : ndarray of shape (n_samples, seq_len, n_filters)
        """
        return self._collect(X, "activations", batch_size)

    def set_output(self, *, transform: str | None = None) -> ConvAttentionClassifier:
        """Accept a Pipeline's ``set_output``; :meth:`transform` is not affected.

        :meth:`transform` returns a lazy read-out object, which has no table form; the
        interaction transformers after it in a Pipeline honour ``transform="pandas"``.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"} or None, default=None
            Checked, then ignored.

        Returns
        -------
        self : ConvAttentionClassifier
        """
        if transform not in (None, "default", "pandas", "polars"):
            raise ValueError(
                f"transform must be None, 'default', 'pandas' or 'polars', got {transform!r}."
            )
        return self

    def transform(self, X: Any, *, source: str = "attention") -> BaseReadout:
        """Lazy read-out of the fitted network on ``X`` (for the interaction transformers).

        Parameters
        ----------
        X : array-like of shape (n_samples, 4, seq_len)
        source : {"attention", "attribution"}, default="attention"
            What the read-out serves as attention maps: the softmax weights, or their
            integrated-gradients attributions (:class:`AttributionReadout`, 20 steps,
            normalised per sequence), so any attention method runs on attributions.

        Returns
        -------
        readout : NetReadout or AttributionReadout
            Computes features, attention and activations one batch at a time when iterated.
        """
        if source == "attribution":
            return AttributionReadout(NetReadout(self, X))
        if source != "attention":
            raise ValueError(f"source must be 'attention' or 'attribution', got {source!r}.")
        return NetReadout(self, X)
