"""Spread of the demo's scores over seeds (mean ± SD), from a demo run with several seeds.

The README's demo table is one seed; this summarises a run of the same demo with three::

    sklearn-glifac demo --seeds 3 --output-dir demo3          # ~40 min on 2 shared cores
    .venv/bin/python benchmarks/demo_seed_spread.py demo3/scores.csv

The committed run's tables are in ``benchmarks/results/demo_3seeds/``; this script prints the
Markdown table used in the README and writes ``benchmarks/results/demo_seed_spread.csv``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

COLUMNS = {
    "classification_aupr": "clf AUPR",
    "glifac_auroc": "GLIFAC AUROC",
    "glifac_aupr": "GLIFAC AUPR",
    "glifac_snr": "GLIFAC SNR",
    "local_auroc": "LA AUROC",
    "local_tpr": "LA TPR",
    "local_ppv": "LA PPV",
}


def spread(scores):
    """Mean, SD and seed count per model for the demo's main scores."""
    grouped = scores.groupby("model", sort=False)[list(COLUMNS)]
    table = grouped.agg(["mean", "std"])
    table.columns = [f"{c}_{stat}" for c, stat in table.columns]
    table["n_seeds"] = grouped.size()
    return table


def to_markdown(table):
    header = "| model | seeds | " + " | ".join(COLUMNS.values()) + " |"
    lines = [header, "|:---|---:|" + "---:|" * len(COLUMNS)]
    for model, row in table.iterrows():
        cells = [f"{row[c + '_mean']:.3f} ± {row[c + '_std']:.3f}" for c in COLUMNS]
        lines.append(f"| {model} | {int(row['n_seeds'])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "scores", type=Path, nargs="?", default=Path("benchmarks/results/demo_3seeds/scores.csv")
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/demo_seed_spread.csv"))
    args = parser.parse_args(argv)
    table = spread(pd.read_csv(args.scores))
    table.to_csv(args.out)
    print(to_markdown(table))


if __name__ == "__main__":
    main()
