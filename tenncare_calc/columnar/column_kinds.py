"""The columns a batch input is read as: each column's kind, and how dates and identifiers parse.

A computation names the columns it reads (:class:`Column`: a name, a :class:`ColumnKind`, whether
the input must have it and whether a null is valid); :func:`~tenncare_calc.columnar.tables.read_table`
parses each column by its kind. Dates become Arrow ``date32`` day numbers since :data:`EPOCH`;
identifiers whole numbers or text. A value that cannot be parsed leaves a problem (a mask of the
rows and the reason) for the table to reject those rows with.

>>> Column("end_date", ColumnKind.DATE, nullable=True).required
True
>>> days_from_date(EPOCH), date_from_days(13879)
(0, datetime.date(2008, 1, 1))
"""

from __future__ import annotations

__all__ = [
    "EPOCH",
    "Column",
    "ColumnKind",
    "date_from_days",
    "days_from_date",
]

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.arrow_kernels import cast, compute
from tenncare_calc.columnar.column_batches import (
    arrow_numbers,
    blank_as_null,
    empty_cells,
    numpy_nulls,
    numpy_numbers,
    numpy_valid,
    trimmed_text,
)
from tenncare_calc.core.errors import InvalidInputError, require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]

#: Day 0 of the integer day numbers the columnar code works in (the Unix epoch, as Arrow's date32).
EPOCH = dt.date(1970, 1, 1)

_MICROS_PER_DAY = 86_400_000_000


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


def days_from_date(day: dt.date) -> int:
    """Return a date as its day number since 1970-01-01 (Arrow's ``date32``).

    >>> days_from_date(dt.date(2008, 1, 1))
    13879
    """
    return (day - EPOCH).days


def date_from_days(days: int) -> dt.date:
    """Return the date of a day number since 1970-01-01.

    >>> date_from_days(13879)
    datetime.date(2008, 1, 1)
    """
    return EPOCH + dt.timedelta(days=int(days))


# --------------------------------------------------------------------------------------------------
# Column specifications


class ColumnKind(enum.Enum):
    """What a column holds, which decides how it is parsed and which values reject a row."""

    #: An identifier such as ``member_id``: whole numbers or text. Null and empty text reject.
    ID = "id"
    #: A calendar date: date values, timestamps, or ``YYYY-MM-DD`` or ``M/D/YYYY`` text.
    DATE = "date"
    #: Any scalar kept as given (a plan name or number), e.g. to group results by.
    LABEL = "label"


@attrs.frozen
class Column:
    """One column a computation reads: its name, kind, and whether it may be absent or null."""

    name: str
    kind: ColumnKind
    #: The input must have this column (otherwise it is optional and may be absent).
    required: bool = True
    #: A null value is valid (such as an open end date); otherwise a null rejects the row.
    nullable: bool = False


# --------------------------------------------------------------------------------------------------
# Parsing each kind; returns (parsed array, [(mask, reason template)]) in check order


Problem = tuple["BoolArray", str]


def _mask(array: Any) -> BoolArray:  # noqa: ANN401 - a pyarrow boolean array
    """Return a pyarrow boolean array as a numpy bool array, null meaning False."""
    pc = compute
    result: BoolArray = pc.fill_null(array, fill_value=False).to_numpy(zero_copy_only=False)
    return result


def _plain(array: Any) -> Any:  # noqa: ANN401 - a pyarrow array
    pa = _pa()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_string_view(array.type):
        array = compute.cast(array, pa.large_string())
    return array


def _column_type_error(column: str, name: str, what: str, array: Any) -> InvalidInputError:  # noqa: ANN401
    return InvalidInputError(
        f"column {column!r} of {name!r} must hold {what} (got values of type {array.type})",
        field=column,
        value=str(array.type),
    )


def _parse_date(array: Any, column: str, name: str) -> tuple[Any, list[Problem]]:  # noqa: ANN401
    pa = _pa()
    array = _plain(array)
    kind = array.type
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.date32()), []
    if pa.types.is_date32(kind):
        return array, []
    if pa.types.is_date64(kind):
        return array.cast(pa.date32()), []
    if pa.types.is_timestamp(kind):
        if kind.tz is not None:
            array = compute.local_timestamp(array)
        return array.cast(pa.date32()), []
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # spaces around a date dropped, and an empty cell null, each only where a cell needs it
        text = blank_as_null(trimmed_text(compute.cast(array, pa.large_string())))
        parsed, unparseable = _text_dates(text)
        reason = f"{column} {{{column}!r}} is not a date (expected YYYY-MM-DD or M/D/YYYY)"
        return parsed, [(unparseable, reason)] if unparseable.any() else []
    raise _column_type_error(
        column, name, "dates (date, timestamp, or 'YYYY-MM-DD' or 'M/D/YYYY' text)", array
    )


def _text_dates(text: Any) -> tuple[Any, BoolArray]:  # noqa: ANN401 - pyarrow large_string
    """Return ``YYYY-MM-DD`` or ``M/D/YYYY`` text as date32 (null where not a date), and the cells that are not.

    The cells :func:`~tenncare_calc.columnar.iso_moments.iso_moments` reads as a date alone are
    read from their bytes; the others go through ``strptime``, which rolls impossible days over
    (2008-02-30 -> 2008-03-01) and accepts unpadded fields, so a round trip through the canonical
    text rejects both: the same cells are dates either way. The cells still unread may be US
    dates, month first (ruling IN1): both read as the CSV reader reads them
    (:func:`~tenncare_calc.columnar.text_dates.iso_or_us_days`).
    """
    from tenncare_calc.columnar.column_batches import numpy_valid  # noqa: PLC0415 - a sibling
    from tenncare_calc.columnar.iso_moments import iso_moments  # noqa: PLC0415 - a sibling
    from tenncare_calc.columnar.text_dates import iso_or_us_days  # noqa: PLC0415 - a sibling

    np = require("numpy", extra="data", purpose="reading batch check inputs")
    pa = _pa()
    read, micros, timed = iso_moments(text)
    read &= ~timed
    days = (micros // _MICROS_PER_DAY).astype(np.int32)
    unparseable = numpy_valid(text) & ~read
    if unparseable.any():
        rest = np.flatnonzero(unparseable)
        rest_days, dates = iso_or_us_days(compute.take(text, pa.array(rest)))
        found = rest[dates]
        days[found] = rest_days[dates]
        read[found] = True
        unparseable[found] = False
    return compute.cast(arrow_numbers(days, pa.int32(), valid=read), pa.date32()), unparseable


def _parse_id(array: Any, column: str, name: str) -> tuple[Any, list[Problem]]:  # noqa: ANN401
    pa = _pa()
    array = _plain(array)
    kind = array.type
    problems: list[Problem] = []
    if pa.types.is_null(kind):
        return pa.nulls(len(array), pa.int64()), []
    if pa.types.is_integer(kind):
        if kind == pa.int64():
            return array, []
        try:
            return cast(array, pa.int64()), []
        except pa.ArrowInvalid:  # a uint64 identifier past int64's largest
            np = require("numpy", extra="data", purpose="reading batch input tables")
            values = numpy_numbers(array, np.uint64)
            largest = int(np.max(values, where=numpy_valid(array), initial=0))
            raise InvalidInputError(
                f"column {column!r} of {name!r}: identifier {largest} is larger than a 64-bit "
                "whole number holds; give the identifiers as text",
                field=column,
                value=largest,
            ) from None
    if pa.types.is_floating(kind):
        pc = compute
        whole = pc.and_(pc.is_finite(array), pc.equal(array, pc.floor(array)))
        bad = _mask(pc.and_(pc.is_valid(array), pc.invert(whole)))
        if bad.any():
            problems.append((bad, f"{column} {{{column}!s}} is not a whole number"))
            array = pc.if_else(pa.array(bad), pa.scalar(None, kind), array)
        return array.cast(pa.int64()), problems
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        # empty or only whitespace (a null is not: it is null), read from the text's bytes
        empty = empty_cells(array) & ~numpy_nulls(array)
        if empty.any():
            problems.append((empty, f"{column} is empty"))
        return array, problems
    raise _column_type_error(column, name, "identifiers (whole numbers or text)", array)


def _parse(array: Any, spec: Column, name: str) -> tuple[Any, list[Problem]]:  # noqa: ANN401
    if spec.kind is ColumnKind.DATE:
        parsed, problems = _parse_date(array, spec.name, name)
    elif spec.kind is ColumnKind.ID:
        parsed, problems = _parse_id(array, spec.name, name)
    else:
        parsed, problems = _plain(array), []
    if not spec.nullable and parsed.null_count:
        # A value that failed to parse is null now too, but its own reason comes first. Empty text
        # in a date column counts as null.
        problems.append((numpy_nulls(parsed), f"{spec.name} is null"))
    return parsed, problems
