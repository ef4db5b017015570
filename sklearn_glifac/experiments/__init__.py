"""The paper's experiments at full scale and the report of their results.

:func:`write_reproduction_report` turns a tidy results table (:data:`RESULT_COLUMNS`, one row per
preset x seed x method x threshold) into seed summaries, figures in the layout of the paper's
Figs. 1, 2, 3 and 5, and a self-contained HTML report that puts our numbers beside the published
ones (:data:`PAPER_RESULTS`).
"""

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
