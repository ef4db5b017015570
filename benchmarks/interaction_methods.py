"""Every interaction method on one CNN20-Exp network (the numbers of docs/user_guide/
interaction_methods.rst and the README).

Trains CNN20-Exp on the GLIFAC grammar (authors' data distribution) with the paper's protocol
except the size (``N_SAMPLES`` sequences, at most ``MAX_EPOCHS`` epochs), then runs
:func:`~sklearn_glifac.experiments.compare_interaction_methods` on the test split (slow methods
on a subsample) and writes ``results/interaction_methods.csv`` and the GIA intervals of the
grammar pairs to ``results/interaction_methods_gia.csv``.

Run: ``python benchmarks/interaction_methods.py`` (one thread; about 10 minutes on one core).
"""

import sys
import time
from pathlib import Path

import pandas as pd
import torch

from sklearn_glifac.datasets import make_motif_interactions, train_val_test_split
from sklearn_glifac.experiments import compare_interaction_methods
from sklearn_glifac.models import ConvAttentionClassifier

N_SAMPLES = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
MAX_EPOCHS = int(sys.argv[2]) if len(sys.argv) > 2 else 12
MAX_SEQUENCES = 30
OUT = Path(__file__).parent / "results"

torch.set_num_threads(1)
start = time.perf_counter()
data = make_motif_interactions(N_SAMPLES, random_state=0)
X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(data.X, data.y, random_state=0)
net = ConvAttentionClassifier(
    "CNN20-Exp", max_epochs=MAX_EPOCHS, train_split=(X_va, y_va), random_state=0, verbose=0
).fit(X_tr, y_tr)
print(f"trained {len(net.history)} epochs in {time.perf_counter() - start:.0f} s; "
      f"test AUPR {net.score(X_te, y_te):.3f}")  # fmt: skip
res = compare_interaction_methods(
    net, X_te, data.true_interactions, data.motifs, max_sequences=MAX_SEQUENCES,
    gia_params={"n_background": 100, "spacings": (4, 10, 20), "n_bootstrap": 1000},
    random_state=0,
)  # fmt: skip
table = res.table.assign(n_samples=N_SAMPLES, epochs=len(net.history),
                         classification_aupr=net.score(X_te, y_te))  # fmt: skip
OUT.mkdir(exist_ok=True)
table.to_csv(OUT / "interaction_methods.csv", index=False)
gia = res.estimators["gia"].interaction_table_
grammar = [tuple(sorted(p)) for p in (("ELF1", "SIX3"), ("GATA1", "TAL1"), ("ESR1", "FOXN3"),
                                      ("IRF1", "SPI1"))]  # fmt: skip
key = [tuple(sorted(p)) for p in zip(gia.motif_a, gia.motif_b)]
sel = gia[[k in grammar for k in key]]
best = sel.loc[sel.interaction.abs().groupby([sel.motif_a, sel.motif_b]).idxmax()]
best.to_csv(OUT / "interaction_methods_gia.csv", index=False)
with pd.option_context("display.width", 200, "display.precision", 3):
    print(table)
    print(best)
print(f"total {time.perf_counter() - start:.0f} s")
