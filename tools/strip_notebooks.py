"""Strip outputs from notebooks before committing them (outputs are regenerated in CI).

Clears every code cell's outputs and execution count, and drops run-time metadata (widget state,
execution timings). ``--check`` changes nothing and exits 1 listing the notebooks that still
carry outputs. Uses only the standard library (notebooks are JSON).

Usage:
    python tools/strip_notebooks.py notebooks/*.ipynb
    python tools/strip_notebooks.py --check notebooks/*.ipynb
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

_RUNTIME_NB_KEYS = ("widgets", "execution")
_RUNTIME_CELL_KEYS = ("execution", "collapsed", "scrolled")


def problems(nb: dict[str, Any]) -> list[str]:
    """What in ``nb`` would be stripped (empty when the notebook is clean)."""
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {i}: {len(cell['outputs'])} outputs")
        if cell.get("execution_count") is not None:
            found.append(f"cell {i}: execution_count {cell['execution_count']}")
        keys = [k for k in _RUNTIME_CELL_KEYS if k in cell.get("metadata", {})]
        if keys:
            found.append(f"cell {i}: metadata {keys}")
    keys = [k for k in _RUNTIME_NB_KEYS if k in nb.get("metadata", {})]
    if keys:
        found.append(f"notebook metadata {keys}")
    return found


def strip(nb: dict[str, Any]) -> dict[str, Any]:
    """``nb`` with outputs, execution counts and run-time metadata removed (in place)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in _RUNTIME_CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)
    for key in _RUNTIME_NB_KEYS:
        nb.get("metadata", {}).pop(key, None)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="report, do not modify")
    args = parser.parse_args(argv)
    dirty = 0
    for path in args.paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        found = problems(nb)
        if not found:
            continue
        if args.check:
            dirty += 1
            print(f"{path}: " + "; ".join(found))
        else:
            text = json.dumps(strip(nb), indent=1, ensure_ascii=False) + "\n"
            path.write_text(text, encoding="utf-8")
            print(f"stripped {path}")
    return 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main())
