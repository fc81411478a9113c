"""One plan-year of a program: its statement, its damages ledger, and where its figures came from.

A :class:`PlanYear` holds the plan-year's :class:`~tenncare_calc.p4p.IncentiveStatement` (exactly
the statement a single-plan run of the same inputs gives, ruling PR3), its
:class:`~tenncare_calc.damages.DamagesLedger`, its plan facts, and the provenance of the two figures
a program may compute instead of taking them as given: member months (given in the plan facts, or
from the enrollment spans) and the current community-tenure rate (given in the rates table, or
from the mental-health stays).
"""

from __future__ import annotations

__all__ = ["PlanYear"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.values import format_decimal

if TYPE_CHECKING:
    from decimal import Decimal

    from tenncare_calc.damages import DamagesLedger
    from tenncare_calc.p4p import IncentiveStatement
    from tenncare_calc.program.plan_facts import PlanFacts
    from tenncare_calc.program.plan_months import PlanMonths
    from tenncare_calc.program.plan_tenure import PlanTenure

#: Where a plan-year's member months came from.
GIVEN, FROM_SPANS = "plan facts", "spans"
#: Where a plan-year's current community-tenure rate came from.
FROM_RATES, FROM_STAYS, NOT_SUPPLIED = "rates table", "stays", "not supplied"


@attrs.frozen
class PlanYear:
    """One plan's statement and damages ledger for one measurement year, with their sources."""

    plan: str
    year: int
    facts: PlanFacts
    statement: IncentiveStatement = attrs.field(repr=False)
    ledger: DamagesLedger = attrs.field(repr=False)
    #: ``"plan facts"`` or ``"spans"``.
    member_months_source: str
    #: The member months computed from the spans, when spans were given (used or not).
    months: PlanMonths | None = attrs.field(default=None, repr=False)
    #: ``"rates table"``, ``"stays"`` or ``"not supplied"``.
    tenure_source: str = NOT_SUPPLIED
    #: The community-tenure counts from the stays, when stays were given (used or not).
    tenure: PlanTenure | None = attrs.field(default=None, repr=False)
    #: The community-tenure baseline a rates row gave when the current rate came from the stays.
    tenure_baseline: Decimal | None = None

    @property
    def earned(self) -> Decimal:
        """Return the incentive earned (the sum of the statement's rounded lines)."""
        return self.statement.earned

    @property
    def payable(self) -> Decimal:
        """Return the incentive payable after the 105% cap."""
        return self.statement.payable

    @property
    def forfeited(self) -> Decimal:
        """Return the incentive earned but not payable under the cap."""
        return self.statement.cap.forfeited

    @property
    def damages(self) -> Decimal:
        """Return the plan-year's liquidated damages (the ledger's total)."""
        return self.ledger.total

    def member_months_note(self) -> str:
        """Return where the member months came from, as a phrase."""
        shown = format_decimal(self.statement.member_months)
        if self.member_months_source == FROM_SPANS:
            assert self.months is not None  # noqa: S101 - set whenever the source is spans
            convention = self.months.result.convention
            overlap = self.months.overlap_days
            shared = f"; {overlap:,} member day(s) also covered by another plan" if overlap else ""
            return (
                f"{shown} member months computed from the enrollment spans ({convention}{shared})"
            )
        note = f"{shown} member months given in the plan facts"
        if self.months is not None:
            note += f" (the spans give {format_decimal(self.months.total)})"
        return note

    def tenure_note(self) -> str:
        """Return where the current community-tenure rate came from, as a phrase."""
        if self.tenure_source == FROM_STAYS:
            assert self.tenure is not None  # noqa: S101 - set whenever the source is stays
            return (
                f"current community-tenure rate from the stays: {self.tenure.counts.describe()} "
                f"(data complete through {self.tenure.data_through.isoformat()}, "
                f"{self.tenure.window_days}-day window)"
            )
        if self.tenure_source == FROM_RATES:
            return "community-tenure rates given in the rates table"
        if self.tenure is not None and self.tenure_baseline is not None:
            return f"community tenure not rated: {self.tenure.counts.describe()}"
        return "community tenure not supplied"

    def to_dict(self) -> dict[str, Any]:
        """Return the plan-year as JSON-ready data: facts, sources, statement and ledger."""
        return {
            "plan": self.plan,
            "year": self.year,
            "facts": self.facts.to_dict(),
            "member_months_source": self.member_months_source,
            "member_months_from_spans": (
                None
                if self.months is None
                else {
                    "total": str(self.months.total),
                    "member_days": self.months.member_days,
                    "overlap_days": self.months.overlap_days,
                    "convention": self.months.result.convention,
                }
            ),
            "community_tenure_source": self.tenure_source,
            "community_tenure_from_stays": (
                None
                if self.tenure is None
                else {
                    **self.tenure.counts.to_dict(),
                    "data_through": self.tenure.data_through.isoformat(),
                    "window_days": self.tenure.window_days,
                }
            ),
            "statement": self.statement.to_dict(),
            "damages_ledger": self.ledger.to_dict(),
        }
