"""Tables of the negative control for the docs and the README, from the example's saved runs.

Run the gallery example with its runs kept in ``benchmarks/results/negative_control``::

    SKLEARN_GLIFAC_NEGATIVE_CONTROL_DIR=benchmarks/results/negative_control \\
        .venv/bin/python examples/plot_negative_control.py
    .venv/bin/python benchmarks/negative_control_table.py

Writes ``docs/_static/negative_control.rst`` and ``benchmarks/results/negative_control/summary.md``.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from sklearn_glifac.experiments import load_reproduction

OUT = Path("benchmarks/results/negative_control")
RST = Path("docs/_static/negative_control.rst")
LABELS = {"authors": "authors' (pairs co-embedded)", "independent": "independent sites"}


def _fmt(values):
    v = np.asarray(values, dtype=float)
    return f"{np.nanmean(v):.3f}" + (f" ± {np.nanstd(v, ddof=1):.3f}" if len(v) > 1 else "")


def table():
    results, _ = load_reproduction(OUT)
    cooc = pd.read_csv(OUT / "cooccurrence.csv").set_index("data")
    rows = []
    for data in ("authors", "independent"):
        g = results[(results["data"] == data) & (results["method"] == "glifac")]
        runs = g.drop_duplicates("seed")
        rows.append(
            {
                "data": LABELS[data],
                "clf AUPR": _fmt(runs["classification_aupr"]),
                "co-occurrence AUROC (no network)": f"{cooc.loc[data, 'auroc']:.3f}",
                "GLIFAC AUROC, t=0.0 (no attention)": _fmt(g[g.threshold == 0.0]["auroc"]),
                "GLIFAC AUROC, t=0.1": _fmt(g[g.threshold == 0.1]["auroc"]),
                "GLIFAC AUPR, t=0.0": _fmt(g[g.threshold == 0.0]["aupr"]),
                "GLIFAC AUPR, t=0.1": _fmt(g[g.threshold == 0.1]["aupr"]),
                "seeds": len(runs),
            }
        )
    return pd.DataFrame(rows)


def main():
    t = table()
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [list(t.columns)] + t.astype(str).values.tolist():
        lines += [f"   {'*' if i == 0 else ' '} - {cell}" for i, cell in enumerate(row)]
    RST.write_text("\n".join(lines) + "\n", encoding="utf-8")
    md = ["| " + " | ".join(t.columns) + " |", "|:---|" + "---:|" * (len(t.columns) - 1)]
    md += ["| " + " | ".join(map(str, r)) + " |" for r in t.values.tolist()]
    (OUT / "summary.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
