"""The demo compares the paper's classification AUPR with the pooled (micro) number."""

import pandas as pd
import pytest

from sklearn_glifac.experiments._config import MAIN_SCORES, SCORE_COLUMNS
from sklearn_glifac.experiments._demo_report import _paper_comparison, _verdicts


def _table():
    return pd.DataFrame(
        {
            "model": ["CNN20-Exp", "CNN20-Exp"],
            "seed": [0, 1],
            "classification_aupr": [0.90, 0.92],
            "classification_aupr_micro": [0.95, 0.97],
            "glifac_auroc": [0.9, 0.9],
            "local_auroc": [0.6, 0.6],
        }
    )


def test_demo_paper_comparison_uses_the_pooled_aupr():
    table = _paper_comparison(_table())
    row = table[table["score"] == "classification AUPR (pooled)"].iloc[0]
    assert row["paper"] == "0.95-0.97 (all models)"
    assert row["CNN20-Exp"] == pytest.approx(0.96)  # mean of the pooled values, not 0.91
    assert not (table["score"] == "classification AUPR").any()
    assert MAIN_SCORES.index("classification_aupr_micro") == 3
    assert SCORE_COLUMNS["classification_aupr_micro"] == "clf AUPR (pooled)"


def test_demo_verdict_names_both_classification_numbers():
    (line,) = _verdicts(_table())
    assert "classification AUPR 0.910 (task mean; 0.960 pooled)" in line
    (old,) = _verdicts(_table().drop(columns="classification_aupr_micro"))
    assert "classification AUPR 0.910;" in old
