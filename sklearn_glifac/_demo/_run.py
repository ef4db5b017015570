"""The end-to-end demo behind ``sklearn-glifac demo``: data, training, analysis, report.

:func:`run_demo` reproduces the paper's comparison at a chosen scale: simulate the motif grammar,
train presets, map filters to motifs, extract interactions on the test split with aggregated local
attention and with GLIFAC, sweep the attention threshold, and write tables, figures, filter MEME
files and a self-contained report.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
from sklearn.utils import Bunch, check_random_state

from .._io import save_model
from ..datasets import dinucleotide_shuffle, make_motif_interactions, train_val_test_split
from ..experiments import compare_interaction_methods
from ..metrics import ground_truth_pairs, mean_average_precision_score
from ..models import PRESETS
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
from ._analysis import _analyse_model, _filter_names
from ._config import (
    CI_LEVEL,
    DEFAULT_THRESHOLDS,
    DEMO_BATCH_SIZE,
    DEMO_COMPARE_SEQUENCES,
    DEMO_COMPARE_SLOW_SEQUENCES,
    DEMO_ENTROPY_WEIGHT,
    DEMO_EPOCHS,
    DEMO_N_SAMPLES,
    DEMO_PRESETS,
    SCORE_COLUMNS,
    TIME_COLUMNS,
)
from ._report import (
    _attention_caption,
    _ci_table,
    _logos_caption,
    _maps_caption,
    _markdown_table,
    _paper_comparison,
    _save,
    _score_tables,
    _sensitivity_caption,
    _text_table,
    _verdicts,
    _write_report,
)
from ._training import _log, _timer, _train_all


def run_demo(
    output_dir="demo_output",
    *,
    n_samples=DEMO_N_SAMPLES,
    seq_len=200,
    presets=DEMO_PRESETS,
    seeds=1,
    threshold=0.1,
    thresholds=DEFAULT_THRESHOLDS,
    null_alpha=0.05,
    jaspar=True,
    random_state=0,
    classifier_params=None,
    n_jobs=None,
    compare_methods=True,
    verbose=True,
):
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

    presets = list(presets)
    unknown = [p for p in presets if p not in PRESETS]
    if unknown:
        raise ValueError(f"presets: unknown {unknown}; choose from {list(PRESETS)}.")
    if not presets:
        raise ValueError("presets is empty; give at least one preset.")
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise ValueError(f"seeds must be a positive integer, got {seeds!r}.")
    classifier_params = dict(classifier_params or {})
    classifier_params.setdefault("max_epochs", DEMO_EPOCHS)
    classifier_params.setdefault("batch_size", DEMO_BATCH_SIZE)
    classifier_params.setdefault("entropy_weight", DEMO_ENTROPY_WEIGHT)
    classifier_params.setdefault("verbose", 1 if verbose else 0)
    out = Path(output_dir)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "filters").mkdir(parents=True, exist_ok=True)
    (out / "models").mkdir(parents=True, exist_ok=True)
    totals = {}
    start_all = time.perf_counter()
    rng = check_random_state(random_state)

    with _timer(totals, "data generation"):
        data = make_motif_interactions(n_samples, seq_len=seq_len, random_state=rng.randint(2**31))
        X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(
            data.X, data.y, random_state=rng.randint(2**31)
        )
        X_null = dinucleotide_shuffle(X_te, random_state=rng.randint(2**31))
    truth = data.true_interactions
    motif_names = [str(n) for n in truth.index]
    _log(
        verbose,
        f"data: {n_samples} sequences of {seq_len} nt -> train {len(X_tr)}, "
        f"validation {len(X_va)}, test {len(X_te)}",
    )
    write_meme(data.motifs, out / "filters" / "ground_truth_motifs.meme")
    files = [out / "filters" / "ground_truth_motifs.meme"]

    rows, sweeps, artefacts, comparisons = [], [], {}, []
    jobs = [(p, s) for p in presets for s in range(seeds)]
    if n_jobs is None:
        n_jobs = min(len(jobs), available_cores())
    elif isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive integer or None, got {n_jobs!r}.")
    n_jobs = min(n_jobs, len(jobs))
    fitted = _train_all(
        jobs,
        (X_tr, y_tr, X_va, y_va),
        classifier_params,
        random_state=random_state,
        n_jobs=n_jobs,
        verbose=verbose,
    )
    for preset, seed in jobs:
        clf, train_seconds = fitted.pop((preset, seed))
        times = {"time_train": train_seconds}
        name = preset if seeds == 1 else f"{preset} (seed {seed})"
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
            clf,
            X_te,
            truth,
            data.motifs,
            threshold=threshold,
            thresholds=thresholds,
            null_alpha=null_alpha,
            X_null=X_null,
            random_state=random_state + seed,
            verbose=verbose,
            times=times,
        )
        if jaspar:
            with _timer(times, "time_jaspar"):
                jaspar_annotation = annotate_filters(clf.transform(X_te), "jaspar", verbose=verbose)
                jlabels, jtable = jaspar_annotation.labels, jaspar_annotation.tomtom
            scores["jaspar_labelled_filters"] = int(sum(bool(lab) for lab in jlabels))
            scores["jaspar_random_hits"] = len(random_hits(jlabels, motif_names))
            jtable.to_csv(out / "filters" / f"{preset}_seed{seed}_tomtom_jaspar.csv", index=False)
            files.append(out / "filters" / f"{preset}_seed{seed}_tomtom_jaspar.csv")
        if compare_methods and (preset, seed) == jobs[0]:
            with _timer(times, "time_methods"):
                comparison = compare_interaction_methods(
                    clf, X_te[:DEMO_COMPARE_SEQUENCES], truth, data.motifs,
                    max_sequences=DEMO_COMPARE_SLOW_SEQUENCES, random_state=random_state + seed,
                ).table  # fmt: skip
            comparisons.append(comparison.assign(model=preset))
        row.update(scores)
        row.update(times)
        rows.append(row)
        sweeps += [{"model": preset, "seed": seed, **entry} for entry in sweep]
        meme = out / "filters" / f"{preset}_seed{seed}.meme"
        write_filter_meme(art.pwms, meme, names=_filter_names(art.labels))
        tomtom_path = out / "filters" / f"{preset}_seed{seed}_tomtom.csv"
        if isinstance(art.tomtom, pd.DataFrame):
            art.tomtom.to_csv(tomtom_path, index=False)
            files.append(tomtom_path)
        files.append(meme)
        model_path = out / "models" / f"{preset}_seed{seed}.pt"
        save_model(
            clf, model_path, preset=preset, target_names=data.target_names, true_interactions=truth
        )
        files.append(model_path)
        artefacts[(preset, seed)] = art

    table = pd.DataFrame(rows)
    sensitivity = pd.DataFrame(sweeps)
    score_cols = [c for c in SCORE_COLUMNS if c in table.columns]
    table[score_cols].to_csv(out / "scores.csv", index=False)
    main, extra, timing = _score_tables(table)
    ci_table = _ci_table(table)
    (out / "scores.md").write_text(
        "\n\n".join(_markdown_table(t) for t in (main, ci_table, extra) if len(t)) + "\n",
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
    files = [
        out / "scores.csv",
        out / "scores.md",
        out / "timings.csv",
        out / "threshold_sensitivity.csv",
        *files,
    ]

    figures, captions = [], {}
    n_planted = len(ground_truth_pairs(truth))
    with _timer(totals, "figures"):
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
            fig = plot_interaction_maps(
                maps,
                truth,
                colorbar_labels={
                    k: ("count" if k.startswith("Agg") else "Pearson r") for k in maps
                },
            )
            fig.suptitle(f"{preset}: motif interaction maps (test split)", fontsize=13)
            path = _save(fig, out / "figures" / f"interaction_maps_{preset}.png")
            figures.append((f"Interaction maps, {preset}", path))
            captions[path] = _maps_caption(preset, table, threshold, n_planted)
        fig = plot_attention_distributions(
            {p: artefacts[(p, 0)].attention_values for p in presets},
            {p: artefacts[(p, 0)].null_values for p in presets},
            threshold=threshold,
            null_cutoffs={
                p: float(table[(table.model == p) & (table.seed == 0)].null_cutoff.iloc[0])
                for p in presets
            },
        )
        path = _save(fig, out / "figures" / "attention_distributions.png")
        figures.append(("Attention values on test and dinucleotide-shuffled sequences", path))
        captions[path] = _attention_caption(table, presets, threshold, null_alpha)
        fig = plot_threshold_sensitivity(sensitivity)
        path = _save(fig, out / "figures" / "threshold_sensitivity.png")
        figures.append(("Threshold sensitivity", path))
        captions[path] = _sensitivity_caption(seeds, n_planted, thresholds)
        for preset in presets:
            art = artefacts[(preset, 0)]
            fig = plot_filter_logos(art.pwms, art.labels, qvalues=art.qvalues, n_sites=art.n_sites)
            fig.suptitle(f"{preset}: first-layer filters and their Tomtom matches", fontsize=12)
            n_dead = sum(t.get_gid() == "dead_filter" for ax in fig.axes for t in ax.texts)
            path = _save(fig, out / "figures" / f"filter_logos_{preset}.png")
            figures.append((f"Filter logos, {preset}", path))
            captions[path] = _logos_caption(preset, n_dead, len(art.labels), len(motif_names))
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
    md, html_path = _write_report(
        out,
        config=config,
        table=table,
        sweep_path=out / "threshold_sensitivity.csv",
        figures=figures,
        files=files,
        totals=totals,
        captions=captions,
        extra_sections=extra_sections,
    )
    files = [md, html_path, *files]

    if verbose:
        print("\nScores on the test split (LA = aggregated local attention):")
        print(_text_table(main))
        if len(ci_table):
            print(
                f"\nInteraction AUROC/AUPR with {CI_LEVEL:.0%} bootstrap confidence intervals "
                "(filter pairs resampled; pairs +/-: planted / other filter pairs):"
            )
            print(_text_table(ci_table))
        print()
        print(_text_table(extra))
        if methods_table is not None:
            print("\nEvery interaction method (first model):")
            print(_text_table(methods_table, floatfmt=".3g"))
        print("\nWall time per step (seconds):")
        print(_text_table(timing, floatfmt=".1f"))
        print("; ".join(f"{k}: {v:.1f} s" for k, v in totals.items()))
        print()
        print("\n".join(_verdicts(table)))
        print("\nBeside the paper's published numbers (threshold 0.1; ours: means):")
        print(_text_table(_paper_comparison(table)))
        print(f"\nReport: {html_path} (and {md.name}); {len(files)} files in {out}/")
    return Bunch(
        scores=table,
        sensitivity=sensitivity,
        files=files,
        timings=totals,
        summary=_text_table(main),
    )
