"""Figures of a reproduction of the paper: its Figs. 1, 2, 3 and 5 from a tidy results table.

:func:`plot_reproduction` draws one of :data:`REPRODUCTION_FIGURES` from results in the layout of
``sklearn_glifac.experiments.RESULT_COLUMNS`` (one row per preset x seed x method x threshold):
box plots over seeds, and threshold sweeps drawn by :func:`plot_threshold_sensitivity`.
Published numbers (``sklearn_glifac.experiments.PAPER_RESULTS``) are drawn beside ours when
passed as ``paper``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..utils import check_columns
from ._base import _new_figure, model_colors
from ._sensitivity import plot_threshold_sensitivity

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DATA_LABELS", "METHOD_LABELS", "REPRODUCTION_FIGURES", "plot_reproduction"]

#: The interaction methods of a reproduction's results (its ``method`` column, in this order) and
#: how figures and reports name them.
METHOD_LABELS = {"local_attention": "local attention (aggregated)", "glifac": "GLIFAC"}
#: How figures and reports name the data distributions of a reproduction
#: (``sklearn_glifac.experiments.DATA_DISTRIBUTIONS``).
DATA_LABELS = {
    "authors": "authors' data (grammar pairs co-occur, as in the paper)",
    "independent": "independent motif draws (control)",
}
_METHODS = tuple(METHOD_LABELS)
_METRIC_LABELS = {
    "auroc": "Interaction AUROC",
    "aupr": "Interaction AUPR",
    "snr": "Interaction SNR",
    "tpr": "TPR (ground-truth pairs found)",
    "ppv": "PPV (reported pairs correct)",
    "classification_aupr": "Classification AUPR (mean of 12 tasks)",
    "classification_aupr_micro": "Classification AUPR (12 tasks pooled)",
}
_AXIS_LABELS = {
    "auroc": "AUROC",
    "aupr": "AUPR",
    "snr": "SNR",
    "tpr": "TPR",
    "ppv": "PPV",
    "classification_aupr": "classification AUPR",
    "classification_aupr_micro": "pooled classification AUPR",
}
# Columns that older results lack (read as NaN); their panels are left out when empty.
_OPTIONAL_COLUMNS = ("classification_aupr_micro",)
_KEYS = ("preset", "seed", "data", "method", "threshold")
_PAPER_COLUMNS = ("preset", "method", "threshold", "metric", "value", "low", "high")
_SNR_REFERENCE = 2.0

_FIGURES: dict[str, dict[str, Any]] = {
    "classification": {
        # per-task mean, then all tasks pooled (the paper's number; absent from older results)
        "metrics": ["classification_aupr", "classification_aupr_micro"],
        "method": None,
        "title": "Classification performance of each model (test set)",
    },
    "fig1": {
        "metrics": ["tpr", "ppv"],
        "method": "local_attention",
        "title": "Fig. 1c-d: filter interactions from local attention (threshold 0.1)",
    },
    "fig2": {
        "metrics": ["aupr", "auroc", "snr"],
        "method": None,
        "title": "Fig. 2c-e: aggregated local attention vs GLIFAC (threshold 0.1)",
    },
    "fig3": {
        # The paper's TPR/PPV, and beside them the AUROC/AUPR of aggregated local attention:
        # TPR/PPV are often flat over thresholds while the ranking of motif pairs is not.
        "metrics": ["tpr", "ppv", "auroc", "aupr"],
        "method": "local_attention",
        "title": "Fig. 3a: local attention vs attention threshold (AUROC/AUPR added)",
    },
    "fig5": {
        "metrics": ["auroc", "aupr", "snr"],
        "method": "glifac",
        "title": "Fig. 5: GLIFAC vs attention threshold",
    },
}

#: Figure names accepted by :func:`plot_reproduction`.
REPRODUCTION_FIGURES = tuple(_FIGURES)

_QUALITATIVE = {
    ("local_attention", "tpr"): "paper: near 1 in most models",
    ("local_attention", "ppv"): "paper: quite low in all models",
}


def _preset_colors(presets, colors=None):
    if colors is not None:
        missing = [p for p in presets if p not in colors]
        if missing:
            raise ValueError(f"colors has no colour for presets {missing}.")
        return {p: colors[p] for p in presets}
    out = model_colors(presets)
    for p in presets:  # paper: green exponential, blue ReLU; SATORI (softplus) orange, else grey
        low = p.lower()
        if "exp" not in low and "relu" not in low:
            out[p] = "tab:orange" if p == "SATORI" else "0.6"
    return out


def _box(ax, values, position, *, color, width, hatch=None, gid="box"):
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return
    few = values.size < 5
    parts = ax.boxplot(
        [values],
        positions=[position],
        widths=width,
        patch_artist=True,
        showfliers=not few,
        manage_ticks=False,
        medianprops={"color": "black"},
    )
    for patch in parts["boxes"]:
        filled = hatch is None
        patch.set(facecolor=color if filled else "white", edgecolor="0.2" if filled else color)
        if not filled:
            patch.set(hatch=hatch, linewidth=1.5)
        patch.set_gid(gid)
    if few:  # with few seeds show every run, not only the box
        offsets = np.linspace(-0.15, 0.15, values.size) * width if values.size > 1 else [0.0]
        ax.scatter(position + np.asarray(offsets), values, s=12, color="black", zorder=3)


def _paper_points(paper, preset, method, metric):
    rows = paper[
        (paper["preset"] == preset)
        & (paper["method"] == method)
        & (paper["metric"] == metric)
        & paper["value"].notna()
    ]
    return rows["threshold"].to_numpy(float), rows["value"].to_numpy(float)


def _paper_marker(ax, x, y, preset):
    ax.plot(
        x,
        y,
        linestyle="none",
        marker="*",
        markersize=13,
        markerfacecolor="gold",
        markeredgecolor="black",
        zorder=4,
        label=f"paper ({preset}, published run)",
        gid="paper",
    )


def _snr_reference(ax, label):
    ax.axhline(_SNR_REFERENCE, color="0.3", linestyle="--", linewidth=1, label=label, gid="paper")


def _note(ax, metric, text):
    """A published qualitative statement, placed away from where the data are expected."""
    y = 0.03 if metric == "tpr" else 0.92  # TPR near 1: write below; PPV low: write above
    ax.text(0.02, y, text, transform=ax.transAxes, fontsize="small", style="italic", color="0.25")


def _finish_categorical(ax, presets):
    ax.set_xticks(range(len(presets)), presets, rotation=30, ha="right")
    ax.set_xlim(-0.6, len(presets) - 0.4)
    ax.set_xlabel("model (preset)")
    ax.grid(axis="y", alpha=0.3)


def _clamp_unit(ax, metric):
    """Rates on the full [0, 1] scale ("near 1", "low" read off it); AUROC/AUPR zoomed in [0, 1]."""
    if metric in ("tpr", "ppv"):
        ax.set_ylim(-0.02, 1.02)
    elif metric in ("auroc", "aupr"):
        low, high = ax.get_ylim()
        ax.set_ylim(max(low, -0.02), min(high, 1.02))


def _legend(fig, axes, proxies, *, own_figure):
    """One legend for the whole figure: methods, presets (line plots), paper references."""
    entries = {p.get_label(): p for p in proxies}
    for a in axes:
        for handle, label in zip(*a.get_legend_handles_labels()):
            entries.setdefault(label, handle)
    if not entries:
        return
    kwargs = {"fontsize": "small", "ncols": min(len(entries), 4)}
    if own_figure:
        fig.legend(list(entries.values()), list(entries), loc="outside lower center", **kwargs)
    else:
        axes[-1].legend(list(entries.values()), list(entries), **kwargs)


def plot_reproduction(
    results: pd.DataFrame,
    figure: str,
    *,
    paper: pd.DataFrame | None = None,
    ax: Any = None,
    presets: Sequence[str] | None = None,
    colors: Mapping[str, Any] | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Plot reproduced results in the layout of one of the paper's figures.

    Box plots summarise the seeds of each preset (every run is drawn as a dot when fewer than
    five); threshold sweeps are drawn by :func:`plot_threshold_sensitivity` (the mean over seeds
    with a +/- 1 standard deviation band). Colours
    follow the paper: green for exponential first-layer activations, blue for ReLU, orange for
    SATORI and grey for anything else. Published numbers are drawn beside ours as gold stars,
    bands or dashed lines labelled "paper" in the legend. When ``results`` holds both data
    distributions, each gets its own row of panels so the control can be read against the
    authors' data.

    Parameters
    ----------
    results : DataFrame
        Tidy results, one row per preset x seed x method x threshold, with the columns ``preset,
        seed, data, method, threshold`` and those of the figure's metrics
        (``sklearn_glifac.experiments.RESULT_COLUMNS``).
    figure : {"classification", "fig1", "fig2", "fig3", "fig5"}
        ``"classification"``: classification AUPR per preset, the mean of the per-task AUPRs
        and (where recorded) the AUPR of all tasks pooled, the latter with the paper's
        0.95-0.97 band (the authors pooled the tasks).
        ``"fig1"``: local attention TPR and PPV at threshold 0.1 (paper Fig. 1c-d).
        ``"fig2"``: interaction AUPR, AUROC and SNR at threshold 0.1, aggregated local attention
        (hatched) beside GLIFAC (filled) (Fig. 2c-e). ``"fig3"``: local attention TPR and PPV
        against the threshold (Fig. 3a), beside its interaction AUROC and AUPR. ``"fig5"``:
        GLIFAC AUROC, AUPR and SNR against the threshold (Fig. 5).
    paper : DataFrame or None, default=None
        Published numbers in the layout of ``sklearn_glifac.experiments.PAPER_RESULTS`` (pass
        that table to draw the paper's numbers); None draws ours only.
    ax : array-like of Axes, default=None
        ``n_data x n_panels`` Axes in row-major order (one row per data distribution, one
        panel per metric). Created, on a new :class:`~matplotlib.figure.Figure`, when None.
    presets : list of str, default=None
        Presets to show, in this order; default all, in their order in ``results``.
    colors : dict of str -> colour, default=None
        Colour per preset; default the paper's convention above.
    figsize : tuple of float, default=None
        Figure size when ``ax`` is None; default scales with the number of presets and panels.

    Returns
    -------
    fig : matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_glifac.experiments import RESULT_COLUMNS
    >>> results = pd.DataFrame({c: [0.0] * 4 for c in RESULT_COLUMNS}).assign(
    ...     preset="CNN20-Exp", data="authors", method="glifac", threshold=0.1,
    ...     seed=[0, 1, 2, 3], classification_aupr=[0.95, 0.96, 0.96, 0.97])
    >>> fig = plot_reproduction(results, "classification", paper=None)
    >>> fig.axes[0].get_title()
    'Classification AUPR (mean of 12 tasks)'
    """
    if figure not in _FIGURES:
        raise ValueError(f"figure must be one of {list(_FIGURES)}, got {figure!r}.")
    spec = _FIGURES[figure]
    required = [m for m in spec["metrics"] if m not in _OPTIONAL_COLUMNS]
    check_columns(results, [*_KEYS, *required], name="results")
    if paper is not None:
        check_columns(paper, _PAPER_COLUMNS, name="paper")
    frame, presets = _figure_rows(results, figure, spec["method"], presets)
    colors = _preset_colors(presets, colors)
    data_values = list(dict.fromkeys(frame["data"].astype(str)))
    metrics = [m for m in spec["metrics"] if m not in _OPTIONAL_COLUMNS or _recorded(frame, m)]
    nrows, ncols = len(data_values), len(metrics)
    if figsize is None:
        per_box = 0.9 if figure == "fig2" else 0.55
        width = 4.2 if figure in ("fig3", "fig5") else max(3.2, per_box * len(presets) + 1.4)
        figsize = (min(max(width * ncols, 6.5), 18), 3.6 * nrows + 1.0)
    fig, grid = _axes_grid(
        nrows, ncols, ax=ax, figsize=figsize, data_values=data_values, title=spec["title"]
    )
    proxies: list[Any] = []
    for data, row in zip(data_values, grid):
        sub = frame[frame["data"].astype(str) == data]
        if figure in ("fig3", "fig5"):
            _draw_sweeps(row, sub, figure, metrics, presets, colors, paper)
        for a, metric in zip(row, metrics):
            if figure not in ("fig3", "fig5"):
                proxies = _draw_boxes(a, sub, figure, metric, presets, colors, paper) or proxies
            title = _METRIC_LABELS[metric]
            if ax is not None and nrows > 1:
                title = f"{title}\n{DATA_LABELS.get(data, data)}"
            a.set_title(title, fontsize="medium")
    _legend(fig, [a for row in grid for a in row], proxies, own_figure=ax is None)
    return fig


def _figure_rows(results, figure, method, presets):
    """The rows a figure draws and the presets it shows, in order."""
    frame = results if method is None else results[results["method"] == method]
    if figure in ("fig1", "fig2"):
        frame = frame[np.isclose(frame["threshold"].astype(float), 0.1)]
    if len(frame) == 0:
        what = f"method {method!r}" if method else "any method"
        raise ValueError(
            f"results has no rows for figure {figure!r} ({what}"
            f"{', threshold 0.1' if figure in ('fig1', 'fig2') else ''})."
        )
    all_presets = list(dict.fromkeys(frame["preset"].astype(str)))
    if presets is None:
        presets = all_presets
    else:
        unknown = [p for p in presets if p not in all_presets]
        if unknown:
            raise ValueError(f"presets {unknown} are not in results; available: {all_presets}.")
        presets = list(presets)
    return frame[frame["preset"].isin(presets)], presets


def _axes_grid(nrows, ncols, *, ax, figsize, data_values, title):
    if ax is not None:
        fig, flat = _new_figure(nrows * ncols, axes=ax, name="ax")
        return fig, [flat[i * ncols : (i + 1) * ncols] for i in range(nrows)]
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    fig.suptitle(title, fontweight="bold")
    subfigs = np.ravel(fig.subfigures(nrows, 1, squeeze=False))
    rows = []
    for subfig, data in zip(subfigs, data_values):
        if nrows > 1:
            subfig.suptitle(DATA_LABELS.get(data, f"data: {data}"), fontsize="medium")
        rows.append(list(np.ravel(subfig.subplots(1, ncols, squeeze=False))))
    return fig, rows


def _recorded(frame, column):
    return column in frame.columns and bool(frame[column].notna().any())


def _draw_boxes(ax, sub, figure, metric, presets, colors, paper):
    if figure == "classification":
        runs = sub.drop_duplicates(["preset", "seed"])
        for i, preset in enumerate(presets):
            values = runs.loc[runs["preset"] == preset, metric]
            _box(ax, values, i, color=colors[preset], width=0.6)
        if paper is not None:
            band = paper[(paper["metric"] == metric) & paper["low"].notna()]
            for _, p in band.iterrows():
                ax.axhspan(
                    p["low"], p["high"], color="0.8", alpha=0.6, zorder=0, gid="paper",
                    label=f"paper: {p['low']:g}-{p['high']:g} (all models)",
                )  # fmt: skip
        ax.set_ylabel(_AXIS_LABELS[metric])
        _finish_categorical(ax, presets)
        return []
    methods = ["local_attention"] if figure == "fig1" else list(_METHODS)
    offsets = {"local_attention": -0.2, "glifac": 0.2} if len(methods) == 2 else {methods[0]: 0}
    width = 0.36 if len(methods) == 2 else 0.6
    for i, preset in enumerate(presets):
        for method in methods:
            values = sub.loc[(sub["preset"] == preset) & (sub["method"] == method), metric]
            hatch = "///" if (method == "local_attention" and figure == "fig2") else None
            _box(ax, values, i + offsets[method], color=colors[preset], width=width, hatch=hatch)
            if paper is not None:
                xs, ys = _paper_points(paper, preset, method, metric)
                ys = ys[np.isclose(xs, 0.1)]
                if ys.size:
                    _paper_marker(ax, np.full(ys.size, i + offsets[method]), ys, preset)
    proxies = []
    if figure == "fig2":
        from matplotlib.patches import Patch

        for method, hatch in (("local_attention", "///"), ("glifac", None)):
            face = "white" if hatch else "0.6"
            proxies.append(
                Patch(facecolor=face, edgecolor="0.3", hatch=hatch, label=METHOD_LABELS[method])
            )
    if paper is not None and metric == "snr":
        _snr_reference(ax, "SNR 2 (paper: GLIFAC above at all thresholds)")
    if paper is not None and figure == "fig1":
        _note(ax, metric, _QUALITATIVE[("local_attention", metric)])
    ax.set_ylabel(_AXIS_LABELS[metric])
    _clamp_unit(ax, metric)
    _finish_categorical(ax, presets)
    return proxies


def _draw_sweeps(row, sub, figure, metrics, presets, colors, paper):
    """Figs. 3 and 5: :func:`plot_threshold_sensitivity` on one row, with the paper's marks."""
    method = "local_attention" if figure == "fig3" else "glifac"
    wide = pd.concat([sub[sub["preset"] == p] for p in presets])
    wide = wide[["preset", "threshold", *metrics]].astype({"threshold": float})
    for m in metrics:  # an infinite SNR (no noise) has no place on the axis
        values = wide[m].astype(float)
        wide[m] = values.where(np.isfinite(values))
    plot_threshold_sensitivity(
        wide,
        metrics={m: _METRIC_LABELS[m] for m in metrics},
        hue="preset",
        colors=colors,
        snr_reference=None,
        axes=row,
    )
    if row[0].get_legend() is not None:  # one legend for the whole figure instead
        row[0].get_legend().remove()
    for ax, metric in zip(row, metrics):
        for line in ax.lines:
            if line.get_label() in presets:
                line.set_gid("mean")
        if paper is not None:
            for preset in dict.fromkeys(paper.loc[paper["method"] == method, "preset"]):
                xs, ys = _paper_points(paper, preset, method, metric)
                if xs.size:
                    _paper_marker(ax, xs, ys, preset)
            if metric == "snr" and method == "glifac":
                _snr_reference(ax, "SNR 2 (paper: all thresholds above)")
            if (method, metric) in _QUALITATIVE:
                _note(ax, metric, _QUALITATIVE[(method, metric)] + " at 0.1")
        ax.set_ylabel(_AXIS_LABELS[metric])
