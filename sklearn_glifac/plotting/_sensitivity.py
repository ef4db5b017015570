"""Interaction-recovery scores as a function of the attention threshold (paper, Figs. 3 and 5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..utils import check_int
from ._base import _new_figure, _resolve_colors

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Default panels: the paper's Fig. 3 (local attention TPR and PPV) with local attention's
#: AUROC and AUPR, and Fig. 5 (GLIFAC).
SENSITIVITY_METRICS = {
    "local_tpr": "Local attention TPR",
    "local_ppv": "Local attention PPV",
    "local_auroc": "Local attention AUROC",
    "local_aupr": "Local attention AUPR",
    "glifac_auroc": "GLIFAC AUROC",
    "glifac_aupr": "GLIFAC AUPR",
    "glifac_snr": "GLIFAC SNR",
}
_BOUNDED = ("tpr", "ppv", "auroc", "aupr", "precision", "recall", "f1")
# With more default panels than this, they wrap into rows of four (local attention, GLIFAC).
_MAX_ONE_ROW = 5


def plot_threshold_sensitivity(
    table: pd.DataFrame,
    *,
    metrics: Sequence[str] | Mapping[str, str] | None = None,
    x: str = "threshold",
    hue: str = "model",
    colors: Mapping[str, Any] | None = None,
    snr_reference: float | None = 2.0,
    chance_reference: bool = True,
    ncols: int | None = None,
    axes: Any = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Plot interaction-recovery metrics against the attention threshold.

    One panel per metric: by default TPR, PPV, AUROC and AUPR of aggregated local attention (TPR
    and PPV are the paper's Fig. 3; they often stay flat, so the ranking scores are shown beside
    them) and AUROC, AUPR and SNR of GLIFAC (Fig. 5). Rows repeated for the same model and
    threshold (e.g. several random initialisations) are summarised by their mean with a +/- 1
    standard deviation band. Reference lines are labelled in the legend: SNR = 2 on SNR panels
    and chance (0.5) on AUROC panels.

    Parameters
    ----------
    table : DataFrame
        One row per (model, threshold[, seed]) with a ``x`` column, an optional ``hue`` column
        and one column per metric. The demo writes such a table (``threshold_sensitivity.csv``).
    metrics : list of str or dict of str -> str, default=None
        Columns to plot (a dict also gives panel titles). Default: those of
        ``local_tpr, local_ppv, local_auroc, local_aupr, glifac_auroc, glifac_aupr, glifac_snr``
        present in ``table`` (:data:`SENSITIVITY_METRICS`).
    x : str, default="threshold"
        Column holding the threshold.
    hue : str or None, default="model"
        Column distinguishing the lines; ignored when absent from ``table``.
    colors : dict of str -> colour, default=None
        Colour per model; default green shades for exponential, blue for ReLU models.
    snr_reference : float or None, default=2.0
        Dashed reference line on SNR panels, ``gid="snr_reference"``. SNR is the mean score of
        the ground-truth pairs over the mean score of all other pairs; the paper reads SNR > 2
        (true pairs score twice the others) as a clear contrast.
    chance_reference : bool, default=True
        Dotted line at 0.5, the AUROC of a random ranking, on AUROC panels
        (``gid="chance"``).
    ncols : int, default=None
        Panels per row; default all in one row, or rows of four when more than five panels are
        drawn.
    axes : array-like of Axes, default=None
        One Axes per metric. Created when None.
    figsize : tuple of float, default=None
        Figure size when ``axes`` is None.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure; its legend names the models and the reference lines.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({"model": "CNN20-Exp", "threshold": [0.1, 0.2],
    ...                       "glifac_auroc": [0.9, 0.92], "local_tpr": [1.0, 0.9]})
    >>> fig = plot_threshold_sensitivity(table)
    >>> [ax.get_title() for ax in fig.axes]
    ['Local attention TPR', 'GLIFAC AUROC']
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}.")
    if table.empty:
        raise ValueError("table is empty.")
    if x not in table.columns:
        raise ValueError(f"table has no threshold column {x!r}; columns are {list(table.columns)}.")
    if metrics is None:
        metrics = {k: v for k, v in SENSITIVITY_METRICS.items() if k in table.columns}
        if not metrics:
            raise ValueError(
                f"table has none of the default metric columns {list(SENSITIVITY_METRICS)}; "
                "pass metrics= explicitly."
            )
    elif isinstance(metrics, Mapping):
        metrics = {str(k): str(v) for k, v in metrics.items()}
    elif isinstance(metrics, str):
        raise TypeError("metrics must be a list of column names or a dict, not a string.")
    else:
        metrics = {str(m): SENSITIVITY_METRICS.get(str(m), str(m)) for m in metrics}
    if not metrics:
        raise ValueError("metrics is empty.")
    missing = [m for m in metrics if m not in table.columns]
    if missing:
        raise ValueError(f"table has no column(s) {missing}; columns are {list(table.columns)}.")
    for col in [x, *metrics]:
        if not pd.api.types.is_numeric_dtype(table[col]):
            raise TypeError(f"table[{col!r}] must be numeric, got dtype {table[col].dtype}.")

    data = table.copy()
    if hue is None or hue not in data.columns:
        hue = "__all__"
        data[hue] = ""
    data[hue] = data[hue].astype(str)
    names = list(dict.fromkeys(data[hue]))
    colors = _resolve_colors(names, colors)

    n = len(metrics)
    check_int(ncols, name="ncols", allow_none=True)
    if ncols is None and axes is None and n > _MAX_ONE_ROW:
        ncols = 4
    if figsize is None:
        cols = n if ncols is None else min(ncols, n)
        figsize = (3.1 * cols + 0.6, 2.9 * int(np.ceil(n / cols)) + 0.5)
    fig, axs = _new_figure(n, axes=axes, figsize=figsize, ncols=ncols, layout="constrained")
    # One threshold range on every panel, also where a score is undefined at some thresholds.
    x_lo, x_hi = float(data[x].min()), float(data[x].max())
    x_pad = 0.04 * (x_hi - x_lo) if x_hi > x_lo else 0.05
    grouped = data.groupby([hue, x], sort=True)[list(metrics)]
    mean, std = grouped.mean(), grouped.std(ddof=0)
    for ax, (col, title) in zip(axs, metrics.items()):
        for name in names:
            m = mean.loc[name, col]
            s = std.loc[name, col].fillna(0.0)
            xs = m.index.to_numpy(dtype=float)
            ax.plot(xs, m.to_numpy(), "o-", ms=3.5, lw=1.6, color=colors[name], label=name or None)
            if (s > 0).any():
                ax.fill_between(
                    xs, (m - s).to_numpy(), (m + s).to_numpy(), color=colors[name], alpha=0.18, lw=0
                )
        if col.endswith("snr") and snr_reference is not None:
            ax.axhline(
                snr_reference,
                color="0.4",
                ls="--",
                lw=1,
                gid="snr_reference",
                label=f"SNR = {snr_reference:g}: true pairs score {snr_reference:g}x the others "
                "(paper: clear contrast above)",
            )
        if col.endswith("auroc") and chance_reference:
            ax.axhline(0.5, color="0.55", ls=":", lw=1.2, gid="chance", label="AUROC 0.5 = chance")
        if any(col.endswith(b) for b in _BOUNDED):
            ax.set_ylim(-0.03, 1.03)
        ax.set_xlim(x_lo - x_pad, x_hi + x_pad)
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("attention threshold")
        ax.grid(alpha=0.25)
    entries: dict[str, Any] = {}  # label -> handle: models first, then each reference line once
    for ax in axs:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            entries.setdefault(label, handle)
    if entries:
        if axes is None:
            fig.legend(
                list(entries.values()),
                list(entries),
                loc="outside lower center",
                ncols=min(len(entries), 4),
                frameon=False,
            )
        else:
            axs[0].legend(list(entries.values()), list(entries), fontsize=8, frameon=False)
    return fig
