"""Member months per plan from enrollment spans that carry a plan (§3.10.2.1, rulings MM1, PR1).

A member month belongs to the plan of the enrollment span that covers the day (ruling PR1). Each
plan's member months are the single-plan computation
(:func:`~tenncare_calc.enrollment.member_months`) over that plan's spans, so a member who moves
mid-month is prorated between the plans by days under ``prorated``; under ``any_day`` the month
counts for each plan with an enrolled day, under ``first_of_month`` for the plan enrolled on the
1st. A day covered by spans of two plans counts for each of them and is reported as a
**cross-plan overlap**: a plan's overlap days are its member days that another plan's spans also
cover (its member days + the other plans' - all plans'), and a year's overlap is the sum of the
plans' member days less the member days of all spans together.

The spans are read once (``member_id``, ``start_date``, ``end_date``, ``plan``); a row with no
plan, a bad date or an end before its start is rejected with its row in the input, raised
together (``on_error="raise"``) or kept (``"collect"``). Spans of plans that are not in the
program still count for the overlap of the plans that are.

>>> spans = {
...     "member_id": [1, 1, 2],
...     "start_date": ["2008-01-01", "2008-06-16", "2008-01-01"],
...     "end_date": ["2008-06-15", "2008-12-31", "2008-12-31"],
...     "plan": ["east", "west", "west"],
... }
>>> months = plan_member_months(spans, plan_years=[("east", 2008), ("west", 2008)])
>>> months.of("east", 2008).result.by_month[dt.date(2008, 6, 1)]
Decimal('0.5000000000')
>>> months.of("west", 2008).result.total
Decimal('18.5000000000')
"""

from __future__ import annotations

__all__ = ["EnrollmentByPlan", "PlanMonths", "plan_member_months"]

import datetime as dt  # noqa: F401 - the module's example uses it
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import Column, ColumnKind, check_on_error, read_table
from tenncare_calc.core.errors import require
from tenncare_calc.enrollment import SPAN_COLUMNS, member_months

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from decimal import Decimal

    from tenncare_calc.columnar import OnError
    from tenncare_calc.enrollment import MemberMonths

_PLAN = Column("plan", ColumnKind.LABEL)


def _days(result: MemberMonths) -> int:
    return sum(result.member_days.values())


@attrs.frozen
class PlanMonths:
    """One plan-year's member months from its spans, and the days shared with another plan."""

    plan: str
    year: int
    result: MemberMonths = attrs.field(repr=False)
    #: The plan's member days that a span of another plan also covers (ruling PR1).
    overlap_days: int

    @property
    def total(self) -> Decimal:
        """Return the plan-year's member months (``result.total``)."""
        return self.result.total

    @property
    def member_days(self) -> int:
        """Return the plan-year's enrolled member days."""
        return _days(self.result)


@attrs.frozen
class EnrollmentByPlan:
    """Member months of every plan-year from one spans table, with the cross-plan overlaps."""

    convention: str
    by_plan_year: Mapping[tuple[str, int], PlanMonths] = attrs.field(repr=False)
    #: Per year: the sum of the plans' member days less the member days of all spans together.
    overlap_days: Mapping[int, int]
    #: Plans that have spans but no row in the plan facts (they count only for overlaps).
    other_plans: tuple[str, ...]
    rows_in: int
    #: ``(row, reason)`` of the spans not used (0-based rows of the input).
    rejected: tuple[tuple[int, str], ...]

    def of(self, plan: str, year: int) -> PlanMonths:
        """Return the member months of one plan-year."""
        return self.by_plan_year[plan, year]


def _plan_text(checked: Any) -> Any:  # noqa: ANN401 - a numpy array of str
    pc = require("pyarrow.compute", extra="data", purpose="member months by plan")
    pa = require("pyarrow", extra="data", purpose="member months by plan")
    plans = checked.column("plan")
    if not pa.types.is_string(plans.type) and not pa.types.is_large_string(plans.type):
        plans = pc.cast(plans, pa.string())
    return pc.utf8_trim_whitespace(plans).to_numpy(zero_copy_only=False)


def plan_member_months(
    spans: object,
    *,
    plan_years: Iterable[tuple[str, int]],
    convention: str = "prorated",
    on_error: OnError = "raise",
) -> EnrollmentByPlan:
    """Return member months per plan-year from spans with a ``plan`` column (§3.10.2.1, PR1).

    ``spans`` is a pyarrow Table, a pandas or polars DataFrame or a mapping of column name to
    values, with ``member_id``, ``start_date``, ``end_date`` (empty: open-ended) and ``plan``.
    ``plan_years`` are the ``(plan, year)`` pairs wanted; ``convention`` is ruling MM1's.
    """
    np = require("numpy", extra="data", purpose="member months by plan")
    pa = require("pyarrow", extra="data", purpose="member months by plan")
    pc = require("pyarrow.compute", extra="data", purpose="member months by plan")
    mode = check_on_error(on_error)
    wanted = sorted(set(plan_years))
    table = read_table(spans, [*SPAN_COLUMNS, _PLAN], name="spans")
    table = table.reject(table.nulls("plan"), "plan is null")
    before = pc.fill_null(
        pc.less(table.column("end_date"), table.column("start_date")), fill_value=False
    )
    table = table.reject(
        before.to_numpy(zero_copy_only=False),
        "end_date {end_date} is before start_date {start_date}",
    )
    checked = table.check(on_error=mode)
    positions = checked.positions()
    rejected = {
        int(row): str(reason)
        for row, reason in zip(
            checked.rejected.column("row").to_pylist(),
            checked.rejected.column("reason").to_pylist(),
            strict=True,
        )
    }
    plans = _plan_text(checked)
    data = pa.table({c.name: checked.column(c.name) for c in SPAN_COLUMNS})
    known = {plan for plan, _ in wanted}

    def run(mask: Any, year: int) -> MemberMonths:  # noqa: ANN401 - a numpy bool mask
        result = member_months(
            data.filter(pa.array(mask)), year=year, convention=convention, on_error="collect"
        )
        where = positions[mask]
        for row, reason in zip(
            result.rejected.column("row").to_pylist(),
            result.rejected.column("reason").to_pylist(),
            strict=True,
        ):
            rejected.setdefault(int(where[row]), str(reason))
        return result

    everyone = np.ones(len(plans), dtype=bool)
    all_days: dict[int, int] = {}
    by_plan_year: dict[tuple[str, int], PlanMonths] = {}
    plan_days: dict[int, int] = {}
    for plan, year in wanted:
        if year not in all_days:
            all_days[year] = _days(run(everyone, year))
        mine = plans == plan
        result = run(mine, year)
        others = _days(run(~mine, year)) if (~mine).any() else 0
        overlap = _days(result) + others - all_days[year]
        by_plan_year[plan, year] = PlanMonths(plan, year, result, overlap)
        plan_days[year] = plan_days.get(year, 0) + _days(result)
    other_plans = tuple(sorted({str(plan) for plan in np.unique(plans)} - known))
    for plan in other_plans:  # their days count in the sum of the plans' days as well
        mask = plans == plan
        for year in all_days:
            plan_days[year] += _days(run(mask, year))
    return EnrollmentByPlan(
        convention=convention,
        by_plan_year=by_plan_year,
        overlap_days={year: plan_days[year] - all_days[year] for year in sorted(all_days)},
        other_plans=other_plans,
        rows_in=checked.rows_in,
        rejected=tuple(sorted(rejected.items())),
    )
