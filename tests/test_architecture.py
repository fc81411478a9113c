"""The package's architecture holds: layers one way, no import cycle, small modules.

The layers are written down as an import-linter contract in ``pyproject.toml``; these tests run it,
look for cycles among every module of the package (top-level and function-level imports, and those
under ``TYPE_CHECKING``), and keep every module under the house limit of 500 lines.
"""

from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
import sys
import types
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tenncare_calc"
#: The most lines a module may have (docs/developers.md).
MODULE_LINES = 500


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    """Return each import ``(a, b)`` where ``b`` imports ``a`` back, directly or through others."""
    return sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if module == imported or module in graph.find_upstream_modules(imported)
    )


class TestArchitecture:
    """The house rules of docs/developers.md, checked by tools."""

    def test_layers_contract_is_kept(self) -> None:
        """``lint-imports`` passes: no layer imports a layer above it; rule packages independent."""
        command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
        assert command is not None, "import-linter is part of the test extra"
        result = subprocess.run(  # noqa: S603 - the project's own architecture check
            [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 broken" in result.stdout

    def test_no_import_cycle_among_modules(self) -> None:
        """No module imports, directly or through others, a module that imports it back."""
        assert _cycles(grimp.build_graph("tenncare_calc", cache_dir=None)) == []

    def test_cycle_finder_finds_a_cycle(self) -> None:
        """The cycle check itself can fail: a ring of three modules is found, a chain is not."""
        graph = grimp.ImportGraph()
        for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("e", "d")):
            graph.add_import(importer=importer, imported=imported)
        assert _cycles(graph) == [("a", "b"), ("b", "c"), ("c", "a")]

    @pytest.mark.parametrize(
        "path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: str(path.relative_to(ROOT))
    )
    def test_module_is_small(self, path: Path) -> None:
        """Every module stays under the house limit of 500 lines (a module per concept)."""
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def _lazy_packages() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("__init__.py")
        if "lazy_exports(" in path.read_text(encoding="utf-8")
    )


def _type_checking_imports(tree: ast.Module) -> dict[str, str]:
    """Return the names a module imports under ``if TYPE_CHECKING:``, with their modules."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    for alias in statement.names:
                        found[alias.asname or alias.name] = statement.module
    return found


class TestPublicNames:
    """Every package hands on its names; lazily handed-on names match what type checkers see."""

    @pytest.mark.parametrize("path", _lazy_packages(), ids=lambda path: str(path.relative_to(ROOT)))
    def test_lazy_names_match_the_type_checking_imports(self, path: Path) -> None:
        """The names a package hands on lazily are exactly those its TYPE_CHECKING block imports."""
        package = ".".join(path.relative_to(ROOT).parent.parts)
        module = importlib.import_module(package)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        seen = _type_checking_imports(tree)
        eager = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module != "tenncare_calc.core.exports"
            for alias in node.names
        } - {"annotations", "TYPE_CHECKING"}
        assert set(seen) | eager == set(module.__all__) - {"__version__"}
        assert set(seen) & eager == set()
        for name in module.__all__:
            value = getattr(module, name)
            assert value is not None, name

    @pytest.mark.parametrize("path", _lazy_packages(), ids=lambda path: str(path.relative_to(ROOT)))
    def test_no_lazy_name_is_also_a_submodule(self, path: Path) -> None:
        """A lazily handed-on function may not share its name with a module of the package.

        Importing the module would bind the module to the package's name first, and the function
        would never be reached (a package whose function and module share a name loads eagerly).
        """
        submodules = {child.stem for child in path.parent.glob("*.py")} | {
            child.name for child in path.parent.iterdir() if (child / "__init__.py").exists()
        }
        package = ".".join(path.relative_to(ROOT).parent.parts)
        # read from the source, not from the package's attributes: once the module has been
        # imported (by any test before), the attribute is the module whatever the declaration
        homes = _type_checking_imports(ast.parse(path.read_text(encoding="utf-8")))
        clashes = {name for name in set(homes) & submodules if homes[name] != package}
        assert clashes == set()

    def test_every_public_name_resolves(self) -> None:
        """Each name of ``tenncare_calc.__all__`` is an object defined in the package."""
        import tenncare_calc  # noqa: PLC0415 - the subject of the test

        for name in tenncare_calc.__all__:
            value = getattr(tenncare_calc, name)
            if isinstance(value, str):
                continue  # __version__
            home = value.__name__ if isinstance(value, types.ModuleType) else value.__module__
            assert home.startswith("tenncare_calc"), (name, home)

    def test_importing_the_package_loads_no_rule_module_or_data_library(self) -> None:
        """``import tenncare_calc`` loads the core, contract, sections and surfaces, not the rules."""
        code = (
            "import sys, tenncare_calc; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'numpy', 'pyarrow', 'pandas', 'tenncare_calc'}))"
        )
        loaded = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for absent in ("numpy", "pyarrow", "pandas", "p4p.incentives", "enrollment", "cli"):
            assert f"{absent}'" not in loaded, absent
            assert f".{absent}" not in loaded, absent
