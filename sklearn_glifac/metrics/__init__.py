"""Interaction-recovery scores (AUROC, AUPR, SNR, TPR, PPV, TF-pair F1), bootstrap intervals and
scorer factories.

All interaction metrics take ``(true_interactions, W or reported, filter_labels)`` and share one
set of pair rules; see :func:`interaction_pair_table`.
"""

from ._bootstrap import interaction_score_ci
from ._interaction import (
    ground_truth_pairs,
    interaction_average_precision_score,
    interaction_pair_table,
    interaction_ppv_score,
    interaction_roc_auc_score,
    interaction_snr_score,
    interaction_tpr_score,
    tf_pair_precision_recall_curve,
    tf_pair_precision_recall_f1,
)
from ._interaction_scores import interaction_scores
from ._pairs import filter_pair_scores, symmetrize_interactions
from ._reference import make_reference_scorer, reference_enrichment, reference_precision_at_k
from ._scorer import (
    make_classification_scorer,
    make_interaction_scorer,
    mean_average_precision_score,
    score_interactions,
)

__all__ = [
    "ground_truth_pairs",
    "filter_pair_scores",
    "interaction_roc_auc_score",
    "interaction_average_precision_score",
    "interaction_snr_score",
    "interaction_tpr_score",
    "interaction_ppv_score",
    "interaction_pair_table",
    "interaction_scores",
    "interaction_score_ci",
    "tf_pair_precision_recall_f1",
    "tf_pair_precision_recall_curve",
    "make_interaction_scorer",
    "make_reference_scorer",
    "reference_enrichment",
    "reference_precision_at_k",
    "make_classification_scorer",
    "mean_average_precision_score",
    "score_interactions",
    "symmetrize_interactions",
]
