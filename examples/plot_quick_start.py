"""
Quick start: a Pipeline that trains, interprets and scores
==========================================================

The library's central idea: a convolution-attention classifier and an interaction transformer
form one scikit-learn :class:`~sklearn.pipeline.Pipeline`. Fitting it trains the network and maps
its filters to motifs; ``transform`` returns a filter-by-filter interaction matrix; scorers turn
that matrix into a number, so :class:`~sklearn.model_selection.GridSearchCV` can tune a network
for classification *and* interpretability at once.
"""

import os

import matplotlib.pyplot as plt
import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.interactions import GLIFACInteractions
from sklearn_glifac.metrics import (
    interaction_roc_auc_score,
    make_classification_scorer,
    make_interaction_scorer,
)
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.plotting import plot_interaction_maps

TINY = os.environ.get("SKLEARN_GLIFAC_EXAMPLE_SIZE") == "tiny"
N_SAMPLES = 300 if TINY else 8_000
# Small networks and few epochs keep the example at a few minutes on a CPU.
NET = {"max_epochs": 1 if TINY else 12, "verbose": 0}
if TINY:
    NET.update(module__n_filters=8, module__dense_units=16, module__n_heads=2)

# %%
# Data with a known grammar
# -------------------------
# Twelve JASPAR motifs embedded in random DNA; two AND pairs and two XOR pairs decide the labels.
# ``true_interactions`` is the ground truth we will score against.
data = make_motif_interactions(n_samples=N_SAMPLES, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(data.X, data.y, test_size=0.2, random_state=0)
print(data.X.shape, data.y.shape)
data.true_interactions.loc[["ELF1", "ESR1"], ["SIX3", "FOXN3"]]

# %%
# Train and interpret in one pipeline
# -----------------------------------
pipe = make_pipeline(
    ConvAttentionClassifier(preset="CNN20-Exp", random_state=0, **NET),
    GLIFACInteractions(threshold=0.1, motifs=data.motifs, random_state=0),
)
pipe.fit(X_train, y_train)
W = pipe.transform(X_test)  # ndarray (n_filters, n_filters)
glifac = pipe[-1]
print("filter labels:", [lab or "-" for lab in glifac.filter_motifs_])
print("GLIFAC AUROC:", interaction_roc_auc_score(data.true_interactions, W, glifac.filter_motifs_))

# %%
# The motif-level map: each cell holds the strongest filter-pair correlation between two motifs;
# ground-truth pairs are outlined (solid: AND, dashed: XOR). Grey cells have no filter pair.
plot_interaction_maps({"GLIFAC": glifac.motif_interactions_}, data.true_interactions)
plt.show()

# %%
# Model selection on interpretability
# -----------------------------------
# Interaction scorers read the fitted transformer; the classification scorer reaches the
# classifier step of the same pipeline. One search reports both.
scoring = {m: make_interaction_scorer(m, data.true_interactions) for m in ("auroc", "aupr", "snr")}
scoring["classification_aupr"] = make_classification_scorer()
search = GridSearchCV(
    pipe,
    {
        "convattentionclassifier__module__pool_size": [20] if TINY else [10, 20],
        # A barely trained tiny network has flat attention: nothing exceeds 0.3.
        "glifacinteractions__threshold": [0.05, 0.1] if TINY else [0.1, 0.3],
    },
    scoring=scoring,
    refit="auroc",
    cv=2,
    error_score="raise",
)
search.fit(data.X, data.y)
cols = ["param_convattentionclassifier__module__pool_size", "param_glifacinteractions__threshold"]
cols += [f"mean_test_{name}" for name in scoring]
print(pd.DataFrame(search.cv_results_)[cols].round(3).to_string(index=False))
print("best:", search.best_params_)
