"""Sphinx configuration for sklearn-glifac.

Build with ``make docs`` (``sphinx-build -W --keep-going -b html docs docs/_build/html``). The
gallery runs every ``examples/plot_*.py`` at a tiny size (``SKLEARN_GLIFAC_EXAMPLE_SIZE=tiny``),
so the figures in the built docs illustrate the API, not the paper-scale results.
"""

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent))
# Examples read this variable and shrink data, networks and epochs accordingly.
os.environ.setdefault("SKLEARN_GLIFAC_EXAMPLE_SIZE", "tiny")

import sklearn_glifac

project = "sklearn-glifac"
author = "sklearn-glifac developers"
copyright = "2025, sklearn-glifac developers"
release = sklearn_glifac.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "glifac_docs",
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
]
root_doc = "index"
default_role = "code"
nitpicky = False

autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {
    "members": True,
    "inherited-members": False,
    # sklearn's generated metadata-routing setters document sklearn's glossary, not ours.
    "exclude-members": ",".join(
        f"set_{m}_request"
        for m in ("fit", "partial_fit", "predict", "predict_proba", "score", "transform")
    ),
}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "reset_modules": ("matplotlib",),
    "show_memory": False,
    "min_reported_time": 1,
    # No docs/sg_execution_times.rst in the source tree (it is not a build output folder).
    "write_computation_times": False,
}

html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-glifac {release}"
html_static_path = ["_static"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"index": [], "getting_started": []}
html_show_sourcelink = False
