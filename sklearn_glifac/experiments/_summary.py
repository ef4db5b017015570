"""Seed summaries of reproduction results, and the tables of the reproduction report."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..plotting import METHOD_LABELS
from ._config import CLASSIFICATION_COLUMNS, RESULT_METRICS
from ._paper import (
    _SNR_REFERENCE,
    PAPER_RESULTS,
    _at_threshold,
    _data_order,
    _preset_order,
    _sorted,
    check_results,
)

__all__ = ["compare_with_paper", "summarize_reproduction"]

_SUMMARY_COLUMNS = (
    *RESULT_METRICS,
    "n_attended_pairs",
    "classification_aupr",
    "classification_aupr_micro",
    "train_seconds",
    "extract_seconds",
    "motif_coverage",
)


def summarize_reproduction(results: pd.DataFrame) -> pd.DataFrame:
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


def compare_with_paper(
    results: pd.DataFrame,
    *,
    paper: pd.DataFrame = PAPER_RESULTS,
    classification: pd.DataFrame | None = None,
) -> pd.DataFrame:
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
            "method": METHOD_LABELS[r["method"]],
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
