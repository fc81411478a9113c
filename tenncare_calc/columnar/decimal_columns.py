"""Columns of numbers read exactly: distances, amounts and counts as ``decimal256(60, 30)``.

Numbers may be integers, floats (read through their shortest text, ruling M1), decimals or decimal
text; each distinct value is read once. Text that is not a number, non-finite and negative values,
and values that do not fit 30 digits either side of the point reject their row.

>>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
>>> table = read_table({"miles": ["12.5", "-1"]}, [Column("miles", ColumnKind.LABEL)], name="t")
>>> table, miles = decimals(table, "miles")
>>> table.check(on_error="collect").rejected.to_pylist()
[{'row': 1, 'reason': 'miles must be >= 0 (got -1)'}]
"""

from __future__ import annotations

__all__ = [
    "DECIMAL",
    "decimal_categories",
    "decimal_type",
    "decimals",
]

import decimal
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.categories import Categories, _encoded
from tenncare_calc.columnar.columns import _type_error
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import TableInput

    BoolArray = npt.NDArray[np.bool_]

_PLAIN = r"^[+-]?\d{1,30}(\.\d{0,30})?$"


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _pc() -> Any:  # noqa: ANN401 - the pyarrow.compute module
    return require("pyarrow.compute", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def decimal_type() -> Any:  # noqa: ANN401 - a pyarrow DataType
    """Return the exact decimal type numbers are read as: 30 digits each side of the point.

    >>> decimal_type()
    Decimal256Type(decimal256(60, 30))
    """
    return _pa().decimal256(60, 30)


#: Precision and scale of :func:`decimal_type`.
DECIMAL = (60, 30)


def _decimal_from_text(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except decimal.InvalidOperation:
        return None
    return number if number.is_finite() else None


def _fits(number: Decimal) -> bool:
    """Return whether ``number`` has at most 30 digits either side of the point."""
    exponent = number.as_tuple().exponent
    whole_digits = number.adjusted() + 1
    return (
        isinstance(exponent, int)
        and (number == 0 or whole_digits <= DECIMAL[0] - DECIMAL[1])
        and (
            exponent >= -DECIMAL[1]
            or number
            == number.quantize(
                Decimal(1).scaleb(-DECIMAL[1]), context=decimal.Context(prec=DECIMAL[0] + 10)
            )
        )
    )


def decimal_categories(table: TableInput, column: str) -> tuple[TableInput, Categories]:
    """Return a column of non-negative numbers as :class:`Categories` of ``decimal256(60, 30)``.

    As :func:`decimals`, each distinct input value read once (a million distances to the hundredth
    of a mile hold a few thousand values); rejected rows hold 0.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"miles": [30.25, 0.1, 30.25]}, [Column("miles", ColumnKind.LABEL)],
    ...     name="t")
    >>> _, miles = decimal_categories(table, "miles")
    >>> miles.index.tolist(), [str(v.normalize()) for v in miles.values()]
    ([0, 1, 0], ['30.25', '0.1'])
    """
    np, pa = _np(), _pa()
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_null(array.type):
        return table.reject(np.ones(len(array), dtype=bool), f"{column} is null"), Categories(
            np.zeros(len(array), dtype=np.int64), pa.array([Decimal(0)], decimal_type())
        )
    _decimal_values(array.slice(0, 0), column, table.name)  # a type it cannot read fails first
    position, distinct = _encoded(array)
    values, problems = _decimal_values(distinct, column, table.name)
    for each_value, reason in problems:
        table = table.reject(each_value[position], reason)
    return table, Categories(position, values)


def decimals(table: TableInput, column: str) -> tuple[TableInput, Any]:
    """Return a column of non-negative numbers as exact ``decimal256(60, 30)`` values.

    Floats are read through their shortest text (ruling M1). Nulls, text that is not a number,
    non-finite values, negative values and values that do not fit 30 digits either side of the
    point reject the row (the rejected rows hold 0).

    Examples
    --------
    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"miles": [30.25, 0.1]}, [Column("miles", ColumnKind.LABEL)], name="t")
    >>> _, values = decimals(table, "miles")
    >>> [str(v.normalize()) for v in values.to_pylist()]
    ['30.25', '0.1']
    """
    table, found = decimal_categories(table, column)
    return table, found.column()


def _decimal_values(
    array: Any,  # noqa: ANN401 - a pyarrow array, not dictionary-encoded
    column: str,
    name: str,
) -> tuple[Any, list[tuple[BoolArray, str]]]:
    """Return ``array`` read as :func:`decimal_type` values, and its problems (mask, reason)."""
    np, pa, pc = _np(), _pa(), _pc()
    kind = array.type
    target = decimal_type()
    rows = len(array)
    problems: list[tuple[BoolArray, str]] = []
    if pa.types.is_boolean(kind):
        raise _type_error(name, column, "numbers", array)
    if pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        text = array.cast(pa.large_string())
    elif pa.types.is_floating(kind):
        finite = pc.is_finite(array)
        bad = np.asarray(
            pc.and_(pc.is_valid(array), pc.invert(finite)).to_numpy(zero_copy_only=False),
            dtype=bool,
        )
        problems.append((bad, f"{column} {{{column}!s}} is not a finite number"))
        text = pc.if_else(finite, array.cast(pa.large_string()), pa.scalar(None, pa.large_string()))
    elif (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        text = array.cast(pa.large_string())
    else:
        raise _type_error(name, column, "numbers", array)
    nulls = np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False), dtype=bool)
    problems.append((nulls, f"{column} is null"))
    text = pc.utf8_trim_whitespace(text)
    # Plain decimal text with at most 30 digits either side casts exactly; pyarrow would round
    # anything finer silently, so every other form (exponents, long fractions, words) is read
    # value by value with Decimal and checked to fit.
    plain = np.asarray(
        pc.fill_null(pc.match_substring_regex(text, _PLAIN), fill_value=False).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )
    values = pc.if_else(pa.array(plain), text, pa.scalar("0", text.type)).cast(target)
    others = np.flatnonzero(~plain & ~nulls)
    unreadable = np.zeros(rows, dtype=bool)
    if len(others):
        replacements: list[Decimal] = []
        for position in others:
            number = _decimal_from_text(str(text[int(position)].as_py()))
            if number is None or not _fits(number):
                unreadable[position] = True
                number = Decimal(0)
            replacements.append(number)
        mask = np.zeros(rows, dtype=bool)
        mask[others] = True
        values = pc.replace_with_mask(values, pa.array(mask), pa.array(replacements, target))
    problems.append(
        (
            unreadable,
            (
                f"{column} {{{column}!r}} is not a number with at most {DECIMAL[1]} digits "
                "either side of the point"
            ),
        )
    )
    negative = np.asarray(
        pc.less(values, pa.scalar(Decimal(0), target)).to_numpy(zero_copy_only=False), dtype=bool
    )
    problems.append((negative, f"{column} must be >= 0 (got {{{column}!s}})"))
    return values, problems
