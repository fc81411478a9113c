"""The plan facts of a program: per plan and measurement year, the figures beside the rates.

A program run (:func:`~tenncare_calc.program.program_run`) takes one row per plan and measurement
year with the inputs of that plan-year's statement that are not rates (§3.10.1.2, §3.10.2.1,
§3.10.4, §3.12.1.1):

=====================  ========  ==============================================================
column                 required  meaning
=====================  ========  ==============================================================
``plan``               yes       the plan (text; the same name as in the other tables)
``year``               yes       the measurement year (``measurement_year`` is accepted too)
``capitation``         yes       the payment year's capitation, for the 105% cap (ruling P8)
``other_payments``     no        other payments already made that year (default 0)
``operations_began``   no        when the plan began operating (default: the profile's date)
``member_months``      no        the year's member months; empty: computed from the spans
``total_payments``     no        the State's total payments under the plan's Agreement, checked
                                 against the maximum liability (§3.12.1.1)
``data_through``       no        the date the plan's stays are complete through (ruling P7)
=====================  ========  ==============================================================

Money is read exactly; dates are written ``YYYY-MM-DD``. Every row that cannot be used is reported
with its number and reason, together, in one
:class:`~tenncare_calc.core.errors.RejectedRowsError`.

>>> facts = plan_facts_from_rows(as_rows([
...     {"plan": "east", "year": "2008", "capitation": "1000000", "member_months": "12000"},
... ], name="plans"))
>>> facts[0].plan, facts[0].year, facts[0].capitation, facts[0].other_payments
('east', 2008, Decimal('1000000'), Decimal('0'))
"""

from __future__ import annotations

__all__ = ["PLAN_FACT_COLUMNS", "PlanFacts", "plan_facts_from_rows"]

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import row_word
from tenncare_calc.core.dates import date_in_text
from tenncare_calc.core.errors import InvalidInputError, RejectedRowsError, TennCareError
from tenncare_calc.core.values import to_date, to_member_months, to_money
from tenncare_calc.program.input_tables import as_rows, plan_name, year_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.columnar import InputRows

#: The columns a plan facts table may have (``year`` may also be called ``measurement_year``).
PLAN_FACT_COLUMNS = (
    "plan",
    "year",
    "capitation",
    "other_payments",
    "operations_began",
    "member_months",
    "total_payments",
    "data_through",
)


@attrs.frozen
class PlanFacts:
    """One plan-year's figures beside its rates: capitation, payments, dates, member months."""

    plan: str
    year: int
    capitation: Decimal
    other_payments: Decimal = Decimal(0)
    operations_began: dt.date | None = None
    #: Given member months, or ``None``: computed from the enrollment spans.
    member_months: Decimal | None = None
    total_payments: Decimal | None = None
    data_through: dt.date | None = None
    #: The row of the plan facts table (0-based), for messages.
    row: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the facts as JSON-ready data (Decimals as strings, dates ISO)."""

        def text(value: object) -> str | None:
            if value is None:
                return None
            return value.isoformat() if isinstance(value, dt.date) else str(value)

        return {
            "plan": self.plan,
            "year": self.year,
            "capitation": text(self.capitation),
            "other_payments": text(self.other_payments),
            "operations_began": text(self.operations_began),
            "member_months": text(self.member_months),
            "total_payments": text(self.total_payments),
            "data_through": text(self.data_through),
        }


def read_date(value: object, *, field: str) -> dt.date | None:
    """Return a date written ``YYYY-MM-DD`` or ``M/D/YYYY`` (or a ``date``), ``None`` when empty.

    >>> read_date("2007-04-01", field="operations_began"), read_date(None, field="x")
    (datetime.date(2007, 4, 1), None)
    >>> read_date("4/1/2007", field="operations_began")
    datetime.date(2007, 4, 1)
    """
    if value is None:
        return None
    if isinstance(value, str):
        return date_in_text(value, field=field)
    if isinstance(value, dt.datetime):
        return to_date(value.date(), field=field)
    return to_date(value, field=field)


def _year_column(rows: InputRows) -> str:
    names = set(rows.columns)
    if "year" in names and "measurement_year" in names:
        raise InvalidInputError(
            f"{rows.source}: give the year once, as 'year' or 'measurement_year', not both",
            field="year",
            value=list(rows.columns),
        )
    return "measurement_year" if "measurement_year" in names else "year"


def _facts(row: Mapping[str, Any], year_column: str, number: int) -> PlanFacts:
    plan = plan_name(row.get("plan"))
    if plan is None:
        raise InvalidInputError("no 'plan' given", field="plan", value=None)
    optional = {
        name: row.get(name)
        for name in ("other_payments", "member_months", "total_payments")
        if row.get(name) is not None
    }
    return PlanFacts(
        plan=plan,
        year=year_of(row.get(year_column), field=year_column),
        capitation=to_money(row.get("capitation"), field="capitation"),
        other_payments=to_money(optional.get("other_payments", 0), field="other_payments"),
        operations_began=read_date(row.get("operations_began"), field="operations_began"),
        member_months=(
            to_member_months(optional["member_months"]) if "member_months" in optional else None
        ),
        total_payments=(
            to_money(optional["total_payments"], field="total_payments")
            if "total_payments" in optional
            else None
        ),
        data_through=read_date(row.get("data_through"), field="data_through"),
        row=number,
    )


def plan_facts_from_rows(
    data: object, *, name: str = "plans", columns: Mapping[str, str] | None = None
) -> tuple[PlanFacts, ...]:
    """Return the plan facts of a program, one per plan and measurement year, in table order.

    ``data`` is a path, rows, columns or a DataFrame (see
    :func:`~tenncare_calc.program.input_tables.as_rows`) with the columns of the module's table.
    Blank rows are skipped; a plan-year given twice, a missing capitation or a malformed value
    rejects the row. ``columns`` maps the library's column names to yours
    (:mod:`tenncare_calc.columnar.column_mapping`).

    >>> plan_facts_from_rows([{"plan": "east", "year": 2008, "capitation": None}])
    Traceback (most recent call last):
    ...
    tenncare_calc.RejectedRowsError: plans, row 0: ...'capitation'...
    """
    rows = as_rows(data, name=name, columns=columns, valid=(*PLAN_FACT_COLUMNS, "measurement_year"))
    year_column = _year_column(rows)
    rows.require_columns(
        {"plan", year_column, "capitation"},
        allowed=set(PLAN_FACT_COLUMNS) | {year_column},
    )
    found: list[PlanFacts] = []
    seen: dict[tuple[str, int], int] = {}
    rejected: list[tuple[int, str]] = []
    for number, row in enumerate(rows.rows):
        if all(value is None for value in row.values()):
            continue
        try:
            facts = _facts(row, year_column, number)
        except TennCareError as error:
            rejected.append((number, str(error)))
            continue
        key = (facts.plan, facts.year)
        if key in seen:
            again = f"already given in {row_word(rows.format)} {rows.number(seen[key])}"
            rejected.append((number, f"plan {facts.plan!r}, {facts.year} is {again}"))
            continue
        seen[key] = number
        found.append(facts)
    if rejected:
        lines = "\n".join(f"{rows.where(row)}: {reason}" for row, reason in rejected)
        numbered = tuple((rows.number(row), reason) for row, reason in rejected)
        raise RejectedRowsError(lines, field=name, rejected=numbered)
    if not found:
        raise InvalidInputError(
            f"{rows.source}: no plan facts; give one row per plan and measurement year",
            field=name,
            value=None,
        )
    return tuple(found)
