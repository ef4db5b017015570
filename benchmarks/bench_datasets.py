"""Speed of the synthetic-data generators on one core.

Run: ``.venv/bin/python benchmarks/bench_datasets.py [--n-samples 100000] [--repeats 3]``.
Prints one line per measurement (best of ``--repeats``), ready for the README.
"""

import os

# One core: set before numpy is imported so BLAS/OpenMP pools stay single-threaded.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import time  # noqa: E402

from sklearn_glifac.datasets import (  # noqa: E402
    dinucleotide_shuffle,
    make_motif_interactions,
)
from sklearn_glifac.motifs import load_motifs  # noqa: E402


def best_of(repeats, fn):
    """Best wall-clock and CPU seconds over ``repeats`` runs (CPU time is robust to a busy host)."""
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return f"{min(wall):.2f} s wall, {min(cpu):.2f} s CPU", out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-samples", type=int, default=100_000)
    parser.add_argument("--seq-len", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    motifs = load_motifs()  # JASPAR look-up once, outside the timing (it is cached anyway)
    t, data = best_of(
        args.repeats,
        lambda: make_motif_interactions(
            args.n_samples, seq_len=args.seq_len, motifs=motifs, random_state=0
        ),
    )
    print(
        f"make_motif_interactions: {args.n_samples:,} x {args.seq_len} nt, 12 GLIFAC motifs, "
        f"{len(data.sites):,} sites: {t} on 1 core (best of {args.repeats})"
    )
    n_shuffle = min(args.n_samples, 10_000)
    dinucleotide_shuffle(data.X[:10], random_state=0)  # numba compilation / cache load
    t, _ = best_of(args.repeats, lambda: dinucleotide_shuffle(data.X[:n_shuffle], random_state=0))
    print(
        f"dinucleotide_shuffle: {n_shuffle:,} x {args.seq_len} nt: {t} on 1 core "
        f"(best of {args.repeats})"
    )


if __name__ == "__main__":
    main()
