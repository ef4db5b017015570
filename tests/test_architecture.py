"""The package's rooms stay tidy: small modules and functions, no private name crossing a room's
wall, no import circle, and a user guide that names only public modules.

A "room" is a subpackage (``sklearn_glifac.models``) or a top-level module
(``sklearn_glifac._show_versions``); inside one room private imports are the implementation's
business. The package root (``sklearn_glifac/__init__.py``) may re-export from its own top-level
private modules, as every subpackage ``__init__`` does from its private ones.
"""

import ast
import pathlib
import re

import pytest

import sklearn_glifac

PACKAGE = pathlib.Path(sklearn_glifac.__file__).parent
ROOT = PACKAGE.parent
NAME = PACKAGE.name
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 120


def _modules():
    """Map each dotted module name of the package to its source file."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _is_package(module):
    return module in MODULES and MODULES[module].name == "__init__.py"


def _where(module, node=None):
    rel = MODULES[module].relative_to(ROOT) if module in MODULES else module
    return f"{rel}:{node.lineno}" if node is not None else str(rel)


def _room(module):
    """The subpackage or top-level module ``module`` belongs to (the root is its own room)."""
    return ".".join(module.split(".")[:2])


def _is_type_checking(node):
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module, *, module_level_only, source=None):
    """Yield ``(node, target_module, imported_names)`` for each import of a package module.

    ``target_module`` is the dotted module the statement names; ``imported_names`` the names a
    ``from`` import takes from it (empty for ``import x``). With ``module_level_only``, imports
    inside functions and under ``if TYPE_CHECKING:`` are skipped (they do not run at import time).
    """
    if source is None:
        source = MODULES[module].read_text(encoding="utf-8")
    tree = ast.parse(source)
    base = module if _is_package(module) else module.rpartition(".")[0]

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if module_level_only and isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            ):
                continue
            if module_level_only and isinstance(child, ast.If) and _is_type_checking(child):
                yield from (item for stmt in child.orelse for item in visit_stmt(stmt))
                continue
            yield from visit_stmt(child)

    def visit_stmt(child):
        if isinstance(child, ast.ImportFrom):
            if child.level:
                anchor = base.split(".")
                anchor = anchor[: len(anchor) - (child.level - 1)]
                target = ".".join(anchor + ([child.module] if child.module else []))
            else:
                target = child.module or ""
            if target == NAME or target.startswith(NAME + "."):
                yield child, target, [alias.name for alias in child.names]
        elif isinstance(child, ast.Import):
            for alias in child.names:
                if alias.name == NAME or alias.name.startswith(NAME + "."):
                    yield child, alias.name, []
        yield from visit(child)

    yield from visit(tree)


def _function_length(node):
    """Lines of a function's body, its docstring aside (as issue 17 counts them)."""
    body = node.body
    start = body[0].lineno
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        start = body[1].lineno if len(body) > 1 else node.end_lineno
    return node.end_lineno - start + 1


def test_the_module_map_sees_the_package():
    assert {f"{NAME}.models", f"{NAME}.io", f"{NAME}.cli", f"{NAME}.experiments"} <= set(MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_700_lines(module):
    n_lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n_lines <= MAX_MODULE_LINES, (
        f"{_where(module)} has {n_lines} lines (at most {MAX_MODULE_LINES}): split it by concern"
    )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_is_over_120_lines(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    too_long = [
        f"{_where(module, node)} {node.name}() has {_function_length(node)} lines"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and _function_length(node) > MAX_FUNCTION_LINES
    ]
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines: {too_long}"


def _private_crossings(module, source=None):
    room = _room(module)
    for node, target, names in _imports(module, module_level_only=False, source=source):
        own_root = module == NAME and target.count(".") == 1
        if _room(target) == room or own_root:
            continue
        private = [part for part in target.split(".")[1:] if part.startswith("_")]
        private += [n for n in names if n.startswith("_") and not n.startswith("__")]
        if private:
            yield f"{_where(module, node)} imports {private} from {target}"


def test_no_private_name_crosses_a_room():
    crossings = [line for module in MODULES for line in _private_crossings(module)]
    assert not crossings, (
        "private names imported across a subpackage or top-level module boundary "
        f"(import the public name instead): {crossings}"
    )


def test_the_crossing_check_recognises_private_imports():
    source = (
        "from ..io._fasta import read_fasta\n"  # private module of another room
        "from ..utils import _private_helper\n"  # private name of another room
        "from .. import _show_versions\n"  # private top-level module
        "import sklearn_glifac.metrics._pairs\n"  # absolute, private module
        "from . import _classifier\n"  # same room: fine
        "from ..io import read_fasta\n"  # public: fine
        "def f():\n    from ..motifs._pwm import x\n"  # lazy imports count too
    )
    found = list(_private_crossings(f"{NAME}.models._example", source))
    assert [line.split(" imports ")[0] for line in found] == [
        f"{NAME}.models._example:{n}" for n in (1, 2, 3, 4, 8)
    ]


def _import_graph():
    graph = {module: set() for module in MODULES}
    lines = {}
    for module in MODULES:
        for node, target, names in _imports(module, module_level_only=True):
            found = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if len(found) < len(names) or not names:
                found.append(target)  # names taken from the module itself
            for dep in found:
                if dep in MODULES and dep != module:
                    graph[module].add(dep)
                    lines.setdefault((module, dep), _where(module, node))
    return graph, lines


def _find_cycle(graph):
    """A list of modules forming a cycle, or None (iterative depth-first search)."""
    state = dict.fromkeys(graph, 0)  # 0 unseen, 1 on the stack, 2 done
    for start in sorted(graph):
        if state[start]:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state[child] == 1:
                return path[path.index(child) :] + [child]
            elif state[child] == 0:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
    return None


def test_the_cycle_finder_finds_cycles():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_import_graph_skips_lazy_and_type_checking_imports():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..models import ConvAttentionClassifier\n"
        "def f():\n    from ..io import read_fasta\n"
        "from ..utils import check_int\n"
    )
    found = _imports(f"{NAME}.metrics._example", module_level_only=True, source=source)
    assert [target for _, target, _ in found] == [f"{NAME}.utils"]


def test_no_import_circle():
    graph, lines = _import_graph()
    cycle = _find_cycle(graph)
    assert cycle is None, (
        "import circle among module-level imports: "
        + " -> ".join(f"{a} ({lines[a, b]})" for a, b in zip(cycle, cycle[1:]))
        + f" -> {cycle[-1]}"
    )


PRIVATE_MODULE = re.compile(rf"\b{NAME}(?:[./][A-Za-z]\w*)*[./]_[A-Za-z0-9]\w*")


def _user_docs():
    docs = ROOT / "docs"
    generated = {"auto_examples", "gen_modules", "_build", "_templates", "_static", "_ext"}
    files = [ROOT / "README.md"] if (ROOT / "README.md").exists() else []
    if docs.is_dir():
        files += [
            p
            for p in sorted(docs.rglob("*"))
            if p.suffix in {".rst", ".md"} and not generated & set(p.relative_to(docs).parts)
        ]
    return files


def test_the_docs_check_recognises_private_modules():
    text = (
        "sklearn_glifac._io, sklearn_glifac.models._classifier.X,"
        " sklearn_glifac/experiments/_demo.py"
        " but not sklearn_glifac.models.save_model, sklearn_glifac/__init__.py, sklearn_glifac.io"
    )
    assert [m.group(0) for m in PRIVATE_MODULE.finditer(text)] == [
        f"{NAME}._io",
        f"{NAME}.models._classifier",
        f"{NAME}/experiments/_demo",
    ]


@pytest.mark.skipif(not _user_docs(), reason="docs/ and README.md not shipped with the package")
def test_user_guide_names_no_private_module():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
        for path in _user_docs()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in PRIVATE_MODULE.finditer(line)
    ]
    assert not found, f"the user guide names private modules: {found}"
