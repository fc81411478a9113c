"""Numbers written as text: digits, thousands separators, a dollar or percent sign.

The forms exports write (``12,345.67``, ``$5,000.00``, ``58.2%``) read as exact Decimals; anything
else is refused with a typed error that says which forms are accepted.
"""

from __future__ import annotations

__all__ = ["exponent_of", "number_from_text"]

import decimal
import re
from decimal import Decimal

from tenncare_calc.core.errors import InvalidValueError

#: Text longer than this is no number; it is refused before it is parsed.
_LONGEST_NUMBER_TEXT = 100
#: Digits grouped in thousands by commas: ``12,345.67`` (not ``1,2,3`` nor ``1234,567``).
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def _clipped(text: str) -> str:
    """Return ``repr(text)``, cut to its first 40 characters when longer."""
    return repr(text) if len(text) <= 40 else f"{text[:40]!r}... ({len(text):,} characters)"  # noqa: PLR2004


def number_from_text(value: str, *, field: str, sign: str = "") -> Decimal:
    """Return the number ``value`` writes: digits, thousands commas, and ``sign`` if given.

    ``sign="$"`` allows a leading dollar sign (``$5,000.00``, ``-$5``), ``sign="%"`` a trailing
    percent sign (``58.2%``). Commas must group thousands (``12,345.67``; ``1,2,3`` is refused).
    The result may be NaN or infinite (``"NaN"``, ``"inf"``): the caller decides about those.

    >>> number_from_text("$5,000.00", field="amount", sign="$")
    Decimal('5000.00')
    >>> number_from_text("58.2%", field="rate", sign="%")
    Decimal('58.2')
    >>> number_from_text("1,2,3", field="count")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'count' must be a number written in decimal digits, thousands grouped by commas if at all, such as 12,345.67 (got '1,2,3')
    """
    text = value.strip()
    if sign == "$" and text.lstrip("+-").startswith("$"):
        text = text.replace("$", "", 1)
    elif sign == "%" and text.endswith("%"):
        text = text[:-1].rstrip()
    if "," in text and _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    readable = len(text) <= _LONGEST_NUMBER_TEXT and "_" not in text and text.isascii()
    try:
        return Decimal(text if readable else "?")
    except decimal.InvalidOperation:
        forms = {"$": ", optionally with a leading $", "%": ", optionally with a trailing %"}
        raise InvalidValueError(
            f"{field!r} must be a number written in decimal digits{forms.get(sign, '')}, "
            f"thousands grouped by commas if at all, such as 12,345.67 (got {_clipped(value)})",
            field=field,
            value=value,
        ) from None


def exponent_of(number: Decimal) -> int | str:
    """Return the exponent of ``number`` as written, as ``number.as_tuple().exponent`` gives it.

    The place of its last digit: ``-2`` for ``58.20``, ``0`` for ``100``, ``3`` for ``1E+3``; ``'n'``,
    ``'N'`` or ``'F'`` for NaN, signalling NaN and infinity. It is read from the number's text
    when that is plain, about twice as fast as building the tuple (issue 15).

    >>> exponent_of(Decimal("58.20")), exponent_of(Decimal("1E+3")), exponent_of(Decimal("-0"))
    (-2, 3, 0)
    >>> exponent_of(Decimal("1E-7")), exponent_of(Decimal("Infinity"))
    (-7, 'F')
    """
    text = str(number)
    if "E" in text or not number.is_finite():
        return number.as_tuple().exponent
    point = text.find(".")
    return 0 if point < 0 else point + 1 - len(text)
