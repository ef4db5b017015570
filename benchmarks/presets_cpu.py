"""The paper's comparison across the nine presets at a CPU budget (issue 16, item 7).

Runs (resumable; finished runs are kept, an interrupted one continues from its last epoch)::

    OMP_NUM_THREADS=1 sklearn-glifac reproduce --output-dir benchmarks/results/presets_cpu \\
        --presets CNN20-Exp CNN20-ReLU CNN20-Exp-Norm CNN20-ReLU-Norm CNN4-Exp SATORI \\
                  CNN4-ReLU CNN4-Exp-Norm CNN4-ReLU-Norm \\
        --seeds 2 --n-samples 30000 --max-epochs 15 --n-jobs 1 --threads 1 \\
        --thresholds 0.0 0.1 --no-report

(30,000 sequences, at most 15 epochs, the authors' code schedule and motif matrices, 2 seeds).
``python benchmarks/presets_cpu.py`` reads the finished runs in ``runs/`` and writes
``docs/_static/presets_cpu.rst``: one row per preset (GLIFAC and local attention at threshold
0.1, classification AUPR pooled and per-task mean) and one row per qualitative finding of the
paper with a verdict from the finished runs: *holds* when every finished comparison goes the
paper's way by more than ``MARGIN``, *does not hold* when every one goes the other way by more
than ``MARGIN``, *too close to call* when no comparison differs by more than ``MARGIN``, and
*mixed* when they differ by more in both directions (a partial verdict says how many of the
comparisons go one way when the others stay within the margin); a finding with no finished
comparison is *not run yet*. With one seed per preset a verdict is about those runs only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from entropy_study import _list_table  # the earlier script's RST list-table writer

ROOT = Path(__file__).parent
RUNS = ROOT / "results" / "presets_cpu" / "runs"
RST = ROOT.parent / "docs" / "_static" / "presets_cpu.rst"
ORDER = ["CNN4-ReLU", "CNN4-ReLU-Norm", "CNN4-Exp", "CNN4-Exp-Norm", "CNN20-ReLU",
         "CNN20-ReLU-Norm", "CNN20-Exp", "CNN20-Exp-Norm", "SATORI"]  # fmt: skip
MARGIN = 0.02
THRESHOLD = 0.1


def load():
    files = [f for f in sorted(RUNS.glob("*.csv")) if not f.name.endswith(".classification.csv")]
    if not files:
        return pd.DataFrame()
    runs = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    return runs[runs.threshold == THRESHOLD]


def per_preset(runs):
    """Mean (and n) per preset x method of the metrics the findings use."""
    rows = []
    for preset in [p for p in ORDER if p in set(runs.preset)]:
        g = runs[runs.preset == preset]
        gl, la = g[g.method == "glifac"], g[g.method == "local_attention"]
        rows.append({
            "preset": preset, "seeds": gl.seed.nunique(),
            "clf_pooled": gl.classification_aupr_micro.mean(),
            "clf_mean": gl.classification_aupr.mean(),
            "glifac_auroc": gl.auroc.mean(), "glifac_aupr": gl.aupr.mean(),
            "glifac_snr": gl.snr.mean(), "la_auroc": la.auroc.mean(), "la_aupr": la.aupr.mean(),
            "la_snr": la.snr.mean(), "la_tpr": la.tpr.mean(), "la_ppv": la.ppv.mean(),
            "attended": gl.n_attended_pairs.mean(),
        })  # fmt: skip
    return pd.DataFrame(rows).set_index("preset") if rows else pd.DataFrame()


def _verdict(diffs):
    diffs = [d for d in diffs if np.isfinite(d)]
    if not diffs:
        return "not run yet"
    up, down, n = sum(d > MARGIN for d in diffs), sum(d < -MARGIN for d in diffs), len(diffs)
    if up == n:
        return "holds"
    if down == n:
        return "does not hold"
    if up and down:
        return "mixed: depends on the model"
    if up:
        return f"holds in {up} of {n} (the others within the margin)"
    if down:
        return f"does not hold in {down} of {n} (the others within the margin)"
    return "too close to call"


def _pairs(table, a_of, metric):
    """(a, b, a - b) for every preset a with its partner b = a_of(a) finished."""
    out = []
    for a in table.index:
        b = a_of(a)
        if b is not None and b in table.index:
            out.append((a, b, table.loc[a, metric] - table.loc[b, metric]))
    return out


def findings(table):
    relu = {p: p.replace("Exp", "ReLU") for p in table.index if "Exp" in p}
    pool4 = {p: p.replace("CNN20", "CNN4") for p in table.index if p.startswith("CNN20")}
    norm = {p: f"{p}-Norm" for p in table.index if p.startswith("CNN") and "Norm" not in p}
    rows = []
    # with no attention weight above the threshold both methods score every pair alike (chance)
    live = [p for p in table.index if table.loc[p, "attended"] > 0]
    silent = [p for p in table.index if p not in live]
    spec = [
        ("GLIFAC beats local attention (AUPR at 0.1), every model",
         [(p, "local attention", table.loc[p, "glifac_aupr"] - table.loc[p, "la_aupr"])
          for p in live]),
        ("GLIFAC beats local attention (AUROC at 0.1), every model",
         [(p, "local attention", table.loc[p, "glifac_auroc"] - table.loc[p, "la_auroc"])
          for p in live]),
        ("Exponential beats ReLU: GLIFAC AUPR", _pairs(table, relu.get, "glifac_aupr")),
        ("Exponential beats ReLU: classification AUPR (pooled)",
         _pairs(table, relu.get, "clf_pooled")),
        ("Pool 20 beats pool 4: GLIFAC AUPR", _pairs(table, pool4.get, "glifac_aupr")),
        ("BatchNorm + LayerNorm hurt GLIFAC: GLIFAC AUPR", _pairs(table, norm.get, "glifac_aupr")),
    ]  # fmt: skip
    for name, comps in spec:
        detail = "; ".join(f"{a} vs {b}: {d:+.3f}" for a, b, d in comps) or "--"
        if silent and "local attention" in name:
            detail += f" (not compared, no attention above {THRESHOLD}: {', '.join(silent)})"
        rows.append((name, _verdict([d for *_, d in comps]), detail))
    ppv = table.loc[live, "la_ppv"].max() if live else np.nan
    tpr = table.loc[live, "la_tpr"].min() if live else np.nan
    rows.append(("Local attention: TPR near 1, low PPV (threshold 0.1)",
                 "not run yet" if not len(table) else
                 "holds" if tpr > 0.9 and ppv < 0.2 else "does not hold",
                 f"TPR >= {tpr:.2f}, PPV <= {ppv:.2f} over the presets that attend"))  # fmt: skip
    return rows


def main():
    runs = load()
    table = per_preset(runs)
    cols = ["seeds", "attended", "clf_pooled", "clf_mean", "glifac_auroc", "glifac_aupr",
            "glifac_snr", "la_auroc", "la_aupr", "la_tpr", "la_ppv"]  # fmt: skip
    header = ["preset", "seeds", "attended position pairs", "clf AUPR (pooled)",
              "clf AUPR (task mean)", "GLIFAC AUROC", "GLIFAC AUPR", "GLIFAC SNR", "LA AUROC",
              "LA AUPR", "LA TPR", "LA PPV"]  # fmt: skip
    rows = [[p] + [f"{int(r[c]):,}" if c in ("seeds", "attended") else f"{r[c]:.3f}"
                   for c in cols]
            for p, r in table.iterrows()]  # fmt: skip
    missing = [p for p in ORDER if p not in table.index]
    text = _list_table(
        "Nine presets, 30,000 sequences, at most 15 epochs, threshold 0.1 (means over the "
        "finished seeds)", header, rows,
    )  # fmt: skip
    if missing:
        text += f"\nNot finished yet: {', '.join(missing)}.\n"
    text += "\n" + _list_table(
        f"The paper's findings at this budget (margin {MARGIN})",
        ["finding", "verdict", "comparisons (difference in the paper's direction)"],
        findings(table),
    )
    RST.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
