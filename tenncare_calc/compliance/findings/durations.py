"""Times in findings: figures in minutes never rounded onto their line, and durations in words.

The checks measured in time (Attachment V's hour standards; Attachment XI A.3.2, A.5.1.3, A.5.4 and
A.5.5.1) decide every outcome on the exact times, counted in microseconds. A finding shows them in
two ways, and both must read the way the outcome was decided:

* **figures** (``measured``, ``limit``, ``margin``) are minutes, rounded half-up (away from zero)
  to 4 decimal places (1/10,000 minute is 6,000 microseconds): :func:`minutes_from_micros`. A
  figure measured against a line (the margin against 0, the time measured against the limit) is
  **never rounded onto the line** (:func:`minutes_beside_line`): a time that is not exactly at it
  is shown at least 1/10,000 minute away, on its own side. So a manifest a microsecond late has
  the margin ``-0.0001``, not ``0`` (which reads "exactly at the limit"); only a time exactly at
  the line shows the line. Each figure is otherwise the half-up one, rounded on its own (so
  ``limit - measured`` and the margin may differ in the last place), and the signs of the margin
  and of ``measured - limit`` always say what the outcome says;
* **durations in words** (the steps) are exact (:func:`duration_text`): hours and minutes, the
  seconds when the duration is not a whole minute, and the fraction of a second, to the
  microsecond, when there is one (``0 h 00 min 00.000001 s``), as the moments the steps show.

The columnar twins are :func:`tenncare_calc.columnar.ten_thousandths_of_minutes` and
:func:`tenncare_calc.columnar.minutes_decimals` (with ``line=``), so a table's row shows the
same figures as the one-value check.

>>> late = 86_400_000_000 + 1  # a day and a microsecond after the request, against a day
>>> minutes_beside_line(late, line=86_400_000_000), minutes_beside_line(86_400_000_000 - late)
(Decimal('1440.0001'), Decimal('-0.0001'))
>>> duration_text(late), duration_text(90_000_000)
('24 h 00 min 00.000001 s', '0 h 01 min 30 s')
"""

from __future__ import annotations

__all__ = ["duration_text", "minutes_beside_line", "minutes_from_micros"]

import numbers
from decimal import Decimal

from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.values import exact_context

#: Microseconds in 1/10,000 minute, the last place of a figure in minutes.
_TICK = 6_000
#: Durations are 64-bit microsecond counts (292,000 years), as the columnar checks compute them.
_INT64 = 2**63


def _micros(value: object, field: str) -> int:
    """Return ``value`` as a 64-bit whole number of microseconds, or raise the library's error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidTypeError(
            f"{field!r} must be a whole number of microseconds (got {value!r})",
            field=field,
            value=value,
        )
    if abs(int(value)) >= _INT64:
        raise InvalidValueError(
            f"{field!r} must be a 64-bit whole number of microseconds, under 2^63 in size "
            f"(got {value!r})",
            field=field,
            value=value,
        )
    return int(value)


def _ticks(micros: int) -> int:
    """Return microseconds in 1/10,000 minute, rounded half-up (away from zero)."""
    magnitude = (abs(micros) * 2 + _TICK) // (2 * _TICK)
    return -magnitude if micros < 0 else magnitude


def _minutes(ticks: int) -> Decimal:
    """Return a count of 1/10,000 minute as minutes, without trailing zeros (``1.5``, ``240``)."""
    if ticks % 10_000 == 0:
        return Decimal(ticks // 10_000)
    with exact_context():  # not the caller's context: a figure of 19 digits stays whole
        return Decimal(ticks).scaleb(-4).normalize()


def minutes_from_micros(micros: int) -> Decimal:
    """Return a duration in microseconds as minutes: exact to 4 decimal places, else rounded.

    Durations in findings are shown in minutes. A whole number of minutes (or of 1/10,000 minute)
    is exact; anything finer (times with seconds) is rounded half-up (away from zero) to 4 decimal
    places. This is a display figure: outcomes are always decided on the exact times. A figure
    measured against a line is shown by :func:`minutes_beside_line`.

    >>> minutes_from_micros(90_000_000), minutes_from_micros(-20_000_000), minutes_from_micros(0)
    (Decimal('1.5'), Decimal('-0.3333'), Decimal('0'))
    """
    return _minutes(_ticks(_micros(micros, "micros")))


def minutes_beside_line(micros: int, *, line: int = 0) -> Decimal:
    """Return a time measured against a line as minutes, never rounded onto the line.

    The time is rounded as :func:`minutes_from_micros` rounds it, unless that would show it at
    the line's own figure while it is not exactly at the line: then it is shown 1/10,000 minute
    from the line's figure, on its own side. ``line`` is in microseconds too: 0 for a margin (so
    a margin is 0 only when the time is exactly at the limit, and otherwise has the sign of the
    exact margin), the limit for the time measured.

    Examples
    --------
    A decision due 24 hours after the request, taken a microsecond late, and one taken 4
    milliseconds early (which half-up rounding already shows 1/10,000 minute early):

    >>> day = 24 * 60 * 60_000_000
    >>> minutes_beside_line(day + 1, line=day), minutes_beside_line(-1)
    (Decimal('1440.0001'), Decimal('-0.0001'))
    >>> minutes_beside_line(day - 4_000, line=day), minutes_beside_line(4_000)
    (Decimal('1439.9999'), Decimal('0.0001'))
    >>> minutes_beside_line(day, line=day), minutes_beside_line(0)
    (Decimal('1440'), Decimal('0'))
    """
    time, at = _micros(micros, "micros"), _micros(line, "line")
    shown, line_shown = _ticks(time), _ticks(at)
    if shown == line_shown and time != at:
        shown += 1 if time > at else -1
    return _minutes(shown)


def duration_text(micros: int) -> str:
    """Return a duration in microseconds in words, exactly: ``3 h 00 min``, ``0 h 00 min 00.5 s``.

    Hours and minutes always; the seconds (two digits) when the duration is not a whole minute;
    and the fraction of a second, to the microsecond without trailing zeros, when there is one.
    So a duration is never shorter in words than it is: a manifest half a second late reads
    ``0 h 00 min 00.5 s late``, not ``0 h 00 min late``. The steps of the time-based findings
    (Attachment V's hour standards; Attachment XI A.3.2, A.5.1.3, A.5.5.1) use it. A duration is
    never negative (the checks write "late" or "before the deadline"): a negative one is refused.

    Examples
    --------
    >>> duration_text(3 * 3_600_000_000), duration_text(125_000_000)
    ('3 h 00 min', '0 h 02 min 05 s')
    >>> duration_text(500_000), duration_text(72 * 3_600_000_000 + 1)
    ('0 h 00 min 00.5 s', '72 h 00 min 00.000001 s')
    >>> duration_text(-1)
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'micros' must be >= 0: a duration in words is never negative (got -1)
    """
    time = _micros(micros, "micros")
    if time < 0:
        raise InvalidValueError(
            f"'micros' must be >= 0: a duration in words is never negative (got {time})",
            field="micros",
            value=micros,
        )
    seconds, fraction = divmod(time, 1_000_000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours} h {minutes:02d} min"
    if fraction:
        return f"{text} {seconds:02d}.{fraction:06d}".rstrip("0") + " s"
    return f"{text} {seconds:02d} s" if seconds else text
