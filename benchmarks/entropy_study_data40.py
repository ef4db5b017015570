"""Entropy-regularised attention on the second study's own setting (issue 19, items 2-3).

The earlier study (``entropy_study.py``) trained CNN20-Exp on the GLIFAC grammar at a fixed
epoch budget. This one follows the second study (Jabeen & Ben-Hur 2026, extending SATORI):

- data: the Data-40 family of :func:`~sklearn_glifac.datasets.make_tf_pair_interactions`
  (20 JASPAR TFs, 40 ground-truth pairs at 8-14 nt, 300 nt, one label), one data set
  (``random_state=0``) of ``N_SAMPLES`` sequences, split 70/10/20;
- model: the ``"SATORI"`` preset (batch norm, softplus, pool 6, layer norm after attention);
- ``entropy_weight`` in 0, 0.001, 0.005, 0.01 and training seeds 0, 1, 2;
- training until the validation AUPR stops improving (early stopping, patience ``PATIENCE``,
  best epoch restored), capped at ``MAX_EPOCHS``.

Budget: two shared cores, 1.9 hours of training for the twelve networks (shared cores) at
``N_SAMPLES`` = 8,000 sequences and a cap of 25 epochs (the earlier run, 4,000 sequences and a
12-epoch cap, is kept in ``results/entropy_study_data40_n4000.csv``; its splits had the label
skew since fixed in ``make_tf_pair_interactions``). Per network, on the test split: the
classification AUPR, the attention row entropy (nats; mean over heads and query rows,
``log(pooled_len)`` is a uniform row), the fraction of head-max attention above 0.1, and the
TF-pair precision / recall / F1 (and AUROC / AUPR) of local attention, SATORI's test and GLIFAC
(all test sequences) and of their attribution variants (``ATTR_SEQUENCES`` seeded sequences),
from :func:`~sklearn_glifac.experiments.compare_interaction_methods`.

Resumable: one CSV row per weight x seed x method in ``results/entropy_study_data40.csv``;
fitted networks are pickled in ``benchmarks/cache/entropy_study_data40/`` (ignored by git), so
``--redo satori`` re-scores one method from the saved networks (e.g. after a change of the test).

Run: ``python benchmarks/entropy_study_data40.py [--seeds 0 1 2]``; a second process with
``--seeds 2 1 0`` works from the other end (a network being trained is locked and skipped by
the other process). ``--report`` writes the
tables (means +- standard deviations over seeds) to ``docs/_static/entropy_study_data40.rst``.
"""

import argparse
import fcntl
import os
import pickle
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from entropy_study import _list_table, map_stats  # the earlier study's table writer and maps

from sklearn_glifac.datasets import make_tf_pair_interactions, train_val_test_split
from sklearn_glifac.experiments import compare_interaction_methods
from sklearn_glifac.models import ConvAttentionClassifier

WEIGHTS = (0.0, 0.001, 0.005, 0.01)
N_SAMPLES = int(os.environ.get("ENTROPY_STUDY_N", 8_000))
MAX_EPOCHS = int(os.environ.get("ENTROPY_STUDY_EPOCHS", 25))
PATIENCE = 3
DATA_SEED = 0
PRESET = "SATORI"
THRESHOLD = 0.1
ATTR_SEQUENCES = 100
METHODS = ("local_attention", "satori", "glifac", "local_attention_attribution",
           "glifac_attribution")  # fmt: skip
ROOT = Path(__file__).parent
OUT = Path(os.environ.get("ENTROPY_STUDY_OUT", ROOT / "results" / "entropy_study_data40.csv"))
CACHE = Path(os.environ.get("ENTROPY_STUDY_CACHE", ROOT / "cache" / "entropy_study_data40"))
KEY = ["entropy_weight", "seed", "method"]
DOCS = ROOT.parent / "docs" / "_static" / "entropy_study_data40.rst"
MAP_STATS = ["classification_aupr", "epochs", "best_epoch", "train_seconds", "row_entropy",
             "uniform_entropy", "fraction_attended", "max_attention"]  # fmt: skip


def load():
    data = make_tf_pair_interactions(N_SAMPLES, random_state=DATA_SEED)
    return data, train_val_test_split(data.X, data.y, random_state=DATA_SEED)


def _lock():
    CACHE.mkdir(parents=True, exist_ok=True)
    return CACHE / "csv.lock"


def read_table():
    if not OUT.exists():
        return None
    with open(_lock(), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return pd.read_csv(OUT)


def done_keys():
    table = read_table()
    if table is None:
        return set()
    return {(float(w), int(s), m) for w, s, m in table[KEY].itertuples(index=False)}


def append(rows):
    OUT.parent.mkdir(exist_ok=True)
    with open(_lock(), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if OUT.exists():
            old = pd.read_csv(OUT)
            keys = set(rows[KEY].itertuples(index=False, name=None))
            old = old[[k not in keys for k in old[KEY].itertuples(index=False, name=None)]]
            rows = pd.concat([old, rows], ignore_index=True)
        rows.sort_values(KEY).to_csv(OUT, index=False)


def model(weight, seed, split):
    """Train (or load the saved) network; returns it with its summary statistics."""
    path = CACHE / f"satori_{weight}_{seed}.pkl"
    if path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    X_tr, X_va, X_te, y_tr, y_va, y_te = split
    start = time.perf_counter()
    net = ConvAttentionClassifier(
        PRESET, entropy_weight=weight, max_epochs=MAX_EPOCHS, train_split=(X_va, y_va),
        callbacks__early_stopping__patience=PATIENCE, random_state=seed, verbose=1,
        n_threads=1,
    ).fit(X_tr, y_tr)  # fmt: skip
    seconds = time.perf_counter() - start
    valid = np.asarray(net.history[:, "valid_aupr"])
    stats = {
        "best_epoch": int(np.argmax(valid)) + 1,
        "train_seconds": seconds,
        **map_stats(net, X_te, y_te, THRESHOLD),
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump((net, stats), fh)
    return net, stats


def _ms(values, digits):
    values = np.asarray(values, dtype=float)
    if len(values) < 2:
        return f"{values.mean():.{digits}f}"
    return f"{values.mean():.{digits}f} ± {values.std(ddof=1):.{digits}f}"


def report():
    """Print the tables (reStructuredText; mean ± sd over the finished seeds)."""
    table = read_table()
    per_model = table.groupby(["entropy_weight", "seed"])[MAP_STATS].first().reset_index()
    rows = []
    for w, sub in per_model.groupby("entropy_weight"):
        rows.append([f"{w:g}", str(len(sub)), _ms(sub.classification_aupr, 3),
                     _ms(sub.row_entropy, 2), _ms(sub.fraction_attended, 3),
                     _ms(sub.max_attention, 2), _ms(sub.epochs, 1),
                     _ms(sub.best_epoch, 1)])  # fmt: skip
    uniform = per_model.uniform_entropy.iloc[0]
    header = ["entropy weight", "seeds", "test AUPR", f"row entropy (uniform {uniform:.2f})",
              "fraction > 0.1", "mean max attention", "epochs", "best epoch"]  # fmt: skip
    text = _list_table("Data-40, SATORI preset: maps on the test split", header, rows)
    weights = sorted(table.entropy_weight.unique())
    rows = []
    for m in [m for m in METHODS if m in table.method.values]:
        cells = []
        for w in weights:
            sub = table[(table.method == m) & (table.entropy_weight == w)]
            cells.append(
                "not run" if sub.empty else
                f"{sub.precision.mean():.2f} / {sub.recall.mean():.2f} / {sub.f1.mean():.2f}"
                f" / {sub.auroc.mean():.2f} / {sub.aupr.mean():.2f}"
            )  # fmt: skip
        rows.append([m, *cells])
    header = ["method", *(f"weight {w:g}" for w in weights)]
    text += "\n" + _list_table(
        "Data-40: TF-pair precision / recall / F1 / AUROC / AUPR (mean over seeds)", header, rows
    )
    if "labelled_filters" in table:
        lab = table.dropna(subset=["labelled_filters"]).groupby("entropy_weight")
        cells = "; ".join(
            f"weight {w:g}: {g.labelled_filters.mean():.1f} / {g.labelled_tfs.mean():.1f}"
            for w, g in lab
        )
        text += (
            f"\nFilters with a Tomtom label (q < 0.05) / distinct TFs among them: {cells} "
            "(of 32 filters and 20 TFs; means over the seeds).\n"
        )
    seeds = table.groupby("entropy_weight").seed.unique()
    text += (
        "\nFinished seeds per weight: "
        + "; ".join(f"{w:g}: {', '.join(map(str, sorted(s)))}" for w, s in seeds.items())
        + ".\n"
    )
    DOCS.write_text(text)
    print(text)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--redo", nargs="+", default=[], help="methods to re-score")
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args()
    if args.report:
        return report()
    torch.set_num_threads(1)
    CACHE.mkdir(parents=True, exist_ok=True)
    data, split = load()
    for seed in args.seeds:
        for weight in WEIGHTS:
            done = done_keys()
            todo = [m for m in args.methods if (weight, seed, m) not in done or m in args.redo]
            if not todo:
                continue
            with open(CACHE / f"satori_{weight}_{seed}.lock", "w") as lock:
                try:  # another process trains this network: leave it to that one
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    print(f"w={weight} seed={seed}: trained by another process", flush=True)
                    continue
                score(weight, seed, todo, data, split)


def score(weight, seed, todo, data, split):
    """Train (or load) one network, score ``todo`` methods on the test split, append rows."""
    X_te = split[2]
    net, stats = model(weight, seed, split)
    start = time.perf_counter()
    res = compare_interaction_methods(
        net, X_te, data.true_interactions, data.motifs, methods=todo,
        threshold=THRESHOLD, max_sequences=ATTR_SEQUENCES, random_state=seed,
    )  # fmt: skip
    labelled = [str(label) for label in res.labels if label]
    rows = res.table.assign(
        entropy_weight=weight, seed=seed, preset=PRESET, n_samples=N_SAMPLES,
        data_seed=DATA_SEED, labelled_filters=len(labelled),
        labelled_tfs=len(set(labelled)), **stats,
    )  # fmt: skip
    append(rows[KEY + [c for c in rows.columns if c not in KEY]])
    print(
        f"w={weight} seed={seed} {todo}: {time.perf_counter() - start:.0f} s scoring, "
        f"{stats['train_seconds']:.0f} s training, {stats['epochs']} epochs "
        f"(H={stats['row_entropy']:.3f}, attended={stats['fraction_attended']:.3f}, "
        f"AUPR={stats['classification_aupr']:.3f})",
        flush=True,
    )


if __name__ == "__main__":
    main()
