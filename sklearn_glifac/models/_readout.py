"""Lazy, batched read-outs of a convolution-attention network.

A read-out is what a fitted :class:`~sklearn_glifac.models.ConvAttentionClassifier` returns from
``transform(X)`` and what the interaction transformers consume. It never holds more than one batch
of attention maps in memory: iterating it yields :class:`ReadoutBatch` objects.

Two implementations share the :class:`BaseReadout` protocol:

* :class:`ModuleReadout` runs any ``torch.nn.Module`` with a ``readout()`` method batch by
  batch (:func:`readout_batches`); :class:`NetReadout` is the one of a fitted
  :class:`~sklearn_glifac.models.ConvAttentionClassifier`;
* :class:`ArrayReadout` wraps arrays computed elsewhere (another framework, a saved run), so the
  interaction methods work on any model.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..utils import check_int, check_onehot, threaded_iter

if TYPE_CHECKING:
    import torch
    from skorch import NeuralNet  # a fitted ConvAttentionClassifier


@dataclass(frozen=True)
class ReadoutBatch:
    """One batch of network read-outs.

    Attributes
    ----------
    indices : ndarray of shape (batch_size,)
        Row indices of these sequences in the read-out's ``X``.
    features : ndarray of shape (batch_size, pooled_len, n_filters) or None
        Pooled first-layer activations (the input of the attention layer, before LayerNorm).
    attention : ndarray of shape (batch_size, n_heads, pooled_len, pooled_len) or None
        Softmax attention weights; row ``i`` is the distribution of query ``i`` over keys.
    activations : ndarray of shape (batch_size, seq_len, n_filters) or None
        First-layer activations before pooling (used to build filter PWMs).
    """

    indices: np.ndarray
    features: np.ndarray | None = None
    attention: np.ndarray | None = None
    activations: np.ndarray | None = None


class BaseReadout:
    """Protocol shared by every read-out.

    Attributes every implementation sets: ``X`` (ndarray (n_samples, 4, seq_len) or None),
    ``n_samples``, ``n_filters``, ``n_heads``, ``pooled_len``, ``kernel_size`` (int or None),
    ``batch_size``.
    """

    # declared for type checkers; every implementation sets them
    X: Any  # ndarray (n_samples, 4, seq_len), a OneHotStore, or None
    n_samples: int
    n_filters: int
    n_heads: int
    pooled_len: int
    kernel_size: int | None
    batch_size: int

    def batches(
        self, *, features: bool = True, attention: bool = True, activations: bool = False
    ) -> Iterator[ReadoutBatch]:
        """Iterate over :class:`ReadoutBatch` objects holding the requested arrays."""
        raise NotImplementedError

    def with_sequences(self, X: Any) -> BaseReadout:
        """A read-out of the same model on other sequences ``X`` (e.g. shuffled copies)."""
        raise NotImplementedError(
            f"{type(self).__name__} cannot compute read-outs for new sequences; pass a read-out "
            "of the shuffled sequences explicitly."
        )

    def __iter__(self):
        return self.batches()

    def __len__(self):
        return self.n_samples

    def __repr__(self):
        return (
            f"{type(self).__name__}(n_samples={self.n_samples}, n_filters={self.n_filters}, "
            f"n_heads={self.n_heads}, pooled_len={self.pooled_len})"
        )


def readout_batches(
    module: Any,
    X: Any,
    *,
    batch_size: int = 256,
    features: bool = True,
    attention: bool = True,
    activations: bool = False,
    device: str | torch.device | None = None,
) -> Iterator[ReadoutBatch]:
    """The one batched forward pass behind every read-out, over any module with ``readout()``.

    In the style of tangermeme's ``predict``: a function of a module and sequences, each batch
    computed without gradients (the caller's grad mode is untouched between batches) and in
    evaluation mode (the module's training mode is restored when the iteration ends).

    Parameters
    ----------
    module : torch.nn.Module
        A network with a ``readout(x, *, activations, features, attention)`` method returning a
        dict of tensors (as :meth:`ConvAttentionNet.readout`).
    X : array-like of shape (n_samples, 4, seq_len)
        One-hot sequences (float32).
    batch_size : int, default=256
        Sequences per forward pass.
    features, attention, activations : bool, default=True, True, False
        Which arrays each batch holds.
    device : str or torch.device, default=None
        Where batches are computed; ``None``: the device of the module's first parameter.

    Yields
    ------
    batch : ReadoutBatch
        The requested arrays of consecutive sequences, as numpy arrays.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ConvAttentionNet
    >>> module = ConvAttentionNet(2, seq_len=40, n_filters=4, kernel_size=5, pool_size=4)
    >>> X = np.eye(4, dtype=np.float32)[np.zeros((3, 40), dtype=int)].transpose(0, 2, 1)
    >>> [b.attention.shape for b in readout_batches(module, X, batch_size=2)]
    [(2, 8, 10, 10), (1, 8, 10, 10)]
    """
    import torch

    batch_size = check_int(batch_size, name="batch_size")
    if device is None:
        param = next(module.parameters(), None)
        device = "cpu" if param is None else param.device
    was_training = module.training
    module.eval()
    try:
        for start in range(0, len(X), batch_size):
            stop = min(start + batch_size, len(X))
            # no_grad per batch, not around the yield: the consumer keeps its own grad mode
            with torch.no_grad():
                xb = torch.as_tensor(X[start:stop], device=device)
                out = module.readout(
                    xb, activations=activations, features=features, attention=attention
                )
                batch = ReadoutBatch(
                    indices=np.arange(start, stop),
                    **{key: value.cpu().numpy() for key, value in out.items()},
                )
            yield batch
    finally:
        module.train(was_training)


class ModuleReadout(BaseReadout):
    """Lazy, batched read-out of any ``torch.nn.Module`` with a ``readout()`` method.

    Nothing is computed at construction; each iteration runs :func:`readout_batches`, so at
    most one batch of attention maps is in memory. The interaction transformers accept it like
    the read-out of a fitted :class:`ConvAttentionClassifier`.

    Parameters
    ----------
    module : torch.nn.Module
        A network with ``readout()`` and the attributes ``n_filters``, ``n_heads`` and
        ``pooled_len`` (``kernel_size`` too, for filter PWMs).
    X : array-like of shape (n_samples, 4, seq_len)
        One-hot sequences (validated here).
    batch_size : int, default=256
        Sequences per batch.
    n_threads : int or None, default=None
        Torch CPU threads while a batch is computed (:func:`~sklearn_glifac.utils.torch_threads`);
        ``None`` leaves torch's setting.
    device : str or torch.device, default=None
        Where batches are computed; ``None``: the module's device.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ConvAttentionNet
    >>> module = ConvAttentionNet(2, seq_len=40, n_filters=4, kernel_size=5, pool_size=4)
    >>> X = np.eye(4, dtype=np.float32)[np.zeros((3, 40), dtype=int)].transpose(0, 2, 1)
    >>> ModuleReadout(module, X)
    ModuleReadout(n_samples=3, n_filters=4, n_heads=8, pooled_len=10)
    """

    def __init__(
        self,
        module: Any,
        X: Any,
        *,
        batch_size: int = 256,
        n_threads: int | None = None,
        device: str | torch.device | None = None,
    ) -> None:
        if not callable(getattr(module, "readout", None)):
            raise TypeError(f"module must have a readout() method, got {type(module).__name__}.")
        self.X = check_onehot(X, name="X", allow_unknown=True)
        self._module = module
        self.batch_size = check_int(batch_size, name="batch_size")
        self.n_threads = n_threads
        self.device = device
        self.n_samples = len(self.X)
        self.n_filters = module.n_filters
        self.n_heads = module.n_heads
        self.pooled_len = module.pooled_len
        self.kernel_size = getattr(module, "kernel_size", None)

    @property
    def module(self) -> Any:
        """The network read out."""
        return self._module

    def batches(
        self, *, features: bool = True, attention: bool = True, activations: bool = False
    ) -> Iterator[ReadoutBatch]:
        return threaded_iter(
            readout_batches(
                self.module, self.X, batch_size=self.batch_size, features=features,
                attention=attention, activations=activations, device=self.device,
            ),
            self.n_threads,
        )  # fmt: skip

    def with_sequences(self, X: Any) -> ModuleReadout:
        """A read-out of the same module on other sequences ``X``."""
        return ModuleReadout(
            self.module, X, batch_size=self.batch_size, n_threads=self.n_threads,
            device=self.device,
        )  # fmt: skip


class ArrayReadout(BaseReadout):
    """Read-out over precomputed arrays (e.g. from a model trained in another framework).

    Parameters
    ----------
    features : array-like of shape (n_samples, pooled_len, n_filters)
        Pooled first-layer activations.
    attention : array-like of shape (n_samples, n_heads, pooled_len, pooled_len)
        Softmax attention weights.
    X : array-like of shape (n_samples, 4, seq_len), default=None
        The sequences, needed only for filter-to-motif mapping.
    activations : array-like of shape (n_samples, seq_len, n_filters), default=None
        Unpooled first-layer activations, needed only for filter PWMs.
    kernel_size : int, default=None
        First-layer filter width, needed only for filter PWMs.
    batch_size : int, default=256
        Number of sequences per yielded batch.

    Examples
    --------
    >>> import numpy as np
    >>> r = ArrayReadout(np.zeros((3, 5, 2)), np.full((3, 1, 5, 5), 0.2))
    >>> r.n_samples, r.n_filters, r.n_heads, r.pooled_len
    (3, 2, 1, 5)
    """

    def __init__(
        self,
        features: npt.ArrayLike,
        attention: npt.ArrayLike,
        *,
        X: Any = None,
        activations: npt.ArrayLike | None = None,
        kernel_size: int | None = None,
        batch_size: int = 256,
    ) -> None:
        features = np.asarray(features, dtype=np.float32)
        attention = np.asarray(attention, dtype=np.float32)
        if features.ndim != 3:
            raise ValueError(
                "features must have shape (n_samples, pooled_len, n_filters), "
                f"got shape {features.shape}."
            )
        if attention.ndim != 4 or attention.shape[2] != attention.shape[3]:
            raise ValueError(
                "attention must have shape (n_samples, n_heads, pooled_len, pooled_len), "
                f"got shape {attention.shape}."
            )
        if attention.shape[0] != features.shape[0] or attention.shape[2] != features.shape[1]:
            raise ValueError(
                f"features {features.shape} and attention {attention.shape} disagree on "
                "n_samples or pooled_len."
            )
        if features.shape[0] == 0:
            raise ValueError("features is empty: got 0 sequences.")
        if not (np.isfinite(features).all() and np.isfinite(attention).all()):
            raise ValueError("features and attention must be finite (found NaN or inf).")
        if X is not None:
            X = check_onehot(X, name="X", allow_unknown=True)
            if X.shape[0] != features.shape[0]:
                raise ValueError(
                    f"X has {X.shape[0]} sequences but features has {features.shape[0]}."
                )
        if activations is not None:
            activations = np.asarray(activations, dtype=np.float32)
            if activations.ndim != 3 or activations.shape[0] != features.shape[0]:
                raise ValueError(
                    "activations must have shape (n_samples, seq_len, n_filters), "
                    f"got shape {activations.shape}."
                )
        if not (isinstance(batch_size, int | np.integer) and batch_size > 0):
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
        self.features = features
        self.attention = attention
        self.X = X
        self.activations = activations
        self.kernel_size = kernel_size
        self.batch_size = int(batch_size)
        # The read-out this one materialises (from_readout): its unpooled activations and its
        # identity (network + sequences, e.g. for the filter annotation cache) are the source's.
        self.source: BaseReadout | None = None
        self.n_samples, self.pooled_len, self.n_filters = features.shape
        self.n_heads = attention.shape[1]

    @classmethod
    def from_readout(cls, readout: BaseReadout) -> ArrayReadout:
        """Materialise another read-out's features and attention in memory (one pass).

        Use it when several methods or thresholds will read the same read-out: a
        :class:`~sklearn_glifac.models.NetReadout` runs the network on every iteration, this
        runs it once. Memory: ``4 * n_samples * (n_heads * pooled_len**2 + pooled_len *
        n_filters)`` bytes.

        Parameters
        ----------
        readout : BaseReadout
            Any read-out (``ConvAttentionClassifier.transform(X)``).

        Returns
        -------
        readout : ArrayReadout
            Same sequences, kernel size and batch size. Unpooled activations are not
            materialised: they are read from ``readout`` (kept as ``source``) when asked for,
            and the filter annotation cache treats both read-outs as one.

        Examples
        --------
        >>> import numpy as np
        >>> r = ArrayReadout(np.zeros((3, 5, 2)), np.full((3, 1, 5, 5), 0.2), batch_size=2)
        >>> ArrayReadout.from_readout(r).n_samples
        3
        """
        if not isinstance(readout, BaseReadout):
            raise TypeError(f"readout must be a read-out (BaseReadout), got {type(readout)!r}.")
        feats: list[Any] = []
        atts: list[Any] = []
        for batch in readout.batches(features=True, attention=True):
            feats.append(batch.features)
            atts.append(batch.attention)
        out = cls(
            np.concatenate(feats),
            np.concatenate(atts),
            X=getattr(readout, "X", None),
            kernel_size=getattr(readout, "kernel_size", None),
            batch_size=readout.batch_size,
        )
        out.source = readout
        return out

    def batches(
        self, *, features: bool = True, attention: bool = True, activations: bool = False
    ) -> Iterator[ReadoutBatch]:
        if activations and self.activations is None and self.source is not None:
            # unpooled activations are not materialised: stream them from the source
            for batch, own in zip(
                self.source.batches(features=False, attention=False, activations=True),
                self.batches(features=features, attention=attention),
            ):
                yield replace(own, activations=batch.activations)
            return
        if activations and self.activations is None:
            raise ValueError(
                "This ArrayReadout has no unpooled activations; pass activations= to build it."
            )
        for start in range(0, self.n_samples, self.batch_size):
            sl = slice(start, min(start + self.batch_size, self.n_samples))
            acts = self.activations
            yield ReadoutBatch(
                indices=np.arange(sl.start, sl.stop),
                features=self.features[sl] if features else None,
                attention=self.attention[sl] if attention else None,
                activations=acts[sl] if activations and acts is not None else None,
            )


class NetReadout(ModuleReadout):
    """Lazy, batched read-out of a fitted :class:`ConvAttentionClassifier`.

    The :class:`ModuleReadout` of ``net.module_`` with the net's batch size, ``n_threads`` and
    device. Nothing is computed at construction; each iteration runs the network one batch at a
    time (:func:`readout_batches`), so at most one batch of attention maps is in memory.

    Parameters
    ----------
    net : ConvAttentionClassifier
        A fitted classifier.
    X : array-like of shape (n_samples, 4, seq_len)
        One-hot sequences (validated here).
    batch_size : int, default=None
        Sequences per batch; ``None`` uses ``net.batch_size``.

    Attributes
    ----------
    net : ConvAttentionClassifier
    X : ndarray of shape (n_samples, 4, seq_len), float32
    n_samples, n_filters, n_heads, pooled_len, kernel_size, batch_size : int
    """

    def __init__(self, net: NeuralNet, X: Any, *, batch_size: int | None = None) -> None:
        self.X = net._check_X(X)
        self.net = net
        module = net.module_
        batch_size = net.batch_size if batch_size is None else batch_size
        if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
        if batch_size == -1:
            batch_size = len(self.X)
        if batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
        self.batch_size = int(batch_size)
        self.n_samples = len(self.X)
        self.n_filters = module.n_filters
        self.n_heads = module.n_heads
        self.pooled_len = module.pooled_len
        self.kernel_size = module.kernel_size

    # the net's current module, threads and device (a refit or set_params is seen by an existing
    # read-out, as the read-out of a fitted estimator should)
    @property
    def module(self) -> Any:
        """The fitted network's module (``net.module_``)."""
        return self.net.module_

    @property
    def n_threads(self) -> int | None:  # type: ignore[override]
        return self.net.n_threads

    @property
    def device(self) -> Any:  # type: ignore[override]
        return self.net.device

    def with_sequences(self, X: Any) -> NetReadout:
        """A read-out of the same network on other sequences ``X``."""
        return NetReadout(self.net, X, batch_size=self.batch_size)
