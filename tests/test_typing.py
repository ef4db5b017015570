"""The public API of the fully typed subpackages carries complete annotations.

mypy checks the bodies (pyproject's ``disallow_untyped_defs`` override); this test checks, at run
time, what a user's type checker and IDE read: every callable in a subpackage's ``__all__``, and
every public method of a class there, annotates all its parameters and its return.
"""

import importlib
import inspect

import pytest

# Subpackages whose modules are in pyproject's `disallow_untyped_defs = true` mypy override.
TYPED_SUBPACKAGES = [
    "sklearn_glifac.datasets",
    "sklearn_glifac.motifs",
    "sklearn_glifac.metrics",
    "sklearn_glifac.inspection",
]


def _missing_annotations(func):
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):  # a builtin without a signature: nothing to read
        return []
    missing = [
        name
        for name, p in sig.parameters.items()
        if name not in ("self", "cls") and p.annotation is inspect.Parameter.empty
    ]
    if sig.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def _public_callables(module):
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                if isinstance(value, (classmethod, staticmethod)):
                    value = value.__func__
                elif isinstance(value, property):
                    value = value.fget
                if inspect.isfunction(value):
                    yield f"{name}.{attr}", value
        elif inspect.isfunction(obj):
            yield name, obj


@pytest.mark.parametrize("subpackage", TYPED_SUBPACKAGES)
def test_public_callables_are_fully_annotated(subpackage):
    module = importlib.import_module(subpackage)
    found = dict(_public_callables(module))
    assert found, f"{subpackage} exports no function"
    missing = {name: m for name, func in found.items() if (m := _missing_annotations(func))}
    assert not missing, f"{subpackage}: unannotated parameters or return: {missing}"


def test_typed_subpackages_are_strict_in_mypy_config():
    tomllib = pytest.importorskip("tomllib")
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    if not pyproject.exists():
        pytest.skip("run from a source tree")
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["mypy"]
    strict = {
        module
        for override in config["overrides"]
        if override.get("disallow_untyped_defs")
        for module in override["module"]
    }
    for subpackage in TYPED_SUBPACKAGES:
        assert f"{subpackage}.*" in strict, subpackage
