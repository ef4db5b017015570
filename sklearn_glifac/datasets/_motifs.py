"""Motif loading moved to :mod:`sklearn_glifac.motifs`; re-exported here for old import paths."""

from ..motifs import (
    AUTHORS_MOTIF_IDS,
    GLIFAC_MOTIF_IDS,
    MOTIF_SETS,
    load_jaspar_collection,
    load_motifs,
    read_meme,
    write_meme,
)

__all__ = [
    "AUTHORS_MOTIF_IDS",
    "GLIFAC_MOTIF_IDS",
    "MOTIF_SETS",
    "load_motifs",
    "load_jaspar_collection",
    "read_meme",
    "write_meme",
]
