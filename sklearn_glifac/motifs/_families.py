"""TF families and classes from the bundled JASPAR database, dimer names, and the reference set
of known TF pairs (JASPAR CORE dimer matrices or a user TSV).

TF names are compared upper-cased everywhere here: JASPAR spells mouse matrices in title case
(``Pou5f1::Sox2``, ``Mafb``) and human ones in upper case (``POU5F1``, ``MAFB``), and the
orthologues share a symbol up to case, so ``Pou5f1`` and ``POU5F1`` are one TF. Returned TF
columns hold the upper-cased symbols; the ``motif`` column keeps the name as given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ._annotation import FilterAnnotation
from ._io import DEFAULT_RELEASE, _check_release, _jaspar_db, _name_rank, _Record

__all__ = ["group_filters", "load_reference_pairs", "motif_families", "split_dimer"]

_ID = re.compile(r"^[A-Za-z]{2}\d{4}\.\d+$")
_ID_BASE = re.compile(r"^[A-Za-z]{2}\d{4}(\.\d+)?$")
# load_jaspar_collection keys a repeated name "<name>_<matrix ID>" (e.g. "CTCF_MA1929.2")
_KEY_SUFFIX = re.compile(r"^(?P<name>.+)_(?P<id>[A-Za-z]{2}\d{4}\.\d+)$")
_COLUMNS = ["motif", "tf", "tf_family", "tf_class", "matrix_id"]


def split_dimer(name: str) -> tuple[str, ...]:
    """Split a motif name into its TFs: ``"A::B"`` -> ``("A", "B")``, ``"A"`` -> ``("A",)``.

    JASPAR names heterodimer matrices ``A::B`` (``Pou5f1::Sox2``, ``MAFG::NFE2L1``). The
    ``"_<matrix ID>"`` suffix that :func:`load_jaspar_collection` gives repeated names
    (``"CTCF_MA1929.2"``) and a leading matrix ID of MEME-file names (``"MA0142.1
    Pou5f1::Sox2"``) are removed first. Case is kept.

    Parameters
    ----------
    name : str
        Motif name.

    Returns
    -------
    tfs : tuple of str
        One entry per TF, in the order of the name.

    Examples
    --------
    >>> split_dimer("Pou5f1::Sox2")
    ('Pou5f1', 'Sox2')
    >>> split_dimer("CTCF_MA1929.2")
    ('CTCF',)
    """
    base = _base_name(name)
    tfs = tuple(part.strip() for part in base.split("::"))
    if any(not t for t in tfs):
        raise ValueError(f"name: {name!r} has an empty TF name between '::' separators.")
    return tfs


def _base_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"name must be a non-empty string, got {name!r}.")
    name = name.strip()
    parts = name.split()
    if len(parts) == 2 and _ID.match(parts[0]):  # MEME key "MA0142.1 Pou5f1::Sox2"
        name = parts[1]
    match = _KEY_SUFFIX.match(name)
    return match["name"] if match else name


# ----------------------------------------------------------------------------------------------
# JASPAR family and class annotations
# ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _jaspar_annotations(
    release: str,
) -> dict[str, tuple[_Record, tuple[str, ...], tuple[str, ...]]]:
    """matrix ID -> (record without matrix, families, classes), latest versions of CORE and
    UNVALIDATED, read with SQL from pyjaspar's bundled SQLite (building pyjaspar's Motif objects
    for ~3,000 matrices takes tens of seconds; the three tables take well under one)."""
    conn = _jaspar_db(release).conn
    latest: dict[str, tuple[Any, ...]] = {}
    for int_id, collection, base_id, version, name in conn.execute(
        "SELECT ID, COLLECTION, BASE_ID, VERSION, NAME FROM MATRIX "
        "WHERE COLLECTION IN ('CORE', 'UNVALIDATED')"
    ):
        if base_id not in latest or int(version) > int(latest[base_id][3]):
            latest[base_id] = (int_id, collection, base_id, version, name)
    tags: dict[tuple[Any, str], list[str]] = {}
    for int_id, tag, val in conn.execute(
        "SELECT ID, TAG, VAL FROM MATRIX_ANNOTATION WHERE TAG IN ('family', 'class', "
        "'tax_group') ORDER BY LOCAL_ID"
    ):
        tags.setdefault((int_id, tag.lower()), []).append(val)
    species: dict[Any, list[str]] = {}
    for int_id, tax_id in conn.execute("SELECT ID, TAX_ID FROM MATRIX_SPECIES"):
        species.setdefault(int_id, []).append(tax_id)
    out = {}
    for int_id, collection, base_id, version, name in latest.values():
        record = _Record(
            matrix_id=f"{base_id}.{version}",
            name=name,
            collection=collection,
            tax_group=(tags.get((int_id, "tax_group")) or [""])[0],
            species=tuple(species.get(int_id, ())),
            ppm=None,  # type: ignore[arg-type]  # family tables need no matrix
        )
        families = tuple(tags.get((int_id, "family"), ()))
        classes = tuple(tags.get((int_id, "class"), ()))
        out[record.matrix_id] = (record, families, classes)
    return out


@lru_cache(maxsize=4)
def _jaspar_by_name(release: str) -> tuple[dict[str, str], dict[str, str]]:
    """Upper-cased motif name -> matrix ID of the preferred matrix (as :func:`load_motifs`)."""
    groups: dict[str, list[_Record]] = {}
    for record, _, _ in _jaspar_annotations(release).values():
        groups.setdefault(record.name.upper(), []).append(record)
    by_base = {}
    for matrix_id in _jaspar_annotations(release):
        by_base[matrix_id.split(".")[0].upper()] = matrix_id  # latest versions only: unique
    best = {k: min(v, key=lambda r: _name_rank(r, r.name)).matrix_id for k, v in groups.items()}
    return best, by_base


def _jaspar_rows(name: str, release: str) -> list[tuple[Any, ...]] | None:
    """Rows (motif, tf, family, class, matrix_id) of one motif name, or None when unknown."""
    annotations = _jaspar_annotations(release)
    best, by_base = _jaspar_by_name(release)
    stripped = name.strip()
    parts = stripped.split()
    match = _KEY_SUFFIX.match(stripped)
    matrix_id = None
    if len(parts) == 2 and _ID.match(parts[0]):
        matrix_id = parts[0]
    elif match:
        matrix_id = match["id"]
    elif _ID_BASE.match(stripped):
        matrix_id = stripped
    if matrix_id is not None:
        matrix_id = matrix_id.upper()
        if matrix_id not in annotations:  # an older version or a base ID: its latest version
            matrix_id = by_base.get(matrix_id.split(".")[0])
    else:
        matrix_id = best.get(_base_name(stripped).upper())
    if matrix_id is None:
        return None
    record, families, classes = annotations[matrix_id]
    tfs = split_dimer(record.name)
    rows = []
    for i, tf in enumerate(tfs):
        # one family per half of a dimer; a monomer may list several (taken together)
        if len(tfs) > 1:
            fam = families[i] if i < len(families) else None
            cls = classes[i] if i < len(classes) else None
        else:
            fam = "; ".join(families) or None
            cls = "; ".join(classes) or None
        rows.append((name, tf.upper(), fam, cls, matrix_id))
    return rows


def _check_database(database: object, argname: str = "database") -> Any:
    if isinstance(database, str) and database.lower() == "jaspar":
        return "jaspar"
    if isinstance(database, pd.DataFrame):
        missing = {"motif", "tf_family"} - set(database.columns)
        if missing:
            raise ValueError(
                f"{argname}: a DataFrame needs the columns 'motif' and 'tf_family' (and "
                f"optionally 'tf_class'); it lacks {sorted(missing)}."
            )
        return database
    if isinstance(database, Mapping):
        values = list(database.values())
        if values and not all(isinstance(v, str) or v is None for v in values):
            raise ValueError(
                f"{argname}: a mapping must give each motif name its TF family (a string); this "
                "one maps names to matrices. A motif database of matrices (or a MEME file) "
                "carries no TF family annotation: pass database='jaspar' (filters labelled "
                "against JASPAR) or a mapping motif name -> family."
            )
        return pd.DataFrame({"motif": list(database), "tf_family": values})
    if isinstance(database, (str, os.PathLike)):
        raise ValueError(
            f"{argname}: {os.fspath(database)!r} is not 'jaspar'; a MEME file carries no TF "
            "family annotation. Pass database='jaspar' (filters labelled against JASPAR) or a "
            "mapping motif name -> family."
        )
    raise TypeError(
        f"{argname} must be 'jaspar', a mapping motif name -> family or a DataFrame with "
        f"columns 'motif' and 'tf_family', got {type(database).__name__}."
    )


def motif_families(
    names: str | Iterable[str],
    *,
    database: str | Mapping[str, str] | pd.DataFrame = "jaspar",
    release: str = DEFAULT_RELEASE,
    missing: str = "raise",
) -> pd.DataFrame:
    """TF family and class of motifs, one row per TF (the two halves of a dimer ``A::B``).

    Read offline from pyjaspar's bundled JASPAR database (the ``tf_family`` and ``tf_class``
    annotations of each matrix; a dimer matrix lists one family per half). Names are looked up
    case-insensitively as :func:`load_motifs` does (CORE before UNVALIDATED, vertebrates, human
    before mouse); matrix IDs (``"MA0142.1"``, base IDs = latest version), the
    ``"<name>_<matrix ID>"`` keys of :func:`load_jaspar_collection` and MEME names
    ``"<matrix ID> <name>"`` are accepted, so every label of a filter annotation made with
    ``motifs="jaspar"`` resolves.

    Parameters
    ----------
    names : str or iterable of str
        Motif names (filter labels) or JASPAR matrix IDs.
    database : "jaspar", mapping or DataFrame, default="jaspar"
        Where families come from: the bundled JASPAR, a mapping motif name -> family, or a
        DataFrame with columns ``motif``, ``tf_family`` (and optionally ``tf_class``). A motif
        database of matrices or a MEME file carries no family annotation: ``ValueError``.
    release : str, default="JASPAR2024"
        JASPAR release bundled with pyjaspar.
    missing : {"raise", "nan"}, default="raise"
        Names not in ``database``: ``"raise"`` a ``ValueError`` listing them, or give them one
        row with ``tf_family`` NaN (their TFs from :func:`split_dimer`).

    Returns
    -------
    families : DataFrame
        Columns ``motif`` (as given), ``tf`` (upper-cased symbol), ``tf_family``, ``tf_class``
        (NaN where JASPAR has none, e.g. ``Nrf1``), ``matrix_id`` (NaN outside JASPAR). A
        monomer with several families lists them joined by ``"; "``.

    Examples
    --------
    >>> motif_families(["MAFK", "Pou5f1::Sox2"])[["motif", "tf", "tf_family"]]
              motif      tf            tf_family
    0          MAFK    MAFK          Maf-related
    1  Pou5f1::Sox2  POU5F1   POU domain factors
    2  Pou5f1::Sox2    SOX2  SOX-related factors
    """
    if isinstance(names, str):
        names = [names]
    if not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a string or an iterable of strings, got {names!r}.")
    names = list(names)
    for n in names:
        if not isinstance(n, str) or not n.strip():
            raise TypeError(f"names must contain non-empty strings, got {n!r}.")
    if missing not in ("raise", "nan"):
        raise ValueError(f"missing must be 'raise' or 'nan', got {missing!r}.")
    database = _check_database(database)
    rows, unknown = [], []
    if isinstance(database, str):
        release = _check_release(release)
        for n in names:
            found = _jaspar_rows(n, release)
            if found is None:
                unknown.append(n)
            else:
                rows.extend(found)
    else:
        table = database.drop_duplicates("motif").set_index("motif")
        has_class = "tf_class" in table.columns
        for n in names:
            if n not in table.index:
                unknown.append(n)
                continue
            fam = table.at[n, "tf_family"]
            cls = table.at[n, "tf_class"] if has_class else None
            for tf in split_dimer(n):
                rows.append((n, tf.upper(), fam, cls, None))
    if unknown and missing == "raise":
        where = "the bundled JASPAR" if isinstance(database, str) else "database"
        raise ValueError(
            f"names: {len(unknown)} motif(s) not in {where}: {sorted(set(unknown))}. Family "
            "annotations need JASPAR names or IDs (filters labelled with motifs='jaspar'), or "
            "pass database= a mapping motif name -> family."
        )
    for n in unknown:
        rows.extend((n, tf.upper(), None, None, None) for tf in split_dimer(n))
    order = {n: i for i, n in enumerate(dict.fromkeys(names))}
    out = pd.DataFrame(rows, columns=_COLUMNS)
    out = out.assign(_o=out["motif"].map(order)).sort_values("_o", kind="stable")
    out = out.drop(columns="_o").drop_duplicates().reset_index(drop=True)
    return out.replace({None: np.nan})


def _labels_of(annotation_or_labels: FilterAnnotation | Sequence[str]) -> list[str]:
    if isinstance(annotation_or_labels, FilterAnnotation):
        return list(annotation_or_labels.labels)
    if isinstance(annotation_or_labels, str) or not hasattr(annotation_or_labels, "__iter__"):
        raise TypeError(
            "annotation_or_labels must be a FilterAnnotation or a sequence of filter labels "
            f"('' = unlabelled), got {annotation_or_labels!r}."
        )
    labels = list(annotation_or_labels)
    for lab in labels:
        if not isinstance(lab, str):
            raise TypeError(f"filter labels must be strings ('' = unlabelled), got {lab!r}.")
    return labels


def group_filters(
    annotation_or_labels: FilterAnnotation | Sequence[str],
    *,
    level: str = "motif",
    database: str | Mapping[str, str] | pd.DataFrame = "jaspar",
    release: str = DEFAULT_RELEASE,
) -> pd.DataFrame:
    """Give each labelled filter a redundancy group: its motif, its TFs or its TF families.

    Filters in one group detect the same thing; pairs of them are redundancy, not interactions.

    Parameters
    ----------
    annotation_or_labels : FilterAnnotation or sequence of str
        Filter labels (``""`` = unlabelled).
    level : {"motif", "tf", "family"}, default="motif"
        ``"motif"``: the label itself; ``"tf"``: the upper-cased TFs of the label (a dimer
        ``A::B`` gives ``"A::B"`` split into both); ``"family"``: the JASPAR families of those
        TFs (from :func:`motif_families`).
    database, release
        Family source, as in :func:`motif_families` (used for ``level="family"`` only). Labels
        outside it raise ``ValueError`` naming them.

    Returns
    -------
    groups : DataFrame of shape (n_filters, 3)
        Columns ``filter`` (index), ``label`` and ``group``: a tuple of the group names (two for
        a dimer at TF or family level, sorted), empty for unlabelled filters and, at family
        level, for TFs JASPAR gives no family. Two filters are redundant when their groups
        share a name.

    Examples
    --------
    >>> g = group_filters(["MAF", "", "Mafb", "Pou5f1::Sox2"], level="family")
    >>> g["group"].tolist()
    [('Maf-related',), (), ('Maf-related',), ('POU domain factors', 'SOX-related factors')]
    """
    labels = _labels_of(annotation_or_labels)
    if level not in ("motif", "tf", "family"):
        raise ValueError(f"level must be 'motif', 'tf' or 'family', got {level!r}.")
    units = _filter_units(labels, level, database=database, release=release, missing="raise")
    return pd.DataFrame(
        {"filter": np.arange(len(labels)), "label": labels, "group": [tuple(u) for u in units]}
    )


def _filter_units(
    labels: Sequence[str],
    level: str,
    *,
    database: str | Mapping[str, str] | pd.DataFrame = "jaspar",
    release: str = DEFAULT_RELEASE,
    missing: str = "raise",
) -> list[tuple[str, ...]]:
    """Sorted tuple of units (label, TFs or families) per filter; () when unlabelled."""
    if level == "motif":
        return [(lab,) if lab else () for lab in labels]
    named = sorted({lab for lab in labels if lab})
    if level == "tf":
        tfs = {lab: tuple(sorted({t.upper() for t in split_dimer(lab)})) for lab in named}
        return [tfs[lab] if lab else () for lab in labels]
    fam = (
        motif_families(named, database=database, release=release, missing=missing)
        if named
        else None
    )
    by_label = {}
    if fam is not None:
        for lab, rows in fam.groupby("motif", sort=False):
            by_label[lab] = tuple(sorted({f for f in rows["tf_family"] if isinstance(f, str)}))
    return [by_label.get(lab, ()) if lab else () for lab in labels]


def tf_family_map(
    names: Iterable[str],
    *,
    database: str | Mapping[str, str] | pd.DataFrame = "jaspar",
    release: str = DEFAULT_RELEASE,
) -> dict[str, frozenset[str]]:
    """Upper-cased TF -> frozenset of families (missing names: empty), for the pair tables."""
    fam = motif_families(names, database=database, release=release, missing="nan")
    out: dict[str, set[str]] = {}
    for tf, f in zip(fam["tf"], fam["tf_family"]):
        out.setdefault(tf, set())
        if isinstance(f, str):
            out[tf].add(f)
    return {k: frozenset(v) for k, v in out.items()}


# ----------------------------------------------------------------------------------------------
# Reference pairs
# ----------------------------------------------------------------------------------------------


def _sorted_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@lru_cache(maxsize=8)
def _jaspar_dimer_pairs(
    release: str, tax_group: str | None, level: str
) -> tuple[tuple[str, str, str], ...]:
    rows: dict[tuple[str, str], list[str]] = {}
    for matrix_id, (record, families, _) in sorted(_jaspar_annotations(release).items()):
        if record.collection != "CORE" or "::" not in record.name:
            continue
        if tax_group is not None and record.tax_group != tax_group:
            continue
        tfs = [t.upper() for t in split_dimer(record.name)]
        if level == "family":
            tfs = list(families)
        if len(tfs) != 2 or tfs[0] == tfs[1]:
            continue
        key = _sorted_pair(*tfs)
        rows.setdefault(key, []).append(f"{matrix_id} {record.name}")
    return tuple((a, b, "JASPAR " + ", ".join(src)) for (a, b), src in sorted(rows.items()))


def _read_pair_tsv(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    try:
        table = pd.read_csv(path, sep="\t", header=None, comment="#", dtype=str)
    except pd.errors.EmptyDataError:
        raise ValueError(f"source: {os.fspath(path)!r} holds no TF pair.") from None
    if table.shape[1] < 2:
        raise ValueError(
            f"source: {os.fspath(path)!r} must have two tab-separated columns (TF A, TF B), "
            f"got {table.shape[1]}."
        )
    table = table.iloc[:, :2].dropna(how="all")
    first = [str(v).strip().lower() for v in table.iloc[0]] if len(table) else []
    if first == ["tf_a", "tf_b"]:
        table = table.iloc[1:]
    if table.isna().any().any():
        raise ValueError(f"source: {os.fspath(path)!r} has rows with one TF name missing.")
    return [(str(a).strip(), str(b).strip()) for a, b in table.itertuples(index=False)]


def load_reference_pairs(
    source: str | os.PathLike[str] = "jaspar",
    *,
    level: str = "tf",
    vocabulary: Iterable[str] | str | None = None,
    release: str = DEFAULT_RELEASE,
    tax_group: str | None = None,
) -> pd.DataFrame:
    """A reference set of known cooperating TF pairs (unordered).

    ``source="jaspar"``: the pairs of the heterodimer matrices ``A::B`` of JASPAR CORE in the
    bundled release (latest version of each matrix; all taxonomic groups by default). JASPAR2024
    holds 81 such matrices giving 73 distinct pairs (76 matrices and 68 pairs in the vertebrates
    group alone), e.g. POU5F1-SOX2 (``Pou5f1::Sox2``), MAF-NFE2, BACH1-MAFK. Names are
    upper-cased, so the mouse ``Pou5f1::Sox2`` and a human ``POU5F1::SOX2`` are one pair.

    Parameters
    ----------
    source : "jaspar" or path-like, default="jaspar"
        The bundled JASPAR, or a tab-separated file of pairs: two columns (TF A, TF B), one pair
        a line, optional header ``tf_a<TAB>tf_b``, ``#`` comments; extra columns are ignored.
    level : {"tf", "family"}, default="tf"
        ``"family"``: pairs of JASPAR TF families (the families JASPAR gives a dimer's two
        halves; a dimer inside one family, such as ``STAT1::STAT2``, gives no pair; a TSV's
        names are looked up with :func:`motif_families`).
    vocabulary : iterable of str, "jaspar" or None, default=None
        Known TF names (compared upper-cased; dimer names count as their TFs). A TSV name not in
        it raises ``ValueError`` listing the unknown names; ``"jaspar"``: every TF of the
        bundled JASPAR. None: no check.
    release : str, default="JASPAR2024"
        JASPAR release bundled with pyjaspar.
    tax_group : str or None, default=None
        Restrict ``source="jaspar"`` to one taxonomic group (e.g. ``"vertebrates"``).

    Returns
    -------
    pairs : DataFrame
        Columns ``tf_a``, ``tf_b`` (upper-cased, ``tf_a < tf_b``; families at family level) and
        ``source`` (the JASPAR matrices or the file), one row per distinct pair, sorted.

    Examples
    --------
    >>> pairs = load_reference_pairs()
    >>> len(pairs)
    73
    >>> bool(((pairs.tf_a == "POU5F1") & (pairs.tf_b == "SOX2")).any())
    True
    """
    if level not in ("tf", "family"):
        raise ValueError(f"level must be 'tf' or 'family', got {level!r}.")
    release = _check_release(release)
    if isinstance(source, str) and source.lower() == "jaspar":
        if tax_group is not None and not isinstance(tax_group, str):
            raise TypeError(f"tax_group must be a string or None, got {tax_group!r}.")
        rows = _jaspar_dimer_pairs(release, tax_group, level)
        if not rows:
            raise ValueError(f"tax_group: no JASPAR CORE dimer matrix for {tax_group!r}.")
        return pd.DataFrame(list(rows), columns=["tf_a", "tf_b", "source"])
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be 'jaspar' or a path to a TSV file, got {source!r}.")
    if not os.path.isfile(source):
        raise FileNotFoundError(f"source: {os.fspath(source)!r} is neither 'jaspar' nor a file.")
    raw = _read_pair_tsv(source)
    if vocabulary is not None:
        if isinstance(vocabulary, str) and vocabulary.lower() == "jaspar":
            known = {
                t.upper()
                for record, _, _ in _jaspar_annotations(release).values()
                for t in split_dimer(record.name)
            }
        elif isinstance(vocabulary, str) or not hasattr(vocabulary, "__iter__"):
            raise TypeError(
                f"vocabulary must be an iterable of TF names, 'jaspar' or None, got {vocabulary!r}."
            )
        else:
            known = {t.upper() for v in vocabulary for t in split_dimer(str(v))}
        unknown = sorted({n for pair in raw for n in pair if n.upper() not in known})
        if unknown:
            raise ValueError(
                f"source: {len(unknown)} TF name(s) of {os.fspath(source)!r} are not in the "
                f"vocabulary: {unknown}."
            )
    if level == "family":
        fam = tf_family_map(sorted({n for p in raw for n in p}), release=release)
        missing = sorted({n for p in raw for n in p if not fam.get(n.upper())})
        if missing:
            raise ValueError(
                f"source: no JASPAR family for {missing}; family level needs JASPAR TF names."
            )
        raw = [(fa, fb) for a, b in raw for fa in fam[a.upper()] for fb in fam[b.upper()]]
    pairs: dict[tuple[str, str], Any] = {}
    for a, b in raw:
        a, b = a.upper(), b.upper()
        if a == b:
            if level == "tf":
                raise ValueError(f"source: {os.fspath(source)!r} pairs {a!r} with itself.")
            continue
        pairs.setdefault(_sorted_pair(a, b), None)
    label = os.path.basename(os.fspath(source))
    rows = [(a, b, label) for a, b in sorted(pairs)]
    return pd.DataFrame(rows, columns=["tf_a", "tf_b", "source"])
