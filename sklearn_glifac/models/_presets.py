"""The nine convolution-attention models of the GLIFAC paper (Appendix A).

:data:`PRESETS` is the single source of truth: :class:`ConvAttentionClassifier` reads it for
``preset=...`` and :func:`presets_table` renders it for the documentation. Every model also
uses the paper's shared defaults (32 filters of width 19, dropout 0.1 after pooling, 8 heads with
key size 32, a 512-unit dense layer, dropout 0.5), which are :class:`ConvAttentionNet`'s defaults.
"""

from __future__ import annotations

__all__ = ["PRESETS", "presets_table"]


def _cnn(pool_size, activation, norm):
    return {
        "activation": activation,
        "pool_size": pool_size,
        "batch_norm": norm,
        "layer_norm": norm,
        "layer_norm_after": False,
    }


#: Paper name -> ``ConvAttentionNet`` keyword arguments. "-Norm" adds batch normalisation after
#: the convolution and layer normalisation before attention; SATORI (Ullah & Ben-Hur, 2021) uses
#: batch normalisation, softplus, pool 6 and layer normalisation after attention.
PRESETS = {
    "CNN4-ReLU": _cnn(4, "relu", False),
    "CNN4-ReLU-Norm": _cnn(4, "relu", True),
    "CNN4-Exp": _cnn(4, "exponential", False),
    "CNN4-Exp-Norm": _cnn(4, "exponential", True),
    "CNN20-ReLU": _cnn(20, "relu", False),
    "CNN20-ReLU-Norm": _cnn(20, "relu", True),
    "CNN20-Exp": _cnn(20, "exponential", False),
    "CNN20-Exp-Norm": _cnn(20, "exponential", True),
    "SATORI": {
        "activation": "softplus",
        "pool_size": 6,
        "batch_norm": True,
        "layer_norm": False,
        "layer_norm_after": True,
    },
}


def presets_table():
    """The presets as a table (one row per paper model), for documentation and reports.

    Returns
    -------
    table : pandas.DataFrame
        Index: preset name; columns: ``batch_norm``, ``activation``, ``pool_size``,
        ``layer_norm`` (before attention) and ``layer_norm_after`` (after attention).

    Examples
    --------
    >>> presets_table().loc["CNN20-Exp", "pool_size"]
    np.int64(20)
    """
    import pandas as pd

    columns = ["batch_norm", "activation", "pool_size", "layer_norm", "layer_norm_after"]
    table = pd.DataFrame.from_dict(PRESETS, orient="index")[columns]
    table.index.name = "preset"
    return table
