"""Inspection functions (Bunch results) and Display objects (artists kept on the display)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402

from sklearn_glifac.inspection import attention_distribution, threshold_sensitivity  # noqa: E402
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions  # noqa: E402
from sklearn_glifac.metrics import interaction_roc_auc_score  # noqa: E402
from sklearn_glifac.models import ArrayReadout  # noqa: E402
from sklearn_glifac.plotting import (  # noqa: E402
    AttentionDistributionDisplay,
    FilterLogoDisplay,
    InteractionMapDisplay,
    ThresholdSensitivityDisplay,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def planted_readout(n=80, seed=0):
    rng = np.random.default_rng(seed)
    features = rng.random((n, 6, 3))
    features[:, 4, 1] = features[:, 1, 0]
    attention = np.full((n, 1, 6, 6), 0.01)
    attention[:, 0, 1, 4] = rng.uniform(0.2, 0.9, n)
    return ArrayReadout(features, attention)


def test_threshold_sensitivity_matches_the_transformers():
    readout = planted_readout()
    truth, labels = [("A", "B")], ["A", "B", ""]
    result = threshold_sensitivity(readout, truth, labels, thresholds=[0.1, 0.5], random_state=0)
    assert list(result.table["threshold"]) == [0.1, 0.5]
    glifac = GLIFACInteractions(0.5, random_state=0).fit(readout)
    local = LocalAttentionInteractions(0.5).fit(readout)
    row = result.table.iloc[1]
    assert row["glifac_auroc"] == interaction_roc_auc_score(truth, glifac.filter_interactions_,
                                                            labels)  # fmt: skip
    assert row["local_auroc"] == interaction_roc_auc_score(truth, local.filter_interactions_,
                                                           labels)  # fmt: skip
    assert row["n_attended_pairs"] == glifac.n_attended_pairs_
    assert result.table.iloc[0]["n_attended_pairs"] == 80


def test_attention_distribution_values_and_null_cutoff():
    readout = planted_readout()
    result = attention_distribution(readout, planted_readout(seed=1), max_sequences=10, alpha=0.05)
    assert result.attention.shape == result.null_attention.shape == (10 * 36,)
    assert result.null_cutoff == pytest.approx(np.quantile(result.null_attention, 0.95))
    assert attention_distribution(readout).null_attention is None


def test_interaction_map_display_from_estimator_keeps_artists():
    readout = planted_readout()
    glifac = GLIFACInteractions(random_state=0).fit(readout)
    glifac.filter_motifs_ = ["A", "B", ""]
    disp = InteractionMapDisplay.from_estimator(glifac, true_interactions=[("A", "B")])
    assert isinstance(disp.image_, AxesImage) and disp.ax_ in disp.figure_.axes
    np.testing.assert_allclose(
        np.ma.filled(disp.image_.get_array(), np.nan)[0, 1], glifac.filter_interactions_[0, 1]
    )
    assert len(disp.truth_patches_) == 2  # (A, B) and (B, A)
    _, ax = plt.subplots()
    disp2 = InteractionMapDisplay.from_matrix(glifac.filter_interactions_, ax=ax, name="W")
    assert disp2.ax_ is ax and disp2.truth_patches_ == [] and ax.get_title() == "W"


def test_threshold_sensitivity_display_lines():
    readout = planted_readout()
    disp = ThresholdSensitivityDisplay.from_readout(
        readout, [("A", "B")], ["A", "B", ""], thresholds=[0.1, 0.3, 0.5], random_state=0
    )
    lines = disp.lines_["GLIFAC AUROC"]
    assert len(lines) == 1 and list(lines[0].get_xdata()) == [0.1, 0.3, 0.5]
    assert disp.ax_ is disp.axes_[0]


def test_attention_distribution_display_threshold_lines():
    disp = AttentionDistributionDisplay.from_readout(planted_readout(), planted_readout(seed=1),
                                                     threshold=0.15)  # fmt: skip
    xs = sorted(float(ln.get_xdata()[0]) for ln in disp.threshold_lines_)
    assert 0.15 in xs and len(disp.axes_) == 2


def test_filter_logo_display_titles():
    pwms = np.full((3, 4, 6), 0.25)
    pwms[0] = np.eye(4)[:, [0, 1, 2, 3, 0, 1]] * 0.97 + 0.0075
    disp = FilterLogoDisplay(pwms, ["ELF1", "", ""], n_sites=[10, 0, 0]).plot()
    assert len(disp.axes_) == 3 and "ELF1" in disp.titles_[0]
    with pytest.raises(ValueError, match="motifs"):
        FilterLogoDisplay.from_estimator(GLIFACInteractions().fit(planted_readout()))
