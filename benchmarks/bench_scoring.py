"""Wall time of a GridSearchCV over interaction-transformer parameters, with and without sharing.

Run: ``python benchmarks/bench_scoring.py [--n-samples 3000] [--repeats 1]``.

A Pipeline ``ConvAttentionClassifier -> GLIFACInteractions(motifs=ground truth)`` is searched
over three GLIFAC thresholds with 2-fold CV and six scorers (five interaction metrics and the
classification AUPR), one thread. "Before" switches off the two things issue 9 added: the
filter-annotation cache (so every candidate runs filter PWMs and Tomtom again, as the
transformers' ``fit`` did) and the per-fold transform cache of the interaction scorers (so each
of the five interaction scorers runs the network and GLIFAC again). "After" is the default.
Both runs give identical ``cv_results_`` scores (checked). Writes
``benchmarks/results/grid_search_scoring.csv`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_glifac.datasets import make_motif_interactions
from sklearn_glifac.interactions import GLIFACInteractions
from sklearn_glifac.metrics import _scorer, make_classification_scorer, make_interaction_scorer
from sklearn_glifac.models import ConvAttentionClassifier
from sklearn_glifac.motifs import _annotation, clear_annotation_cache

METRICS = ("auroc", "aupr", "snr", "tpr", "ppv")


def search(data, *, shared):
    clear_annotation_cache()
    _scorer._CACHE_ENABLED = shared
    _scorer._LAST_TRANSFORM = None
    _annotation._CACHE_SIZE = 8 if shared else 0
    pipe = make_pipeline(
        ConvAttentionClassifier("CNN20-Exp", max_epochs=2, random_state=0, verbose=0),
        GLIFACInteractions(motifs=data.motifs, random_state=0),
    )
    scoring = {m: make_interaction_scorer(m, data.true_interactions) for m in METRICS}
    scoring["classification_aupr"] = make_classification_scorer()
    grid = GridSearchCV(pipe, {"glifacinteractions__threshold": [0.05, 0.1, 0.2]},
                        scoring=scoring, refit=False, cv=2, error_score="raise")  # fmt: skip
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        grid.fit(data.X, data.y)
    seconds = time.perf_counter() - start
    scores = np.column_stack([grid.cv_results_[f"mean_test_{m}"] for m in scoring])
    return seconds, scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument(
        "--out", default=Path(__file__).parent / "results" / "grid_search_scoring.csv"
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    data = make_motif_interactions(args.n_samples, random_state=0)
    rows = []
    for repeat in range(args.repeats):
        for shared in (False, True):
            seconds, scores = search(data, shared=shared)
            rows.append({"repeat": repeat, "shared": shared, "seconds": seconds,
                         "scores": scores})  # fmt: skip
    before = [r for r in rows if not r["shared"]]
    after = [r for r in rows if r["shared"]]
    for b, a in zip(before, after):
        np.testing.assert_allclose(a["scores"], b["scores"], equal_nan=True)
    table = pd.DataFrame(rows).drop(columns="scores")
    table.insert(0, "n_samples", args.n_samples)
    table.to_csv(args.out, index=False)
    t_before = float(np.median([r["seconds"] for r in before]))
    t_after = float(np.median([r["seconds"] for r in after]))
    print("| GridSearchCV (3 candidates x 2 folds, 6 scorers) | wall time |")
    print("|---|---:|")
    print(f"| before (Tomtom per candidate, transform per metric) | {t_before:.1f} s |")
    print(f"| after (one annotation per network, one transform per fold) | {t_after:.1f} s |")
    print(f"| ratio | {t_before / t_after:.2f}x |")


if __name__ == "__main__":
    main()
