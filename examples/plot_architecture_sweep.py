"""
Which architectures make attention interpretable?
=================================================

The paper's Appendix E varies one design choice at a time (pool size, heads, normalisation, ...)
and reports classification AUPR next to GLIFAC's AUROC, AUPR and SNR. Because the classifier and
the interaction transformer form one pipeline, that study is a plain
:class:`~sklearn.model_selection.GridSearchCV` with several scorers. Here: pool size x first-layer
activation, on a single validation split.

To run a large sweep on a cluster, wrap ``search.fit`` in
``with joblib.parallel_backend("dask"):`` (see the user guide, "Distributed sweeps with Dask").
"""

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.model_selection import GridSearchCV, ShuffleSplit
from sklearn.pipeline import make_pipeline

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.interactions import GLIFACInteractions
from sklearn_glifac.metrics import make_classification_scorer, make_interaction_scorer
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.plotting import model_colors

TINY = os.environ.get("SKLEARN_GLIFAC_EXAMPLE_SIZE") == "tiny"
N_SAMPLES = 300 if TINY else 8_000
NET = {"max_epochs": 1 if TINY else 12, "verbose": 0}
if TINY:
    NET.update(module__n_filters=8, module__dense_units=16, module__n_heads=2)
POOLS = [20] if TINY else [4, 10, 20]

data = make_motif_interactions(n_samples=N_SAMPLES, random_state=3)

# %%
# One pipeline, one grid, four scorers
# ------------------------------------
pipe = make_pipeline(
    ConvAttentionClassifier("CNN20-Exp", random_state=0, **NET),
    GLIFACInteractions(threshold=0.0 if TINY else 0.1, motifs=data.motifs, random_state=0),
)
grid = {
    "convattentionclassifier__module__pool_size": POOLS,
    "convattentionclassifier__module__activation": ["relu", "exponential"],
}
scoring = {
    "classification AUPR": make_classification_scorer(),
    "GLIFAC AUROC": make_interaction_scorer("auroc", data.true_interactions),
    "GLIFAC AUPR": make_interaction_scorer("aupr", data.true_interactions),
    "GLIFAC SNR": make_interaction_scorer("snr", data.true_interactions),
}
search = GridSearchCV(
    pipe,
    grid,
    scoring=scoring,
    refit=False,
    cv=ShuffleSplit(n_splits=1, test_size=0.25, random_state=0),
)
search.fit(data.X, data.y)

results = pd.DataFrame(search.cv_results_)
results["model"] = [
    f"CNN{p['convattentionclassifier__module__pool_size']}-"
    + ("Exp" if p["convattentionclassifier__module__activation"] == "exponential" else "ReLU")
    for p in results["params"]
]
table = results.set_index("model")[[f"mean_test_{name}" for name in scoring]]
table.columns = list(scoring)
print(table.round(3).to_string())

# %%
# Side by side
# ------------
# Exponential models in green, ReLU models in blue (the paper's colours).
colors = model_colors(table.index)
fig, axes = plt.subplots(1, len(scoring), figsize=(3.2 * len(scoring), 3.4), layout="constrained")
for ax, metric in zip(axes, scoring):
    values = table[metric].to_numpy(dtype=float)
    ax.bar(range(len(table)), np.nan_to_num(values), color=[colors[m] for m in table.index])
    ax.set_xticks(range(len(table)), table.index, rotation=45, ha="right")
    ax.set_title(metric)
    ax.grid(axis="y", alpha=0.3)
plt.show()
