"""The full-scale CPU reproduction published in the README: CNN20-Exp and CNN20-ReLU, 3 seeds.

The paper's protocol (100,000 sequences, 0.7/0.1/0.2, batch 100, up to 100 epochs, LR x0.3
after 5 epochs without validation-AUPR gain, early stopping after 10, best epoch restored),
attention thresholds 0.0-0.9. Resumable: rerun the same command after an interruption and the
finished runs are kept. Equivalent CLI::

    sklearn-glifac reproduce --output-dir benchmarks/results/reproduction_cpu \
        --presets CNN20-Exp CNN20-ReLU --seeds 3 --n-jobs 2
"""

from sklearn_glifac.experiments import reproduce

if __name__ == "__main__":
    reproduce(
        "benchmarks/results/reproduction_cpu",
        presets=("CNN20-Exp", "CNN20-ReLU"),
        seeds=3,
        n_jobs=2,
    )
