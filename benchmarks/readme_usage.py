"""The README's usage example, verbatim, and the output block the README shows.

``python benchmarks/readme_usage.py`` runs the code between the markers (the README's Python
block, checked by ``tests/test_readme.py``) and writes what it printed, with its wall time, to
``benchmarks/results/readme_usage_output.txt`` (the README's output block, also checked).
"""

import contextlib
import io
import time
from pathlib import Path

OUT = Path(__file__).parent / "results" / "readme_usage_output.txt"

if __name__ == "__main__":
    buffer, start = io.StringIO(), time.perf_counter()
    with contextlib.redirect_stdout(buffer):
        # --- README example begins ---
        import tempfile

        import pandas as pd
        from sklearn.model_selection import GridSearchCV
        from sklearn.pipeline import make_pipeline

        from sklearn_glifac.datasets import make_motif_interactions
        from sklearn_glifac.interactions import GLIFACInteractions
        from sklearn_glifac.metrics import make_classification_scorer, make_interaction_scorer
        from sklearn_glifac.models import ConvAttentionClassifier

        data = make_motif_interactions(n_samples=20_000, random_state=0)
        pipe = make_pipeline(
            ConvAttentionClassifier("CNN20-Exp", max_epochs=8, random_state=0, verbose=0),
            GLIFACInteractions(motifs=data.motifs, random_state=0),
            memory=tempfile.mkdtemp(),  # one training per fold, whatever the threshold grid
        )
        scoring = {m: make_interaction_scorer(m, data.true_interactions) for m in ("auroc", "aupr")}
        scoring["classification_aupr"] = make_classification_scorer()
        grid = {"glifacinteractions__threshold": [0.0, 0.1, 0.5]}
        search = GridSearchCV(pipe, grid, scoring=scoring, refit="auroc", cv=2).fit(data.X, data.y)
        results = pd.DataFrame(search.cv_results_).set_index("param_glifacinteractions__threshold")
        print(results.filter(like="mean_test").round(3).to_string())
        and_motifs = ["ELF1", "SIX3", "GATA1", "TAL1"]  # the two AND pairs
        print(search.best_estimator_[-1].motif_interactions_.loc[and_motifs, and_motifs].round(3))
        # --- README example ends ---
    text = buffer.getvalue()
    print(text, end="")
    seconds = time.perf_counter() - start
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wall time: {seconds / 60:.1f} min")
