"""The statement's workbook is the model: edit an input cell, recompute, get the library's payout.

Each case edits cells of a written workbook as an analyst would in Excel (a reported rate, a 75th
percentile, a band of the effect size table, a parameter, the member months), recomputes the file
with the ``formulas`` engine (and LibreOffice, when installed) and compares every formula cell with
the statement the library computes from the same edited inputs.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

import tenncare_calc as tc
from tenncare_calc.outputs.workbook import layout
from tenncare_calc.p4p import load_plan_year, sample_path
from tests.test_workbook import check_every_formula, formulas_values, libreoffice_values

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

openpyxl = pytest.importorskip("openpyxl")

SAMPLE = sample_path("plan_year_2008.toml")
#: The default bands with the lowest band's effect size raised from 6 to 7 points.
STRICTER_BANDS = (
    "[{baseline_from = 0, baseline_to = 60, minimum_effect_size = 7},"
    " {baseline_from = 60, baseline_to = 65, minimum_effect_size = 5},"
    " {baseline_from = 65, baseline_to = 70, minimum_effect_size = 4},"
    " {baseline_from = 70, baseline_to = 75, minimum_effect_size = 3},"
    " {baseline_from = 75, baseline_to = 80, minimum_effect_size = 2},"
    " {baseline_from = 80, baseline_to = 100, minimum_effect_size = 1}]"
)


def sample_statement(
    change: Callable[[dict[str, Any]], None] = lambda _: None,
    overrides: dict[str, str] | None = None,
) -> tc.IncentiveStatement:
    """Return the sample plan-year's statement, its inputs changed and its profile overridden."""
    arguments = load_plan_year(SAMPLE)
    change(arguments)
    year = arguments.pop("measurement_year")
    profile = tc.load_profile(overrides=overrides or {})
    return tc.incentive_statement(year, profile=profile, **arguments)


def rates_row(measure: str, rate: str = "rate") -> int:
    """Return the row (0-based) of one rate of a measure in the statement's ``rates`` part."""
    table = sample_statement().table("rates")
    pairs = list(zip(table.values("measure"), table.values("rate"), strict=True))
    return pairs.index((measure, rate))


def physical(measure: str, baseline: str, current: str) -> Callable[[dict[str, Any]], None]:
    """Return a change of one physical-health measure's reported rates."""

    def change(arguments: dict[str, Any]) -> None:
        arguments["physical_health"][measure] = {
            "baseline": Decimal(baseline),
            "current": Decimal(current),
        }

    return change


def percentile(measure: str, rate: str, value: str) -> Callable[[dict[str, Any]], None]:
    """Return a change of one behavioral rate's national 75th percentile."""

    def change(arguments: dict[str, Any]) -> None:
        arguments["behavioral_health"][measure][rate]["percentile_75"] = Decimal(value)

    return change


def member_months(value: str) -> Callable[[dict[str, Any]], None]:
    """Return a change of the year's member months."""

    def change(arguments: dict[str, Any]) -> None:
        arguments["member_months"] = Decimal(value)

    return change


#: What an analyst edits (part, column, row, new value) and the same change to the library's
#: inputs or profile; each id says what the edit does to the payout.
EDITS: dict[str, tuple[list[tuple[str, str, int, object]], Callable[..., Any], dict[str, str]]] = {
    "a rate raised to exactly its threshold: one more measure qualifies": (
        [("rates", "reported_current", rates_row("ldl_c_screening"), 74.5)],
        physical("ldl_c_screening", "71.5", "74.5"),
        {},
    ),
    "a reversed (poor control) rate worsened: HbA1c control no longer qualifies": (
        [("rates", "reported_current", rates_row("hba1c_control"), 41.5)],
        physical("hba1c_control", "47.3", "41.5"),
        {},
    ),
    "a 75th percentile lowered: one ADHD rate meets it, the measure still fails (all)": (
        [("rates", "percentile_75", rates_row("adhd_follow_up", "initiation"), 38.1)],
        percentile("adhd_follow_up", "initiation", "38.1"),
        {},
    ),
    "the behavioral rule set to any: ADHD qualifies on one rate": (
        [
            ("rates", "percentile_75", rates_row("adhd_follow_up", "initiation"), 38.1),
            ("model_parameters", "behavioral_rates_rule", 0, "any"),
        ],
        percentile("adhd_follow_up", "initiation", "38.1"),
        {"p4p.behavioral_rates_rule": "any"},
    ),
    "a stricter band: both HbA1c measures (+6.3 from below 60) stop qualifying": (
        [("effect_size_bands", "minimum_effect_size", 0, 7)],
        lambda _: None,
        {"p4p.effect_size_bands": STRICTER_BANDS},
    ),
    "reported rates rounded to whole percents: adolescent well-care (38.0 -> 44) qualifies": (
        [("model_parameters", "reported_rate_decimals", 0, 0)],
        lambda _: None,
        {"p4p.reported_rate_decimals": "0"},
    ),
    "the PMPM amount raised": (
        [("model_parameters", "pmpm_amount", 0, 0.04)],
        lambda _: None,
        {"p4p.pmpm_amount": "0.04"},
    ),
    "the cap percent lowered until the cap binds": (
        [("model_parameters", "cap_percent", 0, 100.45)],
        lambda _: None,
        {"p4p.cap_percent": "100.45"},
    ),
    "the member months changed: a half cent rounds up": (
        [("summary", "member_months", 0, 1234567.5)],
        member_months("1234567.5"),
        {},
    ),
}


def edited_workbook(case: str, folder: Path) -> tuple[Path, tc.IncentiveStatement]:
    """Return the sample's workbook with the case's cells edited, and the library's statement."""
    edits, change, overrides = EDITS[case]
    path = sample_statement().to_excel(folder / "statement.xlsx")
    book = openpyxl.load_workbook(path)
    before = layout(sample_statement())
    for part, column, row, value in edits:
        cell = before.sheet(part).cell(column, row)
        assert cell.drives, f"{part}.{column} is not an input cell"
        book[cell.sheet][cell.address].value = value
    book.save(path)
    return path, sample_statement(change, overrides)


@pytest.mark.parametrize("case", list(EDITS))
def test_an_edited_input_recomputes_to_the_library(case: str, tmp_path: Path) -> None:
    """After the edit, every formula cell (payable included) equals the library's figure."""
    path, expected = edited_workbook(case, tmp_path)
    assert expected.payable != sample_statement().payable or case.startswith("a 75th")
    values = formulas_values(path)
    check_every_formula(layout(expected), path, values)
    payable = layout(expected).sheet("summary").cell("payable")
    assert Decimal(repr(values["summary", payable.address])) == expected.payable


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed",
)
def test_libreoffice_recomputes_every_edit_to_the_library(tmp_path: Path) -> None:
    """LibreOffice, headless, recalculates each edited workbook to the library's figures."""
    cases = []
    for number, case in enumerate(EDITS):
        folder = tmp_path / f"case{number}"
        folder.mkdir()
        path, expected = edited_workbook(case, folder)
        cases.append((path.rename(tmp_path / f"case{number}.xlsx"), expected))
    found = libreoffice_values([path for path, _ in cases], tmp_path)
    for (path, expected), values in zip(cases, found, strict=True):
        check_every_formula(layout(expected), path, values)


def test_the_inputs_are_the_rates_percentiles_bands_and_parameters() -> None:
    """The shaded input cells are exactly what an analyst changes: nothing derived is one."""
    inputs = {(cell.sheet, cell.column.name) for cell in layout(sample_statement()).input_cells()}
    assert inputs == {
        ("Summary", "member_months"),
        ("Measures", "measure"),
        ("Measures", "rule"),
        ("Measures", "payable_this_year"),
        ("Rates", "measure"),
        ("Rates", "reversed"),
        ("Rates", "reported_baseline"),
        ("Rates", "reported_current"),
        ("Rates", "percentile_75"),
        ("Cap", "capitation"),
        ("Cap", "other_payments"),
        ("Model parameters", "pmpm_amount"),
        ("Model parameters", "cap_percent"),
        ("Model parameters", "behavioral_rates_rule"),
        ("Model parameters", "reported_rate_decimals"),
        ("Effect size bands", "baseline_from"),
        ("Effect size bands", "minimum_effect_size"),
    }
