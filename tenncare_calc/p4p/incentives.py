"""Pay-for-performance quality incentive payments (§3.10): amounts, dates and the statement.

For each qualifying measure the contractor earns ``$0.03`` per member month of the measurement year
(the calendar year preceding the July 1 payment), one line per measure, each line rounded to cents
half-up (rulings P4, M3). A physical-health measure or community tenure qualifies on significant
improvement (§3.10.5); a behavioral measure qualifies at or above the national Medicaid 75th
percentile (§3.10.3, ruling P3). The year's total is then held under the 105% cap (§3.10.1.2).

>>> pmpm_incentive(2_400_000, 3)
Decimal('216000.00')
>>> payment_date(2008)
datetime.date(2009, 7, 1)
>>> baseline_year(dt.date(2007, 4, 1))
2006
"""

from __future__ import annotations

__all__ = [
    "ImprovementRates",
    "IncentiveStatement",
    "MeasureLine",
    "PercentileRate",
    "baseline_year",
    "first_full_calendar_year",
    "incentive_statement",
    "payment_date",
    "pmpm_incentive",
]

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from tenncare_calc.contract.loader import default_profile
from tenncare_calc.contract.parameters import ParameterValue, parameter_values_table
from tenncare_calc.core.charts import ThresholdChart
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    did_you_mean,
)
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.formulas import round_cents_formula
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Plottable
from tenncare_calc.core.values import (
    HUNDRED,
    exact_context,
    format_decimal,
    format_money,
    round_cents,
    to_count,
    to_date,
    to_member_months,
    to_rate,
    to_year,
)
from tenncare_calc.p4p.cap import CapResult, apply_capitation_cap
from tenncare_calc.p4p.effect_size import (
    EffectSizeTable,
    ImprovementAssessment,
    assess_improvement,
    round_reported_rate,
)
from tenncare_calc.p4p.measures import Measure, MeasureGroup, MeasureRule, PaymentTiming

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

ZERO = Decimal("0.00")


# --------------------------------------------------------------------------------------------------
# Small rules


def _profile(profile: ContractProfile | None) -> ContractProfile:
    return default_profile() if profile is None else profile


def pmpm_incentive(
    member_months: object,
    measures: int,
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Decimal:
    """Return the incentive for ``measures`` qualifying measures: one rounded line each, summed.

    Implements §3.10.2.1, §3.10.3 and §3.10.4 with rulings P4 and M3: each line is
    ``PMPM x member_months`` rounded to cents half-up; the total is the sum of the lines (so
    ``measures x`` the rounded line, never the rounding of a product).

    Parameters
    ----------
    member_months
        Member months of the preceding calendar year (may be fractional, ruling MM1); >= 0.
    measures
        The number of qualifying measures, a whole number >= 0.
    profile, on
        The contract profile (shipped Amendment 3 by default) and the date whose PMPM applies.

    Examples
    --------
    $0.03 x 1,234,567.5 member months = $37,037.025, which rounds half-up to $37,037.03 a line:

    >>> pmpm_incentive("1234567.5", 2)
    Decimal('74074.06')
    >>> pmpm_incentive(-1, 1)
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'member_months' must be >= 0 (got Decimal('-1'))

    """
    months = to_member_months(member_months)
    count = to_count(measures, field="measures")
    pmpm = _profile(profile).get("p4p.pmpm_amount", on=on).value
    with exact_context():
        line = round_cents(pmpm * months)
        return line * count


def payment_date(
    measurement_year: int,
    *,
    profile: ContractProfile | None = None,
) -> dt.date:
    """Return the date an incentive for ``measurement_year`` is paid: July 1 of the next year (P5).

    §3.10.2.1 and §3.10.3 pay "on July 1" for the preceding calendar year's data. The month and day
    come from the profile (``p4p.payment_date``) in force on that year's last day.

    >>> payment_date(2009)
    datetime.date(2010, 7, 1)
    """
    year = to_year(measurement_year, field="measurement_year")
    month, day = _profile(profile).value("p4p.payment_date", tuple, on=dt.date(year, 12, 31))
    return dt.date(year + 1, month, day)


def first_full_calendar_year(operations_began: dt.date) -> int:
    """Return the first full calendar year of operation for a contractor that began on a date (§3.10.4).

    A contractor that began on January 1 operated that whole year; otherwise the next year is the
    first full one.

    >>> first_full_calendar_year(dt.date(2007, 4, 1)), first_full_calendar_year(dt.date(2008, 1, 1))
    (2008, 2008)
    """
    to_date(operations_began, field="operations_began")
    if (operations_began.month, operations_began.day) == (1, 1):
        return operations_began.year
    return operations_began.year + 1


def baseline_year(
    operations_began: dt.date,
    *,
    complete_data_years: Iterable[int] | None = None,
) -> int:
    """Return the year whose regional HEDIS average is the first-year baseline (§3.10.1.3, P6).

    The baseline is the last full calendar year before the year the contractor began operating.
    When ``complete_data_years`` is given and does not include that year (the region's data for it
    is incomplete), the latest earlier year whose data is complete is used instead.

    >>> baseline_year(dt.date(2007, 4, 1))
    2006
    >>> baseline_year(dt.date(2007, 4, 1), complete_data_years=[2003, 2004, 2005])
    2005
    >>> baseline_year(dt.date(2007, 4, 1), complete_data_years=[2007])
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'complete_data_years' has no year on or before 2006 (got [2007]); §3.10.1.3 needs a complete year before operations began

    """
    to_date(operations_began, field="operations_began")
    last_full = operations_began.year - 1
    if complete_data_years is None:
        return last_full
    years = sorted(to_year(year, field="complete_data_years") for year in complete_data_years)
    earlier = [year for year in years if year <= last_full]
    if not earlier:
        raise InvalidValueError(
            f"'complete_data_years' has no year on or before {last_full} (got {years}); "
            "§3.10.1.3 needs a complete year before operations began",
            field="complete_data_years",
            value=years,
        )
    return earlier[-1]


# --------------------------------------------------------------------------------------------------
# Inputs


@runtime_checkable
class HasRate(Protocol):
    """Anything that carries a computed percentage as ``.rate`` (e.g. a community-tenure result)."""

    @property
    def rate(self) -> Decimal:
        """The rate, a percentage in [0, 100]."""
        ...  # pragma: no cover


def _rate(value: object, field: str) -> Decimal:
    if isinstance(value, HasRate) and not isinstance(value, str | int | float | Decimal):
        return to_rate(value.rate, field=field)
    return to_rate(value, field=field)


def _baseline_rate(value: object) -> Decimal:
    return _rate(value, "baseline")


def _current_rate(value: object) -> Decimal:
    return _rate(value, "current")


def _rate_rate(value: object) -> Decimal:
    return _rate(value, "rate")


def _percentile_75_rate(value: object) -> Decimal:
    return _rate(value, "percentile_75")


@attrs.frozen
class ImprovementRates:
    """A measure's baseline and current rate, as reported (percentages in [0, 100]).

    >>> ImprovementRates(58.2, "64.5")
    ImprovementRates(baseline=Decimal('58.2'), current=Decimal('64.5'))
    >>> ImprovementRates(101, 50)
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'baseline' must be a percentage in [0, 100] (got Decimal('101'))

    For a reversed measure (HbA1c control) these are the HEDIS *poor control* rates; the statement
    reverses them (ruling P2). ``current`` may also be any object with a ``.rate`` (such as a
    community-tenure result).
    """

    baseline: Decimal = attrs.field(converter=_baseline_rate)
    current: Decimal = attrs.field(converter=_current_rate)

    @classmethod
    def parse(cls, value: object, *, field: str) -> ImprovementRates:
        """Return rates from an ``ImprovementRates``, a ``(baseline, current)`` pair or a mapping."""
        if isinstance(value, ImprovementRates):
            return value
        if isinstance(value, Mapping):
            _exact_keys(value, {"baseline", "current"}, field)
            baseline, current = value["baseline"], value["current"]
        elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:  # noqa: PLR2004
            baseline, current = value
        else:
            raise InvalidInputError(
                f"{field!r} must be (baseline, current) rates or a mapping with 'baseline' and "
                f"'current' (got {value!r})",
                field=field,
                value=value,
            )
        return cls(_rate(baseline, f"{field}.baseline"), _rate(current, f"{field}.current"))


@attrs.frozen
class PercentileRate:
    """A behavioral measure's rate and the national Medicaid 75th percentile it is compared with."""

    rate: Decimal = attrs.field(converter=_rate_rate)
    percentile_75: Decimal = attrs.field(converter=_percentile_75_rate)

    @classmethod
    def parse(cls, value: object, *, field: str) -> PercentileRate:
        """Return a rate from a ``PercentileRate``, a ``(rate, percentile_75)`` pair or a mapping."""
        if isinstance(value, PercentileRate):
            return value
        if isinstance(value, Mapping):
            _exact_keys(value, {"rate", "percentile_75"}, field)
            rate, percentile = value["rate"], value["percentile_75"]
        elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:  # noqa: PLR2004
            rate, percentile = value
        else:
            raise InvalidInputError(
                f"{field!r} must be (rate, percentile_75) or a mapping with 'rate' and "
                f"'percentile_75' (got {value!r})",
                field=field,
                value=value,
            )
        return cls(_rate(rate, f"{field}.rate"), _rate(percentile, f"{field}.percentile_75"))


def _exact_keys(value: Mapping[Any, Any], keys: set[str], field: str) -> None:
    if set(value) != keys:
        raise InvalidInputError(
            f"{field!r} must have exactly the keys {sorted(keys)} (got {sorted(map(str, value))})",
            field=field,
            value=value,
        )


def _percentile_rates(measure: Measure, value: object, field: str) -> dict[str, PercentileRate]:
    if measure.components:
        if not isinstance(value, Mapping) or not value or set(value) - set(measure.components):
            raise InvalidInputError(
                f"{field!r} must map one or more of the measure's rates {list(measure.components)} "
                f"to (rate, percentile_75) (got {value!r})",
                field=field,
                value=value,
            )
        return {
            name: PercentileRate.parse(value[name], field=f"{field}.{name}")
            for name in measure.components
            if name in value
        }
    return {"rate": PercentileRate.parse(value, field=field)}


def _by_measure(
    given: Mapping[str, object] | None, measures: Sequence[Measure], field: str
) -> dict[str, object]:
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise InvalidTypeError(
            f"{field!r} must be a mapping from measure id to rates (got {type(given).__name__})",
            field=field,
            value=given,
        )
    expected = [measure.id for measure in measures]
    for key in given:
        if key not in expected:
            raise InvalidInputError(
                f"{field!r} names {key!r}, which is not a {field.replace('_', '-')} measure in "
                f"force{did_you_mean(str(key), expected)}; measures: {expected}",
                field=field,
                value=key,
            )
    if missing := [key for key in expected if key not in given]:
        raise InvalidInputError(
            f"{field!r} lacks {missing}; give each measure in force its rates, or None when no "
            "audited rate was reported ('not reported' in a plan-year file)",
            field=field,
            value=missing,
        )
    return dict(given)


# --------------------------------------------------------------------------------------------------
# Lines


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

    def describe(self) -> str:
        """Return the comparison with its numbers."""
        relation = ">=" if self.meets else "<"
        return (
            f"{self.name} {format_decimal(self.rate, grouping=False)} {relation} 75th percentile "
            f"{format_decimal(self.percentile_75, grouping=False)}"
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
class _Context:
    """What every line of one statement shares."""

    measurement_year: int
    line_amount: Decimal
    table: EffectSizeTable
    rate_decimals: int | None
    rates_rule: str
    payment_date: dt.date
    first_full_year: int
    payment_month_day: tuple[int, int]


def _paid(context: _Context, measure: Measure) -> tuple[bool, str, dt.date]:
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


def _not_supplied(measure: Measure, paid_on: dt.date) -> MeasureLine:
    return MeasureLine(
        measure=measure,
        qualifies=False,
        reason="does not qualify: no audited rate was supplied",
        amount=ZERO,
        payment_date=paid_on,
    )


def _improvement_line(
    context: _Context, measure: Measure, value: object, field: str
) -> MeasureLine:
    eligible, why_not, paid_on = _paid(context, measure)
    if value is None:
        return _not_supplied(measure, paid_on)
    rates = ImprovementRates.parse(value, field=field)
    baseline, current = rates.baseline, rates.current
    if measure.reversed:
        with exact_context():
            baseline, current = HUNDRED - baseline, HUNDRED - current
    assessment = assess_improvement(
        baseline, current, table=context.table, rate_decimals=context.rate_decimals
    )
    qualifies = eligible and assessment.qualifies
    if not eligible:
        reason = f"not payable this year: {why_not}"
    else:
        verdict = "qualifies" if qualifies else "does not qualify"
        reason = f"{verdict}: {assessment.describe()}"
    return MeasureLine(
        measure=measure,
        qualifies=qualifies,
        reason=reason,
        amount=context.line_amount if qualifies else ZERO,
        payment_date=paid_on,
        reported=(("baseline", rates.baseline), ("current", rates.current)),
        assessment=assessment,
    )


def _percentile_line(context: _Context, measure: Measure, value: object, field: str) -> MeasureLine:
    eligible, why_not, paid_on = _paid(context, measure)
    if value is None:
        return _not_supplied(measure, paid_on)
    components = tuple(
        ComponentResult(
            name,
            round_reported_rate(rate.rate, context.rate_decimals),
            round_reported_rate(rate.percentile_75, context.rate_decimals),
        )
        for name, rate in _percentile_rates(measure, value, field).items()
    )
    meeting = [component.meets for component in components]
    met = all(meeting) if context.rates_rule == "all" else any(meeting)
    qualifies = eligible and met
    if not eligible:
        reason = f"not payable this year: {why_not}"
    else:
        verdict = "qualifies" if qualifies else "does not qualify"
        which = "every" if context.rates_rule == "all" else "at least one"
        joined = "; ".join(component.describe() for component in components)
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
    )


# --------------------------------------------------------------------------------------------------
# The statement


_TEXT, _MONEY, _RATE, _NUMBER = (
    ColumnType.TEXT,
    ColumnType.MONEY,
    ColumnType.RATE,
    ColumnType.NUMBER,
)
_COUNT, _DATE, _BOOL = ColumnType.COUNT, ColumnType.DATE, ColumnType.BOOL

SUMMARY_COLUMNS = (
    Column("measurement_year", _COUNT, title="measurement year", grouping=False),
    Column("profile", _TEXT, description="contract profile id and version"),
    Column(
        "member_months",
        _NUMBER,
        title="member months",
        description="of the measurement year (§3.10.2.1)",
    ),
    Column(
        "pmpm_amount",
        _MONEY,
        title="PMPM amount",
        unit="per member month",
        description="p4p.pmpm_amount",
    ),
    Column(
        "line_amount",
        _MONEY,
        title="line amount",
        description="PMPM x member months, rounded to cents half-up (M3)",
    ),
    Column("qualifying_measures", _COUNT, title="qualifying measures"),
    Column("earned", _MONEY, description="sum of the measure lines"),
    Column("payable", _MONEY, description="after the 105% cap (§3.10.1.2)"),
    Column("forfeited", _MONEY, description="earned - payable"),
    Column("payment_date", _DATE, title="payment date", description="July 1 of the next year (P5)"),
    Column("operations_began", _DATE, title="operations began", brief=False),
    Column(
        "first_full_calendar_year",
        _COUNT,
        title="first full calendar year",
        grouping=False,
        brief=False,
    ),
    Column("baseline_year", _COUNT, title="baseline year", grouping=False, brief=False),
    Column("effect_size_bands", _TEXT, title="effect size bands"),
    Column("what_if", _TEXT, title="what-if overrides"),
)
MEASURE_COLUMNS = (
    Column("number", _COUNT, title="#"),
    Column("measure", _TEXT),
    Column("title", _TEXT, brief=False),
    Column("section", _TEXT),
    Column("rule", _TEXT, brief=False),
    Column("baseline", _RATE, description="as assessed (reversed for HbA1c control)"),
    Column("current", _RATE, description="as assessed (reversed for HbA1c control)"),
    Column("improvement", _NUMBER, unit="percentage points"),
    Column(
        "required",
        _NUMBER,
        description="minimum effect size (points), or the 75th percentile of a single-rate measure",
    ),
    Column("qualifies", _BOOL),
    Column("amount", _MONEY),
    Column("payment_date", _DATE, title="payment date", brief=False),
    Column("reason", _TEXT, brief=False),
)
RATE_COLUMNS = (
    Column("measure", _TEXT),
    Column("rate", _TEXT, description="which rate of the measure"),
    Column("reversed", _BOOL, description="HEDIS poor-control rate reversed (§3.10.2.3)"),
    Column("baseline", _RATE),
    Column("current", _RATE),
    Column(
        "threshold",
        _RATE,
        description="the rate current must reach: baseline + minimum effect size, or the 75th percentile",
    ),
    Column("meets", _BOOL, description="current >= threshold"),
    Column("measure_qualifies", _BOOL, title="measure qualifies"),
)


def _rate_rows(line: MeasureLine) -> list[tuple[Cell, ...]]:
    measure = line.measure.id
    if line.assessment is not None:
        a = line.assessment
        with exact_context():
            threshold = a.baseline + a.required
        return [
            (measure, "rate", line.measure.reversed, a.baseline, a.current, threshold,
             a.current >= threshold, line.qualifies)
        ]  # fmt: skip
    if line.components:
        return [
            (measure, c.name, False, None, c.rate, c.percentile_75, c.meets, line.qualifies)
            for c in line.components
        ]
    return [(measure, None, line.measure.reversed, None, None, None, None, False)]


@attrs.frozen
class IncentiveStatement(Plottable):
    """A plan-year's pay-for-performance statement: one line per measure, the total, the cap.

    Besides ``explain()`` and ``to_dict()`` it shows itself as tables (parts ``summary``,
    ``measures``, ``rates``, ``cap`` and ``parameters``): as HTML in a notebook, as Markdown, as a
    pandas DataFrame (``to_frame()``), as an Excel workbook with live formulas (``to_excel()``) and
    as a chart of each measure's rates against its threshold (``plot()``).
    """

    measurement_year: int
    as_of: dt.date
    member_months: Decimal
    line_amount: Decimal
    lines: tuple[MeasureLine, ...]
    earned: Decimal
    cap: CapResult
    payment_date: dt.date
    operations_began: dt.date
    first_full_calendar_year: int
    baseline_year: int
    parameters: tuple[ParameterValue, ...]
    profile_id: str
    profile_version: str
    profile_verified_on: dt.date
    overrides: tuple[tuple[str, str], ...]

    @property
    def payable(self) -> Decimal:
        """Return the amount payable after the cap."""
        return self.cap.payable

    @property
    def qualifying(self) -> tuple[MeasureLine, ...]:
        """Return the lines that qualify."""
        return tuple(line for line in self.lines if line.qualifies)

    def line(self, measure_id: str) -> MeasureLine:
        """Return the line of one measure by id."""
        for line in self.lines:
            if line.measure.id == measure_id:
                return line
        ids = [line.measure.id for line in self.lines]
        raise InvalidInputError(
            f"no line for measure {measure_id!r}{did_you_mean(measure_id, ids)}",
            field="measure_id",
            value=measure_id,
        )

    def _parameter(self, name: str) -> ParameterValue:
        return next(p for p in self.parameters if p.name == name)

    def tables(self) -> tuple[Table, ...]:
        """Return the statement's parts: summary, measures, rates, cap and parameters.

        Examples
        --------
        >>> from tenncare_calc.p4p.plan_year import sample_path, statement_from_file
        >>> statement = statement_from_file(sample_path("plan_year_2008.toml"))
        >>> [table.name for table in statement.tables()]
        ['summary', 'measures', 'rates', 'cap', 'parameters']
        >>> statement.rows()[0]["measure"], statement.rows()[0]["amount"]
        ('hba1c_testing', '64926.56')
        """
        bands = self._parameter("p4p.effect_size_bands")
        summary = (
            self.measurement_year,
            f"{self.profile_id} {self.profile_version}",
            self.member_months,
            self._parameter("p4p.pmpm_amount").value,
            self.line_amount,
            len(self.qualifying),
            self.earned,
            self.payable,
            self.cap.forfeited,
            self.payment_date,
            self.operations_began,
            self.first_full_calendar_year,
            self.baseline_year,
            "library default" if bands.library_default else "profile",
            "; ".join(f"{name} = {shown}" for name, shown in self.overrides) or None,
        )
        measures = [
            (
                number,
                line.measure.id,
                line.measure.title,
                line.measure.section,
                line.measure.rule.value,
                None if line.assessment is None else line.assessment.baseline,
                None if line.assessment is None else line.assessment.current,
                None if line.assessment is None else line.assessment.improvement,
                line.required,
                line.qualifies,
                line.amount,
                line.payment_date,
                line.reason,
            )
            for number, line in enumerate(self.lines, start=1)
        ]
        rates = [row for line in self.lines for row in _rate_rows(line)]
        title = f"Pay-for-performance statement, measurement year {self.measurement_year}"
        return (
            Table("summary", title, SUMMARY_COLUMNS, (summary,), record=True),
            Table("measures", "Measures (§3.10.2-§3.10.4)", MEASURE_COLUMNS, tuple(measures)),
            Table(
                "rates", "Rates against thresholds (§3.10.3, §3.10.5)", RATE_COLUMNS, tuple(rates)
            ),
            *self.cap.tables(),
            parameter_values_table(self.parameters),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the statement's amounts as Excel formula templates over its inputs.

        Line amount = PMPM x member months rounded half-up to the cent (M3); each measure's amount
        = the line amount when it qualifies; earned = the sum of the lines; the cap as in
        :meth:`CapResult.excel_formulas` on the earned amount; payable and forfeited from the cap.
        """
        cap = dict(self.cap.excel_formulas()["cap"])
        cap["earned"] = "{summary.earned}"
        return {
            "summary": {
                "line_amount": round_cents_formula("{pmpm_amount}*{member_months}"),
                "qualifying_measures": "COUNTIF({measures.qualifies:*}, TRUE)",
                "earned": "SUM({measures.amount:*})",
                "payable": "{cap.payable}",
                "forfeited": "{cap.forfeited}",
            },
            "measures": {"amount": "IF({qualifies}, {summary.line_amount}, 0)"},
            "cap": cap,
        }

    def chart(self) -> ThresholdChart:
        """Return the chart of each measure's baseline, current rate and required threshold.

        ``plot()`` draws it (the ``plot`` extra): qualifying measures in colour, the others in
        grey; see :func:`tenncare_calc.outputs.charts.threshold_chart`.
        """
        return ThresholdChart(
            self.table("rates"), title=f"Pay-for-performance measures, {self.measurement_year}"
        )

    def explain(self) -> str:
        """Return the statement as text a person can check with a calculator, every line cited."""
        pmpm = self._parameter("p4p.pmpm_amount")
        bands = self._parameter("p4p.effect_size_bands")
        text = Explanation(
            f"Pay-for-performance statement, measurement year {self.measurement_year} "
            f"(profile {self.profile_id} {self.profile_version}, verified against the source on "
            f"{self.profile_verified_on.isoformat()})"
        )
        for name, shown in self.overrides:
            text.add(f"WHAT-IF: {name} overridden to {shown}")
        when = (
            "the last day of the measurement year"
            if self.as_of == dt.date(self.measurement_year, 12, 31)
            else "the as_of date"
        )
        text.add(f"Parameters (in force on {when}, {self.as_of.isoformat()}):")
        for parameter in self.parameters:
            text.add(parameter.provenance(), indent=2)
        if bands.library_default:
            text.add(
                "NOTE: the effect size bands are the LIBRARY DEFAULT: the source lost the baseline "
                "column of the NCQA table; see docs/interpretations.md",
                indent=2,
            )
        text.add(
            f"Member months of {self.measurement_year}: {format_decimal(self.member_months)}",
            cites=["3.10.2.1"],
        )
        with exact_context():
            exact_line = pmpm.value * self.member_months
        text.add(
            f"Line amount per qualifying measure = {format_money(pmpm.value)} x "
            f"{format_decimal(self.member_months)} = {format_money(exact_line)} -> "
            f"{format_money(self.line_amount)} (rounded to cents, half-up)",
            cites=[pmpm.section],
        )
        text.add("Measures:")
        for number, line in enumerate(self.lines, start=1):
            text.add(
                f"{number}. {line.measure.title} [{line.measure.id}]", cites=[line.measure.section]
            )
            if line.measure.reversed and line.reported:
                reported = dict(line.reported)
                text.add(
                    f"reversed per {cite_all(['3.10.2.3'])}: baseline 100 - "
                    f"{format_decimal(reported['baseline'], grouping=False)} = "
                    f"{format_decimal(HUNDRED - reported['baseline'], grouping=False)}; current "
                    f"100 - {format_decimal(reported['current'], grouping=False)} = "
                    f"{format_decimal(HUNDRED - reported['current'], grouping=False)}",
                    indent=3,
                )
            text.add(line.reason, indent=3)
            paid = ""
            if line.amount and line.payment_date is not None:
                paid = f", payable {line.payment_date.isoformat()}"
            text.add(f"amount: {format_money(line.amount)}{paid}", indent=3)
        count = len(self.qualifying)
        text.add(
            f"Earned = {count} qualifying measure(s) x {format_money(self.line_amount)} = "
            f"{format_money(self.earned)} (sum of rounded lines)",
            cites=["3.10.2.1"],
        )
        text.extend(self.cap.explain(), indent=1)
        text.add(
            f"Payable {format_money(self.payable)} on {self.payment_date.isoformat()} "
            "(July 1 of the year after the measurement year)",
            cites=["3.10.2.1", "3.10.3"],
        )
        text.add(
            f"Operations began {self.operations_began.isoformat()}: first full calendar year "
            f"{self.first_full_calendar_year} (community tenure, {cite_all(['3.10.4'])}); "
            f"first-year baseline year {self.baseline_year}",
            cites=["3.10.1.3"],
        )
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the statement as deterministic JSON-ready data (Decimals as strings)."""
        return {
            "statement": "pay_for_performance",
            "profile": {
                "id": self.profile_id,
                "version": self.profile_version,
                "verified_against_source_on": self.profile_verified_on.isoformat(),
                "overrides": [list(pair) for pair in self.overrides],
            },
            "measurement_year": self.measurement_year,
            "as_of": self.as_of.isoformat(),
            "parameters": [parameter.to_dict() for parameter in self.parameters],
            "member_months": str(self.member_months),
            "line_amount": str(self.line_amount),
            "lines": [line.to_dict() for line in self.lines],
            "qualifying_measures": len(self.qualifying),
            "earned": str(self.earned),
            "cap": self.cap.to_dict(),
            "payable": str(self.payable),
            "payment_date": self.payment_date.isoformat(),
            "operations_began": self.operations_began.isoformat(),
            "first_full_calendar_year": self.first_full_calendar_year,
            "baseline_year": self.baseline_year,
        }


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
    chosen = _profile(profile)
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
        "p4p.behavioral_rates_rule",
        "p4p.measures",
        "contract.operations_began",
    )
    parameters = tuple(chosen.get(name, on=on) for name in names)
    measures: tuple[Measure, ...] = chosen.value("p4p.measures", tuple, on=on)
    pmpm: Decimal = chosen.value("p4p.pmpm_amount", Decimal, on=on)
    with exact_context():
        line_amount = round_cents(pmpm * months)
    month_day: tuple[int, int] = chosen.value("p4p.payment_date", tuple, on=on)
    context = _Context(
        measurement_year=year,
        line_amount=line_amount,
        table=chosen.value("p4p.effect_size_bands", EffectSizeTable, on=on),
        rate_decimals=chosen.optional_value("p4p.reported_rate_decimals", int, on=on),
        rates_rule=chosen.value("p4p.behavioral_rates_rule", str, on=on),
        payment_date=dt.date(year + 1, *month_day),
        first_full_year=first_full_calendar_year(began),
        payment_month_day=month_day,
    )
    groups = {
        group: [measure for measure in measures if measure.group is group] for group in MeasureGroup
    }
    inputs = {
        **_by_measure(physical_health, groups[MeasureGroup.PHYSICAL_HEALTH], "physical_health"),
        **_by_measure(
            behavioral_health, groups[MeasureGroup.BEHAVIORAL_HEALTH], "behavioral_health"
        ),
        **{measure.id: community_tenure for measure in groups[MeasureGroup.COMMUNITY_TENURE]},
    }
    lines = []
    for measure in measures:
        field = f"{measure.group.value}.{measure.id}"
        if measure.rule is MeasureRule.NATIONAL_PERCENTILE:
            lines.append(_percentile_line(context, measure, inputs[measure.id], field))
        else:
            lines.append(_improvement_line(context, measure, inputs[measure.id], field))
    with exact_context():
        earned = sum((line.amount for line in lines), ZERO)
    cap = apply_capitation_cap(earned, capitation, other_payments, profile=chosen, on=on)
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
