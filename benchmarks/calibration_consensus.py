"""Calibration at the TF level, with the default null and replication across seeds.

The per-network test (``test=True``, default ``test_null="swap"``) asks whether a network's
attention links two filters more than their content explains. ``benchmarks/calibration.py``
measured it at filter level: no call with permuted labels, but some networks trained on
independent motifs link filters anyway. This script measures what a user sees: the TF-pair
table (:func:`sklearn_glifac.inspection.tf_pair_table_from_scores`, filters labelled by Tomtom
against the true motifs, JASPAR TF families flagged; Simes per TF pair, BH across pairs) of each
network, and the pairs
that two networks trained with different seeds both call
(:func:`sklearn_glifac.inspection.consensus_tf_pairs`).

Same protocol as ``calibration.py`` (CNN20-Exp, 4,000 training sequences, 6 epochs, one
thread, 1,000 held-out sequences): 4 seeds of ``independent`` (every motif independent, no
grammar) and 4 seeds of ``grammar`` (the paper's grammar, positive control: are ELF1-SIX3 and
GATA1-TAL1 called?). Seeds are paired (0, 1) and (2, 3) for the consensus. Resumable: TF tables
are written to ``results/calibration_tf/`` and skipped when present. About 3 minutes per run on
one busy core.

Run: ``OMP_NUM_THREADS=1 python benchmarks/calibration_consensus.py`` (``--summary`` only
rewrites ``results/calibration_consensus.csv`` from the tables).
"""

import sys
import warnings
from pathlib import Path

import pandas as pd

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.inspection import consensus_tf_pairs, tf_pair_table_from_scores
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.models import ArrayReadout, ConvAttentionClassifier
from sklearn_glifac.motifs import annotate_filters

ROOT = Path(__file__).parent / "results"
TABLES = ROOT / "calibration_tf"
OUT = ROOT / "calibration_consensus.csv"
N_TRAIN, N_TEST, MAX_EPOCHS, ALPHA = 4_000, 1_000, 6, 0.05
SCENARIOS = ("independent", "grammar")
SEEDS = (0, 1, 2, 3)
METHODS = ("glifac", "local")
AND_PAIRS = ({"ELF1", "SIX3"}, {"GATA1", "TAL1"})


def _path(scenario, seed, method):
    return TABLES / f"{scenario}_{seed}_{method}.csv"


def run(scenario, seed):
    interactions, pair_rate = (None, 0) if scenario == "independent" else ("glifac", "authors")
    data = make_motif_interactions(
        N_TRAIN + N_TEST, interactions=interactions, pair_rate=pair_rate, random_state=seed
    )
    net = ConvAttentionClassifier(
        "CNN20-Exp", max_epochs=MAX_EPOCHS, n_threads=1, random_state=seed, verbose=0
    ).fit(data.X[:N_TRAIN], data.y[:N_TRAIN])
    net_readout = net.transform(data.X[N_TRAIN:])
    readout = ArrayReadout.from_readout(net_readout)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        labels = annotate_filters(net_readout, data.motifs)
        transformers = {
            "glifac": GLIFACInteractions(test=True, random_state=seed),
            "local": LocalAttentionInteractions(test=True, random_state=seed),
        }
        for method, t in transformers.items():
            t.fit(readout)
            table = tf_pair_table_from_scores(
                t.filter_interactions_, labels, pvalues=t.pvalues_, alpha=ALPHA,
                reference=None, families="jaspar", method=method,
            )  # fmt: skip
            TABLES.mkdir(parents=True, exist_ok=True)
            table.to_csv(_path(scenario, seed, method), index=False)


def summary():
    rows = []
    for scenario in SCENARIOS:
        for method in METHODS:
            tables = {s: pd.read_csv(_path(scenario, s, method)) for s in SEEDS
                      if _path(scenario, s, method).exists()}  # fmt: skip
            for s, t in tables.items():
                called = t[t["called"] & ~t["composite"]]
                rows.append(_row(scenario, method, f"seed {s}", called, len(t)))
            for a, b in ((0, 1), (2, 3)):
                if a in tables and b in tables:
                    c = consensus_tf_pairs([tables[a], tables[b]])
                    called = c[c["called"] & ~c["composite"]]
                    rows.append(_row(scenario, method, f"seeds {a}+{b}", called, len(c)))
    table = pd.DataFrame(rows)
    table.to_csv(OUT, index=False)
    print(table.to_string(index=False))
    _write_rst(table)


def _write_rst(table):
    """The user guide's table (docs/_static/calibration_consensus.rst)."""
    head = ["data", "method", "networks", "TF pairs called", "of which AND pairs", "other"]
    out = [".. list-table::", "   :header-rows: 1", ""]
    body = [
        [r.scenario, r.method, r.networks, r.tf_pairs_called, r.and_pairs_called,
         r.other_pairs_called]
        for r in table.itertuples()
    ]  # fmt: skip
    for row in [head, *body]:
        out.append(f"   * - {row[0]}")
        out += [f"     - {v}" for v in row[1:]]
    path = Path(__file__).parents[1] / "docs" / "_static" / "calibration_consensus.rst"
    path.write_text("\n".join(out) + "\n")


def _row(scenario, method, networks, called, n_rows):
    pairs = [{str(a), str(b)} for a, b in zip(called.tf_a, called.tf_b)]
    return {
        "scenario": scenario,
        "method": method,
        "networks": networks,
        "tf_pairs": n_rows,
        "tf_pairs_called": len(called),
        "and_pairs_called": int(sum(p in AND_PAIRS for p in pairs)),
        "other_pairs_called": int(sum(p not in AND_PAIRS for p in pairs)),
        "called": "; ".join(sorted("-".join(sorted(p)) for p in pairs)),
    }


if __name__ == "__main__":
    if "--summary" not in sys.argv:
        for seed in SEEDS:
            for scenario in SCENARIOS:
                if all(_path(scenario, seed, m).exists() for m in METHODS):
                    continue
                print(f"== {scenario} seed {seed}", flush=True)
                run(scenario, seed)
    summary()
