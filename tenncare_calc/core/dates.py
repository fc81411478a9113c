"""Dates, moments and years from any type a caller has: Python, pandas, numpy or text.

Every date argument of the library goes through :func:`to_date`, every moment (a date with a time
of day) through :func:`to_moment` and every year through :func:`to_year`, so each accepts the same
forms and refuses the rest with the same typed error naming the argument.

A **date** may be given as

* a ``datetime.date``;
* a ``datetime.datetime``, a pandas ``Timestamp`` or a numpy ``datetime64`` *at midnight* (a time
  of day would be dropped without a word, so it is refused: pass ``.date()`` if the day is meant);
* text written ``YYYY-MM-DD`` (ISO 8601, ``2008-01-05``) or ``M/D/YYYY`` (``1/5/2008``, month
  first, as US exports write it; ``D/M/YYYY`` is never guessed).

An Excel serial day number (``39452``) is a date only when the caller says so: see
:func:`date_from_excel_serial`. A **moment** may be a ``datetime.datetime``, a pandas
``Timestamp``, a numpy ``datetime64``, or text such as ``2008-01-05 09:30``, ``2008-01-05T09:30:00``
or ``1/5/2008 09:30`` (24-hour clock). A **year** may be an ``int``, a numpy integer or digit text
(``"2008"``). ``None``, NaN, ``NaT`` and ``pd.NA`` are missing values
(:class:`~tenncare_calc.core.errors.MissingValueError`).

>>> to_date("1/5/2008", field="due"), to_year("2008", field="year")
(datetime.date(2008, 1, 5), 2008)
>>> to_date("5/13/2008", field="due")
datetime.date(2008, 5, 13)
>>> to_date("13/5/2008", field="due")
Traceback (most recent call last):
...
tenncare_calc.InvalidValueError: 'due' must be a date written YYYY-MM-DD or M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008 (got '13/5/2008')
"""

from __future__ import annotations

__all__ = [
    "DATE_FORMS",
    "EXCEL_FICTITIOUS_LEAP_DAY",
    "YEARS",
    "date_from_excel_serial",
    "date_in_text",
    "to_date",
    "to_date_or_moment",
    "to_moment",
    "to_year",
]

import datetime as dt
import numbers
import re
from decimal import Decimal, InvalidOperation

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, InvalidValueError
from tenncare_calc.core.missing import foreign_kind, require_present

#: The forms a date may take, as error messages and the docs state them.
DATE_FORMS = "YYYY-MM-DD or M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008"

#: The years a contract year may take: wide enough for any real term, narrow enough to catch a
#: mistyped year (``208`` for ``2008``) and to leave room for a following year within ``date``.
YEARS = range(1900, 9999)

_ISO_DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_US_DATE = r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?)?"
_DATE_TEXT = (re.compile(_ISO_DATE), re.compile(_US_DATE))
_MOMENT_TEXT = (
    re.compile(rf"{_ISO_DATE}[T ]{_TIME}"),
    re.compile(rf"{_US_DATE} {_TIME}"),
)
#: Text longer than this is no date or moment; it is refused before any pattern is tried.
_LONGEST_TEXT = 40


def _parts(text: str, patterns: tuple[re.Pattern[str], ...]) -> dict[str, str] | None:
    stripped = text.strip()
    if len(stripped) > _LONGEST_TEXT:
        return None
    for pattern in patterns:
        if found := pattern.fullmatch(stripped):
            return {key: part for key, part in found.groupdict().items() if part is not None}
    return None


def _built(parts: dict[str, str]) -> dt.datetime | None:
    """Return the moment ``parts`` name, or None when it is no real day or time (2008-02-30)."""
    fraction = parts.get("fraction", "")
    if fraction.rstrip("0")[6:]:
        return None  # below a microsecond: would be dropped
    try:
        return dt.datetime(  # noqa: DTZ001 - naive local time, as the contract's times are
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts.get("hour", "0")),
            int(parts.get("minute", "0")),
            int(parts.get("second", "0")),
            int(fraction[:6].ljust(6, "0")),
        )
    except ValueError:
        return None


def _numpy_moment(value: object) -> dt.datetime | None:
    """Return a numpy ``datetime64`` as a naive datetime, or None for a unit coarser than a day."""
    text = str(value)
    parts = _parts(text, (re.compile(rf"{_ISO_DATE}(?:T{_TIME})?"),))
    return None if parts is None else _built(parts)


def _plain_moment(value: dt.datetime, field: str) -> dt.datetime:
    """Return a datetime (or pandas Timestamp) as a plain ``datetime.datetime``."""
    if getattr(value, "nanosecond", 0):
        raise InvalidValueError(
            f"{field!r} has nanoseconds ({value!r}); times are kept to the microsecond, so round "
            "it first",
            field=field,
            value=value,
        )
    return dt.datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=value.tzinfo,
        fold=value.fold,
    )


def _date_error(value: object, field: str) -> InvalidValueError:
    return InvalidValueError(
        f"{field!r} must be a date written {DATE_FORMS} (got {value!r})", field=field, value=value
    )


def date_in_text(text: str, *, field: str, name: str | None = None) -> dt.date:
    """Return the date a cell of a file or an option writes: ``YYYY-MM-DD`` or ``M/D/YYYY``.

    Ruling IN1, as :func:`to_date` reads text (spaces around it dropped; day first never
    guessed). Anything else is an :class:`~tenncare_calc.core.errors.InvalidInputError` naming
    ``name`` (``field`` quoted, if not given) and the text.

    >>> date_in_text(" 1/5/2008 ", field="data_through"), date_in_text("2008-01-05", field="x")
    (datetime.date(2008, 1, 5), datetime.date(2008, 1, 5))
    >>> date_in_text("20080105", field="data_through")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: 'data_through' must be a date written YYYY-MM-DD or M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008 (got '20080105')
    """
    try:
        return to_date(text.strip(), field=field)
    except InvalidValueError:
        shown = repr(field) if name is None else name
        raise InvalidInputError(
            f"{shown} must be a date written {DATE_FORMS} (got {text!r})", field=field, value=text
        ) from None


def to_date(value: object, *, field: str) -> dt.date:
    """Return ``value`` as a ``datetime.date`` (forms in the module docstring).

    >>> import datetime as dt
    >>> to_date(dt.date(2008, 10, 6), field="due"), to_date("2008-10-06", field="due")
    (datetime.date(2008, 10, 6), datetime.date(2008, 10, 6))
    >>> to_date(dt.datetime(2008, 10, 6, 9, 30), field="due")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'due' must be a date, not a moment with a time of day (got datetime.datetime(2008, 10, 6, 9, 30)); pass its .date() if the day is meant

    """
    if type(value) is dt.date:  # the common case, as the isinstance branch below returns it
        return value
    require_present(value, field=field)
    moment: dt.datetime | None
    if isinstance(value, dt.datetime):
        moment = _plain_moment(value, field)
    elif isinstance(value, dt.date):
        return value if type(value) is dt.date else dt.date(value.year, value.month, value.day)
    elif isinstance(value, str):
        parts = _parts(value, _DATE_TEXT)
        moment = None if parts is None else _built(parts)
        if moment is None:
            raise _date_error(value, field)
    elif foreign_kind(value) == ("numpy", "datetime64"):
        moment = _numpy_moment(value)
        if moment is None:
            raise _date_error(value, field)
    else:
        raise InvalidTypeError(
            f"{field!r} must be a date: a datetime.date, or text written {DATE_FORMS} "
            f"(got {type(value).__name__} {value!r})",
            field=field,
            value=value,
        )
    if moment.timetz() != dt.time(0, tzinfo=moment.tzinfo):
        raise InvalidTypeError(
            f"{field!r} must be a date, not a moment with a time of day (got {value!r}); pass "
            "its .date() if the day is meant",
            field=field,
            value=value,
        )
    return moment.date()


def to_moment(value: object, *, field: str) -> dt.datetime:
    """Return ``value`` as a ``datetime.datetime`` with its time of day (forms in the module doc).

    A date alone is refused: it cannot say at what time of the day something happened.

    >>> to_moment("2008-10-06 09:30", field="requested_at")
    datetime.datetime(2008, 10, 6, 9, 30)
    >>> to_moment("10/6/2008 17:05:30", field="requested_at")
    datetime.datetime(2008, 10, 6, 17, 5, 30)
    """
    require_present(value, field=field)
    if isinstance(value, dt.datetime):
        return _plain_moment(value, field)
    if isinstance(value, dt.date):
        raise InvalidTypeError(
            f"{field!r} must be a datetime.datetime with a time of day, not a date alone "
            f"(got {value!r}): a day cannot say at what time something happened",
            field=field,
            value=value,
        )
    moment: dt.datetime | None = None
    if isinstance(value, str):
        parts = _parts(value, _MOMENT_TEXT)
        moment = None if parts is None else _built(parts)
    elif foreign_kind(value) == ("numpy", "datetime64") and "T" in str(value):
        moment = _numpy_moment(value)
    elif foreign_kind(value) != ("numpy", "datetime64"):
        raise InvalidTypeError(
            f"{field!r} must be a datetime.datetime with a time of day, or text such as "
            f"2008-01-05 09:30 (got {type(value).__name__} {value!r})",
            field=field,
            value=value,
        )
    if moment is None:
        raise InvalidValueError(
            f"{field!r} must be a moment with a time of day, written YYYY-MM-DD HH:MM[:SS] or "
            f"M/D/YYYY HH:MM[:SS] on a 24-hour clock (got {value!r})",
            field=field,
            value=value,
        )
    return moment


def to_date_or_moment(value: object, *, field: str) -> dt.date | dt.datetime:
    """Return ``value`` as a date, or as a datetime when it has a time of day (or is a datetime).

    For arguments that take either (a deadline on a day or at a time): a ``datetime`` or pandas
    ``Timestamp`` stays a moment, text reads as a date when written as one and as a moment when
    it has a time.

    >>> to_date_or_moment("2008-03-04", field="due"), to_date_or_moment("2008-03-04 12:00", field="due")
    (datetime.date(2008, 3, 4), datetime.datetime(2008, 3, 4, 12, 0))
    """
    require_present(value, field=field)
    if isinstance(value, dt.datetime):
        return _plain_moment(value, field)
    if isinstance(value, str) and _parts(value, _DATE_TEXT) is None:
        return to_moment(value, field=field)
    if foreign_kind(value) == ("numpy", "datetime64") and "T" in str(value):
        return to_moment(value, field=field)
    return to_date(value, field=field)


def _is_bool(value: object) -> bool:
    """Return whether ``value`` is a bool (a helper, so type checkers keep ``Integral`` apart)."""
    return isinstance(value, bool)


def to_year(value: object, *, field: str) -> int:
    """Return ``value`` as a contract year: a whole number from 1900 to 9998.

    ``int``, numpy integers and digit text are accepted; ``bool`` and floats are refused.

    >>> to_year(2008, field="measurement_year"), to_year(" 2008 ", field="measurement_year")
    (2008, 2008)
    >>> to_year(208, field="year")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'year' must be a year between 1900 and 9998 (got 208)

    """
    require_present(value, field=field)
    year: int
    if isinstance(value, numbers.Integral) and not _is_bool(value):
        year = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        digits = value.strip()
        year = int(digits) if len(digits) <= len(str(YEARS.stop)) else YEARS.stop
    else:
        raise InvalidTypeError(
            f"{field!r} must be a year as a whole number, such as 2008 (got {value!r})",
            field=field,
            value=value,
        )
    if year not in YEARS:
        raise InvalidValueError(
            f"{field!r} must be a year between {YEARS.start} and {YEARS.stop - 1} (got {value})",
            field=field,
            value=value,
        )
    return year


#: Serial 60 of Excel's 1900 date system: February 29, 1900, a day that never was (Lotus 1-2-3
#: counted 1900 as a leap year and Excel kept the error for compatibility).
EXCEL_FICTITIOUS_LEAP_DAY = 60
#: Serial of 9999-12-31, the last day a ``datetime.date`` holds.
_LAST_EXCEL_SERIAL = 2_958_465


def _serial_decimal(value: str | Decimal | numbers.Real) -> Decimal:
    if isinstance(value, Decimal):
        return value
    text = value.strip() if isinstance(value, str) else repr(float(value))
    if len(text) > _LONGEST_TEXT:
        return Decimal("NaN")
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal("NaN")


def date_from_excel_serial(value: object, *, field: str) -> dt.date:
    """Return the date an Excel serial day number stands for, in Excel's 1900 date system.

    Serial 1 is 1900-01-01 and 61 is 1900-03-01; serial 60 is the fictitious 1900-02-29 that
    Excel keeps from Lotus 1-2-3, and is refused. Whole numbers (``int``, numpy integers, a float
    or Decimal without a fraction, digit text) from 1 to 2958465 (9999-12-31) are accepted; a
    fraction is a time of day and is refused. The 1904 date system (old Mac workbooks) is not
    read: convert it in Excel first. Use this only where the caller says the column holds serial
    numbers: a number is never guessed to be a date.

    >>> date_from_excel_serial(39452, field="start"), date_from_excel_serial("61", field="start")
    (datetime.date(2008, 1, 5), datetime.date(1900, 3, 1))
    >>> date_from_excel_serial(60, field="start")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'start' is Excel serial 60, the day 1900-02-29 that never was (Excel's 1900 leap-year error); correct the cell

    """
    require_present(value, field=field)
    serial: int | None = None
    if isinstance(value, bool) or not isinstance(value, str | Decimal | numbers.Real):
        raise InvalidTypeError(
            f"{field!r} must be an Excel serial day number (got {type(value).__name__} {value!r})",
            field=field,
            value=value,
        )
    if isinstance(value, numbers.Integral):
        serial = int(value)
    else:
        number = _serial_decimal(value)
        if number.is_finite() and number == number.to_integral_value():
            serial = int(min(number, Decimal(_LAST_EXCEL_SERIAL + 1)).max(Decimal(0)))
        else:
            raise InvalidValueError(
                f"{field!r} must be a whole Excel serial day number (got {value!r}); a fraction "
                "is a time of day",
                field=field,
                value=value,
            )
    if serial == EXCEL_FICTITIOUS_LEAP_DAY:
        raise InvalidValueError(
            f"{field!r} is Excel serial 60, the day 1900-02-29 that never was (Excel's 1900 "
            "leap-year error); correct the cell",
            field=field,
            value=value,
        )
    if not 1 <= serial <= _LAST_EXCEL_SERIAL:
        raise InvalidValueError(
            f"{field!r} must be an Excel serial day number from 1 (1900-01-01) to "
            f"{_LAST_EXCEL_SERIAL} (9999-12-31) (got {value!r})",
            field=field,
            value=value,
        )
    before_leap_day = serial < EXCEL_FICTITIOUS_LEAP_DAY
    return dt.date(1899, 12, 31 if before_leap_day else 30) + dt.timedelta(days=serial)
