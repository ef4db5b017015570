"""Integrated gradients of a fitted network: attention attribution and input attribution.

Attention attribution (SATORI-v2's "ATTNATTR") replaces each softmax attention weight by its
integrated-gradients attribution to the output: how much the prediction owes to that weight.
:class:`AttributionReadout` serves these maps wherever raw attention is read (local attention,
GLIFAC, SATORI's test), so every attention method also runs "on attributions".

Both attributions are captum's :class:`~captum.attr.IntegratedGradients` with a zero baseline
and a right Riemann sum over ``n_steps`` points ``alpha = k / n_steps`` (``k = 1 .. n_steps``;
captum's ``method="riemann_right"``, not its default Gauss-Legendre rule)::

    IG(x) = x * mean_k grad f(alpha_k * x)

which satisfies completeness, ``sum IG(x) -> f(x) - f(0)``, as ``n_steps`` grows. For the
attention weights, the forward function takes the softmax maps as its input (the convolution,
queries and keys run once per batch; the maps replace the softmax output through a hook), so
only the value path and the dense layers run per step.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.utils.validation import check_is_fitted

from ..utils import check_int, torch_threads
from ._modules import ACTIVATIONS
from ._readout import BaseReadout, ReadoutBatch

if TYPE_CHECKING:
    from skorch import NeuralNet  # a fitted ConvAttentionClassifier

__all__ = ["AttributionReadout", "attention_attribution", "input_attribution"]

# Activations that never decrease: max pooling commutes with them (GELU is the exception).
_MONOTONE = tuple(cls for name, cls in ACTIVATIONS.items() if name != "gelu")


def _check_n_steps(n_steps):
    return check_int(n_steps, name="n_steps")


def _check_target(target, n_tasks):
    """``None`` (all tasks) or task indices, as a list of ints."""
    if target is None:
        return list(range(n_tasks))
    items = [target] if isinstance(target, numbers.Integral) else target
    try:
        items = list(items)
    except TypeError:
        raise TypeError(
            f"target must be None, a task index or a list of task indices, got {target!r}."
        ) from None
    for t in items:
        if isinstance(t, bool) or not isinstance(t, numbers.Integral) or not 0 <= t < n_tasks:
            raise ValueError(f"target must hold task indices in [0, {n_tasks}), got {target!r}.")
    if not items:
        raise ValueError("target is empty: give at least one task index, or None.")
    return [int(t) for t in items]


def _check_net(net):
    if not (hasattr(net, "_check_X") and hasattr(net, "initialize_module")):
        raise TypeError(
            "net must be a ConvAttentionClassifier, got "
            f"{type(net).__name__}; attributions need the network itself."
        )
    check_is_fitted(net)
    return net


def _batch_size(net, batch_size):
    batch_size = net.batch_size if batch_size is None else batch_size
    if batch_size == -1:
        return None
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
    if batch_size <= 0:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}.")
    return int(batch_size)


def _integrated_gradients(fn, x, n_steps, extra=()):
    """``x * mean_k grad fn(k/n_steps * x, *extra)`` by captum; ``fn`` gives one scalar a row.

    Captum's :class:`~captum.attr.IntegratedGradients` with ``method="riemann_right"``
    (``alpha_k = k / n_steps``, weights ``1 / n_steps``), one step per forward-backward pass
    (``internal_batch_size`` = rows, so memory is that of one batch); captum's Riemann rules
    need two steps or more, and one right-Riemann step is ``x * grad fn(x)``, captum's
    :class:`~captum.attr.InputXGradient`. ``extra`` (batch-first tensors) is repeated per step.
    """
    from captum.attr import InputXGradient, IntegratedGradients

    x = x.detach()
    extra = tuple(extra) or None
    # enable_grad: callers may iterate a read-out generator suspended inside torch.no_grad()
    with torch.enable_grad():
        if n_steps == 1:
            x = x.requires_grad_(True)  # captum warns when it has to set this itself
            return InputXGradient(fn).attribute(x, additional_forward_args=extra).detach()
        ig = IntegratedGradients(fn).attribute(
            x,
            baselines=torch.zeros_like(x),
            additional_forward_args=extra,
            n_steps=n_steps,
            method="riemann_right",
            internal_batch_size=len(x),
        )
    return ig.detach()


def _input_integrated_gradients(module, x, n_steps, tasks):
    """Integrated gradients of the summed ``tasks`` logits w.r.t. the input ``x`` (zero baseline).

    The same right Riemann sum as :func:`_integrated_gradients`, computed through the first
    layer's linearity: the convolution (and batch normalisation in eval mode) is affine in the
    input, so its output at ``alpha * x`` is ``p0 + alpha * (p(x) - p0)``, with ``p0`` its
    output at the baseline (constant along the sequence), and the input gradient there is the
    transposed convolution of the gradient at that output. Hence ``IG = x * J^T mean_k g_k``:
    the convolution runs twice per sequence, not twice per step. With a monotone activation,
    max pooling commutes with it and the position of each window's maximum is the same at
    every step (that of ``p(x)``), so the steps run on the pooled positions only (pooling,
    activation, attention, dense layers). Equal to captum's
    ``IntegratedGradients(method="riemann_right")`` up to float rounding; the mutation methods
    (FIS, DFIM), which attribute many rows, owe most of their speed to it.
    """

    def affine(v):
        h = module.conv(v)
        return h if module.batch_norm is None else module.batch_norm(h)

    x = x.detach()
    with torch.no_grad():
        p1 = affine(x)
        p0 = affine(torch.zeros_like(x[:1]))[:, :, :1]
    alphas = torch.arange(1, n_steps + 1, dtype=p1.dtype, device=p1.device).view(-1, 1, 1, 1)
    monotone = isinstance(module.act, _MONOTONE)
    with torch.enable_grad():
        if monotone:
            top, where = F.max_pool1d(p1, module.pool_size, return_indices=True)
            steps = (p0 + alphas / n_steps * (top - p0)).reshape(-1, *top.shape[1:])
            steps.requires_grad_(True)
            features = module.conv_dropout(module.act(steps)).transpose(1, 2)
        else:
            steps = (p0 + alphas / n_steps * (p1 - p0)).reshape(-1, *p1.shape[1:])
            steps.requires_grad_(True)
            features = module._pooled(module.act(steps))
        out = module._head(features, False)[0][:, tasks].sum()
        (grad,) = torch.autograd.grad(out, steps)
        grad = grad.view(n_steps, len(x), *grad.shape[1:]).mean(dim=0)
        if monotone:
            grad = torch.zeros_like(p1).scatter_(2, where, grad)
        xr = x.clone().requires_grad_(True)
        (grad_x,) = torch.autograd.grad(affine(xr), xr, grad_outputs=grad)
    return (x * grad_x).detach()


def _logits_given_attention(module, features, weights):
    """Logits of ``module`` with its softmax attention replaced by ``weights``."""
    mha = module.attention

    def replace(mod, args, output):
        h = args[0]
        n, length, _ = h.shape
        v = mod._heads(h, mod.value, mod.value_dim)
        context = torch.matmul(weights, v).transpose(1, 2).reshape(n, length, -1)
        return mod.output(context), None

    handle = mha.register_forward_hook(replace)
    try:
        return module._head(features, need_weights=False)[0]
    finally:
        handle.remove()


def _iter_attributions(net, X, *, kind, n_steps, target, batch_size):
    """Yield (start, stop, features, attributions) batch by batch (network in eval mode)."""
    module = net.module_
    tasks = _check_target(target, module.n_tasks)
    n_steps = _check_n_steps(n_steps)
    batch_size = _batch_size(net, batch_size) or len(X)
    module.eval()
    for start in range(0, len(X), batch_size):
        stop = min(start + batch_size, len(X))
        # the model's thread count while computing, not while the caller holds the batch
        with torch_threads(getattr(net, "n_threads", None)):
            xb = torch.as_tensor(X[start:stop], device=net.device)
            with torch.no_grad():
                out = module.readout(xb, features=True, attention=(kind == "attention"))
            feats = out["features"]
            if kind == "attention":
                ig = _integrated_gradients(
                    lambda w, f: _logits_given_attention(module, f, w)[:, tasks].sum(1),
                    out["attention"],
                    n_steps,
                    extra=(feats,),
                )
            else:
                module._check_input(xb)
                ig = _input_integrated_gradients(module, xb, n_steps, tasks)
        yield start, stop, feats.detach().cpu().numpy(), ig.detach().cpu().numpy()


def attention_attribution(
    net: NeuralNet,
    X: Any,
    *,
    n_steps: int = 20,
    target: int | list[int] | None = None,
    batch_size: int | None = None,
) -> np.ndarray:
    """Integrated gradients of the output with respect to the attention weights (ATTNATTR).

    For each sequence, the softmax attention maps ``A`` of every head are scaled from a zero
    baseline, ``alpha * A``, and the gradients of the output are averaged over ``n_steps``
    points (right Riemann sum); the attribution is ``|A * mean gradient|``. The convolution and
    the queries/keys run once per batch; only the value path and the dense layers run per
    step, so the cost is about ``n_steps`` forward-backward passes of the network's head.

    Parameters
    ----------
    net : ConvAttentionClassifier
        A fitted classifier.
    X : array-like of shape (n_samples, 4, seq_len)
        One-hot sequences.
    n_steps : int, default=20
        Integration steps (SATORI-v2: 20).
    target : int, list of int or None, default=None
        Task(s) whose logits are attributed; ``None`` attributes the sum of all task logits.
    batch_size : int, default=None
        Sequences per batch; ``None`` uses ``net.batch_size``.

    Returns
    -------
    attribution : ndarray of shape (n_samples, n_heads, pooled_len, pooled_len)
        Absolute attributions of every head (combine heads by max, as for attention).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ConvAttentionClassifier, attention_attribution
    >>> X = np.eye(4, dtype=np.float32)[np.random.default_rng(0).integers(0, 4, (20, 40))]
    >>> X = X.transpose(0, 2, 1)
    >>> y = np.random.default_rng(1).integers(0, 2, (20, 2)).astype(np.float32)
    >>> net = ConvAttentionClassifier(module__n_filters=4, module__n_heads=2,
    ...     module__dense_units=8, max_epochs=1, verbose=0, random_state=0).fit(X, y)
    >>> attention_attribution(net, X[:3], n_steps=5).shape
    (3, 2, 10, 10)
    """
    net = _check_net(net)
    X = net._check_X(X)
    parts = _iter_attributions(
        net, X, kind="attention", n_steps=n_steps, target=target, batch_size=batch_size
    )
    return np.abs(np.concatenate([ig for *_, ig in parts]))


def input_attribution(
    net: NeuralNet,
    X: Any,
    *,
    n_steps: int = 20,
    target: int | list[int] | None = None,
    batch_size: int | None = None,
) -> np.ndarray:
    """Integrated gradients of the output with respect to the one-hot input (zero baseline).

    Parameters
    ----------
    net : ConvAttentionClassifier
        A fitted classifier.
    X : array-like of shape (n_samples, 4, seq_len)
        One-hot sequences.
    n_steps : int, default=20
        Integration steps.
    target : int, list of int or None, default=None
        Task(s) whose logits are attributed; ``None``: the sum of all task logits.
    batch_size : int, default=None
        Sequences per batch; ``None`` uses ``net.batch_size``.

    Returns
    -------
    attribution : ndarray of shape (n_samples, 4, seq_len)
        Signed attributions; only the observed base of each position is nonzero.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ConvAttentionClassifier, input_attribution
    >>> X = np.eye(4, dtype=np.float32)[np.random.default_rng(0).integers(0, 4, (20, 40))]
    >>> X = X.transpose(0, 2, 1)
    >>> y = np.random.default_rng(1).integers(0, 2, (20, 2)).astype(np.float32)
    >>> net = ConvAttentionClassifier(module__n_filters=4, module__n_heads=2,
    ...     module__dense_units=8, max_epochs=1, verbose=0, random_state=0).fit(X, y)
    >>> input_attribution(net, X[:3], n_steps=5).shape
    (3, 4, 40)
    """
    net = _check_net(net)
    X = net._check_X(X)
    parts = _iter_attributions(
        net, X, kind="input", n_steps=n_steps, target=target, batch_size=batch_size
    )
    return np.concatenate([ig for *_, ig in parts])


class AttributionReadout(BaseReadout):
    """Read-out whose ``attention`` is the attention attribution (SATORI-v2's ATTNATTR).

    Wraps the read-out of a fitted :class:`ConvAttentionClassifier` (``net.transform(X)``, or
    ``net.transform(X, source="attribution")``): features and activations are the network's,
    the attention maps are :func:`attention_attribution`. Every interaction method that reads
    attention (local attention, SATORI's test, GLIFAC) then runs on attributions unchanged.

    Parameters
    ----------
    readout : NetReadout
        Read-out of a fitted classifier (it must hold ``net`` and ``X``).
    n_steps : int, default=20
        Integration steps.
    target : int, list of int or None, default=None
        Task(s) attributed; ``None``: the sum of all task logits.
    normalize : bool, default=True
        Divide each sequence's maps by their maximum over heads and positions, so values lie in
        [0, 1] and attention thresholds (0.1) mean "a tenth of the sequence's strongest
        attribution". ``False`` keeps raw magnitudes (thresholds must then be chosen for them;
        the null-quantile threshold of local attention assumes values in [0, 1]).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ConvAttentionClassifier
    >>> X = np.eye(4, dtype=np.float32)[np.random.default_rng(0).integers(0, 4, (20, 40))]
    >>> X = X.transpose(0, 2, 1)
    >>> y = np.random.default_rng(1).integers(0, 2, (20, 2)).astype(np.float32)
    >>> net = ConvAttentionClassifier(module__n_filters=4, module__n_heads=2,
    ...     module__dense_units=8, max_epochs=1, verbose=0, random_state=0).fit(X, y)
    >>> readout = net.transform(X, source="attribution")
    >>> batch = next(readout.batches())
    >>> float(batch.attention.max()) <= 1.0, batch.features.shape
    (True, (20, 10, 4))
    """

    def __init__(
        self, readout: BaseReadout, *, n_steps: int = 20, target: Any = None, normalize: bool = True
    ) -> None:
        net = getattr(readout, "net", None)
        if not isinstance(readout, BaseReadout) or net is None or readout.X is None:
            raise TypeError(
                "readout must be the read-out of a fitted ConvAttentionClassifier "
                f"(net.transform(X)), got {type(readout).__name__}: attention attribution "
                "needs the network."
            )
        _check_net(net)
        _check_n_steps(n_steps)
        _check_target(target, net.module_.n_tasks)
        if not isinstance(normalize, bool):
            raise TypeError(f"normalize must be True or False, got {normalize!r}.")
        self.readout = readout
        self.net = net
        self.X = readout.X
        self.n_steps, self.target, self.normalize = n_steps, target, normalize
        for name in ("n_samples", "n_filters", "n_heads", "pooled_len", "kernel_size"):
            setattr(self, name, getattr(readout, name))
        self.batch_size = readout.batch_size

    def batches(
        self, *, features: bool = True, attention: bool = True, activations: bool = False
    ) -> Iterator[ReadoutBatch]:
        if not attention:
            yield from self.readout.batches(
                features=features, attention=False, activations=activations
            )
            return
        inner = (
            self.readout.batches(features=False, attention=False, activations=True)
            if activations
            else itertools.repeat(ReadoutBatch(indices=np.empty(0, dtype=np.intp)))  # placeholders
        )
        parts = _iter_attributions(
            self.net, self.X, kind="attention", n_steps=self.n_steps, target=self.target,
            batch_size=self.batch_size,
        )  # fmt: skip
        for (start, stop, feats, ig), extra in zip(parts, inner):
            ig = np.abs(ig)
            if self.normalize:
                peak = ig.max(axis=(1, 2, 3), keepdims=True)
                ig = np.divide(ig, peak, out=np.zeros_like(ig), where=peak > 0)
            yield ReadoutBatch(
                indices=np.arange(start, stop),
                features=feats if features else None,
                attention=ig,
                activations=extra.activations,
            )

    def with_sequences(self, X: Any) -> AttributionReadout:
        """An attribution read-out of the same network on other sequences ``X``."""
        return AttributionReadout(
            self.readout.with_sequences(X), n_steps=self.n_steps, target=self.target,
            normalize=self.normalize,
        )  # fmt: skip
