"""Exact money, rates and counts (rulings M1-M3).

Every amount and rate the library compares against a threshold is a :class:`decimal.Decimal`.

* M1 - inputs may be ``int``, ``str``, ``Decimal`` or ``float``; a float is converted through its
  shortest ``repr`` (so ``58.2`` means ``Decimal("58.2")``, not the binary neighbour
  ``58.2000000000000028421709430404007434844970703125``). ``bool``, NaN and infinities are rejected.
* M2 - rates are percentages in [0, 100].
* M3 - each payment or damage line is rounded to cents, half-up; totals are sums of rounded lines.

The dates and years these amounts belong to are checked here too (:func:`to_date`,
:func:`to_year`): a ``datetime`` where a date is expected is a type error, not silently truncated.

Arithmetic runs in the library's own decimal context (:data:`EXACT`, 60 significant digits), so a
caller who changed the global context (``getcontext().prec = 5`` in a notebook) gets the same cents.

>>> to_rate(58.2, field="baseline")
Decimal('58.2')
>>> round_cents(Decimal("72370.365"))
Decimal('72370.37')
>>> format_money(Decimal("1234567.5"))
'$1,234,567.50'
"""

from __future__ import annotations

__all__ = [
    "CENT",
    "EXACT",
    "exact_context",
    "floor_cents",
    "format_decimal",
    "format_money",
    "format_rate",
    "format_shown",
    "round_cents",
    "to_cents",
    "to_count",
    "to_date",
    "to_decimal",
    "to_member_months",
    "to_money",
    "to_percent",
    "to_rate",
    "to_year",
]

import datetime as dt
import decimal
import numbers
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

#: The decimal context every computation in the library runs in: 60 significant digits (far more
#: than any contract amount needs), banker's rounding for intermediate results (final lines are
#: rounded explicitly, half-up), and traps on invalid operations, division by zero and overflow.
EXACT = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def exact_context() -> AbstractContextManager[decimal.Context]:
    """Return a context manager that runs decimal arithmetic in :data:`EXACT`.

    >>> import decimal
    >>> with decimal.localcontext() as ctx:
    ...     ctx.prec = 3
    ...     with exact_context():
    ...         Decimal(1) / Decimal(3)
    Decimal('0.333333333333333333333333333333333333333333333333333333333333')
    """
    return decimal.localcontext(EXACT)


def to_decimal(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a finite :class:`~decimal.Decimal` (ruling M1).

    Parameters
    ----------
    value
        An ``int``, ``str``, ``Decimal`` or ``float``. Floats go through their shortest ``repr``.
    field
        The name of the argument or column, used in error messages.

    Raises
    ------
    InvalidTypeError
        For ``bool``, ``None`` and any other type (also a :class:`TypeError`).
    InvalidValueError
        For NaN, infinities and strings that are not numbers (also a :class:`ValueError`).

    Examples
    --------
    >>> to_decimal(0.1, field="rate")
    Decimal('0.1')
    >>> to_decimal(" 1e3 ", field="amount")
    Decimal('1E+3')
    >>> to_decimal(True, field="amount")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'amount' must be a number (int, str, Decimal or float), not bool (got True)

    """
    if isinstance(value, bool):
        raise InvalidTypeError(
            f"{field!r} must be a number (int, str, Decimal or float), not bool (got {value!r})",
            field=field,
            value=value,
        )
    result: Decimal
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, float | numbers.Real) and not isinstance(value, numbers.Rational):
        as_float = float(value)
        result = Decimal(repr(as_float))
    elif isinstance(value, str):
        text = value.strip()
        try:
            result = Decimal(text)
        except decimal.InvalidOperation:
            raise InvalidValueError(
                f"{field!r} must be a number written in decimal digits (got {value!r})",
                field=field,
                value=value,
            ) from None
    else:
        raise InvalidTypeError(
            f"{field!r} must be a number (int, str, Decimal or float), "
            f"not {type(value).__name__} (got {value!r})",
            field=field,
            value=value,
        )
    if not result.is_finite():
        raise InvalidValueError(
            f"{field!r} must be a finite number (got {value!r})", field=field, value=value
        )
    return result


def _at_least_zero(number: Decimal, *, field: str) -> Decimal:
    if number < 0:
        raise InvalidValueError(
            f"{field!r} must be >= 0 (got {number!r})", field=field, value=number
        )
    # -0 and 0 are equal but print differently; normalise the sign so outputs are deterministic.
    return abs(number) if number == 0 else number


def to_money(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a non-negative Decimal amount of dollars (rulings M1, M3).

    Sub-cent inputs are kept as given; rounding happens only where a rule says so.

    >>> to_money("1573838036.00", field="maximum_liability")
    Decimal('1573838036.00')
    >>> to_money(-1, field="capitation")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'capitation' must be >= 0 (got Decimal('-1'))

    """
    return _at_least_zero(to_decimal(value, field=field), field=field)


def to_cents(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a non-negative amount in whole cents, with two decimal places.

    For amounts that are already payment lines (ruling M3): a fraction of a cent is an error, not
    something to round silently.

    >>> to_cents(72000, field="earned")
    Decimal('72000.00')
    >>> to_cents("0.005", field="earned")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'earned' must be a whole number of cents (got Decimal('0.005')); round each line to cents first (ruling M3)

    """
    amount = to_money(value, field=field)
    with exact_context():
        cents = amount.quantize(CENT)
    if cents != amount:
        raise InvalidValueError(
            f"{field!r} must be a whole number of cents (got {amount!r}); "
            "round each line to cents first (ruling M3)",
            field=field,
            value=amount,
        )
    return cents


def to_member_months(value: object, *, field: str = "member_months") -> Decimal:
    """Return ``value`` as a non-negative Decimal count of member months (ruling P4).

    Member months may be fractional (prorated, ruling MM1).

    >>> to_member_months(2400000.5)
    Decimal('2400000.5')
    """
    return _at_least_zero(to_decimal(value, field=field), field=field)


def to_rate(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a Decimal percentage in [0, 100] (rulings M1, M2).

    >>> to_rate("100", field="current")
    Decimal('100')
    >>> to_rate("100.01", field="current")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'current' must be a percentage in [0, 100] (got Decimal('100.01'))

    """
    number = to_decimal(value, field=field)
    if not Decimal(0) <= number <= HUNDRED:
        raise InvalidValueError(
            f"{field!r} must be a percentage in [0, 100] (got {number!r})",
            field=field,
            value=number,
        )
    return abs(number) if number == 0 else number


def to_percent(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a positive Decimal percentage with no upper bound (e.g. a 105% cap).

    >>> to_percent("105", field="cap_percent")
    Decimal('105')
    """
    number = to_decimal(value, field=field)
    if number <= 0:
        raise InvalidValueError(
            f"{field!r} must be > 0 (got {number!r})", field=field, value=number
        )
    return number


def to_count(value: object, *, field: str) -> int:
    """Return ``value`` as a non-negative ``int`` count (of measures, providers, agreements).

    ``bool`` and non-integral numbers are rejected; integral strings such as ``"3"`` are accepted.

    >>> to_count("3", field="measures")
    3
    >>> to_count(2.5, field="measures")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'measures' must be a whole number (got 2.5)

    """
    if isinstance(value, bool):
        raise InvalidTypeError(
            f"{field!r} must be a whole number, not bool (got {value!r})", field=field, value=value
        )
    if isinstance(value, numbers.Integral):
        count = int(value)
    else:
        number = to_decimal(value, field=field)
        if number != number.to_integral_value():
            raise InvalidValueError(
                f"{field!r} must be a whole number (got {value!r})", field=field, value=value
            )
        count = int(number)
    if count < 0:
        raise InvalidValueError(f"{field!r} must be >= 0 (got {count!r})", field=field, value=count)
    return count


def to_date(value: object, *, field: str) -> dt.date:
    """Return ``value`` unchanged when it is a ``datetime.date`` (and not a ``datetime``).

    A ``datetime`` is rejected rather than truncated: its time of day would be dropped without a
    word. Text is rejected too; parse it first (``date.fromisoformat``).

    >>> to_date(dt.date(2008, 10, 6), field="due")
    datetime.date(2008, 10, 6)
    >>> to_date("2008-10-06", field="due")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'due' must be a datetime.date (got '2008-10-06')

    """
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(
            f"{field!r} must be a datetime.date (got {value!r})", field=field, value=value
        )
    return value


#: The years a contract year may take: wide enough for any real term, narrow enough to catch a
#: mistyped year (``208`` for ``2008``) and to leave room for a following year within ``date``.
YEARS = range(1900, 9999)


def to_year(value: object, *, field: str) -> int:
    """Return ``value`` as a contract year: an ``int`` from 1900 to 9998 (``bool`` rejected).

    >>> to_year(2008, field="measurement_year")
    2008
    >>> to_year(208, field="year")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'year' must be a year between 1900 and 9998 (got 208)

    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"{field!r} must be a year as an int, such as 2008 (got {value!r})",
            field=field,
            value=value,
        )
    if value not in YEARS:
        raise InvalidValueError(
            f"{field!r} must be a year between {YEARS.start} and {YEARS.stop - 1} (got {value})",
            field=field,
            value=value,
        )
    return value


def round_cents(amount: Decimal) -> Decimal:
    """Return ``amount`` rounded to cents, half-up (ruling M3).

    Half-up means away from zero at exactly half a cent: ``0.005`` becomes ``0.01``.

    >>> round_cents(Decimal("0.005")), round_cents(Decimal("0.0049999"))
    (Decimal('0.01'), Decimal('0.00'))
    """
    with exact_context():
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def floor_cents(amount: Decimal) -> Decimal:
    """Return ``amount`` rounded down to cents (used where rounding up could break a ceiling).

    >>> floor_cents(Decimal("10.019")), floor_cents(Decimal("-0.001"))
    (Decimal('10.01'), Decimal('-0.01'))
    """
    with exact_context():
        return amount.quantize(CENT, rounding=ROUND_FLOOR)


def format_decimal(number: Decimal, *, grouping: bool = True) -> str:
    """Return ``number`` in plain positional notation, with thousands separators by default.

    >>> format_decimal(Decimal("1E+3")), format_decimal(Decimal("2412345.50"))
    ('1,000', '2,412,345.50')
    """
    spec = ",f" if grouping else "f"
    text = format(number, spec)
    return "0" if text in {"-0", "+0"} else text


def format_shown(number: Decimal, places: int | None) -> str:
    """Return ``number`` for the eye: exact when it has at most ``places`` decimals, else rounded.

    A rounded figure is marked with ``~`` (rounded half-up to ``places``); ``None`` shows every
    digit. Comparisons and data outputs keep the exact value.

    >>> format_shown(Decimal("66.6666666666666666666666666666666666666666666666666666666667"), 6)
    '~66.666667'
    >>> format_shown(Decimal("64.5"), 6), format_shown(Decimal("64.5"), None)
    ('64.5', '64.5')
    """
    exponent = number.as_tuple().exponent
    if places is None or not isinstance(exponent, int) or exponent >= -places:
        return format_decimal(number, grouping=False)
    with exact_context():
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"~{format_decimal(rounded, grouping=False)}"


def format_money(amount: Decimal) -> str:
    """Return ``amount`` as dollars with cents and thousands separators, e.g. ``$1,234.50``.

    The amount is shown to the cent, rounding half-up, but sub-cent digits are kept if any remain
    after that would change its value, so the text never hides a fraction the rule did not round.

    >>> format_money(Decimal("5")), format_money(Decimal("-25000")), format_money(Decimal("0.0105"))
    ('$5.00', '-$25,000.00', '$0.0105')
    """
    with exact_context():
        shown = amount.quantize(CENT) if amount == amount.quantize(CENT) else amount
    sign = "-" if shown < 0 else ""
    return f"{sign}${format_decimal(abs(shown))}"


def format_rate(rate: Decimal) -> str:
    """Return a percentage as text with a ``%`` sign, digits exactly as held.

    >>> format_rate(Decimal("58.20"))
    '58.20%'
    """
    return f"{format_decimal(rate, grouping=False)}%"
