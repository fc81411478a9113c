"""The parts of a pay-for-performance statement (§3.10): their columns, and its rates as rows.

:class:`~tenncare_calc.p4p.statement.IncentiveStatement` shows itself as the parts ``summary``
(:data:`SUMMARY_COLUMNS`), ``measures`` (:data:`MEASURE_COLUMNS`, one row per measure) and
``rates`` (:data:`RATE_COLUMNS`, one row per reported rate, :func:`rate_rows`); its rates and
numbers are shown to the profile's ``p4p.shown_rate_decimals`` places (:func:`shown_to`).

>>> [column.name for column in RATE_COLUMNS][:6]
['measure', 'rate', 'reversed', 'reported_baseline', 'reported_current', 'percentile_75']
"""

from __future__ import annotations

__all__ = ["MEASURE_COLUMNS", "RATE_COLUMNS", "SUMMARY_COLUMNS", "rate_rows", "shown_to"]

from typing import TYPE_CHECKING

import attrs

from tenncare_calc.core.parts import Cell, Column, ColumnType
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    from tenncare_calc.p4p.measure_lines import MeasureLine


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
    Column(
        "payable_this_year",
        _BOOL,
        title="payable this year",
        brief=False,
        description="whether the measure is paid for this measurement year (community tenure: "
        "the first full calendar year of operation, §3.10.4)",
    ),
    Column("qualifies", _BOOL),
    Column("amount", _MONEY),
    Column("payment_date", _DATE, title="payment date", brief=False),
    Column(
        "reason",
        _TEXT,
        brief=False,
        description="the library's reasoning on the rates given (a workbook's edits do not change it)",
    ),
)
RATE_COLUMNS = (
    Column("measure", _TEXT),
    Column("rate", _TEXT, description="which rate of the measure"),
    Column("reversed", _BOOL, description="HEDIS poor-control rate reversed (§3.10.2.3)"),
    Column(
        "reported_baseline",
        _RATE,
        title="baseline as reported",
        brief=False,
        description="the audited baseline rate as given (HbA1c control: the poor-control rate)",
    ),
    Column(
        "reported_current",
        _RATE,
        title="current as reported",
        brief=False,
        description="the audited current rate as given (HbA1c control: the poor-control rate)",
    ),
    Column(
        "percentile_75",
        _RATE,
        title="75th percentile",
        brief=False,
        description="the national Medicaid 75th percentile a behavioral rate must reach (§3.10.3)",
    ),
    Column("baseline", _RATE, description="as assessed: reversed and rounded as the profile says"),
    Column("current", _RATE, description="as assessed: reversed and rounded as the profile says"),
    Column(
        "required",
        _NUMBER,
        brief=False,
        unit="percentage points",
        description="the minimum effect size for the baseline, from the bands (§3.10.5)",
    ),
    Column(
        "threshold",
        _RATE,
        description="the rate current must reach: baseline + minimum effect size, or the 75th percentile",
    ),
    Column("meets", _BOOL, description="current >= threshold"),
    Column("measure_qualifies", _BOOL, title="measure qualifies"),
)


def shown_to(columns: tuple[Column, ...], places: int) -> tuple[Column, ...]:
    """Return ``columns`` with rates and numbers shown to at most ``places`` decimals.

    >>> [column.places for column in shown_to(RATE_COLUMNS, 6)][3:6]
    [6, 6, 6]
    """
    numbers = {_RATE, _NUMBER}
    return tuple(
        attrs.evolve(column, places=places) if column.type in numbers else column
        for column in columns
    )


def rate_rows(line: MeasureLine) -> list[tuple[Cell, ...]]:
    """Return the ``rates`` rows of one measure's line: one per reported rate (one if none).

    An improvement measure's row holds its rates as reported and as assessed, the required effect
    size and the threshold; a behavioral rate's, the rate and its 75th percentile.
    """
    measure = line.measure.id
    if line.assessment is not None:
        a = line.assessment
        reported = dict(line.reported)
        with exact_context():
            threshold = a.baseline + a.required
        return [
            (measure, "rate", line.measure.reversed, reported["baseline"], reported["current"],
             None, a.baseline, a.current, a.required, threshold, a.current >= threshold,
             line.qualifies)
        ]  # fmt: skip
    if line.components:
        return [
            (measure, c.name, False, None, c.rate, c.percentile_75, None, c.rate, None,
             c.percentile_75, c.meets, line.qualifies)
            for c in line.components
        ]  # fmt: skip
    return [(measure, None, line.measure.reversed, *(None,) * 8, False)]
