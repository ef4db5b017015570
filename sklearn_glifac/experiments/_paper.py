"""The paper's published numbers and the schema of the reproduction's tables.

:data:`PAPER_RESULTS` holds every number the GLIFAC paper and the authors' notebooks published;
:func:`check_results` checks a table against :data:`RESULT_COLUMNS` (or
:data:`CLASSIFICATION_COLUMNS`); the order helpers sort presets as the paper does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..plotting import METHOD_LABELS
from ..utils import check_columns
from ._config import RESULT_COLUMNS

__all__ = ["PAPER_RESULTS", "check_results"]

# Columns that results written before they existed lack; read as NaN. The pooled AUPR needs the
# test predictions, which earlier runs did not keep, so it cannot be recomputed for them.
_OPTIONAL_COLUMNS = ("classification_aupr_micro",)

_METHODS = tuple(METHOD_LABELS)
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
    exp = "exponential activation, pool 20"
    every = "threshold 0.0 attends every position pair"
    rows = [
        (_PAPER_TEXT + ", section 3", "all", nan, nan, "classification_aupr_micro", nan, 0.95,
         0.97, "classification AUPR of 0.95-0.97 for all tested models; the authors' code "
         "computes it over all tasks pooled (Keras AUC(curve='PR')), so it compares with our "
         "pooled AUPR, not with the mean of per-task AUPRs"),
        (_PUBLISHED_RUN, "CNN20-Exp", "glifac", 0.1, "auroc", 0.994, nan, nan, exp),
        (_PUBLISHED_RUN, "CNN20-Exp", "glifac", 0.1, "aupr", 0.885, nan, nan, exp),
        (_PUBLISHED_RUN, "CNN20-Exp", "glifac", 0.1, "snr", 3.34, nan, nan,
         exp + "; 3.34 as printed by the authors' notebook"),
        (_PUBLISHED_RUN, "CNN20-Exp", "glifac", 0.0, "auroc", 0.9999, nan, nan, every),
        (_PUBLISHED_RUN, "CNN20-Exp", "glifac", 0.0, "aupr", 0.998, nan, nan, every),
        (_PUBLISHED_RUN, "CNN20-Exp", "glifac", 0.0, "snr", 7.25, nan, nan, every),
        (_NORM_RUN, "CNN20-Exp-Norm", nan, nan, "task_aupr", nan, 0.907, 0.998,
         "per-task test AUPR of CNN20-Exp-Norm, lowest (TEAD) to highest of the 12 tasks "
         "(CEBPB 0.934-0.936); the plain CNN20-Exp run printed no per-task numbers"),
        (_PAPER_TEXT + ", Fig. 1c", "all", "local_attention", 0.1, "tpr", nan, nan, nan,
         "near 1 in most models (no number published)"),
        (_PAPER_TEXT + ", Fig. 1d", "all", "local_attention", 0.1, "ppv", nan, nan, nan,
         "quite low across all models (no number published)"),
    ]  # fmt: skip
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
def check_results(
    table: pd.DataFrame, *, columns: Sequence[str] = RESULT_COLUMNS, name: str = "results"
) -> pd.DataFrame:
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
    table = check_columns(table, columns, name=name, optional=_OPTIONAL_COLUMNS)
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


def _at_threshold(frame, threshold):
    return frame[np.isclose(frame["threshold"].astype(float), threshold)]
