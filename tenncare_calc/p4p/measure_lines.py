"""The statement's measure lines (§3.10.2-§3.10.4): whether each measure qualifies, why, what it earns.

A physical-health measure or community tenure qualifies on significant improvement over its
baseline (§3.10.5; a reversed measure such as HbA1c control is judged on ``100 -`` its poor-control
rates, §3.10.2.3, ruling P2); a behavioral measure qualifies when its supplied rates are at or above
the national Medicaid 75th percentile (§3.10.3, ruling P3). A qualifying line earns the statement's
line amount; a measure paid for the first full calendar year of operation (community tenure,
§3.10.4) is payable only for that year (ruling P5).

>>> ComponentResult("initiation", Decimal(40), Decimal(41)).describe()
'initiation 40 < 75th percentile 41'
"""

from __future__ import annotations

__all__ = [
    "ComponentResult",
    "LineContext",
    "MeasureLine",
    "improvement_line",
    "percentile_line",
]

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from tenncare_calc.core.explanation import cite_all
from tenncare_calc.core.values import HUNDRED, exact_context, format_shown
from tenncare_calc.p4p.effect_size import (
    EffectSizeTable,
    ImprovementAssessment,
    assess_rates,
    round_reported_rate,
)
from tenncare_calc.p4p.measures import Measure, PaymentTiming
from tenncare_calc.p4p.rates import ImprovementRates, percentile_rates

ZERO = Decimal("0.00")


@attrs.frozen
class ComponentResult:
    """One rate of a behavioral measure against its national Medicaid 75th percentile."""

    name: str
    rate: Decimal
    percentile_75: Decimal

    @property
    def meets(self) -> bool:
        """Return whether the rate is at or above (inclusive) its percentile."""
        return self.rate >= self.percentile_75

    def describe(self, places: int | None = None) -> str:
        """Return the comparison with its numbers (more than ``places`` decimals shown rounded, ``~``)."""
        relation = ">=" if self.meets else "<"
        return (
            f"{self.name} {format_shown(self.rate, places)} {relation} 75th percentile "
            f"{format_shown(self.percentile_75, places)}"
        )


@attrs.frozen
class MeasureLine:
    """One measure's line of the statement: whether it qualifies, why, and what it earns."""

    measure: Measure
    qualifies: bool
    reason: str
    amount: Decimal
    payment_date: dt.date | None
    #: The rates as the caller gave them (before any reversal), by name.
    reported: tuple[tuple[str, Decimal], ...] = ()
    #: Significant-improvement measures: the assessment (on the reversed values where reversed).
    assessment: ImprovementAssessment | None = None
    #: National-percentile measures: each supplied rate against its percentile.
    components: tuple[ComponentResult, ...] = ()
    #: Whether the measure is paid for this measurement year at all (§3.10.4, ruling P5).
    payable_this_year: bool = True

    @property
    def required(self) -> Decimal | None:
        """Return the threshold: effect size (points) or the percentile (single-rate measures)."""
        if self.assessment is not None:
            return self.assessment.required
        if len(self.components) == 1:
            return self.components[0].percentile_75
        return None

    @property
    def achieved(self) -> Decimal | None:
        """Return what was achieved: improvement (points) or the rate (single-rate measures)."""
        if self.assessment is not None:
            return self.assessment.improvement
        if len(self.components) == 1:
            return self.components[0].rate
        return None

    def to_dict(self) -> dict[str, Any]:
        """Return the line as JSON-ready data (Decimals as strings, dates ISO)."""
        return {
            "measure": self.measure.id,
            "title": self.measure.title,
            "group": self.measure.group.value,
            "rule": self.measure.rule.value,
            "section": self.measure.section,
            "qualifies": self.qualifies,
            "reason": self.reason,
            "reported": {name: str(value) for name, value in self.reported},
            "required": None if self.required is None else str(self.required),
            "achieved": None if self.achieved is None else str(self.achieved),
            "assessment": None if self.assessment is None else self.assessment.to_dict(),
            "components": [
                {
                    "name": c.name,
                    "rate": str(c.rate),
                    "percentile_75": str(c.percentile_75),
                    "meets": c.meets,
                }
                for c in self.components
            ],
            "amount": str(self.amount),
            "payment_date": None if self.payment_date is None else self.payment_date.isoformat(),
        }


@attrs.frozen
class LineContext:
    """What every line of one statement shares."""

    measurement_year: int
    line_amount: Decimal
    table: EffectSizeTable
    rate_decimals: int | None
    rates_rule: str
    payment_date: dt.date
    first_full_year: int
    payment_month_day: tuple[int, int]
    #: Decimal places a computed rate is shown with in the reasons (``p4p.shown_rate_decimals``).
    shown_decimals: int | None = None


def _paid(context: LineContext, measure: Measure) -> tuple[bool, str, dt.date]:
    """Return (eligible this year, reason if not, payment date) for a measure's timing (P5)."""
    if measure.payment is PaymentTiming.AFTER_MEASUREMENT_YEAR:
        return True, "", context.payment_date
    month, day = context.payment_month_day
    paid_on = dt.date(context.first_full_year + 1, month, day)
    if context.measurement_year != context.first_full_year:
        why_not = (
            f"{cite_all([measure.section])} measures the first full calendar year of operation "
            f"({context.first_full_year}), not {context.measurement_year}"
        )
        return False, why_not, paid_on
    return True, "", paid_on


def _not_supplied(measure: Measure, paid_on: dt.date, *, eligible: bool) -> MeasureLine:
    return MeasureLine(
        measure=measure,
        qualifies=False,
        reason="does not qualify: no audited rate was supplied",
        amount=ZERO,
        payment_date=paid_on,
        payable_this_year=eligible,
    )


def improvement_line(
    context: LineContext, measure: Measure, value: object, field: str
) -> MeasureLine:
    """Return the line of a significant-improvement measure from its ``(baseline, current)`` rates.

    Implements §3.10.2 and §3.10.4 with §3.10.5: a reversed measure is judged on ``100 -`` its
    rates (§3.10.2.3, ruling P2); ``value`` is ``None`` when no audited rate was supplied.

    >>> from tenncare_calc import default_profile
    >>> profile = default_profile()
    >>> measures = {m.id: m for m in profile.value("p4p.measures", tuple)}
    >>> context = LineContext(
    ...     measurement_year=2008, line_amount=Decimal("30000.00"),
    ...     table=profile.value("p4p.effect_size_bands", EffectSizeTable),
    ...     rate_decimals=None, rates_rule="any", payment_date=dt.date(2009, 7, 1),
    ...     first_full_year=2008, payment_month_day=(7, 1),
    ... )
    >>> line = improvement_line(context, measures["hba1c_testing"], (58.2, 64.2), "hba1c_testing")
    >>> line.qualifies, line.amount, line.payment_date
    (True, Decimal('30000.00'), datetime.date(2009, 7, 1))
    """
    eligible, why_not, paid_on = _paid(context, measure)
    if value is None:
        return _not_supplied(measure, paid_on, eligible=eligible)
    rates = ImprovementRates.parse(value, field=field)
    baseline, current = rates.baseline, rates.current
    if measure.reversed:
        with exact_context():
            baseline, current = HUNDRED - baseline, HUNDRED - current
    assessment = assess_rates(
        baseline, current, table=context.table, rate_decimals=context.rate_decimals
    )
    qualifies = eligible and assessment.qualifies
    if not eligible:
        reason = f"not payable this year: {why_not}"
    else:
        verdict = "qualifies" if qualifies else "does not qualify"
        reason = f"{verdict}: {assessment.describe(context.shown_decimals)}"
    return MeasureLine(
        measure=measure,
        qualifies=qualifies,
        reason=reason,
        amount=context.line_amount if qualifies else ZERO,
        payment_date=paid_on,
        reported=(("baseline", rates.baseline), ("current", rates.current)),
        assessment=assessment,
        payable_this_year=eligible,
    )


def percentile_line(
    context: LineContext, measure: Measure, value: object, field: str
) -> MeasureLine:
    """Return the line of a behavioral measure from its rates and their 75th percentiles (§3.10.3).

    Every supplied rate must be at or above its percentile, or at least one, as the profile's
    ``p4p.behavioral_rates_rule`` says (ruling P3); ``value`` is ``None`` when no audited rate was
    supplied.

    >>> from tenncare_calc import default_profile
    >>> profile = default_profile()
    >>> measures = {m.id: m for m in profile.value("p4p.measures", tuple)}
    >>> context = LineContext(
    ...     measurement_year=2008, line_amount=Decimal("30000.00"),
    ...     table=profile.value("p4p.effect_size_bands", EffectSizeTable),
    ...     rate_decimals=None, rates_rule="any", payment_date=dt.date(2009, 7, 1),
    ...     first_full_year=2008, payment_month_day=(7, 1),
    ... )
    >>> line = percentile_line(context, measures["adhd_follow_up"], {"initiation": (40, 41)}, "adhd")
    >>> line.qualifies, line.amount
    (False, Decimal('0.00'))
    """
    eligible, why_not, paid_on = _paid(context, measure)
    if value is None:
        return _not_supplied(measure, paid_on, eligible=eligible)
    components = tuple(
        ComponentResult(
            name,
            round_reported_rate(rate.rate, context.rate_decimals),
            round_reported_rate(rate.percentile_75, context.rate_decimals),
        )
        for name, rate in percentile_rates(measure, value, field).items()
    )
    meeting = [component.meets for component in components]
    met = all(meeting) if context.rates_rule == "all" else any(meeting)
    qualifies = eligible and met
    if not eligible:
        reason = f"not payable this year: {why_not}"
    else:
        verdict = "qualifies" if qualifies else "does not qualify"
        which = "every" if context.rates_rule == "all" else "at least one"
        joined = "; ".join(component.describe(context.shown_decimals) for component in components)
        reason = (
            f"{verdict}: {which} supplied rate must be at or above its 75th percentile: {joined}"
        )
    return MeasureLine(
        measure=measure,
        qualifies=qualifies,
        reason=reason,
        amount=context.line_amount if qualifies else ZERO,
        payment_date=paid_on,
        components=components,
        payable_this_year=eligible,
    )
