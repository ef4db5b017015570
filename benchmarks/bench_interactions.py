"""Memory and time of the interaction transformers; vectorised vs looped local attention.

Run: ``python benchmarks/bench_interactions.py [--sizes 5000 50000] [--pooled-len 50]``.

1. Peak memory (``tracemalloc``: every numpy allocation is traced) and wall time of
   ``GLIFACInteractions.fit`` and ``LocalAttentionInteractions.fit`` on 5,000 and 50,000
   sequences. The read-out is a generator that makes each batch on the fly (from a small pool of
   precomputed random batches, allocated before tracing starts), so 50,000 sequences need neither
   a trained model nor 50,000 x heads x L'^2 attention values in memory. If the transformers
   stream, their peak memory is the same for both sizes. For scale, the table also gives the
   memory that the explicit ``P1``/``P2`` matrices of GLIFAC would take (n_pairs x F x 8 bytes,
   twice).
2. Vectorised local-attention counting against a per-sequence Python loop in SATORI's style on
   a small case (results checked equal), as a speed ratio.

Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.models import ArrayReadout, BaseReadout
from sklearn_glifac.models.readout import ReadoutBatch


def _softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class GeneratorReadout(BaseReadout):
    """Random read-out made batch by batch (CNN4-like shapes by default).

    Batches come from a pool of ``n_pool`` random batches, each served with its sequences in a
    fresh random order, so a pass costs little beyond the consumer's own work.
    """

    def __init__(
        self, n_samples, *, pooled_len=50, n_filters=32, n_heads=8, batch_size=256, n_pool=4
    ):
        rng = np.random.default_rng(0)
        self.X, self.kernel_size = None, None
        self.n_samples, self.pooled_len, self.n_filters = n_samples, pooled_len, n_filters
        self.n_heads, self.batch_size = n_heads, batch_size
        shape = (n_pool, batch_size, pooled_len)
        self._features = rng.exponential(size=(*shape, n_filters)).astype(np.float32)
        logits = 3.0 * rng.normal(size=(n_pool, batch_size, n_heads, pooled_len, pooled_len))
        self._attention = _softmax(logits).astype(np.float32)

    def batches(self, *, features=True, attention=True, activations=False):
        rng = np.random.default_rng(1)
        for k, start in enumerate(range(0, self.n_samples, self.batch_size)):
            stop = min(start + self.batch_size, self.n_samples)
            order = rng.permutation(self.batch_size)[: stop - start]
            pool = k % len(self._features)
            yield ReadoutBatch(
                indices=np.arange(start, stop),
                features=self._features[pool][order] if features else None,
                attention=self._attention[pool][order] if attention else None,
            )


def measure(fn):
    """(result, seconds, peak MiB above the start) of ``fn()``."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return out, seconds, peak / 2**20


def looped_local_counts(features, attention, threshold=0.1, activity=0.5):
    """SATORI-style extraction: loop over sequences, significant pairs and active filters."""
    n_filters = features.shape[2]
    fmax = features.max(axis=(0, 1))
    counts = np.zeros((n_filters, n_filters))
    for s in range(len(features)):
        combined = attention[s].max(axis=0)
        active = [np.flatnonzero(features[s, p] > activity * fmax) for p in range(len(combined))]
        for i, j in zip(*np.nonzero(combined > threshold)):
            for a in active[i]:
                for b in active[j]:
                    counts[a, b] += 1
    return counts


def memory_table(sizes, pooled_len):
    rows = []
    for n in sizes:
        readout = GeneratorReadout(n, pooled_len=pooled_len)
        _, t_pass, m_pass = measure(lambda r=readout: sum(1 for _ in r.batches()))
        glifac, t_g, m_g = measure(lambda r=readout: GLIFACInteractions(random_state=0).fit(r))
        _, t_l, m_l = measure(lambda r=readout: LocalAttentionInteractions().fit(r))
        n_pairs = glifac.n_attended_pairs_ + glifac.n_random_pairs_
        explicit = 2 * n_pairs * readout.n_filters * 8 / 2**20
        rows.append((n, n_pairs, t_pass, m_pass, t_g, m_g, t_l, m_l, explicit))
    print(
        f"Read-out: pooled_len={pooled_len}, 32 filters, 8 heads, batch 256 "
        "(peak = tracemalloc peak above the start of the call)\n"
    )
    print(
        "| sequences | GLIFAC pairs | read-out pass (s) | pass peak (MiB) | GLIFAC fit (s) | "
        "GLIFAC peak (MiB) | local attention fit (s) | local peak (MiB) | "
        "explicit P1+P2 (MiB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, p, tp, mp, tg, mg, tl, ml, ex in rows:
        print(
            f"| {n:,} | {p:,} | {tp:.2f} | {mp:.1f} | {tg:.2f} | {mg:.1f} | {tl:.2f} | "
            f"{ml:.1f} | {ex:,.0f} |"
        )


def speed_table(n=200, pooled_len=20, n_filters=16, n_heads=4, repeats=3):
    rng = np.random.default_rng(0)
    # uniform activations: about half of the filters are active at a position, as with the
    # noisy filters that make SATORI's extraction slow
    features = rng.random((n, pooled_len, n_filters)).astype(np.float32)
    logits = 3.0 * rng.normal(size=(n, n_heads, pooled_len, pooled_len))
    attention = _softmax(logits).astype(np.float32)
    readout = ArrayReadout(features, attention)
    vec = min(measure(lambda: LocalAttentionInteractions().fit(readout))[1] for _ in range(repeats))
    t0 = time.perf_counter()
    looped = looped_local_counts(features, attention)
    loop = time.perf_counter() - t0
    same = np.array_equal(LocalAttentionInteractions().fit(readout).filter_interactions_, looped)
    print(
        f"\nLocal attention counting, {n} sequences, pooled_len={pooled_len}, {n_filters} "
        f"filters, {n_heads} heads ({int(looped.sum()):,} interactions):\n"
    )
    print("| implementation | time (s) | speed-up | same counts |")
    print("|---|---:|---:|---|")
    print(f"| per-sequence Python loop (SATORI style) | {loop:.3f} | 1x | |")
    print(f"| vectorised (LocalAttentionInteractions) | {vec:.4f} | {loop / vec:.0f}x | {same} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--pooled-len", type=int, default=50)
    args = parser.parse_args(argv)
    memory_table(args.sizes, args.pooled_len)
    speed_table()


if __name__ == "__main__":
    main()
