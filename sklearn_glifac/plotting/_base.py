"""Shared helpers for the plotting functions: figure/axes handling, colours, validation.

Figures are created with :mod:`matplotlib.pyplot` only when the caller passes no axes, so they show
up in notebooks and in sphinx-gallery. No backend is forced here: headless machines fall back to
Agg automatically, and the command line selects Agg explicitly before importing pyplot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

# Paper convention (Figs. 1, 3, 6): exponential first-layer activations in green, ReLU in blue.
_FAMILY_CMAPS = {"exp": "Greens", "relu": "Blues", "softplus": "Oranges"}


def _new_figure(n_panels, *, axes=None, figsize=None, ncols=None, name="axes", **subplot_kw):
    """Return ``(fig, list_of_axes)`` with ``n_panels`` axes, created or taken from ``axes``."""
    if axes is not None:
        flat = list(np.ravel(np.asarray(axes, dtype=object)))
        if len(flat) != n_panels:
            raise ValueError(f"{name} must hold {n_panels} Axes, got {len(flat)}.")
        for ax in flat:
            if not hasattr(ax, "get_figure"):
                raise TypeError(f"{name} must contain matplotlib Axes, got {type(ax).__name__}.")
        return flat[0].get_figure(), flat
    import matplotlib.pyplot as plt

    ncols = n_panels if ncols is None else min(ncols, n_panels)
    nrows = int(np.ceil(n_panels / ncols))
    fig, grid = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, **subplot_kw)
    flat = list(grid.ravel())
    for ax in flat[n_panels:]:
        ax.set_visible(False)
    return fig, flat[:n_panels]


def _check_mapping(obj, *, name, allow_array=True):
    """Return ``obj`` as an ordered ``dict`` of name -> value; a bare array becomes one entry."""
    if isinstance(obj, Mapping):
        if len(obj) == 0:
            raise ValueError(f"{name} is empty; pass at least one entry.")
        return {str(k): v for k, v in obj.items()}
    if allow_array and (isinstance(obj, np.ndarray) or hasattr(obj, "shape")):
        return {"": obj}
    raise TypeError(f"{name} must be a dict mapping names to arrays, got {type(obj).__name__}.")


def model_colors(names: Iterable[str]) -> dict[str, tuple[float, float, float, float]]:
    """Colours for model names, grouped by first-layer activation like the paper's figures.

    Names containing ``"exp"`` get shades of green, ``"relu"`` shades of blue, ``"softplus"``
    (e.g. SATORI) shades of orange; any other name a colour from matplotlib's ``tab10`` cycle.

    Parameters
    ----------
    names : sequence of str
        Model names, e.g. ``["CNN20-Exp", "CNN20-ReLU"]``.

    Returns
    -------
    colors : dict
        Name -> RGBA tuple.

    Examples
    --------
    >>> colors = model_colors(["CNN20-Exp", "CNN20-ReLU"])
    >>> bool(colors["CNN20-Exp"][1] > colors["CNN20-Exp"][0])  # greenish
    True
    """
    import matplotlib as mpl

    names = [str(n) for n in names]
    families: dict[str | None, list[str]] = {}
    for n in names:
        low = n.lower()
        fam = next((f for f in _FAMILY_CMAPS if f in low), None)
        families.setdefault(fam, []).append(n)
    colors = {}
    tab = mpl.colormaps["tab10"]
    other = 0
    for fam, members in families.items():
        if fam is None:
            for n in members:
                colors[n] = tab(other % 10)
                other += 1
            continue
        cmap = mpl.colormaps[_FAMILY_CMAPS[fam]]
        shades = np.linspace(0.85, 0.45, len(members)) if len(members) > 1 else [0.7]
        for n, s in zip(members, shades):
            colors[n] = cmap(float(s))
    return {n: colors[n] for n in names}


def _resolve_colors(names, colors, *, name="colors"):
    if colors is None:
        return model_colors(names)
    if not isinstance(colors, Mapping):
        raise TypeError(f"{name} must be a dict mapping model names to colours or None.")
    missing = [n for n in names if n not in colors]
    if missing:
        raise ValueError(f"{name} has no colour for {missing}.")
    return {n: colors[n] for n in names}
