"""Moments and times of day: when an appointment was asked for, kept, or a provider closes.

Moments come back as int64 microseconds since 1970-01-01 00:00 with a mask of the rows that carry a
time of day (a date alone has none); times of day as microseconds after midnight. Unreadable text
rejects its row, naming the forms that are read.

>>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
>>> table = read_table({"close": ["17:30"]}, [Column("close", ColumnKind.LABEL)], name="t")
>>> times_of_day(table, "close")[1].tolist() == [17 * 3_600_000_000 + 30 * MICROS_PER_MINUTE]
True
"""

from __future__ import annotations

__all__ = [
    "MICROS_PER_DAY",
    "MICROS_PER_MINUTE",
    "moments",
    "times_of_day",
]

import datetime as dt
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.categories import _encoded
from tenncare_calc.columnar.column_batches import (
    arrow_numbers,
    empty_cells,
)
from tenncare_calc.columnar.columns import _null_problem, _type_error
from tenncare_calc.columnar.iso_moments import iso_moments
from tenncare_calc.columnar.text_dates import FIRST_DAY
from tenncare_calc.core.dates import DATE_FORMS, to_date_or_moment
from tenncare_calc.core.errors import TennCareError, require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import TableInput

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]

MICROS_PER_MINUTE = 60_000_000
MICROS_PER_DAY = 86_400_000_000
_EPOCH = dt.datetime(1970, 1, 1)  # noqa: DTZ001 - naive local times, as contract data

_DATE_FORMATS = (
    ("%Y-%m-%dT%H:%M:%S", True),
    ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%dT%H:%M", True),
    ("%Y-%m-%d %H:%M", True),
    ("%Y-%m-%d", False),
)


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


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
    np, pa, pc = _np(), _pa(), compute
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
        micros = compute.cast(compute.cast(array, pa.timestamp("us")), pa.int64())
        has_time = np.ones(rows, dtype=bool)
    elif pa.types.is_date(kind):
        days = compute.cast(compute.cast(compute.cast(array, pa.date32()), pa.int32()), pa.int64())
        micros = pc.multiply(days, MICROS_PER_DAY)
        has_time = np.zeros(rows, dtype=bool)
    elif (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind)
    ):
        return _text_moments(
            table, column, compute.cast(array, pa.large_string()), nullable=nullable
        )
    else:
        raise _type_error(table.name, column, "dates or times", array)
    if isinstance(micros, pa.ChunkedArray):
        micros = micros.combine_chunks()
    if micros.null_count:
        # the values where they are, a null's (whatever is stored under it) made 0: times 0 or
        # 1, the valid bit (no branch per row, as numpy's where with a scattered mask has)
        valid = np.unpackbits(
            np.frombuffer(micros.buffers()[0], dtype=np.uint8),
            count=micros.offset + rows,
            bitorder="little",
        )[micros.offset :]
        nulls = ~valid.view(bool)
        stored = np.frombuffer(micros.buffers()[1], dtype=np.int64, count=micros.offset + rows)
        values = stored[micros.offset :] * valid
    else:  # the common case: read the values where they are
        nulls = np.zeros(rows, dtype=bool)
        values = np.asarray(micros.to_numpy(), dtype=np.int64)
    if not nullable:
        table = _null_problem(table, column, nulls)
    return table, values, (has_time & ~nulls) if micros.null_count else has_time


def _text_moments(
    table: TableInput,
    column: str,
    text: Any,  # noqa: ANN401 - a pyarrow string array
    *,
    nullable: bool,
) -> tuple[TableInput, IntArray, BoolArray]:
    np, pa, pc = _np(), _pa(), compute
    # the fixed-width ISO forms extracts write, read from their bytes (no such cell has a space
    # to trim); only the other cells are trimmed, blank ones made null, and read by pattern
    parsed, values, has_time = iso_moments(text)
    # a blank cell is null; no well-formed cell is blank
    nulls = empty_cells(text)
    rest = np.flatnonzero(~parsed & ~nulls)
    cells = pc.utf8_trim_whitespace(compute.take(text, arrow_numbers(rest)))
    if len(rest):
        _patterns(cells, rest, values, has_time, parsed)
    if not nullable:
        table = _null_problem(table, column, nulls)
    leftover = ~parsed[rest]
    if leftover.any():
        _other_forms(
            compute.filter(cells, pa.array(leftover)), rest[leftover], values, has_time, parsed
        )
    table = table.reject(
        ~parsed & ~nulls,
        f"{column} {{{column}!r}} is not a date or time (expected {DATE_FORMS}, with HH:MM[:SS] "
        "for a time)",
    )
    return table, values, has_time


def _patterns(
    text: Any,  # noqa: ANN401 - a pyarrow string array
    rows: IntArray,
    values: IntArray,
    has_time: BoolArray,
    parsed: BoolArray,
) -> None:
    """Read, in place at ``rows``, the cells of ``text`` in one of the ISO patterns.

    ``strptime`` rolls impossible days over (2008-02-30); the round trip through ``strftime``
    rejects them, and so every form but the canonical one (``2008-1-5``).
    """
    np, pa, pc = _np(), _pa(), compute
    for pattern, timed in _DATE_FORMATS:
        moment = pc.strptime(text, format=pattern, unit="s", error_is_null=True)
        same = pc.equal(pc.strftime(moment, format=pattern), text)
        good = np.asarray(pc.fill_null(same, fill_value=False).to_numpy(zero_copy_only=False))
        new = good & ~parsed[rows]
        if new.any():
            numbers = pc.fill_null(moment.cast(pa.timestamp("us")).cast(pa.int64()), 0).to_numpy(
                zero_copy_only=False
            )
            new &= np.asarray(numbers) >= FIRST_DAY * MICROS_PER_DAY  # the year 0 is no date
            hits = rows[new]
            values[hits] = np.asarray(numbers, dtype=np.int64)[new]
            has_time[hits] = timed
            parsed[hits] = True


def _other_forms(
    cells: Any,  # noqa: ANN401 - a pyarrow string array
    positions: IntArray,
    values: IntArray,
    has_time: BoolArray,
    parsed: BoolArray,
) -> None:
    """Read, in place, the cells not in ISO form as the single-value readers do (``1/5/2008``).

    Each distinct text is read once by :func:`~tenncare_calc.core.dates.to_date_or_moment`, so
    the table checks take every form a single-value check takes (a rule once).
    """
    np, pc = _np(), compute
    distinct = pc.unique(cells)
    micros: list[int | None] = []
    timed: list[bool] = []
    for cell in distinct.to_pylist():
        try:
            moment = to_date_or_moment(cell, field="cell")
        except TennCareError:
            micros.append(None)
            timed.append(False)
            continue
        is_moment = isinstance(moment, dt.datetime)
        start = moment if is_moment else dt.datetime.combine(moment, dt.time())
        micros.append((start - _EPOCH) // dt.timedelta(microseconds=1))
        timed.append(is_moment)
    index = np.asarray(pc.index_in(cells, value_set=distinct).to_numpy(zero_copy_only=False))
    found = np.asarray([m is not None for m in micros], dtype=bool)[index]
    numbers = np.asarray([m or 0 for m in micros], dtype=np.int64)[index]
    hits = positions[found]
    values[hits] = numbers[found]
    has_time[hits] = np.asarray(timed, dtype=bool)[index][found]
    parsed[hits] = True


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
    np, pa, pc = _np(), _pa(), compute
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    kind = array.type
    rows = len(array)
    if pa.types.is_time(kind):
        micros = compute.cast(compute.cast(array, pa.time64("us")), pa.int64())
        nulls = np.asarray(pc.is_null(micros).to_numpy(zero_copy_only=False), dtype=bool)
        values = np.asarray(pc.fill_null(micros, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
        return _null_problem(table, column, nulls), values
    if pa.types.is_null(kind):
        return table.reject(np.ones(rows, dtype=bool), f"{column} is null"), np.zeros(
            rows, dtype=np.int64
        )
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise _type_error(table.name, column, "times of day (time values or 'HH:MM' text)", array)
    # a column of closing times holds a few distinct texts: each is parsed once
    position, distinct = _encoded(array)
    text = pc.utf8_trim_whitespace(compute.cast(distinct, pa.large_string()))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
    nulls = np.asarray(pc.is_null(text).to_numpy(zero_copy_only=False), dtype=bool)
    values = np.zeros(len(distinct), dtype=np.int64)
    parsed = np.zeros(len(distinct), dtype=bool)
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
            seconds = pc.fill_null(compute.cast(moment, pa.int64()), 0).to_numpy(
                zero_copy_only=False
            )
            values[new] = np.asarray(seconds, dtype=np.int64)[new] * 1_000_000
            parsed |= new
    values, parsed, nulls = values[position], parsed[position], nulls[position]
    table = _null_problem(table, column, nulls)
    table = table.reject(
        ~parsed & ~nulls,
        f"{column} {{{column}!r}} is not a time of day (expected HH:MM or HH:MM:SS)",
    )
    return table, values
