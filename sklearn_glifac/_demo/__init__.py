"""The end-to-end demo behind ``sklearn-glifac demo``.

An application of the library, split by concern: ``_config`` (defaults, table layouts),
``_training`` (training runner, epoch reporter), ``_analysis`` (per-model analysis),
``_report`` (tables, verdicts, Markdown/HTML report) and ``_run``
(:func:`run_demo`). Names are loaded on first use, so ``from sklearn_glifac._demo._config import
...`` (what the CLI needs for its help text) imports neither torch nor matplotlib.
"""

from __future__ import annotations

import importlib

from ._config import (
    DEMO_BATCH_SIZE,
    DEMO_EPOCHS,
    DEMO_N_SAMPLES,
    DEMO_PRESETS,
    SCORE_COLUMNS,
)

__all__ = [
    "run_demo",
    "SCORE_COLUMNS",
    "DEMO_BATCH_SIZE",
    "DEMO_EPOCHS",
    "DEMO_N_SAMPLES",
    "DEMO_PRESETS",
]

# name -> submodule, resolved on first access (PEP 562)
_LAZY = {
    "run_demo": "_run",
    "_score_tables": "_report",
    "_text_table": "_report",
    "_markdown_table": "_report",
    "_chance": "_report",
    "_ci_table": "_report",
    "_verdicts": "_report",
    "_write_report": "_report",
}


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
