"""Filter-interaction transformers: GLIFAC and SATORI's local attention, filter-to-motif mapping.

Both transformers take the read-out of a fitted convolution-attention network (the output of
``ConvAttentionClassifier.transform``, or an :class:`~sklearn_glifac.models.ArrayReadout`) and
return a (n_filters, n_filters) interaction matrix, so they compose with the classifier in a
:class:`~sklearn.pipeline.Pipeline`. The filter-to-motif functions live in
:mod:`sklearn_glifac.motifs`; the transformers share one cached
:func:`~sklearn_glifac.motifs.annotate_filters` result per network.
"""

from ._base import combine_heads
from ._gia import GIAInteractions
from ._glifac import GLIFACInteractions
from ._local_attention import LocalAttentionInteractions
from ._mutation import DFIMInteractions, FISInteractions, hit_windows
from ._significance import attention_pair_test, permute_queries, swap_attention

__all__ = [
    "DFIMInteractions",
    "FISInteractions",
    "GIAInteractions",
    "GLIFACInteractions",
    "LocalAttentionInteractions",
    "attention_pair_test",
    "permute_queries",
    "swap_attention",
    "combine_heads",
    "hit_windows",
]
