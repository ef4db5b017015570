"""The TF-level interaction map of a ranked TF-pair table, calls (q < alpha) marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_NEEDED = ("tf_a", "tf_b", "method", "score", "qvalue", "called", "same_family", "composite")


def _check_table(table):
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            "table must be a DataFrame from sklearn_glifac.inspection.tf_pair_table, got "
            f"{type(table).__name__}."
        )
    missing = [c for c in _NEEDED if c not in table.columns]
    if missing:
        raise ValueError(
            f"table lacks the column(s) {missing} of sklearn_glifac.inspection.tf_pair_table."
        )


def tf_pair_matrix(
    table: pd.DataFrame, method: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """TF x TF matrices of one method's rows of a TF-pair table.

    Parameters
    ----------
    table : DataFrame
        From :func:`sklearn_glifac.inspection.tf_pair_table` (composite rows are left out: a
        dimer filter is evidence inside one filter, not a cell of the between-filter map).
    method : str
        Value of the ``method`` column to draw.

    Returns
    -------
    score, called, same_family : DataFrame of shape (n_tfs, n_tfs)
        Symmetric; ``score`` NaN where the pair has no row.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"tf_a": ["A"], "tf_b": ["B"], "method": ["glifac"], "score": [0.4],
    ...                   "qvalue": [0.01], "called": [True], "same_family": [False],
    ...                   "composite": [False]})
    >>> score, called, _ = tf_pair_matrix(t, "glifac")
    >>> float(score.loc["B", "A"]), bool(called.loc["A", "B"])
    (0.4, True)
    """
    _check_table(table)
    rows = table[(table["method"] == method) & ~table["composite"].astype(bool)]
    names = sorted(set(rows["tf_a"]) | set(rows["tf_b"]))
    score = pd.DataFrame(np.nan, index=names, columns=names)
    called = pd.DataFrame(False, index=names, columns=names)
    same = pd.DataFrame(False, index=names, columns=names)
    for r in rows.itertuples(index=False):
        for a, b in ((r.tf_a, r.tf_b), (r.tf_b, r.tf_a)):
            score.loc[a, b] = r.score
            called.loc[a, b] = bool(r.called)
            same.loc[a, b] = bool(r.same_family)
    return score, called, same


def plot_tf_pair_map(
    table: pd.DataFrame,
    *,
    methods: Sequence[str] | None = None,
    max_tfs: int = 30,
    axes: Any = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Heat maps of a TF-pair table, one per method, calls marked with a star.

    Cells are the TF-pair scores (the strongest filter pair of the two TFs); a star marks a
    call (``called``: q < alpha and not a same-family pair), a grey dot a same-family pair
    (redundancy, never called). Only the ``max_tfs`` TFs of the best-ranked rows are drawn.

    Parameters
    ----------
    table : DataFrame
        From :func:`sklearn_glifac.inspection.tf_pair_table`.
    methods : sequence of str, default=None
        Methods to draw (default: every method of the table, in table order).
    max_tfs : int, default=30
        Largest number of TFs per map.
    axes : array-like of Axes, default=None
        One Axes per method; created when None.
    figsize : tuple of float, default=None
        Figure size when ``axes`` is None.

    Returns
    -------
    fig : matplotlib.figure.Figure
        Star markers carry ``gid="called"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> t = pd.DataFrame({"tf_a": ["A", "A"], "tf_b": ["B", "C"], "method": ["glifac"] * 2,
    ...                   "score": [0.4, 0.1], "qvalue": [0.01, 0.5], "called": [True, False],
    ...                   "same_family": [False, False], "composite": [False, False]})
    >>> fig = plot_tf_pair_map(t)
    >>> [len(line.get_xdata()) for line in fig.axes[0].lines if line.get_gid() == "called"]
    [2]
    """
    import matplotlib.pyplot as plt

    _check_table(table)
    if methods is None:
        methods = list(dict.fromkeys(table["method"]))
    if not methods:
        raise ValueError("table has no rows to draw.")
    if axes is None:
        n = len(methods)
        fig, axes = plt.subplots(1, n, figsize=figsize or (5.4 * n, 4.8), squeeze=False)
        axes = axes[0]
    else:
        axes = np.atleast_1d(axes)
        fig = axes[0].figure
    for ax, method in zip(axes, methods):
        rows = table[(table["method"] == method) & ~table["composite"].astype(bool)]
        keep = list(dict.fromkeys(list(rows["tf_a"]) + list(rows["tf_b"])))[:max_tfs]
        rows = rows[rows["tf_a"].isin(keep) & rows["tf_b"].isin(keep)]
        score, called, same = tf_pair_matrix(rows, method)
        values = score.to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        signed = finite.size and finite.min() < 0
        vmax = float(np.abs(finite).max()) if finite.size else 1.0
        image = ax.imshow(
            np.ma.masked_invalid(values),
            cmap="RdBu_r" if signed else "Reds",
            vmin=-vmax if signed else 0,
            vmax=vmax or 1.0,
        )
        ax.set_facecolor("#eeeeee")
        i, j = np.nonzero(called.to_numpy())
        ax.plot(j, i, "*", color="black", markersize=9, linestyle="none", gid="called")
        i, j = np.nonzero(same.to_numpy())
        ax.plot(j, i, "o", color="0.5", markersize=3, linestyle="none", gid="same_family")
        ax.set_xticks(range(len(score)), score.columns, rotation=90, fontsize=7)
        ax.set_yticks(range(len(score)), score.index, fontsize=7)
        n_called = int(rows["called"].sum())
        ax.set_title(f"{method}: {n_called} TF pair(s) called")
        fig.colorbar(image, ax=ax, shrink=0.8, label="score")
    fig.suptitle("TF pairs: * called (q < alpha), grey dot = same TF family (not an interaction)")
    return fig
