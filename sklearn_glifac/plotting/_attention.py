"""Distributions of attention values on real and on shuffled sequences (paper, Fig. 1a-b)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..utils import check_int, check_unit_interval
from ._base import _check_mapping, _new_figure, _resolve_colors

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_KINDS = ("hist", "violin")
# Violins need a kernel density estimate; more points only cost time.
_MAX_VIOLIN_POINTS = 50_000


def _check_values(values, *, name):
    try:
        arr = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a numeric array of attention values: {exc}") from exc
    if arr.size == 0:
        raise ValueError(f"{name} is empty; pass at least one attention value.")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    if arr.min() < -1e-6 or arr.max() > 1 + 1e-6:
        raise ValueError(
            f"{name} must hold softmax attention weights in [0, 1], got values in "
            f"[{arr.min():.3g}, {arr.max():.3g}]."
        )
    return arr


def _subsample(arr, n):
    if arr.size <= n:
        return arr
    idx = np.random.default_rng(0).choice(arr.size, size=n, replace=False)
    return arr[idx]


def plot_attention_distributions(
    values_by_model: Mapping[str, npt.ArrayLike],
    null_values_by_model: Mapping[str, npt.ArrayLike] | None = None,
    *,
    threshold: float | None = 0.1,
    null_cutoffs: Mapping[str, float] | None = None,
    alpha: float = 0.05,
    kind: str = "hist",
    bins: int = 50,
    log: bool = True,
    colors: Mapping[str, Any] | None = None,
    axes: Any = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Plot attention-value distributions on test and on dinucleotide-shuffled sequences.

    Reproduces the paper's Fig. 1a-b: panel (a) shows the attention values of each model on the
    test sequences with the fixed threshold (default 0.1, SATORI's choice) as a dashed black line;
    panel (b) shows the same on dinucleotide-shuffled sequences (the null distribution) with each
    model's null cutoff (the ``1 - alpha`` quantile) as a line in the model's colour.

    Parameters
    ----------
    values_by_model : dict of str -> array-like
        Model name -> attention values on the test sequences (any shape; flattened), e.g. the
        head-combined maps from ``attention_maps(X).max(axis=1)``.
    null_values_by_model : dict of str -> array-like, default=None
        Model name -> attention values on shuffled sequences. When given, a second panel is drawn.
        Keys must be a subset of ``values_by_model``'s.
    threshold : float or None, default=0.1
        Fixed threshold drawn on the test panel; None draws none.
    null_cutoffs : dict of str -> float, default=None
        Model name -> null cutoff, e.g. a fitted
        :class:`~sklearn_glifac.interactions.LocalAttentionInteractions`' threshold. When None and
        null values are given, the ``1 - alpha`` quantile of each model's null values is used.
    alpha : float, default=0.05
        Significance level of the null cutoff computed when ``null_cutoffs`` is None.
    kind : {"hist", "violin"}, default="hist"
        Overlaid step histograms (densities) or one violin per model.
    bins : int, default=50
        Number of equal-width histogram bins between 0 and the largest value shown.
    log : bool, default=True
        Logarithmic density axis (the distributions have long right tails).
    colors : dict of str -> colour, default=None
        Colour per model; default green shades for exponential, blue for ReLU models.
    axes : array-like of Axes, default=None
        One Axes per panel (1, or 2 with null values). Created when None.
    figsize : tuple of float, default=None
        Figure size when ``axes`` is None.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure. Threshold lines carry ``gid="threshold"``, null cutoff lines
        ``gid="null_cutoff"``; both are labelled with their value in the legend. The value axis
        extends a little beyond the values shown, so that a cutoff at 0 or 1 (one-hot attention)
        is drawn inside the axes, not on their frame.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> fig = plot_attention_distributions({"CNN20-Exp": rng.dirichlet(np.ones(10), 50)},
    ...                                    {"CNN20-Exp": rng.dirichlet(np.ones(10), 50)})
    >>> len(fig.axes)
    2
    """
    values, null, threshold, null_cutoffs = _check_distribution_inputs(
        values_by_model, null_values_by_model, threshold, null_cutoffs, alpha, kind, bins
    )
    names = list(values)
    colors = _resolve_colors(names, colors)
    panels = [("Test sequences", values)]
    if null is not None:
        panels.append(("Dinucleotide-shuffled sequences (null)", null))
    if figsize is None:
        figsize = (
            (5.4 * len(panels), 3.9)
            if kind == "hist"
            else (max(4.0, 1.0 + 1.3 * len(names)) * len(panels), 4.0)
        )
    fig, axs = _new_figure(
        len(panels), axes=axes, figsize=figsize, layout="constrained", sharey=True
    )
    # Attention rarely spans all of [0, 1]: zoom on the observed range (and the lines drawn).
    marks = [threshold or 0.0, *(null_cutoffs or {}).values()]
    observed = max(
        max(v.max() for v in values.values()),
        max((v.max() for v in (null or {}).values()), default=0.0),
        *marks,
    )
    upper = float(min(1.0, max(observed * 1.05, 0.05)))

    for p, (ax, (title, data)) in enumerate(zip(axs, panels)):
        is_null = p == 1
        if kind == "hist":
            _hist_panel(ax, data, colors, upper=upper, bins=bins, log=log, first=p == 0,
                        is_null=is_null)  # fmt: skip
            line = ax.axvline
        else:
            _violin_panel(ax, data, names, colors, first=p == 0)
            line = ax.axhline
        if not is_null and threshold is not None:
            line(
                threshold,
                color="black",
                ls="--",
                lw=1.2,
                zorder=3,
                gid="threshold",
                label=f"threshold {threshold:g}",
            )
        cut_panel = is_null or (null is None and null_cutoffs is not None)
        if cut_panel and null_cutoffs:
            _cutoff_lines(ax, null_cutoffs, names, colors, kind=kind)
        ax.set_title(title, fontsize=11)
        ax.grid(alpha=0.25)
        handles, labels = ax.get_legend_handles_labels()
        if handles:
            ax.legend(fontsize=8, frameon=False)
    return fig


def _check_distribution_inputs(
    values_by_model, null_values_by_model, threshold, null_cutoffs, alpha, kind, bins
):
    """Checked values, null values, threshold and null cutoffs (the null quantiles when None)."""
    values = _check_mapping(values_by_model, name="values_by_model")
    values = {k: _check_values(v, name=f"values_by_model[{k!r}]") for k, v in values.items()}
    null = None
    if null_values_by_model is not None:
        null = _check_mapping(null_values_by_model, name="null_values_by_model")
        extra = [k for k in null if k not in values]
        if extra:
            raise ValueError(
                f"null_values_by_model has models {extra} that are not in values_by_model."
            )
        null = {k: _check_values(v, name=f"null_values_by_model[{k!r}]") for k, v in null.items()}
    if threshold is not None:
        threshold = check_unit_interval(threshold, name="threshold")
    alpha = check_unit_interval(alpha, name="alpha", closed_left=False, closed_right=False)
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'hist' or 'violin', got {kind!r}.")
    check_int(bins, name="bins", low=2)
    if null_cutoffs is not None:
        if not isinstance(null_cutoffs, Mapping):
            raise TypeError("null_cutoffs must be a dict mapping model names to cutoffs.")
        null_cutoffs = {
            str(k): check_unit_interval(v, name=f"null_cutoffs[{k!r}]")
            for k, v in null_cutoffs.items()
        }
        unknown = [k for k in null_cutoffs if k not in values]
        if unknown:
            raise ValueError(f"null_cutoffs has models {unknown} that are not in values_by_model.")
    elif null is not None:
        null_cutoffs = {k: float(np.quantile(v, 1 - alpha)) for k, v in null.items()}
    return values, null, threshold, null_cutoffs


def _hist_panel(ax, data, colors, *, upper, bins, log, first, is_null):
    """Overlaid step histograms (densities) of each model's values on [0, upper]."""
    edges = np.linspace(0.0, upper, bins + 1)
    # A margin on both sides keeps lines at 0 or at the upper limit (a null cutoff of 1.0 for
    # one-hot attention) off the axes frame, where they would be invisible.
    pad = 0.02 * upper
    for name, arr in data.items():
        ax.hist(
            arr,
            bins=edges,
            density=True,
            histtype="step",
            lw=1.6,
            color=colors[name],
            label=(name or None) if not is_null else None,
        )
        ax.hist(arr, bins=edges, density=True, histtype="stepfilled", alpha=0.12,
                color=colors[name])  # fmt: skip
    if log:
        ax.set_yscale("log")
    ax.set_xlim(-pad, upper + pad)
    ax.set_xlabel("attention value")
    if first:
        ax.set_ylabel("density")


def _violin_panel(ax, data, names, colors, *, first):
    """One violin per model present in ``data``, at the model's position in ``names``."""
    present = [n for n in names if n in data]
    pos = [names.index(n) for n in present]
    parts = ax.violinplot(
        [_subsample(data[n], _MAX_VIOLIN_POINTS) for n in present],
        positions=pos,
        widths=0.8,
        showextrema=False,
        showmedians=True,
    )
    for body, n in zip(parts["bodies"], present):
        body.set_facecolor(colors[n])
        body.set_edgecolor(colors[n])
        body.set_alpha(0.6)
    parts["cmedians"].set_color("0.2")
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_ylim(-0.02, 1.02)
    if first:
        ax.set_ylabel("attention value")


def _cutoff_lines(ax, null_cutoffs, names, colors, *, kind):
    """Each model's null cutoff, in its colour (``gid="null_cutoff"``)."""
    for name, cut in null_cutoffs.items():
        if kind == "violin":
            i = names.index(name)
            ax.plot(
                [i - 0.45, i + 0.45],
                [cut, cut],
                color=colors[name],
                lw=2,
                zorder=3,
                gid="null_cutoff",
                label=f"{name} cutoff {cut:.3f}".strip(),
            )
        else:
            ax.axvline(
                cut,
                color=colors[name],
                ls=":",
                lw=1.8,
                zorder=3,
                gid="null_cutoff",
                label=f"{name} null cutoff {cut:.3f}".strip(),
            )
