"""One-time deadlines of the contract: the NEMT implementation of Attachment XI A.2.1.

A.2.1: "The CONTRACTOR shall prepare and maintain throughout the implementation period (defined as
the period from April 1, 2008 through July 31, 2008) an implementation work plan that details all
of the tasks required to successfully implement all of the NEMT requirements of the Agreement,
including this Attachment XI, by September 1, 2008. The CONTRACTOR shall submit the final
implementation work plan to TENNCARE for prior written approval no later than April 1, 2008. By
September 1, 2008, the CONTRACTOR shall have fully implemented the implementation work plan".

The dates are the profile's ``deadlines.*`` (with their citation), and each deadline is a
:class:`~tenncare_calc.contract.calendar.due_dates.DueDate`, so lateness is counted as for every
report (ruling L2: a submission on the day is on time). The NEMT operating standards of the shipped
profile are in force from the implementation date.

>>> for deadline in nemt_implementation_deadlines():
...     print(deadline.describe())
final NEMT implementation work plan, for TENNCARE's prior written approval due Tuesday 2008-04-01 for 2008-04-01 to 2008-07-31  [Attachment XI A.2.1]
NEMT implementation work plan fully implemented due Monday 2008-09-01  [Attachment XI A.2.1]
>>> nemt_implementation_deadlines()[0].days_late(dt.date(2008, 4, 3))
2
"""

from __future__ import annotations

__all__ = ["nemt_implementation_deadlines", "one_time_deadlines"]

import datetime as dt
from typing import TYPE_CHECKING

from tenncare_calc.contract.calendar.date_inputs import _span
from tenncare_calc.contract.calendar.due_dates import DueDate, Roll, _due_dates, _profile

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tenncare_calc.contract.calendar.holidays import HolidayCalendar
    from tenncare_calc.contract.profile import ContractProfile


def nemt_implementation_deadlines(
    *,
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the deadlines of Attachment XI A.2.1: the final work plan, then full implementation.

    The work plan is due ``deadlines.nemt_work_plan_due`` (2008-04-01) and covers the
    implementation period (``deadlines.nemt_implementation_period_start`` to ``_end``,
    2008-04-01 to 2008-07-31); the work plan is fully implemented by
    ``deadlines.nemt_implemented_by`` (2008-09-01). Dates stay where the contract puts them unless
    ``roll`` moves one off a weekend or holiday.

    Examples
    --------
    >>> [deadline.due.isoformat() for deadline in nemt_implementation_deadlines()]
    ['2008-04-01', '2008-09-01']
    >>> nemt_implementation_deadlines(roll="following")[1].due  # Labor Day 2008
    datetime.date(2008, 9, 2)
    """
    chosen = _profile(profile)
    plan = chosen.get("deadlines.nemt_work_plan_due")
    start = chosen.value("deadlines.nemt_implementation_period_start", dt.date)
    end = chosen.value("deadlines.nemt_implementation_period_end", dt.date)
    implemented = chosen.value("deadlines.nemt_implemented_by", dt.date)
    work_plan = _due_dates(
        [(plan.value, start, end)],
        report="final NEMT implementation work plan, for TENNCARE's prior written approval",
        section=plan.section,
        time=None,
        roll=roll,
        holidays=holidays,
    )
    done = _due_dates(
        [(implemented, None, None)],
        report="NEMT implementation work plan fully implemented",
        section=plan.section,
        time=None,
        roll=roll,
        holidays=holidays,
    )
    return (*work_plan, *done)


def one_time_deadlines(
    start: dt.date,
    end: dt.date,
    *,
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the contract's one-time deadlines due from ``start`` to ``end`` (both included).

    Amendment 3's are those of Attachment XI A.2.1 (:func:`nemt_implementation_deadlines`).

    Examples
    --------
    >>> [d.due.isoformat() for d in one_time_deadlines(dt.date(2008, 6, 1), dt.date(2008, 12, 31))]
    ['2008-09-01']
    """
    first, last = _span(start, end)
    found = nemt_implementation_deadlines(roll=roll, holidays=holidays, profile=profile)
    return tuple(deadline for deadline in found if first <= deadline.due <= last)
