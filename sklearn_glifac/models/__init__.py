"""Convolution-attention networks and their skorch estimators."""

from ._attribution import AttributionReadout, attention_attribution, input_attribution
from ._checkpoint import (
    EpochCheckpoint,
    ResumeFromCheckpoint,
    checkpoint_callbacks,
    completed_epochs,
)
from ._classifier import ConvAttentionClassifier, NetReadout
from ._modules import (
    ACTIVATIONS,
    COMPACT_ARCHITECTURE,
    AttentionEntropyLoss,
    ConvAttentionNet,
    MultiHeadSelfAttention,
    attention_entropy,
)
from ._persistence import load_model, save_model
from ._presets import PRESETS, TRAINING_PROTOCOLS, presets_table
from ._readout import (
    ArrayReadout,
    BaseReadout,
    ModuleReadout,
    ReadoutBatch,
    readout_batches,
)

__all__ = [
    "ACTIVATIONS",
    "ArrayReadout",
    "ModuleReadout",
    "readout_batches",
    "AttributionReadout",
    "COMPACT_ARCHITECTURE",
    "BaseReadout",
    "ConvAttentionClassifier",
    "ConvAttentionNet",
    "AttentionEntropyLoss",
    "EpochCheckpoint",
    "MultiHeadSelfAttention",
    "NetReadout",
    "PRESETS",
    "ReadoutBatch",
    "ResumeFromCheckpoint",
    "TRAINING_PROTOCOLS",
    "attention_attribution",
    "attention_entropy",
    "checkpoint_callbacks",
    "completed_epochs",
    "input_attribution",
    "load_model",
    "presets_table",
    "save_model",
]
