"""Synthetic DNA with a known motif grammar, motif loading (JASPAR, MEME) and shuffles.

- :func:`make_motif_interactions`: the GLIFAC paper's multi-task data (Appendix A), or any
  motif pool and "and"/"xor" grammar; :func:`make_tf_pair_interactions`: SATORI-v2 style
  single-task data with interacting TF pairs at short spacings.
- The motif matrices they plant come from :mod:`sklearn_glifac.motifs`
  (:func:`~sklearn_glifac.motifs.load_motifs`, the bundled JASPAR release, offline).
- :func:`dinucleotide_shuffle`: null sequences; :func:`train_val_test_split`: 0.7/0.1/0.2 split.
- :func:`fetch_janggu_peaks`: public Oct4 / MafK ChIP-seq peaks, downloaded once into the data
  home (:func:`get_data_home`) and checksummed.
"""

from ._fetch import fetch_janggu_peaks, get_data_home
from ._generators import AUTHORS_PAIR_RATE, GLIFAC_GRAMMAR, make_motif_interactions
from ._shuffle import dinucleotide_shuffle
from ._split import train_val_test_split
from ._tf_pairs import make_tf_pair_interactions

__all__ = [
    "AUTHORS_PAIR_RATE",
    "GLIFAC_GRAMMAR",
    "dinucleotide_shuffle",
    "fetch_janggu_peaks",
    "get_data_home",
    "make_motif_interactions",
    "make_tf_pair_interactions",
    "train_val_test_split",
]
