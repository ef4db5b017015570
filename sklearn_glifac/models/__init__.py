"""Convolution-attention networks and their skorch estimators."""

from ._classifier import ConvAttentionClassifier, NetReadout
from ._modules import (
    ACTIVATIONS,
    COMPACT_ARCHITECTURE,
    ConvAttentionNet,
    MultiHeadSelfAttention,
    attention_entropy,
)
from ._presets import PRESETS, presets_table
from ._readout import ArrayReadout, BaseReadout, ReadoutBatch

__all__ = [
    "ACTIVATIONS",
    "ArrayReadout",
    "COMPACT_ARCHITECTURE",
    "BaseReadout",
    "ConvAttentionClassifier",
    "ConvAttentionNet",
    "MultiHeadSelfAttention",
    "NetReadout",
    "PRESETS",
    "ReadoutBatch",
    "attention_entropy",
    "presets_table",
]
