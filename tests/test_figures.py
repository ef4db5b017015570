"""What the demo's report says in words and captions: chance verdicts, intervals, captions.

Fast: the report is written from hand-made score tables; no network is trained.
"""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from sklearn_glifac.experiments._demo_report import (
    _chance,
    _ci_table,
    _verdicts,
    _write_demo_report,
)


def _row(model="CNN20-Exp", seed=0, gl=(0.573, 0.41, 0.73), la=(0.209, 0.10, 0.33)):
    return {
        "model": model,
        "seed": seed,
        "classification_aupr": 0.9,
        "glifac_auroc": gl[0],
        "glifac_auroc_low": gl[1],
        "glifac_auroc_high": gl[2],
        "glifac_aupr": 0.2,
        "glifac_aupr_low": 0.05,
        "glifac_aupr_high": 0.4,
        "local_auroc": la[0],
        "local_auroc_low": la[1],
        "local_auroc_high": la[2],
        "local_aupr": 0.05,
        "local_aupr_low": 0.02,
        "local_aupr_high": 0.1,
        "n_positive_pairs": 5,
        "n_negative_pairs": 400,
    }


@pytest.mark.parametrize(
    "auroc, low, high, expected",
    [
        (0.573, 0.41, 0.73, "near chance"),  # interval contains 0.5
        (0.209, 0.10, 0.33, "below chance"),
        (0.95, 0.90, 0.99, "above chance"),
        (0.70, 0.45, 0.90, "near chance"),  # a point estimate of 0.7 is not enough
        (0.55, np.nan, np.nan, "near chance"),  # no interval: within 0.1 of 0.5
        (0.30, np.nan, np.nan, "below chance"),
        (np.nan, np.nan, np.nan, "undefined"),
    ],
)
def test_chance_words_follow_the_confidence_interval(auroc, low, high, expected):
    assert _chance(auroc, low, high) == expected


def test_verdict_says_near_and_below_chance_instead_of_a_win():
    (line,) = _verdicts(pd.DataFrame([_row()]))
    assert "GLIFAC 0.573 (95% CI 0.410-0.730, near chance)" in line
    assert "local attention 0.209 (95% CI 0.100-0.330, below chance)" in line
    assert "neither method ranks the planted pairs above chance" in line
    assert "GLIFAC above local attention" not in line


def test_verdict_calls_a_clear_win_and_flags_overlapping_intervals():
    clear = _row(gl=(0.99, 0.97, 1.0), la=(0.72, 0.55, 0.86))
    overlap = _row(model="CNN20-ReLU", gl=(0.90, 0.70, 1.0), la=(0.75, 0.60, 0.88))
    first, second = _verdicts(pd.DataFrame([clear, overlap]))
    assert "GLIFAC above local attention by 0.270." in first
    assert "GLIFAC above local attention by 0.150 (their confidence intervals overlap)" in second


def test_verdict_over_seeds_counts_each_seed():
    rows = [
        _row(seed=0, gl=(0.95, 0.9, 1.0)),
        _row(seed=1, gl=(0.55, 0.4, 0.7)),
        _row(seed=2, gl=(0.97, 0.92, 1.0)),
    ]
    (line,) = _verdicts(pd.DataFrame(rows))
    assert "means over seeds" in line
    assert "above chance in 2, near chance in 1 of 3 seeds" in line


def test_ci_table_puts_interval_beside_estimate():
    ci = _ci_table(pd.DataFrame([_row()]))
    assert list(ci["method"]) == ["aggregated local attention", "GLIFAC"]
    glifac = ci.iloc[1]
    assert glifac["AUROC"] == pytest.approx(0.573)
    assert glifac["AUROC 95% CI"] == "0.410-0.730"
    assert glifac["vs chance"] == "near chance"
    assert glifac["pairs +/-"] == "5/400"
    assert ci.iloc[0]["vs chance"] == "below chance"


def test_report_has_a_caption_for_every_figure_and_the_interval_table(tmp_path):
    from matplotlib.figure import Figure

    (tmp_path / "figures").mkdir()
    paths = []
    for name in ("maps", "sensitivity"):
        path = tmp_path / "figures" / f"{name}.png"
        Figure(figsize=(1, 1)).savefig(path)
        paths.append(path)
    captions = {paths[0]: "Interaction maps <caption>.", paths[1]: "SNR = 2 means ..."}
    table = pd.DataFrame([_row()]).assign(glifac_snr=1.0, local_snr=1.0)
    md, html_path = _write_demo_report(
        tmp_path,
        config={"presets": "CNN20-Exp"},
        table=table,
        sweep_path=tmp_path / "sweep.csv",
        figures=[("Interaction maps", paths[0]), ("Threshold sensitivity", paths[1])],
        files=[],
        totals={"total": 1.0},
        captions=captions,
    )
    text, page = md.read_text(), html_path.read_text()
    assert "*Interaction maps <caption>.*" in text and "*SNR = 2 means ...*" in text
    assert page.count("<figcaption>") == 2
    assert "Interaction maps &lt;caption&gt;." in page  # escaped
    assert "95% bootstrap confidence intervals" in text and "0.410-0.730" in page
    assert "near chance" in page and "below chance" in page
