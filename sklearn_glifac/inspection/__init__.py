"""Interpretation results over fitted networks, as ``Bunch`` objects (scikit-learn's inspection
style): :func:`threshold_sensitivity` (interaction recovery against the attention threshold) and
:func:`attention_distribution` (head-combined attention values on test and null sequences).
The matching figures are the ``*Display`` classes of :mod:`sklearn_glifac.plotting`.
"""

from ._inspection import attention_distribution, threshold_sensitivity

__all__ = ["attention_distribution", "threshold_sensitivity"]
