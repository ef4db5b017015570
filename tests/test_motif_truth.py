"""rename_true_interactions: a ground truth scored against a motif database's names."""

import numpy as np
import pandas as pd
import pytest

from sklearn_glifac.motifs import rename_true_interactions


def _truth(names, pairs):
    table = pd.DataFrame(0, index=names, columns=names)
    for a, b in pairs:
        table.loc[a, b] = table.loc[b, a] = 1
    return table


def test_same_names_return_the_table_itself():
    truth = _truth(["CTCF", "SPI1"], [("CTCF", "SPI1")])
    assert rename_true_interactions(truth, ["SPI1", "CTCF", "GATA1"]) is truth


def test_names_follow_the_database_across_conventions():
    truth = _truth(["ctcf", "TAL1", "SPI1"], [("ctcf", "TAL1")])
    out = rename_true_interactions(truth, ["CTCF_MA1929.2", "TAL1::TCF3", "Spi1"])
    assert list(out.index) == list(out.columns) == ["CTCF_MA1929.2", "TAL1::TCF3", "Spi1"]
    assert out.loc["CTCF_MA1929.2", "TAL1::TCF3"] == out.loc["TAL1::TCF3", "CTCF_MA1929.2"] == 1
    assert out.loc["Spi1"].sum() == 0


def test_a_motif_with_several_database_matrices_gives_each_its_row():
    truth = _truth(["CTCF", "SPI1"], [("CTCF", "SPI1")])
    out = rename_true_interactions(truth, ["CTCF_MA1929.2", "MA0139.2 CTCF", "SPI1"])
    assert list(out.index) == ["CTCF_MA1929.2", "MA0139.2 CTCF", "SPI1"]
    np.testing.assert_array_equal(out["SPI1"], [1, 1, 0])
    assert out.loc["CTCF_MA1929.2", "MA0139.2 CTCF"] == 0  # two matrices of one motif


def test_a_dimer_naming_two_truth_motifs_takes_the_first():
    truth = _truth(["TAL1", "TCF3", "GATA1"], [("TAL1", "GATA1")])
    out = rename_true_interactions(truth, ["TAL1::TCF3", "GATA1"])
    assert list(out.index) == ["TAL1::TCF3", "GATA1"]
    assert out.loc["TAL1::TCF3", "GATA1"] == 1


def test_unmatched_motifs_are_an_error_naming_them_and_the_database():
    truth = _truth(["CTCF", "NOPE1", "NOPE2"], [])
    with pytest.raises(ValueError, match=r"2 of 3 ground-truth motif\(s\) match no motif in "
                       r"JASPAR CORE .*: NOPE1, NOPE2\."):  # fmt: skip
        rename_true_interactions(truth, ["CTCF"], database="JASPAR CORE")
