"""The demo's report: score tables, verdicts, figure captions, the paper beside our numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._config import CI_LEVEL, EXTRA_SCORES, MAIN_SCORES, SCORE_COLUMNS, TIME_COLUMNS
from ._document import _text_table, _write_report
from ._paper import PAPER_RESULTS


def _maps_caption(preset, table, threshold, n_planted):
    row = table[(table.model == preset) & (table.seed == 0)].iloc[0]

    def score(prefix):
        if np.isnan(row[f"{prefix}_auroc"]):
            return "AUROC undefined (too few labelled filters)"
        ci = _ci_text(pd.DataFrame([row]), prefix)
        return f"AUROC {row[f'{prefix}_auroc']:.3f}" + (f" ({ci})" if ci else "")

    return (
        f"Motif x motif interaction scores of {preset} (seed 0) on the test split at attention "
        f"threshold {threshold:g}. Left, aggregated local attention (SATORI): how often an "
        "attended position pair (head-combined attention above the threshold) links positions "
        "where the two motifs' filters are active, counted over the test sequences. Right, "
        "GLIFAC: the Pearson correlation of the two filters' activations over attended and "
        "random position pairs. Each cell shows the strongest pair of filters labelled with "
        f"the two motifs (Tomtom against the ground truth); outlined cells are the {n_planted} "
        "planted pairs (solid: AND, dashed: XOR); grey cells are the diagonal or motifs that no "
        f"filter matched. Ranking of the planted pairs: local attention {score('local')}, "
        f"GLIFAC {score('glifac')}."
    )


def _attention_caption(table, presets, threshold, null_alpha):
    cuts = ", ".join(
        f"{p} {float(table[(table.model == p) & (table.seed == 0)].null_cutoff.iloc[0]):.3f}"
        for p in presets
    )
    return (
        "Head-combined attention values (maximum over heads) of every position pair of the "
        "first 1,000 test sequences (left) and of their dinucleotide-shuffled copies (right; "
        "the null: same composition, motif grammar destroyed), seed 0; logarithmic density. "
        f"Dashed black line: the fixed attention threshold {threshold:g} used by both methods. "
        f"Dotted coloured lines: each model's null cutoff, the {1 - null_alpha:.0%} quantile of "
        f"its attention on all shuffled test sequences ({cuts}), used for the 'LA TPR/PPV "
        "(null)' scores. A cutoff of 1.000 means near one-hot attention: even on shuffled "
        f"sequences more than {null_alpha:.0%} of the values are 1."
    )


def _sensitivity_caption(seeds, n_planted, thresholds):
    lo, hi = min(thresholds), max(thresholds)
    spread = "seed 0" if seeds == 1 else f"mean over {seeds} seeds, band +/- 1 sd"
    return (
        f"Interaction recovery against the attention threshold ({lo:g}-{hi:g}; {spread}). Top "
        f"row, aggregated local attention: TPR (share of the {n_planted} planted motif pairs "
        "reported; a filter pair attended at least once counts) and PPV (share of reported "
        "filter pairs that are planted), the paper's Fig. 3, beside AUROC and AUPR of its "
        "counts, which show whether the counts rank the planted pairs first even when TPR and "
        "PPV stay flat. Bottom row, GLIFAC (Fig. 5): AUROC, AUPR and SNR. Dotted line: AUROC "
        "0.5, a random ranking. Dashed line: SNR = 2, the planted pairs' mean score twice that "
        "of the other pairs, which the paper reads as a clear contrast (its GLIFAC SNRs stayed "
        "above 2 at every threshold). Missing points: the score is undefined there (no position "
        "pair above the threshold)."
    )


def _logos_caption(preset, n_dead, n_filters, n_motifs):
    return (
        f"The {n_filters} first-layer filters of {preset} (seed 0) as sequence logos (letter "
        "height: information content in bits), aligned from the test-sequence windows where "
        "the filter's activation exceeds half its maximum. Title: the filter's Tomtom match "
        f"among the {n_motifs} ground-truth motifs (q < 0.05) with its q-value and n, the "
        f"number of aligned windows. {n_dead} dead filter(s), marked in red: never active, or "
        "active at (nearly) every window so that their windows are just the background and "
        "their PWM is uniform; such a filter cannot stand for any motif."
    )


def _score_tables(table):
    """(main scores, extra scores, timings) with display headers."""
    main = table[[c for c in MAIN_SCORES if c in table.columns]].rename(columns=SCORE_COLUMNS)
    extra_cols = [c for c in EXTRA_SCORES if c in table.columns]
    extra_cols += [c for c in table.columns if c.startswith("jaspar_")]
    extra = table[extra_cols].rename(columns=SCORE_COLUMNS)
    timing = table[[c for c in TIME_COLUMNS if c in table.columns]].rename(columns=TIME_COLUMNS)
    return main, extra, timing


def _mean_sd(table):
    """Mean +/- standard deviation over seeds of the main scores, one row per model."""
    cols = [c for c in MAIN_SCORES[2:] if c in table.columns]
    grouped = table.groupby("model", sort=False)[cols]
    mean, sd = grouped.mean(), grouped.std(ddof=1).fillna(0.0)
    out = pd.DataFrame(index=mean.index)
    for c in cols:
        out[SCORE_COLUMNS[c]] = [
            "--" if np.isnan(m) else f"{m:.3f} ± {v:.3f}" for m, v in zip(mean[c], sd[c])
        ]
    return out.reset_index()


def _chance(auroc, low=np.nan, high=np.nan):
    """How an interaction AUROC compares with chance (0.5), in words.

    With a confidence interval ``[low, high]``: "below chance" when it lies below 0.5, "near
    chance" when it contains 0.5, "above chance" when it lies above. Without one (NaN bounds):
    within 0.1 of 0.5 is "near chance".
    """
    if np.isnan(auroc):
        return "undefined"
    if np.isfinite(low) and np.isfinite(high):
        if high < 0.5:
            return "below chance"
        return "near chance" if low <= 0.5 else "above chance"
    if auroc < 0.4:
        return "below chance"
    return "near chance" if auroc < 0.6 else "above chance"


def _column(g, col):
    return g[col] if col in g.columns else pd.Series(np.nan, index=g.index)


def _chance_words(g, prefix):
    """The chance verdict of ``<prefix>_auroc`` over the seeds of one model, in words."""
    words = [
        _chance(a, lo, hi)
        for a, lo, hi in zip(
            g[f"{prefix}_auroc"],
            _column(g, f"{prefix}_auroc_low"),
            _column(g, f"{prefix}_auroc_high"),
        )
    ]
    counts = pd.Series(words).value_counts(sort=False)
    if len(counts) == 1:
        return words[0]
    return ", ".join(f"{w} in {n}" for w, n in counts.items()) + f" of {len(words)} seeds"


def _ci_text(g, prefix, metric="auroc"):
    """``"95% CI 0.41-0.73"`` for a single seed with a defined interval, else ``""``."""
    low, high = _column(g, f"{prefix}_{metric}_low"), _column(g, f"{prefix}_{metric}_high")
    if len(g) != 1 or not (np.isfinite(low.iloc[0]) and np.isfinite(high.iloc[0])):
        return ""
    return f"{CI_LEVEL:.0%} CI {low.iloc[0]:.3f}-{high.iloc[0]:.3f}"


def _describe(g, prefix, value, words):
    """``"0.573 (95% CI 0.41-0.73, near chance)"``: a mean AUROC, its interval, its verdict."""
    if np.isnan(value):
        return f"{value:.3f}"
    ci = _ci_text(g, prefix)
    return f"{value:.3f} ({ci + ', ' if ci else ''}{words[prefix]})"


def _verdicts(table):
    """One sentence per model: GLIFAC AUROC against aggregated local attention's and chance.

    A method is "near chance" when its bootstrap confidence interval contains 0.5 (see
    :func:`_chance`); a lead of GLIFAC over local attention is not called a win when neither
    method is above chance.
    """
    lines = []
    for model, g in table.groupby("model", sort=False):
        gl, la = g["glifac_auroc"].mean(), g["local_auroc"].mean()
        clf = g["classification_aupr"].mean()
        pooled = g["classification_aupr_micro"].mean() if "classification_aupr_micro" in g else None
        clf_text = f"{clf:.3f}" if pooled is None else f"{clf:.3f} (task mean; {pooled:.3f} pooled)"
        words = {p: _chance_words(g, p) for p in ("glifac", "local")}
        if np.isnan(gl) or np.isnan(la):
            verdict = "AUROC undefined (too few labelled filters to score)"
        elif "above chance" not in (words["glifac"], words["local"]):
            verdict = "neither method ranks the planted pairs above chance"
            if gl > la:
                verdict += f"; GLIFAC's lead of {gl - la:.3f} is no evidence that it is better"
        elif gl > la:
            verdict = f"GLIFAC above local attention by {gl - la:.3f}"
            if (
                len(g) == 1
                and _column(g, "local_auroc_high").iloc[0] >= _column(g, "glifac_auroc_low").iloc[0]
            ):
                verdict += " (their confidence intervals overlap)"
        else:
            verdict = f"GLIFAC NOT above local attention ({gl - la:+.3f})"

        mean = " (means over seeds)" if len(g) > 1 else ""
        lines.append(
            f"{model}: classification AUPR {clf_text}; interaction AUROC{mean} GLIFAC "
            f"{_describe(g, 'glifac', gl, words)} vs aggregated local attention "
            f"{_describe(g, 'local', la, words)}: "
            f"{verdict}."
        )
    return lines


def _ci_table(table):
    """Interaction AUROC and AUPR with their bootstrap intervals, one row per model, seed, method.

    Empty (no rows) when the table has no interval columns.
    """
    rows = []
    for r in table.to_dict("records"):
        for prefix, method in (("local", "aggregated local attention"), ("glifac", "GLIFAC")):
            if f"{prefix}_auroc_low" not in r:
                continue
            row = {"model": r["model"], "seed": r["seed"], "method": method}
            for metric in ("auroc", "aupr"):
                est, low, high = (
                    r.get(f"{prefix}_{metric}{b}", np.nan) for b in ("", "_low", "_high")
                )
                row[metric.upper()] = est
                row[f"{metric.upper()} {CI_LEVEL:.0%} CI"] = (
                    "--" if np.isnan(low) else f"{low:.3f}-{high:.3f}"
                )
            row["vs chance"] = _chance(
                row["AUROC"], r[f"{prefix}_auroc_low"], r[f"{prefix}_auroc_high"]
            )
            row["pairs +/-"] = (
                "--"
                if np.isnan(r.get("n_positive_pairs", np.nan))
                else f"{int(r['n_positive_pairs'])}/{int(r['n_negative_pairs'])}"
            )
            rows.append(row)
    return pd.DataFrame(rows)


def _paper_comparison(table):
    """Our means beside the paper's published numbers (CNN20-Exp run, all-model ranges)."""

    pub = PAPER_RESULTS
    at_01 = pub["threshold"] == 0.1
    picks = [
        # the paper pooled the tasks (Keras AUC(curve="PR")): compare the pooled AUPR
        ("classification AUPR (pooled)", "classification_aupr_micro",
         pub["metric"] == "classification_aupr_micro"),
        ("GLIFAC AUROC", "glifac_auroc", at_01 & (pub["method"] == "glifac")
         & (pub["metric"] == "auroc") & (pub["preset"] == "CNN20-Exp")),
        ("GLIFAC AUPR", "glifac_aupr", at_01 & (pub["method"] == "glifac")
         & (pub["metric"] == "aupr") & (pub["preset"] == "CNN20-Exp")),
        ("GLIFAC SNR", "glifac_snr", at_01 & (pub["method"] == "glifac")
         & (pub["metric"] == "snr") & (pub["preset"] == "CNN20-Exp")),
        ("LA TPR", "local_tpr", at_01 & (pub["method"] == "local_attention")
         & (pub["metric"] == "tpr")),
        ("LA PPV", "local_ppv", at_01 & (pub["method"] == "local_attention")
         & (pub["metric"] == "ppv")),
    ]  # fmt: skip
    rows = []
    for label, col, sel in picks:
        if col not in table.columns or not sel.any():
            continue
        p = pub[sel].iloc[0]
        if np.isfinite(p["value"]):
            paper = f"{p['value']:g} (CNN20-Exp)"
        elif np.isfinite(p["low"]) and np.isfinite(p["high"]):
            paper = f"{p['low']:g}-{p['high']:g} (all models)"
        else:
            paper = {"tpr": "near 1", "ppv": "low"}.get(p["metric"], "")
        row = {"score": label, "paper": paper}
        for model, g in table.groupby("model", sort=False):
            row[model] = float(g[col].mean())
        rows.append(row)
    return pd.DataFrame(rows)


_NOTES = (
    "LA = aggregated local attention (SATORI). LA TPR/PPV: filter pairs seen at least once at "
    "the attention threshold; (null): at the dinucleotide-shuffled null cutoff instead. GLIFAC "
    "TPR/PPV: filter pairs whose |correlation| exceeds the random-pair null at alpha = 0.05. "
    "Attended pairs: fraction of all position pairs whose head-combined attention exceeds the "
    "threshold (GLIFAC's attended set). Motif coverage: fraction of the 12 ground-truth motifs "
    "that label at least one filter. Random hits (JASPAR): filters whose best JASPAR CORE "
    "vertebrates match is not a ground-truth motif. Models are saved in models/ for "
    "'sklearn-glifac interactions --model ...'. Confidence intervals: 95% stratified bootstrap "
    "percentile intervals over the scored filter pairs (positives and negatives resampled "
    "separately, 1000 resamples; pairs +/-: filter pairs whose labels form a planted pair / "
    "any other pair). With a handful of positive pairs they are wide; an AUROC whose interval "
    "contains 0.5 is near chance. They do not cover the spread over training seeds (--seeds)."
)


_INTRO = (
    "Synthetic data with the GLIFAC paper's motif grammar (AND pairs ELF1/SIX3 and "
    "TAL1/GATA1, XOR pairs ESR1/FOXN3 and IRF1/SPI1). Interactions are extracted on the test "
    "split with aggregated local attention (SATORI) and GLIFAC and scored against the ground "
    "truth through the filters' Tomtom labels."
)


def _write_demo_report(out, *, config, table, sweep_path, figures, files, totals, captions=None,
                       extra_sections=()):  # fmt: skip
    """``report.md`` and ``report.html`` of the demo (see :func:`_write_report`)."""
    main, extra, timing = _score_tables(table)
    captions = captions or {}
    sections = [
        ("Settings", "list", [f"{k}: {v}" for k, v in config.items()]),
        ("Summary", "list", _verdicts(table)),
        ("Beside the paper (threshold 0.1)", "table", (_paper_comparison(table), ".3f")),
    ]
    if table["seed"].nunique() > 1:
        sections.append(("Mean ± SD over initialisations", "table", (_mean_sd(table), ".3f")))
    ci = _ci_table(table)
    if len(ci):
        title = f"Interaction AUROC and AUPR with {CI_LEVEL:.0%} bootstrap confidence intervals"
        sections.append((title, "table", (ci, ".3f")))
    sections += [
        ("Scores", "table", (main, ".3f")),
        ("More scores", "table", (extra, ".3f")),
        *extra_sections,
        ("Notes", "text", _NOTES),
        ("Wall time per step (seconds)", "table", (timing, ".1f")),
        ("Totals", "list", [f"{k}: {v:.1f} s" for k, v in totals.items()]),
    ]
    return _write_report(
        out,
        title="sklearn-glifac demo report",
        intro=_INTRO,
        sections=[(title, [(kind, content)]) for title, kind, content in sections],
        figures=[(title, path, captions.get(path)) for title, path in figures],
        files=files,
        file_notes={sweep_path: ": the threshold sweep behind the sensitivity figure"},
    )


def _print_summary(table, methods_table, totals):
    """Print the demo's tables, verdicts and the paper's numbers beside ours."""
    main, extra, timing = _score_tables(table)
    ci_table = _ci_table(table)
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
