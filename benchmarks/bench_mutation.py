"""Speed of FIS and DFIM: the batched implementation against the former per-sequence code.

Run: ``python benchmarks/bench_mutation.py [--sizes 30 300] [--old-sizes 30 300]``.

The network is CNN20-Exp trained briefly (``--epochs``, ``--n-train`` sequences) on the public
Oct4 / MafK ChIP-seq peaks (:func:`~sklearn_glifac.datasets.fetch_janggu_peaks`; downloaded
once into the data home), or a fitted model given with ``--model`` (a ``.pt`` file of
``sklearn-glifac train``, e.g. a CNN20-Exp trained to convergence on the same peaks). FIS and
DFIM (default settings: 20 integrated-gradients steps, shuffled source windows,
dinucleotide-shuffled background) are fitted on the first ``n`` peaks not used for training (a
seeded permutation of all peaks with ``--model``), with one torch thread. The former code is
the package at commit ``OLD_COMMIT`` (the last one before batching): its
``interactions/_mutation.py`` and ``models/_attribution.py`` are read with ``git show`` into a
temporary folder and imported as stand-alone modules, so only this benchmark can reach it.
Both versions see the same read-out and the same seed; the script compares what they report:
number of scored pairs, mean effects, p-values and calls.

Writes ``benchmarks/results/mutation_speed.csv`` (one row per method and size: seconds old and
new, ratio old/new, and the largest differences between the two results) and prints it.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from sklearn_glifac.datasets import fetch_janggu_peaks
from sklearn_glifac.interactions import DFIMInteractions, FISInteractions
from sklearn_glifac.models import ConvAttentionClassifier

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "mutation_speed.csv"
#: The last commit with the per-sequence FIS/DFIM loop and captum input attribution.
OLD_COMMIT = "c3071ac"


def _old_module(name, path, replacements, folder):
    """Import ``path`` as of ``OLD_COMMIT`` as module ``name``, relative imports rewritten."""
    source = subprocess.run(
        ["git", "show", f"{OLD_COMMIT}:{path}"], cwd=ROOT, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    for old, new in replacements:
        assert old in source, f"{old!r} not in {path} at {OLD_COMMIT}"
        source = source.replace(old, new)
    file = Path(folder) / f"{name}.py"
    file.write_text(source)
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def old_classes(folder):
    """(FISInteractions, DFIMInteractions) of ``OLD_COMMIT`` with its input attribution."""
    _old_module(
        "_old_attribution",
        "sklearn_glifac/models/_attribution.py",
        [
            ("from ..utils import", "from sklearn_glifac.utils import"),
            ("from ._readout import", "from sklearn_glifac.models._readout import"),
        ],
        folder,
    )
    old = _old_module(
        "_old_mutation",
        "sklearn_glifac/interactions/_mutation.py",
        [
            ("from ..models import input_attribution", "from _old_attribution import "
             "input_attribution"),
            ("from ._base import", "from sklearn_glifac.interactions._base import"),
            ("from ._local_attention import cooccurrence_test, filter_max",
             "from sklearn_glifac.interactions._local_attention import filter_max\n"
             "from sklearn_glifac.interactions._satori import cooccurrence_test"),
            ("from ..datasets import", "from sklearn_glifac.datasets import"),
        ],
        folder,
    )  # fmt: skip
    return {"FIS": old.FISInteractions, "DFIM": old.DFIMInteractions}


def train(n_train, epochs):
    data = fetch_janggu_peaks()
    order = np.random.default_rng(0).permutation(len(data.X))
    train_rows, held_out = order[:n_train], order[n_train:]
    net = ConvAttentionClassifier(
        preset="CNN20-Exp", max_epochs=epochs, verbose=0, random_state=0, n_threads=1
    ).fit(data.X[train_rows], data.y[train_rows])
    return net, data.X[held_out]


def _timed(cls, readout):
    est = cls(random_state=0)
    t0 = time.perf_counter()
    est.fit(readout)
    return est, time.perf_counter() - t0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 300])
    parser.add_argument(
        "--old-sizes", type=int, nargs="*", default=[30, 300],
        help="sizes at which the former code is timed too (it is slow)",
    )  # fmt: skip
    parser.add_argument("--methods", nargs="+", default=["FIS", "DFIM"])
    parser.add_argument("--n-train", type=int, default=3000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument(
        "--model", type=Path, default=None,
        help="a fitted classifier saved by `sklearn-glifac train` (instead of training one)",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message="Using padding='same' with even kernel")
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    if args.model is None:
        net, X = train(args.n_train, args.epochs)
        print(f"trained CNN20-Exp on {args.n_train} peaks in {time.perf_counter() - t0:.0f} s")
    else:
        from sklearn_glifac.models import load_model  # the CLI's model files

        net = load_model(args.model)["estimator"]
        X = fetch_janggu_peaks().X[np.random.default_rng(0).permutation(7797)]
    net.set_params(n_threads=1)
    new = {"FIS": FISInteractions, "DFIM": DFIMInteractions}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        old = old_classes(folder)
        for n in args.sizes:
            readout = net.transform(X[:n])
            for method in args.methods:
                est, t_new = _timed(new[method], readout)
                row = {
                    "method": method, "n_sequences": n, "n_pairs": est.n_pairs_,
                    "seconds_new": round(t_new, 2), "seconds_old": np.nan, "ratio": np.nan,
                    "same_n_pairs": None, "max_mean_effect": float(est.mean_effect_.max()),
                    "max_abs_mean_effect_diff": np.nan, "max_abs_pvalue_diff": np.nan,
                    "same_calls": None,
                }  # fmt: skip
                if n in args.old_sizes:
                    old_est, t_old = _timed(old[method], readout)
                    row.update(
                        seconds_old=round(t_old, 2), ratio=round(t_old / t_new, 1),
                        same_n_pairs=est.n_pairs_ == old_est.n_pairs_,
                        max_abs_mean_effect_diff=float(
                            np.abs(est.mean_effect_ - old_est.mean_effect_).max()
                        ),
                        max_abs_pvalue_diff=float(np.abs(est.pvalues_ - old_est.pvalues_).max()),
                        same_calls=bool((est.interactions_ == old_est.interactions_).all()),
                    )  # fmt: skip
                rows.append(row)
                print(row, flush=True)
                table = pd.DataFrame(rows)
                args.out.parent.mkdir(parents=True, exist_ok=True)
                table.to_csv(args.out, index=False)
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
