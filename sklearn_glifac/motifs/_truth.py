"""A ground truth (motif x motif) renamed to the motif names of a database."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ._tomtom import match_motif_names

__all__ = ["rename_true_interactions"]


def rename_true_interactions(
    true_interactions: pd.DataFrame,
    database_names: Iterable[str],
    *,
    database: str = "the motif database",
) -> pd.DataFrame:
    """The ground truth renamed to a motif database's names, so filter labels can be scored.

    Names are matched as in :func:`match_motif_names` (ignoring case and JASPAR matrix ids; a
    dimer ``"TAL1::TCF3"`` names either partner). A truth motif that matches several database
    motifs (``CTCF`` -> ``CTCF``, ``CTCF_MA1929.2``) gives each of them its row and column; a
    database motif matching two truth motifs (a dimer) takes the first one's.

    Parameters
    ----------
    true_interactions : DataFrame of shape (n_motifs, n_motifs)
        Ground truth, motif names as index and columns; nonzero = interacting.
    database_names : iterable of str
        Motif names of the database (MEME file keys, ``load_jaspar_collection()`` keys).
    database : str, default="the motif database"
        How error messages name the database.

    Returns
    -------
    true_interactions : DataFrame
        The input itself when every name matches exactly one database motif of the same name,
        else a new table indexed by the matching database names.

    Raises
    ------
    ValueError
        If a ground-truth motif matches no database motif (the message names them).

    Examples
    --------
    >>> import pandas as pd
    >>> truth = pd.DataFrame([[0, 1], [1, 0]], index=["CTCF", "TAL1"], columns=["CTCF", "TAL1"])
    >>> rename_true_interactions(truth, ["CTCF_MA1929.2", "TAL1::TCF3"])
                   CTCF_MA1929.2  TAL1::TCF3
    CTCF_MA1929.2              0           1
    TAL1::TCF3                 1           0
    """
    truth = true_interactions
    matches = match_motif_names(truth.index, database_names)
    unmatched = [t for t, found in matches.items() if not found]
    if unmatched:
        raise ValueError(
            f"{len(unmatched)} of {len(truth)} ground-truth motif(s) match no motif in "
            f"{database} (compared ignoring case, JASPAR ids such as _MA1929.2, and reading a "
            f"dimer A::B as either partner): {', '.join(unmatched[:5])}. Use a motif database "
            "that holds them, or rename them in the ground truth."
        )
    if all(found == [t] for t, found in matches.items()):
        return truth
    source_of: dict[str, str] = {}
    for t, found in matches.items():
        for d in found:
            source_of.setdefault(d, t)  # a dimer naming two truth motifs keeps the first
    names = list(source_of)
    rows = [list(truth.index).index(source_of[d]) for d in names]
    values = np.asarray(truth)[np.ix_(rows, rows)]
    return pd.DataFrame(values, index=names, columns=names)
