"""Tests of exact values (rulings M1-M3) and the error hierarchy."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc.core import errors
from tenncare_calc.core.values import (
    CENT,
    YEARS,
    exact_context,
    floor_cents,
    format_money,
    round_cents,
    to_cents,
    to_count,
    to_date,
    to_decimal,
    to_member_months,
    to_money,
    to_percent,
    to_rate,
    to_year,
)
from tests.strategies import BAD_NUMBERS, EPSILONS, WRONG_TYPES, decimals, rates


class TestToDecimal:
    """M1: int, str, Decimal and float (through its shortest repr) become exact Decimals."""

    @given(st.floats(min_value=-1e20, max_value=1e20).filter(lambda v: abs(v) >= 1e-20 or not v))
    @example(58.2)
    @example(0.1)
    def test_float_goes_through_shortest_repr(self, value: float) -> None:
        """A float means the number its repr shows, not its binary expansion."""
        assert to_decimal(value, field="x") == Decimal(repr(value))

    @given(st.integers(min_value=-(10**21) + 1, max_value=10**21 - 1))
    @example(10**21 - 1)
    def test_int_is_exact(self, value: int) -> None:
        """Integers up to 10^21 in size convert exactly."""
        assert to_decimal(value, field="x") == value

    @given(st.integers(min_value=10**21, max_value=10**400), st.sampled_from([1, -1]))
    @example(10**21, 1)
    def test_numbers_from_10_to_the_21_are_refused(self, size: int, sign: int) -> None:
        """10^21 and beyond, as int, Decimal or text, is refused up front (never overflowed)."""
        for value in (size * sign, Decimal(size * sign), str(size * sign)[:90]):
            with pytest.raises(errors.InvalidValueError, match="smaller than 10\\^21"):
                to_decimal(value, field="x")

    @given(decimals(-(10**12), 10**12, places=8))
    def test_str_and_decimal_round_trip(self, value: Decimal) -> None:
        """A Decimal and its string form convert to the same value."""
        assert to_decimal(str(value), field="x") == value
        assert to_decimal(value, field="x") == value

    @given(WRONG_TYPES)
    def test_wrong_types_raise_type_errors(self, value: object) -> None:
        """bool, None, containers and other objects are TypeError-family errors naming the field."""
        with pytest.raises(errors.InvalidTypeError) as caught:
            to_decimal(value, field="capitation")
        assert isinstance(caught.value, TypeError)
        assert caught.value.field == "capitation"
        assert "'capitation'" in str(caught.value)

    @given(BAD_NUMBERS)
    def test_bad_numbers_raise_value_errors(self, value: object) -> None:
        """NaN, infinities and non-numeric text are ValueError-family errors naming the field."""
        with pytest.raises(errors.InvalidValueError) as caught:
            to_decimal(value, field="baseline")
        assert isinstance(caught.value, ValueError)
        assert caught.value.field == "baseline"
        assert caught.value.value is value

    def test_bool_is_rejected_even_though_it_is_an_int(self) -> None:
        """True is an int subclass in Python but never a number here."""
        with pytest.raises(TypeError, match="not bool"):
            to_decimal(True, field="x")  # noqa: FBT003 - the bad input under test


class TestRanges:
    """M2: rates are percentages in [0, 100]; money and member months are >= 0."""

    @given(EPSILONS)
    def test_rate_bounds_are_inclusive(self, epsilon: Decimal) -> None:
        """0 and 100 are rates; anything beyond either by any amount is not."""
        assert to_rate(0, field="r") == 0
        assert to_rate(100, field="r") == 100
        for outside in (-epsilon, 100 + epsilon):
            with pytest.raises(errors.InvalidValueError, match="'r' must be a percentage"):
                to_rate(outside, field="r")

    @given(rates())
    def test_every_rate_in_range_is_accepted_unchanged(self, rate: Decimal) -> None:
        """Rates are kept exactly as given (no rounding, ruling P1 table rules)."""
        assert to_rate(rate, field="r") == rate

    @given(EPSILONS)
    def test_negative_amounts_are_rejected(self, epsilon: Decimal) -> None:
        """Money and member months below zero are errors; zero is fine."""
        for convert in (to_money, to_member_months):
            assert convert(0, field="f") == 0
            with pytest.raises(errors.InvalidValueError, match=">= 0"):
                convert(-epsilon, field="f")

    def test_negative_zero_is_normalised(self) -> None:
        """-0 prints as 0 so outputs stay deterministic."""
        assert str(to_money("-0.00", field="f")) == "0.00"
        assert str(to_rate("-0", field="f")) == "0"

    def test_percent_must_be_positive(self) -> None:
        """A cap percentage may exceed 100 but not be zero."""
        assert to_percent("105", field="cap") == 105
        with pytest.raises(errors.InvalidValueError):
            to_percent(0, field="cap")


class TestCounts:
    """Counts are whole numbers >= 0; bool and fractions are rejected."""

    @given(st.integers(min_value=0, max_value=10**9))
    def test_whole_numbers_in_any_form(self, count: int) -> None:
        """int, integral str and integral Decimal give the same count."""
        assert to_count(count, field="n") == count
        assert to_count(str(count), field="n") == count
        assert to_count(Decimal(count), field="n") == count

    @given(st.sampled_from([Decimal("2.5"), "0.1", 1.5, -1, "-3"]))
    def test_fractions_and_negatives_are_value_errors(self, value: object) -> None:
        """A count of 2.5 or -1 is a ValueError-family error."""
        with pytest.raises(errors.InvalidValueError):
            to_count(value, field="n")

    def test_bool_is_a_type_error(self) -> None:
        """True is not a count."""
        with pytest.raises(errors.InvalidTypeError):
            to_count(True, field="n")  # noqa: FBT003 - the bad input under test


class TestDatesAndYears:
    """Dates are dates (a datetime is not truncated); a contract year is an int from 1900 to 9998."""

    @given(st.dates())
    def test_a_date_is_returned_unchanged(self, day: dt.date) -> None:
        """Every date is accepted as it is."""
        assert to_date(day, field="due") is day

    @given(st.datetimes().filter(lambda moment: moment.time() != dt.time(0)))
    def test_a_moment_with_a_time_of_day_is_not_truncated(self, moment: dt.datetime) -> None:
        """A datetime with a time of day is a type error: its time would be dropped."""
        with pytest.raises(errors.InvalidTypeError, match=r"'due' must be a date, not a moment"):
            to_date(moment, field="due")

    @given(st.dates())
    def test_a_midnight_datetime_and_iso_text_are_that_day(self, day: dt.date) -> None:
        """Midnight, ISO text and M/D/YYYY text of a day all give the day."""
        midnight = dt.datetime.combine(day, dt.time(0))
        assert to_date(midnight, field="due") == day
        if day.year >= 1000:
            assert to_date(day.isoformat(), field="due") == day
            assert to_date(f"{day.month}/{day.day}/{day.year}", field="due") == day

    @given(st.one_of(st.integers(), st.floats(), st.binary()))
    def test_numbers_are_type_errors(self, value: object) -> None:
        """A number is never guessed to be a date (Excel serials are read only when asked)."""
        if isinstance(value, float) and value != value:  # noqa: PLR0124 - NaN is missing
            return
        with pytest.raises(errors.InvalidTypeError, match=r"'due' must be a date"):
            to_date(value, field="due")

    @given(st.text(max_size=12).filter(lambda text: "/" not in text and "-" not in text))
    def test_other_text_is_a_value_error(self, text: str) -> None:
        """Text that writes no date is a value error naming the forms."""
        with pytest.raises(errors.InvalidValueError, match=r"YYYY-MM-DD or M/D/YYYY"):
            to_date(text, field="due")

    @pytest.mark.parametrize("text", ["13/5/2008", "2/30/2008", "2008-13-01", "08-01-05", "1/5/08"])
    def test_day_first_and_impossible_days_are_refused(self, text: str) -> None:
        """D/M/YYYY is never guessed, and no day is invented."""
        with pytest.raises(errors.InvalidValueError, match="month first"):
            to_date(text, field="due")

    @given(st.integers(min_value=-(10**6), max_value=10**6))
    @example(YEARS.start - 1)
    @example(YEARS.start)
    @example(YEARS.stop - 1)
    @example(YEARS.stop)
    def test_years_are_bounded_on_both_sides(self, year: int) -> None:
        """1899 and 9999 are rejected, 1900 and 9998 accepted: both sides of both lines."""
        if 1900 <= year <= 9998:
            assert to_year(year, field="year") == year
        else:
            with pytest.raises(errors.InvalidValueError, match="between 1900 and 9998"):
                to_year(year, field="year")

    @pytest.mark.parametrize("value", [True, 2008.0, "2008.0", "twenty", None])
    def test_a_year_must_be_a_whole_number(self, value: object) -> None:
        """bool, float, non-digit text and None are type errors, not coerced."""
        with pytest.raises(errors.InvalidTypeError, match="'year'"):
            to_year(value, field="year")

    @pytest.mark.parametrize("value", ["2008", " 2008 "])
    def test_digit_text_is_a_year(self, value: str) -> None:
        """Digit text, as a CSV or a form gives it, is a year."""
        assert to_year(value, field="year") == 2008


class TestRounding:
    """M3: lines are rounded to cents half-up; the cap uses floor rounding."""

    @given(decimals(0, 10**9, places=2), st.integers(min_value=0, max_value=9999))
    @example(Decimal("72370.36"), 5000)
    def test_half_up_at_every_fraction_of_a_cent(self, cents: Decimal, tenths: int) -> None:
        """Below half a cent rounds down, half a cent and above rounds up."""
        fraction = Decimal(tenths) / Decimal(1_000_000)  # 0 to 0.009999 dollars
        expected = cents if fraction < Decimal("0.005") else cents + CENT
        assert round_cents(cents + fraction) == expected

    @given(decimals(0, 10**9, places=6), decimals(0, 10**9, places=6))
    def test_rounding_is_monotone(self, a: Decimal, b: Decimal) -> None:
        """A larger amount never rounds to fewer cents."""
        low, high = sorted((a, b))
        assert round_cents(low) <= round_cents(high)
        assert floor_cents(low) <= floor_cents(high)

    @given(decimals(-(10**9), 10**9, places=6))
    def test_floor_never_exceeds_the_amount(self, amount: Decimal) -> None:
        """Floor rounding stays at or below the amount, within a cent."""
        floored = floor_cents(amount)
        assert floored <= amount < floored + CENT

    def test_caller_context_does_not_change_results(self) -> None:
        """A notebook's low-precision global context cannot change a cent."""
        with decimal.localcontext() as context:
            context.prec = 3
            context.rounding = decimal.ROUND_DOWN
            assert round_cents(Decimal("72370.365")) == Decimal("72370.37")
            with exact_context():
                assert Decimal("1234567.89") + Decimal("0.01") == Decimal("1234567.90")

    def test_to_cents_rejects_fractions_of_a_cent(self) -> None:
        """Amounts that should already be lines must be whole cents."""
        assert to_cents("5", field="earned") == Decimal("5.00")
        with pytest.raises(errors.InvalidValueError, match="whole number of cents"):
            to_cents("5.001", field="earned")

    @pytest.mark.parametrize(
        ("amount", "text"),
        [
            (Decimal(0), "$0.00"),
            (Decimal("1234567.891"), "$1,234,567.891"),
            (Decimal(-5), "-$5.00"),
            (Decimal("1E+3"), "$1,000.00"),
        ],
    )
    def test_format_money(self, amount: Decimal, text: str) -> None:
        """Money prints with cents and separators, never hiding a sub-cent fraction."""
        assert format_money(amount) == text


class TestErrorHierarchy:
    """One base exception; each subclass is also the built-in that fits."""

    @pytest.mark.parametrize(
        ("error", "builtin"),
        [
            (errors.InvalidValueError, ValueError),
            (errors.InvalidInputError, ValueError),
            (errors.ProfileError, ValueError),
            (errors.OutsideTermError, ValueError),
            (errors.RejectedRowsError, ValueError),
            (errors.InvalidTypeError, TypeError),
            (errors.MissingDependencyError, ImportError),
        ],
    )
    def test_each_error_is_a_tenncare_error_and_its_builtin(
        self, error: type[errors.TennCareError], builtin: type[Exception]
    ) -> None:
        """Callers can catch the library's base class or the built-in."""
        assert issubclass(error, errors.TennCareError)
        assert issubclass(error, builtin)

    def test_require_names_the_extra(self) -> None:
        """A missing optional dependency names the extra that installs it."""
        with pytest.raises(errors.MissingDependencyError, match=r"tenncare-calc\[data\]") as caught:
            errors.require("no_such_module_tenncare", extra="data", purpose="columnar input")
        assert caught.value.extra == "data"
