"""The program run as a result: every plan-year's statement and ledger, the summary, the surfaces.

:class:`ProgramRun` is what :func:`~tenncare_calc.program.program_run` returns. It holds one
:class:`~tenncare_calc.program.plan_results.PlanYear` per plan and measurement year (its statement
is exactly a single-plan run's, ruling PR3), the member months and community tenure computed from
spans and stays when those were given (rulings PR1, PR2), the rows not used, and the profile. It
explains itself plan by plan and year by year, gives deterministic JSON-ready data, and shows
itself as tables (:mod:`~tenncare_calc.program.parts`), as a workbook with a sheet per plan and a
summary sheet of live formulas (:mod:`~tenncare_calc.program.sheets`) and as a chart of earned
against payable by plan.
"""

from __future__ import annotations

__all__ = ["ProgramRun"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.charts import GroupedBars
from tenncare_calc.core.errors import InvalidInputError, did_you_mean
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.presentable import Plottable
from tenncare_calc.core.values import format_money
from tenncare_calc.program.parts import program_tables
from tenncare_calc.program.sheets import program_formulas
from tenncare_calc.program.summary import PlanSummary, summarize

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.parts import Table
    from tenncare_calc.damages import DamagesLedger
    from tenncare_calc.p4p import IncentiveStatement
    from tenncare_calc.program.plan_months import EnrollmentByPlan
    from tenncare_calc.program.plan_results import PlanYear
    from tenncare_calc.program.plan_tenure import StaysByPlan

#: How the program assigns member months, episodes and damages to plans (rulings PR1-PR3).
RULES = (
    (
        "a member month belongs to the plan of the enrollment span covering the day; a member who "
        "moves mid-month is prorated between the plans by days; a day covered by two plans' spans "
        "counts for each and is reported as a cross-plan overlap (ruling PR1)"
    ),
    (
        "a community-tenure episode belongs to the plan of its discharge stay; a readmission "
        "counts against that plan wherever the member is readmitted (ruling PR2)"
    ),
    "a liquidated damage belongs to the plan the observation names and to the year it accrues",
    (
        "each plan-year's statement is exactly the statement a single-plan run of the same inputs "
        "gives; program totals are sums of the plans' rounded lines (ruling PR3)"
    ),
)


@attrs.frozen(repr=False)
class ProgramRun(Plottable):
    """Every plan's pay-for-performance statement and damages ledger for every measurement year.

    ``plan_years`` are in plan order (the plan facts' first mention), then by year. ``summary(plan)``
    and ``totals`` add them up; ``statement(plan, year)`` and ``ledger(plan, year)`` give one.
    """

    plan_years: tuple[PlanYear, ...]
    plans: tuple[str, ...]
    years: tuple[int, ...]
    enrollment: EnrollmentByPlan | None
    stays: StaysByPlan | None
    #: ``(input, row, reason)`` of every row not used: a file's line (header = 1), else 0-based.
    rejected: tuple[tuple[str, int, str], ...]
    rows_in: tuple[tuple[str, int], ...]
    profile_id: str
    profile_version: str
    overrides: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        """Return a short summary: plans, years and the totals."""
        totals = self.totals
        return (
            f"ProgramRun(plans={list(self.plans)}, years={list(self.years)}, "
            f"earned={totals.earned!r}, payable={totals.payable!r}, damages={totals.damages!r})"
        )

    @classmethod
    def assemble(
        cls,
        plan_years: Sequence[PlanYear],
        *,
        enrollment: EnrollmentByPlan | None,
        stays: StaysByPlan | None,
        rejected: tuple[tuple[str, int, str], ...],
        rows_in: tuple[tuple[str, int], ...],
        profile: ContractProfile,
    ) -> ProgramRun:
        """Return the run of ``plan_years``, ordered by plan (first mention) and year."""
        plans = tuple(dict.fromkeys(entry.plan for entry in plan_years))
        order = {plan: at for at, plan in enumerate(plans)}
        return cls(
            plan_years=tuple(sorted(plan_years, key=lambda e: (order[e.plan], e.year))),
            plans=plans,
            years=tuple(sorted({entry.year for entry in plan_years})),
            enrollment=enrollment,
            stays=stays,
            rejected=rejected,
            rows_in=rows_in,
            profile_id=profile.id,
            profile_version=profile.version,
            overrides=profile.overrides,
        )

    def plan_year(self, plan: str, year: int) -> PlanYear:
        """Return one plan-year; an unknown one is an error naming the plans and years."""
        for entry in self.plan_years:
            if entry.plan == plan and entry.year == year:
                return entry
        raise InvalidInputError(
            f"no plan-year {plan!r}, {year}{did_you_mean(str(plan), self.plans)}; plans: "
            f"{list(self.plans)}, years: {list(self.years)}",
            field="plan",
            value=(plan, year),
        )

    def statement(self, plan: str, year: int) -> IncentiveStatement:
        """Return one plan-year's pay-for-performance statement."""
        return self.plan_year(plan, year).statement

    def ledger(self, plan: str, year: int) -> DamagesLedger:
        """Return one plan-year's liquidated damages ledger."""
        return self.plan_year(plan, year).ledger

    def summary(self, plan: str) -> PlanSummary:
        """Return one plan's figures over the program's years."""
        if plan not in self.plans:
            self.plan_year(plan, self.years[0])  # raises, naming the plans
        return summarize(self.plan_years, plan)

    @property
    def summaries(self) -> tuple[PlanSummary, ...]:
        """Return every plan's summary, in plan order."""
        return tuple(summarize(self.plan_years, plan) for plan in self.plans)

    @property
    def totals(self) -> PlanSummary:
        """Return the program's totals: every plan together (sums of rounded lines)."""
        return summarize(self.plan_years)

    @property
    def overlap_days(self) -> Mapping[int, int]:
        """Return, per year, member days covered by spans of more than one plan (ruling PR1)."""
        return {} if self.enrollment is None else self.enrollment.overlap_days

    def tables(self) -> tuple[Table, ...]:
        """Return the run's parts (see :mod:`tenncare_calc.program.parts`)."""
        return program_tables(self)

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the plan sheets' and the summary sheet's live formulas (:mod:`.sheets`)."""
        return program_formulas(self)

    def chart(self) -> GroupedBars:
        """Return the chart of each plan's incentive earned beside what is payable after the cap."""
        table = self.table("summary")
        rows = tuple(row for row in table.rows if row[0] is not None)
        return GroupedBars(
            attrs.evolve(table, rows=rows),
            x="plan",
            values=("earned", "payable"),
            title=f"Incentives earned and payable by plan, {self._years_text()}",
        )

    def _years_text(self) -> str:
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}-{last}"

    def explain(self) -> str:
        """Return the run as text: the rules, the summary, then every plan-year explained."""
        text = Explanation(
            f"Program run: {len(self.plans)} plan(s) ({', '.join(self.plans)}), measurement "
            f"year(s) {self._years_text()} (profile {self.profile_id} {self.profile_version})"
        )
        for name, shown in self.overrides:
            text.add(f"WHAT-IF: {name} overridden to {shown}")
        counts = "; ".join(f"{name} {count:,} row(s)" for name, count in self.rows_in if count)
        text.add(f"Inputs: {counts}; {len(self.rejected)} row(s) not used")
        text.add("How figures are assigned to plans:")
        for rule in RULES:
            text.add(rule, indent=2)
        self._explain_summary(text)
        for entry in self.plan_years:
            text.add(f"Plan {entry.plan}, {entry.year}", indent=0)
            text.add(f"member months: {entry.member_months_note()}")
            text.add(entry.tenure_note())
            text.extend(entry.statement.explain(), indent=1)
            if entry.ledger.lines or entry.ledger.rejected or entry.ledger.liability:
                text.extend(entry.ledger.explain(), indent=1)
            else:
                text.add(f"Liquidated damages {entry.year}: none")
        return text.render()

    def _explain_summary(self, text: Explanation) -> None:
        text.add("Summary (sums of rounded lines):")
        for summary in (*self.summaries, self.totals):
            text.add(summary.describe(), indent=2)
            for day, amount in summary.payments.items():
                text.add(f"payable {day.isoformat()}: {format_money(amount)}", indent=3)
            if summary.liability is not None:
                verdict = "within" if summary.liability.within else "EXCEED"
                text.add(
                    f"maximum liability ({summary.liability_year}): total payments "
                    f"{format_money(summary.liability.total_payments)} {verdict} the maximum; "
                    f"headroom {format_money(summary.liability.headroom)}",
                    indent=3,
                )
        for year, days in self.overlap_days.items():
            text.add(
                f"Cross-plan overlap {year}: {days:,} member day(s) covered by spans of more "
                "than one plan (each counted for every plan; ruling PR1)"
            )
        if self.enrollment is not None and self.enrollment.other_plans:
            text.add(
                f"Spans of plans not in the plan facts ({', '.join(self.enrollment.other_plans)}) "
                "count only for the cross-plan overlap"
            )
        if self.rejected:
            text.add("Rows not used (not in any figure):")
            for name, row, reason in self.rejected:
                text.add(f"{name}, row {row}: {reason}", indent=2)

    def to_dict(self) -> dict[str, Any]:
        """Return the run as deterministic JSON-ready data (Decimals as strings, dates ISO)."""
        return {
            "program": "pay_for_performance_and_liquidated_damages",
            "profile": {
                "id": self.profile_id,
                "version": self.profile_version,
                "overrides": [list(pair) for pair in self.overrides],
            },
            "plans": list(self.plans),
            "years": list(self.years),
            "rules": list(RULES),
            "summary": [summary.to_dict() for summary in self.summaries],
            "totals": self.totals.to_dict(),
            "cross_plan_overlap_days": {str(y): d for y, d in self.overlap_days.items()},
            "rows_in": dict(self.rows_in),
            "rejected": [
                {"input": name, "row": row, "reason": reason} for name, row, reason in self.rejected
            ],
            "plan_years": [entry.to_dict() for entry in self.plan_years],
        }
