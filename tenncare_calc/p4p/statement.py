"""The pay-for-performance statement as a result (§3.10): its lines, total, cap, tables and text.

:func:`~tenncare_calc.p4p.incentives.incentive_statement` computes it; the statement explains
itself with every line cited, gives deterministic JSON-ready data, and shows itself as tables
(parts ``summary``, ``measures``, ``rates``, ``cap``, ``model_parameters``, ``effect_size_bands``,
``parameters``), a workbook that is a live model (:mod:`tenncare_calc.p4p.statement_model`) and a
chart.

Its parts' columns and rows are in :mod:`tenncare_calc.p4p.statement_parts`.

Examples
--------
>>> from tenncare_calc.p4p.plan_year import sample_path, statement_from_file
>>> statement_from_file(sample_path("plan_year_2008.toml")).table("cap").records()[0]["payable"]
'324632.80'
"""

from __future__ import annotations

__all__ = ["IncentiveStatement"]

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.contract.parameters import ParameterValue, parameter_values_table
from tenncare_calc.core.charts import ThresholdChart
from tenncare_calc.core.errors import InvalidInputError, did_you_mean
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import Table
from tenncare_calc.core.presentable import Plottable, short_repr
from tenncare_calc.core.values import HUNDRED, exact_context, format_decimal, format_money
from tenncare_calc.p4p.statement_model import (
    effect_size_bands_table,
    model_parameters_table,
    statement_formulas,
)
from tenncare_calc.p4p.statement_parts import (
    MEASURE_COLUMNS,
    RATE_COLUMNS,
    SUMMARY_COLUMNS,
    rate_rows,
    shown_to,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

    from tenncare_calc.p4p.cap import CapResult
    from tenncare_calc.p4p.measure_lines import MeasureLine


@attrs.frozen(repr=False)
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

    def __repr__(self) -> str:
        """Return the year, the measures that qualify and the amounts, briefly."""
        return short_repr(
            self,
            measurement_year=self.measurement_year,
            qualifying=f"{len(self.qualifying)} of {len(self.lines)} measures",
            earned=self.earned,
            payable=self.payable,
        )

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
        """Return the statement's parts: summary, measures, rates, cap, the model's parameters.

        ``model_parameters`` and ``effect_size_bands`` are the cells the workbook's formulas read
        (see :mod:`tenncare_calc.p4p.statement_model`); ``parameters`` cites every parameter used.

        Examples
        --------
        >>> from tenncare_calc.p4p.plan_year import sample_path, statement_from_file
        >>> statement = statement_from_file(sample_path("plan_year_2008.toml"))
        >>> [table.name for table in statement.tables()]
        ['summary', 'measures', 'rates', 'cap', 'model_parameters', 'effect_size_bands', 'parameters']
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
                line.payable_this_year,
                line.qualifies,
                line.amount,
                line.payment_date,
                line.reason,
            )
            for number, line in enumerate(self.lines, start=1)
        ]
        rates = [row for line in self.lines for row in rate_rows(line)]
        title = f"Pay-for-performance statement, measurement year {self.measurement_year}"
        places = self._parameter("p4p.shown_rate_decimals").value
        return (
            Table("summary", title, SUMMARY_COLUMNS, (summary,), record=True),
            Table(
                "measures",
                "Measures (§3.10.2-§3.10.4)",
                shown_to(MEASURE_COLUMNS, places),
                tuple(measures),
            ),
            Table(
                "rates",
                "Rates against thresholds (§3.10.3, §3.10.5)",
                shown_to(RATE_COLUMNS, places),
                tuple(rates),
            ),
            *self.cap.tables(),
            model_parameters_table(self.parameters),
            effect_size_bands_table(bands.value, library_default=bands.library_default),
            parameter_values_table(self.parameters),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the statement as a live model: every derived figure a formula over its inputs.

        The rates as assessed, the required effect size (a lookup into the bands), each measure's
        improvement, qualification and amount, the line amount, the earned total and the cap; see
        :mod:`tenncare_calc.p4p.statement_model`.
        """
        return statement_formulas(self.cap.excel_formulas()["cap"])

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
