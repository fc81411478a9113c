"""Report due dates: weekly (§2.30.4.5), monthly, quarterly and annual (§2.30.6.1.1).

The dates come from ``dateutil.rrule`` and the contract profile's ``reports`` section: the weekly
Member CRG/TPG Assessment Report is due by 12:00 noon each Tuesday (§2.30.4.5); the annual Case
Management Services Report by August 15 (§2.30.6.1.1). Due dates are not moved off weekends or
holidays unless the caller asks (``roll="following"``): the contract names fixed days.

>>> print(annual_due_dates(dt.date(2008, 1, 1), dt.date(2008, 12, 31))[0].describe())
Case Management Services Report due Friday 2008-08-15  [§2.30.6.1.1]
"""

from __future__ import annotations

__all__ = [
    "DueDate",
    "Roll",
    "annual_due_dates",
    "monthly_due_dates",
    "quarterly_due_dates",
    "weekly_due_dates",
]

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, get_args

import attrs
from dateutil import rrule

from tenncare_calc.contract.calendar.business_dates import roll_to_business_day
from tenncare_calc.contract.calendar.date_inputs import _shift, _span, _whole
from tenncare_calc.contract.calendar.holiday_calendars import _calendar
from tenncare_calc.contract.calendar.lateness import days_late
from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.explanation import cite_all

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tenncare_calc.contract.calendar.holidays import HolidayCalendar
    from tenncare_calc.contract.profile import ContractProfile

#: How a due date that is not a business day is moved: ``"none"`` (kept, the default),
#: ``"following"`` (the next business day) or ``"preceding"`` (the business day before).
Roll = Literal["none", "following", "preceding"]
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@attrs.frozen
class DueDate:
    """When one report is due: the date, the time of day if any, the period it covers, the clause.

    ``scheduled`` is the contract's date; ``due`` differs from it only when the caller asked to
    roll dates off weekends and holidays.
    """

    report: str
    section: str
    due: dt.date
    time: dt.time | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    scheduled: dt.date | None = None

    @property
    def deadline(self) -> dt.date | dt.datetime:
        """Return the deadline: the due datetime when there is a time of day, else the due date."""
        if self.time is None:
            return self.due
        return dt.datetime.combine(self.due, self.time)

    def days_late(self, received: dt.date | dt.datetime) -> int:
        """Return how many days late a submission received then is (see :func:`days_late`)."""
        return days_late(self.deadline, received)

    def describe(self) -> str:
        """Return the due date as one line with its clause."""
        when = self.due.strftime("%A %Y-%m-%d")
        if self.time is not None:
            when += f" {self.time.strftime('%H:%M')}"
        text = f"{self.report} due {when}"
        if self.period_start is not None and self.period_end is not None:
            text += f" for {self.period_start.isoformat()} to {self.period_end.isoformat()}"
        if self.scheduled is not None and self.scheduled != self.due:
            text += f" (moved from {self.scheduled.isoformat()}, not a business day)"
        return f"{text}  [{cite_all([self.section])}]"

    def to_dict(self) -> dict[str, Any]:
        """Return the due date as JSON-ready data (dates ISO)."""
        return {
            "report": self.report,
            "section": self.section,
            "due": self.due.isoformat(),
            "time": None if self.time is None else self.time.strftime("%H:%M"),
            "period_start": None if self.period_start is None else self.period_start.isoformat(),
            "period_end": None if self.period_end is None else self.period_end.isoformat(),
            "scheduled": (self.scheduled or self.due).isoformat(),
        }


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - profile is optional here

    return resolve_profile(profile)


def _moments(rule: rrule.rrule) -> tuple[dt.date, ...]:
    return tuple(moment.date() for moment in rule)


def _rolled(
    day: dt.date, roll: Roll, holidays: HolidayCalendar | Iterable[dt.date] | None
) -> dt.date:
    if not isinstance(roll, str) or roll not in get_args(Roll):
        raise InvalidValueError(
            f"'roll' must be one of {list(get_args(Roll))} (got {roll!r})", field="roll", value=roll
        )
    if roll == "none":
        return day
    return roll_to_business_day(day, roll=roll, holidays=holidays)


def _due_dates(
    scheduled: Iterable[tuple[dt.date, dt.date | None, dt.date | None]],
    *,
    report: str,
    section: str,
    time: dt.time | None,
    roll: Roll,
    holidays: HolidayCalendar | Iterable[dt.date] | None,
) -> tuple[DueDate, ...]:
    calendar = _calendar(holidays) if not (isinstance(roll, str) and roll == "none") else None
    return tuple(
        DueDate(
            report=report,
            section=section,
            due=_rolled(day, roll, calendar),
            time=time,
            period_start=period_start,
            period_end=period_end,
            scheduled=day,
        )
        for day, period_start, period_end in scheduled
    )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def weekly_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the due dates of the weekly Member CRG/TPG Assessment Report from ``start`` to ``end``.

    §2.30.4.5: due no later than 12:00 noon each Tuesday (the weekday and time are the profile's
    ``reports.weekly_due_weekday`` and ``reports.weekly_due_time``, in force on ``start``).

    Examples
    --------
    >>> [d.describe() for d in weekly_due_dates(dt.date(2008, 3, 1), dt.date(2008, 3, 12))]
    ['Member CRG/TPG Assessment Report due Tuesday 2008-03-04 12:00  [§2.30.4.5]', 'Member CRG/TPG Assessment Report due Tuesday 2008-03-11 12:00  [§2.30.4.5]']
    """
    first, last = _span(start, end)
    chosen = _profile(profile)
    weekday = chosen.get("reports.weekly_due_weekday", on=first)
    at = chosen.value("reports.weekly_due_time", dt.time, on=first)
    days = _moments(
        rrule.rrule(
            rrule.WEEKLY,
            dtstart=_midnight(first),
            until=_midnight(last),
            byweekday=_WEEKDAY_NAMES.index(weekday.value),
        )
    )
    return _due_dates(
        ((day, None, None) for day in days),
        report="Member CRG/TPG Assessment Report",
        section=weekday.section,
        time=at,
        roll=roll,
        holidays=holidays,
    )


def _month_day_rule(
    start: dt.date, end: dt.date, day: int, *, month: int | None = None
) -> rrule.rrule:
    """Return an rrule on ``day`` of each month (of ``month`` each year), or the month's last day.

    The rule takes the latest of the days ``min(day, 28) .. day`` that the month has
    (``bysetpos=-1``), so day 31 is the last day of every month and February 29 falls back to
    February 28 outside leap years.
    """
    return rrule.rrule(
        rrule.MONTHLY if month is None else rrule.YEARLY,
        dtstart=_midnight(start),
        until=_midnight(end),
        bymonth=month,
        bymonthday=tuple(range(min(day, 28), day + 1)),
        bysetpos=-1,
    )


def monthly_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    day: int,
    report: str = "monthly report",
    section: str = "2.30",
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> tuple[DueDate, ...]:
    """Return due dates on ``day`` of each month from ``start`` to ``end`` (the last day if shorter).

    For monthly reports whose due day the caller knows (the amendment names none). ``day=31`` gives
    the last day of every month, February 29 in a leap year.

    Examples
    --------
    >>> [d.due.isoformat() for d in monthly_due_dates(dt.date(2008, 1, 1), dt.date(2008, 4, 30), day=31)]
    ['2008-01-31', '2008-02-29', '2008-03-31', '2008-04-30']
    """
    first, last = _span(start, end)
    day_of_month = _whole(day, field="day")
    if not 1 <= day_of_month <= 31:  # noqa: PLR2004 - days of a month
        raise InvalidValueError(
            f"'day' must be a day of the month, 1 to 31 (got {day_of_month})",
            field="day",
            value=day_of_month,
        )
    days = _moments(_month_day_rule(first, last, day_of_month))
    return _due_dates(
        ((due, None, None) for due in days),
        report=report,
        section=section,
        time=None,
        roll=roll,
        holidays=holidays,
    )


def quarterly_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    days_after_quarter_end: int | None = None,
    report: str = "quarterly report",
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the quarterly report due dates falling from ``start`` to ``end``, one per quarter.

    Quarters are calendar quarters; each report is due ``days_after_quarter_end`` calendar days
    after its quarter ends. Amendment 3 names quarterly reports (§2.30.4.4, §2.30.4.8, §2.30.6.1.2)
    but not their due day, so the count comes from this argument or from the profile's
    ``reports.quarterly_due_days_after_quarter_end`` (``none`` in the shipped profile: an error
    asks for it rather than inventing a deadline).

    Examples
    --------
    >>> dates = quarterly_due_dates(dt.date(2008, 1, 1), dt.date(2008, 12, 31), days_after_quarter_end=30)
    >>> [(d.period_end.isoformat(), d.due.isoformat()) for d in dates]
    [('2007-12-31', '2008-01-30'), ('2008-03-31', '2008-04-30'), ('2008-06-30', '2008-07-30'), ('2008-09-30', '2008-10-30')]
    """
    first, last = _span(start, end)
    param = _profile(profile).get("reports.quarterly_due_days_after_quarter_end", on=first)
    offset = param.value if days_after_quarter_end is None else days_after_quarter_end
    if offset is None:
        raise InvalidValueError(
            "the contract does not say when quarterly reports are due: pass "
            "days_after_quarter_end=..., or set reports.quarterly_due_days_after_quarter_end in "
            "your profile",
            field="days_after_quarter_end",
            value=None,
        )
    lag = _whole(offset, field="days_after_quarter_end")
    if lag < 0:
        raise InvalidValueError(
            f"'days_after_quarter_end' must be >= 0 (got {lag})",
            field="days_after_quarter_end",
            value=lag,
        )
    ends = _moments(
        rrule.rrule(
            rrule.MONTHLY,
            dtstart=_midnight(_shift(first, -lag, field="start")),
            until=_midnight(_shift(last, -lag, field="end")),
            bymonth=(3, 6, 9, 12),
            bymonthday=-1,
        )
    )
    return _due_dates(
        (
            (
                _shift(quarter_end, lag, field="end"),
                quarter_end.replace(month=quarter_end.month - 2, day=1),
                quarter_end,
            )
            for quarter_end in ends
        ),
        report=report,
        section=param.section,
        time=None,
        roll=roll,
        holidays=holidays,
    )


def annual_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the annual Case Management Services Report due dates from ``start`` to ``end``.

    §2.30.6.1.1: "By August 15, 2007 ... Annually thereafter": August 15 of each year from 2007
    (profile ``reports.annual_due_date`` and ``reports.annual_first_due``). August 15, 2009 was a
    Saturday; ``roll="following"`` moves it to Monday the 17th.

    Examples
    --------
    >>> [d.due.isoformat() for d in annual_due_dates(dt.date(2006, 1, 1), dt.date(2009, 12, 31))]
    ['2007-08-15', '2008-08-15', '2009-08-15']
    >>> annual_due_dates(dt.date(2009, 1, 1), dt.date(2009, 12, 31), roll="following")[0].describe()
    'Case Management Services Report due Monday 2009-08-17 (moved from 2009-08-15, not a business day)  [§2.30.6.1.1]'
    """
    first, last = _span(start, end)
    chosen = _profile(profile)
    first_due = chosen.get("reports.annual_first_due")
    on = max(first, first_due.value)
    days: tuple[dt.date, ...] = ()
    if on <= last:
        month, day = chosen.value("reports.annual_due_date", tuple, on=on)
        days = _moments(_month_day_rule(on, last, day, month=month))
    return _due_dates(
        ((due, None, None) for due in days),
        report="Case Management Services Report",
        section=first_due.section,
        time=None,
        roll=roll,
        holidays=holidays,
    )
