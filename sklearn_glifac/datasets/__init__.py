"""Synthetic DNA with a known motif grammar, motif loading (JASPAR, MEME) and shuffles.

- :func:`make_motif_interactions`: the GLIFAC paper's multi-task data (Appendix A), or any
  motif pool and "and"/"xor" grammar; :func:`make_tf_pair_interactions`: SATORI-v2 style
  single-task data with interacting TF pairs at short spacings.
- :func:`load_motifs`, :func:`load_jaspar_collection`: probability matrices from the bundled
  JASPAR release (offline); :func:`read_meme`, :func:`write_meme`: MEME files (these live in
  :mod:`sklearn_glifac.motifs` and are re-exported here).
- :func:`dinucleotide_shuffle`: null sequences; :func:`train_val_test_split`: 0.7/0.1/0.2 split.
- :func:`fetch_janggu_peaks`: public Oct4 / MafK ChIP-seq peaks, downloaded once into the data
  home (:func:`get_data_home`) and checksummed.
"""

from ..motifs import (
    AUTHORS_MOTIF_IDS,
    GLIFAC_MOTIF_IDS,
    MOTIF_SETS,
    load_jaspar_collection,
    load_motifs,
    read_meme,
    write_meme,
)
from ._fetch import fetch_janggu_peaks, get_data_home
from ._generators import AUTHORS_PAIR_RATE, GLIFAC_GRAMMAR, make_motif_interactions
from ._shuffle import dinucleotide_shuffle
from ._split import train_val_test_split
from ._tf_pairs import make_tf_pair_interactions

__all__ = [
    "AUTHORS_MOTIF_IDS",
    "AUTHORS_PAIR_RATE",
    "GLIFAC_GRAMMAR",
    "GLIFAC_MOTIF_IDS",
    "MOTIF_SETS",
    "dinucleotide_shuffle",
    "fetch_janggu_peaks",
    "get_data_home",
    "load_jaspar_collection",
    "load_motifs",
    "make_motif_interactions",
    "make_tf_pair_interactions",
    "read_meme",
    "train_val_test_split",
    "write_meme",
]
