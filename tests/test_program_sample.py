"""The bundled program sample is what its generator writes, with the shapes the issue asks for."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tenncare_calc" / "data" / "samples" / "program"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location(
        "make_program_sample", ROOT / "tools" / "make_program_sample.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_program_sample", module)
    spec.loader.exec_module(module)
    return module


def test_committed_sample_is_reproducible() -> None:
    """`python tools/make_program_sample.py` writes exactly the committed files."""
    texts = _generator().sample_texts()  # type: ignore[attr-defined]
    assert sorted(texts) == ["damages.csv", "plans.csv", "rates.csv", "spans.csv", "stays.csv"]
    for name, text in texts.items():
        assert (FOLDER / name).read_text("utf-8") == text, name
    assert (FOLDER / "state_figures.csv").is_file()  # written by hand, not generated


def test_the_sample_has_the_shapes_that_matter() -> None:
    """Three plans, two years, a mid-month switch, a cross-plan overlap, a binding cap."""
    pytest.importorskip("pyarrow")
    from tenncare_calc.program import program_from_folder  # noqa: PLC0415

    run = program_from_folder(FOLDER)
    assert run.plans == ("east", "middle", "west")
    assert run.years == (2008, 2009)
    assert [(e.plan, e.year) for e in run.plan_years if e.statement.cap.binding] == [("west", 2009)]
    assert all(days > 0 for days in run.overlap_days.values())
    assert {e.member_months_source for e in run.plan_years} == {"spans"}
    assert {e.tenure_source for e in run.plan_years} == {"stays"}
    spans = (FOLDER / "spans.csv").read_text("utf-8").splitlines()[1:]
    assert any(line.split(",")[1].endswith("-16") for line in spans)  # a move mid-month
    assert {e.plan for e in run.plan_years if e.ledger.lines} == {"east", "middle", "west"}
    assert {e.year for e in run.plan_years if e.ledger.lines} == {2008, 2009}
