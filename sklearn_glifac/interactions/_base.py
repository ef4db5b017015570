"""Machinery shared by the interaction transformers.

Both :class:`~sklearn_glifac.interactions.LocalAttentionInteractions` and
:class:`~sklearn_glifac.interactions.GLIFACInteractions` consume a read-out
(:class:`~sklearn_glifac.models.BaseReadout`) batch by batch. This module holds what they share:
read-out validation, head reduction, attended position pairs, the filter-pair sums that both
methods reduce to, the filter-to-motif step of ``fit`` and the estimator base class.

The one computation both methods reduce to is, for position-pair weights ``w[n, i, j]`` and
per-position filter values ``x[n, i, a]`` and ``y[n, j, b]``::

    out[a, b] = sum_n sum_{i, j} w[n, i, j] * x[n, i, a] * y[n, j, b]

(:func:`pair_sums`), evaluated as two matrix products per batch instead of a loop over
sequences, positions and filter pairs. With boolean weights (significant pairs) and boolean
activity it counts local-attention interactions; with real-valued feature maps it is the
cross-product sum of GLIFAC's Pearson correlation.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from numbers import Real
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils import metadata_routing
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import check_is_fitted

from ..models import BaseReadout
from ..motifs import annotate_filters
from ..utils import check_onehot, progress

__all__ = [
    "BaseInteractions",
    "background_readout",
    "check_readout",
    "combine_heads",
    "significant_pairs",
    "pair_sums",
    "per_sequence_pair_sums",
]


def check_readout(readout: Any, *, name: str = "readout") -> BaseReadout:
    """Check that ``readout`` is a non-empty :class:`~sklearn_glifac.models.BaseReadout`.

    Parameters
    ----------
    readout : object
        Candidate read-out.
    name : str, default="readout"
        Argument name used in error messages.

    Returns
    -------
    readout : BaseReadout
        The same object.

    Raises
    ------
    TypeError
        If ``readout`` is not a read-out (e.g. raw sequences given directly to an interaction
        transformer instead of the output of a fitted classifier's ``transform``).
    ValueError
        If the read-out holds no sequence or no filter.
    """
    if not isinstance(readout, BaseReadout):
        hint = ""
        if sp.issparse(readout):
            hint = " Sparse input is not supported."
        elif hasattr(readout, "shape") or isinstance(readout, list | tuple):
            shape = getattr(readout, "shape", None)
            hint = (
                f" It looks like raw data{'' if shape is None else f' of shape {shape}'}: "
                "interaction transformers take the read-out of a fitted convolution-attention "
                "network, e.g. ConvAttentionClassifier(...).fit(X, y).transform(X), or an "
                "ArrayReadout(features, attention). In a Pipeline, put the classifier step "
                "before the interaction transformer."
            )
        raise TypeError(
            f"{name} must be a read-out (sklearn_glifac.models.BaseReadout), got "
            f"{type(readout).__name__}.{hint}"
        )
    if readout.n_samples == 0:
        raise ValueError(f"{name} is empty: it holds 0 sequences.")
    if readout.n_filters == 0:
        raise ValueError(f"{name} has 0 filters: there is no filter pair to score.")
    return readout


def background_readout(readout, background, *, random_state=None, needed_by="the test"):
    """The read-out of the background sequences that a null compares ``readout`` with.

    The one place that turns a ``background`` argument into a read-out, shared by the
    transformers' nulls (shuffled-sequence attention threshold, SATORI's test, the per-pair test).

    Parameters
    ----------
    readout : BaseReadout
        Foreground read-out (the network that reads the background out).
    background : None, array-like of shape (n_background, 4, seq_len) or BaseReadout
        Background sequences, read out by the same network (``readout.with_sequences``), or a
        read-out of them. ``None``: dinucleotide-shuffled copies of ``readout.X``.
    random_state : int, RandomState instance or None, default=None
        Seeds the dinucleotide shuffle (only used when ``background`` is None).
    needed_by : str, default="the test"
        What needs the background, for the error raised when there is none.

    Returns
    -------
    background : BaseReadout
        With as many filters as ``readout``.

    Raises
    ------
    ValueError
        When ``background`` is None and ``readout.X`` is None (nothing to shuffle), or when the
        background has another number of filters.
    """
    if background is not None and not isinstance(background, BaseReadout):
        # sequences: read out by the same network (what a Pipeline can pass)
        background = readout.with_sequences(
            check_onehot(background, name="background", allow_unknown=True)
        )
    if background is not None:
        background = check_readout(background, name="background")
        if background.n_filters != readout.n_filters:
            raise ValueError(
                f"background has {background.n_filters} filters but the read-out has "
                f"{readout.n_filters}: it must come from the same network."
            )
        return background
    if getattr(readout, "X", None) is None:
        raise ValueError(
            f"{needed_by} need(s) background sequences: this read-out has no X to shuffle; pass "
            "background=<background sequences or their read-out>."
        )
    from ..datasets import dinucleotide_shuffle

    return readout.with_sequences(dinucleotide_shuffle(readout.X, random_state=random_state))


def combine_heads(attention: npt.ArrayLike, how: str = "max") -> np.ndarray:
    """Combine the heads of a batch of attention maps into one map per sequence.

    Parameters
    ----------
    attention : ndarray of shape (batch_size, n_heads, pooled_len, pooled_len)
        Softmax attention weights.
    how : {"max", "mean"}, default="max"
        Element-wise maximum over heads (the paper, SATORI) or mean.

    Returns
    -------
    combined : ndarray of shape (batch_size, pooled_len, pooled_len)

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array([[[[0.2, 0.8]], [[0.6, 0.4]]]])  # 1 sequence, 2 heads, 1 x 2 map
    >>> combine_heads(a, "max")
    array([[[0.6, 0.8]]])
    >>> combine_heads(a, "mean")
    array([[[0.4, 0.6]]])
    """
    attention = np.asarray(attention)
    if how == "max":
        return attention.max(axis=1)
    if how == "mean":
        return attention.mean(axis=1)
    raise ValueError(f"head_reduction must be 'max' or 'mean', got {how!r}.")


def significant_pairs(attention: npt.ArrayLike, threshold: float, how: str = "max") -> np.ndarray:
    """Boolean mask of attended position pairs: head-combined attention ``> threshold``.

    Parameters
    ----------
    attention : ndarray of shape (batch_size, n_heads, pooled_len, pooled_len)
        Softmax attention weights.
    threshold : float
        Attention values strictly above it are significant (SATORI and the paper use 0.1).
    how : {"max", "mean"}, default="max"
        Head reduction, see :func:`combine_heads`.

    Returns
    -------
    mask : ndarray of bool, shape (batch_size, pooled_len, pooled_len)
        ``mask[n, i, j]`` is True when query position ``i`` attends to key position ``j``.
    """
    return combine_heads(attention, how) > threshold


def per_sequence_pair_sums(
    weights: npt.ArrayLike, left: npt.ArrayLike, right: npt.ArrayLike
) -> np.ndarray:
    """``sum_ij weights[n, i, j] * left[n, i, a] * right[n, j, b]`` for every ``(n, a, b)``.

    Two batched matrix products, ``left[n]^T @ (weights[n] @ right[n])``.

    Parameters
    ----------
    weights : ndarray of shape (batch_size, pooled_len, pooled_len)
        Position-pair weights (boolean masks or counts).
    left, right : ndarray of shape (batch_size, pooled_len, n_filters)
        Per-position filter values at the first (query) and second (key) position.

    Returns
    -------
    sums : ndarray of shape (batch_size, n_filters, n_filters), float64
    """
    weights = np.asarray(weights, dtype=np.float64)
    left = np.asarray(left, dtype=np.float64)
    right = np.asarray(right, dtype=np.float64)
    return left.transpose(0, 2, 1) @ (weights @ right)


def pair_sums(weights: npt.ArrayLike, left: npt.ArrayLike, right: npt.ArrayLike) -> np.ndarray:
    """``sum_n sum_ij weights[n, i, j] * left[n, i, a] * right[n, j, b]`` for every ``(a, b)``.

    :func:`per_sequence_pair_sums` summed over the batch. (Summing per-sequence F x F products
    is faster than one long ``(F, b * L') @ (b * L', F)`` product, which multi-threaded BLAS
    handles poorly.) Memory is that of one batch.

    Parameters
    ----------
    weights : ndarray of shape (batch_size, pooled_len, pooled_len)
        Position-pair weights (boolean masks or counts).
    left, right : ndarray of shape (batch_size, pooled_len, n_filters)
        Per-position filter values at the first (query) and second (key) position.

    Returns
    -------
    sums : ndarray of shape (n_filters, n_filters), float64
    """
    return per_sequence_pair_sums(weights, left, right).sum(axis=0)


def iter_batches(
    readout: BaseReadout, *, verbose: bool | int = False, desc: str | None = None, **kinds: bool
) -> Iterable[Any]:
    """Iterate over ``readout.batches(**kinds)`` with optional progress (a bar on a terminal,
    log lines otherwise: :func:`~sklearn_glifac.utils.progress`)."""
    total = math.ceil(readout.n_samples / max(int(readout.batch_size), 1))
    return progress(readout.batches(**kinds), total=total, verbose=verbose, desc=desc or "batches",
                    unit="batch")  # fmt: skip


class BaseInteractions(TransformerMixin, BaseEstimator):
    """Base class of the interaction transformers (not for direct use).

    Subclasses implement ``_fit_scores(readout, **fit_params)`` (computes the (F, F) score
    matrix and any calibration state), ``_transform_scores(readout, **params)`` (the same on
    another read-out, without changing state) and ``_decision(W)`` (the reported-interaction
    rule).

    ``fit`` validates the read-out and parameters, maps filters to motifs when ``motifs`` is
    given, then sets ``filter_interactions_`` (F, F), ``interactions_`` (bool (F, F)),
    ``filter_motifs_``, ``filter_pwms_``, ``filter_n_sites_``, ``tomtom_`` and
    ``motif_interactions_``.

    ``transform`` returns the (F, F) filter x filter matrix of the whole read-out, not one row per
    sample; with ``set_output(transform="pandas")`` it is a DataFrame whose index and columns are
    :meth:`get_feature_names_out` (``filter{i}``, with ``_{motif}`` appended when ``motifs``
    labelled the filter). ``n_features_in_`` is not defined: the input is a read-out object, not
    a feature matrix.
    """

    # The read-out is the data, not metadata for a meta-estimator to route.
    __metadata_request__fit = {"readout": metadata_routing.UNUSED}
    __metadata_request__transform = {"readout": metadata_routing.UNUSED}

    _parameter_constraints: dict = {
        "threshold": [Interval(Real, 0, 1, closed="both")],
        "head_reduction": [StrOptions({"max", "mean"})],
        "motifs": [None, Mapping, str, os.PathLike],
        "qvalue_threshold": [Interval(Real, 0, 1, closed="right")],
        "alpha": [Interval(Real, 0, 1, closed="neither")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # ------------------------------------------------------------------ validation

    def _check_fitted_readout(self, readout, name="readout"):
        """A fitted transformer's check of a new read-out (type, size, number of filters)."""
        check_is_fitted(self, "filter_interactions_")
        readout = check_readout(readout, name=name)
        self._check_n_filters(readout, name=name)
        return readout

    def _check_n_filters(self, readout, name="readout"):
        if readout.n_filters != self.n_filters_:
            raise ValueError(
                f"{name} has {readout.n_filters} filters but {type(self).__name__} was fitted on "
                f"a read-out with {self.n_filters_} filters."
            )

    # ------------------------------------------------------------------ filters -> motifs
    def _map_filters(self, readout):
        """Filter PWMs and Tomtom labels (only when ``motifs`` is given).

        Computed once per network and shared with other transformers
        (:func:`~sklearn_glifac.motifs.annotate_filters`).
        """
        n_filters = readout.n_filters
        if self.motifs is None:
            self.filter_annotation_ = None
            self.filter_pwms_ = None
            self.filter_n_sites_ = None
            self.tomtom_ = None
            self.filter_motifs_ = [""] * n_filters
            return
        annotation = annotate_filters(
            readout, self.motifs, qvalue_threshold=self.qvalue_threshold, verbose=self.verbose
        )
        self.filter_annotation_ = annotation
        self.filter_pwms_ = annotation.pwms.copy()
        self.filter_n_sites_ = annotation.n_sites.copy()
        self.tomtom_ = annotation.tomtom.copy()
        self.filter_motifs_ = list(annotation.labels)

    def _motif_matrix(self, W):
        if self.motifs is None:
            return None
        return self.filter_annotation_.motif_matrix(W)

    # ------------------------------------------------------------------ public API
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, readout: BaseReadout, y: None = None, **fit_params: Any) -> BaseInteractions:
        """Compute the filter-interaction matrix on a read-out.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted convolution-attention network, e.g.
            ``ConvAttentionClassifier(...).fit(X, y).transform(X)`` or an
            :class:`~sklearn_glifac.models.ArrayReadout`.
        y : None
            Ignored; present for Pipeline compatibility.
        **fit_params : dict
            Method-specific options (see the subclass).

        Returns
        -------
        self : object
            The fitted transformer.
        """
        readout = check_readout(readout)
        self.n_filters_ = readout.n_filters
        self._map_filters(readout)  # first: a bad motif database fails before the long pass
        W = self._fit_scores(readout, **fit_params)
        self.filter_interactions_ = W
        self.interactions_ = self.reported_interactions(W)
        self.motif_interactions_ = self._motif_matrix(W)
        return self

    def transform(self, readout: BaseReadout, **params: Any) -> np.ndarray | pd.DataFrame:
        """Filter-interaction matrix of another read-out, with the fitted settings.

        Nothing fitted changes: this computes on ``readout`` and returns the scores.

        Parameters
        ----------
        readout : BaseReadout
            Read-out of the same network (same number of filters).
        **params : dict
            Method-specific options (see the subclass).

        Returns
        -------
        W : ndarray of shape (n_filters, n_filters) or DataFrame
            Filter-by-filter interaction scores; a DataFrame labelled by
            :meth:`get_feature_names_out` with ``set_output(transform="pandas")``.
        """
        readout = self._check_fitted_readout(readout)
        return self._wrap_matrix(self._transform_scores(readout, **params))

    def _wrap_matrix(self, W: np.ndarray) -> np.ndarray | pd.DataFrame:
        """``W`` as a filter-labelled DataFrame when ``set_output(transform="pandas")``."""
        if _get_output_config("transform", self)["dense"] != "pandas":
            return W
        names = self.get_feature_names_out()
        return pd.DataFrame(W, index=pd.Index(names, name="filter"), columns=names)

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> np.ndarray:
        """Names of the rows and columns of the filter x filter matrix.

        Parameters
        ----------
        input_features : None
            Must be None: the input is a read-out, which has no feature names.

        Returns
        -------
        names : ndarray of str, shape (n_filters,)
            ``filter{i}``, with ``_{motif}`` appended when ``motifs`` labelled filter ``i``.
        """
        check_is_fitted(self, "filter_interactions_")
        if input_features is not None:
            raise ValueError(
                "input_features must be None: the input of an interaction transformer is a "
                f"read-out, which has no feature names; got {input_features!r}."
            )
        labels = self.filter_motifs_
        return np.array(
            [f"filter{i}" + (f"_{lab}" if lab else "") for i, lab in enumerate(labels)],
            dtype=object,
        )

    def fit_transform(
        self, readout: BaseReadout, y: None = None, **fit_params: Any
    ) -> np.ndarray | pd.DataFrame:
        """Fit on ``readout`` and return its interaction matrix (computed once).

        Parameters
        ----------
        readout : BaseReadout
            Read-out of a fitted convolution-attention network.
        y : None
            Ignored.
        **fit_params : dict
            Passed to ``fit``.

        Returns
        -------
        W : ndarray of shape (n_filters, n_filters) or DataFrame
            A DataFrame labelled by :meth:`get_feature_names_out` with
            ``set_output(transform="pandas")``.
        """
        return self._wrap_matrix(self.fit(readout, y, **fit_params).filter_interactions_.copy())

    def reported_interactions(self, W: npt.ArrayLike) -> np.ndarray:
        """Boolean matrix of the filter pairs reported as interactions by the fitted rule.

        Parameters
        ----------
        W : array-like of shape (n_filters, n_filters)
            Scores from ``transform`` (or ``filter_interactions_``).

        Returns
        -------
        reported : ndarray of bool, shape (n_filters, n_filters)
        """
        check_is_fitted(self, "filter_interactions_")
        W = np.asarray(W, dtype=np.float64)
        if W.shape != (self.n_filters_, self.n_filters_):
            raise ValueError(
                f"W must have shape ({self.n_filters_}, {self.n_filters_}) (n_filters x "
                f"n_filters), got {W.shape}."
            )
        if np.isnan(W).any():
            raise ValueError("W contains NaN values.")
        return self._decision(W)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False  # input is a read-out object, not an array
        tags.requires_fit = True
        return tags
