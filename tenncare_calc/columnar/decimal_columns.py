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
    "FIGURE",
    "decimal_categories",
    "decimal_type",
    "decimals",
    "exact_decimals",
    "exact_text_cast",
    "figure_type",
    "narrowest_decimals",
    "take_decimals",
    "within_largest_count",
]

import decimal
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.categories import Categories, _encoded
from tenncare_calc.columnar.column_batches import (
    arrow_mask,
    text_offsets,
)
from tenncare_calc.columnar.columns import _type_error
from tenncare_calc.core.errors import TennCareError, require
from tenncare_calc.core.number_text import number_from_text
from tenncare_calc.core.values import MAX_COUNT

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import TableInput

    BoolArray = npt.NDArray[np.bool_]

_PLAIN = r"^[+-]?\d{1,30}(\.\d{0,30})?$"


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def within_largest_count(values: Any, column: str) -> tuple[BoolArray, str]:  # noqa: ANN401
    """Return which decimals are a count the one-value checks take, and why a larger one is not.

    A one-value check reads a count with :func:`~tenncare_calc.core.values.to_count`, which
    refuses more than :data:`~tenncare_calc.core.values.MAX_COUNT`; a table rejects the row of
    such a value with the reason returned (a template naming ``column``). A null is within: its
    row is rejected for being null.

    >>> import pyarrow as pa
    >>> within, reason = within_largest_count(pa.array([Decimal(5), Decimal(10**10), None]), "n")
    >>> within.tolist(), reason
    ([True, False, True], 'n {n!s} is more than 1,000,000,000')
    """
    pa, np = _pa(), _np()
    at_most = compute.less_equal(values, pa.scalar(Decimal(MAX_COUNT)))
    within: BoolArray = np.asarray(
        compute.fill_null(at_most, fill_value=True).to_numpy(zero_copy_only=False), dtype=bool
    )
    return within, f"{column} {{{column}!s}} is more than {MAX_COUNT:,}"


def decimal_type() -> Any:  # noqa: ANN401 - a pyarrow DataType
    """Return the exact decimal type numbers are read as: 30 digits each side of the point.

    >>> decimal_type()
    Decimal256Type(decimal256(60, 30))
    """
    return _pa().decimal256(60, 30)


#: Precision and scale of :func:`decimal_type`.
DECIMAL = (60, 30)
#: Precision and scale of :func:`figure_type`.
FIGURE = (19, 4)


def figure_type() -> Any:  # noqa: ANN401 - a pyarrow DataType
    """Return the type of figures counted in 1/10,000 (minutes, days): every int64 count fits.

    >>> figure_type()
    Decimal128Type(decimal128(19, 4))
    """
    return _pa().decimal128(*FIGURE)


def narrowest_decimals(*arrays: Any) -> tuple[Any, ...]:  # noqa: ANN401 - pyarrow decimal arrays
    """Return the decimal arrays cast, all alike, to the narrowest ``decimal128`` that holds them.

    The scale is the fewest places that keep every value exact and the precision the fewest
    digits that hold the largest; the values do not change. Arrays no ``decimal128`` holds with a
    digit to spare (more than 37 digits: the difference of two such values, a margin, takes one
    digit more, and pyarrow refuses a ``decimal128`` of 39) are returned as they are. Meant for
    the few distinct values of a column, before they are taken row by row: 16 bytes a value
    instead of 32.

    >>> import pyarrow as pa
    >>> from decimal import Decimal
    >>> miles = pa.array([Decimal("30.25"), Decimal("100")], decimal_type())
    >>> limit = pa.array([Decimal("30"), None], decimal_type())
    >>> narrowed = narrowest_decimals(miles, limit)
    >>> [str(array.type) for array in narrowed], narrowed[0].to_pylist()
    (['decimal128(5, 2)', 'decimal128(5, 2)'], [Decimal('30.25'), Decimal('100.00')])
    """
    pa, pc = _pa(), compute
    values = pa.concat_arrays([compute.cast(array, decimal_type()) for array in arrays])
    if values.null_count == len(values):
        scale, whole_digits = 0, 1
    else:
        low, high = 0, DECIMAL[1]  # the fewest places that keep every value: a binary search
        while low < high:
            middle = (low + high) // 2
            exact = pc.all(pc.equal(pc.round(values, ndigits=middle), values)).as_py()
            low, high = (low, middle) if exact else (middle + 1, high)
        scale = low
        largest = pc.max(pc.abs(values)).as_py()
        whole_digits = max(largest.adjusted() + 1, 1) if largest else 1
    precision = whole_digits + scale
    if precision + 1 > 38:  # noqa: PLR2004 - the most digits of a decimal128, one kept for a margin
        return arrays
    narrow = pa.decimal128(precision, scale)
    return tuple(compute.cast(array, narrow) for array in arrays)


def take_decimals(values: Any, indices: Any, nulls: Any = None) -> Any:  # noqa: ANN401
    """Return ``values.take(indices)``, a null where ``nulls`` is true, gathered by numpy.

    ``values`` is a decimal array (a few distinct figures), ``indices`` a numpy integer array
    (one per row), ``nulls`` a numpy bool array or None. The same array as pyarrow's ``take``
    with ``nulls`` as the indices' mask (a null value is a null row too), written as numpy copies
    each row's 16 or 32 bytes, several times faster than pyarrow's take with a mask.

    >>> import numpy as np
    >>> import pyarrow as pa
    >>> figures = pa.array([Decimal("1.5"), None, Decimal("-2")], pa.decimal128(5, 1))
    >>> hidden = np.array([False, True, False, False])
    >>> take_decimals(figures, np.array([2, 0, 1, 0]), hidden).to_pylist()
    [Decimal('-2.0'), None, None, Decimal('1.5')]
    """
    np, pa = _np(), _pa()
    at = np.asarray(indices)
    rows = len(at)
    if not pa.types.is_decimal(values.type):
        return compute.take(values, pa.array(at, mask=nulls))
    words = values.type.byte_width // 8
    stored = np.frombuffer(
        values.buffers()[1], dtype=np.int64, count=(values.offset + len(values)) * words
    ).reshape(-1, words)[values.offset :]
    valid = np.ones(rows, dtype=bool) if nulls is None else ~np.asarray(nulls, dtype=bool)
    if values.null_count:
        valid &= np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)[at]
    missing = rows - int(np.count_nonzero(valid))
    validity = pa.py_buffer(np.packbits(valid, bitorder="little")) if missing else None
    data = pa.py_buffer(np.take(stored, at, axis=0))  # rows of words (fancy indexing is slower)
    return pa.Array.from_buffers(values.type, rows, [validity, data], null_count=missing)


def _decimal_from_text(text: str) -> Decimal | None:
    """Return the number a cell writes, in the forms the single-value readers take, or None.

    Thousands commas and a leading dollar sign are read as :func:`~tenncare_calc.core.values.
    to_money` reads them (``12,345.67``, ``$5,000.00``; :mod:`tenncare_calc.core.number_text`).
    """
    try:
        number = number_from_text(text, field="cell", sign="$")
    except TennCareError:
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
        if each_value.any():  # a value with the problem: its rows are rejected
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
    pa = _pa()
    array = table.column(column)
    if _exact_cast(array.type) and not pa.types.is_dictionary(array.type):
        return _cast_decimals(table, column, array)
    if _mostly_distinct(array):
        read = _cast_texts(table, column, array)
        if read is not None:
            return read
    table, found = decimal_categories(table, column)
    return table, found.column()


def _mostly_distinct(array: Any) -> bool:  # noqa: ANN401 - a pyarrow array
    """Return whether ``array`` is text whose first rows are mostly distinct (amounts, not codes).

    Such a column is read cell by cell: encoding it first would hash a million values to find
    nearly as many.
    """
    pa, pc = _pa(), compute
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return False
    sample = array.slice(0, _SAMPLE)
    return bool(pc.count_distinct(sample).as_py() * 2 > len(sample))


#: The first rows :func:`_mostly_distinct` looks at.
_SAMPLE = 4096


def _cast_texts(table: TableInput, column: str, array: Any) -> tuple[TableInput, Any] | None:  # noqa: ANN401
    """Return :func:`decimals` of a text column every cell of which pyarrow reads exactly, else None.

    See :func:`exact_text_cast`; a column it refuses is read value by value, as before.
    """
    values = exact_text_cast(compute.utf8_trim_whitespace(array), decimal_type())
    return None if values is None else _cast_decimals(table, column, values)


def exact_text_cast(text: Any, target: Any) -> Any:  # noqa: ANN401 - pyarrow text, decimal type
    """Return a text column cast to the decimal type ``target`` when every cell reads exactly, else None.

    pyarrow's cast refuses a text it cannot read without loss (a word, a thousands comma, a
    decimal past the type's scale, padding) and reads the forms it takes as the library reads
    them (``.5``, ``+7``: ``tests/test_columns.py``, ``tests/test_claims_fast_paths.py``); but a
    far exponent it drops silently (``7.593511982797345e-252`` becomes 0 in a
    ``decimal256(60, 30)``), so a column with an exponent is not cast at all.

    >>> import pyarrow as pa
    >>> exact_text_cast(pa.array(["12.50", None]), pa.decimal128(38, 2)).to_pylist()
    [Decimal('12.50'), None]
    >>> exact_text_cast(pa.array(["1e3"]), pa.decimal128(38, 2)) is None
    True
    """
    pa = _pa()
    if _has_exponent(text):
        return None
    try:
        return compute.cast(text, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _has_exponent(text: Any) -> bool:  # noqa: ANN401 - pyarrow text
    """Return whether any cell of a text column holds an ``e`` or ``E`` (an exponent, or a word).

    A plain string column's bytes are looked at whole (a null cell's bytes too, which can only
    send the column the slow way); any other column is asked of pyarrow.

    >>> import pyarrow as pa
    >>> _has_exponent(pa.array(["1.5", None])), _has_exponent(pa.array(["12", "1E3"]).slice(1))
    (False, True)
    >>> _has_exponent(pa.array(["1E3", "12"]).slice(1)), _has_exponent(pa.chunked_array([["2e1"]]))
    (False, True)
    """
    pa, np = _pa(), _np()
    if isinstance(text, pa.Array) and (
        pa.types.is_string(text.type) or pa.types.is_large_string(text.type)
    ):
        data_buffer = text.buffers()[2]
        if data_buffer is None or not len(text):
            return False
        offsets = text_offsets(text)
        first, last = int(offsets[0]), int(offsets[-1])
        data = np.frombuffer(data_buffer, dtype=np.uint8)[first:last]
        return bool(np.any((data | 0x20) == ord("e")))  # 0x20 folds E to e, and no other byte
    pc = compute
    return bool(pc.any(pc.match_substring(text, "e", ignore_case=True)).as_py())


def exact_decimals(table: TableInput, column: str) -> tuple[TableInput, Any]:
    """Return a column of numbers >= 0 as exact decimals, in the input's own decimal width.

    Integers and decimals of at most 38 digits keep their values in a ``decimal128`` (integers
    ``decimal128(20, 0)``, decimals their own precision and scale): comparing and subtracting
    them is several times faster than in ``decimal256(60, 30)``, and the values are the same.
    Every other column is read as :func:`decimals` reads it. Nulls and negatives reject.

    >>> import pyarrow as pa
    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"paid": pa.array([1250, -1])}, [Column("paid", ColumnKind.LABEL)],
    ...     name="t")
    >>> table, paid = exact_decimals(table, "paid")
    >>> paid.type, table.check(on_error="collect").rejected.to_pylist()
    (Decimal128Type(decimal128(20, 0)), [{'row': 1, 'reason': 'paid must be >= 0 (got -1)'}])
    """
    pa = _pa()
    array = table.column(column)
    kind = array.type
    if pa.types.is_integer(kind):
        return _cast_decimals(table, column, array, pa.decimal128(20, 0))
    if pa.types.is_decimal(kind) and _exact_cast(kind) and kind.precision <= 38:  # noqa: PLR2004
        return _cast_decimals(table, column, array, pa.decimal128(kind.precision, kind.scale))
    return decimals(table, column)


def _exact_cast(kind: Any) -> bool:  # noqa: ANN401 - a pyarrow DataType
    """Return whether values of ``kind`` cast exactly to :func:`decimal_type` (no text needed).

    Integers and decimals with at most 30 digits either side of the point do: there each value
    is read by one cast, faster than reading each distinct value once through its text.
    """
    pa = _pa()
    if pa.types.is_integer(kind):
        return True
    return bool(
        pa.types.is_decimal(kind)
        and 0 <= kind.scale <= DECIMAL[1]
        and kind.precision - kind.scale <= DECIMAL[0] - DECIMAL[1]
    )


def _cast_decimals(
    table: TableInput,
    column: str,
    array: Any,  # noqa: ANN401 - a pyarrow array of integers or decimals
    target: Any = None,  # noqa: ANN401 - a pyarrow decimal type (default: decimal_type())
) -> tuple[TableInput, Any]:
    """Return integers, decimals or texts cast exactly to ``target``; nulls and negatives reject."""
    np, pa, pc = _np(), _pa(), compute
    target = decimal_type() if target is None else target
    values = compute.cast(array, target)
    if values.null_count:
        nulls = np.asarray(pc.is_null(values).to_numpy(zero_copy_only=False), dtype=bool)
        values = pc.fill_null(values, pa.scalar(Decimal(0), target))
    else:
        nulls = np.zeros(len(values), dtype=bool)
    # integers are compared with 0 as integers, several times faster than as decimals; a
    # decimal128 is negative when its high 64 bits are (two's complement)
    if pa.types.is_integer(array.type):
        below = pc.fill_null(pc.less(array, 0), fill_value=False)
        negative = np.asarray(below.to_numpy(zero_copy_only=False), dtype=bool)
    elif pa.types.is_decimal128(target) and not values.null_count:
        end = values.offset + len(values)  # the buffer may be longer (padding, a slice)
        words = np.frombuffer(values.buffers()[1], dtype=np.int64, count=2 * end)
        negative = words[2 * values.offset + 1 :: 2] < 0
    else:
        below = pc.less(values, pa.scalar(Decimal(0), target))
        negative = np.asarray(below.to_numpy(zero_copy_only=False), dtype=bool)
    table = table.reject(nulls, f"{column} is null")
    table = table.reject(negative, f"{column} must be >= 0 (got {{{column}!s}})")
    return table, values


def _decimal_values(
    array: Any,  # noqa: ANN401 - a pyarrow array, not dictionary-encoded
    column: str,
    name: str,
) -> tuple[Any, list[tuple[BoolArray, str]]]:
    """Return ``array`` read as :func:`decimal_type` values, and its problems (mask, reason)."""
    np, pa, pc = _np(), _pa(), compute
    kind = array.type
    target = decimal_type()
    rows = len(array)
    problems: list[tuple[BoolArray, str]] = []
    if pa.types.is_boolean(kind):
        raise _type_error(name, column, "numbers", array)
    if pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        text = compute.cast(array, pa.large_string())
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
        text = compute.cast(array, pa.large_string())
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
    values = compute.cast(pc.if_else(arrow_mask(plain), text, pa.scalar("0", text.type)), target)
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
