"""Days late (ruling L2) and calendar days (ruling L1): how late a report or a deliverable was.

Liquidated damages that accrue per day late count calendar days after the due date, or, for a
deadline at a time of day (12:00 noon Tuesday), each started 24 hours after it.

>>> days_late(dt.date(2008, 3, 20), dt.date(2008, 4, 2))
13
"""

from __future__ import annotations

__all__ = ["calendar_days", "days_late"]

import datetime as dt
import math

from tenncare_calc.contract.calendar.date_inputs import _span
from tenncare_calc.core.dates import to_date_or_moment
from tenncare_calc.core.errors import InvalidTypeError


def calendar_days(start: dt.date, end: dt.date) -> int:
    """Return the calendar days from ``start`` to ``end``, counting both (ruling L1).

    >>> calendar_days(dt.date(2008, 2, 28), dt.date(2008, 3, 1))  # 28, 29 (leap day), 1
    3
    """
    first, last = _span(start, end)
    return (last - first).days + 1


def days_late(due: dt.date | dt.datetime, received: dt.date | dt.datetime) -> int:
    """Return how many days after ``due`` a submission was ``received`` (0 when on time; L2).

    With a due *date*: ``received - due`` in calendar days when positive, else 0 (ruling L2); a
    ``received`` datetime counts by its date. With a due *datetime* (a deadline at a time of day,
    such as 12:00 noon Tuesday): 0 at or before the deadline, else each started 24 hours after it
    counts as a day, so 12:01 the same day is 1 day late. ``received`` must then be a datetime,
    both naive (the State's local time) or both aware.

    >>> days_late(dt.date(2008, 3, 20), dt.date(2008, 3, 20)), days_late(dt.date(2008, 3, 20), dt.date(2008, 3, 21))
    (0, 1)
    >>> noon = dt.datetime(2008, 3, 4, 12, 0)
    >>> days_late(noon, dt.datetime(2008, 3, 4, 12, 1)), days_late(noon, dt.datetime(2008, 3, 5, 12, 0))
    (1, 1)
    """
    due = to_date_or_moment(due, field="due")
    received = to_date_or_moment(received, field="received")
    if not isinstance(due, dt.datetime):
        on = received.date() if isinstance(received, dt.datetime) else received
        return max(0, (on - due).days)
    if not isinstance(received, dt.datetime):
        raise InvalidTypeError(
            f"'received' must be a datetime when the deadline has a time of day ({due.isoformat()}); "
            f"a date alone ({received.isoformat()}) cannot say whether it was before the deadline",
            field="received",
            value=received,
        )
    if (due.tzinfo is None) != (received.tzinfo is None):
        raise InvalidTypeError(
            "'due' and 'received' must both be naive (local time) or both be time-zone aware "
            f"(got {due.isoformat()} and {received.isoformat()})",
            field="received",
            value=received,
        )
    if received <= due:
        return 0
    return math.ceil((received - due) / dt.timedelta(days=1))
