"""Tests for sklearn_glifac.datasets: motif loading, MEME I/O, generators, shuffles, splits."""

import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sklearn_glifac.datasets import (
    AUTHORS_PAIR_RATE,
    GLIFAC_GRAMMAR,
    dinucleotide_shuffle,
    make_motif_interactions,
    make_tf_pair_interactions,
    train_val_test_split,
)
from sklearn_glifac.motifs import (
    AUTHORS_MOTIF_IDS,
    GLIFAC_MOTIF_IDS,
    load_jaspar_collection,
    load_motifs,
    read_meme,
    write_meme,
)
from tests.conftest import random_onehot

PAPER_NAMES = [
    "CEBPB", "ELF1", "ESR1", "FOXN3", "GATA1", "IRF1",
    "NFIB", "SIX3", "SPI1", "TAL1", "TEAD1", "YY1",
]  # fmt: skip


@pytest.fixture(scope="module")
def glifac_motifs():
    return load_motifs()


@pytest.fixture(scope="module")
def glifac_data():
    return make_motif_interactions(3000, random_state=0)


@pytest.fixture(scope="module")
def authors_data():
    """The default data at the authors' size, 100,000 sequences (about 1 s)."""
    return make_motif_interactions(100_000, random_state=0)


KIND_OF_TASK = {
    "ELF1": "and", "SIX3": "and", "GATA1": "and", "TAL1": "and",
    "ESR1": "xor", "FOXN3": "xor", "IRF1": "xor", "SPI1": "xor",
    "CEBPB": "independent", "NFIB": "independent", "TEAD1": "independent", "YY1": "independent",
}  # fmt: skip

#: Fraction of positives per task in the authors' dataset, as printed by their notebook.
AUTHORS_BALANCE = {
    "ELF1": 0.164, "SIX3": 0.164, "GATA1": 0.162, "TAL1": 0.162,
    "ESR1": 0.102, "FOXN3": 0.102, "IRF1": 0.101, "SPI1": 0.101,
    "CEBPB": 0.143, "YY1": 0.144, "NFIB": 0.142, "TEAD1": 0.143,
}  # fmt: skip


def toy_motifs(seed=0, widths=(3, 5, 4, 6)):
    """Small random probability matrices (no JASPAR access), named m0, m1, ..."""
    rng = np.random.default_rng(seed)
    return {f"m{i}": rng.dirichlet(np.ones(4), size=w).T for i, w in enumerate(widths)}


def seq_indices(X):
    return X.argmax(axis=1)


def presence_from_sites(sites, n, names):
    """Set of motifs present in each sequence, computed from the site table."""
    present = [set() for _ in range(n)]
    for seq, motif in zip(sites["sequence"], sites["motif"]):
        present[seq].add(motif)
    return present


def expected_labels(present, names, grammar):
    """Brute-force labels: one sequence at a time, straight from the grammar's definition."""
    partner = {}
    for a, b, kind in grammar:
        partner[a], partner[b] = (b, kind), (a, kind)
    y = np.zeros((len(present), len(names)), dtype=int)
    for i, motifs in enumerate(present):
        for j, name in enumerate(names):
            if name not in partner:
                y[i, j] = name in motifs
            else:
                other, kind = partner[name]
                if kind == "and":
                    y[i, j] = name in motifs and other in motifs
                else:
                    y[i, j] = name in motifs and other not in motifs
    return y


def check_pair_units(data, *, pair_gap, n_sites):
    """When every unit is a grammar pair: sites come two by two, a pair's two sites adjacent."""
    sites = data.sites
    counts = np.bincount(sites["sequence"], minlength=len(data.X))
    assert (counts % 2 == 0).all()
    assert counts.min() >= 2 * n_sites[0] and counts.max() <= 2 * n_sites[1]
    first, second = sites.iloc[0::2], sites.iloc[1::2]
    assert (first["sequence"].to_numpy() == second["sequence"].to_numpy()).all()
    pairs = {frozenset(p) for p in zip(data.grammar["motif_a"], data.grammar["motif_b"])}
    assert {frozenset(p) for p in zip(first["motif"], second["motif"])} <= pairs
    gaps = second["start"].to_numpy() - first["end"].to_numpy()
    assert gaps.min() >= pair_gap[0] and gaps.max() <= pair_gap[1]
    return first, second, gaps


def exact_positive_rates(pair_rate, n_sites=(1, 5), n_motifs=12, n_pairs=4):
    """Exact fraction of positives per task kind of the unit model (AND, XOR, independent).

    A unit is pair p with probability r_p, else one site of a motif uniform over the pool;
    ``pair_rate`` is a dict {"and": r, "xor": r} for the paper grammar (two pairs of each kind).
    """
    k = np.arange(n_sites[0], n_sites[1] + 1)

    def none_of(q):  # P(no unit of a kind with per-unit probability q), K uniform
        return np.mean((1 - q) ** k)

    r_and, r_xor = pair_rate["and"], pair_rate["xor"]
    single = (1 - n_pairs / 2 * (r_and + r_xor)) / n_motifs  # one given motif as a single
    both = 1 - 2 * none_of(r_and + single) + none_of(r_and + 2 * single)
    alone = none_of(r_xor + single) - none_of(r_xor + 2 * single)
    return {"and": both, "xor": alone, "independent": 1 - none_of(single)}


def check_sites(data, *, min_spacing, n_sites, pairs=False):
    """Every invariant of the site table against X, for one generated data set.

    ``n_sites`` counts units; with ``pairs`` a unit may be a grammar pair (two sites).
    """
    X, sites = data.X, data.sites
    n, _, L = X.shape
    widths = {k: v.shape[1] for k, v in data.motifs.items()}
    assert (sites["end"] - sites["start"]).tolist() == [widths[m] for m in sites["motif"]]
    counts = np.bincount(sites["sequence"], minlength=n)
    assert counts.min() >= n_sites[0] and counts.max() <= (2 if pairs else 1) * n_sites[1]
    for _, group in sites.groupby("sequence"):
        starts, ends = group["start"].to_numpy(), group["end"].to_numpy()
        assert starts[0] >= min_spacing and ends[-1] <= L - min_spacing
        assert (starts[1:] - ends[:-1] >= min_spacing).all()  # sorted, so non-overlap too
        assert (starts[1:] >= ends[:-1]).all()


# ----------------------------------------------------------------------------------------------
# load_motifs / load_jaspar_collection
# ----------------------------------------------------------------------------------------------


def test_default_motifs_are_the_paper_set(glifac_motifs):
    assert list(glifac_motifs) == PAPER_NAMES == list(GLIFAC_MOTIF_IDS) == list(AUTHORS_MOTIF_IDS)
    for name, ppm in glifac_motifs.items():
        assert ppm.shape[0] == 4 and ppm.shape[1] >= 5, name
        np.testing.assert_allclose(ppm.sum(axis=0), 1.0, atol=1e-12)
        assert (ppm >= 0).all()


def test_default_motifs_match_pyjaspar_counts(glifac_motifs):
    from pyjaspar import jaspardb

    db = jaspardb(release="JASPAR2024")
    # the default set: the matrices the authors' code names (versioned IDs)
    assert list(AUTHORS_MOTIF_IDS) == PAPER_NAMES
    for name, matrix_id in AUTHORS_MOTIF_IDS.items():
        motif = db.fetch_motif_by_id(matrix_id)
        assert motif.matrix_id == matrix_id
        counts = np.array([motif.counts[b] for b in "ACGT"])
        np.testing.assert_allclose(glifac_motifs[name], counts / counts.sum(axis=0))
    names = {k: db.fetch_motif_by_id(v).name for k, v in AUTHORS_MOTIF_IDS.items()}
    assert (names["SPI1"], names["TAL1"], names["IRF1"]) == ("SP1", "NHLH1", "IRF8")
    # motif_set="latest": the latest version of each base ID in the release
    latest = load_motifs(motif_set="latest")
    expected_ids = {"GATA1": "MA0035.5", "TAL1": "MA0091.2", "IRF1": "MA0050.4", "YY1": "MA0095.4"}
    for name, base in GLIFAC_MOTIF_IDS.items():
        motif = db.fetch_motif_by_id(base)
        if name in expected_ids:
            assert motif.matrix_id == expected_ids[name]
        counts = np.array([motif.counts[b] for b in "ACGT"])
        np.testing.assert_allclose(latest[name], counts / counts.sum(axis=0))
    with pytest.raises(ValueError, match="motif_set"):
        load_motifs(motif_set="2020")
    assert db.fetch_motif_by_id("MA0035").tax_group == "vertebrates"  # not the plant GATA1
    assert db.fetch_motif_by_id("MA0091").name == "TAL1::TCF3"


def test_authors_tead1_is_ma0090_3_and_the_listed_matrix_one_argument_away(glifac_motifs):
    from pyjaspar import jaspardb

    from sklearn_glifac.motifs import MOTIF_SETS

    db = jaspardb(release="JASPAR2024")

    def ppm(matrix_id):
        counts = np.array([db.fetch_motif_by_id(matrix_id).counts[b] for b in "ACGT"])
        return counts / counts.sum(axis=0)

    # the authors' learned TEAD filters read ACATTCCAG(G): MA0090.3's consensus contains it
    assert AUTHORS_MOTIF_IDS["TEAD1"] == "MA0090.3"
    tead = glifac_motifs["TEAD1"]
    np.testing.assert_allclose(tead, ppm("MA0090.3"))
    assert "ACATTCCAGG" in "".join("ACGT"[i] for i in tead.argmax(axis=0))
    # the matrix their TEAD list names, with every other task unchanged
    listed = load_motifs(motif_set="authors_listed")
    np.testing.assert_allclose(listed["TEAD1"], ppm("MA0090.1"))
    assert MOTIF_SETS["authors_listed"]["TEAD1"] == "MA0090.1"
    for name in PAPER_NAMES:
        if name != "TEAD1":
            np.testing.assert_array_equal(listed[name], glifac_motifs[name])
    assert MOTIF_SETS["authors"] is AUTHORS_MOTIF_IDS
    with pytest.raises(ValueError, match="motif_set must be one of .*'authors_listed'"):
        load_motifs(motif_set="text")


def test_names_are_case_insensitive_and_prefer_vertebrates():
    latest = load_motifs(motif_set="latest")  # names resolve to the latest versions
    motifs = load_motifs(["GATA1", "irf1", "Spi1", "MA0095"])
    assert list(motifs) == ["GATA1", "irf1", "Spi1", "Yy1"]
    np.testing.assert_array_equal(motifs["GATA1"], latest["GATA1"])  # human, not plant
    np.testing.assert_array_equal(motifs["irf1"], latest["IRF1"])
    np.testing.assert_array_equal(motifs["Spi1"], latest["SPI1"])
    np.testing.assert_array_equal(motifs["Yy1"], latest["YY1"])
    assert list(load_motifs("CEBPB")) == ["CEBPB"]  # one string is one name
    # a versioned ID gives that version
    old = load_motifs(["MA0466.2"])
    assert list(old) == ["CEBPB"] and not np.allclose(old["CEBPB"], latest["CEBPB"])


def test_load_motifs_returns_copies():
    latest = load_motifs(motif_set="latest")
    a = load_motifs(["MA0095"])
    a["Yy1"][:] = 0
    np.testing.assert_array_equal(load_motifs(["MA0095"])["Yy1"], latest["YY1"])


@pytest.mark.parametrize(
    "names, expected",
    [
        (["ELF11"], "ELF1"),
        (["TAL1"], "TAL1::TCF3"),
        (["CEBPBB"], "CEBPB"),
        (["MA0466.9"], "MA0466"),
    ],
)
def test_unknown_names_list_close_matches(names, expected):
    with pytest.raises(ValueError, match="names") as exc:
        load_motifs(names)
    assert expected in str(exc.value)


def test_load_motifs_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="release"):
        load_motifs(release="JASPAR1999")
    with pytest.raises(ValueError, match="collection"):
        load_motifs(["CEBPB"], collection="PLANTS")
    with pytest.raises(ValueError, match="twice"):
        load_motifs(["CEBPB", "CEBPB"])
    with pytest.raises(ValueError, match="empty"):
        load_motifs([])
    with pytest.raises(TypeError, match="names"):
        load_motifs([3])
    with pytest.raises(FileNotFoundError):
        load_motifs(tmp_path / "missing.meme")
    # TAL1 exists only in UNVALIDATED
    assert list(load_motifs(["TAL1"], collection=None)) == ["TAL1"]


def test_load_motifs_from_another_thread():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        motifs = pool.submit(load_motifs, ["MA0090.1", "MA0091.1"]).result()
    assert list(motifs) == ["TEAD1", "TAL1::TCF3"]


def test_jaspar_collection():
    db = load_jaspar_collection()
    assert len(db) > 800
    assert "TAL1::TCF3" in db and "Irf1" in db and "GATA1" in db
    assert "CTCF" in db and any(k.startswith("CTCF_MA") for k in db)  # duplicate name + ID
    for ppm in db.values():
        assert ppm.shape[0] == 4
        np.testing.assert_allclose(ppm.sum(axis=0), 1.0, atol=1e-12)
    plants = load_jaspar_collection(tax_group="plants")
    assert "GATA1" in plants and not set(plants) & {"TAL1::TCF3", "Irf1"}
    with pytest.raises(ValueError, match="collection"):
        load_jaspar_collection(collection="nope")
    with pytest.raises(ValueError, match="tax_group"):
        load_jaspar_collection(tax_group="martians")


# ----------------------------------------------------------------------------------------------
# MEME I/O
# ----------------------------------------------------------------------------------------------


def test_meme_round_trip(tmp_path, glifac_motifs):
    from memelite.io import read_meme as memelite_read

    path = tmp_path / "glifac.meme"
    write_meme(glifac_motifs, path)
    back = read_meme(path)
    assert list(back) == PAPER_NAMES
    for k in PAPER_NAMES:
        np.testing.assert_allclose(back[k], glifac_motifs[k], atol=1e-12)
    assert set(memelite_read(str(path))) == set(PAPER_NAMES)
    via_load = load_motifs(str(path))
    np.testing.assert_allclose(via_load["TAL1"], glifac_motifs["TAL1"], atol=1e-12)
    # a sequence of (count) matrices is named "0", "1", ... and normalised
    write_meme([np.array([[2, 0], [2, 1], [0, 1], [0, 2]])], tmp_path / "counts.meme")
    counts = read_meme(tmp_path / "counts.meme")
    np.testing.assert_allclose(counts["0"], [[0.5, 0], [0.5, 0.25], [0, 0.25], [0, 0.5]])


def test_read_meme_suite_style_file(tmp_path):
    text = (
        "MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n\n"
        "Background letter frequencies\nA 0.25 C 0.25 G 0.25 T 0.25\n\n"
        "MOTIF MA0004.1 Arnt\n"
        "letter-probability matrix: alength= 4 w= 2 nsites= 20 E= 0\n"
        "  0.200000\t  0.800000\t  0.000000\t  0.000000\n"
        "  0.950000\t  0.000000\t  0.050000\t  0.000000\n"
        "URL http://jaspar.genereg.net/matrix/MA0004.1\n\n"
        "MOTIF two\n"
        "letter-probability matrix: alength= 4 w= 1 nsites= 20 E= 0\n"
        "0.333 0.333 0.333 0.0\n"
    )
    path = tmp_path / "suite.meme"
    path.write_text(text)
    motifs = read_meme(path)
    assert list(motifs) == ["MA0004.1 Arnt", "two"]
    np.testing.assert_allclose(motifs["MA0004.1 Arnt"], [[0.2, 0.95], [0.8, 0], [0, 0.05], [0, 0]])
    np.testing.assert_allclose(motifs["two"].ravel(), [1 / 3, 1 / 3, 1 / 3, 0])


def test_meme_bad_inputs(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_meme(tmp_path / "nothing.meme")
    empty = tmp_path / "empty.meme"
    empty.write_text("MEME version 4\n")
    with pytest.raises(ValueError, match="no motifs"):
        read_meme(empty)
    protein = tmp_path / "protein.meme"
    protein.write_text("MOTIF p\nletter-probability matrix: alength= 20 w= 1\n" + "0.05 " * 20)
    with pytest.raises(ValueError, match="letters"):
        read_meme(protein)
    with pytest.raises(ValueError, match="shape"):
        write_meme({"bad": np.ones((3, 5))}, tmp_path / "x.meme")
    with pytest.raises(ValueError, match="non-negative"):
        write_meme({"bad": -np.ones((4, 5))}, tmp_path / "x.meme")
    with pytest.raises(TypeError, match="motifs"):
        write_meme("ACGT", tmp_path / "x.meme")


# ----------------------------------------------------------------------------------------------
# make_motif_interactions
# ----------------------------------------------------------------------------------------------


def test_default_data_structure(glifac_data, glifac_motifs):
    d = glifac_data
    assert d.X.shape == (3000, 4, 200) and d.X.dtype == np.float32
    assert ((d.X == 0) | (d.X == 1)).all() and (d.X.sum(axis=1) == 1).all()
    assert d.y.shape == (3000, 12) and np.issubdtype(d.y.dtype, np.integer)
    assert d.target_names == PAPER_NAMES
    assert list(d.motifs) == PAPER_NAMES
    for k in PAPER_NAMES:
        np.testing.assert_allclose(d.motifs[k], glifac_motifs[k])
    assert list(d.sites.columns) == ["sequence", "motif", "start", "end", "strand"]
    assert set(d.sites["strand"]) == {"+"}  # paper: forward strand only
    assert isinstance(d.DESCR, str) and "Appendix A" in d.DESCR
    ti = d.true_interactions
    assert isinstance(ti, pd.DataFrame) and list(ti.index) == list(ti.columns) == PAPER_NAMES
    assert (ti.to_numpy() == ti.to_numpy().T).all() and (np.diag(ti) == 0).all()
    assert ti.loc["ELF1", "SIX3"] == ti.loc["TAL1", "GATA1"] == 1
    assert ti.loc["ESR1", "FOXN3"] == ti.loc["IRF1", "SPI1"] == -1
    assert (ti != 0).to_numpy().sum() == 8
    assert d.grammar.to_records(index=False).tolist() == [tuple(g) for g in GLIFAC_GRAMMAR]


def test_default_labels_follow_grammar_for_every_sequence(glifac_data):
    d = glifac_data
    present = presence_from_sites(d.sites, len(d.X), d.target_names)
    np.testing.assert_array_equal(d.y, expected_labels(present, d.target_names, GLIFAC_GRAMMAR))
    # each logic occurs: AND positives, XOR inhibition, independent positives
    y = pd.DataFrame(d.y, columns=d.target_names)
    both = np.array([{"ESR1", "FOXN3"} <= p for p in present])
    assert both.any() and (y.loc[both, ["ESR1", "FOXN3"]] == 0).all().all()
    assert y["ELF1"].sum() > 0 and (y["ELF1"] == y["SIX3"]).all()
    check_sites(d, min_spacing=1, n_sites=(1, 5), pairs=True)


def test_sites_match_sequence_content(glifac_data):
    d = glifac_data
    # the labelled site really is in X: its bases have positive probability under the motif
    for row in d.sites.sample(200, random_state=0).itertuples():
        window = d.X[row.sequence, :, row.start : row.end]
        probs = (window * d.motifs[row.motif]).sum(axis=0)
        assert (probs > 0).all()


def test_custom_grammar_and_motifs():
    motifs = toy_motifs(1)
    grammar = [("m0", "m2", "xor"), ("m3", "m1", "AND")]
    d = make_motif_interactions(
        1500, seq_len=70, motifs=motifs, interactions=grammar, n_sites=(0, 3), random_state=3
    )  # 3 units of m3 + 10 nt + m1 (21 nt) need 67 nt
    assert d.target_names == ["m0", "m1", "m2", "m3"]
    present = presence_from_sites(d.sites, 1500, d.target_names)
    expected = expected_labels(present, d.target_names, [(a, b, k.lower()) for a, b, k in grammar])
    np.testing.assert_array_equal(d.y, expected)
    assert d.true_interactions.loc["m2", "m0"] == -1 and d.true_interactions.loc["m1", "m3"] == 1
    assert (np.bincount(d.sites["sequence"], minlength=1500) == 0).any()  # n_sites lower bound 0
    check_sites(d, min_spacing=1, n_sites=(0, 3), pairs=True)


def test_no_grammar_means_presence_labels():
    d = make_motif_interactions(300, seq_len=40, motifs=toy_motifs(), interactions=None,
                                random_state=0)  # fmt: skip
    present = presence_from_sites(d.sites, 300, d.target_names)
    np.testing.assert_array_equal(d.y, expected_labels(present, d.target_names, []))
    assert (d.true_interactions.to_numpy() == 0).all() and len(d.grammar) == 0


def test_names_as_motifs_argument():
    d = make_motif_interactions(50, motifs=["MA0095", "GATA1"], interactions=[], random_state=0)
    assert d.target_names == ["Yy1", "GATA1"]


def test_embedded_sites_approach_the_ppm():
    motifs = toy_motifs(2, widths=(6, 4))
    d = make_motif_interactions(
        6000, seq_len=30, motifs=motifs, interactions=None, n_sites=(1, 2),
        reverse_complement=0.5, random_state=0,
    )  # fmt: skip
    for name, ppm in motifs.items():
        for strand in "+-":
            rows = d.sites[(d.sites["motif"] == name) & (d.sites["strand"] == strand)]
            assert len(rows) > 1500
            windows = np.stack([d.X[r.sequence, :, r.start : r.end] for r in rows.itertuples()])
            mean = windows.mean(axis=0)
            if strand == "-":
                mean = mean[::-1, ::-1]  # reverse complement back to the motif's orientation
            # ~2000 samples per column: standard error <= 0.012
            np.testing.assert_allclose(mean, ppm, atol=0.045)


def test_glifac_sites_approach_jaspar_ppm(glifac_data):
    d = glifac_data
    rows = d.sites[d.sites["motif"] == "ESR1"]
    windows = np.stack([d.X[r.sequence, :, r.start : r.end] for r in rows.itertuples()])
    np.testing.assert_allclose(windows.mean(axis=0), d.motifs["ESR1"], atol=0.07)


def test_placement_is_uniform_over_valid_placements():
    # two sites of widths 3 and 2 (drawn order kept) in 10 nt with min_spacing 1: enumerate all
    # valid (start_a, start_b) and compare with empirical frequencies
    motifs = {"a": np.full((4, 3), 0.25), "b": np.full((4, 2), 0.25)}
    d = make_motif_interactions(
        20000, seq_len=10, motifs=motifs, interactions=None, n_sites=2, random_state=0
    )
    s = d.sites
    first, second = s.iloc[0::2].reset_index(drop=True), s.iloc[1::2].reset_index(drop=True)
    assert (first["sequence"] == second["sequence"]).all()
    counts = Counter()
    for fm, fs, sm, ss in zip(first["motif"], first["start"], second["motif"], second["start"]):
        counts[(fm, fs, sm, ss)] += 1
    w = {"a": 3, "b": 2}
    for m1, m2 in itertools.product("ab", repeat=2):
        valid = [
            (i, j)
            for i in range(1, 10)
            for j in range(1, 10)
            if i + w[m1] + 1 <= j and j + w[m2] + 1 <= 10
        ]
        observed = np.array([counts[(m1, i, m2, j)] for i, j in valid])
        total = sum(v for k, v in counts.items() if k[0] == m1 and k[2] == m2)
        assert observed.sum() == total  # no placement outside the valid set
        expected = total / len(valid)
        assert (observed > 0).all()
        # each cell: binomial, sd ~ sqrt(expected); 5 sd bound
        assert np.abs(observed - expected).max() < 5 * np.sqrt(expected) + 1


# ---------------------------------------------------------------- pair units (pair_rate)


def test_default_class_balance_is_the_authors(authors_data):
    d = authors_data
    rates = dict(zip(d.target_names, d.y.mean(axis=0)))
    for task, authors in AUTHORS_BALANCE.items():
        assert rates[task] == pytest.approx(authors, abs=0.02), task
    # and it is the exact balance of the unit model at AUTHORS_PAIR_RATE (5 sd at 100,000)
    exact = exact_positive_rates(AUTHORS_PAIR_RATE)
    for task, kind in KIND_OF_TASK.items():
        assert rates[task] == pytest.approx(exact[kind], abs=0.006), task
    assert "'ELF1/SIX3': 0.052" in d.DESCR and "'ESR1/FOXN3': 0.121" in d.DESCR


def test_authors_pair_rate_is_the_least_squares_fit():
    # the documented calibration: least squares of the exact positive rates of K ~ U{1..5}
    # units against the authors' class balance, over the two rates (0.001 steps)
    def loss(r_and, r_xor):
        exact = exact_positive_rates({"and": r_and, "xor": r_xor})
        return sum((exact[KIND_OF_TASK[t]] - v) ** 2 for t, v in AUTHORS_BALANCE.items())

    best = loss(AUTHORS_PAIR_RATE["and"], AUTHORS_PAIR_RATE["xor"])
    for da, dx in itertools.product((-0.001, 0, 0.001), repeat=2):
        assert best <= loss(AUTHORS_PAIR_RATE["and"] + da, AUTHORS_PAIR_RATE["xor"] + dx)


def test_default_pairs_are_embedded_together(authors_data):
    # an ELF1 site next to a SIX3 site (gap 1-10 nt) is the signature of a pair unit: with
    # pair_rate=0 it is rare, by default most ELF1/SIX3 co-occurrences are such pairs
    def adjacent_pairs(d, a, b):
        s = d.sites
        same = s["sequence"].to_numpy()[1:] == s["sequence"].to_numpy()[:-1]
        gap = s["start"].to_numpy()[1:] - s["end"].to_numpy()[:-1]
        m1, m2 = s["motif"].to_numpy()[:-1], s["motif"].to_numpy()[1:]
        forward = same & (m1 == a) & (m2 == b) & (gap <= 10)
        backward = same & (m1 == b) & (m2 == a) & (gap <= 10)
        return forward.sum(), backward.sum()

    fwd, bwd = adjacent_pairs(authors_data, "ELF1", "SIX3")
    n_both = (authors_data.y[:, authors_data.target_names.index("ELF1")] == 1).sum()
    assert fwd + bwd > 0.6 * n_both
    assert fwd == pytest.approx(bwd, rel=0.1)  # both orders, equally often
    control = make_motif_interactions(20_000, pair_rate=0, random_state=0)
    assert sum(adjacent_pairs(control, "ELF1", "SIX3")) < 0.01 * 20_000


def test_pair_units_structure():
    motifs = toy_motifs(3, widths=(3, 5, 4, 6))
    grammar = [("m0", "m1", "and"), ("m2", "m3", "xor")]
    d = make_motif_interactions(
        3000, seq_len=80, motifs=motifs, interactions=grammar, n_sites=(1, 4),
        pair_rate=0.5, pair_gap=(2, 6), min_spacing=2, random_state=0,
    )  # fmt: skip
    # 0.5 per pair: every unit is a pair
    check_sites(d, min_spacing=2, n_sites=(1, 4), pairs=True)  # spacing between units, ends
    first, second, gaps = check_pair_units(d, pair_gap=(2, 6), n_sites=(1, 4))
    assert set(gaps.tolist()) == {2, 3, 4, 5, 6}  # every gap of the range occurs
    orders = Counter(zip(first["motif"], second["motif"]))
    assert set(orders) == {("m0", "m1"), ("m1", "m0"), ("m2", "m3"), ("m3", "m2")}
    assert orders["m0", "m1"] == pytest.approx(orders["m1", "m0"], rel=0.2)
    present = presence_from_sites(d.sites, 3000, d.target_names)
    np.testing.assert_array_equal(d.y, expected_labels(present, d.target_names, grammar))
    assert (d.y[:, 0] == d.y[:, 1]).all() and d.y[:, 0].any()
    # a pair of identical gaps is a pair unit of fixed width
    fixed = make_motif_interactions(200, seq_len=80, motifs=motifs, interactions=grammar,
                                    pair_rate=0.5, pair_gap=3, random_state=0)  # fmt: skip
    assert set(check_pair_units(fixed, pair_gap=(3, 3), n_sites=(1, 5))[2]) == {3}


@pytest.mark.parametrize("kind", ["and", "xor"])
def test_custom_grammar_co_occurrence_rises_with_pair_rate(kind):
    motifs = toy_motifs(4, widths=(4, 5, 4, 5, 6))
    other = "xor" if kind == "and" else "and"
    grammar = [("m0", "m1", kind), ("m2", "m3", other)]
    kwargs = dict(seq_len=110, motifs=motifs, interactions=grammar, random_state=0)

    def co_occurrence(d, a, b):
        present = presence_from_sites(d.sites, len(d.X), d.target_names)
        return np.mean([{a, b} <= p for p in present])

    rates = [0.0, 0.05, 0.15, 0.3]
    data = [make_motif_interactions(4000, pair_rate=r, **kwargs) for r in rates]
    m0m1 = [co_occurrence(d, "m0", "m1") for d in data]
    assert all(lo + 0.02 < hi for lo, hi in zip(m0m1, m0m1[1:]))
    for d in data:  # labels follow the grammar whatever the rate
        present = presence_from_sites(d.sites, len(d.X), d.target_names)
        np.testing.assert_array_equal(d.y, expected_labels(present, d.target_names, grammar))
    # a rate by kind embeds that kind's pairs only
    by_kind = make_motif_interactions(4000, pair_rate={kind: 0.3}, **kwargs)
    assert co_occurrence(by_kind, "m0", "m1") > m0m1[0] + 0.1
    assert co_occurrence(by_kind, "m2", "m3") < m0m1[0] + 0.02


def test_pair_rate_zero_is_independent_placement():
    # the paper's text: every site drawn independently (AND 0.045, XOR 0.177, independent 0.224)
    d = make_motif_interactions(100_000, seq_len=120, pair_rate=0, random_state=1)
    exact = exact_positive_rates({"and": 0.0, "xor": 0.0})
    assert exact == pytest.approx({"and": 0.0459, "xor": 0.1780, "independent": 0.2239}, abs=1e-4)
    rates = dict(zip(d.target_names, d.y.mean(axis=0)))
    for task, kind in KIND_OF_TASK.items():
        assert rates[task] == pytest.approx(exact[kind], abs=0.006), task
    check_sites(d, min_spacing=1, n_sites=(1, 5))  # one site per unit
    # the same data as with no grammar pairs to draw at all
    same = make_motif_interactions(2000, pair_rate=0, random_state=3)
    plain = make_motif_interactions(2000, pair_rate=0.0, pair_gap=(4, 7), random_state=3)
    pd.testing.assert_frame_equal(same.sites, plain.sites)


def test_widest_pair_unit_sets_the_minimum_length():
    motifs = {"a": np.full((4, 4), 0.25), "b": np.full((4, 3), 0.25)}
    kwargs = dict(motifs=motifs, interactions=[("a", "b", "and")], n_sites=3, pair_gap=5,
                  min_spacing=2, random_state=0)  # fmt: skip
    # 3 pair units of 4 + 5 + 3 = 12 nt with spacing 2 need exactly 3 * 12 + 4 * 2 = 44 nt
    with pytest.raises(ValueError, match=r"seq_len=43 is too short.*pair unit \(a/b"):
        make_motif_interactions(10, seq_len=43, pair_rate=1.0, **kwargs)
    d = make_motif_interactions(10, seq_len=44, pair_rate=1.0, **kwargs)
    assert (d.sites["start"].to_numpy().reshape(10, 6)[:, [0, 2, 4]] == [2, 16, 30]).all()
    # without pair units the widest single motif decides
    assert len(make_motif_interactions(10, seq_len=20, pair_rate=0, **kwargs).sites) == 30


def test_tight_fit_is_possible():
    # 3 sites of width 4 with spacing 2 need exactly 3*4 + 4*2 = 20 nt
    motifs = {"a": np.full((4, 4), 0.25)}
    d = make_motif_interactions(20, seq_len=20, motifs=motifs, interactions=None, n_sites=3,
                                min_spacing=2, random_state=0)  # fmt: skip
    assert (d.sites["start"].to_numpy().reshape(20, 3) == [2, 8, 14]).all()


def test_background_frequencies():
    motifs = {"a": np.full((4, 2), 0.25)}
    bg = [0.1, 0.2, 0.3, 0.4]
    d = make_motif_interactions(400, seq_len=100, motifs=motifs, interactions=None, n_sites=1,
                                background=bg, random_state=0)  # fmt: skip
    mask = np.ones((400, 100), dtype=bool)
    for r in d.sites.itertuples():
        mask[r.sequence, r.start : r.end] = False
    freqs = np.bincount(seq_indices(d.X)[mask], minlength=4) / mask.sum()
    np.testing.assert_allclose(freqs, bg, atol=0.01)
    np.testing.assert_allclose(d.background, bg)


def test_determinism_and_seeds(glifac_data):
    a = make_motif_interactions(3000, random_state=0)
    np.testing.assert_array_equal(a.X, glifac_data.X)
    np.testing.assert_array_equal(a.y, glifac_data.y)
    pd.testing.assert_frame_equal(a.sites, glifac_data.sites)
    b = make_motif_interactions(3000, random_state=1)
    assert not np.array_equal(a.X, b.X)
    rs = np.random.RandomState(0)
    c1, c2 = (make_motif_interactions(10, random_state=rs) for _ in range(2))
    assert not np.array_equal(c1.X, c2.X)  # a RandomState instance advances


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_samples": 0}, "n_samples"),
        ({"n_samples": -5}, "n_samples"),
        ({"seq_len": 0}, "seq_len"),
        ({"seq_len": 40}, "seq_len"),  # 5 x ESR1 (15 nt) cannot fit
        ({"n_sites": (3, 2)}, "n_sites"),
        ({"n_sites": (-1, 2)}, "n_sites"),
        ({"n_sites": 0}, "n_sites"),
        ({"min_spacing": -1}, "min_spacing"),
        ({"motifs": ["CEBPB", "NOTAMOTIF"]}, "motifs"),
        ({"motifs": {"a": np.ones((3, 4))}}, "motifs"),
        ({"motifs": {}}, "motifs"),
        ({"interactions": [("ELF1", "XYZ", "and")]}, "interactions"),
        ({"interactions": [("ELF1", "ELF1", "and")]}, "interactions"),
        ({"interactions": [("ELF1", "SIX3", "or")]}, "interactions"),
        ({"interactions": [("ELF1", "SIX3")]}, "interactions"),
        ({"interactions": [("ELF1", "SIX3", "and"), ("SIX3", "YY1", "xor")]}, "interactions"),
        ({"interactions": "paper"}, "interactions"),
        ({"interactions": "glifac", "motifs": {"a": np.ones((4, 3))}}, "interactions"),
        ({"background": [0.5, 0.5, 0.5]}, "background"),
        ({"background": [0.5, 0.6, -0.1, 0.0]}, "background"),
        ({"background": [0.3, 0.3, 0.3, 0.3]}, "background"),
        ({"background": [np.nan, 0.5, 0.25, 0.25]}, "background"),
        ({"reverse_complement": 1.5}, "reverse_complement"),
        ({"pair_rate": -0.1}, "pair_rate"),
        ({"pair_rate": 1.5}, "pair_rate"),
        ({"pair_rate": "paper"}, "pair_rate"),
        ({"pair_rate": {"or": 0.1}}, "pair_rate"),
        ({"pair_rate": {"and": 1.2}}, "pair_rate"),
        ({"pair_rate": 0.3}, "pair_rate"),  # 4 pairs x 0.3 > 1
        ({"pair_rate": {"and": 0.3, "xor": 0.25}}, "pair_rate"),
        ({"pair_gap": (0, 5)}, "pair_gap"),  # below min_spacing=1
        ({"pair_gap": (2, 4), "min_spacing": 3}, "pair_gap"),
        ({"min_spacing": 2}, "pair_gap"),  # the default pair_gap (1, 10) is then too tight
        ({"pair_gap": (5, 2)}, "pair_gap"),
        ({"pair_gap": -1}, "pair_gap"),
        ({"seq_len": 100, "n_sites": 3}, "pair unit"),  # 3 x IRF1/SPI1 + 10 nt need 106 nt
    ],
)
def test_bad_inputs(kwargs, match):
    kwargs = {"n_samples": 10, "random_state": 0, **kwargs}
    with pytest.raises(ValueError, match=match):
        make_motif_interactions(**kwargs)


def test_bad_input_types():
    with pytest.raises(TypeError, match="n_samples"):
        make_motif_interactions(2.5)
    with pytest.raises(TypeError, match="n_sites"):
        make_motif_interactions(10, n_sites="many")
    for bad in (None, True, [0.1, 0.2]):
        with pytest.raises(TypeError, match="pair_rate"):
            make_motif_interactions(10, pair_rate=bad)
    with pytest.raises(TypeError, match=r"pair_rate\[.xor.\]"):
        make_motif_interactions(10, pair_rate={"xor": "high"})
    with pytest.raises(TypeError, match="pair_gap"):
        make_motif_interactions(10, pair_gap="short")


@st.composite
def generator_args(draw):
    widths = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
    lo = draw(st.integers(0, 3))
    hi = draw(st.integers(max(lo, 1), 4))
    spacing = draw(st.integers(0, 3))
    kinds = draw(st.lists(st.sampled_from(["and", "xor"]), max_size=len(widths) // 2))
    grammar = [(f"m{2 * i}", f"m{2 * i + 1}", kind) for i, kind in enumerate(kinds)]
    pair_rate = draw(
        st.one_of(
            st.just("authors"),
            st.floats(0, 1 / max(len(grammar), 1)),
            st.just(1 / max(len(grammar), 1)),  # every unit a pair
            st.fixed_dictionaries(
                {}, optional={"and": st.floats(0, 0.5), "xor": st.floats(0, 0.5)}
            ),
        )
    )
    g_lo = draw(st.integers(spacing, spacing + 3))
    pair_gap = (g_lo, draw(st.integers(g_lo, g_lo + 6)))
    unit = max([max(widths)] + [widths[2 * i] + widths[2 * i + 1] + pair_gap[1]
                                for i in range(len(grammar))])  # fmt: skip
    need = hi * unit + (hi + 1) * spacing
    seq_len = draw(st.integers(need, need + 15))
    return {
        "n_samples": draw(st.integers(1, 30)),
        "seq_len": seq_len,
        "motifs": toy_motifs(draw(st.integers(0, 5)), widths=tuple(widths)),
        "interactions": grammar,
        "n_sites": (lo, hi),
        "pair_rate": pair_rate,
        "pair_gap": pair_gap,
        "min_spacing": spacing,
        "reverse_complement": draw(st.sampled_from([0.0, 0.5])),
        "random_state": draw(st.integers(0, 2**31 - 1)),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generator_args())
def test_property_invariants(args):
    d = make_motif_interactions(**args)
    n, L = args["n_samples"], args["seq_len"]
    assert d.X.shape == (n, 4, L) and (d.X.sum(axis=1) == 1).all()
    assert set(np.unique(d.X)) <= {0.0, 1.0}
    grammar = args["interactions"]
    check_sites(d, min_spacing=args["min_spacing"], n_sites=args["n_sites"], pairs=bool(grammar))
    if grammar and args["pair_rate"] == 1 / len(grammar):
        check_pair_units(d, pair_gap=args["pair_gap"], n_sites=args["n_sites"])
    present = presence_from_sites(d.sites, n, d.target_names)
    np.testing.assert_array_equal(d.y, expected_labels(present, d.target_names, grammar))
    again = make_motif_interactions(**args)
    np.testing.assert_array_equal(again.X, d.X)
    pd.testing.assert_frame_equal(again.sites, d.sites)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31 - 2))
def test_property_different_seeds_differ(seed):
    kwargs = {"seq_len": 40, "motifs": toy_motifs(), "interactions": None}
    a = make_motif_interactions(20, random_state=seed, **kwargs)
    b = make_motif_interactions(20, random_state=seed + 1, **kwargs)
    assert not np.array_equal(a.X, b.X)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 4), st.integers(0, 3), st.integers(1, 5), st.integers(0, 2**31 - 1))
def test_property_impossible_requests_raise(n_max, spacing, width, seed):
    need = n_max * width + (n_max + 1) * spacing
    motifs = {"a": np.full((4, width), 0.25)}
    with pytest.raises(ValueError, match="seq_len"):
        make_motif_interactions(5, seq_len=need - 1, motifs=motifs, interactions=None,
                                n_sites=n_max, min_spacing=spacing, random_state=seed)  # fmt: skip
    d = make_motif_interactions(5, seq_len=need, motifs=motifs, interactions=None,
                                n_sites=n_max, min_spacing=spacing, random_state=seed)  # fmt: skip
    assert len(d.sites) == 5 * n_max


# ----------------------------------------------------------------------------------------------
# make_tf_pair_interactions
# ----------------------------------------------------------------------------------------------


def check_pair_data(d, *, pairs_per_sequence, pair_spacing, singles_per_sequence):
    """Every sequence against its sites: label, pair composition, gaps and counts."""
    grammar = [frozenset(p) for p in zip(d.grammar["motif_a"], d.grammar["motif_b"])]
    n = len(d.X)
    for seq in range(n):
        rows = d.sites[d.sites["sequence"] == seq]
        paired, single = rows[rows["pair"] >= 0], rows[rows["pair"] < 0]
        if d.y[seq, 0] == 1:
            assert len(single) == 0
            n_pairs = len(paired) // 2
            assert len(paired) == 2 * n_pairs
            assert pairs_per_sequence[0] <= n_pairs <= pairs_per_sequence[1]
            # sorted by start: the two sites of a pair are adjacent rows
            for (_, a), (_, b) in zip(paired.iloc[0::2].iterrows(), paired.iloc[1::2].iterrows()):
                assert a["pair"] == b["pair"]
                assert frozenset((a["motif"], b["motif"])) == grammar[a["pair"]]
                assert pair_spacing[0] <= b["start"] - a["end"] <= pair_spacing[1]
        else:
            assert len(paired) == 0
            assert singles_per_sequence[0] <= len(single) <= singles_per_sequence[1]


def test_tf_pairs_structure_and_labels():
    motifs = toy_motifs(4, widths=(5, 6, 4, 7, 5, 6))
    d = make_tf_pair_interactions(
        300, seq_len=150, motifs=motifs, n_pairs=4, positive_fraction=0.3, random_state=0
    )
    assert d.X.shape == (300, 4, 150) and (d.X.sum(axis=1) == 1).all()
    assert d.y.shape == (300, 1) and d.y.sum() == 90 and d.target_names == ["interaction"]
    ti = d.true_interactions
    assert list(ti.index) == list(motifs) and (ti.to_numpy() == ti.to_numpy().T).all()
    assert (np.diag(ti) == 0).all() and ti.to_numpy().sum() == 2 * 4 == 2 * len(d.grammar)
    for a, b in zip(d.grammar["motif_a"], d.grammar["motif_b"]):
        assert ti.loc[a, b] == 1
    check_pair_data(d, pairs_per_sequence=(3, 5), pair_spacing=(8, 14), singles_per_sequence=(2, 5))
    check_sites(d, min_spacing=1, n_sites=(2, 10))
    both_orders = d.sites[d.sites["pair"] == 0].iloc[0::2]["motif"].nunique()
    assert both_orders == 2  # which motif comes first is random


def test_tf_pairs_custom_pairs_and_determinism():
    motifs = toy_motifs(5, widths=(4, 4, 5))
    pairs = [("m0", "m1"), ("m1", "m2")]  # a TF may be in several pairs
    kwargs = dict(seq_len=60, motifs=motifs, interactions=pairs, pairs_per_sequence=(1, 2),
                  pair_spacing=(0, 3), singles_per_sequence=(0, 2), random_state=7)  # fmt: skip
    d = make_tf_pair_interactions(200, **kwargs)
    assert d.grammar[["motif_a", "motif_b"]].to_records(index=False).tolist() == pairs
    check_pair_data(d, pairs_per_sequence=(1, 2), pair_spacing=(0, 3), singles_per_sequence=(0, 2))
    again = make_tf_pair_interactions(200, **kwargs)
    np.testing.assert_array_equal(again.X, d.X)
    pd.testing.assert_frame_equal(again.sites, d.sites)
    other = make_tf_pair_interactions(200, **{**kwargs, "random_state": 8})
    assert not np.array_equal(other.X, d.X)


@pytest.mark.parametrize("interactions", [None, [("m0", "m1"), ("m2", "m3")]])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tf_pairs_labels_independent_of_a_split_with_the_same_seed(seed, interactions):
    # Labels drawn from the generator's own stream correlated with the first permutation of
    # RandomState(seed), i.e. with train_test_split(random_state=seed): a test set of 72-78 %
    # positives. 4,000 sequences: the test fraction's SD is 0.018, the bound is 4 SD.
    motifs = toy_motifs(6, widths=(4, 5, 4, 5))
    d = make_tf_pair_interactions(
        4000, seq_len=60, motifs=motifs, n_pairs=3, interactions=interactions,
        pairs_per_sequence=1, singles_per_sequence=(0, 1), random_state=seed,
    )  # fmt: skip
    y_tr, y_va, y_te = train_val_test_split(d.y, random_state=seed)
    assert d.y.mean() == 0.5
    assert abs(y_te.mean() - 0.5) < 0.07 and abs(y_tr.mean() - 0.5) < 0.03


def test_tf_pairs_default_jaspar_pool():
    d = make_tf_pair_interactions(40, n_tfs=6, n_pairs=5, random_state=0)
    assert len(d.motifs) == 6 and len(d.grammar) == 5
    assert all("::" not in k and v.shape[1] <= 15 for k, v in d.motifs.items())
    jaspar = load_jaspar_collection()
    for k, v in d.motifs.items():
        np.testing.assert_allclose(v, jaspar[k])
    again = make_tf_pair_interactions(40, n_tfs=6, n_pairs=5, random_state=0)
    assert list(again.motifs) == list(d.motifs)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n_pairs": 16}, "n_pairs"),  # 6 TFs have 15 pairs
        ({"interactions": [("m0", "m0")]}, "interactions"),
        ({"interactions": [("m0", "m1"), ("m1", "m0")]}, "interactions"),
        ({"interactions": [("m0", "zz")]}, "interactions"),
        ({"interactions": [("m0", "m1", "and")]}, "interactions"),
        ({"interactions": []}, "interactions"),
        ({"seq_len": 50}, "seq_len"),
        ({"pair_spacing": (5, 2)}, "pair_spacing"),
        ({"pairs_per_sequence": 0}, "pairs_per_sequence"),
        ({"singles_per_sequence": (-1, 2)}, "singles_per_sequence"),
        ({"positive_fraction": 1.2}, "positive_fraction"),
        ({"motifs": {"a": np.ones((4, 3))}}, "motifs"),
        ({"n_samples": 0}, "n_samples"),
        ({"background": [1, 0, 0]}, "background"),
    ],
)
def test_tf_pairs_bad_inputs(kwargs, match):
    motifs = toy_motifs(0, widths=(4,) * 6)
    kwargs = {"n_samples": 10, "motifs": motifs, "n_pairs": 3, "random_state": 0, **kwargs}
    with pytest.raises(ValueError, match=match):
        make_tf_pair_interactions(**kwargs)


# ----------------------------------------------------------------------------------------------
# dinucleotide_shuffle
# ----------------------------------------------------------------------------------------------


def dinucleotide_counts(X):
    idx = seq_indices(X)
    pairs = idx[:, :-1] * 4 + idx[:, 1:]
    return np.stack([np.bincount(p, minlength=16) for p in pairs])


def test_dinucleotide_shuffle_preserves_counts_exactly():
    X = random_onehot(40, 60, seed=1)
    out = dinucleotide_shuffle(X, n_shuffles=3, random_state=0)
    assert out.shape == (120, 4, 60) and out.dtype == np.float32
    assert (out.sum(axis=1) == 1).all()
    ref = dinucleotide_counts(X)
    for k in range(3):
        block = out[k * 40 : (k + 1) * 40]  # shuffle-major blocks, rows in X's order
        np.testing.assert_array_equal(dinucleotide_counts(block), ref)
        np.testing.assert_array_equal(block[:, :, 0], X[:, :, 0])  # first base kept
        np.testing.assert_array_equal(block[:, :, -1], X[:, :, -1])  # last base kept
        assert (block != X).any(axis=(1, 2)).mean() > 0.9  # really shuffled
    assert not np.array_equal(out[:40], out[40:80])


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6), st.integers(1, 40), st.integers(0, 2**31 - 1))
def test_property_dinucleotide_shuffle_counts(n, length, seed):
    X = random_onehot(n, length, seed=seed % 1000)
    out = dinucleotide_shuffle(X, n_shuffles=2, random_state=seed)
    for k in range(2):
        np.testing.assert_array_equal(dinucleotide_counts(out[k * n : (k + 1) * n]),
                                      dinucleotide_counts(X))  # fmt: skip


def test_dinucleotide_shuffle_determinism_and_edge_cases():
    X = random_onehot(10, 50, seed=2)
    np.testing.assert_array_equal(
        dinucleotide_shuffle(X, n_shuffles=2, random_state=5),
        dinucleotide_shuffle(X, n_shuffles=2, random_state=5),
    )
    assert not np.array_equal(
        dinucleotide_shuffle(X, random_state=5), dinucleotide_shuffle(X, random_state=6)
    )
    rs = np.random.RandomState(0)
    assert dinucleotide_shuffle(X, random_state=rs).shape == (10, 4, 50)
    # a homopolymer has one shuffle: returned unchanged, even with several shuffles
    homo = np.zeros((1, 4, 20), dtype=np.float32)
    homo[:, 2] = 1
    np.testing.assert_array_equal(dinucleotide_shuffle(homo, n_shuffles=3), np.repeat(homo, 3, 0))
    with pytest.raises(ValueError, match="X"):
        dinucleotide_shuffle(np.ones((2, 4, 10)))
    with pytest.raises(ValueError, match="n_shuffles"):
        dinucleotide_shuffle(X, n_shuffles=0)


# ----------------------------------------------------------------------------------------------
# train_val_test_split
# ----------------------------------------------------------------------------------------------


def test_train_val_test_split():
    X, y = np.arange(200).reshape(100, 2), np.arange(100)
    parts = train_val_test_split(X, y, random_state=0)
    assert len(parts) == 6
    X_tr, X_va, X_te, y_tr, y_va, y_te = parts
    assert (len(y_tr), len(y_va), len(y_te)) == (70, 10, 20)
    assert sorted(np.concatenate([y_tr, y_va, y_te]).tolist()) == list(range(100))
    for Xp, yp in ((X_tr, y_tr), (X_va, y_va), (X_te, y_te)):
        np.testing.assert_array_equal(Xp[:, 0], 2 * yp)  # rows stay aligned
    again = train_val_test_split(X, y, random_state=0)
    for a, b in zip(parts, again):
        np.testing.assert_array_equal(a, b)
    other = train_val_test_split(y, sizes=(0.5, 0.25, 0.25), random_state=1)
    assert [len(p) for p in other] == [50, 25, 25]
    ordered = train_val_test_split(y, shuffle=False)
    np.testing.assert_array_equal(ordered[0], np.arange(70))


@pytest.mark.parametrize(
    "sizes", [(0.7, 0.3), (0.5, 0.5, 0.5), (0.8, 0.0, 0.2), (0.7, -0.1, 0.4), "0.7"]
)
def test_train_val_test_split_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes"):
        train_val_test_split(np.arange(100), sizes=sizes)


def test_train_val_test_split_too_few_samples():
    with pytest.raises(ValueError, match="empty"):
        train_val_test_split(np.arange(3))
