"""Side-by-side interaction maps with the ground-truth pairs marked (paper, Fig. 2a-b)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._base import _check_mapping, _new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_MARKS = ("box", "upper", None)


def _truth_signs(true_interactions):
    """Ground truth as ``{frozenset({a, b}): sign}`` (+1 AND, -1 XOR; 1 for unsigned pairs).

    Validation and the set of pairs come from the metrics' own parser, so a plot marks exactly
    the pairs the scores count as positives.
    """
    if true_interactions is None:
        return {}
    from ..metrics import ground_truth_pairs

    pairs = ground_truth_pairs(true_interactions)
    if not isinstance(true_interactions, pd.DataFrame):
        return dict.fromkeys(pairs, 1.0)
    df = true_interactions.copy()
    df.index = df.index.astype(str)
    df.columns = df.columns.astype(str)
    return {pair: float(np.sign(df.loc[tuple(pair)[0], tuple(pair)[1]])) for pair in pairs}


def _as_labelled_matrix(name, value, labels):
    """Return ``(values float ndarray (n, n), tick_labels, pair_labels)``."""
    if isinstance(value, pd.DataFrame):
        if value.shape[0] != value.shape[1]:
            raise ValueError(f"matrices[{name!r}] must be square, got shape {value.shape}.")
        if not value.index.equals(value.columns):
            if set(value.index) != set(value.columns):
                raise ValueError(
                    f"matrices[{name!r}] must have the same labels on rows and columns."
                )
            value = value.loc[:, value.index]
        try:
            arr = value.to_numpy(dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"matrices[{name!r}] must hold numbers: {exc}") from exc
        names = [str(v) for v in value.index]
        return arr, names, names
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"matrices[{name!r}] must be a numeric array or DataFrame: {exc}") from exc
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise ValueError(
            f"matrices[{name!r}] must be a non-empty square 2-D array, got shape {arr.shape}."
        )
    n = arr.shape[0]
    if labels is None:
        return arr, [str(i) for i in range(n)], [""] * n
    labels = [str(lab) for lab in labels]
    if len(labels) != n:
        raise ValueError(
            f"labels has {len(labels)} entries but matrices[{name!r}] has {n} rows; give one "
            "label per filter ('' for unlabelled filters)."
        )
    ticks = [f"{i} {lab}".strip() for i, lab in enumerate(labels)]
    return arr, ticks, labels


def _mark_cells(pair_labels, truth):
    """Cells (i, j), i != j, whose labels form a ground-truth pair, with the pair's sign."""
    cells = []
    for i, a in enumerate(pair_labels):
        for j, b in enumerate(pair_labels):
            if i == j or not a or not b or a == b:
                continue
            sign = truth.get(frozenset((a, b)))
            if sign is not None:
                cells.append((i, j, sign))
    return cells


def plot_interaction_maps(
    matrices: Mapping[str, Any],
    true_interactions: Any = None,
    *,
    labels: Sequence[str] | None = None,
    mark: str | None = "box",
    mask_diagonal: bool = True,
    cmap: Any = None,
    colorbar_labels: Mapping[str, str] | None = None,
    axes: Any = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Plot interaction maps side by side, motif-labelled, with ground-truth pairs marked.

    This is the paper's Fig. 2a-b: the aggregated local-attention map next to the GLIFAC map.
    Each map gets its own colour scale (counts and correlations are not comparable): a diverging
    map centred on 0 when the matrix has negative values, a sequential one otherwise.

    Parameters
    ----------
    matrices : dict of str -> DataFrame or ndarray of shape (n, n)
        Title -> interaction matrix. A DataFrame (e.g. a transformer's ``motif_interactions_``)
        supplies its own row/column labels; an ndarray (e.g. a filter x filter matrix) takes its
        labels from ``labels``. NaN cells (motif pairs without any filter pair) are drawn grey.
    true_interactions : DataFrame or iterable of (str, str), default=None
        Ground truth: a motif x motif DataFrame (nonzero = interacting; +1 AND pairs, -1 XOR pairs,
        as returned by :func:`~sklearn_glifac.datasets.make_motif_interactions`) or pairs of motif
        names. Cells whose two labels form a ground-truth pair are marked.
    labels : sequence of str, default=None
        Labels of the rows/columns of ndarray matrices (e.g. ``filter_motifs_``; "" for
        unlabelled filters). Ignored for DataFrames.
    mark : {"box", "upper"} or None, default="box"
        How ground-truth pairs are shown: ``"box"`` outlines their cells (solid for AND/unsigned,
        dashed for XOR pairs); ``"upper"`` shows the ground truth in the upper triangle and the
        scores in the lower triangle, as in the paper; None marks nothing.
    mask_diagonal : bool, default=True
        Grey out the diagonal (same-motif pairs are not scored).
    cmap : str or dict of str -> str, default=None
        Colormap for all maps, or per title. Default: ``"RdBu_r"`` for signed maps, ``"Reds"``
        for non-negative ones.
    colorbar_labels : dict of str -> str, default=None
        Colour-bar label per title (e.g. ``{"GLIFAC": "Pearson r"}``).
    axes : array-like of Axes, default=None
        One Axes per matrix. Created when None.
    figsize : tuple of float, default=None
        Figure size when ``axes`` is None; default ``(5.2 * n_maps, 4.6)``.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure. Rectangles marking ground-truth cells have ``gid="true_interaction"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, pandas as pd
    >>> names = ["A", "B", "C"]
    >>> W = pd.DataFrame(np.eye(3) + 0.1, index=names, columns=names)
    >>> fig = plot_interaction_maps({"GLIFAC": W}, [("A", "B")])
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['A', 'B', 'C']
    """
    import matplotlib as mpl

    matrices = _check_mapping(matrices, name="matrices", allow_array=True)
    if mark not in _MARKS:
        raise ValueError(f"mark must be one of 'box', 'upper' or None, got {mark!r}.")
    if cmap is not None and not isinstance(cmap, str | Mapping | mpl.colors.Colormap):
        raise TypeError(f"cmap must be a colormap name, a Colormap or a dict, got {cmap!r}.")
    if colorbar_labels is not None and not isinstance(colorbar_labels, Mapping):
        raise TypeError("colorbar_labels must be a dict mapping titles to labels.")
    truth = _truth_signs(true_interactions)

    prepared = [(title, *_as_labelled_matrix(title, m, labels)) for title, m in matrices.items()]
    n = len(prepared)
    if figsize is None:
        size = max(len(p[2]) for p in prepared)
        side = float(np.clip(2.5 + 0.22 * size, 4.0, 11.0))
        figsize = (side * 1.15 * n, side)
    fig, axs = _new_figure(n, axes=axes, figsize=figsize, layout="constrained")

    any_xor = False
    any_marked = False
    any_grey = False
    for ax, (title, arr, ticks, pair_labels) in zip(axs, prepared):
        this_cmap = cmap.get(title) if isinstance(cmap, Mapping) else cmap
        any_grey |= _draw_map(fig, ax, arr, title, mask_diagonal=mask_diagonal, cmap=this_cmap,
                              colorbar_labels=colorbar_labels)  # fmt: skip
        cells = _mark_cells(pair_labels, truth) if mark is not None else []
        xor, marked = _draw_truth(ax, cells, arr.shape[0], mark=mark)
        any_xor |= xor
        any_marked |= marked
        _style_map_axes(ax, ticks, title)

    if (any_marked or any_grey) and axes is None:
        handles = _legend_handles(mark, any_marked=any_marked, any_xor=any_xor, any_grey=any_grey)
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=len(handles),
            frameon=False,
            fontsize=9,
        )
    return fig


def _draw_map(fig, ax, arr, title, *, mask_diagonal, cmap, colorbar_labels):
    """One matrix with its own colour scale and colour bar; True when some cell is grey."""
    import matplotlib as mpl

    shown = arr.copy()
    if mask_diagonal:
        np.fill_diagonal(shown, np.nan)
    finite = shown[np.isfinite(shown)]
    signed = finite.size > 0 and finite.min() < 0
    if cmap is None:
        cmap = "RdBu_r" if signed else "Reds"
    cm = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    cm = cm.with_extremes(bad="#d9d9d9")
    if finite.size == 0:
        vmin, vmax = 0.0, 1.0
    elif signed:
        vmax = float(np.abs(finite).max()) or 1.0
        vmin = -vmax
    else:
        vmin, vmax = 0.0, float(finite.max()) or 1.0
    im = ax.imshow(
        np.ma.masked_invalid(shown), cmap=cm, vmin=vmin, vmax=vmax, interpolation="nearest"
    )
    cbar = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.03, shrink=0.85)
    if colorbar_labels and title in colorbar_labels:
        cbar.set_label(colorbar_labels[title])
    return finite.size < shown.size


def _draw_truth(ax, cells, m, *, mark):
    """Mark the ground-truth ``cells``; returns (an XOR pair was marked, a pair was marked)."""
    from matplotlib.patches import Rectangle

    any_xor = any_marked = False
    if mark == "upper":
        upper = np.zeros((m, m, 4))
        upper[np.triu_indices(m, k=1)] = (1.0, 1.0, 1.0, 1.0)
        ax.imshow(upper, interpolation="nearest")
        ax.plot([-0.5, m - 0.5], [-0.5, m - 0.5], color="0.3", lw=0.8)
        for i, j, sign in cells:
            if j > i:
                ax.add_patch(
                    Rectangle(
                        (j - 0.5, i - 0.5),
                        1,
                        1,
                        facecolor="black" if sign > 0 else "0.55",
                        edgecolor="none",
                        gid="true_interaction",
                    )
                )
                any_xor |= sign < 0
                any_marked = True
    elif mark == "box":
        for i, j, sign in cells:
            ax.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    fill=False,
                    edgecolor="black",
                    lw=1.6,
                    ls="-" if sign > 0 else (0, (2, 1.2)),
                    gid="true_interaction",
                    zorder=3,
                )
            )
            any_xor |= sign < 0
            any_marked = True
    return any_xor, any_marked


def _style_map_axes(ax, ticks, title):
    """Motif labels on both axes, white cell borders, no frame."""
    m = len(ticks)
    fontsize = 9 if m <= 16 else max(4, int(9 - (m - 16) / 6))
    ax.set_xticks(range(m), ticks, rotation=90, fontsize=fontsize)
    ax.set_yticks(range(m), ticks, fontsize=fontsize)
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(-0.5, m, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, m, 1), minor=True)
    ax.grid(which="minor", color="white", lw=0.6)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title, fontsize=12)


def _legend_handles(mark, *, any_marked, any_xor, any_grey):
    """Legend entries of the ground-truth marks and of the grey cells."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    if not any_marked:
        pass
    elif mark == "box":
        handles.append(
            Line2D(
                [],
                [],
                color="black",
                lw=1.6,
                label="ground-truth pair" + (" (AND)" if any_xor else ""),
            )
        )
        if any_xor:
            handles.append(
                Line2D(
                    [],
                    [],
                    color="black",
                    lw=1.6,
                    ls=(0, (2, 1.2)),
                    label="ground-truth pair (XOR)",
                )
            )
    else:
        handles.append(
            Patch(
                color="black",
                label="ground truth (upper triangle)" + (": AND" if any_xor else ""),
            )
        )
        if any_xor:
            handles.append(Patch(color="0.55", label="ground truth: XOR"))
    if any_grey:
        handles.append(Patch(color="#d9d9d9", label="not scored / no filter pair"))
    return handles
