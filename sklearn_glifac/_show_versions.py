"""Versions of the system, Python and the dependencies, for bug reports."""

from __future__ import annotations

import importlib.metadata
import platform
import sys

# The direct dependencies (pyproject.toml), then what decides the numbers: the BLAS and threads.
_DEPENDENCIES = (
    "numpy",
    "scipy",
    "scikit-learn",
    "torch",
    "skorch",
    "joblib",
    "pandas",
    "pyjaspar",
    "memelite",
    "tangermeme",
    "captum",
    "matplotlib",
    "logomaker",
    "tqdm",
    "biopython",
)


def _versions() -> tuple[dict[str, str], dict[str, str | None]]:
    from . import __version__

    system = {
        "python": sys.version.replace("\n", " "),
        "executable": sys.executable,
        "machine": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }
    deps: dict[str, str | None] = {"sklearn-glifac": __version__}
    for name in _DEPENDENCIES:
        try:
            deps[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            deps[name] = None
    return system, deps


def show_versions() -> None:
    """Print the system, Python and dependency versions (paste them into a bug report).

    Results for a fixed ``random_state`` are bitwise reproducible on one machine for a given
    thread count, but can differ across CPUs and library versions: these lines say which.

    Examples
    --------
    >>> import sklearn_glifac
    >>> sklearn_glifac.show_versions()  # doctest: +ELLIPSIS
    <BLANKLINE>
    System:
    ...
    Python dependencies:
    ...
    """
    system, deps = _versions()
    print("\nSystem:")
    for key, text in system.items():
        print(f"{key:>14}: {text}")
    print("\nPython dependencies:")
    for key, version in deps.items():
        print(f"{key:>14}: {version}")
    try:
        import torch

        print("\ntorch:")
        print(f"{'threads':>14}: {torch.get_num_threads()}")
        print(f"{'cuda':>14}: {torch.cuda.is_available()}")
    except ImportError:  # pragma: no cover - torch is a dependency
        pass
