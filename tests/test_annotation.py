"""One filter annotation per network: Tomtom runs once for every transformer and grid candidate;
the package has no import circle and no private import across subpackages."""

import ast
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

import sklearn_glifac
from sklearn_glifac.interactions import GLIFACInteractions, LocalAttentionInteractions
from sklearn_glifac.metrics import make_interaction_scorer
from sklearn_glifac.models import ArrayReadout, ConvAttentionClassifier
from sklearn_glifac.motifs import (
    FilterAnnotation,
    _annotation,
    annotate_filters,
    clear_annotation_cache,
    filter_pwms,
    match_filters,
)

from .test_interactions_pipeline import TINY, four_motif_data

PACKAGE = pathlib.Path(sklearn_glifac.__file__).parent


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clear_annotation_cache()
        yield


@pytest.fixture
def tomtom_calls(monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return match_filters(*args, **kwargs)

    monkeypatch.setattr(_annotation, "match_filters", counting)
    return calls


@pytest.fixture(scope="module")
def data():
    return four_motif_data(120)


@pytest.fixture(scope="module")
def net(data):
    return ConvAttentionClassifier("CNN20-Exp", random_state=0, **TINY).fit(data.X, data.y)


def test_annotation_is_shared_by_both_transformers(net, data, tomtom_calls):
    readout = net.transform(data.X[:60])
    kw = dict(motifs=data.motifs, qvalue_threshold=1.0)
    local = LocalAttentionInteractions(**kw).fit(readout)
    glifac = GLIFACInteractions(random_state=0, **kw).fit(net.transform(data.X[:60]))
    assert len(tomtom_calls) == 1
    assert local.filter_annotation_ is glifac.filter_annotation_
    ann = glifac.filter_annotation_
    assert isinstance(ann, FilterAnnotation) and ann.n_filters == 8
    pwms, n_sites = filter_pwms(readout)
    np.testing.assert_array_equal(glifac.filter_pwms_, pwms)
    np.testing.assert_array_equal(glifac.filter_n_sites_, n_sites)
    labels, table = match_filters(pwms, data.motifs, qvalue_threshold=1.0)
    assert glifac.filter_motifs_ == labels == local.filter_motifs_
    assert ann.motif_names == list(data.motifs)
    # another database, threshold or set of sequences is another annotation
    LocalAttentionInteractions(motifs=data.motifs, qvalue_threshold=0.5).fit(readout)
    LocalAttentionInteractions(**kw).fit(net.transform(data.X[:50]))
    assert len(tomtom_calls) == 3
    # cache=False recomputes
    annotate_filters(readout, data.motifs, qvalue_threshold=1.0, cache=False)
    assert len(tomtom_calls) == 4


def test_refitted_network_is_annotated_again(data, tomtom_calls):
    X = data.X[:40]
    clf = ConvAttentionClassifier("CNN20-Exp", random_state=0, **TINY).fit(data.X, data.y)
    annotate_filters(clf.transform(X), data.motifs, qvalue_threshold=1.0)
    clf.partial_fit(data.X, data.y)  # new weights, same object
    annotate_filters(clf.transform(X), data.motifs, qvalue_threshold=1.0)
    assert len(tomtom_calls) == 2


def test_array_readout_annotation_is_cached(tomtom_calls):
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (20, 30))].transpose(0, 2, 1)
    act = rng.random((20, 30, 3))
    readout = ArrayReadout(rng.random((20, 5, 3)), np.full((20, 1, 5, 5), 0.2), X=X,
                           activations=act, kernel_size=5)  # fmt: skip
    db = {f"m{i}": rng.dirichlet(np.ones(4), size=5).T for i in range(3)}
    first = annotate_filters(readout, db, qvalue_threshold=None)
    assert annotate_filters(readout, dict(db), qvalue_threshold=None) is first  # same content
    assert len(tomtom_calls) == 1


def test_grid_search_over_transformer_parameters_runs_tomtom_once_per_network(data, tomtom_calls):
    pipe = make_pipeline(
        ConvAttentionClassifier("CNN20-Exp", random_state=0, **TINY),
        GLIFACInteractions(motifs=data.motifs, qvalue_threshold=1.0, random_state=0),
    )
    grid = {"glifacinteractions__threshold": [0.05, 0.1, 0.15]}
    scoring = {m: make_interaction_scorer(m, data.true_interactions) for m in ("auroc", "tpr")}
    search = GridSearchCV(pipe, grid, scoring=scoring, refit=False, cv=2, error_score="raise")
    search.fit(data.X, data.y)
    # one network per fold (trained identically for every candidate), plus nothing else
    assert len(tomtom_calls) == 2


# ------------------------------------------------------------------ package structure


def _imports(path):
    """(module-level relative imports as absolute module names, imported names) of one file."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    if parts[-1] == "__init__":
        package = parts[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
            out.append((module, [a.name for a in node.names], node.col_offset == 0))
    return out


# The application layer: the command line (``cli/`` and ``python -m sklearn_glifac``). It calls the
# library's public names like any user; the library's subpackages never import it.
APPLICATION = {"cli", "__main__.py"}


def test_no_private_imports_across_subpackages():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        own = path.relative_to(PACKAGE).parts[0]
        for module, names, _ in _imports(path):
            target = module.split(".")[1] if "." in module else ""
            if target.endswith(".py") or target == own.removesuffix(".py"):
                continue
            private_module = any(p.startswith("_") for p in module.split(".")[2:])
            private_name = any(n.startswith("_") and not n.startswith("__") for n in names)
            if private_name or (private_module and target != own):
                offenders.append(f"{path.relative_to(PACKAGE)}: from {module} import {names}")
    assert not offenders, "\n".join(offenders)


def test_library_does_not_import_the_application_layer():
    offenders = [
        f"{path.relative_to(PACKAGE)}: from {module} import {names}"
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in APPLICATION
        for module, names, _ in _imports(path)
        if module.split(".")[1:2] == ["cli"] or (module == PACKAGE.name and "cli" in names)
    ]
    assert not offenders, "\n".join(offenders)


def test_cli_start_up_does_not_import_the_demo():
    code = (
        "import sys, sklearn_glifac.cli as cli\n"
        "assert 'sklearn_glifac.experiments._demo' not in sys.modules\n"
        "cli.build_parser()\n"  # reads the demo's defaults only
        "assert 'sklearn_glifac.experiments._demo' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_import_circle_between_subpackages():
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for module, _, top_level in _imports(path):
            parts = module.split(".")
            target = parts[1] if len(parts) > 1 else ""
            if top_level and target and target != own:
                graph.setdefault(own, set()).add(target)

    def reach(start):
        seen, stack = set(), [start]
        while stack:
            for nxt in graph.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    circles = [p for p in graph if p in reach(p)]
    assert not circles, {p: sorted(graph[p]) for p in circles}


def test_local_attention_takes_background_sequences_in_a_pipeline(net, data):
    from sklearn_glifac.datasets import dinucleotide_shuffle

    X, X_bg = data.X[:60], dinucleotide_shuffle(data.X[60:100], random_state=0)
    from_readout = LocalAttentionInteractions(null_alpha=0.05, method="satori").fit(
        net.transform(X), background=net.transform(X_bg)
    )
    from_sequences = LocalAttentionInteractions(null_alpha=0.05, method="satori").fit(
        net.transform(X), background=X_bg
    )
    np.testing.assert_array_equal(
        from_sequences.filter_interactions_, from_readout.filter_interactions_
    )
    assert from_sequences.attention_threshold_ == from_readout.attention_threshold_
    pipe = make_pipeline(
        ConvAttentionClassifier("CNN20-Exp", random_state=0, **TINY),
        LocalAttentionInteractions(null_alpha=0.05, method="satori"),
    )
    pipe.fit(data.X, data.y, localattentioninteractions__background=X_bg)
    assert pipe[-1].filter_interactions_.shape == (8, 8)
    with pytest.raises(ValueError, match="background"):
        LocalAttentionInteractions(method="satori").fit(net.transform(X), background=X_bg[:, :3])


def test_local_attention_background_parameter_reaches_pipeline_transform(net, data):
    from sklearn.base import clone

    from sklearn_glifac.datasets import dinucleotide_shuffle

    X, X_bg = data.X[:60], dinucleotide_shuffle(data.X[60:100], random_state=0)
    by_fit_param = LocalAttentionInteractions(method="satori").fit(
        net.transform(X), background=X_bg
    )
    pipe = make_pipeline(net, LocalAttentionInteractions(method="satori", background=X_bg))
    pipe[-1].fit(net.transform(X))  # the network is fitted already; only the last step fits
    np.testing.assert_array_equal(pipe[-1].filter_interactions_, by_fit_param.filter_interactions_)
    # transform inside the Pipeline uses the same background (fit parameters cannot reach it)
    np.testing.assert_array_equal(
        pipe.transform(X), by_fit_param.transform(net.transform(X), background=X_bg)
    )
    assert clone(pipe[-1]).get_params()["background"].shape == X_bg.shape
