"""Exact money, rates and counts (rulings M1-M3), each within a stated range.

Every amount and rate the library compares against a threshold is a :class:`decimal.Decimal`.

* M1 - inputs may be ``int`` (numpy integers too), ``str``, ``Decimal`` or ``float``; a float is
  converted through its shortest ``repr`` (so ``58.2`` means ``Decimal("58.2")``, not the binary
  neighbour ``58.2000000000000028421709430404007434844970703125``). ``bool`` is refused; ``None``,
  NaN, ``NaT`` and ``pd.NA`` are missing values (:class:`~tenncare_calc.core.errors.MissingValueError`);
  infinities are refused.
* Text may group thousands with commas (``12,345.67``; ``1,2,3`` is refused); an amount of money
  may start with ``$`` (``$5,000.00``) and a rate or percentage may end with ``%`` (``58.2%``).
* M2 - rates are percentages in [0, 100].
* M3 - each payment or damage line is rounded to cents, half-up; totals are sums of rounded lines.

Every number is bounded, so a mistyped or hostile value is refused up front instead of overflowing
or computing for minutes: any number at most :data:`LARGEST` (10^21) in size and
:data:`MOST_PLACES` (100) decimal places; amounts of money at most :data:`MAX_AMOUNT` (10^15
dollars); member months at most :data:`MAX_MEMBER_MONTHS` (10^12); counts at most
:data:`MAX_COUNT` (10^9); day counts and windows at most :data:`MAX_DAYS` (10^5 days).

The dates and years these amounts belong to are checked by :mod:`tenncare_calc.core.dates`
(:func:`to_date`, :func:`to_year`, re-exported here).

Arithmetic runs in the library's own decimal context (:data:`EXACT`, 60 significant digits), so a
caller who changed the global context (``getcontext().prec = 5`` in a notebook) gets the same cents.

>>> to_rate(58.2, field="baseline"), to_rate("58.2%", field="baseline")
(Decimal('58.2'), Decimal('58.2'))
>>> to_money("$5,000.00", field="capitation")
Decimal('5000.00')
>>> round_cents(Decimal("72370.365"))
Decimal('72370.37')
>>> format_money(Decimal("1234567.5"))
'$1,234,567.50'
"""

from __future__ import annotations

__all__ = [
    "CENT",
    "EXACT",
    "LARGEST",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "MAX_DAYS",
    "MAX_MEMBER_MONTHS",
    "MOST_PLACES",
    "YEARS",
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
    "to_days",
    "to_decimal",
    "to_member_months",
    "to_money",
    "to_percent",
    "to_rate",
    "to_year",
]

import decimal
import numbers
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from tenncare_calc.core.dates import YEARS, to_date, to_year
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.missing import require_present
from tenncare_calc.core.number_text import exponent_of, number_from_text

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_ZERO = Decimal(0)

#: The largest size of any number the library reads (10^21); beyond it no contract figure lies.
LARGEST = Decimal(10) ** 21
#: The most decimal places a number may be written with.
MOST_PLACES = 100
#: The largest amount of money (10^15 dollars), a thousand times any state's yearly budget.
MAX_AMOUNT = Decimal(10) ** 15
#: The most member months (10^12): every person alive, enrolled for a century.
MAX_MEMBER_MONTHS = Decimal(10) ** 12
#: The largest count (of measures, providers, agreements, pages, members): a billion.
MAX_COUNT = 10**9
#: The longest span of days (a window, a number of days to move a date): 10^5 days, 273 years.
MAX_DAYS = 10**5

#: The adjusted exponent of :data:`LARGEST`: a nonzero number is smaller when its own is smaller.
_LARGEST_ADJUSTED = LARGEST.adjusted()
#: Whole numbers of fewer bits than this have their digits counted in an error message.
_BITS_SHOWN = 10_000

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


def _type_error(value: object, field: str) -> InvalidTypeError:
    return InvalidTypeError(
        f"{field!r} must be a number (int, str, Decimal or float), "
        f"not {type(value).__name__} (got {value!r})",
        field=field,
        value=value,
    )


def _in_bounds(number: Decimal) -> bool:
    """Return whether a finite Decimal keeps the bounds of :func:`_number` (size, places)."""
    exponent = exponent_of(number)
    return (
        isinstance(exponent, int)
        and exponent >= -MOST_PLACES
        and (not number or number.adjusted() < _LARGEST_ADJUSTED)
    )


def _number(value: object, field: str, sign: str = "") -> Decimal:
    """Return ``value`` as a finite, bounded Decimal; text may carry ``sign`` ($ or %)."""
    if type(value) is Decimal and value.is_finite() and _in_bounds(value):
        # The common case (rates and amounts read exactly are Decimals already): the checks of
        # _any_number come to the same for it. Anything else takes them, naming what is wrong.
        return value
    return _any_number(value, field, sign)


def _any_number(value: object, field: str, sign: str) -> Decimal:
    require_present(value, field=field)
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
        whole = int(value)
        if abs(whole) >= LARGEST:
            digits = len(str(abs(whole))) if whole.bit_length() < _BITS_SHOWN else "thousands of"
            raise InvalidValueError(
                f"{field!r} must be a finite number smaller than 10^21 (got a whole number of "
                f"{digits} digits)",
                field=field,
                value=value,
            )
        result = Decimal(whole)
    elif isinstance(value, float | numbers.Real) and not isinstance(value, numbers.Rational):
        result = Decimal(repr(float(value)))
    elif isinstance(value, str):
        result = number_from_text(value, field=field, sign=sign)
    else:
        raise _type_error(value, field)
    if result.is_nan():
        raise InvalidValueError(
            f"{field!r} must be a number (got {value!r})", field=field, value=value
        )
    if not result.is_finite() or (result and result.adjusted() >= _LARGEST_ADJUSTED):
        raise InvalidValueError(
            f"{field!r} must be a finite number smaller than 10^21 (got {value!r})",
            field=field,
            value=value,
        )
    exponent = result.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MOST_PLACES:
        raise InvalidValueError(
            f"{field!r} must have at most {MOST_PLACES} decimal places (got {value!r})",
            field=field,
            value=value,
        )
    return result


def to_decimal(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a finite :class:`~decimal.Decimal` (ruling M1), at most 10^21 in size.

    Parameters
    ----------
    value
        An ``int``, ``str``, ``Decimal`` or ``float``. Floats go through their shortest ``repr``;
        text may group thousands with commas (``12,345.67``).
    field
        The name of the argument or column, used in error messages.

    Raises
    ------
    InvalidTypeError
        For ``bool`` and any other type (also a :class:`TypeError`).
    MissingValueError
        For ``None``, NaN, ``NaT`` and ``pd.NA`` (both a :class:`TypeError` and a :class:`ValueError`).
    InvalidValueError
        For infinities, text that is no number, numbers of 10^21 or more or with more than 100
        decimal places (also a :class:`ValueError`).

    Examples
    --------
    >>> to_decimal(0.1, field="rate"), to_decimal("12,345.67", field="amount")
    (Decimal('0.1'), Decimal('12345.67'))
    >>> to_decimal(" 1e3 ", field="amount")
    Decimal('1E+3')
    >>> to_decimal(True, field="amount")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'amount' must be a number (int, str, Decimal or float), not bool (got True)
    >>> to_decimal("1E+999999", field="count")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'count' must be a finite number smaller than 10^21 (got '1E+999999')

    """
    return _number(value, field)


def _at_most(number: Decimal, largest: Decimal, *, field: str, what: str) -> Decimal:
    if number > largest:
        raise InvalidValueError(
            f"{field!r} must be at most {format_decimal(largest)} {what} (got {number!r})",
            field=field,
            value=number,
        )
    return number


def _at_least_zero(number: Decimal, *, field: str) -> Decimal:
    if number < 0:
        raise InvalidValueError(
            f"{field!r} must be >= 0 (got {number!r})", field=field, value=number
        )
    # -0 and 0 are equal but print differently; normalise the sign so outputs are deterministic.
    return abs(number) if number == 0 else number


def to_money(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a non-negative Decimal amount of dollars, at most 10^15 (M1, M3).

    Sub-cent inputs are kept as given; rounding happens only where a rule says so. Text may start
    with ``$`` and group thousands with commas.

    >>> to_money("1573838036.00", field="maximum_liability")
    Decimal('1573838036.00')
    >>> to_money(-1, field="capitation")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'capitation' must be >= 0 (got Decimal('-1'))
    >>> to_money(10**16, field="capitation")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'capitation' must be at most 1,000,000,000,000,000 dollars (got Decimal('10000000000000000'))

    """
    number = _at_least_zero(_number(value, field, "$"), field=field)
    return _at_most(number, MAX_AMOUNT, field=field, what="dollars")


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
    """Return ``value`` as a non-negative Decimal count of member months, at most 10^12 (P4).

    Member months may be fractional (prorated, ruling MM1).

    >>> to_member_months(2400000.5), to_member_months("2,400,000")
    (Decimal('2400000.5'), Decimal('2400000'))
    """
    number = _at_least_zero(_number(value, field), field=field)
    return _at_most(number, MAX_MEMBER_MONTHS, field=field, what="member months")


def to_rate(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a Decimal percentage in [0, 100] (rulings M1, M2); text may end in %.

    >>> to_rate("100", field="current")
    Decimal('100')
    >>> to_rate("100.01", field="current")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'current' must be a percentage in [0, 100] (got Decimal('100.01'))

    """
    number = _number(value, field, "%")
    if not _ZERO <= number <= HUNDRED:
        raise InvalidValueError(
            f"{field!r} must be a percentage in [0, 100] (got {number!r})",
            field=field,
            value=number,
        )
    return abs(number) if number == 0 else number


#: The largest percentage :func:`to_percent` takes (a cap or a share above 100 %): 10,000 %.
MAX_PERCENT = Decimal(10_000)


def to_percent(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a Decimal percentage in (0, 10000] (e.g. a 105% cap); text may end in %.

    >>> to_percent("105", field="cap_percent"), to_percent("105%", field="cap_percent")
    (Decimal('105'), Decimal('105'))
    """
    number = _number(value, field, "%")
    if number <= 0:
        raise InvalidValueError(
            f"{field!r} must be > 0 (got {number!r})", field=field, value=number
        )
    return _at_most(number, MAX_PERCENT, field=field, what="percent")


def to_count(value: object, *, field: str, most: int = MAX_COUNT) -> int:
    """Return ``value`` as a non-negative ``int`` count (of measures, providers, agreements).

    ``bool`` and non-integral numbers are rejected; integral strings such as ``"3"`` are accepted.
    A count is at most ``most`` (a billion unless the caller says otherwise).

    >>> to_count("3", field="measures")
    3
    >>> to_count(2.5, field="measures")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'measures' must be a whole number (got 2.5)

    """
    require_present(value, field=field)
    if isinstance(value, bool):
        raise InvalidTypeError(
            f"{field!r} must be a whole number, not bool (got {value!r})", field=field, value=value
        )
    number = _number(value, field)
    if number != number.to_integral_value():
        raise InvalidValueError(
            f"{field!r} must be a whole number (got {value!r})", field=field, value=value
        )
    if number < 0:
        raise InvalidValueError(
            f"{field!r} must be >= 0 (got {int(number)!r})", field=field, value=int(number)
        )
    if number > most:
        raise InvalidValueError(
            f"{field!r} must be at most {most:,} (got {value!r})", field=field, value=value
        )
    return int(number)


def to_days(value: object, *, field: str, signed: bool = False) -> int:
    """Return ``value`` as a whole number of days, at most :data:`MAX_DAYS` (10^5) in size.

    For windows and spans (``window_days``) and for moving a date by days; ``signed`` allows a
    negative number (days back).

    >>> to_days("30", field="window_days"), to_days(-3, field="days", signed=True)
    (30, -3)
    >>> to_days(99999999999999999999, field="window_days")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'window_days' must be at most 100,000 (got 99999999999999999999)

    """
    if not signed:
        return to_count(value, field=field, most=MAX_DAYS)
    if isinstance(value, bool):
        return to_count(value, field=field)  # refuses it, naming the field
    number = _number(value, field)
    magnitude = to_count(abs(number), field=field, most=MAX_DAYS)
    return -magnitude if number < 0 else magnitude


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
    exponent = exponent_of(number)
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
