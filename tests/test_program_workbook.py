"""The program's workbook: a sheet per plan and a summary sheet whose formulas are the library's."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from tenncare_calc.outputs.workbook import layout
from tenncare_calc.p4p import sample_path
from tenncare_calc.program import program_from_folder
from tests.test_workbook import check_every_formula, formulas_values, libreoffice_values

if TYPE_CHECKING:
    from pathlib import Path

    from tenncare_calc.program import ProgramRun

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("pyarrow")

FOLDER = sample_path("program/rates.csv").parent


def plans_with(changes: dict[tuple[str, str], dict[str, str]]) -> list[dict[str, str]]:
    """Return the sample's plan facts with some cells changed, by (plan, year)."""
    text = (FOLDER / "plans.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        row.update(changes.get((row["plan"], row["year"]), {}))
    return rows


def test_every_formula_recomputes_to_the_library(tmp_path: Path) -> None:
    """The formulas engine recomputes every plan sheet and the summary sheet to the cent."""
    run = program_from_folder(FOLDER)
    path = run.to_excel(tmp_path / "program.xlsx")
    book = layout(run)
    names = {sheet.table.name for sheet in book.sheets}
    assert {"plan_east", "plan_middle", "plan_west", "program_totals"} <= names
    formulas = {cell.column.name for cell in book.formula_cells()}
    assert {"line_amount", "earned", "room", "payable", "forfeited", "p3_payable"} <= formulas
    check_every_formula(book, path, formulas_values(path))


def _edited(run: ProgramRun, path: Path, edits: dict[tuple[str, str, int], object]) -> Path:
    """Write the run, change input cells (part, column, row), save, and return the path."""
    written = run.to_excel(path)
    book = layout(run)
    workbook = openpyxl.load_workbook(written)
    for (part, column, row), value in edits.items():
        cell = book.sheet(part).cell(column, row)
        assert cell.formula is None, "only an input cell is edited"
        workbook[cell.sheet][cell.address] = value
    workbook.save(written)
    return written


def _totals(run: ProgramRun, values: dict[tuple[str, str], object]) -> dict[str, Decimal]:
    sheet = layout(run).sheet("program_totals")
    return {
        name: Decimal(repr(float(values[sheet.name.lower(), sheet.cell(name).address])))  # type: ignore[arg-type]
        for name in ("earned", "payable", "forfeited")
    }


def test_editing_inputs_changes_the_totals_as_the_library_computes(tmp_path: Path) -> None:
    """East's 2008 member months and west's 2009 capitation, edited: the library's new totals."""
    run = program_from_folder(FOLDER)
    path = _edited(
        run,
        tmp_path / "edited.xlsx",
        {("plan_east", "member_months", 0): 123456.5, ("plan_west", "capitation", 1): 6000000},
    )
    recomputed = _totals(run, formulas_values(path))
    plans = plans_with(
        {
            ("east", "2008"): {"member_months": "123456.5"},
            ("west", "2009"): {"capitation": "6000000"},
        }
    )
    expected = program_from_folder(FOLDER, plans=plans).totals
    assert recomputed == {
        "earned": expected.earned,
        "payable": expected.payable,
        "forfeited": expected.forfeited,
    }
    assert expected.forfeited == 0  # the cap no longer binds for west
    assert expected.earned != run.totals.earned


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed",
)
def test_libreoffice_recalculates_the_same_values(tmp_path: Path) -> None:
    """LibreOffice, headless, recomputes the program's workbook to the library's values."""
    run = program_from_folder(FOLDER)
    path = run.to_excel(tmp_path / "program.xlsx")
    (values,) = libreoffice_values([path], tmp_path)
    check_every_formula(layout(run), path, values)
