"""Argument types and the option groups several subcommands share."""

from __future__ import annotations

import argparse
import ast

from ..utils import DEFAULT_N_THREADS


def _probability(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}")
    return value


def _int_at_least(low, expected):
    """An argparse type: an integer >= ``low``; ``expected`` names it in the error."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
        return value

    return parse


_positive_int = _int_at_least(1, "a positive integer")
_nonnegative_int = _int_at_least(0, "an integer >= 0")


def _preset(text):
    """A preset name, case-insensitively (``cnn20-exp`` -> ``CNN20-Exp``)."""
    from ..models import PRESETS  # imports torch: only when a preset name is parsed

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
    from ..io import MAX_SEQ_LEN  # pandas and scikit-learn: only when the parser is built

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
        help=f"maximum number of training epochs (default: {epochs}; early stopping usually ends "
        "training sooner)",
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
