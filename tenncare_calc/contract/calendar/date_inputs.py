"""The calendar's inputs checked: whole numbers, years, spans of dates, and a date moved by days.

Every function of the calendar checks what it is given the same way, so a wrong input is the same
typed error, naming the argument, whichever function it was passed to.
"""

from __future__ import annotations

__all__: list[str] = []

import datetime as dt
import numbers

from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.missing import require_present
from tenncare_calc.core.values import MAX_DAYS, to_date, to_days

#: ``date.weekday()`` of Saturday: the days before it are Monday to Friday.
_SATURDAY = 5
_ONE_DAY = dt.timedelta(days=1)


def _whole(value: object, *, field: str) -> int:
    """Return a whole number of days (an int, a numpy integer or digit text), at most 10^5 in size.

    Floats and Decimals are refused as types, even when whole: a day count is counted, not measured.
    """
    require_present(value, field=field)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral | str):
        raise InvalidTypeError(
            f"{field!r} must be a whole number (int) (got {value!r})", field=field, value=value
        )
    return to_days(value, field=field, signed=True)


def _year(value: object, *, field: str = "year") -> int:
    year = _whole(value, field=field)
    if not dt.MINYEAR < year < dt.MAXYEAR:
        raise InvalidValueError(
            f"{field!r} must be a year between {dt.MINYEAR + 1} and {dt.MAXYEAR - 1} (got {year})",
            field=field,
            value=year,
        )
    return year


def _span(start: object, end: object) -> tuple[dt.date, dt.date]:
    first, last = to_date(start, field="start"), to_date(end, field="end")
    if last < first:
        raise InvalidValueError(
            f"'end' ({last.isoformat()}) is before 'start' ({first.isoformat()}); give the "
            "earlier date first",
            field="end",
            value=last,
        )
    if (last - first).days > MAX_DAYS:
        raise InvalidValueError(
            f"'start' ({first.isoformat()}) to 'end' ({last.isoformat()}) spans "
            f"{(last - first).days:,} days; a span of dates is at most {MAX_DAYS:,} days "
            "(273 years): ask for the years you need",
            field="end",
            value=last,
        )
    return first, last


def _shift(day: dt.date, days: int, *, field: str) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise InvalidValueError(
            f"{field!r}: moving {days} days from {day.isoformat()} leaves the range of dates "
            "Python can represent",
            field=field,
            value=day,
        ) from None
