"""The paper's experiments: the demo, the full-scale reproduction, and their reports.

- :func:`run_demo`: the end-to-end demo behind ``sklearn-glifac demo`` (simulate, train,
  extract, score, write a report) at a chosen scale.
- :func:`reproduce`: paper presets x seeds x attention thresholds with the paper's training
  protocol, resumable, in parallel processes or on a Dask cluster; one tidy row per preset x
  seed x method x threshold (:data:`RESULT_COLUMNS`).
- :func:`evaluate_interactions`: local attention and GLIFAC of one fitted network at several
  thresholds, scored against a ground truth.
- :func:`compare_interaction_methods`: every interaction method of the two studies (local
  attention and GLIFAC on attention and on attributions, SATORI's test, FIS, DFIM, GIA) on one
  fitted network, scored in one table with each method's wall time.
- :func:`extract_interactions`: the interactions of a fitted network on the user's sequences,
  tested per pair, as filter and TF-pair tables with p- and q-values (``sklearn-glifac
  interactions``).
- :func:`cooccurrence_baseline`: the negative control, the interaction scores of motif
  co-occurrence alone (no network).
- :func:`write_reproduction_report` turns a results table into seed summaries, the figures of
  :func:`~sklearn_glifac.plotting.plot_reproduction` and a self-contained HTML report that puts
  our numbers beside the published ones (:data:`PAPER_RESULTS`).

The defaults and table vocabularies (``DEMO_*``, :data:`RESULT_COLUMNS`, ...) are imported at
once and need neither torch nor matplotlib; every function is loaded on first use.
"""

from __future__ import annotations

import importlib

from ._config import (
    CLASSIFICATION_COLUMNS,
    DATA_DISTRIBUTIONS,
    DEMO_BATCH_SIZE,
    DEMO_EPOCHS,
    DEMO_N_SAMPLES,
    DEMO_PRESETS,
    PAPER_THRESHOLDS,
    RESULT_COLUMNS,
    SCORE_COLUMNS,
)

# public name -> implementation module, imported on first access (PEP 562)
_LAZY = {
    "COMPARISON_COLUMNS": "_compare",
    "INTERACTION_METHODS": "_compare",
    "compare_interaction_methods": "_compare",
    "EXTRACT_METHODS": "_extract",
    "extract_interactions": "_extract",
    "PAPER_RESULTS": "_paper",
    "check_results": "_paper",
    "compare_with_paper": "_summary",
    "summarize_reproduction": "_summary",
    "write_reproduction_report": "_report",
    "cooccurrence_baseline": "_reproduce",
    "evaluate_interactions": "_reproduce",
    "load_reproduction": "_reproduce",
    "reproduce": "_reproduce",
    "run_demo": "_demo",
}

__all__ = [
    "CLASSIFICATION_COLUMNS",
    "COMPARISON_COLUMNS",
    "DATA_DISTRIBUTIONS",
    "DEMO_BATCH_SIZE",
    "DEMO_EPOCHS",
    "DEMO_N_SAMPLES",
    "DEMO_PRESETS",
    "EXTRACT_METHODS",
    "INTERACTION_METHODS",
    "PAPER_RESULTS",
    "PAPER_THRESHOLDS",
    "RESULT_COLUMNS",
    "SCORE_COLUMNS",
    "check_results",
    "compare_interaction_methods",
    "compare_with_paper",
    "cooccurrence_baseline",
    "evaluate_interactions",
    "extract_interactions",
    "load_reproduction",
    "reproduce",
    "run_demo",
    "summarize_reproduction",
    "write_reproduction_report",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
