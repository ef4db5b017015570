"""Figures of the paper: interaction maps, attention distributions, threshold sensitivity, logos.

Every ``plot_*`` function returns a :class:`matplotlib.figure.Figure` and validates its inputs;
the ``*Display`` classes wrap them in scikit-learn's display style (``figure_``, ``ax_`` and the
artists kept, ``from_estimator`` / ``from_matrix`` / ``from_readout`` constructors). Functions
that create figures use :mod:`matplotlib.pyplot`, so they display in notebooks and sphinx-gallery;
for scripts on machines without a display, select the Agg backend first
(``matplotlib.use("Agg")``; the command line does this).
"""

from ._attention import plot_attention_distributions
from ._base import model_colors
from ._display import (
    AttentionDistributionDisplay,
    FilterLogoDisplay,
    InteractionMapDisplay,
    ThresholdSensitivityDisplay,
)
from ._interaction_maps import plot_interaction_maps
from ._logos import plot_filter_logos
from ._reproduction import DATA_LABELS, METHOD_LABELS, REPRODUCTION_FIGURES, plot_reproduction
from ._sensitivity import SENSITIVITY_METRICS, plot_threshold_sensitivity
from ._tf_pairs import plot_tf_pair_map, tf_pair_matrix

__all__ = [
    "AttentionDistributionDisplay",
    "FilterLogoDisplay",
    "InteractionMapDisplay",
    "ThresholdSensitivityDisplay",
    "DATA_LABELS",
    "METHOD_LABELS",
    "REPRODUCTION_FIGURES",
    "SENSITIVITY_METRICS",
    "model_colors",
    "plot_attention_distributions",
    "plot_filter_logos",
    "plot_interaction_maps",
    "plot_reproduction",
    "plot_threshold_sensitivity",
    "plot_tf_pair_map",
    "tf_pair_matrix",
]
