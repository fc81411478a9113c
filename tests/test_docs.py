"""Tests that every documented example runs and every public function documents itself."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import tenncare_calc

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_python_example_is_a_doctest(page: Path) -> None:
    """Python code blocks in the docs are doctests (so the test run executes all of them)."""
    for language, body in FENCE.findall(page.read_text("utf-8")):
        if language in {"python", "pycon", "py"}:
            assert body.lstrip().startswith(">>>"), f"{page.name}: a Python block is not a doctest"
            assert body.endswith("\n\n"), (
                f"{page.name}: leave a blank line before the closing fence"
            )


PUBLIC = [
    name for name in tenncare_calc.__all__ if inspect.isfunction(getattr(tenncare_calc, name))
]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_functions_document_themselves(name: str) -> None:
    """Each public function has a summary line saying what it returns and a doctest example."""
    function = getattr(tenncare_calc, name)
    doc = inspect.getdoc(function) or ""
    assert doc.startswith("Return"), f"{name}: the first line should say what it returns"
    assert ">>>" in doc, f"{name}: no doctest example"
    hints = inspect.get_annotations(function)
    assert "return" in hints, f"{name}: no return annotation"
