"""Display objects in scikit-learn's style (``sklearn.metrics.RocCurveDisplay``).

Each ``*Display`` stores the data it shows; ``plot()`` draws it and keeps ``figure_``, ``ax_``
and the artists, so code (and tests) can restyle or check them without searching the figure.
Class-method constructors compute the data from a fitted estimator or from precomputed results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._attention import plot_attention_distributions
from ._interaction_maps import plot_interaction_maps
from ._logos import plot_filter_logos
from ._sensitivity import plot_threshold_sensitivity

if TYPE_CHECKING:
    from ..models import BaseReadout
    from ..motifs import FilterAnnotation

__all__ = [
    "AttentionDistributionDisplay",
    "FilterLogoDisplay",
    "InteractionMapDisplay",
    "ThresholdSensitivityDisplay",
]


class InteractionMapDisplay:
    """Interaction map (filter x filter or motif x motif) with ground-truth pairs marked.

    Parameters
    ----------
    matrix : ndarray of shape (n, n) or DataFrame
        Interaction scores.
    labels : sequence of str, default=None
        Row/column labels of an ndarray (e.g. ``filter_motifs_``).
    true_interactions : DataFrame or iterable of (str, str), default=None
        Ground truth, marked on the map.
    name : str, default=""
        Title of the map.

    Attributes
    ----------
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes
    image_ : matplotlib.image.AxesImage
        The heat map.
    truth_patches_ : list of matplotlib.patches.Rectangle
        Rectangles outlining ground-truth cells.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> W = np.array([[0, .9, .1], [.9, 0, .2], [.1, .2, 0]])
    >>> disp = InteractionMapDisplay.from_matrix(W, labels=["A", "B", ""],
    ...                                          true_interactions=[("A", "B")])
    >>> disp.image_.get_array().shape, len(disp.truth_patches_)
    ((3, 3), 2)
    """

    def __init__(
        self,
        matrix: Any,
        *,
        labels: Sequence[str] | None = None,
        true_interactions: Any = None,
        name: str = "",
    ) -> None:
        self.matrix = matrix
        self.labels = labels
        self.true_interactions = true_interactions
        self.name = name

    def plot(self, *, ax: Any = None, **kwargs: Any) -> InteractionMapDisplay:
        """Draw the map (keyword arguments of :func:`plot_interaction_maps`).

        Returns
        -------
        display : InteractionMapDisplay
        """
        axes = None if ax is None else [ax]
        fig = plot_interaction_maps(
            {self.name: self.matrix}, self.true_interactions, labels=self.labels, axes=axes,
            **kwargs,
        )  # fmt: skip
        self.figure_ = fig
        self.ax_ = ax if ax is not None else fig.axes[0]
        self.image_ = self.ax_.images[0]
        self.truth_patches_ = [p for p in self.ax_.patches if p.get_gid() == "true_interaction"]
        return self

    @classmethod
    def from_matrix(
        cls,
        matrix: Any,
        *,
        labels: Sequence[str] | None = None,
        true_interactions: Any = None,
        name: str = "",
        ax: Any = None,
        **kwargs: Any,
    ) -> InteractionMapDisplay:
        """Plot a precomputed matrix (e.g. ``transform``'s output or ``motif_interactions_``)."""
        disp = cls(matrix, labels=labels, true_interactions=true_interactions, name=name)
        return disp.plot(ax=ax, **kwargs)

    @classmethod
    def from_estimator(
        cls,
        estimator: Any,
        X: Any = None,
        *,
        true_interactions: Any = None,
        level: str = "filter",
        name: str | None = None,
        ax: Any = None,
        **kwargs: Any,
    ) -> InteractionMapDisplay:
        """Plot a fitted interaction transformer's (or a Pipeline ending in one) matrix.

        Parameters
        ----------
        estimator : interaction transformer or Pipeline
            Fitted; its labels are ``filter_motifs_``.
        X : array-like or BaseReadout, default=None
            Data for ``estimator.transform``; None shows the fitted ``filter_interactions_``.
        true_interactions : DataFrame or iterable of (str, str), default=None
        level : {"filter", "motif"}, default="filter"
            ``"motif"`` shows ``motif_interactions_`` (or the annotation's motif matrix of the
            transformed ``X``).
        name : str, default=None
            Title; default the transformer's class name.
        ax : Axes, default=None
        **kwargs : dict
            Keyword arguments of :func:`plot_interaction_maps`.
        """
        if level not in ("filter", "motif"):
            raise ValueError(f"level must be 'filter' or 'motif', got {level!r}.")
        transformer = estimator[-1] if hasattr(estimator, "steps") else estimator
        W = transformer.filter_interactions_ if X is None else estimator.transform(X)
        labels: list[str] | None = list(transformer.filter_motifs_)
        if level == "motif":
            annotation = getattr(transformer, "filter_annotation_", None)
            if annotation is None:
                raise ValueError("level='motif' needs a transformer fitted with motifs=...")
            W, labels = annotation.motif_matrix(W), None
        name = type(transformer).__name__ if name is None else name
        return cls.from_matrix(W, labels=labels, true_interactions=true_interactions, name=name,
                               ax=ax, **kwargs)  # fmt: skip


class ThresholdSensitivityDisplay:
    """Interaction recovery against the attention threshold (paper, Figs. 3 and 5).

    Parameters
    ----------
    table : DataFrame
        One row per threshold (``threshold_sensitivity(...).table``, or the demo's
        ``threshold_sensitivity.csv``).

    Attributes
    ----------
    figure_ : matplotlib.figure.Figure
    axes_ : list of Axes
        One panel per metric.
    ax_ : Axes
        The first panel.
    lines_ : dict of str -> list of Line2D
        Per panel title, its data lines (reference lines excluded).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({"threshold": [0.1, 0.2], "glifac_auroc": [0.9, 0.92]})
    >>> disp = ThresholdSensitivityDisplay(table).plot()
    >>> disp.lines_["GLIFAC AUROC"][0].get_ydata().tolist()
    [0.9, 0.92]
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table

    def plot(self, *, axes: Any = None, **kwargs: Any) -> ThresholdSensitivityDisplay:
        """Draw (keyword arguments of :func:`plot_threshold_sensitivity`).

        Returns
        -------
        display : ThresholdSensitivityDisplay
        """
        fig = plot_threshold_sensitivity(self.table, axes=axes, **kwargs)
        self.figure_ = fig
        self.axes_ = [ax for ax in fig.axes if ax.get_title()]
        self.ax_ = self.axes_[0]
        self.lines_ = {
            ax.get_title(): [ln for ln in ax.get_lines() if ln.get_gid() is None]
            for ax in self.axes_
        }
        return self

    @classmethod
    def from_readout(
        cls,
        readout: BaseReadout,
        true_interactions: Any,
        filter_labels: Sequence[str],
        *,
        thresholds: npt.ArrayLike | None = None,
        random_state: int | np.random.RandomState | None = None,
        axes: Any = None,
        **kwargs: Any,
    ) -> ThresholdSensitivityDisplay:
        """Sweep thresholds on a read-out (:func:`~sklearn_glifac.inspection.threshold_sensitivity`)
        and plot the result."""
        from ..inspection import threshold_sensitivity

        extra: dict[str, Any] = {} if thresholds is None else {"thresholds": thresholds}
        result = threshold_sensitivity(readout, true_interactions, filter_labels,
                                       random_state=random_state, **extra)  # fmt: skip
        return cls(result.table).plot(axes=axes, **kwargs)


class AttentionDistributionDisplay:
    """Head-combined attention values on test and null sequences (paper, Fig. 1).

    Parameters
    ----------
    attention : dict of str -> ndarray
        Model name -> attention values (``attention_distribution(...).attention``).
    null_attention : dict of str -> ndarray, default=None
        Model name -> attention values on null sequences.

    Attributes
    ----------
    figure_ : matplotlib.figure.Figure
    axes_ : list of Axes
    ax_ : Axes
        The first panel.
    threshold_lines_ : list of Line2D
        Vertical threshold and null-cutoff lines.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> disp = AttentionDistributionDisplay({"m": np.linspace(0, 1, 50)}).plot(threshold=0.1)
    >>> [round(float(ln.get_xdata()[0]), 2) for ln in disp.threshold_lines_]
    [0.1]
    """

    def __init__(
        self,
        attention: Mapping[str, npt.ArrayLike],
        null_attention: Mapping[str, npt.ArrayLike] | None = None,
    ) -> None:
        self.attention = attention
        self.null_attention = null_attention

    def plot(self, *, axes: Any = None, **kwargs: Any) -> AttentionDistributionDisplay:
        """Draw (keyword arguments of :func:`plot_attention_distributions`).

        Returns
        -------
        display : AttentionDistributionDisplay
        """
        fig = plot_attention_distributions(self.attention, self.null_attention, axes=axes,
                                           **kwargs)  # fmt: skip
        self.figure_ = fig
        self.axes_ = [ax for ax in fig.axes if ax.has_data()]
        self.ax_ = self.axes_[0]
        self.threshold_lines_ = [
            ln for ax in self.axes_ for ln in ax.get_lines()
            if len(np.unique(ln.get_xdata())) == 1
        ]  # fmt: skip
        return self

    @classmethod
    def from_readout(
        cls,
        readout: BaseReadout,
        null_readout: BaseReadout | None = None,
        *,
        name: str = "",
        max_sequences: int = 1000,
        axes: Any = None,
        **kwargs: Any,
    ) -> AttentionDistributionDisplay:
        """Collect the values of a read-out (and a null read-out) and plot them
        (:func:`~sklearn_glifac.inspection.attention_distribution`)."""
        from ..inspection import attention_distribution

        result = attention_distribution(readout, null_readout, max_sequences=max_sequences)
        null = None if result.null_attention is None else {name: result.null_attention}
        return cls({name: result.attention}, null).plot(axes=axes, **kwargs)


class FilterLogoDisplay:
    """Sequence logos of first-layer filters titled by their motif match.

    Parameters
    ----------
    pwms : ndarray of shape (n_filters, 4, width)
    labels : sequence of str, default=None
    qvalues, n_sites : array-like of shape (n_filters,), default=None

    Attributes
    ----------
    figure_ : matplotlib.figure.Figure
    axes_ : list of Axes
        One per drawn filter.
    ax_ : Axes
        The first logo.
    titles_ : list of str

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import numpy as np
    >>> pwms = np.full((2, 4, 5), 0.25); pwms[0, 0] = 0.97; pwms[0, 1:] = 0.01
    >>> disp = FilterLogoDisplay(pwms, ["A-run", ""]).plot()
    >>> len(disp.axes_)
    2
    """

    def __init__(
        self,
        pwms: npt.ArrayLike,
        labels: Sequence[str | None] | None = None,
        *,
        qvalues: npt.ArrayLike | None = None,
        n_sites: npt.ArrayLike | None = None,
    ) -> None:
        self.pwms = pwms
        self.labels = labels
        self.qvalues = qvalues
        self.n_sites = n_sites

    def plot(self, **kwargs: Any) -> FilterLogoDisplay:
        """Draw (keyword arguments of :func:`plot_filter_logos`).

        Returns
        -------
        display : FilterLogoDisplay
        """
        fig = plot_filter_logos(self.pwms, self.labels, qvalues=self.qvalues,
                                n_sites=self.n_sites, **kwargs)  # fmt: skip
        self.figure_ = fig
        self.axes_ = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
        self.ax_ = self.axes_[0]
        self.titles_ = [ax.get_title() for ax in self.axes_]
        return self

    @classmethod
    def from_annotation(cls, annotation: FilterAnnotation, **kwargs: Any) -> FilterLogoDisplay:
        """Logos of a :class:`~sklearn_glifac.motifs.FilterAnnotation`."""
        disp = cls(annotation.pwms, annotation.labels, qvalues=annotation.qvalues,
                   n_sites=annotation.n_sites)  # fmt: skip
        return disp.plot(**kwargs)

    @classmethod
    def from_estimator(cls, estimator: Any, **kwargs: Any) -> FilterLogoDisplay:
        """Logos of a fitted interaction transformer (or a Pipeline ending in one)."""
        transformer = estimator[-1] if hasattr(estimator, "steps") else estimator
        annotation = getattr(transformer, "filter_annotation_", None)
        if annotation is None:
            raise ValueError("FilterLogoDisplay needs a transformer fitted with motifs=...")
        return cls.from_annotation(annotation, **kwargs)
