"""The end-to-end demo behind ``sklearn-glifac demo``: data, training, analysis, report.

:func:`run_demo` reproduces the paper's comparison at a chosen scale: simulate the motif grammar,
train presets, map filters to motifs, extract interactions on the test split with aggregated local
attention and with GLIFAC, sweep the attention threshold, and write tables, figures, filter MEME
files and a self-contained report. It composes the pieces :func:`reproduce` uses: the training
runner and epoch reporter (``_training``), the one scoring path
(:func:`~sklearn_glifac.metrics.interaction_scores`), :func:`compare_interaction_methods`, the
figures of :mod:`sklearn_glifac.plotting` and the one report writer (``_document``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.utils import Bunch, check_random_state

from ..datasets import dinucleotide_shuffle, make_motif_interactions, train_val_test_split
from ..metrics import ground_truth_pairs, mean_average_precision_score
from ..models import PRESETS, save_model
from ..motifs import (
    annotate_filters,
    motif_interaction_matrix,
    random_hits,
    write_filter_meme,
    write_meme,
)
from ..plotting import (
    plot_attention_distributions,
    plot_filter_logos,
    plot_interaction_maps,
    plot_threshold_sensitivity,
)
from ..utils import available_cores
from ._compare import compare_interaction_methods
from ._config import (
    DEMO_BATCH_SIZE,
    DEMO_COMPARE_SEQUENCES,
    DEMO_COMPARE_SLOW_SEQUENCES,
    DEMO_ENTROPY_WEIGHT,
    DEMO_EPOCHS,
    DEMO_N_SAMPLES,
    DEMO_PRESETS,
    PAPER_THRESHOLDS,
    SCORE_COLUMNS,
    TIME_COLUMNS,
)
from ._demo_analysis import _analyse_model
from ._demo_report import (
    _attention_caption,
    _ci_table,
    _logos_caption,
    _maps_caption,
    _print_summary,
    _score_tables,
    _sensitivity_caption,
    _text_table,
    _write_demo_report,
)
from ._document import _markdown_table, _save_figure
from ._extract import _filter_names
from ._training import _log, _timer, _train_all

__all__ = ["run_demo"]


def run_demo(
    output_dir: str | os.PathLike[str] = "demo_output",
    *,
    n_samples: int = DEMO_N_SAMPLES,
    seq_len: int = 200,
    presets: Sequence[str] = DEMO_PRESETS,
    seeds: int = 1,
    threshold: float = 0.1,
    thresholds: Sequence[float] = PAPER_THRESHOLDS,
    null_alpha: float = 0.05,
    jaspar: bool = True,
    random_state: int = 0,
    classifier_params: Mapping[str, Any] | None = None,
    n_jobs: int | None = None,
    compare_methods: bool = True,
    verbose: bool = True,
) -> Bunch:
    """Reproduce the paper's local attention vs GLIFAC comparison and write a report.

    Parameters
    ----------
    output_dir : str or path-like, default="demo_output"
        Folder for ``scores.csv``/``.md``, ``timings.csv``, ``threshold_sensitivity.csv``,
        ``figures/*.png``, ``filters/*.meme``, ``filters/*_tomtom.csv``, ``report.md`` and
        ``report.html`` (figures embedded).
    n_samples : int, default=70_000
        Simulated sequences (split 0.7 / 0.1 / 0.2), with the authors' data distribution (see
        :func:`~sklearn_glifac.datasets.make_motif_interactions`). The paper used 100,000.
    seq_len : int, default=200
        Sequence length.
    presets : sequence of str, default=("CNN20-Exp", "CNN20-ReLU")
        Paper presets to train (the paper's published GLIFAC run is CNN20-Exp).
    seeds : int, default=1
        Random initialisations per preset (the paper used 10).
    threshold : float, default=0.1
        Attention threshold of both methods for the main table.
    thresholds : sequence of float, default=(0.0, 0.1, ..., 0.9)
        Thresholds of the sensitivity sweep.
    null_alpha : float, default=0.05
        Level of the shuffled-sequence null cutoff for local attention.
    jaspar : bool, default=True
        Also match filters against JASPAR CORE vertebrates and count "random hits" (filters
        that match a real motif outside the ground truth; dimers count when a partner is a
        ground-truth motif, names compare case-insensitively).
    random_state : int, default=0
        Seeds the data, the split, the shuffles and (``random_state + seed``) each network.
    classifier_params : dict, default=None
        Extra :class:`~sklearn_glifac.models.ConvAttentionClassifier` parameters for every
        preset (e.g. ``{"max_epochs": 5, "module__n_filters": 8}``). Defaults here:
        ``max_epochs=8`` (the paper: 100) and ``batch_size=100``; otherwise the paper's
        protocol (no attention-entropy penalty; ``{"entropy_weight": 0.001}`` adds
        SATORI-v2's).
    n_jobs : int, default=None
        Models trained in parallel, each in its own single-threaded process (``None``: as many
        as there are CPU cores, at most the number of models; 1: in this process, with
        skorch's per-epoch log).
    compare_methods : bool, default=True
        Also run every interaction method of the two studies
        (:func:`~sklearn_glifac.experiments.compare_interaction_methods`) on the first model
        (first preset, seed 0): the fast ones on up to 2,000 test sequences, attributions,
        FIS and DFIM on 10; the table goes to ``methods.csv`` and the report.
    verbose : bool, default=True
        Print progress, training logs and the tables.

    Returns
    -------
    result : Bunch
        ``scores`` (DataFrame, one row per model and seed), ``sensitivity`` (DataFrame),
        ``files`` (list of written paths), ``timings`` (dict of global step times in seconds),
        ``summary`` (the main score table as printed text).
    """

    presets, classifier_params, n_jobs = _check_demo(
        presets, seeds, classifier_params, n_jobs, verbose
    )
    out = Path(output_dir)
    for folder in ("figures", "filters", "models"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    totals: dict[str, float] = {}
    start_all = time.perf_counter()
    rng = check_random_state(random_state)
    with _timer(totals, "data generation"):
        data = make_motif_interactions(n_samples, seq_len=seq_len, random_state=rng.randint(2**31))
        X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(
            data.X, data.y, random_state=rng.randint(2**31)
        )
        X_null = dinucleotide_shuffle(X_te, random_state=rng.randint(2**31))
    _log(
        verbose,
        f"data: {n_samples} sequences of {seq_len} nt -> train {len(X_tr)}, "
        f"validation {len(X_va)}, test {len(X_te)}",
    )
    write_meme(data.motifs, out / "filters" / "ground_truth_motifs.meme")
    files = [out / "filters" / "ground_truth_motifs.meme"]

    jobs = [(p, s) for p in presets for s in range(seeds)]
    n_jobs = min(available_cores() if n_jobs is None else n_jobs, len(jobs))
    fitted = _train_all(
        jobs, (X_tr, y_tr, X_va, y_va), classifier_params, random_state=random_state,
        n_jobs=n_jobs, verbose=verbose,
    )  # fmt: skip
    rows, sweeps, artefacts, comparisons = [], [], {}, []
    settings = {"threshold": threshold, "thresholds": thresholds, "null_alpha": null_alpha}
    for preset, seed in jobs:
        clf, train_seconds = fitted.pop((preset, seed))
        compare = compare_methods and (preset, seed) == jobs[0]
        row, sweep, art, comparison = _demo_model(
            clf, train_seconds, preset, seed, data, (X_te, y_te, X_null), out, files,
            name=preset if seeds == 1 else f"{preset} (seed {seed})", compare=compare,
            jaspar=jaspar, random_state=random_state, verbose=verbose, **settings,
        )  # fmt: skip
        rows.append(row)
        sweeps += [{"model": preset, "seed": seed, **entry} for entry in sweep]
        artefacts[(preset, seed)] = art
        if comparison is not None:
            comparisons.append(comparison)

    table, sensitivity = pd.DataFrame(rows), pd.DataFrame(sweeps)
    files, methods_table, extra_sections = _write_tables(
        table, sensitivity, comparisons, out, files
    )
    with _timer(totals, "figures"):
        figures, captions = _demo_figures(
            artefacts, table, sensitivity, data.true_interactions, out,
            presets=presets, seeds=seeds, threshold=threshold, thresholds=thresholds,
            null_alpha=null_alpha,
        )  # fmt: skip
    files += [p for _, p in figures]

    totals["total"] = time.perf_counter() - start_all
    config = {
        "sequences": f"{n_samples} x {seq_len} nt (train {len(X_tr)}, validation {len(X_va)}, "
        f"test {len(X_te)})",
        "presets": ", ".join(presets),
        "initialisations per preset": seeds,
        "attention threshold": threshold,
        "null level (alpha)": null_alpha,
        "classifier parameters": ", ".join(
            f"{k}={v}" for k, v in classifier_params.items() if k != "verbose"
        ),
        "random_state": random_state,
    }
    md, html_path = _write_demo_report(
        out, config=config, table=table, sweep_path=out / "threshold_sensitivity.csv",
        figures=figures, files=files, totals=totals, captions=captions,
        extra_sections=extra_sections,
    )  # fmt: skip
    files = [md, html_path, *files]
    if verbose:
        _print_summary(table, methods_table, totals)
        print(f"\nReport: {html_path} (and {md.name}); {len(files)} files in {out}/")
    main = _score_tables(table)[0]
    return Bunch(
        scores=table, sensitivity=sensitivity, files=files, timings=totals,
        summary=_text_table(main),
    )  # fmt: skip


def _check_demo(presets, seeds, classifier_params, n_jobs, verbose):
    """Checked presets, the classifier parameters with the demo's defaults, and n_jobs."""
    presets = list(presets)
    unknown = [p for p in presets if p not in PRESETS]
    if unknown:
        raise ValueError(f"presets: unknown {unknown}; choose from {list(PRESETS)}.")
    if not presets:
        raise ValueError("presets is empty; give at least one preset.")
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise ValueError(f"seeds must be a positive integer, got {seeds!r}.")
    bad_n_jobs = isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1
    if n_jobs is not None and bad_n_jobs:
        raise ValueError(f"n_jobs must be a positive integer or None, got {n_jobs!r}.")
    classifier_params = dict(classifier_params or {})
    classifier_params.setdefault("max_epochs", DEMO_EPOCHS)
    classifier_params.setdefault("batch_size", DEMO_BATCH_SIZE)
    classifier_params.setdefault("entropy_weight", DEMO_ENTROPY_WEIGHT)
    classifier_params.setdefault("verbose", 1 if verbose else 0)
    return presets, classifier_params, n_jobs


def _demo_model(clf, train_seconds, preset, seed, data, test, out, files, *, name, compare,
                threshold, thresholds, null_alpha, jaspar, random_state, verbose):  # fmt: skip
    """Score one fitted model, write its filter, Tomtom and model files (appended to ``files``).

    Returns its score row, threshold sweep, analysis artefacts and method comparison (or None).
    """
    X_te, y_te, X_null = test
    truth = data.true_interactions
    times = {"time_train": train_seconds}
    row = {
        "model": preset,
        "seed": seed,
        "epochs": len(clf.history),
        "classification_aupr": float(clf.score(X_te, y_te)),
        # all tasks pooled: the number the paper reports (Keras AUC(curve="PR"))
        "classification_aupr_micro": mean_average_precision_score(
            y_te, clf.predict_proba(X_te), average="micro"
        ),
    }
    _log(
        verbose,
        f"{name}: test classification AUPR {row['classification_aupr']:.3f} (task mean), "
        f"{row['classification_aupr_micro']:.3f} (tasks pooled); extracting interactions",
    )
    scores, sweep, art = _analyse_model(
        clf, X_te, truth, data.motifs, threshold=threshold, thresholds=thresholds,
        null_alpha=null_alpha, X_null=X_null, random_state=random_state + seed, verbose=verbose,
        times=times,
    )  # fmt: skip

    def filters(suffix):
        return out / "filters" / f"{preset}_seed{seed}{suffix}"

    if jaspar:
        with _timer(times, "time_jaspar"):
            jaspar_annotation = annotate_filters(clf.transform(X_te), "jaspar", verbose=verbose)
        jlabels = jaspar_annotation.labels
        scores["jaspar_labelled_filters"] = int(sum(bool(lab) for lab in jlabels))
        scores["jaspar_random_hits"] = len(random_hits(jlabels, [str(n) for n in truth.index]))
        jaspar_annotation.tomtom.to_csv(filters("_tomtom_jaspar.csv"), index=False)
        files.append(filters("_tomtom_jaspar.csv"))
    comparison = None
    if compare:
        with _timer(times, "time_methods"):
            comparison = compare_interaction_methods(
                clf, X_te[:DEMO_COMPARE_SEQUENCES], truth, data.motifs,
                max_sequences=DEMO_COMPARE_SLOW_SEQUENCES, random_state=random_state + seed,
            ).table.assign(model=preset)  # fmt: skip
    row.update(scores)
    row.update(times)
    write_filter_meme(art.pwms, filters(".meme"), names=_filter_names(art.labels))
    if isinstance(art.tomtom, pd.DataFrame):
        art.tomtom.to_csv(filters("_tomtom.csv"), index=False)
        files.append(filters("_tomtom.csv"))
    files.append(filters(".meme"))
    model_path = out / "models" / f"{preset}_seed{seed}.pt"
    save_model(
        clf, model_path, preset=preset, target_names=data.target_names, true_interactions=truth
    )
    files.append(model_path)
    return row, sweep, art, comparison


def _write_tables(table, sensitivity, comparisons, out, files):
    """Write the score, timing, sweep and method tables; return (files, methods, sections)."""
    score_cols = [c for c in SCORE_COLUMNS if c in table.columns]
    table[score_cols].to_csv(out / "scores.csv", index=False)
    main, extra, _ = _score_tables(table)
    (out / "scores.md").write_text(
        "\n\n".join(_markdown_table(t) for t in (main, _ci_table(table), extra) if len(t)) + "\n",
        encoding="utf-8",
    )
    time_cols = [c for c in TIME_COLUMNS if c in table.columns]
    table[time_cols].to_csv(out / "timings.csv", index=False)
    sensitivity.to_csv(out / "threshold_sensitivity.csv", index=False)
    extra_sections, methods_table = [], None
    if comparisons:
        methods_table = pd.concat(comparisons, ignore_index=True)
        methods_table = methods_table[["model", *methods_table.columns[:-1]]]
        methods_table.to_csv(out / "methods.csv", index=False)
        files.append(out / "methods.csv")
        title = (
            f"Every interaction method (first model; attributions, FIS and DFIM on "
            f"{DEMO_COMPARE_SLOW_SEQUENCES} sequences; seconds = wall time)"
        )
        extra_sections.append((title, "table", (methods_table, ".3g")))
    written = ["scores.csv", "scores.md", "timings.csv", "threshold_sensitivity.csv"]
    return [*(out / f for f in written), *files], methods_table, extra_sections


def _demo_figures(artefacts, table, sensitivity, truth, out, *, presets, seeds, threshold,
                  thresholds, null_alpha):  # fmt: skip
    """Draw and save the demo's figures (seed 0 of each preset); return them and captions."""
    figures, captions = [], {}
    motif_names = [str(n) for n in truth.index]
    n_planted = len(ground_truth_pairs(truth))

    def save(fig, filename, title, caption):
        path = _save_figure(fig, out / "figures" / filename)
        figures.append((title, path))
        captions[path] = caption

    for preset in presets:
        art = artefacts[(preset, 0)]
        maps = {
            f"Aggregated local attention (t={threshold:g})": motif_interaction_matrix(
                art.local.filter_interactions_, art.labels, motif_names
            ),
            f"GLIFAC (t={threshold:g})": motif_interaction_matrix(
                art.glifac.filter_interactions_, art.labels, motif_names
            ),
        }
        units = {k: ("count" if k.startswith("Agg") else "Pearson r") for k in maps}
        fig = plot_interaction_maps(maps, truth, colorbar_labels=units)
        fig.suptitle(f"{preset}: motif interaction maps (test split)", fontsize=13)
        caption = _maps_caption(preset, table, threshold, n_planted)
        save(fig, f"interaction_maps_{preset}.png", f"Interaction maps, {preset}", caption)
    first = table[table.seed == 0]
    fig = plot_attention_distributions(
        {p: artefacts[(p, 0)].attention_values for p in presets},
        {p: artefacts[(p, 0)].null_values for p in presets},
        threshold=threshold,
        null_cutoffs={p: float(first[first.model == p].null_cutoff.iloc[0]) for p in presets},
    )
    caption = _attention_caption(table, presets, threshold, null_alpha)
    title = "Attention values on test and dinucleotide-shuffled sequences"
    save(fig, "attention_distributions.png", title, caption)
    caption = _sensitivity_caption(seeds, n_planted, thresholds)
    save(plot_threshold_sensitivity(sensitivity), "threshold_sensitivity.png",
         "Threshold sensitivity", caption)  # fmt: skip
    for preset in presets:
        art = artefacts[(preset, 0)]
        fig = plot_filter_logos(art.pwms, art.labels, qvalues=art.qvalues, n_sites=art.n_sites)
        fig.suptitle(f"{preset}: first-layer filters and their Tomtom matches", fontsize=12)
        n_dead = sum(t.get_gid() == "dead_filter" for ax in fig.axes for t in ax.texts)
        caption = _logos_caption(preset, n_dead, len(art.labels), len(motif_names))
        save(fig, f"filter_logos_{preset}.png", f"Filter logos, {preset}", caption)
    return figures, captions
