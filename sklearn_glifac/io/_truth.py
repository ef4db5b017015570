"""Ground-truth tables: a motif x motif TSV, motif names as header and first column."""

from __future__ import annotations

import os

import pandas as pd

from ._paths import InputError, existing_file

__all__ = ["read_true_interactions", "write_true_interactions"]


def read_true_interactions(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a ground truth written by :func:`write_true_interactions` (or any square TSV).

    Parameters
    ----------
    path : str or path-like
        Tab-separated motif x motif table: the motif names as header and as first column, in
        the same order; nonzero = interacting (``sklearn-glifac generate`` writes 1 for "and"
        pairs and -1 for "xor" pairs).

    Returns
    -------
    true_interactions : DataFrame of shape (n_motifs, n_motifs)
        Index and columns are the motif names (str).

    Raises
    ------
    InputError
        Missing file, a file that is not a tab-separated table, or header and first column
        that do not name the same motifs in the same order.
    """
    path = existing_file(path, "true-interactions")
    try:
        table = pd.read_csv(path, sep="\t", index_col=0)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path}: could not read a motif x motif TSV: {exc}") from exc
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    if list(table.index) != list(table.columns):
        raise InputError(
            f"{path}: the ground truth must be a square table with the same motif names as "
            "header and first column."
        )
    return table


def write_true_interactions(path: str | os.PathLike[str], true_interactions: pd.DataFrame) -> None:
    """Write a motif x motif ground truth as the TSV :func:`read_true_interactions` reads.

    Parameters
    ----------
    path : str or path-like
        File to write.
    true_interactions : DataFrame of shape (n_motifs, n_motifs)
        Motif names as index and columns.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> truth = pd.DataFrame([[0, 1], [1, 0]], index=["A", "B"], columns=["A", "B"])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "truth.tsv"
    >>> write_true_interactions(path, truth)
    >>> read_true_interactions(path).equals(truth)
    True
    """
    if not isinstance(true_interactions, pd.DataFrame):
        raise TypeError(
            "true_interactions must be a pandas DataFrame (motif x motif), got "
            f"{type(true_interactions).__name__}."
        )
    true_interactions.to_csv(path, sep="\t")
