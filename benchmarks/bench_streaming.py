"""Peak memory and wall time of ``sklearn-glifac interactions`` at 100,000 and 1,000,000 sequences.

Run: ``python benchmarks/bench_streaming.py [--sizes 100000 1000000] [--modes stream memory]``.

What is measured: the whole ``interactions`` command (read and encode a FASTA file of random
200-nt sequences, filter PWMs, aggregated local attention and GLIFAC, CSVs and figures) with a
CNN20-Exp model trained for one epoch on 2,000 simulated sequences (the model's quality does not
matter for memory; the extraction does). Each measurement runs in a fresh process started by a
small launcher; peak memory is the child's maximum resident set size
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``), so it includes Python, torch and numpy
(about 0.4 GB before any data is read).

Modes:

* ``stream``: the command as shipped: sequences encoded chunk by chunk into a temporary file of
  one byte per base (``load_dataset(stream=True)``), read-outs run one chunk at a time.
* ``memory``: the same extraction on sequences loaded in memory the way the command did before
  streaming (``load_dataset()``: every sequence string, then a float32 (n, 4, 200) array,
  3.2 GB at 1,000,000 sequences), for the ratio.

Both use the same chunk size (``--chunk-size``, 1,000), so their CSVs are byte-identical; the
script checks it. Results go to ``benchmarks/results/streaming_memory.csv``, one row per size x
mode, and to ``docs/_static/streaming_memory.rst`` (a table for the docs); sizes and modes
already there are skipped (rerun to resume; ``--force`` redoes them). ``--sizes 10 --modes
stream`` measures the command's fixed cost (imports, model, figures).
Runs use one torch thread. Work files (model, FASTA files, outputs) go to ``--workdir``.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
RESULTS = HERE / "results" / "streaming_memory.csv"
SEQ_LEN = 200
COLUMNS = ["n_sequences", "mode", "chunk_size", "peak_rss_mb", "wall_s", "fasta_mb",
           "same_csv_as_stream", "status", "machine"]  # fmt: skip

_LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux
print(f"BENCH {code} {peak} {wall:.2f}")
"""

_MEMORY_RUN = """
import sys, torch
torch.set_num_threads(1)
import matplotlib; matplotlib.use("Agg")
from sklearn_glifac.experiments import extract_interactions
from sklearn_glifac.io import load_dataset
from sklearn_glifac.models import load_model
model, fasta, out, chunk = sys.argv[1:5]
clf = load_model(model)["estimator"].set_params(batch_size=int(chunk))
data = load_dataset(fasta=fasta, require_labels=False, seq_len=clf.seq_len_, max_length=None)
print(extract_interactions(clf, data.X, out, verbose=False))
"""


def train_model(path):
    """CNN20-Exp, one epoch on 2,000 simulated sequences (seconds)."""
    import torch

    from sklearn_glifac.datasets import make_motif_interactions
    from sklearn_glifac.models import ConvAttentionClassifier, save_model

    torch.set_num_threads(1)
    data = make_motif_interactions(2000, seq_len=SEQ_LEN, random_state=0)
    clf = ConvAttentionClassifier("CNN20-Exp", max_epochs=1, batch_size=100, verbose=0,
                                  random_state=0, train_split=None)  # fmt: skip
    clf.fit(data.X, data.y)
    save_model(clf, path, preset="CNN20-Exp", target_names=data.target_names)


def write_fasta(path, n, *, chunk=50_000, seed=0):
    """``n`` random 200-nt sequences, written ``chunk`` at a time (content is irrelevant here)."""
    rng = np.random.default_rng(seed)
    letters = np.frombuffer(b"ACGT", dtype=np.uint8)
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as fh:
        for start in range(0, n, chunk):
            rows = letters[rng.integers(0, 4, size=(min(chunk, n - start), SEQ_LEN))]
            fh.write(b"".join(b">seq%d\n%s\n" % (start + i, r.tobytes())
                              for i, r in enumerate(rows)))  # fmt: skip
    tmp.rename(path)


def measure(argv):
    """(exit code, peak RSS in MB, wall seconds) of a command in a fresh process."""
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *argv], capture_output=True,
                          text=True)  # fmt: skip
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH ")][-1]
    _, code, peak_kb, wall = line.split()
    if int(code) != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
    return int(code), int(peak_kb) / 1024, float(wall)


def write_table(done, path=HERE.parent / "docs" / "_static" / "streaming_memory.rst"):
    """The results as an RST list-table for the docs (included by user_guide/inputs.rst)."""
    lines = [".. list-table::", "   :header-rows: 1", "",
             "   * - sequences", "     - mode", "     - peak memory (MB)", "     - wall time",
             "     - CSVs equal to streamed"]  # fmt: skip
    for row in done.sort_values(["n_sequences", "mode"], ascending=[True, False]).itertuples():
        same = {"True": "yes", "False": "NO"}.get(str(row.same_csv_as_stream), "not compared")
        same = "(reference)" if row.mode == "stream" else same
        wall = f"{row.wall_s / 60:.1f} min" if row.wall_s >= 120 else f"{row.wall_s:.0f} s"
        status = "" if row.status == "ok" else f" ({row.status})"
        lines += [f"   * - {row.n_sequences:,}", f"     - {row.mode}{status}",
                  f"     - {row.peak_rss_mb:,}", f"     - {wall}", f"     - {same}"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--modes", nargs="+", choices=("stream", "memory"),
                        default=["stream", "memory"])  # fmt: skip
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/glifac_bench_streaming"))
    parser.add_argument("--force", action="store_true", help="redo sizes already measured")
    parser.add_argument(
        "--table-only", action="store_true", help="only rewrite the docs table from the CSV"
    )
    args = parser.parse_args()
    if args.table_only:
        write_table(pd.read_csv(RESULTS))
        return
    if args.chunk_size < 1:
        parser.error(f"--chunk-size must be a positive integer, got {args.chunk_size}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    model = args.workdir / "cnn20_exp_1epoch.pt"
    if not model.exists():
        train_model(model)
    done = pd.read_csv(RESULTS) if RESULTS.exists() else pd.DataFrame(columns=COLUMNS)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, 1 torch thread"
    for n in args.sizes:
        fasta = args.workdir / f"random_{n}.fa"
        if not fasta.exists():
            write_fasta(fasta, n)
        for mode in args.modes:
            key = (done["n_sequences"] == n) & (done["mode"] == mode)
            if key.any() and not args.force:
                print(f"{n} {mode}: already measured, skipped", flush=True)
                continue
            out = args.workdir / f"out_{n}_{mode}"
            if mode == "stream":
                argv = [sys.executable, "-m", "sklearn_glifac.cli", "interactions", "--model",
                        str(model), "--fasta", str(fasta), "--output-dir", str(out),
                        "--chunk-size", str(args.chunk_size), "--threads", "1",
                        "--quiet"]  # fmt: skip
            else:
                argv = [sys.executable, "-c", _MEMORY_RUN, str(model), str(fasta), str(out),
                        str(args.chunk_size)]  # fmt: skip
            start = time.strftime("%H:%M:%S")
            print(f"{n} {mode}: started {start}", flush=True)
            code, peak, wall = measure(argv)
            same = ""
            ref = args.workdir / f"out_{n}_stream"
            if mode == "memory" and code == 0 and ref.exists():
                same = all(
                    (out / f).read_bytes() == (ref / f).read_bytes()
                    for f in ("filter_interactions_local.csv", "filter_interactions_glifac.csv")
                )
            row = {"n_sequences": n, "mode": mode, "chunk_size": args.chunk_size,
                   "peak_rss_mb": round(peak), "wall_s": round(wall, 1),
                   "fasta_mb": round(fasta.stat().st_size / 2**20), "same_csv_as_stream": same,
                   "status": "ok" if code == 0 else f"exit {code}", "machine": machine}  # fmt: skip
            print(row, flush=True)
            done = pd.concat([done[~key], pd.DataFrame([row])], ignore_index=True)
            done = done.sort_values(["n_sequences", "mode"]).reset_index(drop=True)
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            done[COLUMNS].to_csv(RESULTS, index=False)
    write_table(done)
    print(done[COLUMNS].to_markdown(index=False))


if __name__ == "__main__":
    main()
