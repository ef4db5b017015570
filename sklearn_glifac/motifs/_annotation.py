"""The filter annotation of a fitted network: PWMs, Tomtom labels and q-values, computed once.

Every interaction method needs the same filter-to-motif step (filter PWMs over the read-out's
sequences, then Tomtom against a motif database). :func:`annotate_filters` computes it and keeps
the result in a small cache keyed on the network's weights, the sequences and the database, so
two transformers fitted on one network, or a ``GridSearchCV`` over transformer parameters, run
Tomtom once per network.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..models import ArrayReadout, BaseReadout
from ..utils import log_step
from ._matrix import motif_interaction_matrix
from ._pwm import filter_pwms
from ._tomtom import match_filters

__all__ = ["FilterAnnotation", "annotate_filters", "clear_annotation_cache"]

# Annotations of this many (network, sequences, database) keys are kept, least recently used out;
# the filter PWMs (one pass over the sequences) are kept apart, keyed on the network and the
# sequences only, so annotating one network against a second database reuses them.
_CACHE_SIZE = 8
_CACHE: OrderedDict = OrderedDict()
_PWM_CACHE: OrderedDict = OrderedDict()


def _cache_get(cache: OrderedDict, key: Hashable | None) -> Any:
    if key is None or key not in cache:
        return None
    cache.move_to_end(key)
    return cache[key][0]


def _cache_put(cache: OrderedDict, key: Hashable | None, value: Any, keep: list[Any]) -> None:
    if key is not None:
        cache[key] = (value, keep)
        while len(cache) > _CACHE_SIZE:
            cache.popitem(last=False)


@dataclass(frozen=True, eq=False)
class FilterAnnotation:
    """What the filters of one fitted network stand for: PWMs, Tomtom labels and q-values.

    Returned by :func:`annotate_filters`; the interaction transformers copy its fields into
    ``filter_pwms_``, ``filter_n_sites_``, ``filter_motifs_`` and ``tomtom_``.

    Attributes
    ----------
    pwms : ndarray of shape (n_filters, 4, kernel_size)
        Filter probability matrices (:func:`filter_pwms`).
    n_sites : ndarray of shape (n_filters,)
        Number of aligned windows behind each PWM.
    labels : list of str
        Best significant Tomtom match per filter, ``""`` when none.
    tomtom : pandas.DataFrame
        The Tomtom table of :func:`match_filters`.
    qvalues : ndarray of shape (n_filters,)
        q-value of the match that gives each filter its label (NaN when unlabelled).
    motif_names : list of str
        Rows and columns of motif-level matrices: every database motif when the database was a
        mapping, otherwise the motifs some filter matched (sorted).
    """

    pwms: np.ndarray
    n_sites: np.ndarray
    labels: list[str]
    tomtom: pd.DataFrame
    qvalues: np.ndarray
    motif_names: list[str] = field(default_factory=list)

    @property
    def n_filters(self) -> int:
        """Number of filters."""
        return len(self.labels)

    def motif_matrix(self, W: ArrayLike, *, diagonal: bool = False) -> pd.DataFrame:
        """Lift a filter matrix to :attr:`motif_names` (:func:`motif_interaction_matrix`).

        Parameters
        ----------
        W : array-like of shape (n_filters, n_filters)
            Filter-interaction scores.
        diagonal : bool, default=False
            See :func:`motif_interaction_matrix`.

        Returns
        -------
        matrix : DataFrame of shape (n_motifs, n_motifs)
        """
        return motif_interaction_matrix(W, self.labels, self.motif_names, diagonal=diagonal)


def _best_qvalues(table: pd.DataFrame, n_filters: int) -> np.ndarray:
    q = np.full(n_filters, np.nan)
    if len(table):
        rows = table[table["label"].astype(bool)]
        q[rows["filter"].to_numpy(dtype=int)] = rows["q_value"].to_numpy(dtype=float)
    return q


def _hash_array(h: Any, arr: ArrayLike) -> None:
    arr = np.ascontiguousarray(arr)
    h.update(str((arr.dtype.str, arr.shape)).encode())
    h.update(arr.view(np.uint8).reshape(-1) if arr.size else b"")


def _readout_key(readout: BaseReadout) -> tuple[str | None, list[Any]]:
    """A key for the read-out's network and sequences, or None when it cannot be keyed.

    The network is keyed by its weights (a refit or ``partial_fit`` gives another key; two
    clones trained identically share one), the sequences by their bytes.
    """
    source = getattr(readout, "source", None)
    if source is not None:  # ArrayReadout.from_readout
        return _readout_key(source)
    h = hashlib.blake2b(digest_size=16)
    module = getattr(readout, "module", None)  # ModuleReadout, NetReadout
    if module is None:  # e.g. AttributionReadout: the network of a fitted classifier
        module = getattr(getattr(readout, "net", None), "module_", None)
    keep: list[Any] = []  # objects whose identity is part of the key: kept alive with the entry
    if module is not None and hasattr(module, "state_dict"):
        for name, tensor in module.state_dict().items():
            h.update(name.encode())
            _hash_array(h, tensor.detach().cpu().numpy())
    elif isinstance(readout, ArrayReadout) and readout.activations is not None:
        _hash_array(h, readout.activations)
    else:
        return None, keep
    X = getattr(readout, "X", None)
    if isinstance(X, np.ndarray):
        _hash_array(h, X)
    else:  # e.g. a OneHotStore on disk: keyed by identity
        h.update(f"id{id(X)}".encode())
        keep.append(X)
    h.update(str((readout.n_filters, getattr(readout, "kernel_size", None))).encode())
    return h.hexdigest(), keep


def _database_key(motifs: object) -> tuple[Any, ...] | None:
    h = hashlib.blake2b(digest_size=16)
    if isinstance(motifs, Mapping):
        for name, matrix in motifs.items():
            h.update(str(name).encode())
            _hash_array(h, np.asarray(matrix, dtype=np.float64))
        return ("mapping", h.hexdigest())
    if isinstance(motifs, str) and motifs.lower() == "jaspar":
        return ("jaspar",)
    if isinstance(motifs, str | os.PathLike) and os.path.isfile(motifs):
        stat = os.stat(motifs)
        return ("file", os.path.abspath(motifs), stat.st_mtime_ns, stat.st_size)
    return None


def clear_annotation_cache() -> None:
    """Forget every cached :class:`FilterAnnotation` (see :func:`annotate_filters`).

    Examples
    --------
    >>> clear_annotation_cache()
    """
    _CACHE.clear()
    _PWM_CACHE.clear()


def annotate_filters(
    readout: BaseReadout,
    motifs: Mapping[str, ArrayLike] | str | os.PathLike[str],
    *,
    qvalue_threshold: float | None = 0.05,
    activity_threshold: float = 0.5,
    cache: bool = True,
    verbose: bool = False,
) -> FilterAnnotation:
    """Filter PWMs and Tomtom labels of a fitted network, computed once per network.

    Runs :func:`filter_pwms` on ``readout`` and :func:`match_filters` against ``motifs``. With
    ``cache=True`` the result is kept (eight entries, least recently used out) under a key made
    of the network's weights, the read-out's sequences, the database and the parameters, so the
    same network on the same sequences is annotated once: both interaction transformers, and
    every candidate of a ``GridSearchCV`` over transformer parameters, reuse it. Read-outs that
    cannot be keyed (neither a network's read-out nor an ``ArrayReadout`` with activations) are
    annotated every time.

    Parameters
    ----------
    readout : BaseReadout
        Read-out of a fitted network with sequences, unpooled activations and ``kernel_size``
        (e.g. ``ConvAttentionClassifier.transform(X)``).
    motifs : dict, str or path-like
        Motif database: a mapping ``name -> (4, width)`` matrix, a MEME file, or ``"jaspar"``
        (JASPAR CORE vertebrates).
    qvalue_threshold : float in (0, 1] or None, default=0.05
        Tomtom q-value cutoff for a filter label.
    activity_threshold : float in [0, 1], default=0.5
        Fraction of a filter's maximum activation that aligns a window (:func:`filter_pwms`).
    cache : bool, default=True
        Reuse (and store) the annotation of the same network, sequences and database.
    verbose : bool, default=False
        Progress of the PWM pass and of Tomtom.

    Returns
    -------
    annotation : FilterAnnotation

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_glifac.models import ArrayReadout
    >>> X = np.eye(4, dtype=np.float32)[[0, 1, 2, 3, 0, 1]].T[None]  # ACGTAC
    >>> act = np.zeros((1, 6, 1)); act[0, 2, 0] = 1.0
    >>> r = ArrayReadout(np.zeros((1, 2, 1)), np.full((1, 1, 2, 2), .5), X=X,
    ...                  activations=act, kernel_size=3)
    >>> db = {"CGT": np.eye(4)[:, [1, 2, 3]]}
    >>> ann = annotate_filters(r, db, qvalue_threshold=None)
    >>> ann.pwms.shape, ann.n_sites, ann.motif_names
    ((1, 4, 3), array([1]), ['CGT'])
    >>> annotate_filters(r, db, qvalue_threshold=None) is ann  # cached
    True
    """
    key: tuple[Any, ...] | None = None
    pwm_key: tuple[Any, ...] | None = None
    keep: list[Any] = []
    if cache:
        readout_key, keep = _readout_key(readout)
        if readout_key is not None:
            pwm_key = (readout_key, activity_threshold)
            database_key = _database_key(motifs)
            if database_key is not None:
                key = (readout_key, database_key, qvalue_threshold, activity_threshold)
        cached = _cache_get(_CACHE, key)
        if cached is not None:
            return cached
    n_filters = readout.n_filters
    pwms_and_sites = _cache_get(_PWM_CACHE, pwm_key)
    if pwms_and_sites is None:
        pwms_and_sites = filter_pwms(
            readout, activity_threshold=activity_threshold, verbose=verbose
        )
        _cache_put(_PWM_CACHE, pwm_key, pwms_and_sites, keep)
    pwms, n_sites = pwms_and_sites
    with log_step(f"Tomtom: matching {n_filters} filters", verbose=verbose):
        labels, table = match_filters(pwms, motifs, qvalue_threshold=qvalue_threshold)
    labels = [str(lab) for lab in labels]
    if isinstance(motifs, Mapping):
        names = [str(k) for k in motifs]
    else:  # a database (file or JASPAR): only the motifs some filter matched
        names = sorted({lab for lab in labels if lab})
    annotation = FilterAnnotation(
        pwms=np.asarray(pwms),
        n_sites=np.asarray(n_sites),
        labels=labels,
        tomtom=table,
        qvalues=_best_qvalues(table, n_filters),
        motif_names=names,
    )
    _cache_put(_CACHE, key, annotation, keep)
    return annotation
