"""Pay-for-performance quality incentive payments (§3.10): the year's statement from its inputs.

For each qualifying measure the contractor earns ``$0.03`` per member month of the measurement year
(the calendar year preceding the July 1 payment), one line per measure, each line rounded to cents
half-up (rulings P4, M3; :mod:`~tenncare_calc.p4p.payments`). A physical-health measure or
community tenure qualifies on significant improvement (§3.10.5); a behavioral measure qualifies at
or above the national Medicaid 75th percentile (§3.10.3, ruling P3;
:mod:`~tenncare_calc.p4p.measure_lines`). The year's total is then held under the 105% cap
(§3.10.1.2), and the result is an :class:`~tenncare_calc.p4p.statement.IncentiveStatement`.

>>> from tenncare_calc.p4p.plan_year import plan_year_inputs, sample_path
>>> statement = incentive_statement(**plan_year_inputs(sample_path("plan_year_2008.toml")))
>>> len(statement.lines), len(statement.qualifying), statement.payment_date
(9, 5, datetime.date(2009, 7, 1))
"""

from __future__ import annotations

__all__ = ["incentive_statement"]

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.contract.profile import checked_value
from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.values import (
    exact_context,
    round_cents,
    to_cents,
    to_date,
    to_member_months,
    to_money,
    to_year,
)
from tenncare_calc.p4p.cap import capped
from tenncare_calc.p4p.effect_size import EffectSizeTable
from tenncare_calc.p4p.measure_lines import LineContext, improvement_line, percentile_line
from tenncare_calc.p4p.measures import Measure, MeasureGroup, MeasureRule
from tenncare_calc.p4p.payments import baseline_year, first_full_calendar_year
from tenncare_calc.p4p.rates import rates_by_measure
from tenncare_calc.p4p.statement import IncentiveStatement

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.contract.profile import ContractProfile

ZERO = Decimal("0.00")
T = TypeVar("T")


def _member_months(value: object, measurement_year: int) -> Decimal:
    """Accept a number or a member-months result (anything with ``.total`` and ``.year``)."""
    total = getattr(value, "total", None)
    if total is not None and not isinstance(value, str | int | float | Decimal):
        year = getattr(value, "year", measurement_year)
        if year != measurement_year:
            raise InvalidValueError(
                f"'member_months' were computed for {year}, but the measurement year is "
                f"{measurement_year}; §3.10.2.1 applies member months of the preceding calendar year",
                field="member_months",
                value=year,
            )
        return to_member_months(total)
    return to_member_months(value)


def _typed(values: Mapping[str, object], name: str, expected: type[T]) -> T:
    """Return the value of parameter ``name``, checked as :meth:`ContractProfile.value` checks it."""
    return checked_value(name, values[name], expected)


def incentive_statement(
    measurement_year: int,
    *,
    member_months: object,
    physical_health: Mapping[str, object] | None,
    behavioral_health: Mapping[str, object] | None,
    community_tenure: object = None,
    capitation: object,
    other_payments: object = 0,
    operations_began: dt.date | None = None,
    profile: ContractProfile | None = None,
    as_of: dt.date | None = None,
) -> IncentiveStatement:
    """Return the pay-for-performance statement for a measurement year (§3.10).

    Parameters
    ----------
    measurement_year
        The calendar year whose data and member months are used; paid July 1 of the next year.
    member_months
        Member months of the measurement year (a number, or a member-months result with ``.total``).
    physical_health
        Every physical-health measure in force, by id, mapped to ``(baseline, current)`` rates (or
        ``None`` when no audited rate was reported). For ``hba1c_control`` give the HEDIS *poor
        control* rates; they are reversed (§3.10.2.3, ruling P2).
    behavioral_health
        Every behavioral measure by id, mapped to a mapping of its rates (``"acute"``,
        ``"continuation"``; ``"initiation"``, ``"continuation"``) each to ``(rate, percentile_75)``,
        or ``None``. The percentile is the national Medicaid 75th percentile (§3.10.3, ruling P3).
    community_tenure
        ``(baseline, current)`` rates of members not readmitted within 30 days (§3.10.4); the
        current rate may be a community-tenure result. ``None`` when not supplied.
    capitation, other_payments
        The payment year's capitation payments and the other payments already made that year, for
        the 105% cap (§3.10.1.2, ruling P8).
    operations_began
        When the contractor began operating (first full calendar year, baseline year); defaults to
        the profile's ``contract.operations_began``.
    profile
        The contract profile; the shipped Amendment 3 profile by default.
    as_of
        The date whose parameter versions apply; by default the last day of the measurement year.

    Returns
    -------
    IncentiveStatement
        With ``lines``, ``earned``, ``cap``, ``payable``, ``payment_date``, ``explain()`` and
        ``to_dict()``.

    Examples
    --------
    >>> statement = incentive_statement(
    ...     2008,
    ...     member_months=1_000_000,
    ...     physical_health={
    ...         "hba1c_testing": (58.2, 64.2),      # +6.0 on a baseline below 60: qualifies
    ...         "hba1c_control": (45.0, 40.1),      # poor control 45.0 -> 40.1: 55.0 -> 59.9, +4.9
    ...         "ldl_c_screening": None,            # no audited rate reported
    ...         "adolescent_well_care": (40, 47),
    ...         "breast_cancer_screening": (50, 51),
    ...         "controlling_high_blood_pressure": (60, 65),
    ...     },
    ...     behavioral_health={
    ...         "antidepressant_medication_management": {"acute": (55, 52), "continuation": (38, 37)},
    ...         "adhd_follow_up": {"initiation": (40, 41)},
    ...     },
    ...     community_tenure=(80, 81),
    ...     capitation=10_000_000,
    ... )
    >>> [line.measure.id for line in statement.qualifying]
    ['hba1c_testing', 'adolescent_well_care', 'controlling_high_blood_pressure', 'antidepressant_medication_management', 'community_tenure']
    >>> statement.earned, statement.payable, statement.payment_date
    (Decimal('150000.00'), Decimal('150000.00'), datetime.date(2009, 7, 1))

    """
    year = to_year(measurement_year, field="measurement_year")
    chosen = resolve_profile(profile)
    on = dt.date(year, 12, 31) if as_of is None else to_date(as_of, field="as_of")
    began = (
        chosen.value("contract.operations_began", dt.date, on=on)
        if operations_began is None
        else to_date(operations_began, field="operations_began")
    )
    months = _member_months(member_months, year)
    names = (
        "p4p.pmpm_amount",
        "p4p.cap_percent",
        "p4p.payment_date",
        "p4p.effect_size_bands",
        "p4p.reported_rate_decimals",
        "p4p.shown_rate_decimals",
        "p4p.behavioral_rates_rule",
        "p4p.measures",
        "contract.operations_began",
    )
    parameters = tuple(chosen.get(name, on=on) for name in names)
    # Each parameter is looked up once (a lookup builds its cited value): the values below come
    # from ``parameters``, checked as ContractProfile.value checks them.
    values = {parameter.name: parameter.value for parameter in parameters}
    measures: tuple[Measure, ...] = _typed(values, "p4p.measures", tuple)
    pmpm = _typed(values, "p4p.pmpm_amount", Decimal)
    with exact_context():
        line_amount = round_cents(pmpm * months)
    month_day: tuple[int, int] = _typed(values, "p4p.payment_date", tuple)
    decimals = values["p4p.reported_rate_decimals"]
    context = LineContext(
        measurement_year=year,
        line_amount=line_amount,
        table=_typed(values, "p4p.effect_size_bands", EffectSizeTable),
        rate_decimals=None
        if decimals is None
        else _typed(values, "p4p.reported_rate_decimals", int),
        rates_rule=_typed(values, "p4p.behavioral_rates_rule", str),
        payment_date=dt.date(year + 1, *month_day),
        first_full_year=first_full_calendar_year(began),
        payment_month_day=month_day,
        shown_decimals=_typed(values, "p4p.shown_rate_decimals", int),
    )
    groups = {
        group: [measure for measure in measures if measure.group is group] for group in MeasureGroup
    }
    inputs = {
        **rates_by_measure(
            physical_health, groups[MeasureGroup.PHYSICAL_HEALTH], "physical_health"
        ),
        **rates_by_measure(
            behavioral_health, groups[MeasureGroup.BEHAVIORAL_HEALTH], "behavioral_health"
        ),
        **{measure.id: community_tenure for measure in groups[MeasureGroup.COMMUNITY_TENURE]},
    }
    lines = []
    for measure in measures:
        field = f"{measure.group.value}.{measure.id}"
        if measure.rule is MeasureRule.NATIONAL_PERCENTILE:
            lines.append(percentile_line(context, measure, inputs[measure.id], field))
        else:
            lines.append(improvement_line(context, measure, inputs[measure.id], field))
    with exact_context():
        earned = sum((line.amount for line in lines), ZERO)
    # The cap's percentage is the one of ``parameters``, looked up above (apply_capitation_cap
    # would look it up again); the amounts are checked as apply_capitation_cap checks them.
    cap = capped(
        to_cents(earned, field="earned"),
        to_money(capitation, field="capitation"),
        to_money(other_payments, field="other_payments"),
        parameters[names.index("p4p.cap_percent")],
    )
    return IncentiveStatement(
        measurement_year=year,
        as_of=on,
        member_months=months,
        line_amount=line_amount,
        lines=tuple(lines),
        earned=earned,
        cap=cap,
        payment_date=context.payment_date,
        operations_began=began,
        first_full_calendar_year=context.first_full_year,
        baseline_year=baseline_year(began),
        parameters=parameters,
        profile_id=chosen.id,
        profile_version=chosen.version,
        profile_verified_on=chosen.verified_against_source_on,
        overrides=chosen.overrides,
    )
