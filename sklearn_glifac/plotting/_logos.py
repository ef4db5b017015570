"""Sequence logos of first-layer filters with their motif matches."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ..utils import check_int
from ._base import _new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_ALPHABET = list("ACGT")


def _information_heights(pwm, background):
    """Letter heights in bits: p_b * sum_b p_b log2(p_b / q_b) for every column."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(pwm > 0, pwm * np.log2(pwm / background[:, None]), 0.0)
    ic = terms.sum(axis=0)
    return pwm * ic[None, :]


def plot_filter_logos(
    pwms: npt.ArrayLike,
    labels: Sequence[str | None] | None = None,
    *,
    qvalues: npt.ArrayLike | None = None,
    n_sites: npt.ArrayLike | None = None,
    filters: Sequence[int] | None = None,
    background: npt.ArrayLike | None = None,
    dead_bits: float = 0.05,
    ncols: int = 4,
    color_scheme: str = "classic",
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Plot first-layer filters as information-content sequence logos, titled by their match.

    Logos are drawn with :mod:`logomaker`; letter heights are the position probabilities scaled by
    the column's information content (relative entropy to ``background``, in bits).

    Dead filters are marked as such instead of being drawn as blank logos: a filter that is never
    active (all-NaN matrix or ``n_sites`` of 0) and a filter that is active everywhere (a constant
    filter, whose aligned windows are just the background, so no column carries ``dead_bits``
    of information) are titled ``"filter i: dead"`` and the panel says why.

    Parameters
    ----------
    pwms : array-like of shape (n_filters, 4, kernel_size)
        Position probability matrices (rows A, C, G, T), e.g. from
        :func:`~sklearn_glifac.motifs.filter_pwms`. Columns are renormalised to sum to 1;
        a filter whose matrix is all NaN (no active sites) is drawn as dead.
    labels : sequence of str, default=None
        Motif match per filter ("" when none), e.g. a transformer's ``filter_motifs_``.
    qvalues : array-like of shape (n_filters,), default=None
        Tomtom q-value of each filter's match (NaN when none), shown in the panel titles.
    n_sites : array-like of shape (n_filters,), default=None
        Number of aligned sites behind each filter, shown in the panel titles.
    filters : sequence of int, default=None
        Which filters to draw, in order; default all.
    background : array-like of shape (4,), default=None
        Background base frequencies; default uniform (maximum 2 bits per position).
    dead_bits : float, default=0.05
        A filter whose columns all carry less information than this (in bits) is drawn as dead;
        0 marks only never-active filters.
    ncols : int, default=4
        Logos per row.
    color_scheme : str, default="classic"
        A logomaker colour scheme.
    figsize : tuple of float, default=None
        Figure size; default ``(3.2 * ncols, 1.5 * n_rows)``.

    Returns
    -------
    fig : matplotlib.figure.Figure
        One Axes per drawn filter, titled ``"filter i: LABEL"`` (``"filter i: no match"``,
        ``"filter i: dead"``). The explanation on a dead filter's panel is a text artist with
        ``gid="dead_filter"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> pwm = np.full((1, 4, 3), 0.1); pwm[0, [0, 1, 3], [0, 1, 2]] = 0.7
    >>> fig = plot_filter_logos(pwm, ["MYC"])
    >>> fig.axes[0].get_title()
    'filter 0: MYC'
    """
    import logomaker

    arr, empty = _check_pwms(pwms)
    n_filters = arr.shape[0]

    def _per_filter(value: Any, name: str, cast: Callable[[Any], Any]) -> list[Any] | None:
        if value is None:
            return None
        out = list(value)
        if len(out) != n_filters:
            raise ValueError(f"{name} has {len(out)} entries but pwms has {n_filters} filters.")
        return [cast(v) for v in out]

    label_list = _per_filter(labels, "labels", lambda v: "" if v is None else str(v))
    q_list = _per_filter(qvalues, "qvalues", float)
    site_list = _per_filter(n_sites, "n_sites", int)
    if filters is None:
        filters = list(range(n_filters))
    else:
        filters = [int(f) for f in filters]
        bad = [f for f in filters if not 0 <= f < n_filters]
        if bad:
            raise ValueError(f"filters has indices {bad} outside [0, {n_filters}).")
        if not filters:
            raise ValueError("filters is empty; select at least one filter.")
    if background is None:
        bg = np.full(4, 0.25)
    else:
        bg = np.asarray(background, dtype=float)
        if bg.shape != (4,) or (bg <= 0).any() or not np.isclose(bg.sum(), 1.0):
            raise ValueError(f"background must be 4 positive frequencies summing to 1, got {bg}.")
    check_int(ncols, name="ncols")
    if (
        isinstance(dead_bits, bool)
        or not isinstance(dead_bits, int | float | np.integer | np.floating)
        or not np.isfinite(dead_bits)
        or dead_bits < 0
    ):
        raise ValueError(f"dead_bits must be a finite number >= 0, got {dead_bits!r}.")
    never_active = empty.copy()
    if site_list is not None:
        never_active |= np.asarray(site_list) == 0
    column_bits = np.zeros(n_filters)  # information of each filter's most informative column
    column_bits[~empty] = [_information_heights(m, bg).sum(axis=0).max() for m in arr[~empty]]
    dead = never_active | (column_bits < dead_bits)

    ncols = min(ncols, len(filters))
    nrows = int(np.ceil(len(filters) / ncols))
    max_bits = float(np.log2(1.0 / bg.min()))
    if figsize is None:
        figsize = (3.2 * ncols, 1.55 * nrows + 0.2)
    fig, axs = _new_figure(len(filters), figsize=figsize, ncols=ncols, layout="constrained")
    fig.get_layout_engine().set(wspace=0.06, hspace=0.08)
    for k, (ax, f) in enumerate(zip(axs, filters)):
        label = label_list[f] if label_list is not None else ""
        title = (
            f"filter {f}: {label}"
            if label
            else (f"filter {f}: no match" if label_list is not None else f"filter {f}")
        )
        extras = []
        if q_list is not None and label and np.isfinite(q_list[f]):
            extras.append(f"q={q_list[f]:.1e}")
        if site_list is not None:
            extras.append(f"n={site_list[f]}")
        if extras:
            title += f"  ({', '.join(extras)})"
        if dead[f]:
            title = f"filter {f}: dead"
            if never_active[f]:
                why = "dead filter: never active\n(no aligned site)"
            else:
                why = "dead filter: not selective\n(constant, uniform PWM"
                why += f";\nactive at {site_list[f]:,} windows)" if site_list is not None else ")"
            ax.text(
                0.5,
                0.5,
                why,
                ha="center",
                va="center",
                fontsize=8,
                transform=ax.transAxes,
                color="firebrick",
                gid="dead_filter",
            )
            ax.set_facecolor("#f4f4f4")
            ax.set_xticks([])
        else:
            heights = pd.DataFrame(_information_heights(arr[f], bg).T, columns=_ALPHABET)
            with warnings.catch_warnings():
                # logomaker warns about singular y-limits for an all-zero (uniform) filter.
                warnings.filterwarnings("ignore", message=".*identical low and high ylims")
                logomaker.Logo(heights, ax=ax, color_scheme=color_scheme, show_spines=True)
            ax.set_xticks([])
        ax.set_ylim(0, max_bits)
        ax.set_yticks([0, max_bits / 2, max_bits] if k % ncols == 0 else [])
        if k % ncols == 0:
            ax.set_ylabel("bits", fontsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        color = "firebrick" if dead[f] else ("black" if label else "0.45")
        ax.set_title(title, fontsize=9, color=color)
    return fig


def _check_pwms(pwms):
    """PWMs as float (n_filters, 4, k), columns normalised, and the all-NaN (empty) filters."""
    try:
        arr = np.array(pwms, dtype=float)  # a copy: the caller's matrices stay as given
    except (TypeError, ValueError) as exc:
        raise TypeError(f"pwms must be a numeric array of shape (n_filters, 4, k): {exc}") from exc
    if arr.ndim != 3 or arr.shape[1] != 4 or arr.shape[0] == 0 or arr.shape[2] == 0:
        raise ValueError(
            f"pwms must have shape (n_filters, 4, kernel_size) with rows A, C, G, T, got shape "
            f"{arr.shape}."
        )
    empty = np.isnan(arr).all(axis=(1, 2))
    finite = arr[~empty]
    if not np.isfinite(finite).all():
        raise ValueError("pwms contains NaN or inf in a filter that is not entirely NaN.")
    if (finite < 0).any():
        raise ValueError("pwms must be non-negative probabilities.")
    sums = finite.sum(axis=1, keepdims=True)
    if (sums <= 0).any():
        raise ValueError("pwms has a column summing to 0; every column needs positive mass.")
    arr[~empty] = finite / sums
    return arr, empty
