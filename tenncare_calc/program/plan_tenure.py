"""Community tenure per plan from mental-health stays that carry a plan (§3.10.4, rulings P7, PR2).

An episode belongs to the plan of its last stay, the discharge (ruling PR2); a readmission counts
against that plan wherever the member is readmitted. That is how the single computation
(:func:`~tenncare_calc.enrollment.community_tenure`) counts by plan when the stays have a ``plan``
column, so each plan-year's counts are its ``by_plan`` entry: one run per measurement year (and
per completeness date, when plans' stays are complete through different dates). A plan with no
index episode in a year has no rate; its statement then has no current community-tenure rate.

>>> stays = {
...     "member_id": [1, 1, 2],
...     "admit_date": ["2008-03-01", "2008-03-20", "2008-05-01"],
...     "discharge_date": ["2008-03-05", "2008-03-25", "2008-05-03"],
...     "plan": ["east", "west", "west"],
... }
>>> tenure = plan_community_tenure(
...     stays, data_through={("east", 2008): dt.date(2009, 3, 31), ("west", 2008): dt.date(2009, 3, 31)}
... )
>>> tenure.of("east", 2008).counts.readmitted, tenure.of("west", 2008).counts.rate
(1, Decimal('100'))
"""

from __future__ import annotations

__all__ = ["PlanTenure", "StaysByPlan", "plan_community_tenure"]

import datetime as dt  # noqa: TC003 - the module's example uses it
from typing import TYPE_CHECKING

import attrs

from tenncare_calc.columnar import Column, ColumnKind, check_on_error, read_table
from tenncare_calc.enrollment import TenureCounts, community_tenure
from tenncare_calc.program.input_tables import plan_name

if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

    from tenncare_calc.columnar import OnError
    from tenncare_calc.enrollment import CommunityTenure


@attrs.frozen
class PlanTenure:
    """One plan-year's community-tenure counts from the stays (ruling PR2)."""

    plan: str
    year: int
    data_through: dt.date
    window_days: int
    counts: TenureCounts

    @property
    def rate(self) -> Decimal | None:
        """Return the rate, or ``None`` when no index episode has a complete window."""
        return self.counts.rate if self.counts.denominator else None


@attrs.frozen
class StaysByPlan:
    """Community tenure of every plan-year from one stays table."""

    window_days: int
    by_plan_year: Mapping[tuple[str, int], PlanTenure] = attrs.field(repr=False)
    #: The whole computation of each (year, data-through date) run, all plans together.
    runs: tuple[CommunityTenure, ...] = attrs.field(repr=False)
    rows_in: int
    #: ``(row, reason)`` of the stays not used (0-based rows of the input).
    rejected: tuple[tuple[int, str], ...]

    def of(self, plan: str, year: int) -> PlanTenure:
        """Return the community tenure of one plan-year."""
        return self.by_plan_year[plan, year]


def plan_community_tenure(
    stays: object,
    *,
    data_through: Mapping[tuple[str, int], dt.date],
    window_days: int = 30,
    on_error: OnError = "raise",
) -> StaysByPlan:
    """Return community tenure per plan-year from stays with a ``plan`` column (§3.10.4, PR2).

    ``stays`` is a pyarrow Table, a pandas or polars DataFrame or a mapping of column name to
    values, with ``member_id``, ``admit_date``, ``discharge_date`` (empty: still in hospital) and
    ``plan``. ``data_through`` maps each wanted ``(plan, year)`` to the date its stays are
    complete through (ruling P7).
    """
    mode = check_on_error(on_error)
    read_table(stays, [Column("plan", ColumnKind.LABEL)], name="stays")  # the plan is required
    groups: dict[tuple[int, dt.date], list[str]] = {}
    for (plan, year), through in sorted(data_through.items()):
        groups.setdefault((year, through), []).append(plan)
    by_plan_year: dict[tuple[str, int], PlanTenure] = {}
    runs = []
    rejected: dict[int, str] = {}
    rows_in = 0
    for (year, through), plans in groups.items():
        result = community_tenure(
            stays, year=year, data_through=through, window_days=window_days, on_error=mode
        )
        runs.append(result)
        rows_in = result.rows_in
        for row, reason in zip(
            result.rejected.column("row").to_pylist(),
            result.rejected.column("reason").to_pylist(),
            strict=True,
        ):
            rejected.setdefault(int(row), str(reason))
        counted = {plan_name(key): counts for key, counts in result.by_plan.items()}
        for plan in plans:
            found = counted.get(plan)
            counts = (
                TenureCounts(found.denominator, found.readmitted, found.incomplete, plan=plan)
                if found is not None
                else TenureCounts(0, 0, 0, plan=plan)
            )
            by_plan_year[plan, year] = PlanTenure(plan, year, through, window_days, counts)
    return StaysByPlan(
        window_days=window_days,
        by_plan_year=by_plan_year,
        runs=tuple(runs),
        rows_in=rows_in,
        rejected=tuple(sorted(rejected.items())),
    )
