"""Command-line interface: ``sklearn-glifac {demo,reproduce,generate,train,interactions}``.

Every subcommand has ``--help``. Errors in user input (missing files, FASTA with ``N`` bases,
sequences of unequal length, labels that do not match the sequences, unwritable outputs, bad
parameter values; the user guide's "Input files" page lists them all) are printed as one line on
stderr with exit status 2, before any training or extraction starts; ``--debug`` shows the
traceback instead. Progress goes to stderr: bars on a terminal, newline-terminated lines (start,
every 30 s, end of each step) when it is redirected; ``--quiet`` hides progress, never the final
result summary.

The parser is built in ``_parser`` (one function per subcommand); each subcommand runs in its
own module (``_experiments``: demo and reproduce; ``_generate``; ``_train``; ``_interactions``),
imported only when it runs, so ``import sklearn_glifac.cli`` and ``--help`` stay light.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from ._parser import build_parser

__all__ = ["build_parser", "main"]

# subcommand -> module holding its ``_cmd_<subcommand>(args)``
_COMMAND_MODULES = {
    "demo": "_experiments",
    "reproduce": "_experiments",
    "generate": "_generate",
    "train": "_train",
    "interactions": "_interactions",
}


def _configure(args):
    import matplotlib

    matplotlib.use("Agg")
    # --threads reaches torch through the models' n_threads (set per call, then restored), so
    # main() called from Python leaves the process's thread count as it was.


def _run(args):
    module = importlib.import_module(f"{__name__}.{_COMMAND_MODULES[args.command]}")
    getattr(module, f"_cmd_{args.command}")(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 success, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure(args)
    try:
        _run(args)
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
