"""Everything about motifs: loading, filter PWMs, Tomtom labels, motif-level matrices.

- Databases: :func:`load_motifs`, :func:`load_jaspar_collection` (bundled JASPAR, offline),
  :func:`read_meme`, :func:`write_meme`, :func:`check_motifs`, :func:`resolve_motifs`, and the
  GLIFAC motif sets :data:`GLIFAC_MOTIF_IDS` / :data:`AUTHORS_MOTIF_IDS`.
- Filters: :func:`filter_pwms` (activation-based alignment), :func:`information_content`,
  :func:`match_filters` (Tomtom), :func:`random_hits`, :func:`match_motif_names`,
  :func:`rename_true_interactions` (a ground truth in a database's motif names).
- The annotation of a fitted network, computed once and shared by every interaction method:
  :func:`annotate_filters` -> :class:`FilterAnnotation`.
- TF families and known pairs: :func:`motif_families`, :func:`group_filters`,
  :func:`split_dimer`, :func:`load_reference_pairs` (JASPAR CORE dimers or a TSV).
- Motif level: :func:`motif_interaction_matrix`, :func:`motif_coverage`,
  :func:`write_filter_meme`.

:data:`ALPHABET` (``"ACGT"``) is the row order of every matrix here and axis 1 of one-hot DNA.
"""

from ..utils import ALPHABET
from ._annotation import FilterAnnotation, annotate_filters, clear_annotation_cache
from ._families import group_filters, load_reference_pairs, motif_families, split_dimer
from ._io import (
    AUTHORS_MOTIF_IDS,
    GLIFAC_MOTIF_IDS,
    MOTIF_SETS,
    check_motifs,
    load_jaspar_collection,
    load_motifs,
    read_meme,
    resolve_motifs,
    write_meme,
)
from ._matrix import motif_coverage, motif_interaction_matrix, write_filter_meme
from ._pwm import filter_pwms, information_content
from ._tomtom import match_filters, match_motif_names, random_hits
from ._truth import rename_true_interactions

__all__ = [
    "ALPHABET",
    "AUTHORS_MOTIF_IDS",
    "FilterAnnotation",
    "GLIFAC_MOTIF_IDS",
    "MOTIF_SETS",
    "annotate_filters",
    "check_motifs",
    "clear_annotation_cache",
    "filter_pwms",
    "group_filters",
    "information_content",
    "load_jaspar_collection",
    "load_motifs",
    "load_reference_pairs",
    "match_filters",
    "match_motif_names",
    "motif_coverage",
    "motif_families",
    "motif_interaction_matrix",
    "random_hits",
    "read_meme",
    "rename_true_interactions",
    "resolve_motifs",
    "split_dimer",
    "write_filter_meme",
    "write_meme",
]
