"""Convolution-attention networks and their skorch estimators."""

from ._readout import ArrayReadout, BaseReadout, ReadoutBatch

__all__ = ["ArrayReadout", "BaseReadout", "ReadoutBatch"]
