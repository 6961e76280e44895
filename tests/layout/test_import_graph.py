"""The package's import graph: no cycles at all (imports inside functions count), the layers
of docs/ARCHITECTURE.md, and old import paths that still work with a DeprecationWarning."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings

import grimp
import pytest

import summarize
from summarize import _compat


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module, and self-imports (Tarjan)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    comp.append(m)
                    if m == node:
                        break
                if len(comp) > 1 or node in edges[node]:
                    found.append(sorted(comp))
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for m in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(m)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    graph.add_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]
    graph.remove_import(importer="p.c", imported="p.a")
    assert _cycles(graph) == []


@pytest.mark.timeout(300)
def test_no_import_cycles() -> None:
    graph = grimp.build_graph("summarize")
    assert _cycles(graph) == []


@pytest.mark.timeout(300)
def test_import_contracts_hold() -> None:
    """``lint-imports`` (pyproject.toml): the layers, and metrics never import methods."""
    out = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command;"
                          "lint_imports_command()"], capture_output=True, text=True,
                         cwd=str(importlib.import_module("pathlib").Path(summarize.__file__)
                                 .parents[1]))
    assert out.returncode == 0, out.stdout + out.stderr
    assert " 0 broken" in out.stdout


@pytest.mark.parametrize("old", sorted(_compat.MOVED) + sorted(_compat.MOVED_PACKAGES))
def test_old_import_paths_still_work_with_a_warning(old: str) -> None:
    parent = old.rsplit(".", 1)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        importlib.import_module(parent)  # an old parent package warns for itself
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} moved to"):
        module = importlib.import_module(old)
    new = importlib.import_module(_compat.new_name(old))
    assert module is new  # the same module object: one copy of every class and cache
    assert module.__spec__.name == new.__name__


def test_old_submodule_of_a_moved_package_is_the_new_module() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from summarize.models.prompts import prompt_format
        from summarize.extractive.lead import LeadSummarizer
    from summarize.methods.extractive.lead import LeadSummarizer as Lead
    from summarize.methods.models.prompts import prompt_format as fmt

    assert prompt_format is fmt and LeadSummarizer is Lead


def test_new_paths_do_not_warn() -> None:
    code = ("import warnings; warnings.simplefilter('error');"
            "import summarize, summarize.text.sentences, summarize.methods.registry,"
            "summarize.bench.runner, summarize.notebook.display, summarize.cli.command;"
            "from summarize import summarize as s; print(s('Rain fell. Roads shut.', sentences=1))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Rain fell."
