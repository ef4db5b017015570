"""The nine convolution-attention models of the GLIFAC paper (Appendix A).

:data:`PRESETS` is the single source of truth: :class:`ConvAttentionClassifier` reads it for
``preset=...`` and :func:`presets_table` renders it for the documentation. Every model also
uses the paper's shared defaults (32 filters of width 19, dropout 0.1 after pooling, 8 heads with
key size 32, a 512-unit dense layer, dropout 0.5), which are :class:`ConvAttentionNet`'s defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PRESETS", "TRAINING_PROTOCOLS", "presets_table"]


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

#: Training protocols of the GLIFAC paper as :class:`ConvAttentionClassifier` parameters.
#: ``"text"``: the paper's text (batch 100; learning rate x0.3 after 5 epochs without a gain in
#: validation AUPR; early stopping after 10; the best validation-AUPR epoch restored), which are
#: the classifier's defaults. ``"code"``: what the authors' training code ran (rghotra/GLIFAC,
#: ``Code/glifac_pipeline.py``, ``run_pipeline``): batch 200; Keras ``ReduceLROnPlateau`` on
#: the validation loss, factor 0.2, patience 10 (their ``patient=5`` keyword is not read by
#: Keras, which keeps its default of 10), ``min_delta`` 1e-4, ``min_lr`` 1e-7; Keras
#: ``EarlyStopping`` on the validation loss, patience 15, best weights restored. Keras cuts the
#: rate on the ``patience``-th epoch without improvement, torch after ``patience + 1``, so
#: Keras' 10 is torch's 9 here. Two details stay torch's: an improvement of the loss is
#: relative (1e-4 of it, Keras: 1e-4 absolute) and there is no floor of 1e-7 on the rate
#: (reached only after six cuts). Explicit parameters override a protocol's.
TRAINING_PROTOCOLS: dict[str, dict[str, Any]] = {
    "text": {"batch_size": 100},
    "code": {
        "batch_size": 200,
        "callbacks__lr_scheduler__monitor": "valid_loss",
        "callbacks__lr_scheduler__mode": "min",
        "callbacks__lr_scheduler__factor": 0.2,
        "callbacks__lr_scheduler__patience": 9,
        "callbacks__early_stopping__monitor": "valid_loss",
        "callbacks__early_stopping__lower_is_better": True,
        "callbacks__early_stopping__patience": 15,
        "callbacks__early_stopping__threshold": 0.0,
    },
}


def presets_table() -> pd.DataFrame:
    """The presets as a table (one row per paper model), for documentation and reports.

    Returns
    -------
    table : pandas.DataFrame
        Index: preset name; columns: ``batch_norm``, ``activation``, ``pool_size``,
        ``layer_norm`` (before attention) and ``layer_norm_after`` (after attention).

    Examples
    --------
    >>> int(presets_table().loc["CNN20-Exp", "pool_size"])
    20
    """
    import pandas as pd

    columns = ["batch_norm", "activation", "pool_size", "layer_norm", "layer_norm_after"]
    table = pd.DataFrame.from_dict(PRESETS, orient="index")[columns]
    table.index.name = "preset"
    return table
