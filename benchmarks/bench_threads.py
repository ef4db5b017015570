"""One torch thread against all cores, per operation: what the library's thread default rests on.

Times, in one process, each operation with one thread and with every core the process may use
(``len(os.sched_getaffinity(0))``; torch's own default), alternating the order of the two
settings in every repeat so that a load change on a shared machine hits both, and reports the
median over repeats and the ratio of the medians (all-cores time / one-thread time: above 1
means one thread is faster). Compare ratios from one run, not times across machines.

Operations (small data, as a laptop user meets them):

* ``fit CNN20-Exp`` / ``fit CNN4-Exp``: ``ConvAttentionClassifier.fit``, one epoch, 2,000 x
  200 nt, 12 tasks, batch 100, no validation split;
* ``predict_proba``: 5,000 sequences on a fitted CNN20-Exp;
* ``read-out``: one pass over ``transform(X)`` with activations (what GLIFAC and the filter PWMs
  read), 2,000 sequences;
* ``GLIFAC fit``: ``GLIFACInteractions().fit(net.transform(X))`` (no motif mapping), 2,000
  sequences;
* ``Tomtom``: ``match_filters`` of 32 random 15-column filter PWMs against the 12 task motifs
  (with JASPAR CORE as background columns); here the setting is memelite's ``n_jobs`` (numba
  threads), 1 against -1.

::

    .venv/bin/python benchmarks/bench_threads.py     # writes benchmarks/results/threads.csv
    .venv/bin/python benchmarks/bench_threads.py --repeats 5 --output /tmp/threads.csv

Prints a Markdown table and writes one row per operation (medians in seconds, ratio, machine)
to ``--output`` and the same table as reStructuredText to ``--rst``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from sklearn_glifac.interactions import GLIFACInteractions
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.motifs import load_motifs, match_filters

OUTPUT = Path("benchmarks/results/threads.csv")
RST = Path("docs/_static/threads.rst")  # included in docs/user_guide/reproducibility.rst


def _data(n_samples, seq_len=200, n_tasks=12, seed=0):
    rng = np.random.default_rng(seed)
    X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (n_samples, seq_len))].transpose(0, 2, 1)
    y = rng.integers(0, 2, (n_samples, n_tasks)).astype(np.float32)
    return np.ascontiguousarray(X), y


def _clf(preset, threads):
    return ConvAttentionClassifier(
        preset, max_epochs=1, train_split=None, verbose=0, random_state=0, n_threads=threads
    )


def operations(n_train=2000, n_predict=5000):
    """name -> callable(threads) running the operation once with that many threads."""
    X, y = _data(n_train)
    X_big, _ = _data(n_predict, seed=1)
    net = _clf("CNN20-Exp", 1).fit(X, y)
    rng = np.random.default_rng(0)
    pwms = rng.dirichlet(np.full(4, 0.3), size=(32, 15)).transpose(0, 2, 1)
    motifs = load_motifs()

    def fit(preset):
        return lambda t: _clf(preset, t).fit(X, y)

    def predict(t):
        net.set_params(n_threads=t)
        net.predict_proba(X_big)

    def readout(t):
        net.set_params(n_threads=t)
        for _ in net.transform(X).batches(activations=True):
            pass

    def glifac(t):
        net.set_params(n_threads=t)
        GLIFACInteractions(random_state=0).fit(net.transform(X))

    def tomtom(t):
        match_filters(pwms, motifs, n_jobs=1 if t == 1 else -1)

    return {
        "fit CNN20-Exp": fit("CNN20-Exp"),
        "fit CNN4-Exp": fit("CNN4-Exp"),
        "predict_proba": predict,
        "read-out": readout,
        "GLIFAC fit": glifac,
        "Tomtom": tomtom,
    }


def measure(ops, settings, repeats):
    """{(op, threads): [seconds per repeat]}, settings alternated in order every repeat."""
    times = {}
    for name, op in ops.items():
        op(settings[0])  # warm-up: first kernels, torch._dynamo import, numba compilation
        for r in range(repeats):
            for t in settings if r % 2 == 0 else settings[::-1]:
                start = time.perf_counter()
                op(t)
                times.setdefault((name, t), []).append(time.perf_counter() - start)
                print(f"{name:15s} threads={t:2d} repeat {r}: {times[name, t][-1]:.2f} s")
    return times


def to_rst(rows, cores, load):
    """The table as a reStructuredText list-table (written by this script; do not edit)."""
    lines = [
        f".. list-table:: {cores} cores, torch {torch.__version__}, load average {load:.1f} "
        "(written by benchmarks/bench_threads.py)",
        "   :header-rows: 1",
        "",
        "   * - operation",
        "     - 1 thread (s)",
        f"     - {cores} threads (s)",
        f"     - {cores} / 1",
    ]
    for r in rows:
        lines += [
            f"   * - {r['operation']}",
            f"     - {r['one_thread_s']:.2f}",
            f"     - {r['all_threads_s']:.2f}",
            f"     - {r['ratio_all_over_one']:.2f}x",
        ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--rst", type=Path, default=RST)
    args = parser.parse_args(argv)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    settings = (1, cores)
    ops = operations()
    times = measure(ops, settings, args.repeats)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = []
    for name in ops:
        one, many = (statistics.median(times[name, t]) for t in settings)
        rows.append(
            {
                "operation": name,
                "cores": cores,
                "repeats": args.repeats,
                "one_thread_s": round(one, 4),
                "all_threads_s": round(many, 4),
                "ratio_all_over_one": round(many / one, 3),
                "faster": "1 thread" if one <= many else f"{cores} threads",
                "torch": torch.__version__,
                "machine": platform.processor() or platform.machine(),
                "load_average": round(load, 2),
            }
        )
    table = pd.DataFrame(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.output, index=False)
    print(f"\n{cores} cores, torch {torch.__version__}, load average {load:.1f}\n")
    args.rst.parent.mkdir(parents=True, exist_ok=True)
    args.rst.write_text(to_rst(rows, cores, load))
    print(f"| operation | 1 thread (s) | {cores} threads (s) | {cores} / 1 |")
    print("|---|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['operation']} | {r['one_thread_s']:.2f} | {r['all_threads_s']:.2f} "
            f"| {r['ratio_all_over_one']:.2f}x |"
        )
    return table


if __name__ == "__main__":
    main()
