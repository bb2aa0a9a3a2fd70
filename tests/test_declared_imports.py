"""Every package the code imports is declared in pyproject.toml, and what a core module imports
when it is loaded is a core dependency: a plain ``pip install .`` must be enough to run.

What the code does not import itself (trafilatura's ``lxml.html.clean``) is checked by running a
fresh install: ``make install-check`` (tests/install_check.sh).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cleaner"

# modules that only run with their extra installed, and say which to install when it is missing
EXTRA_MODULES = {
    "cleaner/output/report.py": "report",
    "cleaner/engines/ray.py": "ray",
    "cleaner/integrations/datatrove.py": "datatrove",
}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalize(re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0])


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {requirement_name(r) for r in project["dependencies"]}
    extras = {
        extra: {requirement_name(r) for r in requirements}
        for extra, requirements in project["optional-dependencies"].items()
    }
    return core, extras


def _guarded(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether an import runs only on demand: inside a function, a try block, or an ``if``
    (``TYPE_CHECKING``, a Python version)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Try, ast.If)):
            return True
    return False


def third_party_imports(path: Path) -> Iterator[tuple[str, int, bool]]:
    """(top-level module, line, imported on demand) for every import of another package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or top in {"cleaner", "__future__"}:
                continue
            yield top, node.lineno, _guarded(node, parents)


def distribution(module: str) -> str:
    # a module of a package not installed here (tomli on Python >= 3.11) is taken by its name
    return normalize(packages_distributions().get(module, [module])[0])


def module_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_scan_sees_the_imports() -> None:
    """The scan is not vacuous: it finds the known imports of both kinds."""
    found = {
        (path.relative_to(ROOT).as_posix(), module, guarded)
        for path in module_files()
        for module, _, guarded in third_party_imports(path)
    }
    assert ("cleaner/io/shards.py", "pyarrow", False) in found
    assert ("cleaner/output/report.py", "matplotlib", False) in found
    assert ("cleaner/output/publish.py", "yaml", True) in found


@pytest.mark.parametrize("path", module_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_import_is_declared(path: Path) -> None:
    core, extras = declared()
    everything = core.union(*extras.values())
    rel = path.relative_to(ROOT).as_posix()
    allowed_at_load = core | extras.get(EXTRA_MODULES.get(rel, ""), set())
    for module, line, on_demand in third_party_imports(path):
        dist = distribution(module)
        assert dist in everything, f"{rel}:{line}: {module} ({dist}) is not in pyproject.toml"
        if not on_demand:
            assert dist in allowed_at_load, (
                f"{rel}:{line}: {module} ({dist}) is imported when the module loads, so it must "
                f"be a core dependency"
                + (f" or of the [{EXTRA_MODULES[rel]}] extra" if rel in EXTRA_MODULES else "")
            )


def test_every_extra_is_named_in_the_readme() -> None:
    _, extras = declared()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for extra in extras:
        assert f"`[{extra}]`" in readme, extra
