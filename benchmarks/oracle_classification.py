"""How well can the GLIFAC tasks be classified at all? An oracle that knows the true motifs.

The paper reports a classification AUPR of 0.95-0.97 for all models. Whether a network can
reach that depends on the data: a motif sampled base by base from a weak matrix is often
indistinguishable from background. This script measures the ceiling directly: features are
each true motif's best log-odds score in the sequence (forward strand, as embedded), and one
gradient-boosting classifier per task (which can express the AND/XOR logic) is trained on the
train+validation split and scored on the test split. It compares the two motif sets of
:func:`sklearn_glifac.motifs.load_motifs` and the two data distributions::

    .venv/bin/python benchmarks/oracle_classification.py     # 30,000 sequences, ~1 minute

Writes ``benchmarks/results/oracle_classification.csv`` (one row per setting and task).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.signal import correlate
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score

from sklearn_glifac.datasets import make_motif_interactions, train_val_test_split
from sklearn_glifac.motifs import load_motifs


def best_scores(X, motifs):
    """(n_samples, n_motifs): each motif's best log-odds score over positions."""
    out = []
    for ppm in motifs.values():
        logodds = np.log2((ppm + 1e-3) / 0.25)
        s = sum(correlate(X[:, b, :], logodds[b][None, :], mode="valid") for b in range(4))
        out.append(s.max(axis=1))
    return np.stack(out, axis=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=30_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    args = parser.parse_args(argv)
    rows = []
    for motif_set in ("authors", "latest"):
        for data, pair_rate in (("authors", "authors"), ("independent", 0.0)):
            d = make_motif_interactions(
                args.n_samples,
                motifs=load_motifs(motif_set=motif_set),
                pair_rate=pair_rate,
                random_state=0,
            )
            F = best_scores(d.X, d.motifs)
            F_tr, F_va, F_te, y_tr, y_va, y_te = train_val_test_split(F, d.y, random_state=0)
            F_tr, y_tr = np.concatenate([F_tr, F_va]), np.concatenate([y_tr, y_va])
            for t, task in enumerate(d.target_names):
                clf = HistGradientBoostingClassifier(max_iter=200, random_state=0)
                proba = clf.fit(F_tr, y_tr[:, t]).predict_proba(F_te)[:, 1]
                rows.append(
                    {
                        "motif_set": motif_set,
                        "data": data,
                        "task": task,
                        "positives": float(d.y[:, t].mean()),
                        "oracle_aupr": average_precision_score(y_te[:, t], proba),
                    }
                )
    table = pd.DataFrame(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "oracle_classification.csv", index=False)
    summary = table.groupby(["motif_set", "data"])["oracle_aupr"].agg(["mean", "min", "max"])
    print(summary.round(3).to_string())
    print(table.pivot_table(index="task", columns=["motif_set", "data"], values="oracle_aupr")
          .round(3).to_string())  # fmt: skip


if __name__ == "__main__":
    main()
