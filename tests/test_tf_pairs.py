"""TF families, reference pairs, reference metrics and the ranked TF-pair table, on hand-checkable
cases (the bundled JASPAR for the family and reference look-ups; no network)."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import false_discovery_control

from sklearn_glifac.inspection import (
    filter_pair_table,
    filter_pair_table_from_scores,
    tf_pair_table,
    tf_pair_table_from_scores,
)
from sklearn_glifac.metrics import (
    make_reference_scorer,
    reference_enrichment,
    reference_precision_at_k,
)
from sklearn_glifac.motifs import (
    FilterAnnotation,
    group_filters,
    load_jaspar_collection,
    load_reference_pairs,
    motif_families,
    split_dimer,
    write_meme,
)

# ------------------------------------------------------------------ families


def test_split_dimer():
    assert split_dimer("Pou5f1::Sox2") == ("Pou5f1", "Sox2")
    assert split_dimer("MAF") == ("MAF",)
    assert split_dimer("CTCF_MA1929.2") == ("CTCF",)  # load_jaspar_collection's repeated name
    assert split_dimer("MA0142.1 Pou5f1::Sox2") == ("Pou5f1", "Sox2")  # a MEME-file key
    with pytest.raises(ValueError, match="empty TF name"):
        split_dimer("A::")
    with pytest.raises(TypeError, match="name"):
        split_dimer("")


def test_families_on_a_toy_database():
    db = {"A": "fam1", "B": "fam1", "C": "fam2"}
    fam = motif_families(["C", "A"], database=db)
    assert fam[["motif", "tf", "tf_family"]].values.tolist() == [
        ["C", "C", "fam2"],
        ["A", "A", "fam1"],
    ]
    groups = group_filters(["A", "", "B", "C"], level="family", database=db)
    assert groups["group"].tolist() == [("fam1",), (), ("fam1",), ("fam2",)]
    assert group_filters(["A", "", "B"], level="motif")["group"].tolist() == [("A",), (), ("B",)]
    with pytest.raises(ValueError, match=r"not in database: \['D'\]"):
        motif_families(["A", "D"], database=db)
    assert motif_families(["D"], database=db, missing="nan")["tf_family"].isna().all()


def test_families_from_the_bundled_jaspar():
    fam = motif_families(["MAF", "MAFA", "Mafb", "MAFG::NFE2L1", "Pou5f1::Sox2"])
    by = {(m, tf): f for m, tf, f in fam[["motif", "tf", "tf_family"]].itertuples(index=False)}
    # MAF family members share a family; each half of a dimer gets its own
    assert by["MAF", "MAF"] == by["MAFA", "MAFA"] == by["Mafb", "MAFB"] == "Maf-related"
    assert by["MAFG::NFE2L1", "MAFG"] == "Maf-related"
    assert by["MAFG::NFE2L1", "NFE2L1"] == "Jun-related"
    assert by["Pou5f1::Sox2", "POU5F1"] == "POU domain factors"
    assert by["Pou5f1::Sox2", "SOX2"] == "SOX-related factors"
    groups = group_filters(["MAF", "Mafb", "Pou5f1::Sox2", ""], level="family")["group"]
    assert groups[0] == groups[1] == ("Maf-related",)
    assert groups[2] == ("POU domain factors", "SOX-related factors")
    assert group_filters(["Pou5f1::Sox2"], level="tf")["group"][0] == ("POU5F1", "SOX2")


def test_a_database_without_families_is_a_clear_error(tmp_path):
    matrices = {"m1": np.full((4, 3), 0.25)}
    with pytest.raises(ValueError, match="carries no TF family annotation"):
        group_filters(["m1"], level="family", database=matrices)
    path = tmp_path / "user.meme"
    write_meme(matrices, path)
    with pytest.raises(ValueError, match="MEME file carries no TF family"):
        motif_families(["m1"], database=str(path))
    with pytest.raises(ValueError, match=r"not in the bundled JASPAR: \['my_motif'\]"):
        group_filters(["MAF", "my_motif"], level="family")


# ------------------------------------------------------------------ reference pairs


def test_reference_pairs_from_the_bundled_jaspar():
    pairs = load_reference_pairs()
    keys = set(zip(pairs.tf_a, pairs.tf_b))
    assert ("POU5F1", "SOX2") in keys and ("BACH1", "MAFK") in keys
    assert (pairs.tf_a < pairs.tf_b).all() and len(keys) == len(pairs)
    # brute force over the vertebrate collection: distinct unordered, upper-cased dimer pairs
    names = [k.split("_MA")[0] for k in load_jaspar_collection() if "::" in k]
    expected = {tuple(sorted(p.upper() for p in n.split("::"))) for n in names}
    vert = load_reference_pairs(tax_group="vertebrates")
    assert set(zip(vert.tf_a, vert.tf_b)) == expected
    assert set(expected) <= keys
    family = load_reference_pairs(level="family")
    assert ("POU domain factors", "SOX-related factors") in set(zip(family.tf_a, family.tf_b))


def test_reference_pairs_from_a_tsv(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("tf_a\ttf_b\n# known\nSox2\tPou5f1\nPOU5F1\tSOX2\nMAF\tNFE2\n")
    pairs = load_reference_pairs(path)
    assert pairs[["tf_a", "tf_b"]].values.tolist() == [["MAF", "NFE2"], ["POU5F1", "SOX2"]]
    assert load_reference_pairs(path, vocabulary=["MAF", "NFE2", "Pou5f1::Sox2"]).shape[0] == 2
    bad = tmp_path / "bad.tsv"
    bad.write_text("SOX2\tPOU5F1\nFOO1\tMAF\nBAR2\tFOO1\n")
    with pytest.raises(ValueError, match=r"not in the vocabulary: \['BAR2', 'FOO1'\]"):
        load_reference_pairs(bad, vocabulary="jaspar")
    one = tmp_path / "one.tsv"
    one.write_text("SOX2\n")
    with pytest.raises(ValueError, match="two tab-separated columns"):
        load_reference_pairs(one)
    with pytest.raises(FileNotFoundError, match="source"):
        load_reference_pairs(tmp_path / "missing.tsv")


# ------------------------------------------------------------------ metrics


def test_reference_enrichment_against_a_hand_computation():
    # N = 10 tested pairs, K = 3 of them in the reference, n = 4 called, k = 2 in the reference:
    # P(X >= 2) = [C(3,2) C(7,2) + C(3,3) C(7,1)] / C(10,4) = (63 + 7) / 210 = 1/3
    tested = [(f"T{i}", f"U{i}") for i in range(10)]
    reference = [("t0", "u0"), ("U1", "T1"), ("T2", "U2"), ("X", "Y")]
    called = [tested[0], tested[1], tested[5], tested[6]]
    r = reference_enrichment(called, tested, reference)
    assert r.pvalue == pytest.approx(1 / 3)
    assert (r.n_tested, r.n_reference, r.n_called, r.n_called_reference) == (10, 3, 4, 2)
    assert r.expected == pytest.approx(1.2) and r.fold_enrichment == pytest.approx(2 / 1.2)
    assert reference_enrichment([], tested, reference).pvalue == 1.0
    with pytest.raises(ValueError, match=r"called: 1 called pair\(s\) are not among the tested"):
        reference_enrichment([("A", "B")], tested, reference)


def test_reference_precision_at_k_by_hand():
    ranked = [("SOX2", "POU5F1"), ("MAF", "CTCF"), ("MAF", "NFE2"), ("A", "B")]
    reference = pd.DataFrame({"tf_a": ["POU5F1", "MAF"], "tf_b": ["SOX2", "NFE2"]})
    assert reference_precision_at_k(ranked, reference, k=1) == 1.0
    assert reference_precision_at_k(ranked, reference, k=3) == pytest.approx(2 / 3)
    assert reference_precision_at_k(ranked, reference, k=10) == 0.5  # all 4 pairs
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        reference_precision_at_k(ranked, reference, k=0)
    with pytest.warns(UserWarning, match="empty"):
        assert math.isnan(reference_precision_at_k([], reference, k=3))


# ------------------------------------------------------------------ the table


def _symmetric(n, entries, fill=np.nan):
    M = np.full((n, n), fill)
    for (i, j), v in entries.items():
        M[i, j] = M[j, i] = v
    return M


def test_simes_combination_by_hand():
    # filters 0, 1, 2 are "A", filter 3 is "B": three filter pairs back A-B
    labels = ["A", "A", "A", "B"]
    P = _symmetric(4, {(0, 3): 0.04, (1, 3): 0.03, (2, 3): 0.5, (0, 1): 1e-9})
    S = _symmetric(4, {(0, 3): 0.2, (1, 3): -0.7, (2, 3): 0.1, (0, 1): 5.0}, fill=0.0)
    t = tf_pair_table_from_scores(S, labels, pvalues=P, families=None, reference=None)
    assert t[["tf_a", "tf_b", "n_filter_pairs"]].values.tolist() == [["A", "B", 3]]
    # Simes: min(3 * 0.03 / 1, 3 * 0.04 / 2, 3 * 0.5 / 3) = 0.06; the A-A pair is redundancy
    assert t.pvalue[0] == pytest.approx(0.06) and t.qvalue[0] == pytest.approx(0.06)
    assert t.score[0] == -0.7  # the filter pair of largest magnitude, sign kept
    assert t.filter_pairs[0] == "0-3, 1-3, 2-3"


def test_table_on_a_four_filter_case():
    labels = ["MAF", "Mafb", "Pou5f1::Sox2", "CTCF"]
    p = {(0, 1): 1e-6, (0, 2): 0.001, (0, 3): 0.2, (1, 2): 0.05, (1, 3): 0.9, (2, 3): 0.004}
    P = _symmetric(4, p)
    S = _symmetric(4, {k: 1 - v for k, v in p.items()}, fill=0.0)
    ann_q = np.array([0.01, 0.02, 0.003, 0.04])
    t = tf_pair_table_from_scores(S, labels, pvalues=P, label_qvalues=ann_q, method="m")
    rows = {(a, b): r for a, b, r in zip(t.tf_a, t.tf_b, t.itertuples())}
    # MAF and MAFB: one JASPAR family -> flagged, q NaN, never called
    maf = rows["MAF", "MAFB"]
    assert maf.same_family and not maf.called and math.isnan(maf.qvalue)
    assert maf.pvalue == pytest.approx(1e-6)
    # the dimer filter is composite evidence for POU5F1-SOX2, apart from filter pairs
    comp = rows["POU5F1", "SOX2"]
    assert comp.composite and comp.in_reference and comp.n_filter_pairs == 0
    assert comp.composite_filters == "2" and comp.composite_qvalue == 0.003
    assert not comp.called and math.isnan(comp.pvalue)
    # every other TF pair has one filter pair; q = BH over the non-same-family TF pairs
    tested = t[~t.same_family & t.pvalue.notna()]
    assert len(tested) == 8 and (tested.n_filter_pairs == 1).all()
    assert rows["MAF", "SOX2"].pvalue == 0.001 and rows["CTCF", "POU5F1"].pvalue == 0.004
    np.testing.assert_allclose(tested.qvalue, false_discovery_control(tested.pvalue, method="bh"))
    # BH by hand: p sorted .001 .001 .004 .004 .05 .05 .2 .9 -> q .004 .004 .008 .008 .067 ...
    assert set(zip(t.tf_a[t.called], t.tf_b[t.called])) == {
        ("MAF", "POU5F1"),
        ("MAF", "SOX2"),
        ("CTCF", "POU5F1"),
        ("CTCF", "SOX2"),
    }
    assert t.called.iloc[:4].all() and (t.method == "m").all()
    # filter level: same-family flag, BH against scipy over the six filter pairs
    f = filter_pair_table_from_scores(S, labels, pvalues=P, method="m")
    np.testing.assert_allclose(
        f.sort_values(["filter_a", "filter_b"]).qvalue,
        false_discovery_control([p[k] for k in sorted(p)], method="bh"),
    )
    assert f.loc[(f.filter_a == 0) & (f.filter_b == 1), "same_family"].item()
    assert not f.loc[(f.filter_a == 0) & (f.filter_b == 1), "called"].item()
    # family level: MAF and MAFB collapse into Maf-related; the MAF-MAFB filter pair is redundant
    fam = tf_pair_table_from_scores(S, labels, pvalues=P, level="family", reference="jaspar")
    assert ("Maf-related", "Maf-related") not in set(zip(fam.tf_a, fam.tf_b))
    row = fam[(fam.tf_a == "Maf-related") & (fam.tf_b == "POU domain factors")].iloc[0]
    assert row.n_filter_pairs == 2 and row.pvalue == pytest.approx(min(2 * 0.001, 2 * 0.05 / 2))
    comp = fam[(fam.tf_a == "POU domain factors") & (fam.tf_b == "SOX-related factors")].iloc[0]
    assert comp.composite and comp.in_reference  # family names matched whatever their case


def test_redundant_filters_and_asymmetric_pvalues():
    labels = ["SOX2", "Sox2", "MAF"]  # one TF up to case: a redundant pair, never tested
    P = np.array([[np.nan, 0.001, 0.01], [0.2, np.nan, 0.3], [0.04, 0.4, np.nan]])
    t = tf_pair_table_from_scores(np.eye(3), labels, pvalues=P, families=None, reference=None)
    assert t[["tf_a", "tf_b"]].values.tolist() == [["MAF", "SOX2"]]
    # one test per orientation: 2 min(p_ij, p_ji) per filter pair, then Simes over the two
    assert t.pvalue[0] == pytest.approx(min(2 * 0.02 / 1, 2 * 0.3 / 2))
    f = filter_pair_table_from_scores(np.eye(3), labels, pvalues=P, families=None)
    assert f.loc[(f.filter_a == 0) & (f.filter_b == 1), "same_motif"].item()


def test_no_labelled_filter_gives_an_empty_table():
    t = tf_pair_table_from_scores(np.zeros((3, 3)), ["", "", ""], pvalues=np.full((3, 3), 0.5))
    assert t.empty and "qvalue" in t.columns and "composite" in t.columns
    f = filter_pair_table_from_scores(np.zeros((3, 3)), ["", "", ""], families=None)
    assert len(f) == 3  # unlabelled filters stay in the filter-level table
    with pytest.raises(ValueError, match="labels must have one entry per filter"):
        tf_pair_table_from_scores(np.zeros((3, 3)), ["A"])
    with pytest.raises(ValueError, match="alpha must be a float in"):
        tf_pair_table_from_scores(np.zeros((2, 2)), ["A", "B"], alpha=1.5)
    with pytest.raises(ValueError, match="level='family' needs families"):
        tf_pair_table_from_scores(np.zeros((2, 2)), ["A", "B"], level="family", families=None)


class _Fitted:
    """A fitted transformer's public state, as GLIFACInteractions exposes it."""

    def __init__(self, W, labels, pvalues=None, qvalues=None):
        self.filter_interactions_ = W
        n = len(labels)
        self.filter_annotation_ = FilterAnnotation(
            pwms=np.full((n, 4, 3), 0.25), n_sites=np.ones(n), labels=labels,
            tomtom=pd.DataFrame(), qvalues=np.full(n, 0.01),
        )  # fmt: skip
        if pvalues is not None:
            self.pvalues_ = pvalues
        if qvalues is not None:
            self.qvalues_ = qvalues


def test_wrapper_over_fitted_transformers_and_scorers():
    labels = ["MAF", "Pou5f1::Sox2", "CTCF"]
    p = {(0, 1): 0.001, (0, 2): 0.5, (1, 2): 0.002}
    P, S = _symmetric(3, p), _symmetric(3, {k: 1 - v for k, v in p.items()}, fill=0.0)
    a, b = _Fitted(S, labels, P), _Fitted(S * 0.5, labels, P)
    one = tf_pair_table(a, reference="jaspar")
    expected = tf_pair_table_from_scores(S, labels, pvalues=P, label_qvalues=np.full(3, 0.01))
    pd.testing.assert_frame_equal(one.drop(columns="method"), expected.drop(columns="method"))
    both = tf_pair_table({"glifac": a, "local": b})
    assert len(both) == 2 * len(one) and set(both.method) == {"glifac", "local"}
    own_q = _symmetric(3, {k: 0.3 for k in p})
    f = filter_pair_table(_Fitted(S, labels, P, qvalues=own_q))
    assert (f.qvalue == 0.3).all() and not f.called.any()  # the method's own q-values
    with pytest.warns(UserWarning, match="no per-pair p-values"):
        untested = tf_pair_table(_Fitted(S, labels))
    assert not untested.called.any() and untested.pvalue.isna().all()
    no_labels = _Fitted(S, labels)
    no_labels.filter_annotation_ = None
    with pytest.raises(ValueError, match="motifs=None"):
        tf_pair_table(no_labels)
    with pytest.raises(TypeError, match="filter_interactions_"):
        tf_pair_table(object())
    # scorers: the table's ranking against a reference holding only MAF-SOX2
    reference = pd.DataFrame({"tf_a": ["MAF"], "tf_b": ["SOX2"]})
    table = tf_pair_table(a, reference=reference)
    ranked = table[~table.same_family & (table.n_filter_pairs > 0)]
    prec = make_reference_scorer("precision_at_k", reference=reference, k=2)(a)
    assert prec == reference_precision_at_k(ranked, reference, k=2) == 0.5
    tested = ranked[ranked.pvalue.notna()]
    enr = make_reference_scorer("enrichment", reference=reference)(a, None)
    p_enr = reference_enrichment(tested[tested.called], tested, reference).pvalue
    assert enr == pytest.approx(-np.log10(p_enr))
    with pytest.raises(ValueError, match="metric must be"):
        make_reference_scorer("auroc")


def _consensus_table(qvalues, method="glifac"):
    return pd.DataFrame(
        {
            "tf_a": ["A", "A", "B"],
            "tf_b": ["B", "C", "C"],
            "method": method,
            "qvalue": qvalues,
            "called": [q < 0.05 for q in qvalues],  # NaN < 0.05 is False: untested
            "composite": False,
            "same_family": [False, False, True],
            "in_reference": [True, False, False],
        }
    )


def test_consensus_tf_pairs_counts_calls_across_networks():
    from sklearn_glifac.inspection import consensus_tf_pairs

    t1 = _consensus_table([0.01, 0.04, np.nan])
    t2 = _consensus_table([0.03, 0.20, 0.01])
    every = consensus_tf_pairs({"seed0": t1, "seed1": t2})
    rows = {(r.tf_a, r.tf_b): r for r in every.itertuples()}
    assert rows["A", "B"].called and rows["A", "B"].max_qvalue == 0.03
    assert rows["A", "B"].n_called == 2 and rows["A", "B"].in_reference
    assert not rows["A", "C"].called and rows["A", "C"].n_called == 1
    assert np.isnan(rows["B", "C"].max_qvalue)  # untested in one network
    assert list(every["called"]) == [True, False, False]  # called pairs first
    one = consensus_tf_pairs([t1, t2], min_networks=1)
    assert set(one.loc[one.called, "tf_b"]) == {"B", "C"}


@pytest.mark.parametrize(
    "kwargs, match",
    [({"tables": []}, "at least one"), ({"min_networks": 3}, r"min_networks must be an int"),
     ({"min_networks": 0}, "min_networks"), ({"tables": [pd.DataFrame({"x": [1]})]}, "tf_pair")],
)  # fmt: skip
def test_consensus_tf_pairs_errors(kwargs, match):
    from sklearn_glifac.inspection import consensus_tf_pairs

    args = {"tables": [_consensus_table([0.01, 0.5, 0.5])] * 2, **kwargs}
    tables = args.pop("tables")
    with pytest.raises(ValueError, match=match):
        consensus_tf_pairs(tables, **args)
