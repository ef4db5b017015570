"""
Entropy-regularised attention
=============================

Jabeen & Ben-Hur (SATORI-v2) add the attention entropy to the loss,
``BCE + lambda * H``, so that each query position attends to few keys. This example compares a
plain model (``entropy_weight=0``) with a regularised one on the two things the penalty should
change: how sparse the attention maps are, and how precise the TF pairs reported by SATORI's
statistical test are (precision / recall / F1 of unique motif pairs).
"""

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch

from sklearn_glifac.datasets import make_motif_interactions, train_val_test_split
from sklearn_glifac.interactions import LocalAttentionInteractions
from sklearn_glifac.metrics import tf_pair_precision_recall_f1
from sklearn_glifac.models import ConvAttentionClassifier, attention_entropy
from sklearn_glifac.plotting import plot_attention_distributions

TINY = os.environ.get("SKLEARN_GLIFAC_EXAMPLE_SIZE") == "tiny"
N_SAMPLES = 300 if TINY else 10_000
NET = {"max_epochs": 1 if TINY else 20, "verbose": 0}
if TINY:
    NET.update(module__n_filters=8, module__dense_units=16, module__n_heads=2)
WEIGHTS = {"plain attention": 0.0, "entropy-regularised (0.01)": 0.01}

data = make_motif_interactions(n_samples=N_SAMPLES, random_state=4)
X_train, X_valid, X_test, y_train, y_valid, y_test = train_val_test_split(
    data.X, data.y, random_state=4
)

# %%
# Train both models
# -----------------
# Pool 4 leaves 50 positions per sequence, so attention has room to be diffuse or sparse.
nets = {
    name: ConvAttentionClassifier(
        "CNN4-Exp",
        entropy_weight=weight,
        train_split=(X_valid, y_valid),
        random_state=4,
        **NET,
    ).fit(X_train, y_train)
    for name, weight in WEIGHTS.items()
}

# %%
# Sparsity of the attention maps
# ------------------------------
# Row entropy (the penalised quantity, summed over heads) and the share of attention values above
# SATORI's 0.1 threshold, on test sequences.
rows, values = {}, {}
for name, net in nets.items():
    maps = net.attention_maps(X_test[:1000])
    rows[name] = {
        "classification AUPR": net.score(X_test, y_test),
        "attention entropy H": float(attention_entropy(torch.from_numpy(maps))),
        "fraction > 0.1": float((maps.max(axis=1) > 0.1).mean()),
    }
    values[name] = maps.max(axis=1)
plot_attention_distributions(
    values, colors={"plain attention": "tab:blue", "entropy-regularised (0.01)": "tab:green"}
)
plt.show()

# %%
# Precision and recall of TF pairs
# --------------------------------
# SATORI's test: per sequence, the largest attention of each filter pair; foreground versus
# dinucleotide-shuffled background by a one-sided Mann-Whitney U test, Benjamini-Hochberg at 5 %.
# Reported filter pairs are mapped to motif pairs through Tomtom labels.
for name, net in nets.items():
    satori = LocalAttentionInteractions(method="satori", motifs=data.motifs, random_state=4).fit(
        net.transform(X_test)
    )
    p, r, f1 = tf_pair_precision_recall_f1(
        data.true_interactions, satori.interactions_, satori.filter_motifs_, zero_division=0.0
    )
    rows[name].update({"TF-pair precision": p, "TF-pair recall": r, "TF-pair F1": f1})
summary = pd.DataFrame(rows).T
print(summary.round(3).to_string())

fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
metrics = ["TF-pair precision", "TF-pair recall", "TF-pair F1"]
width = 0.38
for k, (name, color) in enumerate(zip(summary.index, ["tab:blue", "tab:green"])):
    ax.bar(
        np.arange(3) + (k - 0.5) * width,
        summary.loc[name, metrics].astype(float),
        width,
        label=name,
        color=color,
    )
ax.set_xticks(range(3), metrics)
ax.set_ylim(0, 1.05)
ax.legend(frameon=False)
ax.set_title("SATORI test, unique motif pairs")
plt.show()
