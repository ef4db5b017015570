"""Filter-to-motif functions moved to :mod:`sklearn_glifac.motifs`; re-exported here for old
import paths (``from sklearn_glifac.interactions import filter_pwms`` keeps working)."""

from ..motifs import (
    filter_pwms,
    match_filters,
    match_motif_names,
    motif_coverage,
    motif_interaction_matrix,
    write_filter_meme,
)

__all__ = [
    "filter_pwms",
    "match_filters",
    "match_motif_names",
    "motif_coverage",
    "motif_interaction_matrix",
    "write_filter_meme",
]
