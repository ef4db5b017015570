"""sklearn-glifac: motif interactions from convolution-attention networks.

Subpackages
-----------
io
    Files on disk: FASTA (plain or gzip, streamed), label tables, ``.npz`` data sets and
    ``load_dataset``.
datasets
    Synthetic DNA with a motif grammar (``make_motif_interactions``), JASPAR/MEME motif loading,
    dinucleotide shuffles.
models
    Convolution-attention networks (``ConvAttentionNet``) and the skorch estimator
    ``ConvAttentionClassifier`` with the paper's presets.
motifs
    Everything about motifs: JASPAR/MEME loading, filter PWMs, Tomtom labels (one cached
    ``FilterAnnotation`` per network), motif-level matrices.
interactions
    ``LocalAttentionInteractions`` (SATORI) and ``GLIFACInteractions`` transformers.
inspection
    ``threshold_sensitivity`` and ``attention_distribution`` (``Bunch`` results); the
    ``*Display`` classes of ``plotting`` draw them.
metrics
    Interaction-recovery scores (AUROC, AUPR, SNR, TPR, PPV) and sklearn scorer factories.
"""

__version__ = "0.1.0"  # the one version source (pyproject.toml reads it)

_SUBPACKAGES = [
    "io",
    "datasets",
    "models",
    "motifs",
    "interactions",
    "inspection",
    "metrics",
    "plotting",
    "utils",
]

__all__ = ["__version__", "show_versions", *_SUBPACKAGES]


def show_versions() -> None:
    """Print the system, Python and dependency versions (paste them into a bug report).

    Results for a fixed ``random_state`` are bitwise reproducible on one machine for a given
    thread count, but can differ across CPUs and library versions: these lines say which.
    """
    from ._show_versions import show_versions as _show

    _show()


def __getattr__(name: str) -> object:
    # Subpackages import torch/skorch; load them on first use so `import sklearn_glifac` is cheap.
    if name in _SUBPACKAGES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
