"""Entropy-regularised attention study (issue 11, item 7; Jabeen & Ben-Hur 2026).

For ``entropy_weight`` in 0, 0.001, 0.005, 0.01 (the study's values), trains CNN20-Exp on

- ``grammar``: the GLIFAC paper grammar (:func:`~sklearn_glifac.datasets.make_motif_interactions`,
  defaults: 12 motifs, 4 AND pairs, 12 tasks, 200 bp);
- ``tf_pairs``: the study's simulation family
  (:func:`~sklearn_glifac.datasets.make_tf_pair_interactions`, defaults: 20 JASPAR TFs,
  40 pairs at 8-14 bp spacings, one label, 300 bp);

and measures, on the test split, the attention row entropy (nats; mean over heads and query
rows, so ``log(pooled_len)`` is a uniform row), the fraction of attended position pairs (head-max
attention above the 0.1 threshold), and every interaction method's TF-pair precision / recall /
F1 and AUROC / AUPR (:func:`~sklearn_glifac.experiments.compare_interaction_methods`).

Budget (two shared cores, about 50 minutes for everything): ``N_SAMPLES`` = 20,000 sequences
per data set (70/10/20 split), at most ``MAX_EPOCHS`` = 8 epochs (best validation AUPR kept),
one torch thread, seed 0 (more seeds: ``--seeds 0 1``). The fast methods (local attention,
SATORI's test, GLIFAC) read all 4,000 test sequences; the attribution variants read a seeded
subsample of ``ATTR_SEQUENCES``; FIS and DFIM one of ``SLOW_SEQUENCES`` (30 grammar, 10 TF-pair
sequences: they cost thousands of forward passes per sequence); GIA uses the defaults of
``compare_interaction_methods`` (50 backgrounds, spacings 4 and 10). The phases run in order
(fast methods with the training of every model, attributions, GIA, FIS/DFIM), so an
interrupted run still has the headline numbers.

Resumable: one CSV row per data x weight x seed x method in ``results/entropy_study.csv``;
finished rows are skipped, trained networks are cached in ``CACHE`` (pickles, not committed).

Run: ``python benchmarks/entropy_study.py [--data grammar tf_pairs] [--seeds 0]``; then
``python benchmarks/entropy_study.py --report`` writes ``docs/_static/entropy_study.rst`` (the
tables of the user guide) and ``docs/_static/entropy_study.png`` from the CSV.
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

from sklearn_glifac.datasets import (
    make_motif_interactions,
    make_tf_pair_interactions,
    train_val_test_split,
)
from sklearn_glifac.experiments import compare_interaction_methods
from sklearn_glifac.models import ConvAttentionClassifier

WEIGHTS = (0.0, 0.001, 0.005, 0.01)
N_SAMPLES = int(os.environ.get("ENTROPY_STUDY_N", 20_000))  # smaller: smoke tests
MAX_EPOCHS = int(os.environ.get("ENTROPY_STUDY_EPOCHS", 8))
PRESET = "CNN20-Exp"
THRESHOLD = 0.1
ATTR_SEQUENCES = 200
SLOW_SEQUENCES = {"grammar": 30, "tf_pairs": 10}  # FIS/DFIM: 300 bp, 20 TFs cost more
PHASES = (
    (("local_attention", "satori", "glifac"), None),
    (("local_attention_attribution", "glifac_attribution"), ATTR_SEQUENCES),
    (("gia",), None),
    (("fis", "dfim"), SLOW_SEQUENCES),
)
OUT = Path(
    os.environ.get("ENTROPY_STUDY_OUT", Path(__file__).parent / "results" / "entropy_study.csv")
)
CACHE = Path(os.environ.get("ENTROPY_STUDY_CACHE", "/tmp/entropy_study_cache"))
KEY = ["data", "entropy_weight", "seed", "method"]
DOCS = Path(__file__).parents[1] / "docs" / "_static"
MAP_STATS = ["classification_aupr", "epochs", "row_entropy", "uniform_entropy",
             "fraction_attended", "max_attention"]  # fmt: skip
METHOD_ORDER = ["local_attention", "satori", "glifac", "local_attention_attribution",
                "glifac_attribution", "fis", "dfim", "gia"]  # fmt: skip


def load(name, seed):
    make = make_motif_interactions if name == "grammar" else make_tf_pair_interactions
    data = make(N_SAMPLES, random_state=seed)
    return data, train_val_test_split(data.X, data.y, random_state=seed)


def _lock_path():
    CACHE.mkdir(parents=True, exist_ok=True)
    return CACHE / "csv.lock"  # outside the repository


def done_keys():
    if not OUT.exists():
        return set()
    with open(_lock_path(), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        table = pd.read_csv(OUT)
    return {(d, float(w), int(s), m) for d, w, s, m in table[KEY].itertuples(index=False)}


def append(rows):
    """Append rows to the CSV under a lock (two processes may share it)."""
    OUT.parent.mkdir(exist_ok=True)
    with open(_lock_path(), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        header = not OUT.exists()
        pd.DataFrame(rows).to_csv(OUT, mode="a", header=header, index=False)


def model(name, weight, seed, split):
    """Train (or load the cached) network; returns it with its summary statistics."""
    path = CACHE / f"{name}_{weight}_{seed}.pkl"
    if path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    X_tr, X_va, X_te, y_tr, y_va, y_te = split
    start = time.perf_counter()
    net = ConvAttentionClassifier(
        PRESET, entropy_weight=weight, max_epochs=MAX_EPOCHS, train_split=(X_va, y_va),
        random_state=seed, verbose=0, n_threads=1,
    ).fit(X_tr, y_tr)  # fmt: skip
    stats = {"train_seconds": time.perf_counter() - start, **map_stats(net, X_te, y_te)}
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump((net, stats), fh)
    return net, stats


def map_stats(net, X_te, y_te, threshold=THRESHOLD):
    """Test AUPR, epochs and the attention maps' sparsity (entropy in nats) on the test split."""
    maps = net.attention_maps(X_te).astype(np.float64)  # (n, heads, L, L)
    row_entropy = -(maps * np.log(maps + 1e-10)).sum(-1)  # (n, heads, L)
    return {
        "classification_aupr": net.score(X_te, y_te),
        "epochs": len(net.history),
        "pooled_len": maps.shape[-1],
        "row_entropy": float(row_entropy.mean()),
        "uniform_entropy": float(np.log(maps.shape[-1])),
        "fraction_attended": float((maps.max(axis=1) > threshold).mean()),
        "max_attention": float(maps.max(axis=(1, 2, 3)).mean()),
    }


def _list_table(title, header, rows):
    lines = [f".. list-table:: {title}", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        lines += [f"   * - {row[0]}", *(f"     - {cell}" for cell in row[1:])]
    return "\n".join(lines) + "\n"


def report():
    """Write the docs tables and figure from the CSV (means over seeds)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = pd.read_csv(OUT)
    weights = sorted(table.entropy_weight.unique())
    per_model = table.groupby(["data", "entropy_weight", "seed"])[MAP_STATS].first()
    maps = per_model.groupby(["data", "entropy_weight"]).mean()
    n_seeds = table.groupby("data").seed.nunique()
    rows = [
        [d, f"{w:g}", f"{r.classification_aupr:.3f}", f"{r.row_entropy:.3f}",
         f"{r.uniform_entropy:.3f}", f"{r.fraction_attended:.3f}", f"{r.max_attention:.3f}"]
        for (d, w), r in maps.iterrows()
    ]  # fmt: skip
    header = ["data", "entropy weight", "test AUPR", "row entropy", "uniform row",
              "fraction > 0.1", "mean max attention"]  # fmt: skip
    text = _list_table("Attention maps on the test split (entropy in nats)", header, rows)
    scores = table.groupby(["data", "method", "entropy_weight"])[
        ["precision", "recall", "auroc", "n_sequences"]
    ].mean()
    rows = []
    for d in sorted(table.data.unique()):
        for m in [m for m in METHOD_ORDER if m in table.method.values]:
            cells = []
            for w in weights:
                key = (d, m, w)
                if key in scores.index:
                    r = scores.loc[key]
                    cells.append(f"{r.precision:.2f} / {r.recall:.2f} / {r.auroc:.2f}")
                else:
                    cells.append("not run")
            n = int(scores.loc[(d, m)].n_sequences.max()) if (d, m) in scores.index else 0
            seeds = table[(table.data == d) & (table.method == m)].seed.unique()
            rows.append([d, m, str(n), ", ".join(map(str, sorted(seeds))), *cells])
    header = ["data", "method", "sequences", "seeds", *(f"weight {w:g}" for w in weights)]
    text += "\n" + _list_table(
        "TF-pair precision / recall / AUROC per method and entropy weight", header, rows
    )
    seeds = ", ".join(f"{d} {k}" for d, k in n_seeds.items())
    text += f"\nTrained seeds: {seeds}; every cell is a mean over the seeds that finished it.\n"
    (DOCS / "entropy_study.rst").write_text(text)

    data_sets = sorted(table.data.unique())
    colors = dict(zip(METHOD_ORDER, plt.get_cmap("tab10").colors))
    styles = {m: "--" if "attribution" in m else "-" for m in METHOD_ORDER}
    fig, axes = plt.subplots(2, len(data_sets), figsize=(5 * len(data_sets), 7),
                             layout="constrained", squeeze=False)  # fmt: skip
    for k, d in enumerate(data_sets):
        ax = axes[0, k]
        sub = maps.loc[d]
        x = np.arange(len(sub))
        ax.plot(x, sub.row_entropy / sub.uniform_entropy, "o-", label="row entropy / uniform")
        ax.plot(x, sub.fraction_attended, "s-", label="fraction > 0.1")
        ax.plot(x, sub.max_attention, "^-", label="mean max attention")
        ax.plot(x, sub.classification_aupr, "kx:", label="test AUPR")
        ax.set_xticks(x, [f"{w:g}" for w in sub.index])
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{d}: attention maps")
        if k == 0:
            ax.legend(frameon=False, fontsize=8)
        ax = axes[1, k]
        for m in [m for m in METHOD_ORDER if (d, m) in scores.index]:
            prec = scores.loc[(d, m)].precision.reindex(sub.index)
            ax.plot(x, prec, marker="o", ls=styles[m], color=colors[m], label=m)
        ax.set_xticks(x, [f"{w:g}" for w in sub.index])
        ax.set_xlabel("entropy weight")
        ax.set_ylabel("TF-pair precision")
        ax.set_ylim(-0.02, 1.05)
        ax.set_title(f"{d}: precision of reported pairs")
    handles = [plt.Line2D([], [], marker="o", ls=styles[m], color=colors[m]) for m in METHOD_ORDER]
    fig.legend(handles, METHOD_ORDER, loc="outside lower center", ncol=4, frameon=False,
               fontsize=8)  # fmt: skip
    fig.savefig(DOCS / "entropy_study.png", dpi=110)
    print((DOCS / "entropy_study.rst").read_text())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", nargs="+", default=["grammar", "tf_pairs"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--phases", nargs="+", type=int, default=list(range(len(PHASES))))
    parser.add_argument("--report", action="store_true", help="write the docs table and figure")
    args = parser.parse_args()
    if args.report:
        return report()
    torch.set_num_threads(1)
    for phase in args.phases:
        methods, max_sequences = PHASES[phase]
        for name in args.data:
            n_max = max_sequences[name] if isinstance(max_sequences, dict) else max_sequences
            for seed in args.seeds:
                data, split = load(name, seed)
                X_te = split[2]
                for weight in WEIGHTS:
                    todo = [m for m in methods if (name, weight, seed, m) not in done_keys()]
                    if not todo:
                        continue
                    net, stats = model(name, weight, seed, split)
                    start = time.perf_counter()
                    res = compare_interaction_methods(
                        net, X_te, data.true_interactions, data.motifs, methods=todo,
                        threshold=THRESHOLD, max_sequences=n_max, random_state=seed,
                    )  # fmt: skip
                    table = res.table.assign(
                        data=name, entropy_weight=weight, seed=seed, preset=PRESET,
                        n_samples=N_SAMPLES, **stats,
                    )  # fmt: skip
                    append(table[KEY + [c for c in table.columns if c not in KEY]])
                    print(
                        f"{name} w={weight} seed={seed} {todo}: "
                        f"{time.perf_counter() - start:.0f} s "
                        f"(H={stats['row_entropy']:.3f}, "
                        f"attended={stats['fraction_attended']:.3f}, "
                        f"AUPR={stats['classification_aupr']:.3f})",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
