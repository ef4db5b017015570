"""Report side of the paper reproduction: schema, published numbers, summaries, figures, HTML.

The lead function, ``reproduce``, trains paper presets over seeds and writes a tidy results table
(:data:`RESULT_COLUMNS`, one row per preset x seed x method x threshold). This module turns such a
table into seed summaries, figures in the layout of the paper's Figs. 1, 2, 3 and 5, and a
self-contained report that puts our numbers beside the published ones (:data:`PAPER_RESULTS`).
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "CLASSIFICATION_COLUMNS",
    "FIGURES",
    "PAPER_RESULTS",
    "RESULT_COLUMNS",
    "check_results",
    "compare_with_paper",
    "plot_reproduction",
    "summarize_reproduction",
    "write_reproduction_report",
]

#: Columns of the tidy results table: one row per preset x seed x method x threshold.
RESULT_COLUMNS = (
    "preset",
    "seed",
    "data",
    "method",
    "threshold",
    "auroc",
    "aupr",
    "snr",
    "tpr",
    "ppv",
    "n_attended_pairs",
    "classification_aupr",
    "classification_aupr_micro",
    "epochs",
    "best_epoch",
    "train_seconds",
    "extract_seconds",
    "n_labelled_filters",
    "motif_coverage",
)

#: Columns of the per-task classification table: one row per preset x seed x data x task.
CLASSIFICATION_COLUMNS = ("preset", "seed", "data", "task", "aupr")
# Columns that results written before they existed lack; read as NaN. The pooled AUPR needs the
# test predictions, which earlier runs did not keep, so it cannot be recomputed for them.
_OPTIONAL_COLUMNS = ("classification_aupr_micro",)

_METHODS = ("local_attention", "glifac")
_METHOD_LABELS = {"local_attention": "local attention (aggregated)", "glifac": "GLIFAC"}
_METRICS = ("auroc", "aupr", "snr", "tpr", "ppv")
_SUMMARY_COLUMNS = (
    *_METRICS,
    "n_attended_pairs",
    "classification_aupr",
    "classification_aupr_micro",
    "train_seconds",
    "extract_seconds",
    "motif_coverage",
)
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
_DATA_LABELS = {
    "authors": "authors' data (grammar pairs co-occur, as in the paper)",
    "independent": "independent motif draws (control)",
}
_PAPER_ORDER = (
    "CNN4-ReLU",
    "CNN4-ReLU-Norm",
    "CNN4-Exp",
    "CNN4-Exp-Norm",
    "CNN20-ReLU",
    "CNN20-ReLU-Norm",
    "CNN20-Exp",
    "CNN20-Exp-Norm",
    "SATORI",
)

_PAPER_TEXT = "paper (Ghotra, Lee & Koo 2021)"
_PUBLISHED_RUN = "published GLIFAC run (rghotra/GLIFAC Code/Test.ipynb)"
_NORM_RUN = (
    "NeurIPS 2021 submission "
    "(Rohan75/NeurIPS_2021_Submission SATORIanalysis/PipelineNotebook.ipynb)"
)
_SNR_REFERENCE = 2.0


def _paper_results():
    nan = np.nan
    rows = [
        (
            _PAPER_TEXT + ", section 3",
            "all",
            nan,
            nan,
            "classification_aupr_micro",
            nan,
            0.95,
            0.97,
            "classification AUPR of 0.95-0.97 for all tested models; the authors' code computes "
            "it over all tasks pooled (Keras AUC(curve='PR')), so it compares with our pooled "
            "AUPR, not with the mean of per-task AUPRs",
        ),
        (
            _PUBLISHED_RUN,
            "CNN20-Exp",
            "glifac",
            0.1,
            "auroc",
            0.994,
            nan,
            nan,
            "exponential activation, pool 20",
        ),
        (
            _PUBLISHED_RUN,
            "CNN20-Exp",
            "glifac",
            0.1,
            "aupr",
            0.885,
            nan,
            nan,
            "exponential activation, pool 20",
        ),
        (
            _PUBLISHED_RUN,
            "CNN20-Exp",
            "glifac",
            0.1,
            "snr",
            3.34,
            nan,
            nan,
            "exponential activation, pool 20; 3.34 as printed by the authors' notebook",
        ),
        (
            _PUBLISHED_RUN,
            "CNN20-Exp",
            "glifac",
            0.0,
            "auroc",
            0.9999,
            nan,
            nan,
            "threshold 0.0 attends every position pair",
        ),
        (
            _PUBLISHED_RUN,
            "CNN20-Exp",
            "glifac",
            0.0,
            "aupr",
            0.998,
            nan,
            nan,
            "threshold 0.0 attends every position pair",
        ),
        (
            _PUBLISHED_RUN,
            "CNN20-Exp",
            "glifac",
            0.0,
            "snr",
            7.25,
            nan,
            nan,
            "threshold 0.0 attends every position pair",
        ),
        (
            _NORM_RUN,
            "CNN20-Exp-Norm",
            nan,
            nan,
            "task_aupr",
            nan,
            0.907,
            0.998,
            "per-task test AUPR of CNN20-Exp-Norm, lowest (TEAD) to highest of the 12 tasks "
            "(CEBPB 0.934-0.936); the plain CNN20-Exp run printed no per-task numbers",
        ),
        (
            _PAPER_TEXT + ", Fig. 1c",
            "all",
            "local_attention",
            0.1,
            "tpr",
            nan,
            nan,
            nan,
            "near 1 in most models (no number published)",
        ),
        (
            _PAPER_TEXT + ", Fig. 1d",
            "all",
            "local_attention",
            0.1,
            "ppv",
            nan,
            nan,
            nan,
            "quite low across all models (no number published)",
        ),
    ]
    for t in np.round(np.arange(0.1, 1.0, 0.1), 1):
        rows.append(
            (_PAPER_TEXT + ", Appendix D", "all", "glifac", float(t), "snr", nan, _SNR_REFERENCE,
             nan, "all SNR values remain above 2.0 (lower bound)")
        )  # fmt: skip
    columns = ["source", "preset", "method", "threshold", "metric", "value", "low", "high", "note"]
    return pd.DataFrame(rows, columns=columns)


#: The paper's published numbers as a tidy table: ``source, preset, method, threshold, metric,
#: value, low, high, note``. ``value`` is a point estimate, ``low``/``high`` a range or bound
#: (``low`` alone: a lower bound), and rows with neither are qualitative statements kept in
#: ``note``. ``preset="all"`` means every model; a missing ``method`` or ``threshold`` means the
#: number does not depend on it.
PAPER_RESULTS = _paper_results()


# --------------------------------------------------------------------------- validation
def check_results(table, *, columns=RESULT_COLUMNS, name="results"):
    """Check that a results table has the reproduction schema.

    Parameters
    ----------
    table : DataFrame
        A results table (:data:`RESULT_COLUMNS`) or a classification table
        (:data:`CLASSIFICATION_COLUMNS`).
    columns : sequence of str, default=RESULT_COLUMNS
        Required columns; extra columns are allowed. ``classification_aupr_micro`` may be
        missing (results written before it existed; it reads as NaN): the pooled AUPR needs
        the test predictions, which those runs did not keep.
    name : str, default="results"
        Name of the argument, used in error messages.

    Returns
    -------
    table : DataFrame
        The same object, unchanged.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.
    ValueError
        If columns are missing (all of them are named), the table is empty, or ``method`` holds
        values other than ``"local_attention"`` and ``"glifac"``.

    Examples
    --------
    >>> import pandas as pd
    >>> check_results(pd.DataFrame({"preset": ["CNN4-Exp"]}))
    Traceback (most recent call last):
    ...
    ValueError: results is missing columns ['seed', 'data', 'method', ...
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns and c not in _OPTIONAL_COLUMNS]
    if missing:
        raise ValueError(
            f"{name} is missing columns {missing}; expected at least {list(columns)}, "
            f"got {list(table.columns)}."
        )
    if len(table) == 0:
        raise ValueError(f"{name} is empty; expected at least one row.")
    if "method" in columns:
        bad = sorted(set(table["method"].dropna().astype(str)) - set(_METHODS))
        if bad:
            raise ValueError(f"{name}['method'] must be one of {list(_METHODS)}, got {bad}.")
    return table


def _preset_order(presets):
    presets = list(dict.fromkeys(str(p) for p in presets))
    known = [p for p in _PAPER_ORDER if p in presets]
    return known + sorted(p for p in presets if p not in _PAPER_ORDER)


def _data_order(values):
    values = list(dict.fromkeys(str(v) for v in values))
    return [d for d in ("authors", "independent") if d in values] + sorted(
        d for d in values if d not in ("authors", "independent")
    )


def _sorted(frame):
    """Sort rows by data (authors first), preset (paper order), method, threshold."""
    keys = {"data": _data_order, "preset": _preset_order}
    keys = {c: order(frame[c]) for c, order in keys.items() if c in frame}
    if "method" in frame:
        keys["method"] = [m for m in _METHODS if m in set(frame["method"])]
    # tasks keep their order of appearance (the dataset's task order)
    order = [c for c in ("data", "preset", "method", "threshold", "seed") if c in frame]

    def key(col):
        if col.name in keys:
            return col.map({v: i for i, v in enumerate(keys[col.name])})
        return col

    return frame.sort_values(order, key=key, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- summaries
def summarize_reproduction(results):
    """Mean, standard deviation and count over seeds of every metric.

    Parameters
    ----------
    results : DataFrame
        Tidy results with the columns of :data:`RESULT_COLUMNS`.

    Returns
    -------
    summary : DataFrame
        One row per ``(data, preset, method, threshold)``, sorted with the authors' data and the
        paper's preset order first. ``n_seeds`` counts the runs; for each of ``auroc, aupr, snr,
        tpr, ppv, n_attended_pairs, classification_aupr, classification_aupr_micro,
        train_seconds, extract_seconds, motif_coverage`` there are ``<metric>_mean``,
        ``<metric>_sd`` (sample standard deviation, ``ddof=1``; NaN for a single run) and
        ``<metric>_n`` (runs where the metric is defined, i.e. not NaN).

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_glifac.experiments import RESULT_COLUMNS
    >>> results = pd.DataFrame({c: [0.0, 0.0] for c in RESULT_COLUMNS})
    >>> results = results.assign(preset="CNN20-Exp", data="authors", method="glifac",
    ...                          threshold=0.1, seed=[0, 1], auroc=[0.9, 1.0])
    >>> summary = summarize_reproduction(results)
    >>> int(summary.loc[0, "n_seeds"]), float(summary.loc[0, "auroc_mean"])
    (2, 0.95)
    >>> round(float(summary.loc[0, "auroc_sd"]), 4)
    0.0707
    """
    results = check_results(results)
    keys = ["data", "preset", "method", "threshold"]
    grouped = results.groupby(keys, sort=False, dropna=False)
    parts = [grouped["seed"].nunique().rename("n_seeds")]
    for col in _SUMMARY_COLUMNS:
        if col in results.columns:
            values = pd.to_numeric(results[col], errors="raise").astype(float)
        else:  # an optional column absent from older results
            values = pd.Series(np.nan, index=results.index)
        g = values.groupby([results[k] for k in keys], sort=False, dropna=False)
        parts += [g.mean().rename(f"{col}_mean"), g.std().rename(f"{col}_sd")]
        parts.append(g.count().rename(f"{col}_n"))
    return _sorted(pd.concat(parts, axis=1).reset_index())


def _summarize_classification(classification):
    classification = check_results(
        classification, columns=CLASSIFICATION_COLUMNS, name="classification"
    )
    g = classification.groupby(["data", "preset", "task"], sort=False)["aupr"]
    out = pd.concat(
        [g.mean().rename("aupr_mean"), g.std().rename("aupr_sd"), g.count().rename("n_seeds")],
        axis=1,
    )
    return _sorted(out.reset_index())


def _paper_text(row):
    if pd.notna(row["value"]):
        return f"{row['value']:g}"
    if pd.notna(row["low"]) and pd.notna(row["high"]):
        return f"{row['low']:g}-{row['high']:g}"
    if pd.notna(row["low"]):
        return f"> {row['low']:g}"
    return str(row["note"]).split(" (")[0]


def compare_with_paper(results, *, paper=PAPER_RESULTS, classification=None):
    """Put our seed means beside each published number.

    Parameters
    ----------
    results : DataFrame
        Tidy results with the columns of :data:`RESULT_COLUMNS`.
    paper : DataFrame, default=PAPER_RESULTS
        Published numbers in the layout of :data:`PAPER_RESULTS`.
    classification : DataFrame, default=None
        Per-task classification table (:data:`CLASSIFICATION_COLUMNS`); needed to compare the
        published per-task AUPR range (metric ``"task_aupr"``), whose rows are skipped otherwise.

    Returns
    -------
    comparison : DataFrame
        One row per published number and matching ``(data, preset)`` of ``results`` (a paper row
        for ``preset="all"`` is repeated for every preset; a paper preset we did not run gets one
        row with NaN for ours). Columns: ``data, preset, method, threshold, metric, ours_mean,
        ours_sd, n, paper, source, consistent``. ``consistent`` is True/False for published
        ranges and bounds (our mean inside the range, above the bound; for ``task_aupr`` our
        per-task means inside the range) and None for point values and qualitative statements.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_glifac.experiments import RESULT_COLUMNS
    >>> results = pd.DataFrame({c: [0.0] for c in RESULT_COLUMNS}).assign(
    ...     preset="CNN20-Exp", data="authors", method="glifac", threshold=0.1, seed=0,
    ...     auroc=0.99, classification_aupr=0.91, classification_aupr_micro=0.96)
    >>> table = compare_with_paper(results)
    >>> row = table[table["metric"] == "classification_aupr_micro"].iloc[0]
    >>> row["paper"], bool(row["consistent"])
    ('0.95-0.97', True)
    """
    results = check_results(results)
    summary = summarize_reproduction(results)
    task_summary = None if classification is None else _summarize_classification(classification)
    data_values = _data_order(results["data"])
    presets = _preset_order(results["preset"])
    rows = []
    for _, p in paper.iterrows():
        if p["metric"] == "task_aupr" and task_summary is None:
            continue
        targets = presets if p["preset"] == "all" else [p["preset"]]
        for data in data_values:
            for preset in targets:
                mean, sd, n = _our_statistic(summary, task_summary, p, data, preset)
                rows.append(
                    {
                        "data": data,
                        "preset": preset,
                        "method": p["method"],
                        "threshold": p["threshold"],
                        "metric": p["metric"],
                        "ours_mean": mean,
                        "ours_sd": sd,
                        "n": n,
                        "paper": _paper_text(p),
                        "source": p["source"],
                        "consistent": _consistent(p, mean, task_summary, data, preset),
                    }
                )
    return pd.DataFrame(rows)


def _our_statistic(summary, task_summary, p, data, preset):
    sub = summary[(summary["data"] == data) & (summary["preset"] == preset)]
    if p["metric"] == "task_aupr":
        t = task_summary[(task_summary["data"] == data) & (task_summary["preset"] == preset)]
        n = int(t["n_seeds"].max()) if len(t) else 0
        return (t["aupr_mean"].mean() if len(t) else np.nan), np.nan, n
    if pd.notna(p["method"]):
        sub = sub[sub["method"] == p["method"]]
    if pd.notna(p["threshold"]):
        sub = sub[np.isclose(sub["threshold"].astype(float), p["threshold"])]
    if len(sub) == 0:
        return np.nan, np.nan, 0
    row = sub.iloc[0]  # classification AUPR is the same on every row of a run
    m = p["metric"]
    return float(row[f"{m}_mean"]), float(row[f"{m}_sd"]), int(row[f"{m}_n"])


def _consistent(p, mean, task_summary, data, preset):
    if pd.notna(p["value"]) or pd.isna(p["low"]) or pd.isna(mean):
        return None
    if p["metric"] == "task_aupr":
        t = task_summary[(task_summary["data"] == data) & (task_summary["preset"] == preset)]
        values = t["aupr_mean"]
        return bool(((values >= p["low"]) & (values <= p["high"])).all())
    if pd.isna(p["high"]):
        return bool(mean > p["low"])
    return bool(p["low"] <= mean <= p["high"])


# --------------------------------------------------------------------------- figures
_FIGURES = {
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
FIGURES = tuple(_FIGURES)

_QUALITATIVE = {
    ("local_attention", "tpr"): "paper: near 1 in most models",
    ("local_attention", "ppv"): "paper: quite low in all models",
}


def _preset_colors(presets, colors=None):
    from ..plotting import model_colors

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


def _axes_grid(nrows, ncols, *, ax, figsize, data_values, title):
    if ax is not None:
        flat = list(np.ravel(np.asarray(ax, dtype=object)))
        if len(flat) != nrows * ncols:
            raise ValueError(
                f"ax must hold {nrows * ncols} Axes ({nrows} data distribution(s) x {ncols} "
                f"panel(s)), got {len(flat)}."
            )
        for a in flat:
            if not hasattr(a, "get_figure"):
                raise TypeError(f"ax must contain matplotlib Axes, got {type(a).__name__}.")
        return flat[0].get_figure(), [flat[i * ncols : (i + 1) * ncols] for i in range(nrows)]
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    fig.suptitle(title, fontweight="bold")
    subfigs = np.ravel(fig.subfigures(nrows, 1, squeeze=False))
    rows = []
    for subfig, data in zip(subfigs, data_values):
        if nrows > 1:
            subfig.suptitle(_DATA_LABELS.get(data, f"data: {data}"), fontsize="medium")
        rows.append(list(np.ravel(subfig.subplots(1, ncols, squeeze=False))))
    return fig, rows


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


def _at_threshold(frame, threshold):
    return frame[np.isclose(frame["threshold"].astype(float), threshold)]


def plot_reproduction(
    results, figure, *, paper=PAPER_RESULTS, ax=None, presets=None, colors=None, figsize=None
):
    """Plot reproduced results in the layout of one of the paper's figures.

    Box plots summarise the seeds of each preset (every run is drawn as a dot when fewer than
    five), threshold sweeps show the mean over seeds with a +/- 1 standard deviation band. Colours
    follow the paper: green for exponential first-layer activations, blue for ReLU, orange for
    SATORI and grey for anything else. Published numbers are drawn beside ours as gold stars,
    bands or dashed lines labelled "paper" in the legend. When ``results`` holds both data
    distributions, each gets its own row of panels so the control can be read against the
    authors' data.

    Parameters
    ----------
    results : DataFrame
        Tidy results with the columns of :data:`RESULT_COLUMNS`.
    figure : {"classification", "fig1", "fig2", "fig3", "fig5"}
        ``"classification"``: classification AUPR per preset, the mean of the per-task AUPRs
        and (where recorded) the AUPR of all tasks pooled, the latter with the paper's
        0.95-0.97 band (the authors pooled the tasks).
        ``"fig1"``: local attention TPR and PPV at threshold 0.1 (paper Fig. 1c-d).
        ``"fig2"``: interaction AUPR, AUROC and SNR at threshold 0.1, aggregated local attention
        (hatched) beside GLIFAC (filled) (Fig. 2c-e). ``"fig3"``: local attention TPR and PPV
        against the threshold (Fig. 3a), beside its interaction AUROC and AUPR. ``"fig5"``:
        GLIFAC AUROC, AUPR and SNR against the threshold (Fig. 5).
    paper : DataFrame or None, default=PAPER_RESULTS
        Published numbers (layout of :data:`PAPER_RESULTS`); None draws ours only.
    ax : array-like of Axes, default=None
        ``n_data x n_panels`` Axes in row-major order (one row per data distribution, one
        panel per metric). Created, on a new :class:`~matplotlib.figure.Figure`, when None.
    presets : list of str, default=None
        Presets to show, in this order; default all, in the paper's order.
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
    >>> fig = plot_reproduction(results, "classification")
    >>> fig.axes[0].get_title()
    'Classification AUPR (mean of 12 tasks)'
    """
    if figure not in _FIGURES:
        raise ValueError(f"figure must be one of {list(_FIGURES)}, got {figure!r}.")
    results = check_results(results)
    if paper is not None:
        paper = check_results(paper, columns=tuple(PAPER_RESULTS.columns), name="paper")
    spec = _FIGURES[figure]
    frame = results if spec["method"] is None else results[results["method"] == spec["method"]]
    if figure in ("fig1", "fig2"):
        frame = _at_threshold(frame, 0.1)
    if len(frame) == 0:
        what = f"method {spec['method']!r}" if spec["method"] else "any method"
        raise ValueError(
            f"results has no rows for figure {figure!r} ({what}"
            f"{', threshold 0.1' if figure in ('fig1', 'fig2') else ''})."
        )
    all_presets = _preset_order(frame["preset"])
    if presets is None:
        presets = all_presets
    else:
        unknown = [p for p in presets if p not in all_presets]
        if unknown:
            raise ValueError(f"presets {unknown} are not in results; available: {all_presets}.")
        presets = list(presets)
    frame = frame[frame["preset"].isin(presets)]
    colors = _preset_colors(presets, colors)
    data_values = _data_order(frame["data"])
    metrics = [m for m in spec["metrics"] if m not in _OPTIONAL_COLUMNS or _recorded(frame, m)]
    nrows, ncols = len(data_values), len(metrics)
    if figsize is None:
        per_box = 0.9 if figure == "fig2" else 0.55
        width = 4.2 if figure in ("fig3", "fig5") else max(3.2, per_box * len(presets) + 1.4)
        figsize = (min(max(width * ncols, 6.5), 18), 3.6 * nrows + 1.0)
    fig, grid = _axes_grid(
        nrows, ncols, ax=ax, figsize=figsize, data_values=data_values, title=spec["title"]
    )
    proxies = []
    for data, row in zip(data_values, grid):
        sub = frame[frame["data"] == data]
        for a, metric in zip(row, metrics):
            draw = _draw_sweep if figure in ("fig3", "fig5") else _draw_boxes
            proxies = draw(a, sub, figure, metric, presets, colors, paper) or proxies
            title = _METRIC_LABELS[metric]
            if ax is not None and nrows > 1:
                title = f"{title}\n{_DATA_LABELS.get(data, data)}"
            a.set_title(title, fontsize="medium")
    _legend(fig, [a for row in grid for a in row], proxies, own_figure=ax is None)
    return fig


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
                Patch(facecolor=face, edgecolor="0.3", hatch=hatch, label=_METHOD_LABELS[method])
            )
    if paper is not None and metric == "snr":
        _snr_reference(ax, "SNR 2 (paper: GLIFAC above at all thresholds)")
    if paper is not None and figure == "fig1":
        _note(ax, metric, _QUALITATIVE[("local_attention", metric)])
    ax.set_ylabel(_AXIS_LABELS[metric])
    _clamp_unit(ax, metric)
    _finish_categorical(ax, presets)
    return proxies


def _draw_sweep(ax, sub, figure, metric, presets, colors, paper):
    method = "local_attention" if figure == "fig3" else "glifac"
    for preset in presets:
        runs = sub[sub["preset"] == preset]
        values = runs[metric].astype(float).where(np.isfinite(runs[metric].astype(float)))
        stats = values.groupby(runs["threshold"].astype(float)).agg(["mean", "std", "count"])
        x = stats.index.to_numpy(float)
        mean, sd = stats["mean"].to_numpy(), stats["std"].fillna(0).to_numpy()
        ax.plot(x, mean, marker="o", markersize=3, color=colors[preset], label=preset, gid="mean")
        ax.fill_between(x, mean - sd, mean + sd, color=colors[preset], alpha=0.2, linewidth=0)
        if stats["count"].max() < 5:  # with few seeds show every run
            ax.scatter(
                runs["threshold"].astype(float), values, s=6, color=colors[preset], alpha=0.6
            )
    if paper is not None:
        for preset in dict.fromkeys(paper.loc[paper["method"] == method, "preset"]):
            xs, ys = _paper_points(paper, preset, method, metric)
            if xs.size:
                _paper_marker(ax, xs, ys, preset)
        if metric == "snr" and method == "glifac":
            _snr_reference(ax, "SNR 2 (paper: all thresholds above)")
        if (method, metric) in _QUALITATIVE:
            _note(ax, metric, _QUALITATIVE[(method, metric)] + " at 0.1")
    _clamp_unit(ax, metric)
    ax.set_xlabel("attention threshold")
    ax.set_ylabel(_AXIS_LABELS[metric])
    ax.grid(alpha=0.3)
    return []


# --------------------------------------------------------------------------- report
_CAPTIONS = {
    "classification": (
        "Classification AUPR on the test set, one box per model over seeds: the mean of the 12 "
        "per-task AUPRs and, where the runs recorded it, the AUPR of all 12 tasks pooled. Paper: "
        "AUPR 0.95-0.97 for all tested models (grey band, on the pooled panel: the authors' code "
        "pools the tasks in Keras' AUC(curve='PR')). The per-task range 0.907-0.998 that the "
        "authors' files show is CNN20-Exp-Norm's (NeurIPS 2021 submission, "
        "SATORIanalysis/PipelineNotebook.ipynb); their plain CNN20-Exp run (GLIFAC "
        "Code/Test.ipynb) printed only the pooled validation AUPR (0.93-0.945 in epochs 6-15, "
        "0.96 from epoch 16)."
    ),
    "fig1": (
        "Local attention (SATORI's method) at attention threshold 0.1: true positive rate (share "
        "of ground-truth motif pairs found at least once) and positive predictive value (share "
        "of reported filter pairs that are ground-truth pairs), one box per model over seeds. "
        "Paper (Fig. 1c-d): TPR near 1 in most models, PPV quite low in all models; no numbers "
        "were published."
    ),
    "fig2": (
        "Separation of ground-truth motif interactions from all other motif pairs at attention "
        "threshold 0.1: interaction AUPR, AUROC and SNR of aggregated local attention (hatched) "
        "and GLIFAC (filled). Paper (Fig. 2c-e): GLIFAC beats aggregated local attention on all "
        "three; the published CNN20-Exp GLIFAC run reached AUROC 0.994, AUPR 0.885, SNR 3.34 "
        "(gold stars); Appendix D: GLIFAC SNR above 2 (dashed line)."
    ),
    "fig3": (
        "Local attention TPR and PPV against the attention threshold (mean over seeds, band "
        "+/- 1 sd), and beside them the interaction AUROC and AUPR of aggregated local attention "
        "(how well its counts rank ground-truth motif pairs above the others; AUROC 0.5 is "
        "chance; not in the paper's panel). Paper (Fig. 3a): most models change little with the "
        "threshold; where PPV rises at high thresholds (CNN20-ReLU, CNN4-ReLU), TPR drops."
    ),
    "fig5": (
        "GLIFAC interaction AUROC, AUPR and SNR against the attention threshold (mean over seeds, "
        "band +/- 1 sd). Paper (Fig. 5, Appendix D): AUROC and AUPR change little with the "
        "threshold and SNR stays above 2 at every threshold 0.1-0.9 (dashed line); the published "
        "CNN20-Exp run reached AUROC 0.9999, AUPR 0.998, SNR 7.25 at threshold 0.0 and AUROC "
        "0.994, AUPR 0.885, SNR 3.34 at 0.1 (gold stars)."
    ),
}

_HEADLINE = (
    "classification_aupr",
    "classification_aupr_micro",
    "auroc",
    "aupr",
    "snr",
    "tpr",
    "ppv",
)


def _fmt(value, sd=np.nan, *, metric=""):
    if value is None or pd.isna(value):
        return "n/a"
    digits = 2 if metric in ("snr", "seconds") else 3
    text = f"{value:.{digits}f}"
    return text if pd.isna(sd) else f"{text} ± {sd:.{digits}f}"


def _paper_cell(paper, preset, method, threshold, metric):
    if paper is None:
        return ""
    p = paper[
        (paper["metric"] == metric)
        & paper["preset"].isin([preset, "all"])
        & (paper["method"].isna() | (paper["method"] == method))
    ]
    p = p[p["threshold"].isna() | np.isclose(p["threshold"].astype(float), threshold)]
    return "; ".join(dict.fromkeys(_paper_text(r) for _, r in p.iterrows()))


def _headline_table(summary, paper, threshold):
    sub = _at_threshold(summary, threshold)
    rows = []
    for _, r in sub.iterrows():
        row = {
            "data": r["data"],
            "preset": r["preset"],
            "method": _METHOD_LABELS[r["method"]],
            "seeds": int(r["n_seeds"]),
        }
        for m in _HEADLINE:
            cell = _fmt(r[f"{m}_mean"], r[f"{m}_sd"], metric=m)
            ref = _paper_cell(paper, r["preset"], r["method"], threshold, m)
            row[m] = f"{cell} (paper: {ref})" if ref else cell
        rows.append(row)
    return pd.DataFrame(rows).rename(columns={m: _short_label(m) for m in _HEADLINE})


def _short_label(metric):
    return {
        "classification_aupr": "classification AUPR (task mean)",
        "classification_aupr_micro": "classification AUPR (pooled)",
    }.get(metric, metric.upper())


def _appendix_d_table(results):
    glifac = results[results["method"] == "glifac"]
    glifac = glifac[(glifac["threshold"] >= 0.1 - 1e-9) & (glifac["threshold"] <= 0.9 + 1e-9)]
    if len(glifac) == 0:
        return None
    means = glifac.groupby(["data", "preset", "threshold"])["snr"].mean().reset_index()
    rows = []
    for (data, preset), g in means.groupby(["data", "preset"], sort=False):
        above = int((g["snr"] > _SNR_REFERENCE).sum())
        rows.append(
            {
                "data": data,
                "preset": preset,
                "thresholds with mean GLIFAC SNR > 2": f"{above} / {len(g)}",
                "lowest mean SNR": _fmt(g["snr"].min(), metric="snr"),
            }
        )
    return _sorted(pd.DataFrame(rows))


def _timing_table(results):
    runs = results.drop_duplicates(["data", "preset", "seed"])
    extract = results.groupby(["data", "preset"], sort=False)["extract_seconds"].sum()
    g = runs.groupby(["data", "preset"], sort=False)
    table = pd.DataFrame(
        {
            "runs": g["seed"].count(),
            "mean epochs": g["epochs"].mean().round(1),
            "mean best epoch": g["best_epoch"].mean().round(1),
            "mean train s / run": g["train_seconds"].mean().round(1),
            "total train s": g["train_seconds"].sum().round(1),
            "total extract s": extract.round(1),
        }
    )
    return _sorted(table.reset_index())


def _task_table(task_summary):
    cells = task_summary.assign(
        aupr=[_fmt(m, s) for m, s in zip(task_summary["aupr_mean"], task_summary["aupr_sd"])]
    )
    tasks = list(dict.fromkeys(task_summary["task"]))
    table = cells.pivot(index=["data", "preset"], columns="task", values="aupr")[tasks]
    g = task_summary.groupby(["data", "preset"])["aupr_mean"]
    table["range of task means"] = [
        f"{lo:.3f}-{hi:.3f}" for lo, hi in zip(g.min()[table.index], g.max()[table.index])
    ]
    return _sorted(table.reset_index())


def _config_table(config):
    rows = []
    for key, value in config.items():
        if not isinstance(value, (str, int, float, bool)) and value is not None:
            value = json.dumps(value, default=str)
        rows.append({"parameter": str(key), "value": str(value)})
    return pd.DataFrame(rows, columns=["parameter", "value"])


def _markdown_table(table):
    def cell(v):
        return (
            "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).replace("|", "/")
        )

    lines = ["| " + " | ".join(map(str, table.columns)) + " |"]
    lines.append("|" + "---|" * len(table.columns))
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(False)]
    return "\n".join(lines)


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
th { background: #f0f0f0; }
figure { margin: 2em 0; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #444; max-width: 1000px; }
"""


def write_reproduction_report(results, output_dir, *, classification=None, config=None):
    """Write figures, seed summaries and a self-contained report of a reproduction run.

    Parameters
    ----------
    results : DataFrame
        Tidy results with the columns of :data:`RESULT_COLUMNS` (e.g. ``results.csv`` written by
        ``reproduce``).
    output_dir : str or path-like
        Folder to write into; created if needed. Existing files of the same names are replaced.
    classification : DataFrame, default=None
        Per-task test AUPR (:data:`CLASSIFICATION_COLUMNS`); adds a per-task summary and the
        comparison with the published per-task range.
    config : dict, default=None
        Settings of the run (presets, seeds, epochs, data size, ...), shown as a table.

    Returns
    -------
    paths : list of pathlib.Path
        Written files: ``figures/<name>.png`` for each figure of :func:`plot_reproduction` that
        the results support (figures whose method or threshold is absent are skipped and named in
        the report), ``summary.csv`` (:func:`summarize_reproduction`), ``paper_comparison.csv``
        (:func:`compare_with_paper`), ``classification_summary.csv`` when ``classification`` is
        given, ``report.md`` (figures linked) and ``report.html`` (figures embedded as base64 PNG,
        readable without the other files).

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from sklearn_glifac.experiments import RESULT_COLUMNS
    >>> results = pd.DataFrame({c: [0.5] * 2 for c in RESULT_COLUMNS}).assign(
    ...     preset="CNN20-Exp", data="authors", method="glifac", threshold=0.1, seed=[0, 1])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_reproduction_report(results, tmp, config={"epochs": 100})
    ...     [p.name for p in paths if p.suffix != ".png"]
    ['summary.csv', 'paper_comparison.csv', 'report.md', 'report.html']
    """
    results = check_results(results)
    if config is not None and not isinstance(config, Mapping):
        raise TypeError(f"config must be a dict or None, got {type(config).__name__}.")
    out = Path(output_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    written, figures, skipped = [], [], []
    for name in _FIGURES:
        try:
            fig = plot_reproduction(results, name)
        except ValueError as exc:
            if "has no rows" not in str(exc):
                raise
            skipped.append((name, str(exc)))
            continue
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        path = out / "figures" / f"{name}.png"
        path.write_bytes(buffer.getvalue())
        written.append(path)
        figures.append((name, path, base64.b64encode(buffer.getvalue()).decode("ascii")))

    summary = summarize_reproduction(results)
    comparison = compare_with_paper(results, classification=classification)
    tables = [("summary.csv", summary), ("paper_comparison.csv", comparison)]
    task_summary = None
    if classification is not None:
        task_summary = _summarize_classification(classification)
        tables.append(("classification_summary.csv", task_summary))
    for filename, table in tables:
        table.to_csv(out / filename, index=False)
        written.append(out / filename)

    sections = _report_sections(results, summary, task_summary, config or {}, skipped)
    (out / "report.md").write_text(_render_markdown(sections, figures), encoding="utf-8")
    (out / "report.html").write_text(_render_html(sections, figures), encoding="utf-8")
    written += [out / "report.md", out / "report.html"]
    return written


def _report_sections(results, summary, task_summary, config, skipped):
    """Return a list of ``(heading, text, table)``; text and table may be None."""
    n_runs = len(results.drop_duplicates(["data", "preset", "seed"]))
    intro = (
        f"{n_runs} trained models: presets {', '.join(_preset_order(results['preset']))}; "
        f"seeds {', '.join(map(str, sorted(results['seed'].unique())))}; data "
        f"{', '.join(_DATA_LABELS.get(d, d) for d in _data_order(results['data']))}. "
        "Values are mean ± sample sd over seeds; the paper's number is given in brackets where "
        "one was published (Ghotra, Lee & Koo 2021; the published GLIFAC run, rghotra/GLIFAC "
        "Code/Test.ipynb). Classification AUPR is given as the mean of the per-task AUPRs and as "
        "the AUPR of all tasks pooled; the paper's 0.95-0.97 is the pooled number (the authors' "
        "code: Keras AUC(curve='PR') over every task), so compare it with the pooled column "
        "(n/a for runs that did not record it)."
    )
    sections = [("Overview", intro, None)]
    if config:
        sections.append(("Configuration", None, _config_table(config)))
    for threshold in (0.1, 0.0):
        if len(_at_threshold(summary, threshold)):
            sections.append(
                (
                    f"Summary at attention threshold {threshold:.1f}",
                    None,
                    _headline_table(summary, PAPER_RESULTS, threshold),
                )
            )
    appendix_d = _appendix_d_table(results)
    if appendix_d is not None:
        text = "Paper (Appendix D): GLIFAC SNR stays above 2 at every threshold 0.1-0.9."
        sections.append(("GLIFAC SNR across thresholds", text, appendix_d))
    if task_summary is not None:
        sections.append(
            (
                "Classification per task",
                "Test AUPR per task, mean ± sd over seeds. The authors' files show per-task "
                "test AUPRs only for CNN20-Exp-Norm (0.907-0.998, TEAD lowest, CEBPB "
                "0.934-0.936; NeurIPS 2021 submission, SATORIanalysis/PipelineNotebook.ipynb); "
                "their plain CNN20-Exp run printed only the pooled validation AUPR.",
                _task_table(task_summary),
            )
        )
    sections.append(("Wall times (seconds)", None, _timing_table(results)))
    if skipped:
        text = "; ".join(f"{name}: {reason}" for name, reason in skipped)
        sections.append(("Figures not drawn", text, None))
    return sections


def _render_markdown(sections, figures):
    parts = ["# GLIFAC reproduction report", ""]
    for heading, text, table in sections:
        parts += [f"## {heading}", ""]
        if text:
            parts += [text, ""]
        if table is not None:
            parts += [_markdown_table(table), ""]
    parts += ["## Figures", ""]
    for name, path, _ in figures:
        parts += [f"![{name}](figures/{path.name})", "", f"*{_CAPTIONS[name]}*", ""]
    return "\n".join(parts)


def _render_html(sections, figures):
    esc = html.escape
    body = ["<h1>GLIFAC reproduction report</h1>"]
    for heading, text, table in sections:
        body.append(f"<h2>{esc(heading)}</h2>")
        if text:
            body.append(f"<p>{esc(text)}</p>")
        if table is not None:
            body.append(table.to_html(index=False, escape=True, na_rep=""))
    body.append("<h2>Figures</h2>")
    for name, _, b64 in figures:
        body.append(
            f'<figure id="{name}"><img alt="{name}" src="data:image/png;base64,{b64}">'
            f"<figcaption>{esc(_CAPTIONS[name])}</figcaption></figure>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>GLIFAC reproduction report</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
