"""The P4P payment rules pinned exactly (§3.10.2-§3.10.4, rulings P4-P6, M3).

``tests/test_incentives.py`` checks the properties of the incentive; this file pins the half-up
rounding, the dated parameters each rule reads, the fields its errors name and the dates it
returns, so that a changed comparison or constant in ``p4p/payments.py`` fails a test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.p4p.incentives import incentive_statement
from tenncare_calc.p4p.plan_year import (
    plan_year_inputs,
    sample_path,
    statement_from_file,
)
from tests.versioned_profiles import CHANGE_DATE, with_later_version

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))


class TestPmpmLine:
    """Each line is PMPM x member months rounded to cents half-up (P4, M3)."""

    def test_a_half_cent_after_an_even_digit_rounds_up(self) -> None:
        """$0.03 x 1.5 = $0.045 -> $0.05 (half-even would give $0.04)."""
        assert tc.pmpm_incentive("1.5", 1) == Decimal("0.05")
        assert tc.pmpm_incentive("1.5", 3) == Decimal("0.15")

    def test_just_below_a_half_cent_rounds_down(self) -> None:
        """$0.03 x 1.4999 = $0.044997 -> $0.04."""
        assert tc.pmpm_incentive("1.4999", 1) == Decimal("0.04")

    def test_no_measures_earn_nothing(self) -> None:
        """Zero qualifying measures earn $0.00."""
        assert tc.pmpm_incentive(1_000_000, 0) == Decimal("0.00")

    def test_pmpm_version_in_force_on_the_date(self) -> None:
        """The PMPM in force ``on`` a date is used; the latest one when no date is given."""
        profile = with_later_version(tc.default_profile(), "p4p.pmpm_amount", "0.04")
        day_before = CHANGE_DATE - dt.timedelta(days=1)
        assert tc.pmpm_incentive(1000, 1, profile=profile, on=day_before) == Decimal("30.00")
        assert tc.pmpm_incentive(1000, 1, profile=profile, on=CHANGE_DATE) == Decimal("40.00")
        assert tc.pmpm_incentive(1000, 1, profile=profile) == Decimal("40.00")

    @pytest.mark.parametrize("measures", [-1, "x", 1.5])
    def test_bad_measure_count_names_measures(self, measures: object) -> None:
        """The error names the ``measures`` argument."""
        with pytest.raises(tc.TennCareError) as caught:
            tc.pmpm_incentive(100, measures)  # type: ignore[arg-type]
        assert caught.value.field == "measures"
        assert "'measures'" in str(caught.value)


class TestPaymentDate:
    """July 1 of the year after the measurement year, from the profile in force on Dec 31 (P5)."""

    def test_month_and_day_come_from_the_year_end_version(self) -> None:
        """A payment date changed from 2010 applies to measurement year 2010, not 2009."""
        profile = with_later_version(tc.default_profile(), "p4p.payment_date", "08-15")
        assert tc.payment_date(2009, profile=profile) == dt.date(2010, 7, 1)
        assert tc.payment_date(2010, profile=profile) == dt.date(2011, 8, 15)

    def test_changed_on_the_last_day_of_the_year(self) -> None:
        """A version effective on Dec 31 of the measurement year is the one in force."""
        profile = with_later_version(
            tc.default_profile(), "p4p.payment_date", "08-15", dt.date(2009, 12, 31)
        )
        assert tc.payment_date(2009, profile=profile) == dt.date(2010, 8, 15)
        assert tc.payment_date(2008, profile=profile) == dt.date(2009, 7, 1)

    def test_bad_year_names_the_field(self) -> None:
        """The error names ``measurement_year``."""
        with pytest.raises(tc.InvalidTypeError) as caught:
            tc.payment_date(b"2008")  # type: ignore[arg-type]
        assert caught.value.field == "measurement_year"


class TestFirstFullCalendarYear:
    """A contractor that began on January 1 operated that whole year; otherwise the next year."""

    @given(DATES)
    def test_january_first_or_the_next_year(self, began: dt.date) -> None:
        """Exactly January 1 is the same year; every other day is the next year."""
        expected = began.year if (began.month, began.day) == (1, 1) else began.year + 1
        assert tc.first_full_calendar_year(began) == expected

    @pytest.mark.parametrize(
        ("began", "first"),
        [
            (dt.date(2008, 1, 1), 2008),
            (dt.date(2008, 1, 2), 2009),
            (dt.date(2008, 2, 1), 2009),
            (dt.date(2007, 12, 31), 2008),
        ],
    )
    def test_around_january_first(self, began: dt.date, first: int) -> None:
        """The day itself and its neighbours."""
        assert tc.first_full_calendar_year(began) == first

    def test_bad_date_names_the_field(self) -> None:
        """The error names ``operations_began``."""
        with pytest.raises(tc.InvalidTypeError) as caught:
            tc.first_full_calendar_year(b"2008-01-01")  # type: ignore[arg-type]
        assert caught.value.field == "operations_began"


class TestBaselineYear:
    """The last full calendar year before operations began, or the latest complete one before it."""

    def test_the_year_itself_is_complete(self) -> None:
        """A complete year equal to the last full year is used (on or before is inclusive)."""
        began = dt.date(2007, 4, 1)
        assert tc.baseline_year(began, complete_data_years=[2005, 2006, 2007]) == 2006
        assert tc.baseline_year(began, complete_data_years=[2006]) == 2006
        assert tc.baseline_year(dt.date(2007, 1, 1), complete_data_years=[2006]) == 2006

    def test_only_later_years_is_an_error(self) -> None:
        """No complete year on or before the last full year: the error says which and why."""
        with pytest.raises(tc.InvalidValueError) as caught:
            tc.baseline_year(dt.date(2007, 4, 1), complete_data_years=[2008, 2007])
        assert caught.value.field == "complete_data_years"
        assert caught.value.value == [2007, 2008]
        assert str(caught.value) == (
            "'complete_data_years' has no year on or before 2006 (got [2007, 2008]); "
            "§3.10.1.3 needs a complete year before operations began"
        )

    @pytest.mark.parametrize(
        ("field", "call"),
        [
            ("operations_began", lambda: tc.baseline_year(b"2007-04-01")),  # type: ignore[arg-type]
            (
                "complete_data_years",
                lambda: tc.baseline_year(dt.date(2007, 4, 1), complete_data_years=[b"2006"]),
            ),
        ],
    )
    def test_bad_arguments_name_the_field(self, field: str, call: object) -> None:
        """Each bad argument's error names it."""
        with pytest.raises(tc.InvalidTypeError) as caught:
            call()  # type: ignore[operator]
        assert caught.value.field == field


class TestStatementInputs:
    """The statement reads each parameter in force on ``as_of`` and names each bad argument."""

    def test_parameters_are_the_versions_in_force_on_as_of(self) -> None:
        """Versions from 2010 apply to a 2009 statement only when it is computed as of 2010."""
        profile = with_later_version(tc.default_profile(), "p4p.pmpm_amount", "0.04")
        profile = with_later_version(
            profile,
            "p4p.effect_size_bands",
            "[{baseline_from = 0, baseline_to = 100, minimum_effect_size = 1}]",
        )
        profile = with_later_version(profile, "contract.operations_began", "2009-01-01")
        inputs = {**plan_year_inputs(sample_path("plan_year_2008.toml")), "profile": profile}
        inputs.pop("operations_began", None)
        year_end = incentive_statement(**{**inputs, "measurement_year": 2009})
        later = incentive_statement(
            **{**inputs, "measurement_year": 2009, "as_of": dt.date(2010, 1, 1)}
        )
        assert year_end.line_amount == Decimal("64926.56")
        assert later.line_amount == Decimal("86568.75")
        assert year_end.line("ldl_c_screening").qualifies is False  # +2.4 < 3
        assert later.line("ldl_c_screening").qualifies is True  # +2.4 >= 1
        assert (year_end.first_full_calendar_year, later.first_full_calendar_year) == (2008, 2009)

    def test_other_payments_default_to_nothing(self) -> None:
        """With no other payments, a room of exactly the earned amount pays all of it."""
        inputs = plan_year_inputs(sample_path("plan_year_2008.toml"))
        inputs.pop("other_payments")
        # 5 qualifying lines of $64,926.56 = $324,632.80 = 5% of $6,492,656.00
        statement = incentive_statement(**{**inputs, "capitation": "6492656.00"})
        assert (statement.earned, statement.payable) == (Decimal("324632.80"),) * 2
        assert statement.cap.binding is False

    def test_member_months_of_another_year(self) -> None:
        """A member-months result must be of the measurement year; one without a year is taken."""

        class Counted:
            total = Decimal(1000)
            year = 2007

        class Total:
            total = Decimal(1000)

        inputs = plan_year_inputs(sample_path("plan_year_2008.toml"))
        with pytest.raises(tc.InvalidValueError) as caught:
            incentive_statement(**{**inputs, "member_months": Counted()})
        assert (caught.value.field, caught.value.value) == ("member_months", 2007)
        assert str(caught.value) == (
            "'member_months' were computed for 2007, but the measurement year is 2008; "
            "§3.10.2.1 applies member months of the preceding calendar year"
        )
        statement = incentive_statement(**{**inputs, "member_months": Total()})
        assert statement.member_months == Decimal(1000)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"measurement_year": b"2008"}, "measurement_year"),
            ({"operations_began": b"2007-04-01"}, "operations_began"),
            ({"as_of": b"2008-12-31"}, "as_of"),
            ({"physical_health": {"hba1c_testin": None}}, "physical_health"),
            ({"behavioral_health": {"adhd": None}}, "behavioral_health"),
        ],
    )
    def test_bad_arguments_name_the_field(self, change: dict[str, object], field: str) -> None:
        """Each bad argument's error names it."""
        inputs = {**plan_year_inputs(sample_path("plan_year_2008.toml")), **change}
        with pytest.raises(tc.TennCareError) as caught:
            incentive_statement(**inputs)
        assert caught.value.field == field

    def test_rates_shown_to_the_profile_places(self) -> None:
        """A rate with more decimals than p4p.shown_rate_decimals is shown rounded in the reason."""
        inputs = plan_year_inputs(sample_path("plan_year_2008.toml"))
        physical = {**inputs["physical_health"], "hba1c_testing": (58.2, "64.12345678")}
        line = incentive_statement(**{**inputs, "physical_health": physical}).line("hba1c_testing")
        assert line.reason == (
            "does not qualify: improvement ~5.923457 points (~64.123457 - 58.2) < required "
            "6 points (baseline 58.2 is in band 'below 60')"
        )

    def test_a_behavioral_measure_not_supplied_is_still_payable_this_year(self) -> None:
        """No audited rate: it does not qualify, but the year is its payment year."""
        inputs = plan_year_inputs(sample_path("plan_year_2008.toml"))
        behavioral = {**inputs["behavioral_health"], "adhd_follow_up": None}
        line = incentive_statement(**{**inputs, "behavioral_health": behavioral}).line(
            "adhd_follow_up"
        )
        assert (line.qualifies, line.payable_this_year) == (False, True)
        assert line.reason == "does not qualify: no audited rate was supplied"

    def test_chart_reads_the_rates_part(self) -> None:
        """The chart is drawn from the statement's rates part."""
        statement = statement_from_file(sample_path("plan_year_2008.toml"))
        chart = statement.chart()
        assert chart.table.name == "rates"
        assert chart.title == "Pay-for-performance measures, 2008"
