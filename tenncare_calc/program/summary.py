"""The program summary: per plan and in total, what was earned, payable, forfeited and assessed.

A :class:`PlanSummary` adds up one plan's statements and ledgers over the years of a program (or
every plan's, for the program's total): incentives earned, payable after the 105% cap and
forfeited (§3.10.1.2), the years the cap binds, the payment dates, the liquidated damages by item
and by quarter, and the maximum liability check of the plan's last year whose facts give its total
payments (§3.12.1.1). Every total is a sum of rounded lines (ruling M3, PR3).
"""

from __future__ import annotations

__all__ = ["PlanSummary", "Program", "summarize"]

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from tenncare_calc.core.values import exact_context, format_money

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from tenncare_calc.damages import LiabilityCheck
    from tenncare_calc.program.plan_months import EnrollmentByPlan
    from tenncare_calc.program.plan_results import PlanYear
    from tenncare_calc.program.plan_tenure import StaysByPlan

ZERO = Decimal("0.00")


class Program(Protocol):
    """What the parts and sheets of a program read (a :class:`~.result.ProgramRun`)."""

    @property
    def plans(self) -> tuple[str, ...]:
        """The plans, in order."""
        ...  # pragma: no cover

    @property
    def years(self) -> tuple[int, ...]:
        """The measurement years, in order."""
        ...  # pragma: no cover

    @property
    def plan_years(self) -> tuple[PlanYear, ...]:
        """Every plan-year, by plan then year."""
        ...  # pragma: no cover

    @property
    def summaries(self) -> tuple[PlanSummary, ...]:
        """Every plan's summary."""
        ...  # pragma: no cover

    @property
    def totals(self) -> PlanSummary:
        """All plans together."""
        ...  # pragma: no cover

    @property
    def enrollment(self) -> EnrollmentByPlan | None:
        """Member months from the spans, when given."""
        ...  # pragma: no cover

    @property
    def stays(self) -> StaysByPlan | None:
        """Community tenure from the stays, when given."""
        ...  # pragma: no cover

    @property
    def rejected(self) -> tuple[tuple[str, int, str], ...]:
        """The input rows not used."""
        ...  # pragma: no cover


@attrs.frozen
class PlanSummary:
    """One plan's program figures (``plan`` is ``None`` for every plan together)."""

    plan: str | None
    years: tuple[int, ...]
    earned: Decimal
    payable: Decimal
    forfeited: Decimal
    #: Years in which the 105% cap reduced the payment.
    binding_years: tuple[int, ...]
    #: Payment date -> amount payable on it (each statement's payable, on its payment date).
    payments: Mapping[dt.date, Decimal]
    damages: Decimal
    damages_lines: int
    #: Damage item -> total (only items with a line), in schedule order.
    damages_by_item: Mapping[str, Decimal]
    #: ``YYYY-Qn`` -> total, every quarter of every year, in order.
    damages_by_quarter: Mapping[str, Decimal]
    #: The maximum liability check of the last year whose facts give total payments.
    liability: LiabilityCheck | None
    liability_year: int | None

    @property
    def payment_dates(self) -> tuple[dt.date, ...]:
        """Return the dates on which incentives are payable, in order."""
        return tuple(self.payments)

    @property
    def net(self) -> Decimal:
        """Return incentives payable less liquidated damages."""
        with exact_context():
            return self.payable - self.damages

    def describe(self) -> str:
        """Return the summary as one line of text."""
        who = "all plans" if self.plan is None else f"plan {self.plan}"
        binds = (
            f"; the cap binds in {', '.join(map(str, self.binding_years))}"
            if self.binding_years
            else ""
        )
        return (
            f"{who}: earned {format_money(self.earned)}, payable {format_money(self.payable)}, "
            f"forfeited {format_money(self.forfeited)}{binds}; liquidated damages "
            f"{format_money(self.damages)} ({self.damages_lines} line(s))"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data (Decimals as strings, dates ISO)."""
        return {
            "plan": self.plan,
            "years": list(self.years),
            "earned": str(self.earned),
            "payable": str(self.payable),
            "forfeited": str(self.forfeited),
            "binding_years": list(self.binding_years),
            "payments": {day.isoformat(): str(amount) for day, amount in self.payments.items()},
            "damages": str(self.damages),
            "damages_lines": self.damages_lines,
            "damages_by_item": {item: str(amount) for item, amount in self.damages_by_item.items()},
            "damages_by_quarter": {q: str(amount) for q, amount in self.damages_by_quarter.items()},
            "net": str(self.net),
            "liability_check": None
            if self.liability is None
            else {"year": self.liability_year, **self.liability.to_dict()},
        }


def summarize(plan_years: Sequence[PlanYear], plan: str | None = None) -> PlanSummary:
    """Return the summary of ``plan``'s plan-years (every plan's when ``plan`` is ``None``)."""
    chosen = [entry for entry in plan_years if plan is None or entry.plan == plan]
    payments: dict[dt.date, Decimal] = {}
    by_item: dict[str, Decimal] = {}
    by_quarter: dict[str, Decimal] = {}
    liability: LiabilityCheck | None = None
    liability_year: int | None = None
    with exact_context():
        for entry in sorted(chosen, key=lambda e: e.year):
            day = entry.statement.payment_date
            payments[day] = payments.get(day, ZERO) + entry.payable
            for item, amount in entry.ledger.by_item.items():
                if any(line.item_id == item for line in entry.ledger.lines):
                    by_item[item] = by_item.get(item, ZERO) + amount
            for quarter, amount in entry.ledger.by_quarter.items():
                by_quarter[quarter] = by_quarter.get(quarter, ZERO) + amount
            if plan is not None and entry.ledger.liability is not None:
                liability, liability_year = entry.ledger.liability, entry.year
        return PlanSummary(
            plan=plan,
            years=tuple(sorted({entry.year for entry in chosen})),
            earned=sum((entry.earned for entry in chosen), ZERO),
            payable=sum((entry.payable for entry in chosen), ZERO),
            forfeited=sum((entry.forfeited for entry in chosen), ZERO),
            binding_years=tuple(
                sorted({entry.year for entry in chosen if entry.statement.cap.binding})
            ),
            payments=dict(sorted(payments.items())),
            damages=sum((entry.damages for entry in chosen), ZERO),
            damages_lines=sum(len(entry.ledger.lines) for entry in chosen),
            damages_by_item=by_item,
            damages_by_quarter=dict(sorted(by_quarter.items())),
            liability=liability,
            liability_year=liability_year,
        )
