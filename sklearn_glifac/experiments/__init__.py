"""The paper's experiments at full scale: :func:`reproduce` and the report of its results.

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
- :func:`write_reproduction_report` turns a results table into seed summaries, figures in the
  layout of the paper's Figs. 1, 2, 3 and 5, and a self-contained HTML report that puts our
  numbers beside the published ones (:data:`PAPER_RESULTS`).
"""

from ._compare import COMPARISON_COLUMNS, INTERACTION_METHODS, compare_interaction_methods
from ._extract import EXTRACT_METHODS, extract_interactions
from ._report import (
    CLASSIFICATION_COLUMNS,
    FIGURES,
    PAPER_RESULTS,
    RESULT_COLUMNS,
    check_results,
    compare_with_paper,
    plot_reproduction,
    summarize_reproduction,
    write_reproduction_report,
)
from ._reproduce import (
    DATA_DISTRIBUTIONS,
    PAPER_THRESHOLDS,
    cooccurrence_baseline,
    evaluate_interactions,
    load_reproduction,
    reproduce,
)

__all__ = [
    "CLASSIFICATION_COLUMNS",
    "COMPARISON_COLUMNS",
    "DATA_DISTRIBUTIONS",
    "EXTRACT_METHODS",
    "FIGURES",
    "INTERACTION_METHODS",
    "PAPER_RESULTS",
    "PAPER_THRESHOLDS",
    "RESULT_COLUMNS",
    "check_results",
    "compare_interaction_methods",
    "compare_with_paper",
    "cooccurrence_baseline",
    "evaluate_interactions",
    "extract_interactions",
    "load_reproduction",
    "plot_reproduction",
    "reproduce",
    "summarize_reproduction",
    "write_reproduction_report",
]
