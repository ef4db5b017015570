"""sklearn-glifac: motif interactions from convolution-attention networks.

Subpackages
-----------
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

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "datasets",
    "models",
    "motifs",
    "interactions",
    "inspection",
    "metrics",
    "plotting",
    "utils",
]


def __getattr__(name):
    # Subpackages import torch/skorch; load them on first use so `import sklearn_glifac` is cheap.
    if name in __all__[1:]:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
