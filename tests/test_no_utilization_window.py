"""Ruling U3 at month ends and leap years: the 12 months ending on D start on (D + 1 day) - 12 months.

Properties over month ends, the days around them and every February 28 and 29, in both forms: the
one-value window (:func:`no_utilization_window`) and the table report
(:func:`no_utilization_report`), which evaluate the same line.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import default_profile
from tenncare_calc.compliance import no_utilization_report, no_utilization_window
from tenncare_calc.compliance.utilization.no_utilization_window import window_start
from tenncare_calc.core.errors import InvalidValueError
from tests.strategies import EDGE_DAYS

DAY = dt.timedelta(days=1)
#: Report dates: month ends and the days either side, February 28 and 29 of every year 2008-2040.
REPORT_DATES = (
    EDGE_DAYS.filter(lambda day: day.year >= 2008)
    | st.builds(lambda year: dt.date(year, 2, 28), st.integers(2008, 2040))
    | st.dates(dt.date(2008, 1, 1), dt.date(2040, 12, 31))
)


def _listed(report: dt.date, since: dt.date) -> bool:
    """Return whether the table report lists one member enrolled since ``since``, no claims."""
    found = no_utilization_report(
        {"member_id": [1], "start_date": [since], "end_date": [None]},
        {"member_id": [], "service_date": []},
        report_date=report,
    )
    return [row["member_id"] for row in found.rows()] == [1]


class TestWindow:
    """The window's first day, by hand and as properties."""

    @pytest.mark.parametrize(
        ("report", "start"),
        [
            ("2009-02-28", "2008-03-01"),  # the ruling's case: not 2008-02-29
            ("2010-02-28", "2009-03-01"),
            ("2008-02-29", "2007-03-01"),
            ("2008-02-28", "2007-02-28"),  # 2008-02-29 less a year: February 2007 has no 29th
            ("2008-12-31", "2008-01-01"),
            ("2009-03-01", "2008-03-02"),
            ("2008-03-31", "2007-04-01"),
            ("2008-04-30", "2007-05-01"),
        ],
    )
    def test_by_hand(self, report: str, start: str) -> None:
        """(D + 1 day) - 12 months, the ruling's examples and the other month ends."""
        found = no_utilization_window(dt.date.fromisoformat(report))
        assert found.start == dt.date.fromisoformat(start)
        assert found.months.value == 12

    def test_the_ruling_example_in_the_report(self) -> None:
        """A member enrolled since 2008-03-01 is on the 2009-02-28 report (it was left out)."""
        report = dt.date(2009, 2, 28)
        assert _listed(report, dt.date(2008, 3, 1))
        assert not _listed(report, dt.date(2008, 3, 2))
        assert _listed(dt.date(2010, 2, 28), dt.date(2009, 3, 1))

    @given(REPORT_DATES)
    @example(dt.date(2009, 2, 28))
    @example(dt.date(2008, 2, 28))
    @example(dt.date(2008, 2, 29))
    def test_window_properties(self, report: dt.date) -> None:
        """The formula; a month-end report starts on a first; a year of 365 or 366 days."""
        start = no_utilization_window(report).start
        assert start == report + DAY - relativedelta(months=12)
        if (report + DAY).day == 1:  # the report date is the last day of its month
            assert start.day == 1
            assert start == (report + DAY).replace(year=report.year - 1 + (report.month == 12))
        assert (report - start).days + 1 in (365, 366)
        # twelve months on from the start is the day after the report, unless that day is a
        # February 29 the start's year lacks
        later = start + relativedelta(months=12)
        assert later == report + DAY or (later, report + DAY) == (
            (report + DAY).replace(day=28),
            report + DAY,
        )

    @given(REPORT_DATES)
    def test_monotone(self, report: dt.date) -> None:
        """A later report never starts its window earlier, and moves it at most two days."""
        today, tomorrow = (
            no_utilization_window(report).start,
            no_utilization_window(report + DAY).start,
        )
        assert today <= tomorrow <= today + 2 * DAY

    @given(st.dates(dt.date(2008, 1, 1), dt.date(2040, 12, 31)), st.integers(1, 36))
    def test_other_month_counts(self, report: dt.date, months: int) -> None:
        """The profile's months change the window by the same rule."""
        profile = default_profile().with_overrides({"utilization.no_utilization_months": months})
        found = no_utilization_window(report, profile=profile)
        assert found.start == report + DAY - relativedelta(months=months)

    def test_a_date_without_room_is_an_error(self) -> None:
        """Twelve months before the first year of the calendar is a typed error."""
        with pytest.raises(InvalidValueError, match="report_date"):
            window_start(dt.date(1, 6, 30), 12)


class TestBothForms:
    """At the line, below it and above it: the one-value check and the table report agree."""

    @given(REPORT_DATES, st.integers(-2, 2))
    @example(dt.date(2009, 2, 28), 0)
    @example(dt.date(2009, 2, 28), -1)
    @example(dt.date(2008, 2, 28), 1)
    def test_at_the_line(self, report: dt.date, offset: int) -> None:
        """Enrolled since the window's first day (or before) is in; a day later is out."""
        window = no_utilization_window(report)
        since = window.start + offset * DAY
        expected = offset <= 0
        assert window.continuously_enrolled(since) is expected
        assert _listed(report, since) is expected

    @given(REPORT_DATES)
    def test_months_enrolled_is_at_least_twelve(self, report: dt.date) -> None:
        """Whoever is listed from the window's first day counts at least 12 whole months."""
        start = no_utilization_window(report).start
        found = no_utilization_report(
            {"member_id": [1], "start_date": [start], "end_date": [None]},
            {"member_id": [], "service_date": []},
            report_date=report,
        )
        assert found.window_start == start
        assert found.rows()[0]["months_enrolled"] >= 12

    @given(REPORT_DATES, st.integers(-1, 1))
    def test_claims_from_the_first_day(self, report: dt.date, offset: int) -> None:
        """A claim on the window's first day or later removes the enrollee; the day before not."""
        start = no_utilization_window(report).start
        found = no_utilization_report(
            {"member_id": [1], "start_date": [start - relativedelta(years=2)], "end_date": [None]},
            {"member_id": [1], "service_date": [start + offset * DAY]},
            report_date=report,
        )
        assert (found.count == 1) is (offset < 0)

    def test_explain_shows_the_arithmetic(self) -> None:
        """The window explains itself, the ruling cited."""
        text = no_utilization_window(dt.date(2009, 2, 28)).explain()
        assert "2009-03-01 - 12 months = 2008-03-01 (ruling U3)" in text
        assert no_utilization_window(dt.date(2009, 2, 28)).to_dict()["start"] == "2008-03-01"
