"""Keras' AUC(curve="PR") (the GLIFAC authors' metric) against sklearn's pooled average precision.

Needs Keras 3 with a backend, in an environment of its own (not a dependency of this project);
the numbers in ``docs/user_guide/reproduction.rst`` came from Keras 3.15.1 on the torch backend::

    python -m venv /tmp/kenv && /tmp/kenv/bin/pip install keras scikit-learn torch
    KERAS_BACKEND=torch /tmp/kenv/bin/python benchmarks/keras_pooled_aupr.py

Simulated scores for 12 tasks (positive rates 0.10-0.16) and 20,000 sequences, three cases:
well separated, moderately separated, and one task at chance. Prints Keras' pooled AUC-PR, the
pooled average precision (``mean_average_precision_score(average="micro")``) and the mean of the
per-task average precisions.
"""

import os

import numpy as np
from sklearn.metrics import average_precision_score

os.environ.setdefault("KERAS_BACKEND", "torch")


def main():
    import keras

    rng = np.random.default_rng(0)
    n, rates = 20_000, np.repeat([0.16, 0.10, 0.14], 4)
    y = (rng.random((n, len(rates))) < rates).astype(float)
    for name, sep in [("strong", 4.0), ("moderate", 2.0), ("one task at chance", None)]:
        sign = np.where(y == 1, 1.0, -1.0)
        logit = sign * (sep or 3.0) + rng.normal(size=y.shape) * 1.5 - 2
        if sep is None:
            logit[:, 4] = rng.normal(size=n) - 2
        p = 1 / (1 + np.exp(-logit))
        metric = keras.metrics.AUC(curve="PR", num_thresholds=200)  # the authors' settings
        metric.update_state(y, p)
        pooled = average_precision_score(y.ravel(), p.ravel())
        mean = np.mean([average_precision_score(y[:, t], p[:, t]) for t in range(y.shape[1])])
        print(
            f"{name}: Keras AUC(PR) {float(metric.result()):.4f}, pooled AP {pooled:.4f}, "
            f"mean per-task AP {mean:.4f}"
        )
    print("keras", keras.__version__)


if __name__ == "__main__":
    main()
