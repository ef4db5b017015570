"""The argparse parser of ``sklearn-glifac``: one function per subcommand."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__
from ._options import (
    _add_common,
    _add_device,
    _add_sequence_options,
    _add_training,
    _nonnegative_int,
    _positive_int,
    _preset,
    _probability,
)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of ``sklearn-glifac`` (used by :func:`main` and the docs)."""
    from ..models import PRESETS  # torch: imported when the parser is built, not on import

    parser = argparse.ArgumentParser(
        prog="sklearn-glifac",
        description="Motif interactions from convolution-attention networks: simulate data, "
        "train the GLIFAC paper's models, and extract interactions with local attention "
        "(SATORI) and GLIFAC.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_demo_parser(sub, PRESETS)
    _add_reproduce_parser(sub, PRESETS)
    _add_generate_parser(sub)
    _add_train_parser(sub, PRESETS)
    _add_interactions_parser(sub)
    return parser


def _add_demo_parser(sub, presets):
    """``sklearn-glifac demo``."""
    # the demo's defaults only (light: neither the demo's code nor torch is imported here)
    from ..experiments import DEMO_BATCH_SIZE, DEMO_EPOCHS, DEMO_N_SAMPLES, DEMO_PRESETS

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
    demo.add_argument(
        "--presets",
        nargs="+",
        type=_preset,
        choices=list(presets),
        default=list(DEMO_PRESETS),
        metavar="PRESET",
        help=f"models to train, case-insensitive (default: {' '.join(DEMO_PRESETS)}; choices: "
        f"{', '.join(presets)})",
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


def _add_reproduce_parser(sub, presets):
    """``sklearn-glifac reproduce``."""
    from ..experiments import DATA_DISTRIBUTIONS, PAPER_THRESHOLDS

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
        choices=list(presets),
        metavar="PRESET",
        help=f"paper presets (default: CNN20-Exp CNN20-ReLU; choices: {', '.join(presets)})",
    )
    seeds = rep.add_mutually_exclusive_group()
    seeds.add_argument("--seeds", type=_positive_int, default=3,
                       help="initialisations per preset: seeds 0 to N-1 (default: 3; the paper: "
                       "10)")  # fmt: skip
    seeds.add_argument("--seed-list", type=_nonnegative_int, nargs="+", metavar="SEED",
                       help="these seeds instead of --seeds' 0 to N-1 (e.g. --seed-list 1 to "
                       "train or resume seed 1 alone)")  # fmt: skip
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


def _add_generate_parser(sub):
    """``sklearn-glifac generate``."""
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


def _add_train_parser(sub, presets):
    """``sklearn-glifac train``."""
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
        choices=list(presets),
        default="CNN20-Exp",
        metavar="PRESET",
        help=f"one of the paper's presets, case-insensitive (default: CNN20-Exp; choices: "
        f"{', '.join(presets)})",
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


def _add_interactions_parser(sub):
    """``sklearn-glifac interactions``."""
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
