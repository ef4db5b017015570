"""The convolution-attention network of the GLIFAC paper as a PyTorch module.

Architecture (paper, Appendix A, and the authors' Keras code; every choice is a constructor
argument)::

    Conv1d(4 -> n_filters, kernel_size, "same", no bias) -> [BatchNorm] -> activation
    -> MaxPool(pool_size) -> Dropout(conv_dropout) -> [LayerNorm "LN"]
    -> multi-head self-attention (n_heads, key_dim; Q/K/V without bias, output projection
       n_heads * key_dim wide) -> Dropout(attention_dropout) -> [LayerNorm "LN2"]
    -> Flatten -> Dense(dense_units, no bias) -> BatchNorm -> ReLU -> Dropout(dense_dropout)
    -> Dense(n_tasks)

The output is one logit per task (apply a sigmoid for probabilities).
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from ..utils import check_int

__all__ = [
    "ACTIVATIONS",
    "COMPACT_ARCHITECTURE",
    "ConvAttentionNet",
    "AttentionEntropyLoss",
    "MultiHeadSelfAttention",
    "attention_entropy",
]

#: The network of sklearn-glifac 0.1 (before it followed the authors' Keras code): biases
#: everywhere, the attention output projected back to ``n_filters`` features per position (a
#: dense layer 8x smaller), no dropout after attention, no BatchNorm in the dense block. Pass it
#: as ``ConvAttentionNet(..., **COMPACT_ARCHITECTURE)`` or as ``module__*`` parameters.
COMPACT_ARCHITECTURE = {
    "conv_bias": True,
    "qkv_bias": True,
    "attention_out_dim": "input",
    "attention_dropout": 0.0,
    "dense_bias": True,
    "dense_batch_norm": False,
}

#: Pre-activations are clamped to this value before ``exp`` (``exp(20) ~ 4.9e8``), so the
#: exponential activation cannot overflow float32 to ``inf``. Trained GLIFAC filters stay far
#: below it (a 19-nt motif match gives pre-activations of a few units).
EXP_MAX = 20.0


class _Exponential(nn.Module):
    """``exp(min(x, max_value))``: exponential activation that cannot overflow."""

    def __init__(self, max_value=EXP_MAX):
        super().__init__()
        self.max_value = float(max_value)

    def forward(self, x):
        return torch.exp(torch.clamp(x, max=self.max_value))

    def extra_repr(self):
        return f"max_value={self.max_value}"


#: Names accepted by ``activation`` and the modules they build.
ACTIVATIONS = {
    "relu": nn.ReLU,
    "exponential": _Exponential,
    "softplus": nn.Softplus,
    "gelu": nn.GELU,
    "elu": nn.ELU,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "linear": nn.Identity,
}


def attention_entropy(attention: torch.Tensor, eps: float = 1e-10) -> torch.Tensor:
    """SATORI-v2 attention entropy penalty.

    ``H = mean_batch( sum_heads( mean_queries( -sum_k a_k log(a_k + eps) ) ) )``.

    Parameters
    ----------
    attention : torch.Tensor of shape (batch_size, n_heads, n_queries, n_keys)
        Softmax attention weights (each row sums to one).
    eps : float, default=1e-10
        Added inside the logarithm, as in the SATORI-v2 code.

    Returns
    -------
    entropy : torch.Tensor
        A scalar; differentiable.
    """
    row_entropy = -(attention * torch.log(attention + eps)).sum(dim=-1)
    return row_entropy.mean(dim=-1).sum(dim=-1).mean()


class AttentionEntropyLoss(nn.Module):
    """A criterion: a loss on the logits plus ``entropy_weight`` times the attention entropy.

    SATORI-v2's penalty (:func:`attention_entropy`) as a skorch criterion. Called with
    ``(logits, attention)`` it returns ``loss(logits, y) + entropy_weight * H`` and keeps ``H``
    in :attr:`entropy_`; called with logits alone (evaluation, or no penalty) it is ``loss``.

    Parameters
    ----------
    loss : torch.nn.Module
        The loss on the logits (e.g. ``torch.nn.BCEWithLogitsLoss()``).
    entropy_weight : float, default=0.0
        Weight ``lambda`` of the penalty.

    Attributes
    ----------
    entropy_ : torch.Tensor or None
        The attention entropy of the last call with attention (detached), else None.

    Examples
    --------
    >>> import torch
    >>> crit = AttentionEntropyLoss(torch.nn.BCEWithLogitsLoss(), entropy_weight=0.5)
    >>> logits, y = torch.zeros(2, 1), torch.ones(2, 1)
    >>> attention = torch.full((2, 1, 4, 4), 0.25)  # uniform rows: entropy log(4)
    >>> round(float(crit((logits, attention), y) - crit(logits, y)), 4)  # 0.5 * log(4)
    0.6931
    """

    def __init__(self, loss: nn.Module, entropy_weight: float = 0.0) -> None:
        super().__init__()
        self.loss = loss
        self.entropy_weight = entropy_weight
        self.entropy_: torch.Tensor | None = None

    def forward(
        self, y_pred: torch.Tensor | tuple[torch.Tensor, torch.Tensor], y_true: torch.Tensor
    ) -> torch.Tensor:
        if not isinstance(y_pred, tuple):
            self.entropy_ = None
            return self.loss(y_pred, y_true)
        logits, attention = y_pred
        loss = self.loss(logits, y_true)
        entropy = attention_entropy(attention)
        self.entropy_ = entropy.detach()
        return loss + self.entropy_weight * entropy


def _check_positive_int(value, name, minimum=1):
    return check_int(value, name=name, low=minimum)


def _check_rate(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a dropout rate in [0, 1), got {value!r}.")
    return float(value)


def _check_bool(value, name):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}.")
    return value


class MultiHeadSelfAttention(nn.Module):
    """Multi-head self-attention with an optional explicit path that returns the weights.

    Queries, keys and values are linear projections of the input to ``n_heads * key_dim``
    (values: ``n_heads * value_dim``) features; the concatenated head outputs go through an
    output projection (with bias) to ``out_dim`` features, as in Keras' ``MultiHeadAttention``
    used by the paper.

    Parameters
    ----------
    embed_dim : int
        Number of input (and output) features per position.
    n_heads : int, default=8
        Number of attention heads.
    key_dim : int, default=32
        Size of each head's query and key vectors.
    value_dim : int, default=None
        Size of each head's value vector; ``None`` means ``key_dim``.
    out_dim : int, default=None
        Features per position of the output projection; ``None`` means ``embed_dim``.
    qkv_bias : bool, default=True
        Whether the query, key and value projections have a bias (the authors' model: no).
    """

    def __init__(self, embed_dim, n_heads=8, key_dim=32, value_dim=None, out_dim=None, *,
                 qkv_bias=True):  # fmt: skip
        super().__init__()
        self.embed_dim = _check_positive_int(embed_dim, "embed_dim")
        self.n_heads = _check_positive_int(n_heads, "n_heads")
        self.key_dim = _check_positive_int(key_dim, "key_dim")
        self.value_dim = _check_positive_int(
            key_dim if value_dim is None else value_dim, "value_dim"
        )
        self.out_dim = _check_positive_int(embed_dim if out_dim is None else out_dim, "out_dim")
        qkv_bias = _check_bool(qkv_bias, "qkv_bias")
        self.query = nn.Linear(self.embed_dim, self.n_heads * self.key_dim, bias=qkv_bias)
        self.key = nn.Linear(self.embed_dim, self.n_heads * self.key_dim, bias=qkv_bias)
        self.value = nn.Linear(self.embed_dim, self.n_heads * self.value_dim, bias=qkv_bias)
        self.output = nn.Linear(self.n_heads * self.value_dim, self.out_dim)

    def _heads(self, x, proj, dim):
        n, length, _ = x.shape
        return proj(x).view(n, length, self.n_heads, dim).transpose(1, 2)

    def forward(self, x, need_weights=False):
        """Attend over the positions of ``x``.

        Parameters
        ----------
        x : torch.Tensor of shape (batch_size, length, embed_dim)
        need_weights : bool, default=False
            If True, compute the softmax explicitly and also return the weights; otherwise
            use the fused :func:`torch.nn.functional.scaled_dot_product_attention`.

        Returns
        -------
        out : torch.Tensor of shape (batch_size, length, out_dim)
        weights : torch.Tensor of shape (batch_size, n_heads, length, length) or None
        """
        q = self._heads(x, self.query, self.key_dim)
        k = self._heads(x, self.key, self.key_dim)
        v = self._heads(x, self.value, self.value_dim)
        if need_weights:
            scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.key_dim)
            weights = torch.softmax(scores, dim=-1)
            context = torch.matmul(weights, v)
        else:
            weights = None
            context = F.scaled_dot_product_attention(q, k, v)
        n, _, length, _ = context.shape
        context = context.transpose(1, 2).reshape(n, length, self.n_heads * self.value_dim)
        return self.output(context), weights


class ConvAttentionNet(nn.Module):
    """Convolution-attention network of the GLIFAC paper (Ghotra, Lee & Koo, 2021).

    Parameters
    ----------
    n_tasks : int
        Number of outputs (independent binary tasks); the network returns one logit per task.
    seq_len : int
        Length of the input sequences; fixes the size of the flattened attention output.
        :class:`ConvAttentionClassifier` sets it from the training data.
    n_filters : int, default=32
        Number of first-layer convolution filters.
    kernel_size : int, default=19
        Width of the first-layer filters ("same" padding, so the length is kept).
    activation : {"relu", "exponential", "softplus", "gelu", "elu", "sigmoid", "tanh", \
"linear"}, default="relu"
        First-layer activation. ``"exponential"`` computes ``exp(min(x, exp_max))``.
    batch_norm : bool, default=False
        Batch normalisation between the convolution and the activation ("BN").
    pool_size : int, default=4
        Max-pooling window and stride; the attention sees ``seq_len // pool_size`` positions.
    conv_dropout : float, default=0.1
        Dropout rate after pooling.
    layer_norm : bool, default=False
        Layer normalisation of the pooled features before attention ("LN").
    n_heads : int, default=8
        Number of attention heads.
    key_dim : int, default=32
        Size of each head's query/key (and, unless ``value_dim`` is set, value) vectors.
    value_dim : int, default=None
        Size of each head's value vectors; ``None`` means ``key_dim``.
    layer_norm_after : bool, default=False
        Layer normalisation of the attention output ("LN2", used by SATORI).
    dense_units : int, default=512
        Width of the hidden dense layer (ReLU).
    dense_dropout : float, default=0.5
        Dropout rate after the hidden dense layer.
    conv_bias : bool, default=False
        Whether the convolution has a bias (the authors' model: no).
    qkv_bias : bool, default=False
        Whether the query, key and value projections have a bias (the authors' model: no).
    attention_out_dim : int, None or "input", default=None
        Features per position after the attention's output projection (which has a bias).
        ``None`` keeps ``n_heads * value_dim`` (the authors' model: 8 x 32 = 256, so the
        flattened attention output is ``pooled_len * 256`` wide); ``"input"`` projects back to
        ``n_filters`` (Keras' default, and sklearn-glifac 0.1); an int sets it.
    attention_dropout : float, default=0.1
        Dropout rate after attention (the authors' model: 0.1).
    dense_bias : bool, default=False
        Whether the hidden dense layer has a bias (the authors' model: no, BatchNorm follows).
    dense_batch_norm : bool, default=True
        Batch normalisation between the hidden dense layer and its ReLU (the authors' model).
    exp_max : float, default=20.0
        Clamp applied to pre-activations before ``exp`` when ``activation="exponential"``:
        the activation saturates at ``exp(exp_max)`` instead of overflowing to ``inf``.
        Keras' unclamped ``exponential`` (used by the paper) overflows silently for
        pre-activations above ~88.

    Notes
    -----
    All convolution and linear weights use Glorot (Xavier) uniform initialisation and zero
    biases, as Keras does by default (the paper's models were written in Keras).

    The defaults are the authors' Keras network (CNN20-Exp: 1,411,724 parameters counting
    BatchNorm's running statistics as Keras does). :data:`COMPACT_ARCHITECTURE` gives the
    smaller network of sklearn-glifac 0.1; ``docs/user_guide/models.rst`` measures what each
    difference does to training.

    Examples
    --------
    >>> import torch
    >>> net = ConvAttentionNet(n_tasks=3, seq_len=40, n_filters=4, dense_units=8)
    >>> net(torch.zeros(2, 4, 40)).shape
    torch.Size([2, 3])
    >>> net.readout(torch.zeros(2, 4, 40))["attention"].shape
    torch.Size([2, 8, 10, 10])
    """

    def __init__(
        self,
        n_tasks: int,
        seq_len: int,
        *,
        n_filters: int = 32,
        kernel_size: int = 19,
        activation: str = "relu",
        batch_norm: bool = False,
        pool_size: int = 4,
        conv_dropout: float = 0.1,
        layer_norm: bool = False,
        n_heads: int = 8,
        key_dim: int = 32,
        value_dim: int | None = None,
        layer_norm_after: bool = False,
        dense_units: int = 512,
        dense_dropout: float = 0.5,
        exp_max: float = EXP_MAX,
        conv_bias: bool = False,
        qkv_bias: bool = False,
        attention_out_dim: int | str | None = None,
        attention_dropout: float = 0.1,
        dense_bias: bool = False,
        dense_batch_norm: bool = True,
    ) -> None:
        super().__init__()
        self.n_tasks = _check_positive_int(n_tasks, "n_tasks")
        self.seq_len = _check_positive_int(seq_len, "seq_len")
        self.n_filters = _check_positive_int(n_filters, "n_filters")
        self.kernel_size = _check_positive_int(kernel_size, "kernel_size")
        self.pool_size = _check_positive_int(pool_size, "pool_size")
        if self.pool_size > self.seq_len:
            raise ValueError(
                f"pool_size={self.pool_size} is larger than seq_len={self.seq_len}: "
                "nothing would be left after pooling."
            )
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}."
            )
        if isinstance(exp_max, bool) or not isinstance(exp_max, numbers.Real):
            raise ValueError(f"exp_max must be a real number, got {exp_max!r}.")
        self.activation = activation
        self.pooled_len = self.seq_len // self.pool_size
        self.n_heads = _check_positive_int(n_heads, "n_heads")
        self.key_dim = _check_positive_int(key_dim, "key_dim")
        dense_units = _check_positive_int(dense_units, "dense_units")

        self.conv = nn.Conv1d(
            4, self.n_filters, self.kernel_size, padding="same",
            bias=_check_bool(conv_bias, "conv_bias"),
        )  # fmt: skip
        self.batch_norm = (
            nn.BatchNorm1d(self.n_filters) if _check_bool(batch_norm, "batch_norm") else None
        )
        if activation == "exponential":
            self.act = _Exponential(exp_max)
        else:
            self.act = ACTIVATIONS[activation]()
        self.pool = nn.MaxPool1d(self.pool_size)
        self.conv_dropout = nn.Dropout(_check_rate(conv_dropout, "conv_dropout"))
        self.layer_norm: nn.LayerNorm | None = (
            nn.LayerNorm(self.n_filters) if _check_bool(layer_norm, "layer_norm") else None
        )
        if attention_out_dim == "input":
            attention_out_dim = self.n_filters
        elif attention_out_dim is None:
            attention_out_dim = self.n_heads * (self.key_dim if value_dim is None else value_dim)
        elif isinstance(attention_out_dim, str):
            raise ValueError(
                f"attention_out_dim must be None, 'input' or a positive integer, "
                f"got {attention_out_dim!r}."
            )
        self.attention: MultiHeadSelfAttention = MultiHeadSelfAttention(
            self.n_filters, n_heads=self.n_heads, key_dim=self.key_dim, value_dim=value_dim,
            out_dim=_check_positive_int(attention_out_dim, "attention_out_dim"),
            qkv_bias=qkv_bias,
        )  # fmt: skip
        out_dim = self.attention.out_dim
        self.attention_dropout = nn.Dropout(_check_rate(attention_dropout, "attention_dropout"))
        self.layer_norm_after = (
            nn.LayerNorm(out_dim) if _check_bool(layer_norm_after, "layer_norm_after") else None
        )
        self.dense = nn.Linear(
            self.pooled_len * out_dim, dense_units, bias=_check_bool(dense_bias, "dense_bias")
        )
        self.dense_batch_norm = (
            nn.BatchNorm1d(dense_units)
            if _check_bool(dense_batch_norm, "dense_batch_norm")
            else None
        )
        self.dense_dropout = nn.Dropout(_check_rate(dense_dropout, "dense_dropout"))
        self.output = nn.Linear(dense_units, self.n_tasks)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Glorot-uniform weights and zero biases for every convolution and linear layer."""
        for layer in self.modules():
            if isinstance(layer, nn.Conv1d | nn.Linear):
                nn.init.xavier_uniform_(layer.weight)
                if layer.bias is not None:
                    nn.init.zeros_(layer.bias)

    def _check_input(self, x):
        if x.ndim != 3 or x.shape[1] != 4 or x.shape[2] != self.seq_len:
            raise ValueError(
                f"Expected input of shape (batch_size, 4, {self.seq_len}), got {tuple(x.shape)}."
            )

    def _first_layer(self, x):
        """Activations before pooling, shape (batch, n_filters, seq_len)."""
        h = self.conv(x)
        if self.batch_norm is not None:
            h = self.batch_norm(h)
        return self.act(h)

    def _pooled(self, activations):
        """Attention input before any LayerNorm, shape (batch, pooled_len, n_filters)."""
        return self.conv_dropout(self.pool(activations)).transpose(1, 2)

    def _head(self, features, need_weights):
        h = features if self.layer_norm is None else self.layer_norm(features)
        h, weights = self.attention(h, need_weights=need_weights)
        h = self.attention_dropout(h)
        if self.layer_norm_after is not None:
            h = self.layer_norm_after(h)
        h = self.dense(h.flatten(1))
        if self.dense_batch_norm is not None:
            h = self._dense_batch_norm(h)
        h = self.dense_dropout(F.relu(h))
        return self.output(h), weights

    def _dense_batch_norm(self, h):
        bn = self.dense_batch_norm
        if self.training and h.shape[0] == 1:
            # A training batch of one has no batch variance (torch raises; a last batch of
            # len(X) % batch_size == 1 is common): normalise it with the running statistics.
            return F.batch_norm(h, bn.running_mean, bn.running_var, bn.weight, bn.bias,
                                training=False, eps=bn.eps)  # fmt: skip
        return bn(h)

    def forward(
        self, x: torch.Tensor, return_attention: bool = False
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        """Logits for a batch of one-hot sequences.

        Parameters
        ----------
        x : torch.Tensor of shape (batch_size, 4, seq_len)
        return_attention : bool, default=False
            Also return the attention weights (explicit softmax path); otherwise the fused
            attention kernel is used and no weights are materialised.

        Returns
        -------
        logits : torch.Tensor of shape (batch_size, n_tasks)
        attention : torch.Tensor of shape (batch_size, n_heads, pooled_len, pooled_len)
            Only when ``return_attention=True``.
        """
        self._check_input(x)
        logits, weights = self._head(self._pooled(self._first_layer(x)), return_attention)
        return (logits, weights) if return_attention else logits

    def conv_activations(self, x: torch.Tensor) -> torch.Tensor:
        """First-layer activations before pooling, shape (batch_size, seq_len, n_filters)."""
        return self.readout(x, activations=True, features=False, attention=False)["activations"]

    def pooled_features(self, x: torch.Tensor) -> torch.Tensor:
        """Attention input before LayerNorm, shape (batch_size, pooled_len, n_filters)."""
        return self.readout(x, features=True, attention=False)["features"]

    def attention_weights(self, x: torch.Tensor) -> torch.Tensor:
        """Softmax attention, shape (batch_size, n_heads, pooled_len, pooled_len)."""
        return self.readout(x, features=False, attention=True)["attention"]

    def readout(
        self,
        x: torch.Tensor,
        *,
        activations: bool = False,
        features: bool = True,
        attention: bool = True,
        logits: bool = False,
    ) -> dict[str, torch.Tensor]:
        """Intermediate results of one forward pass, for interpretation.

        Parameters
        ----------
        x : torch.Tensor of shape (batch_size, 4, seq_len)
        activations, features, attention, logits : bool
            Which results to return. The dense layers run only when ``logits=True``.

        Returns
        -------
        out : dict of torch.Tensor
            ``"activations"``: (batch_size, seq_len, n_filters), first-layer activations before
            pooling; ``"features"``: (batch_size, pooled_len, n_filters), the pooled activations
            fed to attention (after dropout, before LayerNorm); ``"attention"``: (batch_size,
            n_heads, pooled_len, pooled_len) softmax weights; ``"logits"``: (batch_size,
            n_tasks).
        """
        self._check_input(x)
        act = self._first_layer(x)
        feats = self._pooled(act)
        out: dict[str, Any] = {}
        if activations:
            out["activations"] = act.transpose(1, 2)
        if features:
            out["features"] = feats
        if logits:
            out["logits"], weights = self._head(feats, need_weights=attention)
            if attention:
                out["attention"] = weights
        elif attention:
            h = feats if self.layer_norm is None else self.layer_norm(feats)
            out["attention"] = self.attention(h, need_weights=True)[1]
        return out
