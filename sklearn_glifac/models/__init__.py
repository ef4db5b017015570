"""Convolution-attention networks and their skorch estimators.

The user API: the estimator (:class:`ConvAttentionClassifier`) and its network, the paper's
presets, read-outs (:class:`NetReadout` from ``transform``, :class:`ArrayReadout` for arrays
computed elsewhere, :class:`ModuleReadout` for any module, :class:`BaseReadout` their common
type), attention attributions, the attention-entropy penalty, resumable training, saving and
loading (:func:`save_model`, :func:`load_model`) and the seeds of a fit (:class:`FitSeeds`).
The read-out protocol that interaction methods are written against
(:class:`~sklearn_glifac.models.readout.ReadoutBatch`,
:func:`~sklearn_glifac.models.readout.readout_batches`) lives in
:mod:`sklearn_glifac.models.readout`.
"""

from ._attribution import AttributionReadout, attention_attribution, input_attribution
from ._checkpoint import (
    EpochCheckpoint,
    ResumeFromCheckpoint,
    checkpoint_callbacks,
    completed_epochs,
)
from ._classifier import ConvAttentionClassifier
from ._modules import (
    COMPACT_ARCHITECTURE,
    AttentionEntropyLoss,
    ConvAttentionNet,
    attention_entropy,
)
from ._persistence import load_model, save_model
from ._presets import PRESETS, TRAINING_PROTOCOLS, presets_table
from ._readout import ArrayReadout, BaseReadout, ModuleReadout, NetReadout
from ._seeding import FitSeeds

__all__ = [
    "ArrayReadout",
    "ModuleReadout",
    "AttributionReadout",
    "COMPACT_ARCHITECTURE",
    "BaseReadout",
    "ConvAttentionClassifier",
    "ConvAttentionNet",
    "AttentionEntropyLoss",
    "EpochCheckpoint",
    "FitSeeds",
    "NetReadout",
    "PRESETS",
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
