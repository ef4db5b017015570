"""Calibration of the per-pair attention test on data without interactions (issue 15, item 1).

For each scenario and seed: generate data, train a small CNN20-Exp (one thread), read out the
held-out sequences and their dinucleotide-shuffled copies, and count the filter pairs called at
q < 0.05 by :func:`~sklearn_glifac.interactions.attention_pair_test` (``kind="correlation"``,
GLIFAC's ``test=True``; ``kind="activity"``, local attention's ``test=True``), next to the pairs
that the old rules report (GLIFAC's null cutoff, local-attention counts > 0).

Two backgrounds for the test: dinucleotide-shuffled held-out sequences (the transformers'
default), and the held-out sequences' own feature maps with the attention maps of other
held-out sequences (same motif content, attention no longer aligned with it).

Scenarios:

- ``independent``: ``make_motif_interactions(interactions=None, pair_rate=0)``, every motif
  independent, no grammar (negative control);
- ``permuted``: the paper grammar with the training labels permuted (nothing to learn;
  negative control);
- ``grammar``: the paper grammar with its labels (positive control: are the AND / XOR filter
  pairs, filters labelled by Tomtom against the true motifs, among the calls?).

Resumable: rows already in ``results/calibration.csv`` (same scenario and seed) are skipped and
new rows are appended. Run: ``OMP_NUM_THREADS=1 python benchmarks/calibration.py`` (2 to 4
minutes per run on one busy core, 10 runs; ``--shard=0/2`` and ``--shard=1/2`` split the runs
over two processes); ``--summary`` prints the summary of the CSV only.
"""

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from sklearn_glifac.datasets import dinucleotide_shuffle, make_motif_interactions
from sklearn_glifac.interactions import (
    GLIFACInteractions,
    LocalAttentionInteractions,
    attention_pair_test,
)
from sklearn_glifac.models import ArrayReadout, ConvAttentionClassifier
from sklearn_glifac.motifs import annotate_filters

OUT = Path(__file__).parent / "results" / "calibration.csv"
N_TRAIN, N_TEST, MAX_EPOCHS, ALPHA = 4_000, 1_000, 6, 0.05
# Read-outs are kept (not committed) so that other statistics can be tried without retraining.
READOUTS = Path("/tmp/calibration_readouts")
# Interleaved, so that a run cut short still has every scenario.
RUNS = [
    (sc, s)
    for s in range(4)
    for sc in ("independent", "permuted", "grammar")
    if sc != "grammar" or s < 2
]
GRAMMAR = {("ELF1", "SIX3"): "and", ("GATA1", "TAL1"): "and", ("ESR1", "FOXN3"): "xor",
           ("IRF1", "SPI1"): "xor"}  # fmt: skip


def grammar_hits(called, labels):
    """Per grammar pair: is some filter pair labelled with its two motifs among the calls?"""
    out = {}
    for (m1, m2), kind in GRAMMAR.items():
        a = [i for i, lab in enumerate(labels) if lab == m1]
        b = [i for i, lab in enumerate(labels) if lab == m2]
        out[f"{kind}_{m1}_{m2}"] = (
            "no filters" if not (a and b) else str(bool(called[np.ix_(a, b)].any()))
        )
    return out


def run(scenario, seed):
    start = time.perf_counter()
    interactions, pair_rate = (None, 0) if scenario == "independent" else ("glifac", "authors")
    data = make_motif_interactions(
        N_TRAIN + N_TEST, interactions=interactions, pair_rate=pair_rate, random_state=seed
    )
    X_tr, X_te = data.X[:N_TRAIN], data.X[N_TRAIN:]
    y_tr, y_te = data.y[:N_TRAIN], data.y[N_TRAIN:]
    if scenario == "permuted":
        y_tr = y_tr[np.random.default_rng(seed).permutation(N_TRAIN)]
    net = ConvAttentionClassifier(
        "CNN20-Exp", max_epochs=MAX_EPOCHS, n_threads=1, random_state=seed, verbose=0
    ).fit(X_tr, y_tr)
    net_readout = net.transform(X_te)
    readout = ArrayReadout.from_readout(net_readout)  # the network runs once per set
    shuffled = ArrayReadout.from_readout(
        net_readout.with_sequences(dinucleotide_shuffle(X_te, random_state=seed))
    )
    # The same sequences with the attention maps of other sequences: same motif content, but
    # attention no longer aligned with the sequence it is applied to.
    perm = np.random.default_rng(seed).permutation(N_TEST)
    swapped = ArrayReadout(readout.features, readout.attention[perm])
    READOUTS.mkdir(exist_ok=True)
    np.savez_compressed(READOUTS / f"{scenario}_{seed}.npz", features=readout.features,
                        attention=readout.attention, bg_features=shuffled.features,
                        bg_attention=shuffled.attention)  # fmt: skip
    n_filters = readout.n_filters
    upper = np.triu_indices(n_filters, k=1)
    glifac = GLIFACInteractions(random_state=seed).fit(readout)
    local = LocalAttentionInteractions().fit(readout)
    tests = {
        f"{method}_{null}": attention_pair_test(readout, background, kind=kind)
        for method, kind in (("glifac", "correlation"), ("local", "activity"))
        for null, background in (("shuffle", shuffled), ("swap", swapped))
    }
    labels = list(annotate_filters(net_readout, data.motifs).labels)
    row = {
        "scenario": scenario,
        "seed": seed,
        "n_train": N_TRAIN,
        "n_test": N_TEST,
        "epochs": len(net.history),
        "classification_aupr": round(float(net.score(X_te, y_te)), 4),
        "n_pairs": len(upper[0]),
        "n_labelled_filters": sum(bool(lab) for lab in labels),
        "old_glifac_reported": int(glifac.interactions_[upper].sum()),
        "old_local_reported": int(local.interactions_[upper].sum()),
    }
    for name, res in tests.items():
        called = np.nan_to_num(res.qvalues, nan=1.0) < ALPHA
        row[f"{name}_n_tested"] = int(res.tested[upper].sum())
        row[f"{name}_n_called"] = int(called[upper].sum())
        row[f"{name}_any_call"] = bool(called[upper].any())
        row[f"{name}_n_sequences"] = int(res.n_foreground.max())
        row[f"{name}_min_p"] = float(np.nanmin(res.pvalues)) if res.tested.any() else np.nan
        if scenario == "grammar":
            row.update({f"{name}_{k}": v for k, v in grammar_hits(called, labels).items()})
    row["seconds"] = round(time.perf_counter() - start, 1)
    return row


def summary(table):
    rows = []
    for scenario, g in table.groupby("scenario", sort=False):
        row = {
            "scenario": scenario,
            "runs": len(g),
            "clf AUPR": round(g.classification_aupr.mean(), 3),
            "old GLIFAC rule: mean pairs": g.old_glifac_reported.mean(),
            "old local rule: mean pairs": g.old_local_reported.mean(),
        }
        for name in ("glifac_shuffle", "glifac_swap", "local_shuffle", "local_swap"):
            row[f"{name}: runs with a call"] = f"{g[f'{name}_any_call'].sum()}/{len(g)}"
            row[f"{name}: mean fraction called"] = round(
                (g[f"{name}_n_called"] / g.n_pairs).mean(), 4
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index("scenario").T


def main():
    done = set()
    if OUT.exists():
        old = pd.read_csv(OUT)
        done = set(zip(old.scenario, old.seed))
    shard = [a.split("=")[1] for a in sys.argv if a.startswith("--shard=")]
    k, n_shards = map(int, shard[0].split("/")) if shard else (0, 1)
    if "--summary" not in sys.argv:
        for scenario, seed in RUNS[k::n_shards]:
            if (scenario, seed) in done:
                continue
            row = run(scenario, seed)
            OUT.parent.mkdir(parents=True, exist_ok=True)
            if OUT.exists():  # other columns (grammar hits) may come later: align on the union
                table = pd.concat([pd.read_csv(OUT), pd.DataFrame([row])], ignore_index=True)
            else:
                table = pd.DataFrame([row])
            table.to_csv(OUT, index=False)
            print({k: v for k, v in row.items() if "called" in k or k in ("scenario", "seed")},
                  f"{row['seconds']} s", flush=True)  # fmt: skip
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(summary(pd.read_csv(OUT)).to_string())


if __name__ == "__main__":
    main()
