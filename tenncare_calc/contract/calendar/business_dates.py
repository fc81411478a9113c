"""Business days (ruling D1): Monday to Friday less the holidays; finding, moving by and counting them.

"Within 3 business days" counts Monday to Friday, skipping the holidays of the calendar passed as
``holidays=`` (Tennessee state holidays by default). Moving by business days and counting them are
done a week at a time, less the weekday holidays in between, so a span of years costs no more than
a span of days.

>>> add_business_days(dt.date(2008, 12, 23), 3)  # Wed 24, (Thu 25 Christmas), Fri 26, Mon 29
datetime.date(2008, 12, 29)
>>> business_days_between(dt.date(2008, 12, 23), dt.date(2008, 12, 29))
3
"""

from __future__ import annotations

__all__ = [
    "add_business_days",
    "business_days",
    "business_days_between",
    "holiday_dates",
    "is_business_day",
    "next_business_day",
    "previous_business_day",
    "roll_to_business_day",
]

import datetime as dt
from typing import TYPE_CHECKING, Literal

from dateutil import rrule

from tenncare_calc.contract.calendar.date_inputs import _ONE_DAY, _SATURDAY, _shift, _span, _whole
from tenncare_calc.contract.calendar.holiday_calendars import _calendar
from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.values import to_date

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tenncare_calc.contract.calendar.holidays import HolidayCalendar

_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR)


def is_business_day(
    day: dt.date, *, holidays: HolidayCalendar | Iterable[dt.date] | None = None
) -> bool:
    """Return whether ``day`` is a business day: Monday to Friday and not a holiday (ruling D1).

    ``holidays`` is the holiday calendar (Tennessee state holidays by default).

    >>> is_business_day(dt.date(2008, 7, 4)), is_business_day(dt.date(2008, 7, 5))
    (False, False)
    >>> is_business_day(dt.date(2008, 7, 7))
    True
    """
    checked = to_date(day, field="day")
    return checked.weekday() < _SATURDAY and not _calendar(holidays).is_holiday(checked)


def roll_to_business_day(
    day: dt.date,
    *,
    roll: Literal["following", "preceding"] = "following",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> dt.date:
    """Return ``day`` itself when it is a business day, else the next (or previous) business day.

    >>> roll_to_business_day(dt.date(2009, 8, 15))  # a Saturday
    datetime.date(2009, 8, 17)
    >>> roll_to_business_day(dt.date(2009, 8, 15), roll="preceding")
    datetime.date(2009, 8, 14)
    """
    checked = to_date(day, field="day")
    if not isinstance(roll, str) or roll not in ("following", "preceding"):
        raise InvalidValueError(
            f"'roll' must be 'following' or 'preceding' (got {roll!r})", field="roll", value=roll
        )
    calendar = _calendar(holidays)
    step = 1 if roll == "following" else -1
    while not is_business_day(checked, holidays=calendar):
        checked = _shift(checked, step, field="day")
    return checked


def next_business_day(
    day: dt.date, *, holidays: HolidayCalendar | Iterable[dt.date] | None = None
) -> dt.date:
    """Return the first business day strictly after ``day``.

    >>> next_business_day(dt.date(2008, 12, 31))  # New Year's Day is skipped
    datetime.date(2009, 1, 2)
    """
    return add_business_days(day, 1, holidays=holidays)


def previous_business_day(
    day: dt.date, *, holidays: HolidayCalendar | Iterable[dt.date] | None = None
) -> dt.date:
    """Return the last business day strictly before ``day``.

    >>> previous_business_day(dt.date(2009, 1, 2))
    datetime.date(2008, 12, 31)
    """
    return add_business_days(day, -1, holidays=holidays)


def _weekdays_through(ordinal: int) -> int:
    """Return how many Mondays-to-Fridays there are from day 1 (a Monday) through ``ordinal``."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _weekdays_after(day: dt.date, count: int) -> dt.date:
    """Return the ``count``-th weekday after (count > 0) or before (count < 0) ``day``."""
    if count == 0:
        return day
    step = 1 if count > 0 else -1
    # A weekend start counts from the weekday next to it on the side we move away from.
    if day.weekday() >= _SATURDAY:
        anchor = (
            day - dt.timedelta(days=day.weekday() - 4)
            if step > 0
            else day + dt.timedelta(days=7 - day.weekday())
        )
    else:
        anchor = day
    weeks, rest = divmod(abs(count), 5)
    moved = _shift(anchor, step * 7 * weeks, field="start")
    while rest:
        moved = _shift(moved, step, field="start")
        if moved.weekday() < _SATURDAY:
            rest -= 1
    return moved


def _weekday_holidays(calendar: HolidayCalendar, first: dt.date, last: dt.date) -> int:
    """Return how many holidays fall on Mondays to Fridays from ``first`` to ``last`` (included)."""
    if last < first:
        return 0
    return sum(
        1
        for holiday in {h.date for h in calendar.holidays_between(first, last)}
        if holiday.weekday() < _SATURDAY
    )


def add_business_days(
    start: dt.date,
    days: int,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> dt.date:
    """Return the date ``days`` business days after ``start`` (before it when ``days`` < 0).

    ``start`` itself is not counted, whether or not it is a business day: one business day after a
    Friday is the Monday, and one after a Saturday is also the Monday. ``days=0`` gives ``start``
    when it is a business day, else the next business day. The result of any call is a business
    day. Holidays come from ``holidays`` (Tennessee state holidays by default, ruling D1).

    Examples
    --------
    "Within 3 business days" of a request on Tuesday, December 23, 2008: Wednesday 24 is day 1,
    Thursday 25 is Christmas, Friday 26 is day 2, the weekend is skipped, Monday 29 is day 3.

    >>> add_business_days(dt.date(2008, 12, 23), 3)
    datetime.date(2008, 12, 29)
    >>> add_business_days(dt.date(2008, 12, 29), -3)
    datetime.date(2008, 12, 23)

    """
    checked = to_date(start, field="start")
    count = _whole(days, field="days")
    calendar = _calendar(holidays)
    if count == 0:
        return roll_to_business_day(checked, holidays=calendar)
    step = 1 if count > 0 else -1
    current, remaining = checked, abs(count)
    while remaining:
        target = _weekdays_after(current, step * remaining)
        first, last = (current + _ONE_DAY, target) if step > 0 else (target, current - _ONE_DAY)
        remaining = _weekday_holidays(calendar, first, last)
        current = target
    return current


def business_days_between(
    start: dt.date,
    end: dt.date,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> int:
    """Return the number of business days after ``start`` up to and including ``end``.

    The count of the business days passed moving from ``start`` to ``end``, counting ``end`` and not
    ``start``. When ``end`` is before ``start`` the count is negative: minus the business days from
    ``end`` (included) up to ``start`` (excluded). It inverts :func:`add_business_days`:
    ``business_days_between(start, add_business_days(start, n)) == n`` for every ``n != 0``.

    >>> business_days_between(dt.date(2008, 12, 23), dt.date(2008, 12, 29))  # 24, 26, 29
    3
    >>> business_days_between(dt.date(2008, 12, 29), dt.date(2008, 12, 23))
    -3
    """
    first, last = to_date(start, field="start"), to_date(end, field="end")
    calendar = _calendar(holidays)
    if last == first:
        return 0
    if last < first:
        # [end, start): counted by day numbers, so the first and last days of the calendar count
        weekdays = _weekdays_through(first.toordinal() - 1) - _weekdays_through(
            last.toordinal() - 1
        )
        return -(weekdays - _weekday_holidays(calendar, last, first - _ONE_DAY))
    weekdays = _weekdays_through(last.toordinal()) - _weekdays_through(first.toordinal())
    return weekdays - _weekday_holidays(calendar, first + _ONE_DAY, last)


def business_days(
    start: dt.date,
    end: dt.date,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> tuple[dt.date, ...]:
    """Return every business day from ``start`` to ``end`` (both included), in order.

    Built as a ``dateutil.rrule.rruleset``: the weekdays of the span, less the holidays.

    >>> business_days(dt.date(2008, 12, 24), dt.date(2008, 12, 29))
    (datetime.date(2008, 12, 24), datetime.date(2008, 12, 26), datetime.date(2008, 12, 29))
    """
    first, last = _span(start, end)
    days = rrule.rruleset()
    days.rrule(
        rrule.rrule(
            rrule.DAILY,
            dtstart=dt.datetime.combine(first, dt.time()),
            until=dt.datetime.combine(last, dt.time()),
            byweekday=_WEEKDAYS,
        )
    )
    for holiday in _calendar(holidays).holidays_between(first, last):
        days.exdate(dt.datetime.combine(holiday.date, dt.time()))
    return tuple(moment.date() for moment in days)


def holiday_dates(
    start: dt.date,
    end: dt.date,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> tuple[dt.date, ...]:
    """Return the observed holiday dates from ``start`` to ``end`` (both included), in order.

    Handy for columnar code: ``numpy.busday_offset(..., holidays=holiday_dates(start, end))`` then
    agrees with :func:`add_business_days` inside the span.

    >>> holiday_dates(dt.date(2008, 11, 1), dt.date(2008, 11, 30))
    (datetime.date(2008, 11, 11), datetime.date(2008, 11, 27), datetime.date(2008, 11, 28))
    """
    found = _calendar(holidays).holidays_between(start, end)
    return tuple(sorted({holiday.date for holiday in found}))
