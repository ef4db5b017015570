"""Read-out protocol, for authors of interaction methods and of new read-outs.

Every read-out (:class:`~sklearn_glifac.models.BaseReadout`) yields :class:`ReadoutBatch`
objects from ``batches(features=..., attention=..., activations=...)``, one batch of sequences
at a time; an interaction method reads nothing else. :func:`readout_batches` is the one batched
forward pass of a ``torch.nn.Module`` with a ``readout()`` method (what
:class:`~sklearn_glifac.models.ModuleReadout` and
:class:`~sklearn_glifac.models.NetReadout` iterate over); a read-out of another model yields
:class:`ReadoutBatch` objects itself. Users of the package need none of this:
``ConvAttentionClassifier.transform`` and :class:`~sklearn_glifac.models.ArrayReadout` build
read-outs.
"""

from ._readout import ReadoutBatch, readout_batches

__all__ = ["ReadoutBatch", "readout_batches"]
