"""The program run's workbook: a sheet per plan and a summary sheet, with live formulas.

Each plan's part (``plan_<name>``, one sheet) has a row per measurement year: the member months,
the PMPM amount, whether each measure qualifies, the capitation and other payments, and the
damages; as in the single-plan statement (:meth:`~tenncare_calc.p4p.IncentiveStatement.excel_formulas`),
the line amount (PMPM x member months, rounded to cents half-up, ruling M3), the qualifying
measures, the earned amount, the 105% cap's ceiling, room, payable and forfeited amounts
(§3.10.1.2, ruling P8) and the net are formulas over them. The ``program_totals`` part (the
summary sheet) adds each plan's sheet up with ``SUM`` and the plans together, so a change on a
plan's sheet (a member-months figure, a measure that qualifies, the capitation) flows to the
program's totals. The library's own values are kept beside each formula
(:func:`tenncare_calc.outputs.workbook.layout`), for a test to recompute the file.
"""

from __future__ import annotations

__all__ = ["plan_parts", "plan_sheet_names", "program_formulas", "totals_part"]

import re
from typing import TYPE_CHECKING

from tenncare_calc.core.formulas import floor_cents_formula, round_cents_formula
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.program.plan_results import PlanYear
    from tenncare_calc.program.summary import Program

_MONEY, _BOOL = ColumnType.MONEY, ColumnType.BOOL
_TOTALS = ("earned", "payable", "forfeited", "damages")


def plan_sheet_names(plans: Sequence[str]) -> dict[str, str]:
    """Return each plan's part name: ``plan_`` and the plan in lower-case letters and digits.

    >>> plan_sheet_names(["East", "Middle TN", "east"])
    {'East': 'plan_east', 'Middle TN': 'plan_middle_tn', 'east': 'plan_east_2'}
    """
    names: dict[str, str] = {}
    for plan in plans:
        base = "plan_" + (re.sub(r"[^a-z0-9]+", "_", plan.lower()).strip("_") or "unnamed")
        name, counter = base[:28], 2
        while name in names.values():
            name, counter = f"{base[:26]}_{counter}", counter + 1
        names[plan] = name
    return names


def _measures(entries: Sequence[PlanYear]) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for entry in entries:
        for line in entry.statement.lines:
            found.setdefault(line.measure.id, line.measure.title)
    return list(found.items())


def _columns(measures: Sequence[tuple[str, str]]) -> tuple[Column, ...]:
    return (
        Column("year", ColumnType.COUNT, title="measurement year", grouping=False),
        Column("member_months", ColumnType.NUMBER, title="member months"),
        Column("pmpm_amount", _MONEY, title="PMPM amount", unit="per member month"),
        Column("line_amount", _MONEY, title="line amount", description="PMPM x member months"),
        *(
            Column(f"m_{measure}", _BOOL, title=measure, description=f"{title}: qualifies")
            for measure, title in measures
        ),
        Column("qualifying_measures", ColumnType.COUNT, title="qualifying measures"),
        Column("earned", _MONEY, description="line amount x qualifying measures"),
        Column("capitation", _MONEY),
        Column("other_payments", _MONEY, title="other payments"),
        Column("cap_percent", ColumnType.RATE, title="cap percent"),
        Column("ceiling", _MONEY, description="cap percent x capitation"),
        Column("room", _MONEY, description="ceiling - capitation - other payments, rounded down"),
        Column("payable", _MONEY, description="min(earned, max(0, room))"),
        Column("forfeited", _MONEY, description="earned - payable"),
        Column("binding", _BOOL, title="cap binds"),
        Column("payment_date", ColumnType.DATE, title="payment date"),
        Column("damages", _MONEY, title="liquidated damages", description="the year's ledger"),
        Column("net", _MONEY, description="payable - liquidated damages"),
    )


def _row(entry: PlanYear, measures: Sequence[tuple[str, str]]) -> tuple[Cell, ...]:
    statement, cap = entry.statement, entry.statement.cap
    pmpm = next(p for p in statement.parameters if p.name == "p4p.pmpm_amount").value
    qualifies = {line.measure.id: line.qualifies for line in statement.lines}
    with exact_context():
        net = statement.payable - entry.ledger.total
    return (
        entry.year,
        statement.member_months,
        pmpm,
        statement.line_amount,
        *(qualifies.get(measure) for measure, _ in measures),
        len(statement.qualifying),
        statement.earned,
        cap.capitation,
        cap.other_payments,
        cap.cap_percent.value,
        cap.ceiling,
        cap.room,
        cap.payable,
        cap.forfeited,
        cap.binding,
        statement.payment_date,
        entry.ledger.total,
        net,
    )


def plan_parts(run: Program) -> tuple[Table, ...]:
    """Return one part per plan: a row per measurement year (the plan's sheet)."""
    names = plan_sheet_names(run.plans)
    parts = []
    for plan in run.plans:
        entries = [entry for entry in run.plan_years if entry.plan == plan]
        measures = _measures(entries)
        parts.append(
            Table(
                names[plan],
                f"Plan {plan}: incentives and damages by measurement year",
                _columns(measures),
                tuple(_row(entry, measures) for entry in entries),
                brief=False,
            )
        )
    return tuple(parts)


def totals_part(run: Program) -> Table:
    """Return the summary sheet: each plan's totals over its years, then the program's."""
    columns: list[Column] = []
    values: list[Cell] = []
    for number, summary in enumerate(run.summaries, start=1):
        for field in _TOTALS:
            columns.append(Column(f"p{number}_{field}", _MONEY, title=f"{summary.plan}: {field}"))
            values.append(getattr(summary, field))
    totals = run.totals
    for field in _TOTALS:
        columns.append(
            Column(field, _MONEY, title=f"all plans: {field}", description="the plans' sum")
        )
        values.append(getattr(totals, field))
    columns.append(Column("net", _MONEY, title="all plans: net", description="payable - damages"))
    values.append(totals.net)
    return Table(
        "program_totals",
        "Program totals: each plan's sheet summed, and all plans (sums of rounded lines)",
        tuple(columns),
        (tuple(values),),
        record=True,
        brief=False,
    )


def program_formulas(run: Program) -> Mapping[str, Mapping[str, str]]:
    """Return the live formulas of the plan sheets and the summary sheet."""
    formulas: dict[str, dict[str, str]] = {}
    for part in plan_parts(run):
        measures = [c.name for c in part.columns if c.name.startswith("m_")]
        formulas[part.name] = {
            "line_amount": round_cents_formula("{pmpm_amount}*{member_months}"),
            "qualifying_measures": "+".join(f"IF({{{m}}}, 1, 0)" for m in measures) or "0",
            "earned": "ROUND({line_amount}*{qualifying_measures}, 2)",
            "ceiling": "{capitation}*{cap_percent}/100",
            "room": floor_cents_formula("{ceiling}-{capitation}-{other_payments}"),
            "payable": "MIN({earned}, MAX(0, {room}))",
            "forfeited": "ROUND({earned}-{payable}, 2)",
            "binding": "{forfeited}>0",
            "net": "ROUND({payable}-{damages}, 2)",
        }
    names = plan_sheet_names(run.plans)
    totals: dict[str, str] = {}
    for number, plan in enumerate(run.plans, start=1):
        for field in _TOTALS:
            totals[f"p{number}_{field}"] = f"SUM({{{names[plan]}.{field}:*}})"
    for field in _TOTALS:
        terms = [f"{{p{number}_{field}}}" for number in range(1, len(run.plans) + 1)]
        totals[field] = f"ROUND({'+'.join(terms)}, 2)"
    totals["net"] = "ROUND({payable}-{damages}, 2)"
    formulas["program_totals"] = totals
    return formulas
