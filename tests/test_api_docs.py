"""Every public name of every subpackage is in the API reference (docs/api.rst)."""

import importlib
import pathlib

import pytest

import sklearn_glifac

API = pathlib.Path(sklearn_glifac.__file__).parents[1] / "docs" / "api.rst"


@pytest.mark.skipif(not API.exists(), reason="docs/ not shipped with the package")
@pytest.mark.parametrize("subpackage", sklearn_glifac._SUBPACKAGES)
def test_every_public_name_is_in_the_api_reference(subpackage):
    text = API.read_text(encoding="utf-8")
    module = importlib.import_module(f"sklearn_glifac.{subpackage}")
    missing = [n for n in module.__all__ if f"{subpackage}.{n}" not in text]
    assert not missing, f"not in docs/api.rst: {missing}"


@pytest.mark.skipif(not API.exists(), reason="docs/ not shipped with the package")
def test_top_level_names_are_in_the_api_reference():
    text = API.read_text(encoding="utf-8")
    top = [n for n in sklearn_glifac.__all__ if n not in sklearn_glifac._SUBPACKAGES]
    assert top == ["__version__", "show_versions"]
    assert "\n   show_versions\n" in text and "__version__" in text
