"""``sklearn-glifac train``: fit a preset on FASTA + labels or .npz, resumable, save the model."""

from __future__ import annotations

import json
import math
import shutil
import time
from pathlib import Path

from ..io import InputError, check_writable, load_dataset
from ..models import ConvAttentionClassifier, checkpoint_callbacks, completed_epochs, save_model
from ._arguments import _classifier_kwargs

# Options that do not change the trained model (a GPU checkpoint may resume on a CPU).
_NOT_SETTINGS = ("quiet", "threads", "debug", "checkpoint_dir", "checkpoint", "output", "device")


def _check_split(n, valid_fraction):
    """Room for a training and a validation set (else sklearn's train_test_split complains)."""
    n_valid = math.ceil(n * valid_fraction)
    if n < 2 or n_valid < 1 or n - n_valid < 1:
        raise InputError(
            f"training needs at least one training and one validation sequence: got {n} "
            f"sequence(s) with --valid-fraction {valid_fraction:g} ({n_valid} for validation)."
        )


def _cmd_train(args):
    if args.fasta is not None and args.labels is None:
        raise InputError("--fasta needs --labels (a TSV of 0/1 labels per sequence).")
    if args.data is not None and args.labels is not None:
        raise InputError("--labels goes with --fasta; an .npz file carries its own labels.")
    if not 0 < args.valid_fraction < 1:
        raise InputError("--valid-fraction must be strictly between 0 and 1.")
    check_writable(args.output, what="--output")
    data = load_dataset(
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
    save_model(
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


def _start_checkpoint(folder, args):
    """Record the run's settings in its checkpoint folder; the epochs it holds (0 if new).

    A folder written by another command (other data, preset or parameters) is an error rather
    than a silent mix of two trainings.
    """
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
            raise InputError(
                f"{folder} holds a checkpoint of a training with other settings or input files; "
                "delete it, or give another --checkpoint-dir, to start over."
            )
        return completed_epochs(folder)
    check_writable(folder, what="--checkpoint-dir", directory=True)
    record.write_text(text, encoding="utf-8")
    return 0
