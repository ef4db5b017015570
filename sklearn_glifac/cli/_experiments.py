"""``sklearn-glifac demo`` and ``sklearn-glifac reproduce``: the paper's experiments."""

from __future__ import annotations

from ..experiments import reproduce, run_demo, summarize_reproduction
from ..io import check_writable
from ._arguments import _classifier_kwargs


def _cmd_demo(args):
    check_writable(args.output_dir, what="--output-dir", directory=True)
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
    check_writable(args.output_dir, what="--output-dir", directory=True)
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
        seeds=args.seeds if args.seed_list is None else args.seed_list,
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
