"""Filter-interaction transformers: GLIFAC and SATORI's local attention, filter-to-motif mapping.

Both transformers take the read-out of a fitted convolution-attention network (the output of
``ConvAttentionClassifier.transform``, or an :class:`~sklearn_glifac.models.ArrayReadout`) and
return a (n_filters, n_filters) interaction matrix, so they compose with the classifier in a
:class:`~sklearn.pipeline.Pipeline`.
"""

from ._glifac import GLIFACInteractions
from ._local_attention import LocalAttentionInteractions

__all__ = ["GLIFACInteractions", "LocalAttentionInteractions"]
