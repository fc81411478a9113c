"""Codes: one value read as a code (a service or procedure code), as a table reads a column of them.

A code is text, or a whole number written as a number. The one-value checks read a code as their
table forms read the cell (:func:`~tenncare_calc.columnar.categories.code_categories`), so the
same value gives the same finding in both:

* text is trimmed of the white space around it and put in upper case (``" b5 "`` is ``B5``);
  blank text is an :class:`~tenncare_calc.core.errors.InvalidValueError`;
* a whole number of any numeric type, a Python or numpy integer, a ``Decimal`` or a float with no
  fraction (``20``, ``np.int64(20)``, ``Decimal("20.0")``, ``20.0``), is its digits: ``'20'``;
  a float is read through its shortest ``repr`` (ruling M1), as every number is;
* a number with a fraction (``20.5``) or an infinity is no code, an
  :class:`~tenncare_calc.core.errors.InvalidValueError` (a table rejects the row: "is not a
  code"); a number of 10^21 or more in size likewise (no code is that long), and a float of
  2^53 or more (it holds no whole number exactly: its digits would be a guess);
* None, NaN, ``NaT`` and ``pd.NA`` are missing, a
  :class:`~tenncare_calc.core.errors.MissingValueError` (a table rejects the row: "is null");
* ``bool`` and any other type (bytes, a list, a date) are of the wrong type, an
  :class:`~tenncare_calc.core.errors.InvalidTypeError` (a ``TypeError``).

Each error names the field and keeps the value given.

>>> import decimal
>>> to_code(" b5 ", field="service_code"), to_code(20.0, field="service_code")
('B5', '20')
>>> to_code(decimal.Decimal("59400.00"), field="procedure_code")
'59400'
>>> to_code(20.5, field="service_code")
Traceback (most recent call last):
...
tenncare_calc.InvalidValueError: 'service_code' must be a code as text or a whole number (got 20.5)
"""

from __future__ import annotations

__all__ = ["CODE_FLOAT_LIMIT", "CODE_NUMBER_LIMIT", "to_code"]

import numbers
from decimal import Decimal

from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError, MissingValueError
from tenncare_calc.core.missing import require_present
from tenncare_calc.core.values import LARGEST, to_decimal

#: A float of this size or more (2^53) holds no whole number exactly: no code is read from it.
CODE_FLOAT_LIMIT = 2**53
#: A number of this size or more (10^21, the largest number the library reads) is no code.
CODE_NUMBER_LIMIT = LARGEST


def to_code(value: object, *, field: str, such_as: str = "") -> str:
    """Return ``value`` as a code: text trimmed and in upper case, or a whole number's digits.

    Parameters
    ----------
    value
        Text, or a whole number of any numeric type (``int``, a numpy integer, ``Decimal``,
        ``float``) with no fraction.
    field
        The name of the argument, used in error messages.
    such_as
        Examples of codes for the message of a value of the wrong type (``"'19' or 'B5'"``).

    Raises
    ------
    InvalidTypeError
        For ``bool`` and any type that is neither text nor a number (bytes, a list).
    MissingValueError
        For None, NaN, ``NaT`` and ``pd.NA``.
    InvalidValueError
        For blank text, a number with a fraction, an infinity, a number of 10^21 or more, or a
        float of 2^53 or more.

    Examples
    --------
    >>> import numpy as np
    >>> to_code(np.int64(19), field="service_code"), to_code("a1", field="service_code")
    ('19', 'A1')
    >>> to_code(True, field="service_code", such_as="'19' or 'B5'")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'service_code' must be a code as text or a whole number, such as '19' or 'B5' (got True)
    """
    if isinstance(value, str):
        text = value.strip().upper()
        if not text:
            raise InvalidValueError(f"{field!r} is empty", field=field, value=value)
        return text
    require_present(value, field=field)
    try:  # a number, finite, under 10^21, floats through their repr (text was read above)
        number = to_decimal(value, field=field)
    except MissingValueError:
        raise
    except InvalidTypeError:  # no number (a bool, bytes, a list), so no code
        example = f", such as {such_as}" if such_as else ""
        raise InvalidTypeError(
            f"{field!r} must be a code as text or a whole number{example} (got {value!r})",
            field=field,
            value=value,
        ) from None
    inexact = not isinstance(value, numbers.Integral | Decimal) and abs(number) >= CODE_FLOAT_LIMIT
    if number != number.to_integral_value() or inexact:
        why = "; a float of 2^53 or more holds no exact whole number: give it as text"
        why = why if inexact else ""
        raise InvalidValueError(
            f"{field!r} must be a code as text or a whole number (got {value!r}){why}",
            field=field,
            value=value,
        )
    return str(int(number))
