"""The contract calendar: business days, report due dates and days late (ruling D1, L1, L2).

Business days are Monday to Friday, less the holidays of a holiday calendar (ruling D1). The calendar
is the caller's choice; the default is :func:`tennessee_state_holidays`, the days Tennessee state
offices close (Tenn. Code Ann. § 15-1-101, a Saturday holiday observed the Friday before and a Sunday
holiday the Monday after, and Columbus Day observed the Friday after Thanksgiving, as the governor
substitutes it). Pass ``holidays=`` to any function to use another calendar: a
:class:`HolidayCalendar` (your own TOML file via :func:`load_holiday_calendar`, or the default plus
extra days via :meth:`HolidayCalendar.with_dates`), any iterable of dates, or :func:`no_holidays`.

Report due dates come from ``dateutil.rrule`` and the contract profile: the weekly Member CRG/TPG
Assessment Report is due by 12:00 noon each Tuesday (§2.30.4.5); the annual Case Management Services
Report by August 15 (§2.30.6.1.1). One-time deadlines (the NEMT implementation work plan by
2008-04-01 and its implementation by 2008-09-01, Attachment XI A.2.1) are in
:mod:`~tenncare_calc.contract.calendar.deadlines`. Due dates are not moved off weekends or holidays unless the
caller asks (``roll="following"``): the contract names fixed days.

Every name below is importable from ``tenncare_calc.contract.calendar`` (``tc.calendar``),
whichever module of the package defines it. Importing the package declares the profile's
``reports`` section (:mod:`~tenncare_calc.contract.calendar.section`); a module is imported when
one of its names is first used.

>>> import datetime as dt
>>> from tenncare_calc.contract.calendar import (
...     add_business_days, business_days_between, days_late, is_business_day)
>>> is_business_day(dt.date(2008, 11, 28))  # the Friday after Thanksgiving: Columbus Day observed
False
>>> add_business_days(dt.date(2008, 12, 23), 3)  # Wed 24, (Thu 25 Christmas), Fri 26, Mon 29
datetime.date(2008, 12, 29)
>>> business_days_between(dt.date(2008, 12, 23), dt.date(2008, 12, 29))
3
>>> days_late(dt.date(2008, 3, 20), dt.date(2008, 4, 2))
13
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tenncare_calc.contract.calendar.section  # noqa: F401 - declares the reports section
from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.contract.calendar.business_dates import (
        add_business_days,
        business_days,
        business_days_between,
        holiday_dates,
        is_business_day,
        next_business_day,
        previous_business_day,
        roll_to_business_day,
    )
    from tenncare_calc.contract.calendar.deadlines import (
        nemt_implementation_deadlines,
        one_time_deadlines,
    )
    from tenncare_calc.contract.calendar.due_dates import (
        DueDate,
        Roll,
        annual_due_dates,
        monthly_due_dates,
        quarterly_due_dates,
        weekly_due_dates,
    )
    from tenncare_calc.contract.calendar.holiday_calendars import (
        load_holiday_calendar,
        no_holidays,
        tennessee_state_holidays,
    )
    from tenncare_calc.contract.calendar.holidays import (
        Holiday,
        HolidayCalendar,
        HolidayRule,
        Observance,
    )
    from tenncare_calc.contract.calendar.lateness import (
        calendar_days,
        days_late,
    )


__all__ = [
    "DueDate",
    "Holiday",
    "HolidayCalendar",
    "HolidayRule",
    "Observance",
    "Roll",
    "add_business_days",
    "annual_due_dates",
    "business_days",
    "business_days_between",
    "calendar_days",
    "days_late",
    "holiday_dates",
    "is_business_day",
    "load_holiday_calendar",
    "monthly_due_dates",
    "nemt_implementation_deadlines",
    "next_business_day",
    "no_holidays",
    "one_time_deadlines",
    "previous_business_day",
    "quarterly_due_dates",
    "roll_to_business_day",
    "tennessee_state_holidays",
    "weekly_due_dates",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "add_business_days": "tenncare_calc.contract.calendar.business_dates",
        "business_days": "tenncare_calc.contract.calendar.business_dates",
        "business_days_between": "tenncare_calc.contract.calendar.business_dates",
        "holiday_dates": "tenncare_calc.contract.calendar.business_dates",
        "is_business_day": "tenncare_calc.contract.calendar.business_dates",
        "next_business_day": "tenncare_calc.contract.calendar.business_dates",
        "previous_business_day": "tenncare_calc.contract.calendar.business_dates",
        "roll_to_business_day": "tenncare_calc.contract.calendar.business_dates",
        "nemt_implementation_deadlines": "tenncare_calc.contract.calendar.deadlines",
        "one_time_deadlines": "tenncare_calc.contract.calendar.deadlines",
        "DueDate": "tenncare_calc.contract.calendar.due_dates",
        "Roll": "tenncare_calc.contract.calendar.due_dates",
        "annual_due_dates": "tenncare_calc.contract.calendar.due_dates",
        "monthly_due_dates": "tenncare_calc.contract.calendar.due_dates",
        "quarterly_due_dates": "tenncare_calc.contract.calendar.due_dates",
        "weekly_due_dates": "tenncare_calc.contract.calendar.due_dates",
        "load_holiday_calendar": "tenncare_calc.contract.calendar.holiday_calendars",
        "no_holidays": "tenncare_calc.contract.calendar.holiday_calendars",
        "tennessee_state_holidays": "tenncare_calc.contract.calendar.holiday_calendars",
        "Holiday": "tenncare_calc.contract.calendar.holidays",
        "HolidayCalendar": "tenncare_calc.contract.calendar.holidays",
        "HolidayRule": "tenncare_calc.contract.calendar.holidays",
        "Observance": "tenncare_calc.contract.calendar.holidays",
        "calendar_days": "tenncare_calc.contract.calendar.lateness",
        "days_late": "tenncare_calc.contract.calendar.lateness",
    },
)
