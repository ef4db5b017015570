"""Run every benchmark once and print their Markdown tables (``make bench``).

The figures are measurements on a shared machine: compare ratios taken in one run, not absolute
numbers across machines. ``train_cnn20_exp.py`` (minutes of training) is not included; run it on
its own.
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent
SCRIPTS = ["bench_datasets.py", "bench_training.py", "bench_interactions.py"]


def main():
    for name in SCRIPTS:
        print(f"\n## {name}\n", flush=True)
        sys.argv = [name]
        runpy.run_path(str(HERE / name), run_name="__main__")


if __name__ == "__main__":
    main()
