"""``sklearn-glifac interactions``: motif interactions of a saved model on given sequences."""

from __future__ import annotations

from ..experiments import extract_interactions
from ..io import (
    STREAM_CHUNK_SIZE,
    InputError,
    check_writable,
    existing_file,
    load_dataset,
    read_true_interactions,
)
from ..models import load_model
from ..motifs import load_jaspar_collection, read_meme, rename_true_interactions
from ._arguments import _device


def _motif_database(motifs):
    """(value for extract_interactions, its motif names, a description) for --motifs."""
    if motifs.lower() == "jaspar":
        return "jaspar", list(load_jaspar_collection()), "JASPAR CORE vertebrates"
    path = existing_file(motifs, "motif (MEME)")
    return str(path), list(read_meme(path)), f"the MEME file '{path}'"


def _cmd_interactions(args):
    motifs = args.motifs
    if motifs is not None and motifs.lower() in ("none", ""):
        motifs = None
    if args.true_interactions is not None and motifs is None:
        raise InputError(
            "--true-interactions needs --motifs (a MEME file or 'jaspar'): interactions are "
            "scored through the filters' motif labels, and without labels every score is NaN."
        )
    check_writable(args.output_dir, what="--output-dir", directory=True)
    payload = load_model(args.model, allow_pickle=args.allow_pickle, device=_device(args) or "cpu")
    clf = payload["estimator"]
    clf.set_params(n_threads=args.threads)
    if args.chunk_size is not None:  # the read-out batches are the chunks
        clf.set_params(batch_size=args.chunk_size)
    # the sequences and the background are read alike: no labels needed, the model's length
    sequences = dict(
        require_labels=False,
        unknown=args.unknown_bases,
        length_policy=args.length_policy,
        seq_len=clf.seq_len_,
        max_length=None,
    )
    data = load_dataset(
        fasta=args.fasta,
        data=args.data,
        **sequences,
        stream=True,
        chunk_size=args.chunk_size or STREAM_CHUNK_SIZE,
        directory=args.output_dir,
    )
    truth = read_true_interactions(args.true_interactions) if args.true_interactions else None
    source = str(args.true_interactions)
    if truth is None:
        truth = data.true_interactions
        source = str(args.data)
        if truth is None:
            truth, source = payload.get("true_interactions"), str(args.model)
    if motifs is not None:
        motifs, names, description = _motif_database(motifs)
        if truth is not None:
            try:
                truth = rename_true_interactions(truth, names, database=description)
            except ValueError as exc:
                raise InputError(f"{source}: {exc}") from None
    else:
        truth = None  # a ground truth carried by the data is scored only with --motifs
    background = None
    if args.background is not None:
        background = load_dataset(fasta=args.background, **sequences).X
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
