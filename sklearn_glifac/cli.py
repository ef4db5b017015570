"""Command-line interface: ``sklearn-glifac {demo,reproduce,generate,train,interactions}``.

Every subcommand has ``--help``. Errors in user input (missing files, FASTA with ``N`` bases,
sequences of unequal length, labels that do not match the sequences, unwritable outputs, bad
parameter values; the user guide's "Input files" page lists them all) are printed as one line on
stderr with exit status 2, before any training or extraction starts; ``--debug`` shows the
traceback instead. Progress goes to stderr: bars on a terminal, newline-terminated lines (start,
every 30 s, end of each step) when it is redirected; ``--quiet`` hides progress, never the final
result summary.
"""

from __future__ import annotations

import argparse
import ast
import math
import shutil
import sys
import time
from pathlib import Path

__all__ = ["build_parser", "main"]

from .utils import DEFAULT_N_THREADS


def _probability(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}")
    return value


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _preset(text):
    """A preset name, case-insensitively (``cnn20-exp`` -> ``CNN20-Exp``)."""
    from .models import PRESETS

    by_lower = {p.lower(): p for p in PRESETS}
    return by_lower.get(str(text).lower(), text)


def _param(text):
    """``name=value`` with ``value`` a Python literal (numbers, strings, booleans, lists)."""
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    name, raw = text.split("=", 1)
    name = name.strip()
    if not name.isidentifier():
        raise argparse.ArgumentTypeError(f"{name!r} is not a parameter name")
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw  # bare strings such as activation=relu
    return name, value


def _add_common(parser):
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress or training logs (the final result summary is still printed); "
        "without it, progress is a bar on a terminal and plain lines when output is redirected",
    )
    parser.add_argument(
        "--threads",
        type=_positive_int,
        default=DEFAULT_N_THREADS,
        help=f"number of CPU threads for PyTorch (default: {DEFAULT_N_THREADS}, on every machine: "
        "small networks ran fastest with one thread in benchmarks/bench_threads.py; "
        "results are reproducible for a given thread count)",
    )
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")


def _add_sequence_options(parser, *, max_length=True):
    from ._io import MAX_SEQ_LEN

    parser.add_argument(
        "--unknown-bases",
        choices=("error", "zero", "uniform"),
        default="error",
        help="N and other IUPAC codes in FASTA: 'error' names the record and position "
        "(default), 'zero' encodes an all-zero column, 'uniform' 0.25 per base",
    )
    parser.add_argument(
        "--length-policy",
        choices=("error", "pad", "trim"),
        default="error",
        help="sequences of unequal length (or, for interactions, not the model's length): "
        "'error' names the first record that differs (default), 'pad' adds all-zero columns at "
        "the 3' end, 'trim' cuts bases from the 3' end",
    )
    if max_length:
        parser.add_argument(
            "--max-length",
            type=_positive_int,
            default=MAX_SEQ_LEN,
            help=f"longest sequence accepted, checked before training (default: {MAX_SEQ_LEN})",
        )


def _add_training(parser, *, presets_help, epochs, batch_size, batch_note):
    parser.add_argument(
        "--max-epochs",
        type=_positive_int,
        default=epochs,
        help=f"maximum number of training epochs (default: {epochs}; early stopping on the "
        "validation AUPR usually ends training sooner)",
    )
    parser.add_argument(
        "--batch-size",
        type=_positive_int,
        default=batch_size,
        help=f"mini-batch size (default: {batch_size if batch_size else ''}{batch_note})",
    )
    parser.add_argument("--lr", type=float, default=None, help="Adam learning rate")
    _add_device(parser, "train on")
    parser.add_argument(
        "--param",
        dest="params",
        type=_param,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra classifier parameter, repeatable, e.g. module__n_heads=4 or "
        "entropy_weight=0.005 " + presets_help,
    )


def _add_device(parser, verb):
    parser.add_argument(
        "--device",
        default=None,
        help=f"torch device to {verb}: cpu (default), cuda, cuda:1, ... A model file trained on "
        "a GPU loads on a CPU-only machine",
    )


def build_parser():
    """The argparse parser of ``sklearn-glifac`` (used by :func:`main` and the docs)."""
    from . import __version__

    # the demo's defaults only (light: neither the demo's code nor torch is imported here)
    from .experiments import DEMO_BATCH_SIZE, DEMO_EPOCHS, DEMO_N_SAMPLES, DEMO_PRESETS

    parser = argparse.ArgumentParser(
        prog="sklearn-glifac",
        description="Motif interactions from convolution-attention networks: simulate data, "
        "train the GLIFAC paper's models, and extract interactions with local attention "
        "(SATORI) and GLIFAC.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    # ---------------------------------------------------------------- demo
    demo = sub.add_parser(
        "demo",
        help="reproduce the paper's comparison end to end (data, models, interactions, report)",
        description="Simulate the paper's motif grammar, train a few presets, extract "
        "interactions on the test split with aggregated local attention and GLIFAC, and write "
        "a score table, figures, filter MEME files and a report. Defaults finish in about 6 "
        "minutes on 2 idle CPU cores; --n-samples 100000 --seeds 10 is the paper's scale.",
    )
    demo.add_argument(
        "--output-dir",
        type=Path,
        default=Path("demo_output"),
        help="folder for tables, figures and report (default: demo_output)",
    )
    demo.add_argument(
        "--n-samples",
        type=_positive_int,
        default=DEMO_N_SAMPLES,
        help=f"number of simulated sequences (default: {DEMO_N_SAMPLES}; paper: 100000)",
    )
    demo.add_argument(
        "--seq-len", type=_positive_int, default=200, help="sequence length (default: 200)"
    )
    from .models import PRESETS

    demo.add_argument(
        "--presets",
        nargs="+",
        type=_preset,
        choices=list(PRESETS),
        default=list(DEMO_PRESETS),
        metavar="PRESET",
        help=f"models to train, case-insensitive (default: {' '.join(DEMO_PRESETS)}; choices: "
        f"{', '.join(PRESETS)})",
    )
    demo.add_argument(
        "--seeds",
        type=_positive_int,
        default=1,
        help="random initialisations per model (default: 1; paper: 10)",
    )
    demo.add_argument(
        "--threshold",
        type=_probability,
        default=0.1,
        help="attention threshold of both methods (default: 0.1)",
    )
    demo.add_argument(
        "--null-alpha",
        type=_probability,
        default=0.05,
        help="level of the shuffled-sequence null cutoff (default: 0.05)",
    )
    demo.add_argument(
        "--jaspar",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also match filters against JASPAR CORE vertebrates to count random hits "
        "(default: on)",
    )
    demo.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    demo.add_argument(
        "--n-jobs",
        type=_positive_int,
        default=None,
        help="models trained in parallel, one single-threaded process each (default: number of "
        "CPU cores, at most the number of models; 1 trains in-process with per-epoch logs)",
    )
    _add_training(
        demo,
        presets_help="(applied to every preset)",
        epochs=DEMO_EPOCHS,
        batch_size=DEMO_BATCH_SIZE,
        batch_note=", the paper's",
    )
    _add_common(demo)

    # ---------------------------------------------------------------- reproduce
    from .experiments import DATA_DISTRIBUTIONS, PAPER_THRESHOLDS

    rep = sub.add_parser(
        "reproduce",
        help="the paper's experiment at full scale: presets x seeds x thresholds, resumable",
        description="Train paper presets as the authors did (100,000 sequences, 0.7/0.1/0.2, "
        "up to 100 epochs; --protocol code, the default: their code's batch 200, LR x0.2 after "
        "10 epochs without a lower validation loss, early stopping after 15; --protocol text: "
        "the paper's batch 100, LR x0.3 after 5 epochs without a gain in validation AUPR, early "
        "stopping after 10; best epoch restored), score local attention and GLIFAC at every "
        "attention "
        "threshold, write results.csv (one row per preset x seed x method x threshold) and a "
        "report with the paper's numbers beside ours. Finished runs are kept in "
        "OUTPUT_DIR/runs/: rerunning the same command resumes.",
    )
    rep.add_argument("--output-dir", type=Path, default=Path("reproduction"),
                     help="folder to write into (default: reproduction)")  # fmt: skip
    rep.add_argument(
        "--presets",
        nargs="+",
        default=["CNN20-Exp", "CNN20-ReLU"],
        type=_preset,
        choices=list(PRESETS),
        metavar="PRESET",
        help=f"paper presets (default: CNN20-Exp CNN20-ReLU; choices: {', '.join(PRESETS)})",
    )
    rep.add_argument("--seeds", type=_positive_int, default=3,
                     help="initialisations per preset (default: 3; the paper: 10)")  # fmt: skip
    rep.add_argument(
        "--data",
        nargs="+",
        default=["authors"],
        choices=list(DATA_DISTRIBUTIONS),
        help="data distributions: 'authors' (grammar pairs co-embedded, as in the authors' "
        "data) and/or 'independent' (the paper's text; the negative control) (default: authors)",
    )
    rep.add_argument(
        "--thresholds",
        nargs="+",
        type=_probability,
        default=list(PAPER_THRESHOLDS),
        help="attention thresholds (default: 0.0 0.1 ... 0.9)",
    )
    rep.add_argument("--n-samples", type=_positive_int, default=100_000,
                     help="simulated sequences (default: 100000)")  # fmt: skip
    rep.add_argument(
        "--protocol",
        choices=("code", "text"),
        default="code",
        help="training schedule: 'code', the authors' training code (batch 200, LR x0.2 after "
        "10 epochs without a lower validation loss, early stopping after 15; the default), or "
        "'text', the paper's text (batch 100, LR x0.3 after 5 epochs without a gain in "
        "validation AUPR, early stopping after 10)",
    )
    rep.add_argument(
        "--n-jobs",
        type=_positive_int,
        default=None,
        help="runs in parallel worker processes (default: one per CPU core)",
    )
    rep.add_argument(
        "--scheduler-address",
        default=None,
        help="Dask scheduler address (tcp://host:8786): send the runs to its workers",
    )
    rep.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    rep.add_argument(
        "--no-report", dest="report", action="store_false", help="skip the report and figures"
    )
    rep.add_argument(
        "--no-checkpoint",
        dest="checkpoint",
        action="store_false",
        help="no per-epoch checkpoints in OUTPUT_DIR/runs/<run>.ckpt/ (an interrupted run then "
        "starts over instead of continuing from its last epoch)",
    )
    _add_training(
        rep, presets_help="(applied to every preset)", epochs=100, batch_size=None,
        batch_note="the protocol's: 200 code, 100 text",
    )  # fmt: skip
    _add_common(rep)

    # ---------------------------------------------------------------- generate
    gen = sub.add_parser(
        "generate",
        help="write a synthetic data set (.npz, FASTA + labels)",
        description="Simulate sequences with the paper's motif grammar and write data.npz, "
        "sequences.fa, labels.tsv, true_interactions.tsv, sites.tsv and motifs.meme.",
    )
    gen.add_argument("--output-dir", type=Path, required=True, help="folder to write into")
    gen.add_argument(
        "--n-samples",
        type=_positive_int,
        default=20_000,
        help="number of sequences (default: 20000)",
    )
    gen.add_argument(
        "--seq-len", type=_positive_int, default=200, help="sequence length (default: 200)"
    )
    gen.add_argument(
        "--pair-rate",
        type=_probability,
        default=None,
        help="per-unit probability of each grammar pair (default: the authors' class balance, "
        "AND 0.052 and XOR 0.121 per pair; 0: independent sites, the paper's text)",
    )
    gen.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    _add_common(gen)

    # ---------------------------------------------------------------- train
    train = sub.add_parser(
        "train",
        help="train a preset on FASTA + labels or an .npz file, save the model",
        description="Train a convolution-attention network on your sequences. Input is a FASTA "
        "file (plain or gzip; ACGT in either case, one length) with a tab-separated labels table "
        "(header; first column = record names, one 0/1 column per task), or an .npz file with X "
        "and y. The output path is checked before training starts.",
    )
    src = train.add_mutually_exclusive_group(required=True)
    src.add_argument("--fasta", type=Path, help="FASTA file of training sequences")
    src.add_argument("--data", type=Path, help=".npz file with X (one-hot) and y")
    train.add_argument("--labels", type=Path, help="labels table (TSV) for --fasta")
    train.add_argument(
        "--preset",
        type=_preset,
        choices=list(PRESETS),
        default="CNN20-Exp",
        metavar="PRESET",
        help=f"one of the paper's presets, case-insensitive (default: CNN20-Exp; choices: "
        f"{', '.join(PRESETS)})",
    )
    train.add_argument(
        "--valid-fraction",
        type=_probability,
        default=0.125,
        help="fraction held out for validation (default: 0.125 = 0.1/0.8)",
    )
    train.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    train.add_argument(
        "--output",
        type=Path,
        required=True,
        help="model file to write (.pt: weights and a JSON of parameters, no pickle)",
    )
    train.add_argument(
        "--checkpoint-dir",
        type=Path,
        default=None,
        help="folder for a checkpoint after every epoch (default: OUTPUT.ckpt next to --output); "
        "rerunning the same command after an interruption continues from the last finished "
        "epoch and ends with the same model; removed once the model is saved",
    )
    train.add_argument(
        "--no-checkpoint",
        dest="checkpoint",
        action="store_false",
        help="do not checkpoint (an interrupted run then starts over)",
    )
    _add_sequence_options(train)
    _add_training(train, presets_help="", epochs=100, batch_size=100, batch_note=", the paper's")
    _add_common(train)

    # ---------------------------------------------------------------- interactions
    inter = sub.add_parser(
        "interactions",
        help="extract motif interactions from a trained model",
        description="Compute filter and motif interaction matrices with aggregated local "
        "attention and/or GLIFAC on the given sequences (typically a held-out test set), map "
        "filters to motifs with Tomtom, and write matrices, reported pairs, filter PWMs (MEME) "
        "and figures.",
    )
    inter.add_argument(
        "--model", type=Path, required=True, help="model file written by 'sklearn-glifac train'"
    )
    _add_device(inter, "run the model on")
    inter.add_argument(
        "--allow-pickle",
        action="store_true",
        help="also accept a pickled model (sklearn-glifac 0.1); unpickling runs any code the "
        "file names, so use it only for files you made or trust",
    )
    src = inter.add_mutually_exclusive_group(required=True)
    src.add_argument("--fasta", type=Path, help="FASTA file of sequences to analyse")
    src.add_argument("--data", type=Path, help=".npz file with X")
    inter.add_argument(
        "--method",
        choices=("both", "glifac", "local", "satori", "all"),
        default="both",
        help="interaction method: both = local attention and GLIFAC (default); satori = "
        "SATORI's Mann-Whitney test; all = the three",
    )
    inter.add_argument(
        "--no-test",
        dest="test",
        action="store_false",
        help="scores only: no per-pair p- and q-values for local attention and GLIFAC",
    )
    inter.add_argument(
        "--background",
        type=Path,
        default=None,
        help="FASTA of background sequences (e.g. confident negatives) as the null of every "
        "test; default: attention with its query positions permuted for local attention and "
        "GLIFAC, dinucleotide-shuffled copies of the analysed sequences for SATORI's test",
    )
    inter.add_argument(
        "--alpha",
        type=_probability,
        default=0.05,
        help="false discovery rate of the calls (q-value cutoff; default: 0.05)",
    )
    inter.add_argument(
        "--threshold", type=_probability, default=0.1, help="attention threshold (default: 0.1)"
    )
    inter.add_argument(
        "--motifs",
        default=None,
        help="motif database for filter labels: a MEME file or 'jaspar' "
        "(JASPAR CORE vertebrates); default: none (filters stay unlabelled)",
    )
    inter.add_argument(
        "--true-interactions",
        type=Path,
        default=None,
        help="ground truth (TSV motif x motif matrix, nonzero = interacting) to "
        "score against; needs --motifs; names are matched to motif names ignoring case, JASPAR "
        "ids (CTCF_MA1929.2) and dimer partners (TAL1::TCF3); an .npz from 'generate' carries "
        "its own",
    )
    inter.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    inter.add_argument("--output-dir", type=Path, required=True, help="folder to write into")
    inter.add_argument(
        "--chunk-size",
        type=_positive_int,
        default=None,
        help="sequences read, encoded and run through the network at a time (default: the "
        "model's batch size). The sequences are encoded chunk by chunk into a temporary file of "
        "one byte per base, so memory does not grow with their number; results equal the "
        "in-memory computation up to float rounding (bitwise for the same chunk size)",
    )
    _add_sequence_options(inter, max_length=False)
    _add_common(inter)
    return parser


def _configure(args):
    import matplotlib

    matplotlib.use("Agg")
    # --threads reaches torch through the models' n_threads (set per call, then restored), so
    # main() called from Python leaves the process's thread count as it was.


def _device(args, *, local=True):
    """``--device`` checked before any work (CUDA must exist where it runs), or None."""
    from . import _io

    if args.device is None:
        return None
    import torch

    try:
        device = torch.device(args.device)
    except RuntimeError:
        raise _io.InputError(
            f"--device: expected a torch device such as cpu, cuda or cuda:1, got {args.device!r}."
        ) from None
    if local and device.type == "cuda":
        n_gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if n_gpus == 0 or (device.index or 0) >= n_gpus:
            raise _io.InputError(
                f"--device {args.device}: this machine has {n_gpus} CUDA device(s) visible to "
                "torch."
            )
    return str(device)


def _classifier_kwargs(args, *, local=True):
    kwargs = dict(args.params)
    device = _device(args, local=local)
    if device is not None:
        if "device" in kwargs and str(kwargs["device"]) != device:
            from . import _io

            raise _io.InputError(
                f"--device {args.device} and --param device={kwargs['device']} disagree; "
                "give --device only."
            )
        kwargs["device"] = device
    kwargs["max_epochs"] = args.max_epochs
    if args.lr is not None:
        kwargs["lr"] = args.lr
    kwargs["batch_size"] = args.batch_size
    kwargs["n_threads"] = args.threads
    return kwargs


def _cmd_demo(args):
    from . import _io
    from .experiments import run_demo

    _io.check_writable(args.output_dir, what="--output-dir", directory=True)
    result = run_demo(
        args.output_dir,
        n_samples=args.n_samples,
        seq_len=args.seq_len,
        presets=args.presets,
        seeds=args.seeds,
        threshold=args.threshold,
        null_alpha=args.null_alpha,
        jaspar=args.jaspar,
        random_state=args.random_state,
        classifier_params=_classifier_kwargs(args),
        n_jobs=args.n_jobs,
        verbose=not args.quiet,
    )
    if args.quiet:  # the verbose run printed the full summary already
        print(result.summary)
        print(f"Report: {args.output_dir / 'report.html'}")


def _cmd_reproduce(args):
    from . import _io
    from .experiments import reproduce, summarize_reproduction

    _io.check_writable(args.output_dir, what="--output-dir", directory=True)
    # workers of a Dask cluster may have GPUs that this machine lacks
    params = _classifier_kwargs(args, local=args.scheduler_address is None)
    max_epochs = params.pop("max_epochs")
    params.pop("n_threads")  # reproduce's own threads= sets it in every run
    if params["batch_size"] is None:  # the protocol's
        params.pop("batch_size")
    device = params.pop("device", "cpu")  # reproduce's own device= spreads runs over GPUs
    result = reproduce(
        args.output_dir,
        presets=args.presets,
        seeds=args.seeds,
        data=args.data,
        thresholds=args.thresholds,
        n_samples=args.n_samples,
        max_epochs=max_epochs,
        protocol=args.protocol,
        classifier_params=params,
        n_jobs=args.n_jobs,
        threads=args.threads or 1,
        device=device,
        scheduler_address=args.scheduler_address,
        random_state=args.random_state,
        report=args.report,
        checkpoint=args.checkpoint,
        verbose=not args.quiet,
    )
    res = result.results
    if len(res):
        summary = summarize_reproduction(res)
        print(summary.to_string(max_rows=60, float_format=lambda v: f"{v:.3f}"))
    print(
        f"{len(result.trained)} run(s) trained, {len(result.skipped)} found on disk; "
        f"results in {args.output_dir}/results.csv",
    )


def _cmd_generate(args):
    from . import _io
    from .datasets import make_motif_interactions
    from .motifs import write_meme

    out = _io.check_writable(args.output_dir, what="--output-dir", directory=True)
    data = make_motif_interactions(
        args.n_samples,
        seq_len=args.seq_len,
        pair_rate="authors" if args.pair_rate is None else args.pair_rate,
        random_state=args.random_state,
    )
    names = [f"seq{i}" for i in range(len(data.X))]
    _io.save_npz(
        out / "data.npz",
        data.X,
        data.y,
        names=names,
        target_names=data.target_names,
        true_interactions=data.true_interactions,
    )
    _io.write_fasta(out / "sequences.fa", names, data.X)
    _io.write_labels(out / "labels.tsv", names, data.y, data.target_names)
    data.true_interactions.to_csv(out / "true_interactions.tsv", sep="\t")
    data.sites.to_csv(out / "sites.tsv", sep="\t", index=False)
    write_meme(data.motifs, out / "motifs.meme")
    print(
        f"wrote {len(names)} sequences of {args.seq_len} nt and "
        f"{len(data.target_names)} tasks to {out}/ (data.npz, sequences.fa, labels.tsv, "
        "true_interactions.tsv, sites.tsv, motifs.meme)",
    )


def _check_split(n, valid_fraction):
    """Room for a training and a validation set (else sklearn's train_test_split complains)."""
    from . import _io

    n_valid = math.ceil(n * valid_fraction)
    if n < 2 or n_valid < 1 or n - n_valid < 1:
        raise _io.InputError(
            f"training needs at least one training and one validation sequence: got {n} "
            f"sequence(s) with --valid-fraction {valid_fraction:g} ({n_valid} for validation)."
        )


def _cmd_train(args):
    from . import _io
    from .models import ConvAttentionClassifier, checkpoint_callbacks

    if args.fasta is not None and args.labels is None:
        raise _io.InputError("--fasta needs --labels (a TSV of 0/1 labels per sequence).")
    if args.data is not None and args.labels is not None:
        raise _io.InputError("--labels goes with --fasta; an .npz file carries its own labels.")
    if not 0 < args.valid_fraction < 1:
        raise _io.InputError("--valid-fraction must be strictly between 0 and 1.")
    _io.check_writable(args.output, what="--output")
    data = _io.load_dataset(
        fasta=args.fasta,
        labels=args.labels,
        data=args.data,
        unknown=args.unknown_bases,
        length_policy=args.length_policy,
        max_length=args.max_length,
    )
    _check_split(len(data.X), args.valid_fraction)
    kwargs = _classifier_kwargs(args)
    ckpt, resumed = None, 0
    if args.checkpoint:
        ckpt = args.checkpoint_dir or args.output.with_name(args.output.name + ".ckpt")
        resumed = _start_checkpoint(ckpt, args)
        kwargs["callbacks"] = list(kwargs.get("callbacks") or []) + checkpoint_callbacks(ckpt)
    clf = ConvAttentionClassifier(
        args.preset,
        random_state=args.random_state,
        train_split=args.valid_fraction,
        verbose=0 if args.quiet else 1,
        **kwargs,
    )
    start = time.perf_counter()
    clf.fit(data.X, data.y, epochs=max(0, clf.max_epochs - resumed))
    elapsed = time.perf_counter() - start
    _io.save_model(
        clf,
        args.output,
        preset=args.preset,
        target_names=data.target_names,
        true_interactions=data.true_interactions,
    )
    if ckpt is not None:  # the model file is the result; the checkpoints were only a means
        shutil.rmtree(ckpt, ignore_errors=True)
    best = max((h.get("valid_aupr", float("nan")) for h in clf.history), default=float("nan"))
    note = f" (resumed from epoch {resumed} in {ckpt})" if resumed else ""
    print(
        f"trained {args.preset} on {len(data.X)} sequences x {data.y.shape[1]} tasks in "
        f"{elapsed:.1f} s{note}; best validation AUPR {best:.3f}; saved to {args.output}"
    )


# Options that do not change the trained model (a GPU checkpoint may resume on a CPU).
_NOT_SETTINGS = ("quiet", "threads", "debug", "checkpoint_dir", "checkpoint", "output", "device")


def _start_checkpoint(folder, args):
    """Record the run's settings in its checkpoint folder; the epochs it holds (0 if new).

    A folder written by another command (other data, preset or parameters) is an error rather
    than a silent mix of two trainings.
    """
    import json

    from . import _io
    from .models import completed_epochs

    settings = {
        k: str(v) if isinstance(v, Path) else v
        for k, v in sorted(vars(args).items())
        if k not in _NOT_SETTINGS
    }
    for key in ("fasta", "labels", "data"):
        if settings.get(key):
            stat = Path(settings[key]).stat()
            settings[key] = [str(Path(settings[key]).resolve()), stat.st_size, stat.st_mtime_ns]
    text = json.dumps(settings, sort_keys=True, default=repr)
    record = folder / "command.json"
    if record.is_file():
        if record.read_text(encoding="utf-8") != text:
            raise _io.InputError(
                f"{folder} holds a checkpoint of a training with other settings or input files; "
                "delete it, or give another --checkpoint-dir, to start over."
            )
        return completed_epochs(folder)
    _io.check_writable(folder, what="--checkpoint-dir", directory=True)
    record.write_text(text, encoding="utf-8")
    return 0


def _read_truth(path):
    import pandas as pd

    from . import _io

    path = _io.existing_file(path, "true-interactions")
    try:
        table = pd.read_csv(path, sep="\t", index_col=0)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _io.InputError(f"{path}: could not read a motif x motif TSV: {exc}") from exc
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    if list(table.index) != list(table.columns):
        raise _io.InputError(
            f"{path}: the ground truth must be a square table with the same motif names as "
            "header and first column."
        )
    return table


def _truth_for_database(truth, database_names, *, source, database):
    """The ground truth renamed to the database's motif names (error if a name matches none).

    A truth motif that matches several database motifs (``CTCF`` -> ``CTCF``,
    ``CTCF_MA1929.2``) gives each of them its row and column.
    """
    import numpy as np
    import pandas as pd

    from . import _io
    from .motifs import match_motif_names

    matches = match_motif_names(truth.index, database_names)
    unmatched = [t for t, found in matches.items() if not found]
    if unmatched:
        raise _io.InputError(
            f"{source}: {len(unmatched)} of {len(truth)} ground-truth motif(s) match no motif in "
            f"{database} (compared ignoring case, JASPAR ids such as _MA1929.2, and reading a "
            f"dimer A::B as either partner): {', '.join(unmatched[:5])}. Use a motif database "
            "that holds them, or rename them in the ground truth."
        )
    if all(found == [t] for t, found in matches.items()):
        return truth
    source_of = {}
    for t, found in matches.items():
        for d in found:
            source_of.setdefault(d, t)  # a dimer naming two truth motifs keeps the first
    names = list(source_of)
    rows = [list(truth.index).index(source_of[d]) for d in names]
    values = np.asarray(truth)[np.ix_(rows, rows)]
    return pd.DataFrame(values, index=names, columns=names)


def _motif_database(motifs):
    """(value for extract_interactions, its motif names, a description) for --motifs."""
    from . import _io
    from .motifs import load_jaspar_collection, read_meme

    if motifs.lower() == "jaspar":
        return "jaspar", list(load_jaspar_collection()), "JASPAR CORE vertebrates"
    path = _io.existing_file(motifs, "motif (MEME)")
    return str(path), list(read_meme(path)), f"the MEME file '{path}'"


def _cmd_interactions(args):
    from . import _io
    from .experiments import extract_interactions

    motifs = args.motifs
    if motifs is not None and motifs.lower() in ("none", ""):
        motifs = None
    if args.true_interactions is not None and motifs is None:
        raise _io.InputError(
            "--true-interactions needs --motifs (a MEME file or 'jaspar'): interactions are "
            "scored through the filters' motif labels, and without labels every score is NaN."
        )
    _io.check_writable(args.output_dir, what="--output-dir", directory=True)
    payload = _io.load_model(
        args.model, allow_pickle=args.allow_pickle, device=_device(args) or "cpu"
    )
    clf = payload["estimator"]
    clf.set_params(n_threads=args.threads)
    if args.chunk_size is not None:  # the read-out batches are the chunks
        clf.set_params(batch_size=args.chunk_size)
    data = _io.load_dataset(
        fasta=args.fasta,
        data=args.data,
        require_labels=False,
        unknown=args.unknown_bases,
        length_policy=args.length_policy,
        seq_len=clf.seq_len_,
        max_length=None,
        stream=True,
        chunk_size=args.chunk_size or _io.STREAM_CHUNK_SIZE,
        directory=args.output_dir,
    )
    truth = _read_truth(args.true_interactions) if args.true_interactions else None
    source = str(args.true_interactions)
    if truth is None:
        truth = data.true_interactions
        source = str(args.data)
        if truth is None:
            truth, source = payload.get("true_interactions"), str(args.model)
    if motifs is not None:
        motifs, names, description = _motif_database(motifs)
        if truth is not None:
            truth = _truth_for_database(truth, names, source=source, database=description)
    else:
        truth = None  # a ground truth carried by the data is scored only with --motifs
    background = None
    if args.background is not None:
        background = _io.load_dataset(
            fasta=args.background,
            require_labels=False,
            unknown=args.unknown_bases,
            length_policy=args.length_policy,
            seq_len=clf.seq_len_,
            max_length=None,
        ).X
    methods = {"both": ("local", "glifac"), "all": ("local", "glifac", "satori")}.get(
        args.method, (args.method,)
    )
    summary = extract_interactions(
        clf,
        data.X,
        args.output_dir,
        methods=methods,
        threshold=args.threshold,
        motifs=motifs,
        true_interactions=truth,
        test=args.test,
        background=background,
        alpha=args.alpha,
        random_state=args.random_state,
        verbose=not args.quiet,
    )
    data.X.close()  # the temporary sequence file
    print(summary)


_COMMANDS = {
    "demo": _cmd_demo,
    "reproduce": _cmd_reproduce,
    "generate": _cmd_generate,
    "train": _cmd_train,
    "interactions": _cmd_interactions,
}


def main(argv=None):
    """Run the command line; returns the exit status (0 success, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure(args)
    try:
        _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("sklearn-glifac: interrupted", file=sys.stderr)
        return 130
    except (ValueError, TypeError, OSError, KeyError) as exc:
        if args.debug:
            raise
        message = str(exc).strip() or type(exc).__name__
        print(f"sklearn-glifac {args.command}: error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
