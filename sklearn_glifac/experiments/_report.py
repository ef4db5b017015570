"""The reproduction report: figures, seed summaries and a self-contained HTML page.

:func:`write_reproduction_report` turns a tidy results table (one row per preset x seed x method
x threshold) into the paper-style figures of :func:`~sklearn_glifac.plotting.plot_reproduction`,
seed summaries beside the published numbers, and ``report.md`` / ``report.html``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..plotting import DATA_LABELS, REPRODUCTION_FIGURES, plot_reproduction
from ._document import _save_figure, _write_report
from ._paper import (
    PAPER_RESULTS,
    _at_threshold,
    _data_order,
    _preset_order,
    _sorted,
    check_results,
)
from ._summary import (
    _appendix_d_table,
    _config_table,
    _headline_table,
    _summarize_classification,
    _task_table,
    _timing_table,
    compare_with_paper,
    summarize_reproduction,
)

__all__ = ["write_reproduction_report"]

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


def write_reproduction_report(
    results: pd.DataFrame,
    output_dir: str | os.PathLike[str],
    *,
    classification: pd.DataFrame | None = None,
    config: Mapping[str, Any] | None = None,
) -> list[Path]:
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
    ordered = _sorted(results)  # data, presets and methods in the paper's order
    for name in REPRODUCTION_FIGURES:
        try:
            fig = plot_reproduction(ordered, name, paper=PAPER_RESULTS)
        except ValueError as exc:
            if "has no rows" not in str(exc):
                raise
            skipped.append((name, str(exc)))
            continue
        path = _save_figure(fig, out / "figures" / f"{name}.png", dpi=110, bbox_inches=None)
        written.append(path)
        figures.append((name, path, _CAPTIONS[name]))

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
    written += _write_report(
        out, title="GLIFAC reproduction report", intro=None, sections=sections, figures=figures
    )
    return written


def _report_sections(results, summary, task_summary, config, skipped):
    """The report's sections: ``(heading, blocks)`` for :func:`_write_report`."""
    n_runs = len(results.drop_duplicates(["data", "preset", "seed"]))
    intro = (
        f"{n_runs} trained models: presets {', '.join(_preset_order(results['preset']))}; "
        f"seeds {', '.join(map(str, sorted(results['seed'].unique())))}; data "
        f"{', '.join(DATA_LABELS.get(d, d) for d in _data_order(results['data']))}. "
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
    blocks = []
    for heading, text, table in sections:
        section = [("text", text)] if text else []
        if table is not None:
            section.append(("table", (table, None)))
        blocks.append((heading, section))
    return blocks
