import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sklearn_glifac.plotting import (
    model_colors,
    plot_attention_distributions,
    plot_filter_logos,
    plot_interaction_maps,
    plot_threshold_sensitivity,
)
from sklearn_glifac.plotting._logos import _information_heights

NAMES = ["A", "B", "C", "D"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def truth():
    t = pd.DataFrame(0, index=NAMES, columns=NAMES)
    t.loc["A", "B"] = t.loc["B", "A"] = 1
    t.loc["C", "D"] = t.loc["D", "C"] = -1
    return t


def _marked(ax):
    """(row, col, linestyle) of every ground-truth rectangle on an Axes."""
    out = []
    for p in ax.patches:
        if p.get_gid() == "true_interaction":
            x, y = p.get_xy()
            out.append((round(y + 0.5), round(x + 0.5), p.get_linestyle()))
    return sorted(out)


def test_interaction_maps_box_marks_both_cells_of_each_pair(truth):
    rng = np.random.default_rng(0)
    W = pd.DataFrame(rng.normal(size=(4, 4)), index=NAMES, columns=NAMES)
    C = pd.DataFrame(rng.poisson(5, size=(4, 4)), index=NAMES, columns=NAMES)
    fig = plot_interaction_maps({"Local attention": C, "GLIFAC": W}, truth)
    assert isinstance(fig, Figure)
    maps = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in maps] == ["Local attention", "GLIFAC"]
    for ax in maps:
        assert [t.get_text() for t in ax.get_xticklabels()] == NAMES
        assert [t.get_text() for t in ax.get_yticklabels()] == NAMES
        marks = _marked(ax)
        assert [(r, c) for r, c, _ in marks] == [(0, 1), (1, 0), (2, 3), (3, 2)]
        # AND pairs solid, XOR pairs dashed.
        styles = {(r, c): ls for r, c, ls in marks}
        assert styles[(0, 1)] == "-" and styles[(2, 3)] != "-"
    # Signed matrix -> diverging scale centred on 0; counts -> starts at 0.
    lo, hi = maps[1].images[0].get_clim()
    assert lo == pytest.approx(-hi)
    assert maps[0].images[0].get_clim()[0] == 0


def test_interaction_maps_upper_marks_upper_triangle_only(truth):
    W = pd.DataFrame(np.ones((4, 4)), index=NAMES, columns=NAMES)
    fig = plot_interaction_maps({"GLIFAC": W}, truth, mark="upper")
    assert [(r, c) for r, c, _ in _marked(fig.axes[0])] == [(0, 1), (2, 3)]


def test_interaction_maps_reorders_columns_and_accepts_pairs():
    W = pd.DataFrame(np.arange(9.0).reshape(3, 3), index=["x", "y", "z"], columns=["z", "x", "y"])
    fig = plot_interaction_maps({"m": W}, [("x", "z")])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]
    assert [(r, c) for r, c, _ in _marked(ax)] == [(0, 2), (2, 0)]
    shown = ax.images[0].get_array()
    assert shown[0, 1] == W.loc["x", "y"]
    assert np.ma.is_masked(shown[0, 0])  # diagonal greyed out


def test_interaction_maps_filter_level_with_labels(truth):
    labels = ["A", "", "B", "A"]
    W = np.random.default_rng(1).normal(size=(4, 4))
    fig = plot_interaction_maps({"filters": W}, truth, labels=labels, mask_diagonal=False)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0 A", "1", "2 B", "3 A"]
    # Filters 0 and 3 (A) each pair with filter 2 (B); same-label (0, 3) is not a true pair.
    assert [(r, c) for r, c, _ in _marked(ax)] == [(0, 2), (2, 0), (2, 3), (3, 2)]


def test_interaction_maps_uses_given_axes():
    fig, axes = plt.subplots(1, 2)
    out = plot_interaction_maps({"a": np.eye(3), "b": np.eye(3)}, axes=axes)
    assert out is fig
    assert axes[1].get_title() == "b"


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"matrices": {"m": np.ones((2, 3))}}, ValueError, "square"),
        ({"matrices": {"m": np.ones((3, 3))}, "labels": ["a"]}, ValueError, "labels has 1"),
        ({"matrices": {}}, ValueError, "empty"),
        ({"matrices": [np.ones((2, 2))]}, TypeError, "dict"),
        ({"matrices": {"m": np.ones((2, 2))}, "mark": "circle"}, ValueError, "mark"),
        ({"matrices": {"m": np.ones((2, 2))}, "true_interactions": 3}, TypeError, "true_inter"),
        ({"matrices": {"m": np.ones((2, 2))}, "true_interactions": [("a",)]}, ValueError, "pairs"),
    ],
)
def test_interaction_maps_errors(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        plot_interaction_maps(**kwargs)


def _dirichlet(n, length, conc, seed):
    return np.random.default_rng(seed).dirichlet(np.full(length, conc), size=n)


def test_attention_distributions_threshold_and_null_quantile_cutoffs():
    values = {"CNN20-Exp": _dirichlet(200, 10, 0.3, 0), "CNN20-ReLU": _dirichlet(200, 10, 1, 1)}
    null = {"CNN20-Exp": _dirichlet(200, 10, 0.5, 2), "CNN20-ReLU": _dirichlet(200, 10, 2, 3)}
    fig = plot_attention_distributions(values, null, threshold=0.1, alpha=0.05)
    ax_test, ax_null = fig.axes
    thr = [ln for ln in ax_test.lines if ln.get_gid() == "threshold"]
    assert len(thr) == 1 and thr[0].get_xdata()[0] == pytest.approx(0.1)
    assert thr[0].get_linestyle() == "--"
    cuts = {
        ln.get_label().split(" null")[0]: ln.get_xdata()[0]
        for ln in ax_null.lines
        if ln.get_gid() == "null_cutoff"
    }
    for name, v in null.items():
        assert cuts[name] == pytest.approx(np.quantile(v, 0.95))
    assert not [ln for ln in ax_null.lines if ln.get_gid() == "threshold"]
    assert ax_test.get_yscale() == "log"
    # One histogram outline per model; each colour follows the exp=green / relu=blue convention.
    colors = model_colors(values)
    assert colors["CNN20-Exp"][1] > colors["CNN20-Exp"][2]
    assert colors["CNN20-ReLU"][2] > colors["CNN20-ReLU"][0]


def test_attention_distributions_given_cutoffs_and_violin():
    values = {"m1": _dirichlet(50, 5, 1, 0), "m2": _dirichlet(50, 5, 1, 1)}
    fig = plot_attention_distributions(
        values, values, null_cutoffs={"m1": 0.4}, kind="violin", threshold=None
    )
    ax_test, ax_null = fig.axes
    assert [t.get_text() for t in ax_test.get_xticklabels()] == ["m1", "m2"]
    cut = [ln for ln in ax_null.lines if ln.get_gid() == "null_cutoff"]
    assert len(cut) == 1 and cut[0].get_ydata()[0] == pytest.approx(0.4)
    assert not [ln for ln in ax_test.lines if ln.get_gid() == "threshold"]


def test_attention_distributions_single_panel():
    fig = plot_attention_distributions({"m": np.linspace(0, 1, 11)})
    assert len(fig.axes) == 1


@pytest.mark.parametrize(
    "args, kwargs, exc, match",
    [
        (({"m": [0.2, 1.5]},), {}, ValueError, r"\[0, 1\]"),
        (({"m": []},), {}, ValueError, "empty"),
        (({"m": [0.1, np.nan]},), {}, ValueError, "NaN"),
        (({"m": [0.1]}, {"other": [0.1]}), {}, ValueError, "not in values_by_model"),
        (({"m": [0.1]},), {"kind": "box"}, ValueError, "kind"),
        (({"m": [0.1]},), {"threshold": 2}, ValueError, "threshold"),
        (({"m": [0.1]},), {"bins": 1}, ValueError, "bins"),
        (({"m": [0.1]},), {"null_cutoffs": {"x": 0.2}}, ValueError, "null_cutoffs"),
        (("not a dict",), {}, TypeError, "dict"),
    ],
)
def test_attention_distributions_errors(args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        plot_attention_distributions(*args, **kwargs)


@pytest.fixture
def sensitivity_table():
    rows = []
    for model in ("CNN20-Exp", "CNN20-ReLU"):
        for seed in range(2):
            for t in (0.1, 0.5, 0.9):
                rows.append(
                    dict(
                        model=model,
                        seed=seed,
                        threshold=t,
                        local_tpr=1 - t / 2,
                        local_ppv=0.2 + seed * 0.1,
                        glifac_auroc=0.9,
                        glifac_aupr=0.7,
                        glifac_snr=2 + t + seed,
                    )
                )
    return pd.DataFrame(rows)


def test_threshold_sensitivity_panels_and_means(sensitivity_table):
    fig = plot_threshold_sensitivity(sensitivity_table)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [
        "Local attention TPR",
        "Local attention PPV",
        "GLIFAC AUROC",
        "GLIFAC AUPR",
        "GLIFAC SNR",
    ]
    ppv = fig.axes[1]
    lines = {ln.get_label(): ln for ln in ppv.lines}
    assert set(lines) == {"CNN20-Exp", "CNN20-ReLU"}
    np.testing.assert_allclose(lines["CNN20-Exp"].get_xdata(), [0.1, 0.5, 0.9])
    np.testing.assert_allclose(lines["CNN20-Exp"].get_ydata(), [0.25] * 3)  # mean over seeds
    assert ppv.collections  # +/- sd band for the repeated rows
    snr = fig.axes[4]
    assert [ln.get_ydata()[0] for ln in snr.lines if ln.get_gid() == "snr_reference"] == [2.0]
    assert fig.axes[0].get_ylim()[1] == pytest.approx(1.03)


def test_threshold_sensitivity_selected_metrics_without_hue(sensitivity_table):
    table = sensitivity_table[sensitivity_table.model == "CNN20-Exp"].drop(columns="model")
    fig = plot_threshold_sensitivity(table, metrics={"glifac_snr": "SNR"}, snr_reference=None)
    assert [ax.get_title() for ax in fig.axes] == ["SNR"]
    assert not [ln for ln in fig.axes[0].lines if ln.get_gid() == "snr_reference"]


@pytest.mark.parametrize(
    "table, kwargs, exc, match",
    [
        ([1, 2], {}, TypeError, "DataFrame"),
        (pd.DataFrame(), {}, ValueError, "empty"),
        (pd.DataFrame({"t": [0.1]}), {}, ValueError, "threshold column"),
        (pd.DataFrame({"threshold": [0.1], "x": [1]}), {}, ValueError, "default metric"),
        (pd.DataFrame({"threshold": [0.1]}), {"metrics": ["nope"]}, ValueError, "nope"),
        (pd.DataFrame({"threshold": [0.1], "a": ["s"]}), {"metrics": ["a"]}, TypeError, "numeric"),
    ],
)
def test_threshold_sensitivity_errors(table, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        plot_threshold_sensitivity(table, **kwargs)


def test_information_heights_hand_computed():
    pwm = np.array([[1.0, 0.25, 0.5], [0.0, 0.25, 0.5], [0.0, 0.25, 0.0], [0.0, 0.25, 0.0]])
    h = _information_heights(pwm, np.full(4, 0.25))
    np.testing.assert_allclose(h[:, 0], [2, 0, 0, 0])  # one-hot column: 2 bits
    np.testing.assert_allclose(h[:, 1], 0)  # uniform column: no information
    np.testing.assert_allclose(h[:, 2], [0.5, 0.5, 0, 0])  # 1 bit split between A and C


def _dead_notes(ax):
    return [t.get_text() for t in ax.texts if t.get_gid() == "dead_filter"]


def test_filter_logos_titles_and_dead_filters():
    pwms = np.full((4, 4, 5), 0.25)
    pwms[0, 0] = 0.97
    pwms[0, 1:] = 0.01
    pwms[1, :, 2] = [0.7, 0.1, 0.1, 0.1]  # a weak but real motif: one informative column
    pwms[3] = np.nan
    fig = plot_filter_logos(
        pwms,
        ["CEBPB", "", "", ""],
        qvalues=[1e-4, np.nan, np.nan, np.nan],
        n_sites=[10, 2, 3_200_000, 0],
        ncols=2,
    )
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == [
        "filter 0: CEBPB  (q=1.0e-04, n=10)",
        "filter 1: no match  (n=2)",
        "filter 2: dead",  # constant filter: fires everywhere, uniform PWM, no misleading n=
        "filter 3: dead",  # never active
    ]
    assert fig.axes[0].get_ylim() == (0, 2)
    assert fig.axes[0].patches  # logomaker glyphs drawn
    assert not _dead_notes(axes[0]) and not _dead_notes(axes[1])
    (constant,) = _dead_notes(axes[2])
    assert "not selective" in constant and "3,200,000 windows" in constant
    (never,) = _dead_notes(axes[3])
    assert "never active" in never


def test_filter_logos_dead_bits_zero_marks_only_never_active():
    pwms = np.full((2, 4, 3), 0.25)
    fig = plot_filter_logos(pwms, n_sites=[5, 0], dead_bits=0)
    assert [ax.get_title() for ax in fig.axes] == ["filter 0  (n=5)", "filter 1: dead"]


def test_filter_logos_leaves_the_callers_matrices_alone():
    pwms = np.full((1, 4, 3), 2.0)  # counts, not probabilities: normalised for drawing only
    plot_filter_logos(pwms)
    np.testing.assert_array_equal(pwms, 2.0)


def test_filter_logos_subset_of_filters():
    pwms = np.random.default_rng(0).dirichlet(np.ones(4), size=(5, 3)).transpose(0, 2, 1)
    fig = plot_filter_logos(pwms, filters=[4, 1])
    assert [ax.get_title() for ax in fig.axes] == ["filter 4", "filter 1"]


@pytest.mark.parametrize(
    "pwms, kwargs, match",
    [
        (np.ones((2, 3, 5)), {}, "shape"),
        (-np.ones((1, 4, 2)), {}, "non-negative"),
        (np.zeros((1, 4, 2)), {}, "summing to 0"),
        (np.ones((2, 4, 2)), {"labels": ["a"]}, "labels has 1"),
        (np.ones((2, 4, 2)), {"filters": [5]}, "outside"),
        (np.ones((2, 4, 2)), {"background": [0.5, 0.5, 0, 0]}, "background"),
        (np.ones((2, 4, 2)), {"ncols": 0}, "ncols"),
        (np.ones((2, 4, 2)), {"dead_bits": -1}, "dead_bits"),
    ],
)
def test_filter_logos_errors(pwms, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_filter_logos(pwms, **kwargs)


@pytest.mark.parametrize("kind", ["hist", "violin"])
def test_null_cutoff_at_one_is_inside_the_axes_and_labelled(kind):
    # One-hot attention on shuffled sequences: the 95% quantile, the null cutoff, is 1.0 -- the
    # edge of the value range, where a line on the axes frame would be invisible.
    one_hot = np.eye(10)[np.random.default_rng(0).integers(0, 10, 100)]
    fig = plot_attention_distributions(
        {"CNN20-Exp": one_hot}, {"CNN20-Exp": one_hot}, kind=kind, threshold=0.0
    )
    ax_test, ax_null = fig.axes
    (cut,) = [ln for ln in ax_null.lines if ln.get_gid() == "null_cutoff"]
    (thr,) = [ln for ln in ax_test.lines if ln.get_gid() == "threshold"]
    if kind == "hist":
        value, low, high = cut.get_xdata()[0], *ax_null.get_xlim()
        thr_value, thr_low = thr.get_xdata()[0], ax_test.get_xlim()[0]
    else:
        value, low, high = cut.get_ydata()[0], *ax_null.get_ylim()
        thr_value, thr_low = thr.get_ydata()[0], ax_test.get_ylim()[0]
    assert value == pytest.approx(1.0)
    assert low < value < high  # strictly inside: not drawn on the frame
    assert thr_low < thr_value  # a threshold of 0 is not on the frame either
    assert "cutoff 1.000" in cut.get_label()
    labels = ax_null.get_legend().get_texts()
    assert any("1.000" in t.get_text() for t in labels)


def test_threshold_sensitivity_local_attention_ranking_panels_and_labelled_references(
    sensitivity_table,
):
    table = sensitivity_table.assign(local_auroc=0.6, local_aupr=0.2)
    fig = plot_threshold_sensitivity(table)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    titles = [ax.get_title() for ax in axes]
    assert titles[:4] == [
        "Local attention TPR",
        "Local attention PPV",
        "Local attention AUROC",
        "Local attention AUPR",
    ]
    assert titles[4:] == ["GLIFAC AUROC", "GLIFAC AUPR", "GLIFAC SNR"]
    # Seven panels wrap into two rows: local attention above GLIFAC.
    assert axes[4].get_position().y0 < axes[0].get_position().y0
    for ax in (axes[2], axes[4]):  # AUROC panels: labelled chance line inside the limits
        (chance,) = [ln for ln in ax.lines if ln.get_gid() == "chance"]
        assert chance.get_ydata()[0] == 0.5 and "chance" in chance.get_label()
    (snr,) = [ln for ln in axes[6].lines if ln.get_gid() == "snr_reference"]
    low, high = axes[6].get_ylim()
    assert low < 2.0 < high
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:2] == ["CNN20-Exp", "CNN20-ReLU"]
    assert sum("SNR = 2" in t for t in legend) == 1 and sum("chance" in t for t in legend) == 1
    assert "SNR = 2" in snr.get_label()


def test_threshold_sensitivity_same_threshold_range_where_a_score_is_undefined(sensitivity_table):
    table = sensitivity_table.copy()
    table.loc[table.threshold > 0.2, "glifac_snr"] = np.nan  # GLIFAC undefined at high thresholds
    fig = plot_threshold_sensitivity(table)
    assert {ax.get_xlim() for ax in fig.axes if ax.get_visible()} == {fig.axes[0].get_xlim()}
    low, high = fig.axes[0].get_xlim()
    assert low < 0.1 and high > 0.9


def test_tf_pair_map_marks_calls_and_rejects_other_tables():
    from sklearn_glifac.plotting import plot_tf_pair_map, tf_pair_matrix

    table = pd.DataFrame({"tf_a": ["A", "A", "B"], "tf_b": ["B", "C", "C"], "method": "glifac",
                          "score": [0.4, -0.2, 0.1], "qvalue": [0.01, 0.2, np.nan],
                          "called": [True, False, False], "same_family": [False, False, True],
                          "composite": [False, False, False]})  # fmt: skip
    score, called, same = tf_pair_matrix(table, "glifac")
    assert score.loc["C", "A"] == -0.2 and called.loc["B", "A"] and same.loc["C", "B"]
    fig = plot_tf_pair_map(table)
    stars = [line for line in fig.axes[0].lines if line.get_gid() == "called"]
    assert len(stars[0].get_xdata()) == 2 and "1 TF pair(s) called" in fig.axes[0].get_title()
    plt.close(fig)
    with pytest.raises(TypeError, match="table must be a DataFrame"):
        plot_tf_pair_map(table.to_numpy())
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['qvalue'\]"):
        plot_tf_pair_map(table.drop(columns="qvalue"))
