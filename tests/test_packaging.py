"""Packaging a user and a packager rely on: licence, one version, typing marker, an sdist whose
tests run, show_versions."""

import importlib.metadata
import inspect
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import sklearn_glifac

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
MAKEFILE = ROOT / "Makefile"
needs_source = pytest.mark.skipif(not PYPROJECT.exists(), reason="run from a source tree")
needs_package_source = pytest.mark.skipif(
    not (ROOT / "sklearn_glifac" / "__init__.py").exists(),
    reason="builds the sdist from the package source beside the tests",
)


@pytest.fixture(scope="module")
def project():
    tomllib = pytest.importorskip("tomllib")
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]


@needs_source
def test_licence_is_bsd3_with_spdx_string(project):
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("BSD 3-Clause License")
    assert "Neither the name of the copyright holder" in text
    # PEP 639: no licence classifier next to an SPDX expression
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    assert "Typing :: Typed" in project["classifiers"]


@needs_source
def test_one_version_source(project):
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("sklearn-glifac") == sklearn_glifac.__version__


def test_package_is_typed():
    assert (Path(sklearn_glifac.__file__).parent / "py.typed").is_file()


def test_show_versions(capsys):
    sklearn_glifac.show_versions()
    out = capsys.readouterr().out
    for name in ("sklearn-glifac", "numpy", "scikit-learn", "torch", "skorch", "python"):
        assert f"{name}: " in out
    assert f"sklearn-glifac: {sklearn_glifac.__version__}" in out


@needs_source
@needs_package_source
def test_sdist_carries_what_the_tests_need(tmp_path):
    setuptools = pytest.importorskip("setuptools")
    major = int(setuptools.__version__.split(".")[0])
    if major < 77:
        pytest.skip("building needs setuptools>=77 (PEP 639 licence expression)")
    code = f"from setuptools import build_meta as b; print(b.build_sdist({str(tmp_path)!r}))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    archive = tmp_path / done.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    tracked_tests = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("*.py")}
    assert tracked_tests <= names
    for needed in (
        "LICENSE",
        "README.md",
        "constraints.txt",
        "constraints-min.txt",
        "docs/api.rst",
        "sklearn_glifac/py.typed",
    ):
        assert needed in names, needed
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.py")} <= names
    assert not [n for n in names if n.startswith("benchmarks/cache/") or "__pycache__" in n]
    # checkpoints a local benchmark run leaves beside the tracked results stay out
    assert not [n for n in names if n.endswith((".pt", ".pth")) or ".ckpt/" in n]
    assert archive.stat().st_size < 20e6


@needs_source
def test_lower_bounds_are_right_and_pinned_for_the_min_job(project):
    from packaging.requirements import Requirement
    from packaging.version import Version

    reqs = {Requirement(r).name: Requirement(r).specifier for r in project["dependencies"]}
    # versions known not to work (issue 18): no false_discovery_control, no sklearn tags API,
    # skorch pickles that fail under recent torch, skorch 1.3.0's NotFittedError after fit
    for name, bad in [
        ("scipy", "1.10.1"),
        ("scikit-learn", "1.5.2"),
        ("skorch", "1.1.0"),
        ("skorch", "1.3.0"),
    ]:
        assert bad not in reqs[name], (name, bad)
    pins = {}
    for line in (ROOT / "constraints-min.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip()] = Version(version)
    assert set(pins) == set(reqs)
    for name, spec in reqs.items():
        lowest = min(Version(s.version) for s in spec if s.operator == ">=")
        assert pins[name] == lowest, (name, pins[name], lowest)
        assert pins[name] in spec
    # make test-min installs exactly the pinned torch (the CPU wheel; no other index) first
    target = MAKEFILE.read_text(encoding="utf-8").split("\ntest-min:", 1)[1].split("\n\n", 1)[0]
    assert f"torch=={pins['torch']}" in target and "--index-url" not in target
    assert "-c constraints-min.txt" in MAKEFILE.read_text(encoding="utf-8")


@needs_source
def test_readme_says_which_numbers_are_exact_and_gives_ranges():
    usage = (ROOT / "README.md").read_text(encoding="utf-8").split("## Usage", 1)[1]
    usage = usage.split("\n## ", 1)[0]
    assert "**Which numbers are exact.**" in usage
    assert "on the development machine" in usage  # the output block is one machine's digits
    assert "AUROC in about 0.89-0.92" in usage and "AUPR in about 0.69-0.72" in usage


def _annotated(func):
    sig = inspect.signature(func)
    params = [p for n, p in sig.parameters.items() if n != "self"]
    missing = [p.name for p in params if p.annotation is inspect.Parameter.empty]
    if sig.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def test_public_api_of_the_typed_modules_is_annotated():
    from sklearn_glifac import interactions
    from sklearn_glifac.models import ConvAttentionClassifier

    funcs = [sklearn_glifac.show_versions]
    funcs += [getattr(ConvAttentionClassifier, name) for name in (
        "fit", "partial_fit", "predict", "predict_proba", "decision_function", "score",
        "transform", "attention_maps", "feature_maps", "conv_activations", "set_output",
    )]  # fmt: skip
    base = interactions.GLIFACInteractions.__mro__[1]  # BaseInteractions, the shared base
    assert base.__name__ == "BaseInteractions"
    funcs += [getattr(base, name) for name in (
        "fit", "transform", "fit_transform", "get_feature_names_out", "reported_interactions",
    )]  # fmt: skip
    funcs.append(interactions.combine_heads)
    missing = {f.__qualname__: m for f in funcs if (m := _annotated(f))}
    assert not missing
    if MAKEFILE.exists():  # and the type checker runs in `make test`
        target = MAKEFILE.read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
        assert "mypy" in target
