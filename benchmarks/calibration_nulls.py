"""Filter pairs called by the per-pair test under each null, on the saved calibration read-outs.

``benchmarks/calibration.py`` saves the held-out read-outs of its networks (independent motifs,
permuted labels, grammar) in ``/tmp/calibration_readouts``; this script reruns
:func:`sklearn_glifac.interactions.attention_pair_test` on them with the attention nulls that
need no sequences (``"queries"``, the default, and ``"swap"``), for GLIFAC's statistic
(``kind="correlation"``) and local attention's (``kind="activity"``), and writes
``results/calibration_nulls.csv`` (filter pairs called at q < 0.05 out of 496). Seconds per run.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from sklearn_glifac.interactions import attention_pair_test
from sklearn_glifac.models import ArrayReadout

READOUTS = Path("/tmp/calibration_readouts")
OUT = Path(__file__).parent / "results" / "calibration_nulls.csv"


def main():
    rows = []
    for path in sorted(READOUTS.glob("*.npz")):
        scenario, seed = path.stem.rsplit("_", 1)
        data = np.load(path)
        readout = ArrayReadout(data["features"], data["attention"])
        upper = np.triu_indices(readout.n_filters, 1)
        for null in ("queries", "swap"):
            for kind, method in (("correlation", "glifac"), ("activity", "local")):
                res = attention_pair_test(readout, null, kind=kind, random_state=0)
                called = np.nan_to_num(res.qvalues[upper], nan=1.0) < 0.05
                rows.append({"scenario": scenario, "seed": int(seed), "null": null,
                             "method": method, "pairs_called": int(called.sum())})  # fmt: skip
    table = pd.DataFrame(rows)
    table.to_csv(OUT, index=False)
    print(table.pivot_table(index=["scenario", "seed"], columns=["method", "null"],
                            values="pairs_called").to_string())  # fmt: skip


if __name__ == "__main__":
    main()
