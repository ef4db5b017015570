"""Real DNA case study: Oct4 vs MafK ChIP-seq peaks, TF pairs with p- and q-values.

The peaks are the two FASTA files that janggu 0.10.2 ships (3,897 Oct4 and 3,900 MafK peaks of
200 nt, mouse), fetched with :func:`sklearn_glifac.datasets.fetch_janggu_peaks` (downloaded
once from the package index, checksummed, cached; never copied into this repository).

For every model (CNN20-Exp with the true labels, a narrower 9-nt first layer, a second seed,
and networks trained on permuted labels, which can learn nothing) the held-out 15 % of the
peaks are analysed with three tested methods: GLIFAC (``test=True``), aggregated local attention
(``test=True``) and SATORI's test (``method="satori"``). Filters are labelled against JASPAR
CORE vertebrates; the TF-pair table (:func:`sklearn_glifac.inspection.tf_pair_table`) flags
same-family pairs and composite (dimer) filters, and marks pairs in the JASPAR dimer reference.

Writes ``benchmarks/results/case_study/summary.csv`` (one row per model x method), the TF and
family tables of every model, and ``case_study.md`` (the table quoted in the README and docs).
Resumable: fitted networks are cached in ``benchmarks/cache/case_study`` (ignored by git) and
finished rows are kept. About 15 minutes on one idle core (1-2 minutes per network, 15 epochs).

Usage::

    python benchmarks/case_study_janggu.py            # every model
    python benchmarks/case_study_janggu.py --report   # only rewrite case_study.md from the CSVs
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split

from sklearn_glifac.datasets import fetch_janggu_peaks
from sklearn_glifac.inspection import consensus_tf_pairs, filter_pair_table, tf_pair_table
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.metrics import reference_enrichment
from sklearn_glifac.models import ConvAttentionClassifier, load_model, save_model
from sklearn_glifac.motifs import annotate_filters

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "case_study"
CACHE = ROOT / "cache" / "case_study"
ALPHA = 0.05

# name -> (labels permuted?, first-layer kernel size, seed)
MODELS = {
    "true_k19_s0": (False, 19, 0),
    "true_k9_s0": (False, 9, 0),
    "true_k19_s1": (False, 19, 1),
    **{f"permuted_k19_s{s}": (True, 19, s) for s in range(5)},
}
METHODS = ("glifac", "local_attention", "satori")


def _split(data):
    idx = np.arange(len(data.y))
    return train_test_split(idx, test_size=0.15, stratify=data.y[:, 0], random_state=0)


def _fit(name, X, y, kernel_size, seed, max_epochs):
    clf = ConvAttentionClassifier(
        "CNN20-Exp",
        max_epochs=max_epochs,
        random_state=seed,
        module__kernel_size=kernel_size,
        verbose=1,
    )
    path = CACHE / f"{name}.pt"
    if path.exists():
        payload = load_model(path)
        return payload["estimator"], float(payload.get("fit_seconds", float("nan")))
    start = time.perf_counter()
    clf.fit(X, y)
    seconds = time.perf_counter() - start
    CACHE.mkdir(parents=True, exist_ok=True)
    save_model(clf, path, fit_seconds=seconds)
    return clf, seconds


def _poued(table):
    """Whether POU5F1-SOX2 is called (as a filter pair) or present as composite evidence."""
    tfs = table[["tf_a", "tf_b"]].apply(lambda r: {str(r.tf_a).upper(), str(r.tf_b).upper()}, 1)
    hit = tfs.apply(lambda s: s == {"POU5F1", "SOX2"})
    pair = bool((hit & table["called"] & ~table["composite"]).any())
    composite = bool((hit & table["composite"]).any())
    return pair, composite


def _method_rows(name, transformers, annotation, extra):
    rows = []
    for method, t in transformers.items():
        tf = tf_pair_table({method: t}, level="tf", alpha=ALPHA)
        fam = tf_pair_table({method: t}, level="family", alpha=ALPHA)
        filt = filter_pair_table({method: t}, alpha=ALPHA)
        tf.to_csv(RESULTS / f"{name}_{method}_tf_pairs.csv", index=False)
        fam.to_csv(RESULTS / f"{name}_{method}_family_pairs.csv", index=False)
        called = tf[tf["called"] & ~tf["composite"]]
        tested = tf[tf["pvalue"].notna() & ~tf["composite"]]
        pou_pair, pou_composite = _poued(tf)
        reference = tf.loc[tf["in_reference"], ["tf_a", "tf_b"]]
        enrich_p = float(reference_enrichment(called, tested, reference).pvalue)
        rows.append(
            {
                "model": name,
                **extra,
                "method": method,
                "n_labelled_filters": int(sum(bool(lab) for lab in annotation.labels)),
                "filter_pairs_tested": int(filt["pvalue"].notna().sum()),
                "filter_pairs_called": int(filt["called"].sum()),
                "tf_pairs_tested": len(tested),
                "tf_pairs_called": len(called),
                "tf_pairs_called_in_reference": int(called["in_reference"].sum()),
                "same_family_flagged": int(tf["same_family"].sum()),
                "family_pairs_called": int((fam["called"] & ~fam["composite"]).sum()),
                "reference_enrichment_p": enrich_p,
                "pou5f1_sox2_pair_called": pou_pair,
                "pou5f1_sox2_composite": pou_composite,
                "called_tf_pairs": "; ".join(f"{a}-{b}" for a, b in zip(called.tf_a, called.tf_b)),
            }
        )
    return rows


def run_model(name, data, train, test, max_epochs):
    permuted, kernel_size, seed = MODELS[name]
    y_train = data.y[train]
    if permuted:
        y_train = y_train[np.random.default_rng(100 + seed).permutation(len(y_train))]
    clf, fit_time = _fit(name, data.X[train], y_train, kernel_size, seed, max_epochs)
    X_test = data.X[test]
    proba = clf.predict_proba(X_test)
    extra = {
        "labels": "permuted" if permuted else "observed",
        "kernel_size": kernel_size,
        "seed": seed,
        "test_aupr_oct4": float(average_precision_score(data.y[test, 0], proba[:, 0])),
        "fit_seconds": fit_time,
    }
    readout = clf.transform(X_test)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        annotation = annotate_filters(readout, "jaspar")
        common = dict(motifs="jaspar", random_state=0)
        transformers = {
            "glifac": GLIFACInteractions(test=True, **common).fit(readout),
            "local_attention": LocalAttentionInteractions(test=True, **common).fit(readout),
            "satori": LocalAttentionInteractions(method="satori", **common).fit(readout),
        }
    return _method_rows(name, transformers, annotation, extra)


def _consensus(models, method):
    paths = [RESULTS / f"{m}_{method}_tf_pairs.csv" for m in models]
    if not all(p.exists() for p in paths):
        return None
    table = consensus_tf_pairs([pd.read_csv(p) for p in paths])
    return table[table["called"] & ~table["composite"]]


def _consensus_lines(summary):
    """Pairs called by both seeds of the same architecture (true labels; permuted pairs)."""
    sets = {
        "observed labels, seeds 0 and 1": ["true_k19_s0", "true_k19_s1"],
        "permuted labels, seeds 0 and 1": ["permuted_k19_s0", "permuted_k19_s1"],
        "permuted labels, seeds 2 and 3": ["permuted_k19_s2", "permuted_k19_s3"],
    }
    lines = ["TF pairs called in both networks (consensus_tf_pairs, kernel 19):", ""]
    rows = []
    for name, models in sets.items():
        for method in METHODS:
            called = _consensus(models, method)
            if called is None:
                continue
            pairs = "; ".join(f"{a}-{b}" for a, b in zip(called.tf_a, called.tf_b)) or "none"
            lines.append(f"- {name} / {method}: {len(called)} ({pairs})")
            rows.append({"networks": name, "method": method, "n_called": len(called),
                         "called_tf_pairs": pairs})  # fmt: skip
    pd.DataFrame(rows).to_csv(RESULTS / "consensus.csv", index=False)
    return lines


def _write_rst(summary):
    """The table of the user guide (docs/_static/case_study.rst)."""
    head = ["network", "method", "held-out AUPR", "labelled filters", "filter pairs called",
            "TF pairs tested", "TF pairs called", "same-family flagged",
            "POU5F1-SOX2 composite"]  # fmt: skip
    rows = []
    for r in summary[summary["labels"] == "observed"].itertuples():
        rows.append(
            [
                r.model,
                r.method,
                f"{r.test_aupr_oct4:.3f}",
                r.n_labelled_filters,
                r.filter_pairs_called,
                r.tf_pairs_tested,
                r.tf_pairs_called,
                r.same_family_flagged,
                "yes" if r.pou5f1_sox2_composite else "no",
            ]
        )
    perm = summary[summary["labels"] == "permuted"]
    for method, g in perm.groupby("method", sort=False):
        rows.append(
            [
                f"permuted labels ({len(g)} seeds)",
                method,
                f"{g.test_aupr_oct4.min():.2f}-{g.test_aupr_oct4.max():.2f}",
                int(g.n_labelled_filters.max()),
                f"{int((g.filter_pairs_called > 0).sum())} runs with calls "
                f"(max {int(g.filter_pairs_called.max())})",
                int(g.tf_pairs_tested.max()),
                int(g.tf_pairs_called.max()),
                0,
                "no",
            ]
        )
    out = [".. list-table::", "   :header-rows: 1", ""]
    for row in [head, *rows]:
        out.append(f"   * - {row[0]}")
        out += [f"     - {v}" for v in row[1:]]
    docs = ROOT.parent / "docs" / "_static" / "case_study.rst"
    docs.write_text("\n".join(out) + "\n")


def write_report(summary):
    cols = [
        "model",
        "method",
        "test_aupr_oct4",
        "n_labelled_filters",
        "filter_pairs_called",
        "tf_pairs_tested",
        "tf_pairs_called",
        "tf_pairs_called_in_reference",
        "same_family_flagged",
        "pou5f1_sox2_composite",
        "pou5f1_sox2_pair_called",
    ]
    table = summary[cols].copy()
    table["test_aupr_oct4"] = table["test_aupr_oct4"].map("{:.3f}".format)
    perm = summary[summary["labels"] == "permuted"]
    observed = summary[summary["labels"] == "observed"]
    lines = [
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
        *("| " + " | ".join(str(v) for v in row) + " |" for row in table.itertuples(False)),
        "",
        "Calls by model (true labels):",
        "",
    ]
    for r in observed.itertuples():
        lines.append(f"- {r.model} / {r.method}: {r.called_tf_pairs or 'none'}")
    if len(perm):
        runs = perm.groupby("method")["tf_pairs_called"].agg(
            runs="size", with_calls=lambda s: int((s > 0).sum())
        )
        lines += [
            "",
            "Permuted labels (nothing to learn): runs with any TF-pair call at q < 0.05:",
            "",
        ]
        lines += [f"- {m}: {r.with_calls} of {r.runs}" for m, r in runs.iterrows()]
    lines += ["", *_consensus_lines(summary)]
    (RESULTS / "case_study.md").write_text("\n".join(lines) + "\n")
    _write_rst(summary)
    print("\n".join(lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--max-epochs", type=int, default=15)
    parser.add_argument("--report", action="store_true", help="only rewrite the report")
    parser.add_argument(
        "--redo", action="store_true", help="recompute every row (networks stay cached)"
    )
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "summary.csv"
    summary = pd.read_csv(out) if out.exists() and not args.redo else pd.DataFrame()
    if len(summary):
        summary["labels"] = summary["labels"].replace({True: "observed", "True": "observed"})
    if not args.report:
        data = fetch_janggu_peaks()
        train, test = _split(data)
        for name in args.models:
            if len(summary) and name in set(summary["model"]):
                continue
            print(f"== {name}", flush=True)
            rows = pd.DataFrame(run_model(name, data, train, test, args.max_epochs))
            summary = pd.concat([summary, rows], ignore_index=True)
            summary.to_csv(out, index=False)
    write_report(summary)


if __name__ == "__main__":
    main()
