"""The paper's experiment at full scale: presets x seeds x thresholds, resumable, in parallel.

:func:`reproduce` trains paper presets on the GLIFAC grammar with the paper's protocol,
extracts interactions with aggregated local attention and GLIFAC at every attention threshold
and writes one tidy row per preset x seed x method x threshold. Each finished run is written to
its own file at once, so an interrupted sweep resumes where it stopped: rerunning the same
command skips the runs on disk. Runs go to parallel worker processes (joblib) or, given a
scheduler address, to a Dask cluster (joblib's dask backend). :func:`evaluate_interactions` is
the per-model step, usable on any fitted classifier.

One writer per run: each run holds a lock file (``runs/<run>.lock``) while it trains, so two
``reproduce`` processes on one folder share the work instead of training a run twice; local
worker processes exit when the process that started them dies; ``config.json`` is created
atomically. On ``device="cuda"``, local runs take one GPU each (``cuda:0``, ``cuda:1``...).
"""

from __future__ import annotations

import numbers
import os
import shutil
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.utils import Bunch

from ..utils import check_int

if TYPE_CHECKING:
    from ..models import ConvAttentionClassifier
from ._config import DATA_DISTRIBUTIONS, PAPER_THRESHOLDS, RESULT_METRICS
from ._runner import (
    _atomic_csv,
    _check_config,
    _check_device,
    _exit_with_parent,
    _gpu_slot,
    _local_workers,
    _locked,
)

__all__ = [
    "cooccurrence_baseline",
    "DATA_DISTRIBUTIONS",
    "PAPER_THRESHOLDS",
    "evaluate_interactions",
    "load_reproduction",
    "reproduce",
]


def evaluate_interactions(
    clf: ConvAttentionClassifier,
    X: npt.ArrayLike,
    true_interactions: pd.DataFrame,
    motifs: Mapping[str, npt.ArrayLike],
    *,
    thresholds: float | Sequence[float] = PAPER_THRESHOLDS,
    qvalue_threshold: float = 0.05,
    random_state: int | np.random.RandomState | None = 0,
) -> Bunch:
    """Score local attention and GLIFAC of one fitted network at several attention thresholds.

    One forward pass over ``X`` and one filter-to-motif annotation (filter PWMs and Tomtom
    against ``motifs``) feed every method and threshold.

    Parameters
    ----------
    clf : ConvAttentionClassifier
        A fitted classifier.
    X : ndarray of shape (n_samples, 4, seq_len)
        Sequences to analyse (the paper: the test split).
    true_interactions : DataFrame of shape (n_motifs, n_motifs)
        Ground truth (``make_motif_interactions(...).true_interactions``).
    motifs : dict of str -> ndarray of shape (4, width)
        Motif database for the filter labels (the ground-truth motifs).
    thresholds : sequence of float, default=PAPER_THRESHOLDS
        Attention thresholds in [0, 1).
    qvalue_threshold : float, default=0.05
        Tomtom q-value cutoff of a filter label.
    random_state : int, default=0
        Seeds GLIFAC's random position pairs.

    Returns
    -------
    result : Bunch
        ``scores``: DataFrame with one row per method x threshold (``method``, ``threshold``,
        ``auroc``, ``aupr``, ``snr``, ``tpr``, ``ppv``, ``n_attended_pairs``); ``labels``:
        the filter labels; ``n_labelled_filters``; ``motif_coverage``; ``seconds``.
    """
    from ..inspection import threshold_sensitivity
    from ..models import ArrayReadout
    from ..motifs import annotate_filters, motif_coverage

    thresholds = [float(t) for t in np.atleast_1d(np.asarray(thresholds, dtype=float))]
    bad = [t for t in thresholds if not 0 <= t < 1]
    if bad or not thresholds:
        raise ValueError(f"thresholds must be non-empty values in [0, 1), got {bad or thresholds}.")
    start = time.perf_counter()
    lazy = clf.transform(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # small-database p-value note of memelite
        # the one filter annotation (PWMs from the streamed activations, Tomtom) of this network
        labels = annotate_filters(lazy, motifs, qvalue_threshold=qvalue_threshold).labels
    readout = ArrayReadout.from_readout(lazy)
    # the sweep of inspection.threshold_sensitivity in tidy form: one row per method and threshold
    # (a local-attention position pair counts when its attention exceeds t, as GLIFAC's does)
    sweep = threshold_sensitivity(
        readout, true_interactions, labels, thresholds=thresholds, random_state=random_state
    ).table
    rows = [
        {
            "method": method,
            "threshold": float(entry["threshold"]),
            **{m: entry[f"{prefix}_{m}"] for m in RESULT_METRICS},
            "n_attended_pairs": int(entry["n_attended_pairs"]),
        }
        for entry in sweep.to_dict("records")
        for method, prefix in (("local_attention", "local"), ("glifac", "glifac"))
    ]
    return Bunch(
        scores=pd.DataFrame(rows),
        labels=labels,
        n_labelled_filters=int(sum(bool(lab) for lab in labels)),
        motif_coverage=float(motif_coverage(labels, [str(n) for n in true_interactions.index])),
        seconds=time.perf_counter() - start,
    )


def cooccurrence_baseline(data: Bunch) -> Bunch:
    """Interaction scores of motif co-occurrence alone: no network, no attention.

    The Pearson correlation of the 0/1 presence of every pair of motifs over the sequences of a
    simulated data set, scored against its ground truth like a filter map whose filters are the
    motifs themselves. It measures how much of the grammar a data set gives away through
    co-occurrence: any method that notices co-activated filters inherits this signal.

    Parameters
    ----------
    data : Bunch
        The output of :func:`~sklearn_glifac.datasets.make_motif_interactions` (needs
        ``X``, ``sites``, ``target_names`` and ``true_interactions``).

    Returns
    -------
    result : Bunch
        ``matrix`` (DataFrame, motif x motif correlation), ``auroc`` and ``aupr``.

    Examples
    --------
    >>> from sklearn_glifac.datasets import make_motif_interactions
    >>> base = cooccurrence_baseline(make_motif_interactions(2000, random_state=0))
    >>> round(base.auroc, 2)
    1.0
    """
    from ..metrics import interaction_scores

    missing = [k for k in ("X", "sites", "target_names", "true_interactions") if k not in data]
    if missing:
        raise ValueError(f"data must be the output of make_motif_interactions; it lacks {missing}.")
    names = list(data.target_names)
    presence = np.zeros((len(data.X), len(names)))
    codes = pd.Categorical(data.sites["motif"], categories=names).codes
    presence[data.sites["sequence"].to_numpy(), codes] = 1
    with np.errstate(invalid="ignore", divide="ignore"):
        W = np.nan_to_num(np.corrcoef(presence.T))
    scores = interaction_scores(data.true_interactions, W, names, metrics=("auroc", "aupr"))
    return Bunch(matrix=pd.DataFrame(W, index=names, columns=names), **scores)


def _run_key(data, preset, seed):
    return f"{data}__{preset}__seed{seed}"


def _one_run(data, preset, seed, config, out):
    """Train and evaluate one (data, preset, seed) under its run lock; return the run key."""
    _exit_with_parent(config.get("parent_pid"))
    key = _run_key(data, preset, seed)
    runs = Path(out) / "runs"
    with _locked(runs / f"{key}.lock"):
        if (runs / f"{key}.csv").exists():  # another process finished it while we waited
            return key
        with _gpu_slot(runs, config.get("gpu_slots")) as device:
            return _train_run(data, preset, seed, config, out, device)


def _train_run(data, preset, seed, config, out, device):
    """Train and evaluate one run (its lock held); write its rows; return the run key."""
    from ..datasets import make_motif_interactions, train_val_test_split
    from ..models import ConvAttentionClassifier
    from ..motifs import load_motifs
    from ._training import EpochReporter

    key = _run_key(data, preset, seed)
    runs = Path(out) / "runs"
    # Every run regenerates the same data set from its seed (about 1 s for 100k sequences), so
    # workers, local or on a cluster, receive only a few parameters.
    d = make_motif_interactions(
        config["n_samples"],
        motifs=load_motifs(motif_set=config["motif_set"]),
        pair_rate=DATA_DISTRIBUTIONS[data],
        random_state=config["data_seed"],
    )
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(
        d.X, d.y, random_state=config["split_seed"]
    )
    log = runs / f"{key}.log"
    params = {**config["classifier_params"], "n_threads": config["threads"]}
    params["device"] = device or config.get("device", "cpu")
    reporter = ("epoch_log", EpochReporter(key, log_path=log))
    callbacks = list(params.pop("callbacks", None) or []) + [reporter]
    ckpt = runs / f"{key}.ckpt"
    if config.get("checkpoint", False):  # a run killed half-way continues from its last epoch
        from ..models import checkpoint_callbacks

        # the epochs left are counted from the checkpoint that is loaded when training starts
        callbacks += checkpoint_callbacks(ckpt, max_epochs=params["max_epochs"])
    clf = ConvAttentionClassifier(
        preset,
        random_state=config["random_state"] + seed,
        train_split=(X_va, y_va),
        callbacks=callbacks,
        **params,
    )
    start = time.perf_counter()
    clf.fit(X_tr, y_tr, epochs=clf.max_epochs)
    train_seconds = time.perf_counter() - start
    from sklearn.metrics import average_precision_score

    from ..metrics import mean_average_precision_score

    proba = clf.predict_proba(X_te)
    per_task = [
        float(average_precision_score(y_te[:, t], proba[:, t])) for t in range(y_te.shape[1])
    ]
    # the authors' number: every task pooled (Keras AUC(curve="PR") in their code)
    pooled = mean_average_precision_score(y_te, proba, average="micro")
    ev = evaluate_interactions(
        clf,
        X_te,
        d.true_interactions,
        d.motifs,
        thresholds=config["thresholds"],
        random_state=config["random_state"] + seed,
    )
    # the best epoch as early stopping saw it (validation loss or AUPR, by protocol)
    stop = dict(clf.callbacks_).get("early_stopping")
    monitor = getattr(stop, "monitor", "valid_aupr")
    valid = np.asarray(clf.history[:, monitor], dtype=float)
    if getattr(stop, "lower_is_better", False):
        valid = -valid
    scores = ev.scores
    table = pd.DataFrame(
        {
            "preset": preset,
            "seed": seed,
            "data": data,
            **{c: scores[c] for c in ("method", "threshold", *RESULT_METRICS, "n_attended_pairs")},
            "classification_aupr": float(np.mean(per_task)),
            "classification_aupr_micro": pooled,
            "epochs": len(clf.history),
            "best_epoch": int(np.nanargmax(valid)) + 1 if np.isfinite(valid).any() else 0,
            "train_seconds": train_seconds,
            "extract_seconds": ev.seconds,
            "n_labelled_filters": ev.n_labelled_filters,
            "motif_coverage": ev.motif_coverage,
        }
    )
    classification = pd.DataFrame(
        {"preset": preset, "seed": seed, "data": data, "task": d.target_names, "aupr": per_task}
    )
    if config.get("compare_methods"):  # every interaction method, one table per run
        from ._compare import compare_interaction_methods

        methods = compare_interaction_methods(
            clf, X_te, d.true_interactions, d.motifs,
            random_state=config["random_state"] + seed, **config["compare_methods"],
        ).table  # fmt: skip
        methods.insert(0, "data", data)
        methods.insert(0, "seed", seed)
        methods.insert(0, "preset", preset)
        _atomic_csv(methods, runs / f"{key}.methods.csv")
    # Results first, then the marker file: a run counts as finished only when both exist.
    _atomic_csv(classification, runs / f"{key}.classification.csv")
    _atomic_csv(table, runs / f"{key}.csv")
    shutil.rmtree(ckpt, ignore_errors=True)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(
            f"{time.strftime('%H:%M:%S')} {key} done: {len(clf.history)} epochs in "
            f"{train_seconds:.0f} s, test AUPR {np.mean(per_task):.4f} (mean of tasks), "
            f"{pooled:.4f} (tasks pooled)\n"
        )
    return key


def _check_names(values, allowed, name):
    values = [values] if isinstance(values, str) else list(values)
    if not values:
        raise ValueError(f"{name} is empty; give at least one of {list(allowed)}.")
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValueError(f"{name}: unknown {bad}; choose from {list(allowed)}.")
    return list(dict.fromkeys(values))


def _check_seeds(seeds: Any) -> list[int]:  # any user input: this is its check
    if isinstance(seeds, numbers.Integral) and not isinstance(seeds, bool):
        if seeds < 1:
            raise ValueError(f"seeds must be a positive integer or a list of ints, got {seeds}.")
        return list(range(int(seeds)))
    try:
        out = [int(s) for s in seeds]
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"seeds must be a positive integer or a list of ints, got {seeds!r}."
        ) from exc
    if not out or any(s < 0 for s in out):
        raise ValueError(f"seeds must be non-negative integers, got {seeds!r}.")
    return list(dict.fromkeys(out))


def reproduce(
    output_dir: str | os.PathLike[str] = "reproduction",
    *,
    presets: str | Sequence[str] = ("CNN20-Exp", "CNN20-ReLU"),
    seeds: int | Iterable[int] = 3,
    data: str | Sequence[str] = ("authors",),
    motif_set: str = "authors",
    thresholds: Sequence[float] = PAPER_THRESHOLDS,
    n_samples: int = 100_000,
    max_epochs: int = 100,
    protocol: str = "code",
    classifier_params: Mapping[str, Any] | None = None,
    n_jobs: int | None = None,
    threads: int = 1,
    device: str = "cpu",
    scheduler_address: str | None = None,
    random_state: int = 0,
    report: bool = True,
    checkpoint: bool = True,
    compare_methods: bool | Mapping[str, Any] = False,
    verbose: bool | int = True,
) -> Bunch:
    """Run the paper's experiment: train presets x seeds, score both methods at every threshold.

    The authors' setting by default: 100,000 sequences of the GLIFAC grammar split 0.7 / 0.1 /
    0.2, up to 100 epochs with the training schedule of their code (``protocol="code"``: batches
    of 200, learning rate x0.2 after 10 epochs without a lower validation loss, early stopping
    after 15, the best validation-loss epoch's parameters restored; ``protocol="text"`` for the
    paper's text); local attention and GLIFAC on the test split at every threshold of
    ``thresholds``, scored against the ground truth with filters labelled by Tomtom against the
    ground-truth motifs. Classification is scored both as the mean of the per-task test AUPRs
    (``classification_aupr``) and as the AUPR of every task pooled
    (``classification_aupr_micro``, the authors' number).

    Resumable: each finished run writes ``runs/<data>__<preset>__seed<k>.csv`` at once;
    rerunning with the same ``output_dir`` skips the runs whose file exists and trains the rest.
    The runs' settings are stored in ``config.json``; rerunning with other settings in the same
    folder is an error (the tables would mix experiments).

    Parameters
    ----------
    output_dir : str or path-like, default="reproduction"
        Folder for ``runs/`` (one CSV and one log per run), ``results.csv`` (all runs, one row
        per preset x seed x method x threshold), ``classification.csv`` (per-task test AUPR),
        ``config.json`` and, with ``report=True``, the report and its figures.
    presets : sequence of str, default=("CNN20-Exp", "CNN20-ReLU")
        Paper presets (:data:`~sklearn_glifac.models.PRESETS`); all nine are allowed.
    seeds : int or sequence of int, default=3
        Random initialisations per preset (the paper used 10): ``3`` means seeds 0, 1, 2.
    data : sequence of {"authors", "independent"}, default=("authors",)
        Data distributions (:data:`DATA_DISTRIBUTIONS`): the authors' dataset (grammar pairs
        co-embedded) and the paper's text (independent sites; the negative control).
    motif_set : {"authors", "authors_listed", "latest"}, default="authors"
        The twelve motif matrices (:data:`~sklearn_glifac.motifs.MOTIF_SETS`): the authors'
        (TEAD1 MA0090.3, as their learned filters show), the same with TEAD1 MA0090.1 as their
        Tomtom list names it, or the latest JASPAR versions of the paper's TF names. The
        matrix IDs are stored in ``config.json``.
    thresholds : sequence of float, default=(0.0, 0.1, ..., 0.9)
        Attention thresholds of both methods.
    n_samples : int, default=100_000
        Sequences simulated (one data set per distribution, shared by every run).
    max_epochs : int, default=100
        Epoch cap of every training.
    protocol : {"code", "text"}, default="code"
        Training schedule (:data:`~sklearn_glifac.models.TRAINING_PROTOCOLS`). ``"code"``:
        what the authors' training code ran, and so what their numbers came from (batch 200;
        learning rate x0.2 after 10 epochs without a lower validation loss; early stopping
        after 15; the best validation-loss epoch restored). ``"text"``: the paper's text
        (batch 100; x0.3 after 5 epochs without a gain in validation AUPR; early stopping after
        10; the best validation-AUPR epoch restored). ``classifier_params`` override it.
    classifier_params : dict, default=None
        Extra :class:`~sklearn_glifac.models.ConvAttentionClassifier` parameters (e.g.
        ``{"entropy_weight": 0.001}``, ``{"batch_size": 100}``); they take precedence over
        ``protocol``; ``verbose`` defaults to 0 in workers (each run logs one line per epoch
        to ``runs/<run>.log``).
    n_jobs : int, default=None
        Runs in parallel worker processes (``None``: one per CPU core, or one per GPU with
        ``device="cuda"``, at most the number of runs left; ignored with
        ``scheduler_address``).
    threads : int, default=1
        Torch CPU threads per run (on small CPUs one thread per process is fastest).
    device : str, default="cpu"
        Torch device of every network. ``"cuda"`` (no index) on a local machine spreads the
        runs over its GPUs: each running job holds one of ``n_jobs`` slots and trains on
        ``cuda:{slot % n_gpus}``, so the default ``n_jobs`` runs one job per GPU. ``"cuda:1"``
        puts every run on that GPU (``n_jobs`` defaults to 1). With ``scheduler_address`` the
        device is passed to the workers as it is: start one Dask worker per GPU, each seeing
        its own (``CUDA_VISIBLE_DEVICES``), and pass ``"cuda"``. Not stored in
        ``config.json``: a sweep may be resumed on another device (results then differ
        within float rounding; see the reproducibility guide).
    scheduler_address : str, default=None
        Address of a Dask scheduler (``"tcp://host:8786"``): runs are sent to its workers
        through joblib's dask backend (needs ``dask[distributed]``).
    random_state : int, default=0
        Seeds the data, the split and (``random_state + seed``) each network.
    report : bool, default=True
        Write ``report.html``/``report.md`` with the paper-style figures.
    checkpoint : bool, default=True
        Checkpoint every run after every epoch in ``runs/<run>.ckpt/`` (removed when the run
        finishes): a run interrupted half-way (a killed process or cluster worker) continues
        from its last finished epoch and ends with the same numbers as an uninterrupted run.
    compare_methods : bool or dict, default=False
        Also run :func:`compare_interaction_methods` (every interaction method of the two
        studies) on each run's test split and write ``runs/<run>.methods.csv`` and
        ``methods.csv``; a dict passes its keyword arguments (e.g. ``{"max_sequences": 200}``,
        advisable: FIS and DFIM cost hundreds of forward passes per sequence). Stored in
        ``config.json`` when set.
    verbose : bool, default=True
        Progress bar over runs and a summary.

    Returns
    -------
    result : Bunch
        ``results`` (DataFrame, all finished runs), ``classification`` (DataFrame),
        ``files`` (written paths), ``skipped`` (run keys found on disk), ``trained`` (run keys
        trained now), and ``methods`` (DataFrame, with ``compare_methods``).
    """
    from ..models import PRESETS, TRAINING_PROTOCOLS
    from ..motifs import MOTIF_SETS

    presets = _check_names(presets, PRESETS, "presets")
    data = _check_names(data, DATA_DISTRIBUTIONS, "data")
    seeds = _check_seeds(seeds)
    thresholds = [float(t) for t in np.atleast_1d(np.asarray(thresholds, dtype=float))]
    if not thresholds or any(not 0 <= t < 1 for t in thresholds):
        raise ValueError(f"thresholds must be non-empty values in [0, 1), got {thresholds}.")
    n_samples = check_int(n_samples, name="n_samples", low=50)
    max_epochs = check_int(max_epochs, name="max_epochs")
    threads = check_int(threads, name="threads")
    n_jobs = check_int(n_jobs, name="n_jobs", allow_none=True)
    # numpy seeds are non-negative; checked here so a bad value fails before any work
    random_state = check_int(random_state, name="random_state", low=0)
    params = _check_classifier_params(classifier_params)
    device = _check_device(device)
    if scheduler_address is None:  # Dask workers may have GPUs that this machine lacks
        _local_workers(device, 1, 1, 1)  # no CUDA device for a CUDA sweep: an error now
    params.setdefault("max_epochs", int(max_epochs))
    if protocol not in TRAINING_PROTOCOLS:
        raise ValueError(f"protocol must be one of {list(TRAINING_PROTOCOLS)}, got {protocol!r}.")
    for key, value in TRAINING_PROTOCOLS[protocol].items():
        params.setdefault(key, value)
    params.setdefault("verbose", 0)

    out = Path(output_dir)
    runs_dir = out / "runs"
    try:
        runs_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"output_dir {str(out)!r} cannot be created: {exc}") from exc
    rs = np.random.RandomState(random_state)
    if motif_set not in MOTIF_SETS:
        raise ValueError(f"motif_set must be one of {list(MOTIF_SETS)}, got {motif_set!r}.")
    config: dict[str, Any] = {
        "n_samples": int(n_samples),
        "motif_set": motif_set,
        # the IDs themselves: a set's matrices may change between versions (TEAD1 did)
        "motif_ids": dict(MOTIF_SETS[motif_set]),
        "thresholds": thresholds,
        "classifier_params": {k: v for k, v in params.items() if k != "callbacks"},
        "random_state": int(random_state),
        "data_seed": int(rs.randint(2**31 - 1)),
        "split_seed": int(rs.randint(2**31 - 1)),
    }
    if compare_methods is not False:
        if compare_methods is True:
            compare_methods = {}
        if not isinstance(compare_methods, dict):
            raise ValueError(
                f"compare_methods must be True, False or a dict, got {compare_methods!r}."
            )
        config["compare_methods"] = dict(compare_methods)  # only when set: old folders match
    _check_config(out / "config.json", config)
    config["classifier_params"] = params
    config["threads"] = int(threads)
    config["device"] = device  # not stored, like threads: a sweep may resume elsewhere
    if not isinstance(checkpoint, bool):
        raise ValueError(f"checkpoint must be True or False, got {checkpoint!r}.")
    config["checkpoint"] = checkpoint  # not stored: it does not change the numbers

    # Seed-major order: an interrupted sweep has every preset at its first seeds.
    jobs = [(d, p, s) for s in seeds for d in data for p in presets]
    done = [j for j in jobs if (runs_dir / f"{_run_key(*j)}.csv").exists()]
    todo = [j for j in jobs if j not in done]
    if verbose and done:
        print(f"{len(done)} of {len(jobs)} runs already finished in {runs_dir}: skipped")
    trained = _run_all(todo, config, out, n_jobs, scheduler_address, verbose)

    results, classification = load_reproduction(out, jobs=jobs)
    files = []
    for name, df in (("results.csv", results), ("classification.csv", classification)):
        _atomic_csv(df, out / name)
        files.append(out / name)
    if report and len(results):
        from ._report import write_reproduction_report

        shown = _shown_config(config, n_samples, data, motif_set, protocol, presets, seeds)
        files += list(
            write_reproduction_report(results, out, classification=classification, config=shown)
        )
    methods = pd.DataFrame()
    if config.get("compare_methods") is not None:
        methods = _collect_methods(jobs, out)
        if len(methods.columns):
            files.append(out / "methods.csv")
    return Bunch(
        results=results,
        classification=classification,
        methods=methods,
        files=files,
        skipped=[_run_key(*j) for j in done],
        trained=trained,
    )


def _shown_config(config, n_samples, data, motif_set, protocol, presets, seeds):
    """The settings the report lists, as strings."""
    return {
        "sequences": f"{n_samples} (0.7 / 0.1 / 0.2)",
        "data": ", ".join(data),
        "motifs": motif_set,
        "protocol": protocol,
        "presets": ", ".join(presets),
        "seeds": ", ".join(map(str, seeds)),
        "thresholds": ", ".join(f"{t:g}" for t in config["thresholds"]),
        "classifier parameters": ", ".join(
            f"{k}={v}" for k, v in config["classifier_params"].items() if k != "callbacks"
        ),
        "random_state": config["random_state"],
    }


def _check_classifier_params(classifier_params):
    """A copy of ``classifier_params`` without the keys that ``reproduce`` sets itself."""
    params = dict(classifier_params or {})
    for reserved in ("random_state", "train_split", "preset"):
        if reserved in params:
            raise ValueError(
                f"classifier_params must not set {reserved!r}: reproduce sets it per run."
            )
    if "device" in params:
        raise ValueError("classifier_params must not set 'device': use reproduce(device=...).")
    return params


def _collect_methods(jobs, out):
    """The runs' method-comparison tables in one ``methods.csv`` (empty frame when none)."""
    tables = [Path(out) / "runs" / f"{_run_key(*j)}.methods.csv" for j in jobs]
    tables = [pd.read_csv(t) for t in tables if t.exists()]
    if not tables:
        return pd.DataFrame()
    methods = pd.concat(tables, ignore_index=True)
    _atomic_csv(methods, Path(out) / "methods.csv")
    return methods


def _run_all(todo, config, out, n_jobs, scheduler_address, verbose):
    """Run the missing jobs locally (joblib processes) or on a Dask cluster."""
    from joblib import Parallel, delayed, parallel_backend

    from ..utils import progress

    if not todo:
        return []
    bar = progress(total=len(todo), desc="reproduce", unit="run", verbose=verbose)
    trained = []
    try:
        if scheduler_address is not None:
            from dask.distributed import Client

            tasks = [delayed(_one_run)(*job, config, str(out)) for job in todo]
            with Client(scheduler_address), parallel_backend("dask"):
                for key in Parallel(return_as="generator_unordered")(tasks):
                    trained.append(key)
                    bar.update(1)
        else:
            n, slots = _local_workers(config["device"], n_jobs, len(todo), config["threads"])
            # worker processes exit with this one; GPU runs take one slot (one GPU) each
            config = {**config, "parent_pid": os.getpid(), "gpu_slots": slots}
            tasks = [delayed(_one_run)(*job, config, str(out)) for job in todo]
            if verbose:
                print(
                    f"training {len(todo)} run(s) in {n} process(es) on {config['device']}; "
                    f"per-epoch progress in {Path(out) / 'runs'}/*.log"
                )
            for key in Parallel(n_jobs=n, return_as="generator_unordered")(tasks):
                trained.append(key)
                bar.update(1)
                bar.set_postfix_str(key)
    finally:
        bar.close()
    return trained


def load_reproduction(
    output_dir: str | os.PathLike[str], *, jobs: Iterable[tuple[str, str, int]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The finished runs of a :func:`reproduce` folder as two tables.

    Parameters
    ----------
    output_dir : str or path-like
        A folder written by :func:`reproduce`.
    jobs : list of (data, preset, seed), default=None
        Runs to load, in this order; ``None`` loads every finished run.

    Returns
    -------
    results, classification : DataFrame
    """
    runs = Path(output_dir) / "runs"
    if not runs.is_dir():
        raise ValueError(f"{str(output_dir)!r} holds no runs/ folder: is it a reproduce folder?")
    if jobs is None:
        keys = sorted(p.name[: -len(".csv")] for p in runs.glob("*__seed*.csv")
                      if not p.name.endswith((".classification.csv", ".methods.csv")))  # fmt: skip
    else:
        keys = [_run_key(*j) for j in jobs if (runs / f"{_run_key(*j)}.csv").exists()]
    results = [pd.read_csv(runs / f"{k}.csv") for k in keys]
    classification = [pd.read_csv(runs / f"{k}.classification.csv") for k in keys]
    if not results:
        return pd.DataFrame(), pd.DataFrame()
    return pd.concat(results, ignore_index=True), pd.concat(classification, ignore_index=True)
