"""Training throughput of ConvAttentionClassifier (skorch) against a bare PyTorch loop.

Both train the same :class:`~sklearn_glifac.models.ConvAttentionNet` (built from a paper preset)
on the same one-hot sequences with the same batch size, optimizer and loss, for one epoch, so
the difference is skorch's per-batch overhead (Dataset/DataLoader collation, callbacks,
history). The skorch run uses ``train_split=None`` (no validation pass) and ``verbose=0``.

::

    .venv/bin/python benchmarks/bench_training.py                 # CNN4-Exp and CNN20-Exp
    .venv/bin/python benchmarks/bench_training.py --n-samples 2000 --presets CNN4-ReLU

Prints a Markdown table of sequences per second (higher is better).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import torch

from sklearn_glifac.models import ConvAttentionClassifier, ConvAttentionNet
from sklearn_glifac.models._presets import PRESETS


def _data(n_samples, seq_len, n_tasks, seed=0):
    rng = np.random.default_rng(seed)
    X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (n_samples, seq_len))].transpose(0, 2, 1)
    y = rng.integers(0, 2, (n_samples, n_tasks)).astype(np.float32)
    return np.ascontiguousarray(X), y


def bare_loop(preset, X, y, batch_size, seed=0):
    """One epoch of plain PyTorch: shuffled index slices of in-memory tensors."""
    torch.manual_seed(seed)
    net = ConvAttentionNet(y.shape[1], X.shape[2], **PRESETS[preset]).train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    start = time.perf_counter()
    order = torch.randperm(len(X_t))
    for i in range(0, len(X_t), batch_size):
        idx = order[i : i + batch_size]
        opt.zero_grad()
        loss = loss_fn(net(X_t[idx]), y_t[idx])
        loss.backward()
        opt.step()
    return time.perf_counter() - start


def skorch_fit(preset, X, y, batch_size, seed=0, threads=1):
    """One epoch through ConvAttentionClassifier.fit; returns (fit wall time, epoch time)."""
    clf = ConvAttentionClassifier(
        preset,
        max_epochs=1,
        batch_size=batch_size,
        train_split=None,
        verbose=0,
        random_state=seed,
        n_threads=threads,  # the estimator sets its own count; the same as the bare loop's
    )
    start = time.perf_counter()
    clf.fit(X, y)
    return time.perf_counter() - start, clf.history[-1, "dur"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=5000)
    parser.add_argument("--seq-len", type=int, default=200)
    parser.add_argument("--n-tasks", type=int, default=12)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--presets", nargs="+", default=["CNN4-Exp", "CNN20-Exp"])
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    X, y = _data(args.n_samples, args.seq_len, args.n_tasks)
    # warm-up: first optimizer creation imports torch._dynamo (~2 s), first kernels allocate
    bare_loop(args.presets[0], X[:200], y[:200], args.batch_size)
    skorch_fit(args.presets[0], X[:200], y[:200], args.batch_size, threads=args.threads)

    rows = []
    for preset in args.presets:
        # bare and skorch alternate, so that a load change on a shared machine hits both
        bares, runs = [], []
        for _ in range(args.repeats):
            bares.append(bare_loop(preset, X, y, args.batch_size))
            runs.append(skorch_fit(preset, X, y, args.batch_size, threads=args.threads))
        bare = min(bares)
        fit_time = min(r[0] for r in runs)
        epoch_time = min(r[1] for r in runs)
        n = len(X)
        rows.append((preset, n / bare, n / epoch_time, n / fit_time, fit_time / bare))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\n{args.n_samples} sequences x {args.seq_len} nt, {args.n_tasks} tasks, batch "
        f"{args.batch_size}, one epoch, {args.threads} torch thread(s), torch "
        f"{torch.__version__}, load average {load:.1f}\n"
    )
    print(
        "| preset | bare PyTorch (seq/s) | skorch epoch (seq/s) | skorch fit() (seq/s) "
        "| fit() / bare time |"
    )
    print("|---|---|---|---|---|")
    for preset, bare, epoch, fit, ratio in rows:
        print(f"| {preset} | {bare:,.0f} | {epoch:,.0f} | {fit:,.0f} | {ratio:.2f}x |")
    return rows


if __name__ == "__main__":
    main()
