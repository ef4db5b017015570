"""What each difference between the authors' network and sklearn-glifac 0.1's does to training.

The authors' Keras network (the default since 0.2) differs from our 0.1 network in six ways
(:data:`sklearn_glifac.models.COMPACT_ARCHITECTURE`). This script trains CNN20-Exp on the
authors' data distribution with the authors' network, with the 0.1 network, and with the
authors' network with one difference reverted at a time, and reports how fast the four AND-pair
tasks (the hard ones) are learned::

    .venv/bin/python benchmarks/ablate_architecture.py                 # 24k training seqs
    .venv/bin/python benchmarks/ablate_architecture.py --n-train 5000 --epochs 2   # smoke run

Writes ``benchmarks/results/architecture_ablation.csv`` (one row per variant and epoch) and
``docs/_static/architecture_ablation.rst`` (the table included in the models guide).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.metrics import average_precision_score
from skorch.callbacks import Callback

from sklearn_glifac.datasets import make_motif_interactions, train_val_test_split
from sklearn_glifac.models import COMPACT_ARCHITECTURE, ConvAttentionClassifier

AND_TASKS = ("ELF1", "SIX3", "GATA1", "TAL1")
LABELS = {
    "conv_bias": "authors' + conv bias",
    "qkv_bias": "authors' + Q/K/V bias",
    "attention_out_dim": "authors', attention output back to 32 features",
    "attention_dropout": "authors' without dropout after attention",
    "dense_bias": "authors' + dense bias",
    "dense_batch_norm": "authors' without BatchNorm after dense",
}


class _PerEpoch(Callback):
    """Mean validation AUPR of the AND tasks and of all tasks after each epoch."""

    def __init__(self, X, y, and_cols, rows, variant):
        self.X, self.y, self.and_cols, self.rows, self.variant = X, y, and_cols, rows, variant

    def on_epoch_end(self, net, **kwargs):
        proba = net.predict_proba(self.X)
        ap = [average_precision_score(self.y[:, t], proba[:, t]) for t in range(self.y.shape[1])]
        self.rows.append(
            {
                "variant": self.variant,
                "epoch": len(net.history),
                "and_aupr": float(np.mean([ap[t] for t in self.and_cols])),
                "mean_aupr": float(np.mean(ap)),
                "seconds": float(net.history[-1, "dur"]),
            }
        )


def variants():
    yield "authors' network (default)", {}
    for key, label in LABELS.items():
        yield label, {key: COMPACT_ARCHITECTURE[key]}
    yield "sklearn-glifac 0.1 network (COMPACT_ARCHITECTURE)", dict(COMPACT_ARCHITECTURE)


def _rst(table):
    lines = [
        ".. list-table:: CNN20-Exp on the authors' data distribution; validation AUPR of the "
        "four AND-pair tasks",
        "   :header-rows: 1",
        "",
        "   * - network",
        "     - trainable parameters",
        "     - s / epoch",
    ]
    epochs = [c for c in table.columns if c.startswith("AND AUPR")]
    lines += [f"     - {c}" for c in epochs] + ["     - mean AUPR (last epoch)"]
    for _, row in table.iterrows():
        lines.append(f"   * - {row['variant']}")
        lines.append(f"     - {int(row['parameters']):,}")
        lines.append(f"     - {row['seconds_per_epoch']:.1f}")
        lines += [f"     - {row[c]:.3f}" for c in epochs]
        lines.append(f"     - {row['mean_aupr']:.3f}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-train", type=int, default=24_000)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--rst", type=Path, default=Path("docs/_static/architecture_ablation.rst"))
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    data = make_motif_interactions(int(round(args.n_train / 0.7)), random_state=args.seed)
    X_tr, X_va, _, y_tr, y_va, _ = train_val_test_split(data.X, data.y, random_state=args.seed)
    and_cols = [data.target_names.index(n) for n in AND_TASKS]
    rows, summary = [], []
    for name, arch in variants():
        params = {f"module__{k}": v for k, v in arch.items()}
        clf = ConvAttentionClassifier(
            "CNN20-Exp",
            max_epochs=args.epochs,
            train_split=(X_va, y_va),
            random_state=args.seed,
            verbose=0,
            callbacks=[("per_epoch", _PerEpoch(X_va, y_va, and_cols, rows, name))],
            **params,
        )
        start = time.perf_counter()
        clf.fit(X_tr, y_tr)
        mine = [r for r in rows if r["variant"] == name]
        entry = {
            "variant": name,
            "parameters": sum(p.numel() for p in clf.module_.parameters()),
            "seconds_per_epoch": (time.perf_counter() - start) / args.epochs,
            "mean_aupr": mine[-1]["mean_aupr"],
        }
        for e in sorted({1, args.epochs // 2, args.epochs} - {0}):
            entry[f"AND AUPR, epoch {e}"] = mine[e - 1]["and_aupr"]
        summary.append(entry)
        print(entry, flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(args.out / "architecture_ablation.csv", index=False)
    table = pd.DataFrame(summary)
    note = (
        f"\n{len(X_tr):,} training sequences (authors' data distribution), batch 100, Adam "
        f"1e-3, seed {args.seed}, one torch thread; ``benchmarks/ablate_architecture.py``.\n"
    )
    args.rst.write_text(_rst(table) + note, encoding="utf-8")
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
