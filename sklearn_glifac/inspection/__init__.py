"""Interpretation results over fitted networks, as ``Bunch`` objects (scikit-learn's inspection
style): :func:`threshold_sensitivity` (interaction recovery against the attention threshold) and
:func:`attention_distribution` (head-combined attention values on test and null sequences),
:func:`tf_pair_table` / :func:`filter_pair_table` (ranked TF-pair and filter-pair tables with
p/q-values, redundancy, composite and reference flags) and :func:`consensus_tf_pairs` (pairs
called in every one of several independently trained networks).
The matching figures are the ``*Display`` classes of :mod:`sklearn_glifac.plotting`.
"""

from ._inspection import attention_distribution, threshold_sensitivity
from ._tf_pairs import (
    consensus_tf_pairs,
    filter_pair_table,
    filter_pair_table_from_scores,
    tf_pair_table,
    tf_pair_table_from_scores,
)

__all__ = [
    "attention_distribution",
    "consensus_tf_pairs",
    "filter_pair_table",
    "filter_pair_table_from_scores",
    "tf_pair_table",
    "tf_pair_table_from_scores",
    "threshold_sensitivity",
]
