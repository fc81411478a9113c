"""Column values the compliance checks read beyond identifiers and dates: times, numbers, flags.

The shared table layer (:mod:`tenncare_calc.columnar.tables`) reads every batch input and parses identifiers
and dates. The compliance checks also need moments in time (an appointment at 10:30), exact
numbers (a distance of 30.5 miles), flags (a rural pick-up) and choices (an urgency). This module
parses such columns of a :class:`~tenncare_calc.columnar.tables.TableInput` (read with ``ColumnKind.LABEL``),
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

>>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
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
    "Categories",
    "choice_categories",
    "choices",
    "code_categories",
    "codes",
    "decimal_categories",
    "decimal_type",
    "decimals",
    "decimals_by_block",
    "flags",
    "groups",
    "kept_rows",
    "minutes_decimals",
    "moments",
    "parameter_versions",
    "repeated_text",
    "scaled_decimals",
    "ten_thousandths_of_minutes",
    "text_categories",
    "text_column",
    "texts",
    "times_of_day",
]

import decimal
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import InvalidInputError, require

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import CheckedTable, TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

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


def _type_error(name: str, column: str, what: str, array: Any) -> InvalidInputError:  # noqa: ANN401
    return InvalidInputError(
        f"column {column!r} of {name!r} must hold {what} (got values of type {array.type})",
        field=column,
        value=str(array.type),
    )


@attrs.frozen(eq=False)
class Categories:
    """A column as each row's position in its distinct values: repeated text read once per value.

    A million rows of service codes hold a dozen distinct codes: they are trimmed, checked and
    looked up once per code, and written back out with a ``take`` instead of row by row.
    ``dictionary`` is a pyarrow array (``large_string`` for text; a null is a value of its own);
    ``index`` gives each row's position in it.

    >>> import numpy as np
    >>> import pyarrow as pa
    >>> names = pa.array(["routine", "urgent"], pa.large_string())
    >>> urgency = Categories(np.array([1, 0, 1]), names)
    >>> urgency.values(), urgency.to_numpy().tolist()
    (('routine', 'urgent'), ['urgent', 'routine', 'urgent'])
    >>> urgency.take(np.array([2, 1])).to_pylist()
    ['urgent', 'routine']
    >>> urgency.rows_where([False, True]).tolist()
    [True, False, True]
    """

    index: IntArray
    dictionary: Any

    def values(self) -> tuple[Any, ...]:
        """Return the distinct values as Python objects (None for a null)."""
        return tuple(self.dictionary.to_pylist())

    def rows_where(self, chosen: Sequence[bool] | BoolArray) -> BoolArray:
        """Return which rows hold a value whose flag in ``chosen`` (one per value) is true."""
        np = _np()
        result: BoolArray = np.asarray(chosen, dtype=bool)[self.index]
        return result

    def take(self, rows: IntArray | slice) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return the values of the rows at positions ``rows`` (or a slice) as a pyarrow array."""
        pa = _pa()
        return self.dictionary.take(pa.array(self.index[rows], pa.int64()))

    def column(self) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return every row's value as a pyarrow array."""
        pa = _pa()
        return self.dictionary.take(pa.array(self.index, pa.int64()))

    def to_numpy(self) -> ObjectArray:
        """Return every row's value in a numpy object array (None for a null)."""
        np = _np()
        values = np.asarray(self.dictionary.to_numpy(zero_copy_only=False), dtype=object)
        result: ObjectArray = values[self.index]
        return result


def _categories(array: Any, normalise: Callable[[Any], Any]) -> Categories:  # noqa: ANN401
    """Return ``normalise`` applied to a column, computed once per distinct value.

    ``normalise`` maps a pyarrow array to one as long (element by element); values that become
    equal share one position.
    """
    np, pa, pc = _np(), _pa(), _pc()
    if pa.types.is_null(array.type):
        array = pa.nulls(len(array), pa.large_string())
    normalise(array.slice(0, 0))  # a type it cannot read fails as it did when read row by row
    position, dictionary = _encoded(array)
    distinct = pc.dictionary_encode(normalise(dictionary), null_encoding="encode")
    merged = np.asarray(distinct.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return Categories(merged[position], distinct.dictionary)


def _encoded(array: Any) -> tuple[IntArray, Any]:  # noqa: ANN401 - pyarrow arrays
    """Return each row's position in the distinct values of ``array``, and those values.

    A null is a value of its own (the last). A dictionary-encoded array keeps its dictionary.
    """
    np, pa, pc = _np(), _pa(), _pc()
    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    dictionary = encoded.dictionary
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, len(dictionary))
        dictionary = pa.concat_arrays([dictionary, pa.nulls(1, dictionary.type)])
    position: IntArray = np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return position, dictionary


def _each_value_null(categories: Categories) -> BoolArray:
    np, pc = _np(), _pc()
    nulls: BoolArray = np.asarray(
        pc.is_null(categories.dictionary).to_numpy(zero_copy_only=False), dtype=bool
    )
    return categories.rows_where(nulls)


def text_column(index: IntArray | BoolArray, texts: Sequence[str | None]) -> Any:  # noqa: ANN401
    """Return a ``large_string`` column whose row ``i`` is ``texts[index[i]]`` (None: a null).

    The fast way to write a column that takes one of a few texts: one ``take`` on the texts, not a
    Python string per row. A boolean ``index`` picks ``texts[1]`` where true.

    >>> import numpy as np
    >>> text_column(np.array([True, False]), ("not_met", "met")).to_pylist()
    ['met', 'not_met']
    >>> text_column(np.array([2, 0]), ("minutes", "calendar days", None)).to_pylist()
    [None, 'minutes']
    """
    np, pa = _np(), _pa()
    positions = np.asarray(index)
    if len(texts) == 1:  # every row holds the one text
        return repeated_text(texts[0], len(positions))
    if positions.dtype == bool:
        positions = positions.view(np.uint8)
    return pa.array(list(texts), pa.large_string()).take(pa.array(positions))


def repeated_text(text: str | None, rows: int) -> Any:  # noqa: ANN401 - a pyarrow Array
    """Return a ``large_string`` column of ``rows`` rows that all hold ``text`` (None: nulls).

    >>> repeated_text("Attachment V", 2).to_pylist()
    ['Attachment V', 'Attachment V']
    """
    pa = _pa()
    return pa.repeat(pa.scalar(text, pa.large_string()), rows)


def groups(*columns: tuple[IntArray, int]) -> tuple[IntArray, IntArray]:
    """Return each row's group (its combination of codes) and one row of each group.

    Each column is a pair (codes from 0 to ``count - 1``, ``count``). Groups are numbered in the
    order of their codes, first column first, so work done once per distinct combination can be
    spread back to the rows with a ``take``: ``result_of_group[group]``.

    >>> import numpy as np
    >>> plan, site = np.array([1, 0, 1, 1]), np.array([0, 2, 0, 1])
    >>> group, row = groups((plan, 2), (site, 3))
    >>> group.tolist(), plan[row].tolist(), site[row].tolist()
    ([1, 0, 1, 2], [0, 1, 1], [2, 0, 1])
    """
    np = _np()
    rows = len(columns[0][0]) if columns else 0
    dense = max(4 * rows, 1 << 16)
    key = np.zeros(rows, dtype=np.int64)
    size = 1
    for codes_, count in columns:
        if count == 1:
            continue  # a column with a single code splits no group
        if size * count > dense:
            # renumber the combinations so far, so the key never outgrows int64
            distinct, key = np.unique(key, return_inverse=True)
            size = len(distinct)
        key = key * count + np.asarray(codes_, dtype=np.int64)
        size *= count
    if size > dense:
        distinct, group = np.unique(key, return_inverse=True)
        size = len(distinct)
    else:
        present = np.bincount(key, minlength=size) > 0
        group = (np.cumsum(present) - 1)[key]
        size = int(present.sum())
    # every row of a group has the same codes, so any one of them represents it
    representative = np.zeros(size, dtype=np.int64)
    representative[group] = np.arange(rows, dtype=np.int64)
    result: IntArray = group.astype(np.int64, copy=False)
    return result, representative


def kept_rows(checked: CheckedTable) -> IntArray | slice:
    """Return an index of the usable rows, for arrays that hold every input row.

    When no row was rejected it is ``slice(None)``: indexing an array with it is a view of the
    array, not a copy.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"at": ["2008-12-23", "noon"]}, [Column("at", ColumnKind.LABEL)],
    ...     name="t")
    >>> kept_rows(table.check())
    slice(None, None, None)
    >>> table, _, _ = moments(table, "at")
    >>> kept_rows(table.check(on_error="collect")).tolist()
    [0]
    """
    if checked.rows_used == checked.rows_in:
        return slice(None)
    return checked.positions()


def moments(
    table: TableInput, column: str, *, nullable: bool = False
) -> tuple[TableInput, IntArray, BoolArray]:
    """Return a column of moments as microseconds since 1970-01-01, and which rows have a time.

    Dates (and date-only text) have no time of day: their microseconds are midnight and their
    entry in the mask is False. Rows with unreadable text are rejected, and so are nulls (empty
    text included) unless ``nullable``, when they come back as 0 with no time.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
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
        raise _type_error(table.name, column, "dates or times", array)
    if micros.null_count:
        nulls = np.asarray(pc.is_null(micros).to_numpy(zero_copy_only=False), dtype=bool)
        values = np.asarray(pc.fill_null(micros, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    else:  # the common case: read the values where they are
        nulls = np.zeros(rows, dtype=bool)
        values = np.asarray(micros.to_numpy(), dtype=np.int64)
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


def flags(table: TableInput, column: str, *, default: bool = False) -> tuple[TableInput, BoolArray]:
    """Return a yes/no column as a numpy bool array (``default`` for every row when absent).

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
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
        raise _type_error(table.name, column, "yes/no flags", array)
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


def _blank_is_null(text: Any) -> Any:  # noqa: ANN401 - pyarrow arrays
    pa, pc = _pa(), _pc()
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


def choice_categories(
    table: TableInput,
    column: str,
    options: tuple[str, ...],
    *,
    default: str | None = None,
    nullable: bool = False,
) -> tuple[TableInput, Categories]:
    """Return a column of choices as :class:`Categories` of lower-case text.

    An absent column gives ``default`` for every row. A null gives None when ``nullable`` (else it
    rejects the row); a value not in ``options`` rejects the row naming the options.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"u": [" Urgent", "routine", "URGENT"]}, [Column("u", ColumnKind.LABEL)],
    ...     name="t")
    >>> _, urgency = choice_categories(table, "u", ("routine", "urgent"))
    >>> urgency.index.tolist(), urgency.values()
    ([0, 1, 0], ('urgent', 'routine'))
    """
    np, pa, pc = _np(), _pa(), _pc()
    if not table.has(column):
        return table, Categories(
            np.zeros(table.rows_in, dtype=np.int64), pa.array([default], pa.large_string())
        )
    found = _categories(table.column(column), lambda v: _blank_is_null(pc.utf8_lower(_text(v))))
    nulls = _each_value_null(found)
    if not nullable:
        table = _null_problem(table, column, nulls)
    known = found.rows_where(
        np.asarray(
            pc.fill_null(
                pc.is_in(found.dictionary, value_set=pa.array(options, pa.large_string())),
                fill_value=False,
            ).to_numpy(zero_copy_only=False),
            dtype=bool,
        )
    )
    table = table.reject(
        ~known & ~nulls,
        f"{column} {{{column}!r}} is not one of {', '.join(options)}",
    )
    return table, found


def choices(
    table: TableInput,
    column: str,
    options: tuple[str, ...],
    *,
    default: str | None = None,
    nullable: bool = False,
) -> tuple[TableInput, ObjectArray]:
    """Return a column of choices as a numpy object array of lower-case text.

    As :func:`choice_categories`, one value per row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"u": [" Urgent"]}, [Column("u", ColumnKind.LABEL)], name="t")
    >>> choices(table, "u", ("routine", "urgent"))[1].tolist()
    ['urgent']
    """
    table, found = choice_categories(table, column, options, default=default, nullable=nullable)
    return table, found.to_numpy()


def code_categories(table: TableInput, column: str) -> tuple[TableInput, Categories]:
    """Return a column of codes as :class:`Categories` of upper-case text; null or empty rejects.

    ``11``, ``11.0``, ``"11"`` and ``" 11 "`` all read as ``"11"``; ``"a1"`` reads as ``"A1"``.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"code": [" a1 ", "A1", "19"]}, [Column("code", ColumnKind.LABEL)],
    ...     name="t")
    >>> _, found = code_categories(table, "code")
    >>> found.index.tolist(), found.values()
    ([0, 0, 1], ('A1', '19'))
    """
    np, pa, pc = _np(), _pa(), _pc()
    array = table.column(column)
    if pa.types.is_floating(array.type):
        fractional = pc.and_(pc.is_finite(array), pc.not_equal(array, pc.floor(array)))
        table = table.reject(
            np.asarray(pc.fill_null(fractional, fill_value=False).to_numpy(zero_copy_only=False)),
            f"{column} {{{column}!s}} is not a code",
        )
    found = _categories(array, lambda v: _blank_is_null(pc.utf8_upper(_text(v))))
    return _null_problem(table, column, _each_value_null(found)), found


def codes(table: TableInput, column: str) -> tuple[TableInput, ObjectArray]:
    """Return a column of codes (whole numbers or text) as upper-case text; null or empty rejects.

    As :func:`code_categories`, one value per row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"code": [" a1 "]}, [Column("code", ColumnKind.LABEL)], name="t")
    >>> codes(table, "code")[1].tolist()
    ['A1']
    """
    table, found = code_categories(table, column)
    return table, found.to_numpy()


def text_categories(table: TableInput, column: str) -> tuple[TableInput, Categories]:
    """Return a column of labels (text or whole numbers) as :class:`Categories` of trimmed text.

    Unlike :func:`code_categories`, the case is kept: ``"Office"`` stays ``"Office"``. A null or
    empty label rejects its row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"group": [" Office ", "Office", "Home"]},
    ...     [Column("group", ColumnKind.LABEL)], name="t")
    >>> _, found = text_categories(table, "group")
    >>> found.index.tolist(), found.values()
    ([0, 0, 1], ('Office', 'Home'))
    """
    found = _categories(table.column(column), lambda v: _blank_is_null(_text(v)))
    return _null_problem(table, column, _each_value_null(found)), found


def texts(table: TableInput, column: str) -> tuple[TableInput, ObjectArray]:
    """Return a column of labels (text or whole numbers) as trimmed text; null or empty rejects.

    As :func:`text_categories`, one value per row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"group": [" Office "]}, [Column("group", ColumnKind.LABEL)], name="t")
    >>> texts(table, "group")[1].tolist()
    ['Office']
    """
    table, found = text_categories(table, column)
    return table, found.to_numpy()


def times_of_day(table: TableInput, column: str) -> tuple[TableInput, IntArray]:
    """Return a column of times of day as microseconds after midnight; null or unreadable rejects.

    Times may be pyarrow ``time32``/``time64`` values or text ``HH:MM`` or ``HH:MM:SS`` (24-hour
    clock).

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
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
        raise _type_error(table.name, column, "times of day (time values or 'HH:MM' text)", array)
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
    >>> from tenncare_calc import default_profile
    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, days_from_date, read_table
    >>> import datetime as dt
    >>> table = read_table({"at": ["2008-10-01", "2008-01-01"]}, [Column("at", ColumnKind.LABEL)],
    ...     name="t")
    >>> days = np.array([days_from_date(dt.date(2008, 10, 1)), days_from_date(dt.date(2008, 1, 1))])
    >>> table, index, versions = parameter_versions(table, default_profile(),
    ...     "nemt.decision_hours", days=days, column="at")
    >>> versions[index[0]].value, table.check(on_error="collect").rejected.to_pylist()
    (24, [{'row': 1, 'reason': 'at 2008-01-01 is outside the term of nemt.decision_hours (from 2008-09-01)'}])
    """
    from tenncare_calc.columnar.tables import days_from_date  # noqa: PLC0415 - same optional extra

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

    The columnar twin of :func:`tenncare_calc.compliance.findings.minutes_from_micros`.

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

    The decimals are written directly: a value ``v`` is the 256-bit integer ``v * 10**26`` at
    scale 30, computed with 64-bit integer arithmetic (exact for every int64, several times faster
    than asking pyarrow to rescale).

    Examples
    --------
    >>> import numpy as np
    >>> [str(v.normalize()) for v in scaled_decimals(np.array([15000, -3333])).to_pylist()]
    ['1.5', '-0.3333']
    """
    np = _np()
    signed = np.asarray(values, dtype=np.int64)
    return decimals_by_block(len(signed), lambda block: signed[block])


def minutes_decimals(micros: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return microseconds as exact decimal minutes, rounded half-up to 1/10,000 minute.

    The same as ``scaled_decimals(ten_thousandths_of_minutes(micros))``, done a block of rows at
    a time; the columnar twin of :func:`tenncare_calc.compliance.findings.minutes_from_micros`.

    Examples
    --------
    >>> import numpy as np
    >>> minutes = minutes_decimals(np.array([90_000_000, -20_000_000]))
    >>> [str(v.normalize()) for v in minutes.to_pylist()]
    ['1.5', '-0.3333']
    """
    np = _np()
    signed = np.asarray(micros, dtype=np.int64)
    return decimals_by_block(len(signed), lambda block: ten_thousandths_of_minutes(signed[block]))


def decimals_by_block(rows: int, values: Callable[[slice], IntArray]) -> Any:  # noqa: ANN401
    """Return a column of exact decimals: ``values(block)`` gives a block of rows in 1/10,000.

    The column is computed and written a block of rows at a time (``block`` is a slice of at most
    32,768 rows), so the arithmetic that turns the checks' integers into displayed figures runs
    on arrays that stay in the processor's cache.

    Examples
    --------
    >>> import numpy as np
    >>> days = np.array([3, -1])
    >>> column = decimals_by_block(2, lambda block: days[block] * 10_000)
    >>> [str(v.normalize()) for v in column.to_pylist()]
    ['3', '-1']
    """
    np, pa = _np(), _pa()
    if sys.byteorder != "little":  # the words below are laid out for little-endian memory
        whole = np.asarray(values(slice(0, rows)), dtype=np.int64)
        return _scaled_by_pyarrow(whole)
    # the words live in pyarrow's memory pool, which keeps freed memory for the next column
    buffer = pa.allocate_buffer(rows * 32)
    words = np.frombuffer(buffer, dtype=np.uint64).reshape(rows, 4)
    for start in range(0, rows, _BLOCK):
        block = slice(start, min(start + _BLOCK, rows))
        _times_ten_to_the_26(np.asarray(values(block), dtype=np.int64), words[block])
    return pa.Array.from_buffers(decimal_type(), rows, [None, buffer])


def _scaled_by_pyarrow(values: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return :func:`scaled_decimals` computed by pyarrow's decimal arithmetic (the slow way)."""
    pa, pc = _pa(), _pc()
    whole = pa.array(values, pa.int64()).cast(pa.decimal256(40, 0))
    return pc.multiply(whole, pa.scalar(Decimal("0.0001"), pa.decimal256(5, 4))).cast(
        decimal_type()
    )


#: Rows per block in :func:`scaled_decimals`: the work arrays stay in the processor's cache.
_BLOCK = 1 << 15
#: 10**26 = 5**26 * 2**26: multiply by 5**26 (below 2**61), then shift left by 26 bits.
_FIVES = 5**26


def _times_ten_to_the_26(signed: IntArray, words: Any) -> None:  # noqa: ANN401 - uint64 (n, 4)
    """Write ``signed * 10**26`` as little-endian two's-complement 256-bit words (Decimal256)."""
    np = _np()
    low32, shift32 = np.uint64(0xFFFF_FFFF), np.uint64(32)
    five_low, five_high = np.uint64(_FIVES & 0xFFFF_FFFF), np.uint64(_FIVES >> 32)
    # the value's 64 bits read as unsigned: u = high * 2**32 + low
    unsigned = signed.view(np.uint64)
    low, high = unsigned & low32, unsigned >> shift32
    # u * 5**26 as a 128-bit (top, bottom): four 32x32-bit products, the middle two shifted by 32
    bottom = low * five_low
    top = high * five_high
    for middle in (high * five_low, low * five_high):
        shifted = middle << shift32
        bottom += shifted
        top += bottom < shifted  # the carry out of the low word
        top += middle >> shift32
    # a negative value is u - 2**64, so its product is 5**26 * 2**64 less: the top word says so
    top -= (signed >> 63).view(np.uint64) & np.uint64(_FIVES)
    # shift the signed 128-bit product left by 26 bits into four words, extending the sign
    words[:, 0] = bottom << np.uint64(26)
    words[:, 1] = (top << np.uint64(26)) | (bottom >> np.uint64(38))
    words[:, 2] = (top.view(np.int64) >> 38).view(np.uint64)
    words[:, 3] = (top.view(np.int64) >> 63).view(np.uint64)
