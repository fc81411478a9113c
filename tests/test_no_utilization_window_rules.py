"""Ruling U3's window: what the rule says of each report date and enrollment, pinned.

These are the rule module's own tests (``compliance.utilization.no_utilization_window``), run
against its mutants (docs/developers.md, "Mutation testing"). The ruling (docs/interpretations.md,
U3): the months (``utilization.no_utilization_months``, 12, in force on the report date) ending on
a report date ``D`` start on ``(D + 1 day) - months`` in dateutil's month arithmetic, and an
enrollee is continuously enrolled for them when the continuous enrollment reaching ``D`` began on
or before that first day. Each window is compared whole with the ruling written here apart
(:func:`expected_start`, :func:`expected_explanation`): the day before the first day, on it and
after; the line both forms evaluate; the dated versions of the months; and the field and value of
every error.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidTypeError,
    InvalidValueError,
    MissingValueError,
    OutsideTermError,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance import no_utilization_window
from tenncare_calc.compliance.utilization.no_utilization_window import (
    NoUtilizationWindow,
    continuously_enrolled_line,
    window_start,
)
from tenncare_calc.core.thresholds import Comparison, Threshold
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

UM = "One Care contract (Massachusetts): Utilization Management"
DAY = dt.timedelta(days=1)
#: The first day of the months' term in the shipped profile.
TERM_START = dt.date(2007, 4, 1)
REPORT_DATES = st.one_of(
    st.dates(TERM_START, dt.date(2040, 12, 31)),
    # month ends, the days either side of them, and every February 28 and 29
    st.builds(
        lambda year, month, shift: (
            dt.date(year, month, 1) + relativedelta(months=1) - DAY + shift * DAY
        ),
        st.integers(2008, 2040),
        st.integers(1, 12),
        st.integers(-1, 1),
    ),
    st.builds(lambda year: dt.date(year, 2, 28), st.integers(2008, 2040)),
)


def expected_start(report: dt.date, months: int = 12) -> dt.date:
    """Return U3's first day: the day after the report date, ``months`` calendar months back.

    Written apart from dateutil: the same day of the month ``months`` earlier, or that month's
    last day when it has no such day.
    """
    after = report + DAY
    index = after.year * 12 + (after.month - 1) - months
    year, month = divmod(index, 12)
    first_of_next = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last = (first_of_next - DAY).day
    return dt.date(year, month + 1, min(after.day, last))


def expected_explanation(report: dt.date, months: int = 12, provenance: str = "") -> str:
    """Return the explanation U3's window gives, in the ruling's words."""
    start = expected_start(report, months)
    after = report + DAY
    provenance = provenance or (
        f"utilization.no_utilization_months = {months} months, {UM}, in force from 2007-04-01"
    )
    return "\n".join(
        [
            f"No-utilization window ending {report.isoformat()}  [{UM}]",
            (
                f"  {months} months ending on {report.isoformat()} start on "
                f"({report.isoformat()} + 1 day) - {months} months = {after.isoformat()} - "
                f"{months} months = {start.isoformat()} (ruling U3)"
            ),
            (
                "  continuously enrolled: a continuous enrollment that began on or before "
                f"{start.isoformat()}"
            ),
            f"  parameter: {provenance}",
        ]
    )


def day_number(day: dt.date) -> int:
    """Return a day's number: days since 1970-01-01, as the table form counts them."""
    return day.toordinal() - dt.date(1970, 1, 1).toordinal()


@functools.cache
def months_profile(months: int) -> ContractProfile:
    """Return the shipped profile with other months (cached: Hypothesis asks often)."""
    return load_profile(overrides={"utilization.no_utilization_months": months})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with 24 months from :data:`CHANGE_DATE`."""
    return with_later_version(default_profile(), "utilization.no_utilization_months", 24)


class TestWindow:
    """``no_utilization_window``: the whole window, its explanation and its data."""

    @given(REPORT_DATES)
    @example(dt.date(2009, 2, 28))
    @example(dt.date(2008, 2, 28))
    @example(dt.date(2008, 2, 29))
    @example(dt.date(2008, 12, 31))
    def test_each_report_date_is_what_the_ruling_says(self, report: dt.date) -> None:
        """The first day, the months read, the explanation and the data, whole."""
        found = no_utilization_window(report)
        start = expected_start(report)
        assert isinstance(found, NoUtilizationWindow)
        assert (found.report_date, found.start) == (report, start)
        assert (found.months.name, found.months.value, found.months.section) == (
            "utilization.no_utilization_months",
            12,
            UM,
        )
        assert found.explain() == expected_explanation(report)
        assert found.to_dict() == {
            "report_date": report.isoformat(),
            "start": start.isoformat(),
            "months": 12,
            "section": UM,
        }

    @pytest.mark.parametrize(
        ("report", "start"),
        [
            ("2009-02-28", "2008-03-01"),  # the ruling's case: not 2008-02-29
            ("2010-02-28", "2009-03-01"),
            ("2008-02-29", "2007-03-01"),
            ("2008-02-28", "2007-02-28"),  # 2008-02-29 less a year
            ("2008-12-31", "2008-01-01"),
            ("2008-03-30", "2007-03-31"),
        ],
    )
    def test_the_rulings_examples(self, report: str, start: str) -> None:
        """The ruling's own examples (docs/interpretations.md, U3), and the oracle agrees."""
        day = dt.date.fromisoformat(report)
        assert no_utilization_window(day).start == dt.date.fromisoformat(start)
        assert expected_start(day) == dt.date.fromisoformat(start)

    @given(REPORT_DATES, st.integers(1, 240))
    def test_window_start_for_any_months(self, report: dt.date, months: int) -> None:
        """``window_start`` is the ruling's first day for any number of months."""
        assert window_start(report, months) == expected_start(report, months)

    @given(REPORT_DATES, st.sampled_from([1, 6, 11, 13, 24]))
    def test_the_profile_months(self, report: dt.date, months: int) -> None:
        """Other months in the profile give their own window, explanation and data."""
        found = no_utilization_window(report, profile=months_profile(months))
        start = expected_start(report, months)
        assert found.start == start
        assert found.months.value == months
        assert found.to_dict()["months"] == months
        assert (
            found.explain().splitlines()[:3]
            == expected_explanation(report, months).splitlines()[:3]
        )

    def test_text_dates_are_read(self) -> None:
        """A report date written as text is the date (the window's data as for the date)."""
        assert no_utilization_window("2009-02-28") == no_utilization_window(dt.date(2009, 2, 28))  # type: ignore[arg-type]

    def test_the_window_is_a_value(self) -> None:
        """Equal dates give equal windows; the months are left out of its repr."""
        window = no_utilization_window(dt.date(2009, 2, 28))
        assert window == no_utilization_window(dt.date(2009, 2, 28))
        assert repr(window) == (
            "NoUtilizationWindow(report_date=datetime.date(2009, 2, 28), "
            "start=datetime.date(2008, 3, 1))"
        )


class TestContinuouslyEnrolled:
    """The line: an enrollment since the first day or earlier covers the window; a day later not."""

    @given(REPORT_DATES, st.integers(-400, 400))
    @example(dt.date(2009, 2, 28), -1)
    @example(dt.date(2009, 2, 28), 0)
    @example(dt.date(2009, 2, 28), 1)
    def test_either_side_of_the_first_day_and_on_it(self, report: dt.date, shift: int) -> None:
        """Enrolled since ``start + shift`` days: covered exactly when ``shift <= 0``."""
        window = no_utilization_window(report)
        start = expected_start(report)
        since = start + shift * DAY
        found = window.continuously_enrolled(since)
        assert type(found) is bool
        assert found is (shift <= 0)
        assert window.line.met(day_number(since)) is (shift <= 0)

    @given(REPORT_DATES)
    def test_the_day_before_on_and_after(self, report: dt.date) -> None:
        """The three days around the first day, and as text."""
        window = no_utilization_window(report)
        start = expected_start(report)
        assert [window.continuously_enrolled(start + k * DAY) for k in (-1, 0, 1)] == [
            True,
            True,
            False,
        ]
        assert window.continuously_enrolled(start.isoformat())  # type: ignore[arg-type]
        assert not window.continuously_enrolled((start + DAY).isoformat())  # type: ignore[arg-type]

    @given(st.dates(dt.date(1971, 1, 1), dt.date(2100, 12, 31)))
    def test_the_line_itself(self, start: dt.date) -> None:
        """At most the day number of the first day, in days; the window's line is that line."""
        line = continuously_enrolled_line(start)
        number = day_number(start)
        assert line == Threshold(number, "day", Comparison.AT_MOST)
        assert type(line.limit) is int
        assert (line.met(number - 1), line.met(number), line.met(number + 1)) == (
            True,
            True,
            False,
        )
        assert line.describe() == f"at most {number:,} day"

    def test_the_line_at_the_epoch(self) -> None:
        """Day numbers count from 1970-01-01: that day is 0, the next 1, the one before -1."""
        assert continuously_enrolled_line(dt.date(1970, 1, 1)).limit == 0
        assert continuously_enrolled_line(dt.date(1970, 1, 2)).limit == 1
        assert continuously_enrolled_line(dt.date(1969, 12, 31)).limit == -1
        assert continuously_enrolled_line(dt.date(2008, 1, 1)).limit == 13879

    @given(REPORT_DATES)
    def test_the_windows_line(self, report: dt.date) -> None:
        """The window's line is the line of its first day."""
        window = no_utilization_window(report)
        assert window.line == Threshold(
            day_number(expected_start(report)), "day", Comparison.AT_MOST
        )


class TestDatedMonths:
    """The months in force on the report date are read, not the first version."""

    @given(st.dates(TERM_START, dt.date(2014, 12, 31)))
    @example(CHANGE_DATE - DAY)
    @example(CHANGE_DATE)
    def test_either_side_of_the_change(self, report: dt.date) -> None:
        """12 months before the change date, 24 from it; the provenance names the version."""
        found = no_utilization_window(report, profile=later_profile())
        months = 12 if report < CHANGE_DATE else 24
        assert found.months.value == months
        assert found.start == expected_start(report, months)
        assert found.to_dict()["months"] == months
        since = "2007-04-01" if months == 12 else CHANGE_DATE.isoformat()
        term = f"in force from {since}"
        if months == 12:
            term += f" through {(CHANGE_DATE - DAY).isoformat()}"
        assert found.explain() == expected_explanation(
            report, months, f"utilization.no_utilization_months = {months} months, {UM}, {term}"
        )


class TestErrors:
    """Every error names its field and value."""

    def test_a_report_date_before_the_term(self) -> None:
        """The months are not in force before 2007-04-01."""
        with pytest.raises(OutsideTermError) as caught:
            no_utilization_window(TERM_START - DAY)
        assert (caught.value.field, caught.value.value) == (
            "utilization.no_utilization_months",
            TERM_START - DAY,
        )
        assert no_utilization_window(TERM_START).start == dt.date(2006, 4, 2)

    @pytest.mark.parametrize(
        ("value", "error"),
        [
            ("x", InvalidValueError),
            (None, MissingValueError),
            (3, InvalidTypeError),
            (dt.datetime(2009, 2, 28, 12), InvalidTypeError),  # noqa: DTZ001
        ],
    )
    def test_a_report_date_that_is_not_a_date(self, value: object, error: type) -> None:
        """The report date is read as a date, or refused naming it."""
        with pytest.raises(error) as caught:
            no_utilization_window(value)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.value) == ("report_date", value)

    @pytest.mark.parametrize(
        ("value", "error"),
        [("x", InvalidValueError), (None, MissingValueError), (3, InvalidTypeError)],
    )
    def test_an_enrollment_day_that_is_not_a_date(self, value: object, error: type) -> None:
        """The day the enrollment began is read as a date, or refused naming it."""
        window = no_utilization_window(dt.date(2009, 2, 28))
        with pytest.raises(error) as caught:
            window.continuously_enrolled(value)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.value) == ("enrolled_since", value)

    @pytest.mark.parametrize(
        ("report", "months"),
        [(dt.date.max, 12), (dt.date(1, 6, 30), 12), (dt.date(1, 1, 1), 1)],
    )
    def test_no_months_before_it_in_the_calendar(self, report: dt.date, months: int) -> None:
        """A date with no day after it, or no months before it, is refused with its reason."""
        with pytest.raises(InvalidValueError) as caught:
            window_start(report, months)
        assert (caught.value.field, caught.value.value) == ("report_date", report)
        assert str(caught.value) == (
            f"'report_date' {report.isoformat()} leaves no {months} months before it in the "
            "calendar"
        )
