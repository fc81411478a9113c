"""Tests of the contract calendar: holidays, business days, due dates and days late (D1, L1, L2)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc.contract import calendar
from tenncare_calc.contract.calendar import (
    DueDate,
    HolidayCalendar,
    HolidayRule,
    add_business_days,
    annual_due_dates,
    business_days,
    business_days_between,
    calendar_days,
    days_late,
    holiday_dates,
    is_business_day,
    load_holiday_calendar,
    monthly_due_dates,
    next_business_day,
    no_holidays,
    previous_business_day,
    quarterly_due_dates,
    roll_to_business_day,
    tennessee_state_holidays,
    weekly_due_dates,
)
from tenncare_calc.contract.loader import default_profile
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
)
from tests.strategies import BUSINESS_DAY_COUNTS, HOLIDAY_LISTS, days

if TYPE_CHECKING:
    from pathlib import Path

D = dt.date
TN = tennessee_state_holidays()


def _step_oracle(start: dt.date, count: int, holidays: HolidayCalendar) -> dt.date:
    """Count business days one calendar day at a time (slow, obviously right)."""
    day, remaining, step = start, abs(count), 1 if count > 0 else -1
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < 5 and not holidays.is_holiday(day):
            remaining -= 1
    return day


class TestTennesseeHolidays:
    """The shipped default calendar (ruling D1)."""

    def test_2025_matches_the_states_published_schedule(self) -> None:
        """2025 state office closures (Tennessee Secretary of State), less the one-off Christmas Eve."""
        expected = [
            D(2025, 1, 1),
            D(2025, 1, 20),
            D(2025, 2, 17),
            D(2025, 4, 18),
            D(2025, 5, 26),
            D(2025, 6, 19),
            D(2025, 7, 4),
            D(2025, 9, 1),
            D(2025, 11, 11),
            D(2025, 11, 27),
            D(2025, 11, 28),
            D(2025, 12, 25),
        ]
        assert [holiday.date for holiday in TN.holidays(2025)] == expected

    def test_2008_by_hand(self) -> None:
        """2008 worked out by hand from Tenn. Code Ann. § 15-1-101 (Easter was March 23)."""
        expected = [
            D(2008, 1, 1),
            D(2008, 1, 21),
            D(2008, 2, 18),
            D(2008, 3, 21),
            D(2008, 5, 26),
            D(2008, 7, 4),
            D(2008, 9, 1),
            D(2008, 11, 11),
            D(2008, 11, 27),
            D(2008, 11, 28),
            D(2008, 12, 25),
        ]
        assert [holiday.date for holiday in TN.holidays(2008)] == expected

    def test_weekend_holidays_move_to_the_nearest_weekday(self) -> None:
        """Saturday → the Friday before, Sunday → the Monday after, across year ends too."""
        assert TN.holiday(D(2009, 7, 3)).actual == D(2009, 7, 4)  # type: ignore[union-attr]
        assert TN.is_holiday(D(2010, 7, 5))  # July 4, 2010 was a Sunday
        assert TN.is_holiday(D(2010, 12, 31))  # January 1, 2011 was a Saturday
        assert not TN.is_holiday(D(2011, 1, 1))
        assert D(2010, 12, 31) not in [h.date for h in TN.holidays(2011)]
        assert TN.is_holiday(D(2023, 1, 2))  # January 1, 2023 was a Sunday

    def test_juneteenth_from_2023_only(self) -> None:
        """Juneteenth became a Tennessee state holiday in 2023."""
        assert not TN.is_holiday(D(2022, 6, 20))
        assert TN.is_holiday(D(2023, 6, 19))
        assert TN.is_holiday(D(2027, 6, 18))  # June 19, 2027 is a Saturday

    def test_columbus_day_is_the_friday_after_thanksgiving_by_default(self) -> None:
        """The governor's substitution; the statute's October date is the switchable alternative."""
        assert not TN.is_holiday(D(2008, 10, 13))
        assert TN.is_holiday(D(2008, 11, 28))
        october = tennessee_state_holidays(columbus_day="october")
        assert october.is_holiday(D(2008, 10, 13))
        assert not october.is_holiday(D(2008, 11, 28))
        with pytest.raises(InvalidValueError, match="columbus_day"):
            tennessee_state_holidays(columbus_day="never")  # type: ignore[arg-type]

    @given(st.integers(2007, 2060))
    def test_every_observed_holiday_is_a_weekday_and_the_count_is_fixed(self, year: int) -> None:
        """Eleven holidays a year (twelve from 2023), each observed on a weekday, in its year."""
        falling = [h for y in (year - 1, year, year + 1) for h in TN.holidays(y)]
        falling_in_year = [h for h in falling if h.actual.year == year]
        assert len(falling_in_year) == (12 if year >= 2023 else 11)
        for holiday in TN.holidays(year):
            assert holiday.date.weekday() < 5
            assert holiday.date.year == year
            assert abs((holiday.date - holiday.actual).days) <= 1

    def test_explain_and_to_dict(self) -> None:
        """The calendar cites its source and lists its rules; to_dict is JSON-ready."""
        text = TN.explain()
        assert "15-1-101" in text
        assert "Good Friday: FREQ=YEARLY;BYEASTER=-2" in text
        assert "2008-11-28 Friday: Columbus Day" in TN.explain(2008)
        data = TN.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["rules"][5]["first_year"] == 2023


class TestHolidayCalendars:
    """Calendars the caller supplies (ruling D1)."""

    def test_a_list_of_dates_replaces_the_default(self) -> None:
        """Passing dates uses exactly those holidays (and not Tennessee's)."""
        christmas = D(2008, 12, 25)
        assert is_business_day(christmas, holidays=[])
        assert is_business_day(christmas, holidays=no_holidays())
        assert not is_business_day(D(2008, 12, 24), holidays=[D(2008, 12, 24)])
        assert is_business_day(D(2008, 11, 28), holidays=[D(2008, 12, 24)])

    def test_with_dates_adds_named_days(self) -> None:
        """A governor's proclamation (Christmas Eve 2025) added to the default."""
        extra = TN.with_dates({D(2025, 12, 24): "Christmas Eve (proclamation)"})
        assert extra.holiday(D(2025, 12, 24)).name == "Christmas Eve (proclamation)"  # type: ignore[union-attr]
        assert not is_business_day(D(2025, 12, 24), holidays=extra)
        assert is_business_day(D(2025, 12, 24))

    def test_without_and_with_rule(self) -> None:
        """Rules can be removed by name and added."""
        no_good_friday = TN.without("Good Friday")
        assert not no_good_friday.is_holiday(D(2008, 3, 21))
        added = no_good_friday.with_rule(HolidayRule("Easter Monday", "FREQ=YEARLY;BYEASTER=1"))
        assert added.is_holiday(D(2008, 3, 24))
        with pytest.raises(InvalidInputError, match="no holiday named 'Boxing Day'"):
            TN.without("Boxing Day")

    def test_rule_bounds_and_observance(self) -> None:
        """first_year/last_year bound a rule; as_is keeps a weekend holiday on the weekend."""
        rule = HolidayRule(
            "Test", "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4", first_year=2009, last_year=2010
        )
        assert rule.holidays(2008) == ()
        assert rule.holidays(2009)[0].date == D(2009, 7, 4)  # a Saturday, kept
        assert rule.holidays(2011) == ()

    @pytest.mark.parametrize(
        ("rule", "message"),
        [
            ("FREQ=MONTHLY;BYMONTHDAY=1", "yearly rule"),
            ("FREQ=YEARLY;BYMONTH=1;COUNT=3", "yearly rule"),
            ("FREQ=YEARLY;BYFOO=1", "not a valid RRULE"),
            ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "gives no day at all"),
            ("", "must be an RRULE"),
        ],
    )
    def test_bad_rules_are_rejected(self, rule: str, message: str) -> None:
        """A rule that is not a plain yearly RRULE is an error naming the field."""
        with pytest.raises(InvalidInputError, match=message):
            HolidayRule("Bad", rule)

    @given(
        month=st.integers(1, 12),
        day=st.one_of(st.integers(1, 31), st.integers(-31, -1)),
        weekday=st.one_of(
            st.just(""),
            st.builds(
                lambda nth, name: f";BYDAY={nth}{name}",
                st.sampled_from(["", "1", "2", "-1", "4"]),
                st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
            ),
        ),
        bound=st.one_of(
            st.just(""),
            st.builds(
                lambda start, end: f"DTSTART:{start}0101\nRRULE:UNTIL={end}0101;",
                st.integers(1985, 2030),
                st.integers(1985, 2035),
            ),
            st.builds(
                lambda start, count: f"DTSTART:{start}0101\nRRULE:COUNT={count};",
                st.integers(1985, 2030),
                st.integers(1, 20),
            ),
        ),
    )
    @example(month=2, day=30, weekday="", bound="")  # no day at all
    @example(month=2, day=29, weekday=";BYDAY=TU", bound="")  # a leap day on a Tuesday: 2000 only
    @example(month=1, day=1, weekday="", bound="DTSTART:19900101\nRRULE:UNTIL=19950101;")
    @example(month=1, day=1, weekday="", bound="DTSTART:19900101\nRRULE:COUNT=10;")
    @example(month=1, day=1, weekday="", bound="DTSTART:19900101\nRRULE:COUNT=11;")
    def test_a_rule_is_taken_when_it_gives_a_day_in_the_28_years(
        self, month: int, day: int, weekday: str, bound: str
    ) -> None:
        """A rule is accepted exactly when it gives a day from 2000 to 2027, both included.

        The check of a one-line rule stops at its first day; the oracle expands all 28 years. A
        rule with a ``DTSTART`` line and an ``UNTIL`` or ``COUNT`` of its own keeps them.
        """
        text = f"{bound}FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}{weekday}"
        _accepted_as_expanded(text)

    @pytest.mark.parametrize(
        "text",
        [
            "FREQ=YEARLY;BYEASTER=0;BYMONTH=3;BYMONTHDAY=28",  # Easter on 28 March: first 2027
            "FREQ=YEARLY;BYEASTER=0;BYMONTH=3;BYMONTHDAY=22",  # on 22 March: 1818, then 2285
            "FREQ=YEARLY;BYWEEKNO=53;BYDAY=TH",
            "FREQ=YEARLY;BYYEARDAY=366;BYDAY=SA",
            "FREQ=YEARLY;BYMONTH=12;BYDAY=FR;BYSETPOS=-1",
        ],
    )
    def test_rules_at_the_window_s_ends(self, text: str) -> None:
        """A rule whose first day in the window is in its last year, and rules of rarer parts."""
        _accepted_as_expanded(text)

    def test_a_rule_of_several_lines_is_checked_as_a_set(self) -> None:
        """A rule with an EXDATE line (dateutil makes a set of it) is checked as before."""
        rule = HolidayRule("New Year", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1\nEXDATE:20000101T000000")
        assert rule.rule.startswith("FREQ=YEARLY")
        with pytest.raises(InvalidInputError, match="gives no day at all"):
            HolidayRule("Never", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\nEXDATE:20000101T000000")

    def test_bad_rule_fields(self) -> None:
        """Empty names, unknown observances and reversed years are errors."""
        with pytest.raises(InvalidInputError, match="'name'"):
            HolidayRule(" ", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1")
        with pytest.raises(InvalidInputError, match="'observed'"):
            HolidayRule("X", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", observed="monday")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="'last_year'"):
            HolidayRule("X", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", first_year=2010, last_year=2009)

    def test_bad_holiday_lists(self) -> None:
        """Holidays must be dates; a string or a datetime is a typed error."""
        with pytest.raises(InvalidTypeError, match="'holidays'"):
            is_business_day(D(2008, 1, 2), holidays="2008-01-02")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="'holidays'"):
            is_business_day(D(2008, 1, 2), holidays=[dt.datetime(2008, 1, 2, 9)])  # noqa: DTZ001

    def test_load_from_toml(self, tmp_path: Path) -> None:
        """A user's calendar file in the shipped format, with rules and single dates."""
        path = tmp_path / "cal.toml"
        path.write_text(
            '[calendar]\nid = "mine"\ntitle = "My holidays"\n'
            '[[holiday]]\nname = "New Year"\nrule = "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1"\n'
            'observed = "nearest_weekday"\n'
            '[[date]]\ndate = 2008-12-24\nname = "Christmas Eve"\n',
            encoding="utf-8",
        )
        mine = load_holiday_calendar(path)
        assert mine.id == "mine"
        assert [h.date for h in mine.holidays(2010)] == [D(2010, 1, 1), D(2010, 12, 31)]
        assert mine.is_holiday(D(2008, 12, 24))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('[calendar]\nid = "x"\n', "missing key"),
            ('[calendar]\nid = "x"\ntitle = "t"\ncolour = "red"\n', "unknown key"),
            ('[calendar]\nid = "x"\ntitle = "t"\n[[holliday]]\nname = "a"\n', "unknown table"),
            (
                '[calendar]\nid = "x"\ntitle = "t"\n[[holiday]]\nname = "a"\nrule = "FREQ=DAILY"\n',
                "holiday]] 1",
            ),
            ('[calendar]\nid = "x"\ntitle = "t"\n[[date]]\ndate = "soon"\nname = "a"\n', "'date'"),
            ("not toml = = =", "not valid TOML"),
        ],
    )
    def test_bad_files(self, tmp_path: Path, text: str, message: str) -> None:
        """A malformed calendar file is an error naming the place."""
        path = tmp_path / "bad.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidInputError, match=message):
            load_holiday_calendar(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is an InvalidInputError naming the path."""
        with pytest.raises(InvalidInputError, match="cannot read holiday calendar"):
            load_holiday_calendar(tmp_path / "nope.toml")


class TestBusinessDays:
    """is_business_day, add_business_days, business_days_between, business_days (ruling D1)."""

    @given(days())
    def test_weekends_and_holidays_are_never_business_days(self, day: dt.date) -> None:
        """The definition, checked against the calendar's own holiday list."""
        expected = day.weekday() < 5 and day not in {h.date for h in TN.holidays(day.year)}
        assert is_business_day(day) is expected

    @given(days(), BUSINESS_DAY_COUNTS)
    @example(D(2008, 12, 23), 3)
    @example(D(2010, 12, 30), 1)  # over the New Year's Day observed on Friday, December 31
    @example(D(2008, 2, 28), 1)  # a leap day (Friday)
    @example(D(2008, 3, 1), -1)  # back over the leap day
    def test_add_business_days_lands_on_a_business_day_and_matches_stepping(
        self, start: dt.date, count: int
    ) -> None:
        """The fast arithmetic agrees with counting one day at a time; the result is a business day."""
        result = add_business_days(start, count)
        assert is_business_day(result)
        if count == 0:
            assert result == roll_to_business_day(start)
        else:
            assert result == _step_oracle(start, count, TN)

    @given(days(), BUSINESS_DAY_COUNTS.filter(bool))
    def test_between_inverts_add(self, start: dt.date, count: int) -> None:
        """business_days_between(start, add_business_days(start, n)) == n."""
        assert business_days_between(start, add_business_days(start, count)) == count

    @given(days(2007, 2012), days(2007, 2012))
    def test_between_counts_the_listed_business_days(self, start: dt.date, end: dt.date) -> None:
        """The O(1) count equals the rruleset listing: (start, end] forwards, [end, start) back."""
        first, last = min(start, end), max(start, end)
        listed = business_days(first, last)
        assert business_days_between(first, last) == len([d for d in listed if d != first])
        assert business_days_between(last, first) == -len([d for d in listed if d != last])

    @pytest.mark.parametrize(
        ("first", "last"),
        [
            (dt.date.min, dt.date.min),
            (dt.date.min, D(1, 1, 10)),
            (D(9999, 12, 20), dt.date.max),
            (dt.date.max, dt.date.max),
        ],
    )
    def test_between_counts_at_the_calendars_ends(self, first: dt.date, last: dt.date) -> None:
        """The first and last days a date can be count as any other (no step past them)."""
        listed = business_days(first, last)
        assert business_days_between(first, last) == len([d for d in listed if d != first])
        assert business_days_between(last, first) == -len([d for d in listed if d != last])

    @given(days(2007, 2010), days(2007, 2010), HOLIDAY_LISTS)
    def test_caller_holidays_are_never_business_days(
        self, start: dt.date, end: dt.date, holidays: list[dt.date]
    ) -> None:
        """With any caller list (weekends included) nothing listed is a business day."""
        first, last = min(start, end), max(start, end)
        listed = business_days(first, last, holidays=holidays)
        assert all(day.weekday() < 5 and day not in holidays for day in listed)
        assert len(listed) - (1 if first in listed else 0) == business_days_between(
            first, last, holidays=holidays
        )

    @given(days(2007, 2010), st.integers(-60, 60), HOLIDAY_LISTS)
    def test_add_with_caller_holidays(
        self, start: dt.date, count: int, holidays: list[dt.date]
    ) -> None:
        """add_business_days agrees with stepping under any caller calendar."""
        calendar_ = HolidayCalendar.from_dates(holidays)
        result = add_business_days(start, count, holidays=calendar_)
        assert is_business_day(result, holidays=calendar_)
        if count:
            assert result == _step_oracle(start, count, calendar_)

    def test_by_hand(self) -> None:
        """Worked by hand on the 2008 and 2010 calendars."""
        assert add_business_days(D(2008, 12, 23), 3) == D(2008, 12, 29)
        assert add_business_days(D(2008, 11, 26), 1) == D(2008, 12, 1)  # Thanksgiving + Columbus
        assert add_business_days(D(2008, 11, 29), 1) == D(2008, 12, 1)  # from a Saturday
        assert add_business_days(D(2008, 11, 29), 0) == D(2008, 12, 1)
        assert add_business_days(D(2008, 12, 1), 0) == D(2008, 12, 1)
        assert add_business_days(D(2008, 12, 1), -1) == D(2008, 11, 26)
        assert next_business_day(D(2010, 12, 30)) == D(2011, 1, 3)
        assert previous_business_day(D(2011, 1, 3)) == D(2010, 12, 30)
        assert business_days_between(D(2008, 2, 28), D(2008, 3, 3)) == 2  # Feb 29 (Fri), Mar 3
        assert business_days_between(D(2008, 1, 1), D(2008, 1, 1)) == 0
        assert len(business_days(D(2008, 1, 1), D(2008, 12, 31))) == 366 - 104 - 11

    def test_roll(self) -> None:
        """Roll forward and back; a bad roll is an error."""
        assert roll_to_business_day(D(2008, 11, 27)) == D(2008, 12, 1)
        assert roll_to_business_day(D(2008, 11, 27), roll="preceding") == D(2008, 11, 26)
        with pytest.raises(InvalidValueError, match="'roll'"):
            roll_to_business_day(D(2008, 11, 27), roll="sideways")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "call",
        [
            lambda: is_business_day(dt.datetime(2008, 1, 2, 9)),  # noqa: DTZ001
            lambda: is_business_day(20080102),
            lambda: add_business_days(D(2008, 1, 2), days=True),
            lambda: add_business_days(D(2008, 1, 2), 1.0),
            lambda: business_days_between(D(2008, 1, 2), None),
        ],
    )
    def test_wrong_types(self, call: object) -> None:
        """Dates must be dates (not datetimes or strings); counts must be ints (not bools)."""
        with pytest.raises(InvalidTypeError):
            call()  # type: ignore[operator]

    def test_end_before_start_in_a_listing(self) -> None:
        """Listing a reversed span is an error naming 'end'."""
        with pytest.raises(InvalidValueError, match="'end' \\(2008-01-01\\) is before 'start'"):
            business_days(D(2008, 1, 2), D(2008, 1, 1))

    def test_overflow_is_a_value_error(self) -> None:
        """Running off the end of the representable dates is a clear error, not OverflowError."""
        with pytest.raises(InvalidValueError, match="range of dates"):
            add_business_days(D(9999, 12, 1), 100, holidays=[])

    def test_holiday_dates_for_columnar_code(self) -> None:
        """The observed holidays of a span, e.g. for numpy.busday_offset."""
        assert holiday_dates(D(2010, 12, 1), D(2011, 1, 31)) == (
            D(2010, 12, 24),
            D(2010, 12, 31),
            D(2011, 1, 17),
        )


class TestCalendarDaysAndLateness:
    """calendar_days (L1) and days_late (L2)."""

    @given(days(), st.integers(0, 3000))
    def test_calendar_days_counts_both_ends(self, start: dt.date, extra: int) -> None:
        """Ruling L1: the first and last day both count."""
        assert calendar_days(start, start + dt.timedelta(days=extra)) == extra + 1

    def test_calendar_days_over_leap_day_and_year_end(self) -> None:
        """February 28 to March 1 is 3 days in 2008 and 2 in 2009; Dec 31 to Jan 1 is 2."""
        assert calendar_days(D(2008, 2, 28), D(2008, 3, 1)) == 3
        assert calendar_days(D(2009, 2, 28), D(2009, 3, 1)) == 2
        assert calendar_days(D(2008, 12, 31), D(2009, 1, 1)) == 2
        with pytest.raises(InvalidValueError, match="'end'"):
            calendar_days(D(2008, 3, 2), D(2008, 3, 1))

    @given(days(), days())
    def test_days_late_is_the_positive_difference(self, due: dt.date, received: dt.date) -> None:
        """Ruling L2: ``received - due`` in calendar days when positive, else 0."""
        assert days_late(due, received) == max(0, (received - due).days)

    @given(days(), st.integers(0, 4 * 24 * 60))
    def test_days_late_at_a_time_of_day(self, day: dt.date, minutes: int) -> None:
        """Against a noon deadline each started 24 hours counts; on time is 0."""
        noon = dt.datetime.combine(day, dt.time(12))
        received = noon + dt.timedelta(minutes=minutes)
        expected = 0 if minutes == 0 else (minutes + 24 * 60 - 1) // (24 * 60)
        assert days_late(noon, received) == expected
        assert days_late(noon, noon - dt.timedelta(minutes=minutes)) == 0

    def test_days_late_mixed_inputs(self) -> None:
        """A datetime received against a due date counts by its date; the reverse is an error."""
        assert days_late(D(2008, 3, 20), dt.datetime(2008, 3, 21, 8)) == 1  # noqa: DTZ001
        with pytest.raises(InvalidTypeError, match="'received' must be a datetime"):
            days_late(dt.datetime(2008, 3, 4, 12), D(2008, 3, 5))  # noqa: DTZ001
        aware = dt.datetime(2008, 3, 4, 13, tzinfo=dt.UTC)
        with pytest.raises(InvalidTypeError, match="both be naive"):
            days_late(dt.datetime(2008, 3, 4, 12), aware)  # noqa: DTZ001
        assert days_late("2008-03-04", D(2008, 3, 5)) == 1  # text is read as a date
        with pytest.raises(InvalidTypeError, match="'due'"):
            days_late(20080304, D(2008, 3, 5))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="'received'"):
            days_late(D(2008, 3, 4), None)  # type: ignore[arg-type]


class TestDueDates:
    """Report due dates from dateutil.rrule and the profile (§2.30.4.5, §2.30.6.1.1)."""

    @given(days(2007, 2030), st.integers(0, 400))
    def test_weekly_is_every_tuesday_at_noon(self, start: dt.date, length: int) -> None:
        """Every Tuesday in the span, none missed, each at 12:00 and citing §2.30.4.5."""
        start = max(start, D(2007, 4, 1))
        end = start + dt.timedelta(days=length)
        found = weekly_due_dates(start, end)
        tuesdays = [
            start + dt.timedelta(days=n)
            for n in range(length + 1)
            if (start + dt.timedelta(days=n)).weekday() == 1
        ]
        assert [due.due for due in found] == tuesdays
        assert all(due.time == dt.time(12) and due.section == "2.30.4.5" for due in found)

    def test_weekly_deadline_and_lateness(self) -> None:
        """A report at 12:30 on the Tuesday is 1 day late; before noon it is on time."""
        due = weekly_due_dates(D(2008, 3, 3), D(2008, 3, 9))[0]
        assert due.deadline == dt.datetime(2008, 3, 4, 12)  # noqa: DTZ001
        assert due.days_late(dt.datetime(2008, 3, 4, 11, 59)) == 0  # noqa: DTZ001
        assert due.days_late(dt.datetime(2008, 3, 4, 12, 30)) == 1  # noqa: DTZ001

    def test_weekly_before_the_contract_is_an_error(self) -> None:
        """The weekly report's clause is not in force before 2007-04-01."""
        with pytest.raises(OutsideTermError):
            weekly_due_dates(D(2006, 1, 1), D(2006, 12, 31))

    def test_weekly_roll_keeps_the_time(self) -> None:
        """A holiday Tuesday (Christmas 2007) moves to Wednesday with roll='following'."""
        kept = weekly_due_dates(D(2007, 12, 24), D(2007, 12, 30))[0]
        moved = weekly_due_dates(D(2007, 12, 24), D(2007, 12, 30), roll="following")[0]
        assert kept.due == D(2007, 12, 25)
        assert moved.due == D(2007, 12, 26)
        assert moved.scheduled == D(2007, 12, 25)
        assert moved.time == dt.time(12)
        assert "moved from 2007-12-25" in moved.describe()
        with pytest.raises(InvalidValueError, match="'roll'"):
            weekly_due_dates(D(2007, 12, 24), D(2007, 12, 30), roll="later")  # type: ignore[arg-type]

    def test_annual_is_august_15_from_2007(self) -> None:
        """§2.30.6.1.1: by August 15, 2007, then annually."""
        found = annual_due_dates(D(2000, 1, 1), D(2012, 12, 31))
        assert [due.due for due in found] == [D(year, 8, 15) for year in range(2007, 2013)]
        assert annual_due_dates(D(2000, 1, 1), D(2006, 12, 31)) == ()
        assert annual_due_dates(D(2008, 8, 16), D(2009, 8, 14)) == ()

    @given(st.integers(2007, 2060))
    def test_annual_rolled_is_a_business_day(self, year: int) -> None:
        """Rolling never leaves a due date on a weekend or holiday."""
        for roll in ("following", "preceding"):
            (due,) = annual_due_dates(D(year, 1, 1), D(year, 12, 31), roll=roll)  # type: ignore[arg-type]
            assert is_business_day(due.due)
            assert abs((due.due - D(year, 8, 15)).days) <= 3

    def test_annual_leap_day_profile(self) -> None:
        """A profile whose annual date is February 29 falls back to February 28 in common years."""
        profile = default_profile().with_overrides({"reports.annual_due_date": "02-29"})
        found = annual_due_dates(D(2008, 1, 1), D(2012, 12, 31), profile=profile)
        assert [due.due for due in found] == [
            D(2008, 2, 29),
            D(2009, 2, 28),
            D(2010, 2, 28),
            D(2011, 2, 28),
            D(2012, 2, 29),
        ]

    def test_quarterly_needs_a_due_day(self) -> None:
        """The amendment gives none: an error asks for it; the profile can supply it."""
        with pytest.raises(InvalidValueError, match="does not say when quarterly reports are due"):
            quarterly_due_dates(D(2008, 1, 1), D(2008, 12, 31))
        profile = default_profile().with_overrides(
            {"reports.quarterly_due_days_after_quarter_end": 45}
        )
        found = quarterly_due_dates(D(2008, 1, 1), D(2008, 12, 31), profile=profile)
        assert [due.due for due in found] == [
            D(2008, 2, 14),
            D(2008, 5, 15),
            D(2008, 8, 14),
            D(2008, 11, 14),
        ]
        assert found[0].period_start == D(2007, 10, 1)
        assert found[0].period_end == D(2007, 12, 31)
        with pytest.raises(InvalidValueError, match=">= 0"):
            quarterly_due_dates(D(2008, 1, 1), D(2008, 12, 31), days_after_quarter_end=-1)

    @given(days(2007, 2030), st.integers(0, 800), st.integers(0, 90))
    def test_quarterly_one_per_quarter(self, start: dt.date, length: int, lag: int) -> None:
        """Each due date is ``lag`` days after a calendar quarter's last day and lies in the span."""
        start = max(start, D(2007, 4, 1))
        end = start + dt.timedelta(days=length)
        found = quarterly_due_dates(start, end, days_after_quarter_end=lag)
        for due in found:
            assert start <= due.due <= end
            assert due.period_end is not None
            assert due.period_start is not None
            assert due.due == due.period_end + dt.timedelta(days=lag)
            assert (due.period_end + dt.timedelta(days=1)).day == 1
            assert due.period_end.month in (3, 6, 9, 12)
            assert due.period_start.day == 1
        assert len(found) in (length // 92, length // 92 + 1, length // 92 + 2)

    def test_monthly_clamps_to_month_ends(self) -> None:
        """Day 30 is February 29 in 2008 and February 28 in 2009."""
        found = monthly_due_dates(D(2008, 1, 1), D(2009, 3, 31), day=30)
        assert D(2008, 2, 29) in [due.due for due in found]
        assert D(2009, 2, 28) in [due.due for due in found]
        assert len(found) == 15
        with pytest.raises(InvalidValueError, match="'day'"):
            monthly_due_dates(D(2008, 1, 1), D(2008, 3, 31), day=32)

    def test_due_date_to_dict(self) -> None:
        """Deterministic, JSON-ready."""
        due = DueDate("R", "2.30.6.1.1", D(2009, 8, 17), scheduled=D(2009, 8, 15))
        assert due.to_dict() == {
            "report": "R",
            "section": "2.30.6.1.1",
            "due": "2009-08-17",
            "time": None,
            "period_start": None,
            "period_end": None,
            "scheduled": "2009-08-15",
        }
        assert due.deadline == D(2009, 8, 17)


def test_module_all_is_sorted_and_public() -> None:
    """Every name in __all__ exists (the API issue 5 builds on)."""
    for name in calendar.__all__:
        assert hasattr(calendar, name)
    assert list(calendar.__all__) == sorted(calendar.__all__)


def test_a_shipped_file_is_read_through_importlib_resources_when_not_on_disk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A package that is not on a file system (a zip file): the calendar's text from resources."""
    from tenncare_calc.contract import shipped_files  # noqa: PLC0415 - the module patched

    on_disk = shipped_files.shipped_text("holidays", "tennessee.toml")

    def no_file(*_args: object, **_kwargs: object) -> None:
        raise FileNotFoundError

    monkeypatch.setattr(shipped_files, "open", no_file, raising=False)
    assert shipped_files.shipped_text("holidays", "tennessee.toml") == on_disk


def _accepted_as_expanded(text: str) -> None:
    """Assert that ``HolidayRule`` takes ``text`` exactly when it gives a day from 2000 to 2027."""
    from dateutil import rrule  # noqa: PLC0415 - the oracle's own expansion

    begin = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - dates, no time zone
    expanded = rrule.rrulestr(text, dtstart=begin).between(
        begin,
        dt.datetime(2027, 12, 31),  # noqa: DTZ001 - dates, no time zone
        inc=True,
    )
    if expanded:
        assert HolidayRule("Some day", text).rule == text.upper()
    else:
        with pytest.raises(InvalidInputError, match="gives no day at all"):
            HolidayRule("Some day", text)
