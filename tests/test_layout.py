"""The package shows its stages, and each stage imports only the ones before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "kgraph"

#: Stages in data-flow order; a module may import its own stage and earlier ones.
STAGES = (
    ("types", "errors", "normalize", "defaults"),
    ("io",),
    ("nlp",),
    ("extract",),
    ("graph", "analysis", "eligibility", "compare"),
    ("rdf", "viz"),
    ("api",),
    ("goldsets", "cli", "__init__"),
)
RANK = {name: i for i, names in enumerate(STAGES) for name in names}


def _stage(module: str) -> str:
    """The stage of a module path relative to the package (io/formats -> io)."""
    return module.split("/")[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kgraph"):
            parts = node.module.split(".")
            if len(parts) > 1:
                found.add(parts[1])
            else:  # from kgraph import analysis
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("kgraph."))
    return found


MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES)
def test_a_module_imports_only_its_stage_and_earlier_ones(module):
    stage = _stage(module)
    assert stage in RANK, f"{module}: stage {stage!r} is not declared in STAGES"
    later = {i for i in _imports(PACKAGE / module) if RANK.get(i, -1) > RANK[stage]}
    assert not later, f"{module} ({stage}) imports later stages: {sorted(later)}"


@pytest.mark.parametrize("module", MODULES)
def test_modules_stay_well_under_500_lines(module):
    assert len((PACKAGE / module).read_text(encoding="utf-8").splitlines()) < 500
