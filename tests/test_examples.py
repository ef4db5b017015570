"""Every gallery example runs at tiny size, so the examples never rot."""

import runpy
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("plot_*.py"))


def test_examples_found():
    names = {p.stem for p in EXAMPLES}
    assert {
        "plot_quick_start",
        "plot_local_attention_vs_glifac",
        "plot_threshold_sensitivity",
        "plot_architecture_sweep",
        "plot_entropy_attention",
    } <= names


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs_tiny(path, monkeypatch):
    monkeypatch.setenv("SKLEARN_GLIFAC_EXAMPLE_SIZE", "tiny")
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    plt.close("all")
    namespace = runpy.run_path(str(path), run_name="__main__")
    assert namespace["TINY"] is True
    assert plt.get_fignums(), f"{path.name} drew no figure"
    plt.close("all")
