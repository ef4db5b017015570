"""Tests of the reproduction report: schema, published numbers, summaries, figures, HTML."""

import base64

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from sklearn_glifac.experiments import (
    CLASSIFICATION_COLUMNS,
    PAPER_RESULTS,
    RESULT_COLUMNS,
    check_results,
    compare_with_paper,
    summarize_reproduction,
    write_reproduction_report,
)
from sklearn_glifac.plotting import REPRODUCTION_FIGURES as FIGURES
from sklearn_glifac.plotting import plot_reproduction

PRESETS = ("CNN4-ReLU", "CNN20-Exp")
SEEDS = (0, 1, 2)
THRESHOLDS = np.round(np.arange(0.0, 1.0, 0.1), 1)


def _fake_results(data=("authors", "independent"), presets=PRESETS, seeds=SEEDS):
    """2 presets x 3 seeds x 2 methods x 10 thresholds per data distribution, deterministic."""
    rng = np.random.default_rng(0)
    rows = []
    for d in data:
        for p in presets:
            for s in seeds:
                for m in ("local_attention", "glifac"):
                    for t in THRESHOLDS:
                        rows.append(
                            {
                                "preset": p,
                                "seed": s,
                                "data": d,
                                "method": m,
                                "threshold": t,
                                "auroc": rng.uniform(0.6, 1.0),
                                "aupr": rng.uniform(0.4, 0.9),
                                "snr": rng.uniform(1.0, 7.0),
                                "tpr": rng.uniform(0.8, 1.0),
                                "ppv": rng.uniform(0.05, 0.3),
                                "n_attended_pairs": 100,
                                "classification_aupr": 0.95 + 0.005 * s,
                                "classification_aupr_micro": 0.955 + 0.005 * s,
                                "epochs": 30,
                                "best_epoch": 20 + s,
                                "train_seconds": 100.0 + s,
                                "extract_seconds": 2.0,
                                "n_labelled_filters": 20,
                                "motif_coverage": 0.9,
                            }
                        )
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))


def _fake_classification(data=("authors", "independent")):
    rows = [
        {"preset": p, "seed": s, "data": d, "task": f"task{k}", "aupr": 0.9 + 0.008 * k}
        for d in data
        for p in PRESETS
        for s in SEEDS
        for k in range(12)
    ]
    return pd.DataFrame(rows, columns=list(CLASSIFICATION_COLUMNS))


@pytest.fixture(scope="module")
def results():
    return _fake_results()


def _boxes(ax):
    return [p for p in ax.patches if isinstance(p, PathPatch) and p.get_gid() == "box"]


def _paper_labels(ax):
    return [label for label in ax.get_legend_handles_labels()[1] if "paper" in label]


def _paper_stars(ax):
    return [line for line in ax.lines if line.get_gid() == "paper" and line.get_marker() == "*"]


# --------------------------------------------------------------------------- schema
def test_check_results_names_every_missing_column(results):
    with pytest.raises(ValueError, match=r"missing columns \['snr', 'tpr'\]"):
        check_results(results.drop(columns=["snr", "tpr"]))
    bad = results.drop(columns=["aupr"])
    with pytest.raises(ValueError, match=r"classification is missing columns \['task', 'aupr'\]"):
        check_results(bad, columns=CLASSIFICATION_COLUMNS, name="classification")


def test_check_results_rejects_non_frames_and_unknown_methods(results):
    with pytest.raises(TypeError, match="results must be a pandas DataFrame"):
        check_results(results.to_dict())
    with pytest.raises(ValueError, match=r"\['satori'\]"):
        check_results(results.assign(method="satori"))
    assert check_results(results) is results


def test_public_functions_validate_the_schema(results, tmp_path):
    broken = results.drop(columns=["classification_aupr"])
    for call in (
        lambda: summarize_reproduction(broken),
        lambda: plot_reproduction(broken, "classification"),
        lambda: write_reproduction_report(broken, tmp_path),
    ):
        with pytest.raises(ValueError, match="classification_aupr"):
            call()


# --------------------------------------------------------------------------- paper numbers
def test_paper_results_hold_the_published_numbers():
    p = PAPER_RESULTS.set_index(["preset", "method", "threshold", "metric"])
    assert p.loc[("CNN20-Exp", "glifac", 0.1, "auroc"), "value"] == 0.994
    assert p.loc[("CNN20-Exp", "glifac", 0.1, "aupr"), "value"] == 0.885
    assert p.loc[("CNN20-Exp", "glifac", 0.0, "auroc"), "value"] == 0.9999
    assert p.loc[("CNN20-Exp", "glifac", 0.0, "aupr"), "value"] == 0.998
    assert p.loc[("CNN20-Exp", "glifac", 0.0, "snr"), "value"] == 7.25
    # the paper's classification AUPR is the authors' pooled (micro) number, not a task mean
    cls = PAPER_RESULTS[PAPER_RESULTS["metric"] == "classification_aupr_micro"].iloc[0]
    assert (cls["low"], cls["high"], cls["preset"]) == (0.95, 0.97, "all")
    assert not (PAPER_RESULTS["metric"] == "classification_aupr").any()
    # the per-task range in the authors' files is CNN20-Exp-Norm's (NeurIPS notebook)
    task = PAPER_RESULTS[PAPER_RESULTS["metric"] == "task_aupr"].iloc[0]
    assert (task["low"], task["high"], task["preset"]) == (0.907, 0.998, "CNN20-Exp-Norm")
    assert "PipelineNotebook.ipynb" in task["source"]
    # Appendix D: a lower bound of 2 at each threshold 0.1..0.9, no point value
    bound = PAPER_RESULTS[PAPER_RESULTS["source"].str.contains("Appendix D")]
    np.testing.assert_allclose(bound["threshold"], np.arange(1, 10) / 10)
    assert (
        (bound["low"] == 2.0).all() and bound["value"].isna().all() and bound["high"].isna().all()
    )
    # local attention TPR/PPV: qualitative only
    local = PAPER_RESULTS[PAPER_RESULTS["method"] == "local_attention"]
    assert set(local["metric"]) == {"tpr", "ppv"}
    assert local[["value", "low", "high"]].isna().all().all()
    assert local["note"].str.contains("near 1").any()


# --------------------------------------------------------------------------- summaries
def test_summary_matches_a_hand_computation():
    tiny = _fake_results(data=("authors",), presets=("CNN20-Exp",), seeds=(0, 1, 2))
    tiny = tiny[tiny["threshold"] == 0.1].reset_index(drop=True)
    tiny.loc[tiny["method"] == "glifac", "auroc"] = [0.90, 0.95, 1.00]
    tiny.loc[tiny["method"] == "glifac", "snr"] = [2.0, np.nan, 4.0]
    summary = summarize_reproduction(tiny)
    assert list(summary["method"]) == ["local_attention", "glifac"]
    row = summary[summary["method"] == "glifac"].iloc[0]
    assert row["n_seeds"] == 3
    assert row["auroc_mean"] == pytest.approx(0.95)
    assert row["auroc_sd"] == pytest.approx(np.std([0.90, 0.95, 1.00], ddof=1))
    assert row["auroc_n"] == 3
    assert row["snr_mean"] == pytest.approx(3.0)  # NaN runs are left out...
    assert row["snr_sd"] == pytest.approx(np.sqrt(2.0))
    assert row["snr_n"] == 2  # ...and counted
    assert row["classification_aupr_mean"] == pytest.approx(0.955)
    assert row["train_seconds_mean"] == pytest.approx(101.0)
    assert row["train_seconds_sd"] == pytest.approx(1.0)


def test_summary_has_one_row_per_group_in_paper_order(results):
    summary = summarize_reproduction(results.sample(frac=1.0, random_state=0))
    assert len(summary) == 2 * 2 * 2 * len(THRESHOLDS)
    assert list(summary["data"].unique()) == ["authors", "independent"]
    assert list(summary["preset"].unique()) == ["CNN4-ReLU", "CNN20-Exp"]
    assert (summary["n_seeds"] == 3).all()


def test_compare_with_paper_places_our_mean_beside_each_number(results):
    table = compare_with_paper(results, classification=_fake_classification())
    row = table[
        (table["data"] == "authors")
        & (table["preset"] == "CNN20-Exp")
        & (table["metric"] == "auroc")
        & (table["threshold"] == 0.1)
    ].iloc[0]
    expected = results[
        (results["data"] == "authors")
        & (results["preset"] == "CNN20-Exp")
        & (results["method"] == "glifac")
        & (results["threshold"] == 0.1)
    ]["auroc"]
    assert row["ours_mean"] == pytest.approx(expected.mean())
    assert row["paper"] == "0.994" and row["consistent"] is None
    cls = table[table["metric"] == "classification_aupr_micro"]
    assert set(cls["preset"]) == set(PRESETS) and (cls["paper"] == "0.95-0.97").all()
    assert cls["consistent"].all()  # pooled means 0.96 lie inside 0.95-0.97
    np.testing.assert_allclose(cls["ours_mean"], 0.96)
    bound = table[(table["metric"] == "snr") & (table["paper"] == "> 2")]
    assert len(bound) == 2 * 2 * 9
    # the per-task range belongs to CNN20-Exp-Norm, which these results do not hold
    tasks = table[table["metric"] == "task_aupr"]
    assert set(tasks["preset"]) == {"CNN20-Exp-Norm"} and tasks["ours_mean"].isna().all()
    assert tasks["consistent"].isna().all()


# --------------------------------------------------------------------------- figures
@pytest.mark.parametrize(
    "figure, n_panels, boxes_per_axes, stars_per_axes",
    [
        ("classification", 2, 2, 0),  # task mean, tasks pooled
        ("fig1", 2, 2, 0),
        ("fig2", 3, 4, 1),
        ("fig3", 4, 0, 0),  # TPR, PPV (the paper) and local-attention AUROC, AUPR
        ("fig5", 3, 0, 1),
    ],
)
def test_figures_have_expected_artists(results, figure, n_panels, boxes_per_axes, stars_per_axes):
    fig = plot_reproduction(results, figure, paper=PAPER_RESULTS)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2 * n_panels  # one row per data distribution
    for ax in fig.axes:
        assert len(_boxes(ax)) == boxes_per_axes
        assert len(_paper_stars(ax)) == stars_per_axes
        assert ax.get_title() and ax.get_ylabel() and ax.get_xlabel()
    # one figure legend below the panels; Fig. 1 has only text notes (no paper numbers)
    assert len(fig.legends) == (0 if figure == "fig1" else 1)
    titles = [sf._suptitle.get_text() for sf in fig.subfigs]
    assert any("authors" in t for t in titles) and any("independent" in t for t in titles)


def test_fig3_plots_local_attention_auroc_and_aupr_beside_tpr_ppv(results):
    fig = plot_reproduction(results, "fig3", paper=PAPER_RESULTS)
    assert [ax.get_ylabel() for ax in fig.axes[:4]] == ["TPR", "PPV", "AUROC", "AUPR"]
    la = results[results["method"] == "local_attention"]
    for ax, metric in zip(fig.axes[2:4], ("auroc", "aupr")):
        means = [line.get_ydata() for line in ax.get_lines() if line.get_gid() == "mean"]
        expected = la[la["data"] == "authors"].groupby(["preset", "threshold"])[metric].mean()
        assert np.allclose(np.sort(np.concatenate(means)), np.sort(expected.to_numpy()))


def test_fig2_boxes_compare_methods_and_mark_the_paper(results):
    fig = plot_reproduction(results[results["data"] == "authors"], "fig2", paper=PAPER_RESULTS)
    aupr, auroc, snr = fig.axes
    hatched = [b for b in _boxes(aupr) if b.get_hatch()]
    assert len(hatched) == 2  # local attention, one per preset
    star = _paper_stars(aupr)[0]
    assert star.get_ydata()[0] == pytest.approx(0.885)
    assert star.get_xdata()[0] == pytest.approx(1.2)  # beside the CNN20-Exp GLIFAC box
    assert _paper_stars(snr)[0].get_ydata()[0] == pytest.approx(3.34)
    assert any("SNR 2" in label for label in _paper_labels(snr))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "GLIFAC" in legend and any(t.startswith("local attention") for t in legend)


def test_fig5_paper_points_and_snr_reference(results):
    fig = plot_reproduction(results[results["data"] == "authors"], "fig5", paper=PAPER_RESULTS)
    auroc, aupr, snr = fig.axes
    np.testing.assert_allclose(_paper_stars(auroc)[0].get_xydata(), [[0.1, 0.994], [0.0, 0.9999]])
    np.testing.assert_allclose(_paper_stars(snr)[0].get_ydata(), [3.34, 7.25])
    assert "SNR 2 (paper: all thresholds above)" in _paper_labels(snr)
    lines = [line for line in snr.lines if line.get_gid() == "mean"]
    assert [line.get_label() for line in lines] == list(PRESETS)
    assert np.allclose(lines[0].get_xdata(), THRESHOLDS)
    # paper colours: green for exponential, blue for ReLU
    relu, exp = (line.get_color() for line in lines)
    assert exp[1] > exp[2] and relu[2] > relu[1]
    assert len(fig.legends) == 1 and len(fig.axes) == 3


def test_classification_draws_the_paper_band(results):
    fig = plot_reproduction(results, "classification", paper=PAPER_RESULTS)
    assert not _paper_labels(fig.axes[0])  # the task mean: the paper has no such number
    ax = fig.axes[1]
    assert ax.get_title() == "Classification AUPR (12 tasks pooled)"
    assert "paper: 0.95-0.97 (all models)" in _paper_labels(ax)
    band = [p for p in ax.patches if p.get_gid() == "paper"]
    ys = band[0].get_path().vertices[:, 1] if hasattr(band[0], "get_path") else []
    low, high = band[0].get_transform().transform([[0, 0.95], [0, 0.97]])[:, 1]
    assert len(band) == 1 and len(ys) > 0 and high > low


def test_results_without_the_pooled_aupr_still_load_summarise_and_plot(results):
    # runs written before the pooled AUPR existed (it needs predictions they did not keep)
    old = results.drop(columns=["classification_aupr_micro"])
    assert check_results(old) is old
    summary = summarize_reproduction(old)
    assert summary["classification_aupr_micro_mean"].isna().all()
    assert (summary["classification_aupr_micro_n"] == 0).all()
    fig = plot_reproduction(old[old["data"] == "authors"], "classification", paper=PAPER_RESULTS)
    assert [ax.get_title() for ax in fig.axes] == ["Classification AUPR (mean of 12 tasks)"]
    table = compare_with_paper(old)
    pooled = table[table["metric"] == "classification_aupr_micro"]
    assert pooled["ours_mean"].isna().all() and pooled["consistent"].isna().all()


def test_points_overlaid_only_with_few_seeds():
    few = plot_reproduction(_fake_results(data=("authors",)), "fig1")
    assert all(len(ax.collections) == 2 for ax in few.axes)  # one dot cloud per box
    many = plot_reproduction(_fake_results(data=("authors",), seeds=range(6)), "fig1")
    assert all(len(ax.collections) == 0 for ax in many.axes)


def test_plot_on_given_axes_and_paper_none(results):
    host = Figure()
    axes = host.subplots(2, 3)
    fig = plot_reproduction(results, "fig2", ax=axes, paper=None)
    assert fig is host
    assert all(not _paper_labels(ax) and not _paper_stars(ax) for ax in fig.axes)
    assert "independent" in axes[1, 0].get_title()
    with pytest.raises(ValueError, match="ax must hold 6 Axes"):
        plot_reproduction(results, "fig2", ax=axes[0])


def test_bad_figure_and_missing_rows_raise(results):
    with pytest.raises(ValueError, match=r"figure must be one of .*'fig4'"):
        plot_reproduction(results, "fig4")
    with pytest.raises(ValueError, match="no rows for figure 'fig1'"):
        plot_reproduction(results[results["method"] == "glifac"], "fig1", paper=PAPER_RESULTS)
    with pytest.raises(ValueError, match="presets"):
        plot_reproduction(results, "fig5", presets=["SATORI"])


# --------------------------------------------------------------------------- report
def test_report_writes_files_and_embeds_every_figure(results, tmp_path):
    config = {"epochs": 100, "presets": list(PRESETS), "seeds": list(SEEDS)}
    paths = write_reproduction_report(
        results, tmp_path / "rep", classification=_fake_classification(), config=config
    )
    names = {p.relative_to(tmp_path / "rep").as_posix() for p in paths}
    assert names == {f"figures/{f}.png" for f in FIGURES} | {
        "summary.csv",
        "paper_comparison.csv",
        "classification_summary.csv",
        "report.md",
        "report.html",
    }
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    page = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    for name in FIGURES:
        png = (tmp_path / "rep" / "figures" / f"{name}.png").read_bytes()
        assert base64.b64encode(png).decode("ascii") in page
    assert page.count("data:image/png;base64,") == len(FIGURES)
    assert page.count("<figcaption>") == len(FIGURES)
    for number in ("0.994", "0.885", "0.9999", "0.998", "7.25", "0.95-0.97", "0.907-0.998"):
        assert number in page
    assert "epochs" in page and "total train s" in page
    summary = pd.read_csv(tmp_path / "rep" / "summary.csv")
    pd.testing.assert_frame_equal(summary, summarize_reproduction(results), check_dtype=False)
    markdown = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    assert all(f"figures/{name}.png" in markdown for name in FIGURES)


def test_report_skips_figures_without_rows(results, tmp_path):
    glifac_only = results[results["method"] == "glifac"]
    paths = write_reproduction_report(glifac_only, tmp_path)
    pngs = sorted(p.stem for p in paths if p.suffix == ".png")
    assert pngs == ["classification", "fig2", "fig5"]
    assert "Figures not drawn" in (tmp_path / "report.html").read_text(encoding="utf-8")
    with pytest.raises(TypeError, match="config must be a dict"):
        write_reproduction_report(results, tmp_path, config=[("epochs", 1)])
