"""Column values the compliance checks read beyond identifiers and dates: times, numbers, flags.

The shared table layer (:mod:`tenncare_calc.columnar.tables`) reads every batch input and parses identifiers
and dates. The compliance checks also need moments in time (an appointment at 10:30), exact
numbers (a distance of 30.5 miles), flags (a rural pick-up) and choices (an urgency). The column
kernels parse such columns of a :class:`~tenncare_calc.columnar.tables.TableInput` (read with ``ColumnKind.LABEL``),
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

A null in a column that is present rejects the row (``"rural is null"``), whatever its kind, and
so does blank text (an empty cell as an extract writes it: the same reason), unless the check
reads the column as nullable: then a null or blank cell means what ``None`` means
to its one-value check (an open end date, no exemption, a flag not stated).
Each kind has its module: moments and times of day (:mod:`~tenncare_calc.columnar.times`),
numbers (:mod:`~tenncare_calc.columnar.decimal_columns`), choices, codes and labels
(:mod:`~tenncare_calc.columnar.categories`); this one holds the rules they share, and flags.

>>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
>>> from tenncare_calc.columnar.times import moments
>>> table = read_table({"at": ["2008-12-23 09:30", "2008-12-24", "noon"]},
...     [Column("at", ColumnKind.LABEL)], name="visits")
>>> table, micros, timed = moments(table, "at")
>>> timed.tolist(), table.check(on_error="collect").rejected.to_pylist()
([True, False, False], [{'row': 2, 'reason': "at 'noon' is not a date or time (expected YYYY-MM-DD or M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008, with HH:MM[:SS] for a time)"}])
"""

from __future__ import annotations

__all__ = ["flags", "read_flags"]

from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import _bits, empty_cells, numpy_nulls, numpy_valid
from tenncare_calc.core.errors import InvalidInputError, require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import TableInput

    BoolArray = npt.NDArray[np.bool_]

_TRUE = ("true", "yes", "y", "1", "t")
_FALSE = ("false", "no", "n", "0", "f")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def _null_problem(table: TableInput, column: str, nulls: BoolArray) -> TableInput:
    return table.reject(nulls, f"{column} is null")


def _type_error(name: str, column: str, what: str, array: Any) -> InvalidInputError:  # noqa: ANN401
    return InvalidInputError(
        f"column {column!r} of {name!r} must hold {what} (got values of type {array.type})",
        field=column,
        value=str(array.type),
    )


def flags(
    table: TableInput, column: str, *, default: bool = False, nullable: bool = False
) -> tuple[TableInput, BoolArray]:
    """Return a yes/no column as a numpy bool array (``default`` for every row when absent).

    A null or blank cell rejects its row (``rural is null``), unless ``nullable``: then it reads
    as ``default``, as the one-value check reads ``None`` for a flag it takes as not stated.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"rural": ["Yes", "n"]}, [Column("rural", ColumnKind.LABEL)], name="t")
    >>> flags(table, "rural")[1].tolist()
    [True, False]
    >>> table = read_table({"stated": ["yes", "", None]},
    ...     [Column("stated", ColumnKind.LABEL, nullable=True)], name="t")
    >>> flags(table, "stated", nullable=True)[1].tolist()
    [True, False, False]
    """
    np, pa, pc = _np(), _pa(), compute
    if not table.has(column):
        return table, np.full(table.rows_in, default, dtype=bool)
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    kind = array.type
    rows = len(array)
    if pa.types.is_null(kind):
        if nullable:
            return table, np.full(rows, default, dtype=bool)
        return table.reject(np.ones(rows, dtype=bool), f"{column} is null"), np.zeros(
            rows, dtype=bool
        )
    # a null rejects its row unless nullable; blank text is looked for only where a cell is no
    # flag as written (a column of true/false, 1/0 and nulls has no blank cell: the cast reads it)
    nulls = numpy_nulls(array)
    if pa.types.is_boolean(kind):
        values = pc.fill_null(array, fill_value=default)
        return _nulls_rejected(table, column, nulls, nullable=nullable), np.asarray(
            values.to_numpy(zero_copy_only=False), dtype=bool
        )
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        text = compute.cast(array, pa.large_string())
        truthy, known = _flag_texts(pc.replace_substring_regex(text, r"\.0$", ""))
    elif (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        read = _cast_flags(array)
        if read is not None:  # every value true/false or 1/0: none to reject, no blank cell
            table = _nulls_rejected(table, column, nulls, nullable=nullable)
            return table, _defaulted(read, nulls, default=default, nullable=nullable)
        nulls = _empty_text(array)  # a blank cell is empty, as a null is
        # each distinct text read once: a million rows hold a handful of spellings
        encoded = pc.dictionary_encode(array)
        truthy, known = _flag_texts(
            pc.utf8_lower(pc.utf8_trim_whitespace(encoded.dictionary.cast(pa.large_string())))
        )
        at = np.asarray(
            pc.fill_null(encoded.indices, len(truthy)).to_numpy(zero_copy_only=False),
            dtype=np.intp,
        )
        truthy, known = np.append(truthy, False)[at], np.append(known, False)[at]
    else:
        raise _type_error(table.name, column, "yes/no flags", array)
    table = _nulls_rejected(table, column, nulls, nullable=nullable)
    table = table.reject(
        ~known & ~nulls,
        f"{column} {{{column}!r}} is not a yes/no value (true/false, yes/no, 1/0)",
    )
    return table, _defaulted(truthy, nulls, default=default, nullable=nullable)


def _nulls_rejected(
    table: TableInput, column: str, empty: BoolArray, *, nullable: bool
) -> TableInput:
    """Return ``table`` with its ``empty`` cells' rows rejected as null, unless ``nullable``.

    A blank text cell is empty, as a null is (docs/inputs.md, "Empty cells"): where a null
    rejects its row, so does blank text, for the same reason (``rural is null``).
    """
    return table if nullable else _null_problem(table, column, empty)


def _empty_text(array: Any) -> BoolArray:  # noqa: ANN401 - a pyarrow text array
    """Return which cells of a text column are empty: null, or blank once trimmed."""
    pa = _pa()
    if pa.types.is_string_view(array.type):
        array = compute.cast(array, pa.large_string())
    empty: BoolArray = empty_cells(array)
    return empty


def _defaulted(truthy: BoolArray, nulls: BoolArray, *, default: bool, nullable: bool) -> BoolArray:
    """Return ``truthy`` with its empty cells ``default`` when ``nullable`` (else as it is)."""
    if not nullable:
        return truthy
    return truthy | nulls if default else truthy & ~nulls


def _cast_flags(array: Any) -> BoolArray | None:  # noqa: ANN401 - pyarrow text
    """Return a text column of flags read by pyarrow's cast (false where null), or None.

    The cast reads ``true``/``false`` in any case and ``1``/``0``, as :func:`flags` reads them,
    and refuses any other text (then the column is read a distinct value at a time): the usual
    extract is read in one pass, without hashing its texts.
    """
    pa = _pa()
    try:
        parsed = compute.cast(array, pa.bool_())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if isinstance(parsed, pa.ChunkedArray):  # a table's column given whole, not as one array
        parsed = parsed.combine_chunks()
    # the bits where they are (a null's bit may be set: its row is made false)
    truthy: BoolArray = _bits(parsed.buffers()[1], parsed.offset, len(parsed))
    return truthy & numpy_valid(parsed) if parsed.null_count else truthy


def _flag_texts(text: Any) -> tuple[BoolArray, BoolArray]:  # noqa: ANN401 - pyarrow text
    """Return which of ``text`` (trimmed, lower case) are a yes, and which a yes or a no."""
    np, pa, pc = _np(), _pa(), compute
    truthy = pc.is_in(text, value_set=pa.array(_TRUE, pa.large_string()))
    falsy = pc.is_in(text, value_set=pa.array(_FALSE, pa.large_string()))
    known = np.asarray(pc.or_(truthy, falsy).to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray(truthy.to_numpy(zero_copy_only=False), dtype=bool), known


def read_flags(
    table: TableInput, column: str, *, default: bool = False, nullable: bool = False
) -> tuple[TableInput, BoolArray]:
    """Return a yes/no column as a numpy bool array, as :func:`~tenncare_calc.columnar.flags` does.

    A boolean column without nulls (what a typed table holds) has nothing to check: its bits are
    unpacked where they are, not converted and filled; every other column is read by ``flags``.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"rural": [True, False]}, [Column("rural", ColumnKind.LABEL)], name="t")
    >>> read_flags(table, "rural")[1].tolist()
    [True, False]
    """
    pa = _pa()
    if table.has(column):
        array = table.column(column)
        if pa.types.is_boolean(array.type) and not array.null_count:
            values: BoolArray = _bits(array.buffers()[1], array.offset, len(array))
            return table, values
    return flags(table, column, default=default, nullable=nullable)
