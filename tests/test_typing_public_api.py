"""The public API of models, interactions, plotting, experiments and utils is fully annotated.

Their private helpers are not all annotated (they are not in pyproject's strict mypy override,
unlike the subpackages of ``test_typing.py``), but what a user's type checker and IDE read is:
every callable in the ``__all__`` of these modules, and every public method of a class there.
"""

import importlib

import pytest

from .test_typing import _missing_annotations, _public_callables

PUBLIC_API_TYPED = [
    "sklearn_glifac.models",
    "sklearn_glifac.models.readout",
    "sklearn_glifac.interactions",
    "sklearn_glifac.plotting",
    "sklearn_glifac.experiments",
    "sklearn_glifac.utils",
]


@pytest.mark.parametrize("module_name", PUBLIC_API_TYPED)
def test_public_callables_are_fully_annotated(module_name):
    module = importlib.import_module(module_name)
    found = dict(_public_callables(module))
    assert found, f"{module_name} exports no function"
    missing = {name: m for name, func in found.items() if (m := _missing_annotations(func))}
    assert not missing, f"{module_name}: unannotated parameters or return: {missing}"
