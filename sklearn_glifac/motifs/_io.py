"""Motif matrices: the GLIFAC default set, JASPAR look-ups (offline, via pyjaspar) and MEME I/O.

(Moved here from ``sklearn_glifac.datasets``, which re-exports the public names.)

Every function here returns position probability matrices (PPMs) of shape (4, width), rows in
ACGT order, each column summing to 1, as an ordered ``dict`` name -> matrix.
"""

from __future__ import annotations

import difflib
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, Union, cast

import numpy as np
from numpy.typing import ArrayLike

from ..utils import ALPHABET

__all__ = [
    "AUTHORS_MOTIF_IDS",
    "GLIFAC_MOTIF_IDS",
    "MOTIF_SETS",
    "check_motifs",
    "load_motifs",
    "load_jaspar_collection",
    "read_meme",
    "resolve_motifs",
    "write_meme",
]

# The 12 motifs of the GLIFAC synthetic task (paper, Appendix A), keyed by the paper's task names.
# Base IDs: the latest version within the requested release is used (the version in JASPAR2024 is
# given in the comment).
GLIFAC_MOTIF_IDS = {
    "CEBPB": "MA0466",  # MA0466.4 CEBPB, human
    "ELF1": "MA0473",  # MA0473.4 ELF1, human
    "ESR1": "MA0112",  # MA0112.4 ESR1, human
    "FOXN3": "MA1489",  # MA1489.1 FOXN3, human
    "GATA1": "MA0035",  # MA0035.5 GATA1, human (not the plant GATA1 MA2388.1)
    "IRF1": "MA0050",  # MA0050.4 Irf1, mouse (the only IRF1 matrix in CORE)
    "NFIB": "MA1643",  # MA1643.2 NFIB, human
    "SIX3": "MA0631",  # MA0631.2 Six3, mouse
    "SPI1": "MA0080",  # MA0080.7 Spi1, mouse
    "TAL1": "MA0091",  # MA0091.2 TAL1::TCF3 heterodimer, human (no TAL1 monomer in CORE)
    "TEAD1": "MA0090",  # MA0090.4 TEAD1, human
    "YY1": "MA0095",  # MA0095.4 Yy1, mouse
}

# The matrices the authors' code names for each task (the JASPAR IDs of its Tomtom ground-truth
# lists, read from their public repository): the motif's own matrix where the list has one (the
# latest version listed), else the list's first entry. Three differ from the task name: their
# "TAL1" list holds only NHLH1 (another E-box bHLH), their "IRF1" list IRF8 and IRF9, and the
# task the paper's text calls "SPI" is SP1 (a GC box) in their code, not SPI1 (PU.1). One
# exception: their TEAD list (Code/utils.py) names MA0090.1, but the TEAD filters their
# networks learned read ACATTCCAG(G), which is MA0090.3 (MA0090.1 reads CACATTCCTCCG): their
# data were made with MA0090.3, so that is the matrix used here.
AUTHORS_MOTIF_IDS = {
    "CEBPB": "MA0466.2",  # CEBPB, human
    "ELF1": "MA0473.3",  # ELF1, human
    "ESR1": "MA0112.3",  # ESR1, human
    "FOXN3": "MA1489.1",  # FOXN3, human
    "GATA1": "MA0035.4",  # GATA1, human
    "IRF1": "MA0652.1",  # IRF8, human (the authors' IRF list: IRF8 MA0652.1, IRF9 MA0653.1)
    "NFIB": "MA1643.1",  # NFIB, human
    "SIX3": "MA0631.1",  # Six3, mouse
    "SPI1": "MA0079.4",  # SP1, human (the authors' code: "SP1", MA0079.1-.4)
    "TAL1": "MA0048.2",  # NHLH1, human (the authors' TAL1 list: NHLH1 MA0048.2, MA0048.1)
    "TEAD1": "MA0090.3",  # TEAD1, human (the authors' learned filters; their list: MA0090.1)
    "YY1": "MA0095.2",  # YY1, human
}
#: The motif sets of :func:`load_motifs` (``motif_set=``): name -> task -> JASPAR matrix ID.
#: ``"authors"``: :data:`AUTHORS_MOTIF_IDS`; ``"authors_listed"``: the same with TEAD1 as the
#: authors' Tomtom list names it (MA0090.1; the "authors" set of earlier versions of this
#: library, with which the committed reproduction runs were made); ``"latest"``:
#: :data:`GLIFAC_MOTIF_IDS`.
MOTIF_SETS = {
    "authors": AUTHORS_MOTIF_IDS,
    "authors_listed": {**AUTHORS_MOTIF_IDS, "TEAD1": "MA0090.1"},
    "latest": GLIFAC_MOTIF_IDS,
}

DEFAULT_RELEASE = "JASPAR2024"
_ID_PATTERN = re.compile(r"^[A-Za-z]{2}\d{4}(\.\d+)?$")
# Name look-ups prefer CORE over UNVALIDATED, vertebrates over other groups, human over mouse.
_COLLECTIONS = ("CORE", "UNVALIDATED")
_SPECIES_RANK = {"9606": 0, "10090": 1}


#: What :func:`resolve_motifs` accepts: a mapping, a MEME path, JASPAR names or IDs, or None.
_MotifSource = Union[Mapping[str, ArrayLike], str, "os.PathLike[str]", Sequence[str], None]


class _Record(NamedTuple):
    matrix_id: str
    name: str
    collection: str
    tax_group: str
    species: tuple
    ppm: np.ndarray  # read-only (4, width)


# ----------------------------------------------------------------------------------------------
# Validation shared with the generators
# ----------------------------------------------------------------------------------------------


def _as_ppm(matrix: ArrayLike, *, name: str, argname: str = "motifs") -> np.ndarray:
    """Validate one motif matrix of shape (4, width) and return it column-normalised (float64).

    Count matrices are accepted: each column is divided by its sum.
    """
    try:
        arr = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{argname}[{name!r}] must be a numeric matrix, got {matrix!r}.") from exc
    if arr.ndim != 2 or arr.shape[0] != 4 or arr.shape[1] < 1:
        raise ValueError(
            f"{argname}[{name!r}] must have shape (4, width) with rows A, C, G, T, "
            f"got shape {arr.shape}."
        )
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError(f"{argname}[{name!r}] must contain finite non-negative values.")
    col = arr.sum(axis=0)
    if (col <= 0).any():
        raise ValueError(
            f"{argname}[{name!r}] has {int((col <= 0).sum())} all-zero column(s); every "
            "position needs a positive total."
        )
    return arr / col


def check_motifs(
    motifs: Mapping[str, ArrayLike], *, argname: str = "motifs"
) -> dict[str, np.ndarray]:
    """Validate a mapping name -> (4, width) matrix; return a new dict of normalised PPMs.

    Parameters
    ----------
    motifs : mapping of str -> array-like of shape (4, width)
        Count or probability matrices, rows A, C, G, T.
    argname : str, default="motifs"
        Argument name used in error messages.

    Returns
    -------
    motifs : dict of str -> ndarray of shape (4, width)
        Column-normalised float64 copies, in the input order.

    Examples
    --------
    >>> import numpy as np
    >>> check_motifs({"m": np.array([[2, 0], [0, 1], [0, 1], [2, 0]])})["m"]
    array([[0.5, 0. ],
           [0. , 0.5],
           [0. , 0.5],
           [0.5, 0. ]])
    """
    if not isinstance(motifs, Mapping):
        raise TypeError(f"{argname} must be a mapping name -> (4, width) matrix, got {motifs!r}.")
    if len(motifs) == 0:
        raise ValueError(f"{argname} is empty: at least one motif is needed.")
    out = {}
    for key, matrix in motifs.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"{argname} keys must be non-empty strings, got {key!r}.")
        out[key] = _as_ppm(matrix, name=key, argname=argname)
    return out


def resolve_motifs(motifs: _MotifSource, *, argname: str = "motifs") -> dict[str, np.ndarray]:
    """Any motif source -> ordered dict of validated probability matrices.

    Parameters
    ----------
    motifs : None, mapping, str, path-like or sequence of str
        A mapping name -> (4, width) matrix (validated by :func:`check_motifs`); otherwise what
        :func:`load_motifs` takes (None for the GLIFAC default motifs, JASPAR names or matrix
        IDs, or a MEME file).
    argname : str, default="motifs"
        Argument name used in error messages.

    Returns
    -------
    motifs : dict of str -> ndarray of shape (4, width)

    Examples
    --------
    >>> list(resolve_motifs(["MA0095"]))
    ['Yy1']
    """
    if isinstance(motifs, Mapping) or hasattr(motifs, "items"):
        # anything with .items() goes to check_motifs, which refuses a non-mapping by name
        return check_motifs(cast("Mapping[str, ArrayLike]", motifs), argname=argname)
    return _load_motifs(motifs, argname=argname)


# ----------------------------------------------------------------------------------------------
# JASPAR access (pyjaspar's bundled SQLite; cached because pyjaspar builds Bio.motifs objects)
# ----------------------------------------------------------------------------------------------


def _check_release(release: str) -> str:
    from pyjaspar import jaspar_releases

    if not isinstance(release, str) or release not in jaspar_releases:
        raise ValueError(
            f"release must be one of {sorted(jaspar_releases)} (bundled with pyjaspar), "
            f"got {release!r}."
        )
    return release


def _jaspar_db(release: str) -> Any:
    # Not cached: a sqlite3 connection may only be used by the thread that opened it (joblib/dask
    # threads); connecting costs ~0.1 ms. The records built from it are cached instead.
    from pyjaspar import jaspardb

    return jaspardb(release=release)


def _record_from_motif(motif: Any) -> _Record:
    counts = np.array([motif.counts[b] for b in ALPHABET], dtype=np.float64)
    ppm = _as_ppm(counts, name=motif.matrix_id, argname="JASPAR matrix")
    ppm.flags.writeable = False
    return _Record(
        matrix_id=motif.matrix_id,
        name=motif.name,
        collection=motif.collection,
        tax_group=motif.tax_group or "",
        species=tuple(motif.species or ()),
        ppm=ppm,
    )


@lru_cache(maxsize=16)
def _collection_records(
    release: str, collection: str, tax_group: str | None
) -> tuple[_Record, ...]:
    """Latest version of every matrix of a collection (and taxonomic group, None = all)."""
    db = _jaspar_db(release)
    kwargs = {"collection": collection, "all_versions": False}
    if tax_group is not None:
        kwargs["tax_group"] = [tax_group]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        motifs = db.fetch_motifs(**kwargs)
    records = sorted((_record_from_motif(m) for m in motifs), key=lambda r: r.matrix_id)
    return tuple(records)


@lru_cache(maxsize=512)
def _record_by_id(release: str, matrix_id: str) -> _Record | None:
    """Record of one matrix ID (base ID = latest version in the release), or None."""
    db = _jaspar_db(release)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyjaspar warns, then returns None, on unknown IDs
        motif = db.fetch_motif_by_id(matrix_id.upper())
    return None if motif is None else _record_from_motif(motif)


def _name_rank(record: _Record, query: str) -> tuple[Any, ...]:
    return (
        _COLLECTIONS.index(record.collection) if record.collection in _COLLECTIONS else 9,
        record.tax_group != "vertebrates",
        min((_SPECIES_RANK.get(s, 2) for s in record.species), default=2),
        record.name != query,  # exact case first
        record.matrix_id,
    )


def _resolve_name(release: str, query: str, collection: str | None, argname: str) -> _Record:
    collections = _COLLECTIONS if collection is None else (collection,)
    records = [r for c in collections for r in _collection_records(release, c, None)]
    hits = [r for r in records if r.name.upper() == query.upper()]
    if hits:
        return min(hits, key=lambda r: _name_rank(r, query))
    names = sorted({r.name for r in records})
    by_upper = {n.upper(): n for n in names}
    # dimers that contain the query (TAL1 -> TAL1::TCF3), then spelling neighbours
    close = [n for n in names if query.upper() in n.upper().split("::")]
    close += [
        by_upper[c]
        for c in difflib.get_close_matches(query.upper(), list(by_upper), n=6, cutoff=0.6)
        if by_upper[c] not in close
    ]
    suggestion = ", ".join(close[:8]) if close else "none found"
    where = "JASPAR" if collection is None else f"the JASPAR {collection} collection"
    elsewhere = [
        r.matrix_id
        for c in _COLLECTIONS
        if c not in collections
        for r in _collection_records(release, c, None)
        if r.name.upper() == query.upper()
    ]
    hint = f" It exists outside {collection} as {elsewhere} (collection=None)." if elsewhere else ""
    raise ValueError(
        f"{argname}: unknown motif {query!r} in {where} ({release}). Close matches: {suggestion}."
        f"{hint} Pass a JASPAR TF name (case-insensitive), a matrix ID such as 'MA0091.2', or a "
        "MEME file."
    )


def _resolve_id(release: str, matrix_id: str, argname: str = "names") -> _Record:
    record = _record_by_id(release, matrix_id)
    if record is not None:
        return record
    ids = sorted({r.matrix_id for c in _COLLECTIONS for r in _collection_records(release, c, None)})
    close = difflib.get_close_matches(matrix_id.upper(), ids, n=6, cutoff=0.6)
    raise ValueError(
        f"{argname}: unknown JASPAR matrix ID {matrix_id!r} in {release}. "
        f"Close matches: {', '.join(close) if close else 'none found'}."
    )


def _is_file(value: object) -> bool:
    return isinstance(value, (str, os.PathLike)) and os.path.isfile(value)


def load_motifs(
    names: str | os.PathLike[str] | Sequence[str] | None = None,
    *,
    motif_set: str = "authors",
    release: str = DEFAULT_RELEASE,
    collection: str | None = "CORE",
) -> dict[str, np.ndarray]:
    """Load motifs as position probability matrices, offline from JASPAR or from a MEME file.

    With ``names=None`` this returns the 12 motifs of the GLIFAC synthetic task (Ghotra, Lee &
    Koo 2021, Appendix A), keyed by the paper's task names. Three sets exist
    (:data:`MOTIF_SETS`):

    * ``motif_set="authors"`` (default): the matrices the authors' code names for the twelve
      tasks (:data:`AUTHORS_MOTIF_IDS`, JASPAR 2020-era versions: CEBPB MA0466.2, ELF1
      MA0473.3, ESR1 MA0112.3, FOXN3 MA1489.1, GATA1 MA0035.4, IRF1 -> IRF8 MA0652.1, NFIB
      MA1643.1, SIX3 MA0631.1, SPI1 -> SP1 MA0079.4, TAL1 -> NHLH1 MA0048.2, TEAD1 MA0090.3,
      YY1 MA0095.2). TEAD1 is the one matrix their code does not name: their TEAD list
      (rghotra/GLIFAC ``Code/utils.py``) holds MA0090.1, but their networks' TEAD filters
      read ACATTCCAG(G), which is MA0090.3. With MA0090.1 for TEAD1, a classifier that
      knows the true matrices (best PWM score per motif, gradient boosting) reaches a mean
      test AUPR of 0.965 (0.92-1.00 per task), against 0.895 (0.70-0.99) on the latest
      matrices, where IRF1 and SPI1 are hard to detect (``docs/user_guide/data.rst``; not
      yet re-measured with MA0090.3).
    * ``motif_set="authors_listed"``: the same, with TEAD1 MA0090.1 as the authors' list
      names it (the ``"authors"`` set of earlier versions of this library).
    * ``motif_set="latest"``: the paper's text read literally, the latest version of each named
      TF in the bundled release (:data:`GLIFAC_MOTIF_IDS`; versions as in JASPAR2024):

    ======  ==========  ==============================================================
    key     matrix      note
    ======  ==========  ==============================================================
    CEBPB   MA0466.4    human
    ELF1    MA0473.4    human
    ESR1    MA0112.4    human
    FOXN3   MA1489.1    human
    GATA1   MA0035.5    human (a plant matrix MA2388.1 is also named GATA1)
    IRF1    MA0050.4    mouse ``Irf1``, the only IRF1 matrix in CORE
    NFIB    MA1643.2    human
    SIX3    MA0631.2    mouse ``Six3``
    SPI1    MA0080.7    mouse ``Spi1``
    TAL1    MA0091.2    ``TAL1::TCF3`` heterodimer, human (see below)
    TEAD1   MA0090.4    human
    YY1     MA0095.4    mouse ``Yy1``
    ======  ==========  ==============================================================

    JASPAR CORE has no TAL1 monomer (only the unvalidated ``UN0808.1`` and the dimers
    ``TAL1::TCF3`` and ``GATA1::TAL1``). The TAL1 task uses ``TAL1::TCF3`` (MA0091): it carries
    the TAL1 E-box half site and, unlike ``GATA1::TAL1``, does not contain the GATA1 motif of
    its interaction partner. The mapping is available as
    :data:`sklearn_glifac.motifs.GLIFAC_MOTIF_IDS`.

    Parameters
    ----------
    names : None, str, path-like or sequence of str, default=None
        ``None`` for the 12 GLIFAC motifs (``motif_set``); a path to a MEME file (read with
        :func:`read_meme`);
        or JASPAR TF names (case-insensitive, e.g. ``"SPI1"`` finds ``Spi1``) and matrix IDs
        (``"MA0080"`` = latest version, or ``"MA0080.7"``). A single string that is not an
        existing file is one name. When a name has several matrices, CORE is preferred over
        UNVALIDATED, vertebrates over other groups, human over mouse, exact case, then the
        lowest ID. Keys are the names as given; a matrix ID is keyed by its TF name.
    motif_set : {"authors", "authors_listed", "latest"}, default="authors"
        Which matrices ``names=None`` returns (see above); ignored otherwise.
    release : str, default="JASPAR2024"
        JASPAR release bundled with pyjaspar (no network access is used).
    collection : {"CORE", "UNVALIDATED"} or None, default="CORE"
        Collection searched for names (``None``: both). Matrix IDs resolve in any collection.

    Returns
    -------
    motifs : dict of str -> ndarray of shape (4, width)
        Ordered as requested; rows A, C, G, T; each column sums to 1 (JASPAR counts divided by
        their column totals, no pseudocount). Fresh copies: safe to modify.

    Raises
    ------
    ValueError
        Unknown name or ID (the message lists close matches), unknown release, duplicate keys.

    Examples
    --------
    >>> from sklearn_glifac.motifs import load_motifs
    >>> motifs = load_motifs()
    >>> list(motifs)[:4]
    ['CEBPB', 'ELF1', 'ESR1', 'FOXN3']
    >>> motifs["GATA1"].shape
    (4, 11)
    >>> load_motifs(motif_set="latest")["GATA1"].shape
    (4, 7)
    >>> bool(abs(motifs["GATA1"].sum(axis=0) - 1).max() < 1e-12)
    True
    """
    return _load_motifs(names, motif_set=motif_set, release=release, collection=collection)


def _load_motifs(
    names: Any,
    *,
    motif_set: str = "authors",
    release: str = DEFAULT_RELEASE,
    collection: str | None = "CORE",
    argname: str = "names",
) -> dict[str, np.ndarray]:
    """:func:`load_motifs` with the argument name used in error messages."""
    release = _check_release(release)
    if collection is not None and collection not in _COLLECTIONS:
        raise ValueError(f"collection must be one of {_COLLECTIONS} or None, got {collection!r}.")
    if names is None:
        if motif_set not in MOTIF_SETS:
            raise ValueError(f"motif_set must be one of {list(MOTIF_SETS)}, got {motif_set!r}.")
        ids = MOTIF_SETS[motif_set]
        return {k: _resolve_id(release, v).ppm.copy() for k, v in ids.items()}
    if _is_file(names):
        return read_meme(names)
    if isinstance(names, os.PathLike) or (
        isinstance(names, str) and names.lower().endswith((".meme", ".txt"))
    ):
        raise FileNotFoundError(f"{argname}: MEME file {os.fspath(names)!r} does not exist.")
    if isinstance(names, str):
        names = [names]
    if isinstance(names, bytes) or not hasattr(names, "__iter__"):
        raise TypeError(
            f"{argname} must be None, a MEME file path or a sequence of names, got {names!r}."
        )
    names = list(names)
    if not names:
        raise ValueError(f"{argname} is empty: pass None for the GLIFAC default motifs.")
    out = {}
    for query in names:
        if not isinstance(query, str) or not query.strip():
            raise TypeError(f"{argname} must contain non-empty strings, got {query!r}.")
        query = query.strip()
        if _ID_PATTERN.match(query):
            record = _resolve_id(release, query, argname)
            key = record.name
        else:
            record = _resolve_name(release, query, collection, argname)
            key = query
        if key in out:
            raise ValueError(
                f"{argname}: {query!r} gives the key {key!r} twice; every motif needs a unique key."
            )
        out[key] = record.ppm.copy()
    return out


def load_jaspar_collection(
    *,
    release: str = DEFAULT_RELEASE,
    collection: str = "CORE",
    tax_group: str | None = "vertebrates",
) -> dict[str, np.ndarray]:
    """Load a whole JASPAR collection (latest version of each matrix) as probability matrices.

    Used as the reference database for naming convolutional filters (for example JASPAR CORE
    vertebrates, which exposes filters that match real motifs absent from the ground truth).

    Parameters
    ----------
    release : str, default="JASPAR2024"
        JASPAR release bundled with pyjaspar (offline).
    collection : {"CORE", "UNVALIDATED"}, default="CORE"
        JASPAR collection.
    tax_group : str or None, default="vertebrates"
        JASPAR taxonomic group (``"vertebrates"``, ``"plants"``, ``"insects"``, ``"nematodes"``,
        ``"fungi"``, ``"urochordates"``, ...); ``None`` keeps every group.

    Returns
    -------
    motifs : dict of str -> ndarray of shape (4, width)
        Keyed by JASPAR TF name in matrix-ID order. Names are kept as JASPAR spells them
        (mouse matrices are ``"Irf1"``, ``"Spi1"``, ...). When several matrices share a name,
        the one with the lowest ID keeps the plain name and the others are keyed
        ``"<name>_<matrix ID>"`` (for example ``"CTCF"`` and ``"CTCF_MA1929.2"``).
        Rows A, C, G, T; columns sum to 1.

    Examples
    --------
    >>> from sklearn_glifac.motifs import load_jaspar_collection
    >>> db = load_jaspar_collection()
    >>> len(db) > 800, db["TAL1::TCF3"].shape
    (True, (4, 10))
    """
    release = _check_release(release)
    if collection not in _COLLECTIONS:
        raise ValueError(f"collection must be one of {_COLLECTIONS}, got {collection!r}.")
    if tax_group is not None and not isinstance(tax_group, str):
        raise TypeError(f"tax_group must be a string or None, got {tax_group!r}.")
    records = _collection_records(release, collection, tax_group)
    if not records:
        raise ValueError(
            f"tax_group: no matrices for tax_group={tax_group!r} in {collection} ({release})."
        )
    out = {}
    for r in records:
        key = r.name if r.name not in out else f"{r.name}_{r.matrix_id}"
        out[key] = r.ppm.copy()
    return out


# ----------------------------------------------------------------------------------------------
# MEME minimal format (memelite)
# ----------------------------------------------------------------------------------------------


def read_meme(path: str | os.PathLike[str]) -> dict[str, np.ndarray]:
    """Read a MEME (minimal) motif file into probability matrices.

    Parameters
    ----------
    path : str or path-like
        MEME file with ``letter-probability matrix`` blocks over the DNA alphabet.

    Returns
    -------
    motifs : dict of str -> ndarray of shape (4, width)
        Keyed by the rest of each ``MOTIF`` line (identifier and alternate name joined by one
        space, as memelite reads them, e.g. ``"MA0004.1 Arnt"``), in file order. Columns are
        re-normalised to sum to 1 (MEME files store rounded probabilities).

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file holds no motif, a motif is not over 4 letters, or a name repeats.
    """
    from memelite.io import read_meme as _read

    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"path: MEME file {path!r} does not exist.")
    with open(path) as fh:
        text = fh.read()
    alengths = {int(a) for a in re.findall(r"alength=\s*(\d+)", text)}
    if alengths - {4}:
        raise ValueError(f"path: {path!r} has motifs over {sorted(alengths)} letters; need 4.")
    ids = [" ".join(line[5:].split()) for line in text.splitlines() if line[:5] == "MOTIF"]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"path: {path!r} repeats motif names {repeated}.")
    try:
        raw = _read(path)
    except (ValueError, AttributeError, IndexError) as exc:
        raise ValueError(f"path: could not parse {path!r} as a MEME file: {exc}") from exc
    if not raw:
        raise ValueError(f"path: no motifs found in {path!r} (is it a MEME file?).")
    return {name: _as_ppm(m, name=name, argname="path") for name, m in raw.items()}


def write_meme(
    motifs: Mapping[str, ArrayLike] | Sequence[ArrayLike] | np.ndarray, path: str | os.PathLike[str]
) -> None:
    """Write probability matrices to a MEME (minimal, version 4) file.

    The file is readable by :func:`read_meme`, memelite (Tomtom, FIMO) and the MEME suite.

    Parameters
    ----------
    motifs : dict of str -> array-like of shape (4, width), or sequence of such arrays
        Matrices, rows A, C, G, T. Columns are divided by their sums, so count matrices are
        accepted. A sequence is named ``"0"``, ``"1"``, ... (memelite's convention).
    path : str or path-like
        Output file (overwritten).

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_glifac.motifs import load_motifs, read_meme, write_meme
    >>> motifs = load_motifs(["MA0095"])
    >>> path = os.path.join(tempfile.mkdtemp(), "yy1.meme")
    >>> write_meme(motifs, path)
    >>> list(read_meme(path))
    ['Yy1']
    """
    from memelite.io import write_meme as _write

    if not isinstance(motifs, Mapping):
        if isinstance(motifs, np.ndarray) and motifs.ndim == 3:
            motifs = list(motifs)
        if not isinstance(motifs, (list, tuple)):
            raise TypeError(
                f"motifs must be a dict name -> (4, width) matrix or a sequence of matrices, "
                f"got {type(motifs).__name__}."
            )
        motifs = {str(i): m for i, m in enumerate(motifs)}
    motifs = check_motifs(motifs)
    for name in motifs:
        if "\n" in name or not name.strip():
            raise ValueError(f"motifs: name {name!r} cannot be written on a MOTIF line.")
    _write(os.fspath(path), motifs)
