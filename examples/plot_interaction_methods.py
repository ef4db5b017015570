"""
Every interaction method on one network
=======================================

The two studies read motif interactions out of a convolution-attention network in eight ways.
:func:`~sklearn_glifac.experiments.compare_interaction_methods` runs them all on one fitted
network and scores them the same way, with each method's cost:

* aggregated **local attention** (SATORI) and **GLIFAC**, on the softmax attention and on its
  integrated-gradients **attribution** (SATORI-v2's ATTNATTR);
* **SATORI's test**: attention given co-occurrence, Mann-Whitney against shuffled sequences;
* **FIS** and **DFIM**: how much the attribution of one filter hit changes when another is
  mutated (attended hit pairs only, or all of them);
* **GIA**: in-silico pair experiments that embed two motifs into background sequences and read
  the interaction term ``f(AB) - f(A) - f(B) + f(none)`` with a bootstrap interval. It needs no
  filter labels: it is how a candidate pair is confirmed when there is no ground truth.
"""

import os

import matplotlib.pyplot as plt
import pandas as pd

from sklearn_glifac.datasets import make_motif_interactions, train_val_test_split
from sklearn_glifac.experiments import compare_interaction_methods
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.plotting import plot_interaction_maps

TINY = os.environ.get("SKLEARN_GLIFAC_EXAMPLE_SIZE") == "tiny"
N_SAMPLES = 300 if TINY else 12_000
NET = {"max_epochs": 1 if TINY else 25, "verbose": 0}
if TINY:
    NET.update(module__n_filters=8, module__dense_units=16, module__n_heads=2)

# %%
# Train on the paper's grammar
# ----------------------------
data = make_motif_interactions(n_samples=N_SAMPLES, random_state=1)
X_train, X_valid, X_test, y_train, y_valid, y_test = train_val_test_split(
    data.X, data.y, random_state=1
)
net = ConvAttentionClassifier(
    "CNN20-Exp", train_split=(X_valid, y_valid), random_state=1, **NET
).fit(X_train, y_train)
print(f"test classification AUPR: {net.score(X_test, y_test):.3f}")

# %%
# Every method, one table
# -----------------------
# The fast methods read every test sequence; attributions, FIS and DFIM (integrated gradients
# per sequence, and per mutated hit for FIS/DFIM) read a subsample. ``relative_cost`` is the
# wall time over that of one forward pass over the same number of sequences.
result = compare_interaction_methods(
    net,
    X_test,
    data.true_interactions,
    data.motifs,
    max_sequences=5 if TINY else 50,
    n_steps=5 if TINY else 20,
    gia_params={"n_background": 10 if TINY else 100, "spacings": (4, 10)},
    random_state=1,
)
table = result.table.set_index("method")
with pd.option_context("display.width", 160, "display.precision", 3):
    print(table)

# %%
# Scores and cost side by side
# ----------------------------
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
table[["auroc", "aupr"]].plot.barh(ax=ax1)
ax1.set_xlim(0, 1)
ax1.set_xlabel("score against the ground truth")
ax1.invert_yaxis()
table["relative_cost"].plot.barh(ax=ax2, logx=True, color="grey")
ax2.set_xlabel("cost (forward passes per sequence)")
ax2.invert_yaxis()
ax2.set_yticklabels([])

# %%
# The in-silico experiments
# -------------------------
# GIA's motif x motif map (signed: AND pairs positive, inhibitions negative), with the
# ground-truth pairs boxed, and its table for the AND pairs: an interval excluding zero
# confirms the pair.
gia = result.estimators["gia"]
plot_interaction_maps({"GIA interaction term": gia.motif_interactions_}, data.true_interactions)
t = gia.interaction_table_
pairs = t[t.motif_a.isin(["ELF1", "GATA1"]) & t.motif_b.isin(["SIX3", "TAL1"])]
best = pairs.loc[pairs.groupby(["motif_a", "motif_b"])["interaction"].idxmax()]
print(best[["motif_a", "motif_b", "spacing", "task", "interaction", "ci_low", "ci_high"]])
plt.show()
