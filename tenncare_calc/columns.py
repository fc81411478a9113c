"""Column values the compliance checks read beyond identifiers and dates: times, numbers, flags.

The shared table layer (:mod:`tenncare_calc.tables`) reads every batch input and parses identifiers
and dates. The compliance checks also need moments in time (an appointment at 10:30), exact
numbers (a distance of 30.5 miles), flags (a rural pick-up) and choices (an urgency). This module
parses such columns of a :class:`~tenncare_calc.tables.TableInput` (read with ``ColumnKind.LABEL``),
rejecting bad rows through the same mechanism, so every batch check treats bad rows alike.

* **Moments** may be pyarrow/pandas/polars timestamps (a time-zone-aware timestamp gives its local
  wall-clock time), dates (no time of day), or text ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or
  ``YYYY-MM-DDTHH:MM[:SS]``. They come back as int64 microseconds since 1970-01-01 00:00 with a
  mask of the rows that carry a time of day.
* **Numbers** may be integers, floats (read through their shortest text, ruling M1), decimals or
  decimal text. They come back as exact ``decimal256(60, 30)`` values.
* **Flags** may be booleans, 0/1, or text ``true``/``false``/``yes``/``no``/``y``/``n``/``1``/``0``
  (any case).
* **Choices** are text from a fixed list (trimmed, lower-cased).

A null in a column that is present rejects the row (``"rural is null"``), whatever its kind.

>>> from tenncare_calc.tables import Column, ColumnKind, read_table
>>> table = read_table({"at": ["2008-12-23 09:30", "2008-12-24", "noon"]},
...     [Column("at", ColumnKind.LABEL)], name="visits")
>>> table, micros, timed = moments(table, "at")
>>> timed.tolist(), table.check(on_error="collect").rejected.to_pylist()
([True, False, False], [{'row': 2, 'reason': "at 'noon' is not a date or time (expected YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS])"}])
"""

from __future__ import annotations

__all__ = [
    "DECIMAL",
    "MICROS_PER_DAY",
    "MICROS_PER_MINUTE",
    "choices",
    "codes",
    "decimal_type",
    "decimals",
    "flags",
    "moments",
    "parameter_versions",
    "scaled_decimals",
    "ten_thousandths_of_minutes",
    "texts",
    "times_of_day",
]

import decimal
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.errors import InvalidInputError, require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.profile import ContractProfile, ParameterValue
    from tenncare_calc.tables import TableInput

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]
    ObjectArray = npt.NDArray[np.object_]

MICROS_PER_MINUTE = 60_000_000
MICROS_PER_DAY = 86_400_000_000

_DATE_FORMATS = (
    ("%Y-%m-%dT%H:%M:%S", True),
    ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%dT%H:%M", True),
    ("%Y-%m-%d %H:%M", True),
    ("%Y-%m-%d", False),
)
_PLAIN = r"^[+-]?\d{1,30}(\.\d{0,30})?$"
_TRUE = ("true", "yes", "y", "1", "t")
_FALSE = ("false", "no", "n", "0", "f")


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


def _null_problem(table: TableInput, column: str, nulls: BoolArray) -> TableInput:
    return table.reject(nulls, f"{column} is null")


def _type_error(table: TableInput, column: str, what: str, array: Any) -> InvalidInputError:  # noqa: ANN401
    return InvalidInputError(
        f"column {column!r} of {table.name!r} must hold {what} (got values of type {array.type})",
        field=column,
        value=str(array.type),
    )


def moments(
    table: TableInput, column: str, *, nullable: bool = False
) -> tuple[TableInput, IntArray, BoolArray]:
    """Return a column of moments as microseconds since 1970-01-01, and which rows have a time.

    Dates (and date-only text) have no time of day: their microseconds are midnight and their
    entry in the mask is False. Rows with unreadable text are rejected, and so are nulls (empty
    text included) unless ``nullable``, when they come back as 0 with no time.

    >>> from tenncare_calc.tables import Column, ColumnKind, read_table
    >>> table = read_table({"at": ["1970-01-02 00:01"]}, [Column("at", ColumnKind.LABEL)], name="t")
    >>> _, micros, timed = moments(table, "at")
    >>> micros.tolist(), timed.tolist()
    ([86460000000], [True])
    """
    np, pa, pc = _np(), _pa(), _pc()
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    kind = array.type
    rows = len(array)
    if pa.types.is_null(kind):
        return (
            table if nullable else table.reject(np.ones(rows, dtype=bool), f"{column} is null"),
            np.zeros(rows, dtype=np.int64),
            np.zeros(rows, dtype=bool),
        )
    if pa.types.is_timestamp(kind):
        if kind.tz is not None:
            array = pc.local_timestamp(array)
        micros = array.cast(pa.timestamp("us")).cast(pa.int64())
        has_time = np.ones(rows, dtype=bool)
    elif pa.types.is_date(kind):
        days = array.cast(pa.date32()).cast(pa.int32()).cast(pa.int64())
        micros = pc.multiply(days, MICROS_PER_DAY)
        has_time = np.zeros(rows, dtype=bool)
    elif (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        return _text_moments(table, column, array.cast(pa.large_string()), nullable=nullable)
    else:
        raise _type_error(table, column, "dates or times", array)
    nulls = np.asarray(pc.is_null(micros).to_numpy(zero_copy_only=False), dtype=bool)
    values = np.asarray(pc.fill_null(micros, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    if not nullable:
        table = _null_problem(table, column, nulls)
    return table, values, has_time & ~nulls


def _text_moments(
    table: TableInput,
    column: str,
    text: Any,  # noqa: ANN401 - a pyarrow string array
    *,
    nullable: bool,
) -> tuple[TableInput, IntArray, BoolArray]:
    np, pa, pc = _np(), _pa(), _pc()
    trimmed = pc.utf8_trim_whitespace(text)
    trimmed = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed)
    rows = len(trimmed)
    values = np.zeros(rows, dtype=np.int64)
    has_time = np.zeros(rows, dtype=bool)
    parsed = np.zeros(rows, dtype=bool)
    for pattern, timed in _DATE_FORMATS:
        moment = pc.strptime(trimmed, format=pattern, unit="s", error_is_null=True)
        # strptime rolls impossible days over (2008-02-30); the round trip rejects them.
        same = pc.equal(pc.strftime(moment, format=pattern), trimmed)
        good = np.asarray(pc.fill_null(same, fill_value=False).to_numpy(zero_copy_only=False))
        new = good & ~parsed
        if new.any():
            numbers = pc.fill_null(moment.cast(pa.timestamp("us")).cast(pa.int64()), 0).to_numpy(
                zero_copy_only=False
            )
            values[new] = np.asarray(numbers, dtype=np.int64)[new]
            has_time[new] = timed
            parsed |= new
    nulls = np.asarray(pc.is_null(trimmed).to_numpy(zero_copy_only=False), dtype=bool)
    if not nullable:
        table = _null_problem(table, column, nulls)
    table = table.reject(
        ~parsed & ~nulls,
        f"{column} {{{column}!r}} is not a date or time (expected YYYY-MM-DD or "
        "YYYY-MM-DD HH:MM[:SS])",
    )
    return table, values, has_time


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


def decimals(table: TableInput, column: str) -> tuple[TableInput, Any]:
    """Return a column of non-negative numbers as exact ``decimal256(60, 30)`` values.

    Floats are read through their shortest text (ruling M1). Nulls, text that is not a number,
    non-finite values, negative values and values that do not fit 30 digits either side of the
    point reject the row (the rejected rows hold 0).

    Examples
    --------
    >>> from tenncare_calc.tables import Column, ColumnKind, read_table
    >>> table = read_table({"miles": [30.25, 0.1]}, [Column("miles", ColumnKind.LABEL)], name="t")
    >>> _, values = decimals(table, "miles")
    >>> [str(v.normalize()) for v in values.to_pylist()]
    ['30.25', '0.1']
    """
    np, pa, pc = _np(), _pa(), _pc()
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    kind = array.type
    target = decimal_type()
    rows = len(array)
    if pa.types.is_null(kind):
        return table.reject(np.ones(rows, dtype=bool), f"{column} is null"), pa.array(
            [Decimal(0)] * rows, target
        )
    if pa.types.is_boolean(kind):
        raise _type_error(table, column, "numbers", array)
    if pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        text = array.cast(pa.large_string())
    elif pa.types.is_floating(kind):
        finite = pc.is_finite(array)
        bad = np.asarray(
            pc.and_(pc.is_valid(array), pc.invert(finite)).to_numpy(zero_copy_only=False),
            dtype=bool,
        )
        table = table.reject(bad, f"{column} {{{column}!s}} is not a finite number")
        text = pc.if_else(finite, array.cast(pa.large_string()), pa.scalar(None, pa.large_string()))
    elif (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        text = array.cast(pa.large_string())
    else:
        raise _type_error(table, column, "numbers", array)
    nulls = np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False), dtype=bool)
    table = _null_problem(table, column, nulls)
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
    table = table.reject(
        unreadable,
        f"{column} {{{column}!r}} is not a number with at most {DECIMAL[1]} digits either side "
        "of the point",
    )
    negative = np.asarray(
        pc.less(values, pa.scalar(Decimal(0), target)).to_numpy(zero_copy_only=False), dtype=bool
    )
    table = table.reject(negative, f"{column} must be >= 0 (got {{{column}!s}})")
    return table, values


def flags(table: TableInput, column: str, *, default: bool = False) -> tuple[TableInput, BoolArray]:
    """Return a yes/no column as a numpy bool array (``default`` for every row when absent).

    >>> from tenncare_calc.tables import Column, ColumnKind, read_table
    >>> table = read_table({"rural": ["Yes", "n"]}, [Column("rural", ColumnKind.LABEL)], name="t")
    >>> flags(table, "rural")[1].tolist()
    [True, False]
    """
    np, pa, pc = _np(), _pa(), _pc()
    if not table.has(column):
        return table, np.full(table.rows_in, default, dtype=bool)
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    kind = array.type
    rows = len(array)
    if pa.types.is_null(kind):
        return table.reject(np.ones(rows, dtype=bool), f"{column} is null"), np.zeros(
            rows, dtype=bool
        )
    nulls = np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False), dtype=bool)
    table = _null_problem(table, column, nulls)
    if pa.types.is_boolean(kind):
        values = pc.fill_null(array, fill_value=False)
        return table, np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        text = array.cast(pa.large_string())
        text = pc.replace_substring_regex(text, r"\.0$", "")
    elif (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        text = pc.utf8_lower(pc.utf8_trim_whitespace(array.cast(pa.large_string())))
    else:
        raise _type_error(table, column, "yes/no flags", array)
    truthy = pc.is_in(text, value_set=pa.array(_TRUE, pa.large_string()))
    falsy = pc.is_in(text, value_set=pa.array(_FALSE, pa.large_string()))
    known = np.asarray(pc.or_(truthy, falsy).to_numpy(zero_copy_only=False), dtype=bool)
    table = table.reject(
        ~known & ~nulls,
        f"{column} {{{column}!r}} is not a yes/no value (true/false, yes/no, 1/0)",
    )
    return table, np.asarray(truthy.to_numpy(zero_copy_only=False), dtype=bool)


def _text(array: Any) -> Any:  # noqa: ANN401 - pyarrow arrays
    pa, pc = _pa(), _pc()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), pa.large_string())
    if pa.types.is_floating(array.type):
        whole = pc.equal(array, pc.floor(array))
        text = pc.if_else(
            whole,
            array.cast(pa.int64(), safe=False).cast(pa.large_string()),
            array.cast(pa.large_string()),
        )
        return pc.utf8_trim_whitespace(text)
    return pc.utf8_trim_whitespace(array.cast(pa.large_string()))


def choices(
    table: TableInput,
    column: str,
    options: tuple[str, ...],
    *,
    default: str | None = None,
    nullable: bool = False,
) -> tuple[TableInput, ObjectArray]:
    """Return a column of choices as a numpy object array of lower-case text.

    An absent column gives ``default`` for every row. A null gives None when ``nullable`` (else it
    rejects the row); a value not in ``options`` rejects the row naming the options.

    >>> from tenncare_calc.tables import Column, ColumnKind, read_table
    >>> table = read_table({"u": [" Urgent"]}, [Column("u", ColumnKind.LABEL)], name="t")
    >>> choices(table, "u", ("routine", "urgent"))[1].tolist()
    ['urgent']
    """
    np, pa, pc = _np(), _pa(), _pc()
    if not table.has(column):
        return table, np.full(table.rows_in, default, dtype=object)
    text = pc.utf8_lower(_text(table.column(column)))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
    nulls = np.asarray(pc.is_null(text).to_numpy(zero_copy_only=False), dtype=bool)
    if not nullable:
        table = _null_problem(table, column, nulls)
    known = np.asarray(
        pc.fill_null(
            pc.is_in(text, value_set=pa.array(options, pa.large_string())), fill_value=False
        ).to_numpy(zero_copy_only=False),
        dtype=bool,
    )
    table = table.reject(
        ~known & ~nulls,
        f"{column} {{{column}!r}} is not one of {', '.join(options)}",
    )
    values = np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)
    return table, values


def codes(table: TableInput, column: str) -> tuple[TableInput, ObjectArray]:
    """Return a column of codes (whole numbers or text) as upper-case text; null or empty rejects.

    ``11``, ``11.0``, ``"11"`` and ``" 11 "`` all read as ``"11"``; ``"a1"`` reads as ``"A1"``.

    >>> from tenncare_calc.tables import Column, ColumnKind, read_table
    >>> table = read_table({"code": [" a1 "]}, [Column("code", ColumnKind.LABEL)], name="t")
    >>> codes(table, "code")[1].tolist()
    ['A1']
    """
    np, pa, pc = _np(), _pa(), _pc()
    array = table.column(column)
    if pa.types.is_floating(array.type):
        fractional = pc.and_(pc.is_finite(array), pc.not_equal(array, pc.floor(array)))
        table = table.reject(
            np.asarray(pc.fill_null(fractional, fill_value=False).to_numpy(zero_copy_only=False)),
            f"{column} {{{column}!s}} is not a code",
        )
    text = pc.utf8_upper(_text(array))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
    nulls = np.asarray(pc.is_null(text).to_numpy(zero_copy_only=False), dtype=bool)
    table = _null_problem(table, column, nulls)
    return table, np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)


def texts(table: TableInput, column: str) -> tuple[TableInput, ObjectArray]:
    """Return a column of labels (text or whole numbers) as trimmed text; null or empty rejects.

    Unlike :func:`codes`, the case is kept: ``"Office"`` stays ``"Office"``.

    >>> from tenncare_calc.tables import Column, ColumnKind, read_table
    >>> table = read_table({"group": [" Office "]}, [Column("group", ColumnKind.LABEL)], name="t")
    >>> texts(table, "group")[1].tolist()
    ['Office']
    """
    np, pa, pc = _np(), _pa(), _pc()
    text = _text(table.column(column))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
    nulls = np.asarray(pc.is_null(text).to_numpy(zero_copy_only=False), dtype=bool)
    table = _null_problem(table, column, nulls)
    return table, np.asarray(text.to_numpy(zero_copy_only=False), dtype=object)


def times_of_day(table: TableInput, column: str) -> tuple[TableInput, IntArray]:
    """Return a column of times of day as microseconds after midnight; null or unreadable rejects.

    Times may be pyarrow ``time32``/``time64`` values or text ``HH:MM`` or ``HH:MM:SS`` (24-hour
    clock).

    >>> from tenncare_calc.tables import Column, ColumnKind, read_table
    >>> table = read_table({"close": ["17:00", "8:30"]}, [Column("close", ColumnKind.LABEL)], name="t")
    >>> table, micros = times_of_day(table, "close")
    >>> micros.tolist()[0], table.check(on_error="collect").rejected.to_pylist()
    (61200000000, [{'row': 1, 'reason': "close '8:30' is not a time of day (expected HH:MM or HH:MM:SS)"}])
    """
    np, pa, pc = _np(), _pa(), _pc()
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    kind = array.type
    rows = len(array)
    if pa.types.is_time(kind):
        micros = array.cast(pa.time64("us")).cast(pa.int64())
        nulls = np.asarray(pc.is_null(micros).to_numpy(zero_copy_only=False), dtype=bool)
        values = np.asarray(pc.fill_null(micros, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
        return _null_problem(table, column, nulls), values
    if pa.types.is_null(kind):
        return table.reject(np.ones(rows, dtype=bool), f"{column} is null"), np.zeros(
            rows, dtype=np.int64
        )
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise _type_error(table, column, "times of day (time values or 'HH:MM' text)", array)
    text = pc.utf8_trim_whitespace(array.cast(pa.large_string()))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
    nulls = np.asarray(pc.is_null(text).to_numpy(zero_copy_only=False), dtype=bool)
    values = np.zeros(rows, dtype=np.int64)
    parsed = np.zeros(rows, dtype=bool)
    for pattern in ("%H:%M:%S", "%H:%M"):
        moment = pc.strptime(
            pc.binary_join_element_wise(
                pa.scalar("1970-01-01 ", pa.large_string()), text, pa.scalar("", pa.large_string())
            ),
            format=f"%Y-%m-%d {pattern}",
            unit="s",
            error_is_null=True,
        )
        same = pc.equal(pc.strftime(moment, format=pattern), text)
        good = np.asarray(pc.fill_null(same, fill_value=False).to_numpy(zero_copy_only=False))
        new = good & ~parsed
        if new.any():
            seconds = pc.fill_null(moment.cast(pa.int64()), 0).to_numpy(zero_copy_only=False)
            values[new] = np.asarray(seconds, dtype=np.int64)[new] * 1_000_000
            parsed |= new
    table = _null_problem(table, column, nulls)
    table = table.reject(
        ~parsed & ~nulls,
        f"{column} {{{column}!r}} is not a time of day (expected HH:MM or HH:MM:SS)",
    )
    return table, values


def parameter_versions(
    table: TableInput,
    profile: ContractProfile,
    name: str,
    *,
    days: IntArray,
    column: str,
) -> tuple[TableInput, IntArray, list[ParameterValue]]:
    """Return which version of a profile parameter applies to each row, by the row's day.

    ``days`` are day numbers since 1970-01-01 (of ``column``); a row outside the parameter's term
    is rejected naming the term. Returns the table, each row's version index, and the versions.

    >>> import numpy as np
    >>> from tenncare_calc.profile import default_profile
    >>> from tenncare_calc.tables import Column, ColumnKind, days_from_date, read_table
    >>> import datetime as dt
    >>> table = read_table({"at": ["2008-10-01", "2008-01-01"]}, [Column("at", ColumnKind.LABEL)],
    ...     name="t")
    >>> days = np.array([days_from_date(dt.date(2008, 10, 1)), days_from_date(dt.date(2008, 1, 1))])
    >>> table, index, versions = parameter_versions(table, default_profile(),
    ...     "nemt.decision_hours", days=days, column="at")
    >>> versions[index[0]].value, table.check(on_error="collect").rejected.to_pylist()
    (24, [{'row': 1, 'reason': 'at 2008-01-01 is outside the term of nemt.decision_hours (from 2008-09-01)'}])
    """
    from tenncare_calc.tables import days_from_date  # noqa: PLC0415 - same optional extra

    np = _np()
    parameter = profile.parameters[name]
    starts = np.array([days_from_date(v.effective_from) for v in parameter.versions])
    index = np.searchsorted(starts, days, side="right") - 1
    outside = index < 0
    if parameter.effective_through is not None:
        outside |= days > days_from_date(parameter.effective_through)
    term = f"from {parameter.versions[0].effective_from.isoformat()}"
    if parameter.effective_through is not None:
        term += f" through {parameter.effective_through.isoformat()}"
    table = table.reject(outside, f"{column} {{{column}!s}} is outside the term of {name} ({term})")
    values = [parameter.at(version.effective_from) for version in parameter.versions]
    result: IntArray = np.clip(index, 0, None)
    return table, result, values


def ten_thousandths_of_minutes(micros: IntArray) -> IntArray:
    """Return microseconds in 1/10,000 minute (6,000 microseconds), rounded half-up (away from 0).

    The columnar twin of :func:`tenncare_calc.findings.minutes_from_micros`.

    >>> import numpy as np
    >>> ten_thousandths_of_minutes(np.array([90_000_000, -20_000_000, 3_000])).tolist()
    [15000, -3333, 1]
    """
    np = _np()
    magnitude = (np.abs(micros) * 2 + 6_000) // 12_000
    result: IntArray = np.sign(micros) * magnitude
    return result


def scaled_decimals(values: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return integers counted in 1/10,000 as exact decimals of :func:`decimal_type`.

    Examples
    --------
    >>> import numpy as np
    >>> [str(v.normalize()) for v in scaled_decimals(np.array([15000, -3333])).to_pylist()]
    ['1.5', '-0.3333']
    """
    pa, pc = _pa(), _pc()
    whole = pa.array(values, pa.int64()).cast(pa.decimal256(40, 0))
    return pc.multiply(whole, pa.scalar(Decimal("0.0001"), pa.decimal256(5, 4))).cast(
        decimal_type()
    )
